//! Reference rates of the statutory interest schemes (SPEC 6): the rate of
//! each half-year (1 January – 30 June, 1 July – 31 December) for `eu` (the
//! ECB main refinancing operations rate in force on the half-year's first
//! day), `de` (the Basiszinssatz of § 247 BGB) and `uk` (the Bank of England
//! base rate on the preceding 31 December or 30 June). A table of published
//! rates, each with its source, is built in; config entries add or correct
//! half-years. A day outside the known half-years takes the nearest known
//! rate, and the lookup says so, so that `check` can ask for the entry.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};

use crate::values::{ParseError, Percent, RateScheme};

/// The reference rate of one half-year, as config `[[reference_rates]]`
/// gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferenceRate {
    pub scheme: RateScheme,
    /// The half-year's first day: 1 January or 1 July.
    pub from: NaiveDate,
    /// The reference rate for that half-year; it may be negative.
    pub rate: Percent,
}

impl ReferenceRate {
    /// A reference rate; refused unless `from` is 1 January or 1 July.
    pub fn new(scheme: RateScheme, from: NaiveDate, rate: Percent) -> Result<ReferenceRate, ParseError> {
        if half_year_start(from) == from {
            Ok(ReferenceRate { scheme, from, rate })
        } else {
            Err(ParseError::new(format!(
                "expected the first day of a half-year, e.g. {}",
                half_year_start(from)
            )))
        }
    }

    /// Parses a reference rate such as `1.27%` or `-0.88%` (at most four
    /// decimals, at most 1000% either way).
    pub fn parse_rate(s: &str) -> Result<Percent, ParseError> {
        let t = s.trim();
        let (negative, magnitude) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        match magnitude.parse::<Percent>() {
            Ok(p) if negative => Ok(Percent(-p.units())),
            Ok(p) => Ok(p),
            Err(_) => Err(ParseError::new("expected a percentage, possibly negative, e.g. 1.27% or -0.88%")),
        }
    }
}

/// The first day of the half-year `day` falls in.
pub fn half_year_start(day: NaiveDate) -> NaiveDate {
    let month = if day.month() <= 6 { 1 } else { 7 };
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

/// The reference rate used for a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateOfDay {
    pub rate: Percent,
    /// The first day of the half-year whose rate this is.
    pub from: NaiveDate,
    /// False when the day's half-year is not known and the nearest known
    /// half-year's rate stands in.
    pub known: bool,
}

/// The built-in table merged with config entries (config wins).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceRates {
    /// Sorted by scheme, then half-year; one entry per half-year.
    entries: Vec<ReferenceRate>,
}

impl ReferenceRates {
    /// The built-in table alone.
    pub fn builtin() -> &'static ReferenceRates {
        static BUILTIN: OnceLock<ReferenceRates> = OnceLock::new();
        BUILTIN.get_or_init(|| ReferenceRates::with_overrides(&[]))
    }

    /// The built-in table, with `overrides` adding or replacing half-years.
    pub fn with_overrides(overrides: &[ReferenceRate]) -> ReferenceRates {
        let mut entries: Vec<ReferenceRate> = PUBLISHED
            .iter()
            .filter_map(|p| {
                let from = NaiveDate::from_ymd_opt(p.year, p.month, 1)?;
                Some(ReferenceRate { scheme: p.scheme, from, rate: Percent(p.hundredths * 100) })
            })
            .collect();
        for o in overrides {
            entries.retain(|e| (e.scheme, e.from) != (o.scheme, half_year_start(o.from)));
            entries.push(ReferenceRate { from: half_year_start(o.from), ..*o });
        }
        entries.sort_by_key(|e| (e.scheme, e.from));
        ReferenceRates { entries }
    }

    /// The reference rate of `scheme` for `day`: that of its half-year, or
    /// the nearest known one (the earlier on a tie) with `known` false.
    pub fn on(&self, scheme: RateScheme, day: NaiveDate) -> RateOfDay {
        let start = half_year_start(day);
        let of_scheme = self.entries.iter().filter(|e| e.scheme == scheme);
        if let Some(e) = of_scheme.clone().find(|e| e.from == start) {
            return RateOfDay { rate: e.rate, from: e.from, known: true };
        }
        // The built-in table holds every scheme, so there always is a nearest.
        of_scheme.min_by_key(|e| ((e.from - start).num_days().abs(), e.from)).map_or(
            RateOfDay { rate: Percent(0), from: start, known: false },
            |e| RateOfDay { rate: e.rate, from: e.from, known: false },
        )
    }
}

/// The publication the built-in rate of `scheme` for the half-year starting
/// `from` comes from; `None` outside the built-in table.
pub fn builtin_source(scheme: RateScheme, from: NaiveDate) -> Option<&'static str> {
    PUBLISHED
        .iter()
        .find(|p| p.scheme == scheme && NaiveDate::from_ymd_opt(p.year, p.month, 1) == Some(from))
        .map(|p| p.source)
}

/// A published reference rate of the built-in table.
struct Published {
    scheme: RateScheme,
    year: i32,
    /// 1 or 7.
    month: u32,
    /// The rate in hundredths of a percent (`-88` is -0.88%).
    hundredths: i64,
    source: &'static str,
}

const fn eu(year: i32, month: u32, hundredths: i64, source: &'static str) -> Published {
    Published { scheme: RateScheme::Eu, year, month, hundredths, source }
}

const fn de(year: i32, month: u32, hundredths: i64, source: &'static str) -> Published {
    Published { scheme: RateScheme::De, year, month, hundredths, source }
}

const fn uk(year: i32, month: u32, hundredths: i64, source: &'static str) -> Published {
    Published { scheme: RateScheme::Uk, year, month, hundredths, source }
}

const ECB: &str = "ECB press release, key ECB interest rates: main refinancing operations";
const BUBA: &str = "Deutsche Bundesbank, Basiszinssatz nach § 247 BGB (Bundesanzeiger announcement)";
const BOE: &str = "Bank of England, Bank Rate history: rate in force on the preceding 31 Dec / 30 Jun";

/// Published rates, 2013 to the latest verified half-year. Each source names
/// the decision that set the rate in force. Not yet verified, so left out:
/// `eu` and `de` from 2026-07-01 (add them with `[[reference_rates]]`).
#[rustfmt::skip]
const PUBLISHED: &[Published] = &[
    // ECB main refinancing operations rate in force on the half-year's first day.
    eu(2013, 1, 75, ECB),   // 0.75% with effect from 2012-07-11
    eu(2013, 7, 50, ECB),   // 0.50% from 2013-05-08
    eu(2014, 1, 25, ECB),   // 0.25% from 2013-11-13
    eu(2014, 7, 15, ECB),   // 0.15% from 2014-06-11
    eu(2015, 1, 5, ECB),    // 0.05% from 2014-09-10
    eu(2015, 7, 5, ECB),
    eu(2016, 1, 5, ECB),
    eu(2016, 7, 0, ECB),    // 0.00% from 2016-03-16
    eu(2017, 1, 0, ECB),
    eu(2017, 7, 0, ECB),
    eu(2018, 1, 0, ECB),
    eu(2018, 7, 0, ECB),
    eu(2019, 1, 0, ECB),
    eu(2019, 7, 0, ECB),
    eu(2020, 1, 0, ECB),
    eu(2020, 7, 0, ECB),
    eu(2021, 1, 0, ECB),
    eu(2021, 7, 0, ECB),
    eu(2022, 1, 0, ECB),
    eu(2022, 7, 0, ECB),    // raised to 0.50% only from 2022-07-27
    eu(2023, 1, 250, ECB),  // 2.50% from 2022-12-21
    eu(2023, 7, 400, ECB),  // 4.00% from 2023-06-21
    eu(2024, 1, 450, ECB),  // 4.50% from 2023-09-20
    eu(2024, 7, 425, ECB),  // 4.25% from 2024-06-12
    eu(2025, 1, 315, ECB),  // 3.15% from 2024-12-18
    eu(2025, 7, 215, ECB),  // 2.15% from 2025-06-11
    eu(2026, 1, 215, ECB),  // unchanged: 2.15% at the operation of 2025-12-22
    // Basiszinssatz, as announced by the Deutsche Bundesbank for each 1 January / 1 July.
    de(2013, 1, -13, BUBA),
    de(2013, 7, -38, BUBA),
    de(2014, 1, -63, BUBA),
    de(2014, 7, -73, BUBA),
    de(2015, 1, -83, BUBA),
    de(2015, 7, -83, BUBA),
    de(2016, 1, -83, BUBA),
    de(2016, 7, -88, BUBA),
    de(2017, 1, -88, BUBA),
    de(2017, 7, -88, BUBA),
    de(2018, 1, -88, BUBA),
    de(2018, 7, -88, BUBA),
    de(2019, 1, -88, BUBA),
    de(2019, 7, -88, BUBA),
    de(2020, 1, -88, BUBA),
    de(2020, 7, -88, BUBA),
    de(2021, 1, -88, BUBA),
    de(2021, 7, -88, BUBA),
    de(2022, 1, -88, BUBA),
    de(2022, 7, -88, BUBA),
    de(2023, 1, 162, BUBA),
    de(2023, 7, 312, BUBA),
    de(2024, 1, 362, BUBA),
    de(2024, 7, 337, BUBA),
    de(2025, 1, 227, BUBA),
    de(2025, 7, 127, BUBA),
    de(2026, 1, 127, BUBA),
    // Bank of England Bank Rate on 31 December / 30 June before the half-year.
    uk(2013, 1, 50, BOE),   // 0.5% since 2009-03-05
    uk(2013, 7, 50, BOE),
    uk(2014, 1, 50, BOE),
    uk(2014, 7, 50, BOE),
    uk(2015, 1, 50, BOE),
    uk(2015, 7, 50, BOE),
    uk(2016, 1, 50, BOE),
    uk(2016, 7, 50, BOE),   // cut to 0.25% only on 2016-08-04
    uk(2017, 1, 25, BOE),
    uk(2017, 7, 25, BOE),
    uk(2018, 1, 50, BOE),   // 0.5% from 2017-11-02
    uk(2018, 7, 50, BOE),
    uk(2019, 1, 75, BOE),   // 0.75% from 2018-08-02
    uk(2019, 7, 75, BOE),
    uk(2020, 1, 75, BOE),
    uk(2020, 7, 10, BOE),   // 0.25% from 2020-03-11, 0.1% from 2020-03-19
    uk(2021, 1, 10, BOE),
    uk(2021, 7, 10, BOE),
    uk(2022, 1, 25, BOE),   // 0.25% from 2021-12-16
    uk(2022, 7, 125, BOE),  // 1.25% from 2022-06-16
    uk(2023, 1, 350, BOE),  // 3.5% from 2022-12-15
    uk(2023, 7, 500, BOE),  // 5% from 2023-06-22
    uk(2024, 1, 525, BOE),  // 5.25% from 2023-08-03
    uk(2024, 7, 525, BOE),  // first cut, to 5%, on 2024-08-01
    uk(2025, 1, 475, BOE),  // 4.75% from 2024-11-07, held 2024-12-19
    uk(2025, 7, 425, BOE),  // 4.25% from 2025-05-08, held 2025-06-19
    uk(2026, 1, 375, BOE),  // 3.75% from 2025-12-18
    uk(2026, 7, 375, BOE),  // held at 3.75% on 2026-06-18
];

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_table_has_one_entry_per_half_year_from_2013_without_gaps() {
        for scheme in [RateScheme::Eu, RateScheme::De, RateScheme::Uk] {
            let rows: Vec<&Published> = PUBLISHED.iter().filter(|p| p.scheme == scheme).collect();
            assert_eq!((rows[0].year, rows[0].month), (2013, 1), "{scheme}");
            for pair in rows.windows(2) {
                let next = if pair[0].month == 1 { (pair[0].year, 7) } else { (pair[0].year + 1, 1) };
                assert_eq!((pair[1].year, pair[1].month), next, "{scheme}");
            }
            assert!(rows.iter().all(|p| !p.source.is_empty()));
            assert!(builtin_source(scheme, d("2013-01-01")).is_some());
        }
        // The Basiszinssatz moves with the ECB rate: since 2016-07 it is 0.88 below it.
        let rates = ReferenceRates::builtin();
        let mut day = d("2016-07-01");
        while day <= d("2026-01-01") {
            let eu = rates.on(RateScheme::Eu, day).rate.units();
            let de = rates.on(RateScheme::De, day).rate.units();
            assert_eq!(eu - de, 8_800, "{day}");
            day = day.checked_add_months(chrono::Months::new(6)).unwrap();
        }
    }

    #[test]
    fn a_day_takes_its_half_years_rate() {
        let rates = ReferenceRates::builtin();
        let r = rates.on(RateScheme::De, d("2025-06-30"));
        assert_eq!(r, RateOfDay { rate: Percent(22_700), from: d("2025-01-01"), known: true });
        assert_eq!(rates.on(RateScheme::De, d("2025-07-01")).rate, Percent(12_700));
        assert_eq!(rates.on(RateScheme::De, d("2020-03-15")).rate, Percent(-8_800));
        assert_eq!(rates.on(RateScheme::Uk, d("2023-12-31")).rate, Percent(50_000));
    }

    #[test]
    fn a_day_outside_the_table_takes_the_nearest_and_says_so() {
        let rates = ReferenceRates::builtin();
        let after = rates.on(RateScheme::De, d("2026-11-10"));
        assert_eq!(after, RateOfDay { rate: Percent(12_700), from: d("2026-01-01"), known: false });
        let before = rates.on(RateScheme::Eu, d("2010-05-01"));
        assert_eq!(before, RateOfDay { rate: Percent(7_500), from: d("2013-01-01"), known: false });
    }

    #[test]
    fn config_entries_add_and_correct_half_years() {
        let add = ReferenceRate::new(RateScheme::De, d("2026-07-01"), Percent(15_200)).unwrap();
        let fix = ReferenceRate::new(RateScheme::Uk, d("2026-01-01"), Percent(40_000)).unwrap();
        let rates = ReferenceRates::with_overrides(&[add, fix]);
        let r = rates.on(RateScheme::De, d("2026-11-10"));
        assert_eq!(r, RateOfDay { rate: Percent(15_200), from: d("2026-07-01"), known: true });
        assert_eq!(rates.on(RateScheme::Uk, d("2026-02-01")).rate, Percent(40_000));
        // A gap between the table and a later entry: the nearer side, the earlier on a tie.
        let far = ReferenceRate::new(RateScheme::Eu, d("2028-01-01"), Percent(30_000)).unwrap();
        let rates = ReferenceRates::with_overrides(&[far]);
        assert_eq!(rates.on(RateScheme::Eu, d("2026-08-01")).from, d("2026-01-01"));
        assert_eq!(rates.on(RateScheme::Eu, d("2027-01-01")).from, d("2026-01-01"));
        assert_eq!(rates.on(RateScheme::Eu, d("2027-07-01")).from, d("2028-01-01"));
    }

    #[test]
    fn config_entries_start_a_half_year_and_may_be_negative() {
        assert!(ReferenceRate::new(RateScheme::De, d("2026-07-02"), Percent(0)).is_err());
        assert!(ReferenceRate::new(RateScheme::De, d("2026-01-01"), Percent(-8_800)).is_ok());
        assert_eq!(ReferenceRate::parse_rate("-0.88%"), Ok(Percent(-8_800)));
        assert_eq!(ReferenceRate::parse_rate(" 1.27% "), Ok(Percent(12_700)));
        for bad in ["1.27", "--1%", "+1%", "", "1.234567%"] {
            assert!(ReferenceRate::parse_rate(bad).is_err(), "{bad:?}");
        }
    }
}
