//! Statutory late-payment interest (SPEC 6): the rate a scheme charges on a
//! day (its reference rate for that half-year plus its points), the fixed
//! compensation it adds as the late fee when no late-fee rule is in force,
//! and both in plain words for sheets, letters and notices. Amounts are in
//! the invoice currency's minor unit.

use std::fmt;

use chrono::NaiveDate;

use super::reference_rates::{RateOfDay, ReferenceRates};
use crate::values::{Currency, Interest, Money, Numbers, Percent, Rate, RatePeriod, Statutory};

/// The statutory rate of a scheme in force on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatutoryRate {
    pub scheme: Statutory,
    /// The reference rate used (see [`RateOfDay::known`]).
    pub reference: RateOfDay,
}

impl StatutoryRate {
    /// The rate of `scheme` on `day`.
    pub fn on(scheme: Statutory, day: NaiveDate, rates: &ReferenceRates) -> StatutoryRate {
        StatutoryRate { scheme, reference: rates.on(scheme.reference(), day) }
    }

    /// The annual rate: the reference rate plus the points, whatever the
    /// reference rate's sign.
    pub fn annual(self) -> Percent {
        Percent(self.reference.rate.units() + i64::from(self.scheme.points()) * Percent::UNITS_PER_PERCENT)
    }
}

/// `2.27% + 9 points = 11.27%`.
impl fmt::Display for StatutoryRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} + {} points = {}", self.reference.rate, self.scheme.points(), self.annual())
    }
}

/// The rate an interest rule charges on `day` as a fixed rate: a fixed
/// rule itself; a statutory one its annual rate in force that day (not
/// below zero), per year. For a typical month's interest in a notice or
/// words on a sheet; the standing itself follows the rate day by day.
pub fn rate_on(interest: Interest, day: NaiveDate, rates: &ReferenceRates) -> Rate {
    match interest {
        Interest::Rate(r) => r,
        Interest::Statutory(s) => {
            let percent = Percent(StatutoryRate::on(s, day, rates).annual().units().max(0));
            Rate { percent, per: RatePeriod::Year }
        }
    }
}

/// The scheme in plain words: what the law is and how its rate is made up.
pub fn scheme_words(scheme: Statutory) -> &'static str {
    match scheme {
        Statutory::Eu => {
            "statutory interest under Directive 2011/7/EU: the ECB main refinancing rate + 8 points"
        }
        Statutory::De => "statutory interest under § 288 (2) BGB: the Basiszinssatz + 9 points",
        Statutory::DeConsumer => "statutory interest under § 288 (1) BGB: the Basiszinssatz + 5 points",
        Statutory::Uk => {
            "statutory interest under the Late Payment of Commercial Debts (Interest) Act 1998: \
             the Bank of England base rate + 8 points"
        }
    }
}

/// The EU and German compensation, in whole euros (Directive 2011/7/EU
/// Art. 6, § 288 (5) BGB).
const EUR_FEE: i64 = 40;
/// The UK debt thresholds and the compensation below, between and above
/// them, in whole pounds (Late Payment of Commercial Debts (Interest) Act
/// 1998, s. 5A).
const UK_THRESHOLDS: [i64; 2] = [1_000, 10_000];
const UK_FEES: [i64; 3] = [40, 70, 100];

/// The fixed compensation a scheme adds as the late fee when the late-fee
/// rule in force is none: `statutory-eu` and `statutory-de` EUR 40 on EUR
/// invoices; `statutory-uk` GBP 40 / 70 / 100 on GBP invoices whose
/// `balance` on the first overdue day is under 1,000 / under 10,000 / more;
/// nothing for `statutory-de-consumer` (§ 288 (5) BGB is for businesses
/// only) or another currency. In the currency's minor unit.
pub fn compensation(scheme: Statutory, currency: Currency, balance: Money) -> Money {
    let under = |whole| balance < currency.whole(whole);
    let whole = match scheme {
        Statutory::Eu | Statutory::De if currency == Currency::EUR => EUR_FEE,
        Statutory::Uk if currency == Currency::GBP => match UK_THRESHOLDS {
            [low, _] if under(low) => UK_FEES[0],
            [_, high] if under(high) => UK_FEES[1],
            _ => UK_FEES[2],
        },
        _ => return Money::ZERO,
    };
    currency.whole(whole)
}

/// The compensation of [`compensation`] in words, or `None` where the
/// scheme adds none for this currency.
pub fn compensation_words(scheme: Statutory, currency: Currency, numbers: Numbers) -> Option<String> {
    if compensation(scheme, currency, Money::ZERO) == Money::ZERO {
        return None;
    }
    let money = |whole| currency.amount(currency.whole(whole)).text(numbers);
    Some(match scheme {
        Statutory::Uk => format!(
            "a fixed compensation of {}, {} or {} for a debt under {}, under {} or more",
            money(UK_FEES[0]),
            money(UK_FEES[1]),
            money(UK_FEES[2]),
            money(UK_THRESHOLDS[0]),
            money(UK_THRESHOLDS[1])
        ),
        _ => format!("a fixed compensation of {}", money(EUR_FEE)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::reference_rates::ReferenceRate;
    use crate::values::RateScheme;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    #[test]
    fn the_rate_in_force_in_plain_figures() {
        let rates = ReferenceRates::builtin();
        let de = StatutoryRate::on(Statutory::De, d("2025-03-01"), rates);
        assert_eq!(de.to_string(), "2.27% + 9 points = 11.27%");
        assert!(de.reference.known);
        // A negative Basiszinssatz: the points are added whatever its sign.
        let negative = StatutoryRate::on(Statutory::DeConsumer, d("2020-03-01"), rates);
        assert_eq!(negative.to_string(), "-0.88% + 5 points = 4.12%");
        assert_eq!(negative.annual(), Percent(41_200));
        let uk = StatutoryRate::on(Statutory::Uk, d("2024-02-01"), rates);
        assert_eq!(uk.to_string(), "5.25% + 8 points = 13.25%");
        let eu = StatutoryRate::on(Statutory::Eu, d("2019-09-01"), rates);
        assert_eq!(eu.to_string(), "0% + 8 points = 8%");
        // Past the table: the nearest known rate, flagged as not known.
        let later = StatutoryRate::on(Statutory::De, d("2026-09-01"), rates);
        assert_eq!(later.to_string(), "1.27% + 9 points = 10.27%");
        assert!(!later.reference.known);
        let set = ReferenceRate::new(RateScheme::De, d("2026-07-01"), Percent(15_200)).unwrap();
        let with = StatutoryRate::on(Statutory::De, d("2026-09-01"), &ReferenceRates::with_overrides(&[set]));
        assert_eq!(with.to_string(), "1.52% + 9 points = 10.52%");
        assert!(scheme_words(Statutory::De).contains("§ 288 (2) BGB"));
        let fixed: Interest = "1.5%/month".parse().unwrap();
        assert_eq!(rate_on(fixed, d("2025-03-01"), rates), "1.5%/month".parse().unwrap());
        let statutory = Interest::Statutory(Statutory::De);
        assert_eq!(rate_on(statutory, d("2025-03-01"), rates).to_string(), "11.27%/year");
    }

    #[test]
    fn uk_compensation_by_the_size_of_the_debt() {
        let uk = |balance: &str| compensation(Statutory::Uk, Currency::GBP, m(balance));
        assert_eq!(uk("999.99"), m("40"));
        assert_eq!(uk("1000.00"), m("70"));
        assert_eq!(uk("9999.99"), m("70"));
        assert_eq!(uk("10000.00"), m("100"));
        assert_eq!(uk("250000"), m("100"));
        assert_eq!(compensation(Statutory::Uk, Currency::EUR, m("500")), Money::ZERO);
    }

    #[test]
    fn eu_and_de_compensation_on_euro_invoices_only_and_none_for_consumers() {
        assert_eq!(compensation(Statutory::De, Currency::EUR, m("10")), m("40"));
        assert_eq!(compensation(Statutory::Eu, Currency::EUR, m("1000000")), m("40"));
        assert_eq!(compensation(Statutory::DeConsumer, Currency::EUR, m("1000")), Money::ZERO);
        assert_eq!(compensation(Statutory::De, Currency::GBP, m("1000")), Money::ZERO);
        assert_eq!(compensation(Statutory::Eu, Currency::USD, m("1000")), Money::ZERO);
        // In the currency's minor unit: EUR has two decimals.
        assert_eq!(compensation(Statutory::De, Currency::EUR, m("1")).minor(), 4_000);
    }

    #[test]
    fn compensation_in_words() {
        assert_eq!(
            compensation_words(Statutory::De, Currency::EUR, Numbers::Comma).as_deref(),
            Some("a fixed compensation of EUR 40.00")
        );
        assert_eq!(
            compensation_words(Statutory::Uk, Currency::GBP, Numbers::Comma).as_deref(),
            Some("a fixed compensation of GBP 40.00, GBP 70.00 or GBP 100.00 for a debt under GBP 1,000.00, under GBP 10,000.00 or more")
        );
        assert_eq!(compensation_words(Statutory::DeConsumer, Currency::EUR, Numbers::Comma), None);
        assert_eq!(compensation_words(Statutory::Uk, Currency::EUR, Numbers::Comma), None);
    }
}
