//! MONEY, percentages, FEE, RATE and the interest rule (SPEC sections 3 and
//! 6, statutory schemes included): amounts are integer
//! cents and percentages integer ten-thousandths of a percent, so no floating
//! point is ever involved. `Display` gives the canonical form of SPEC
//! section 5 (`1500.00`, `5%`, `25.00`, `1.5%/month`), which parses back to
//! the same value.

use std::fmt;
use std::str::FromStr;

use super::ParseError;

const MONEY_HINT: &str = "expected an amount like 1500, 1500.50 or 1,500.50";
const MONEY_TOO_BIG: &str = "expected an amount below 100,000,000,000.00, e.g. 1,500.50";
const PERCENT_HINT: &str =
    "expected a percentage from 0% to 1000% with at most four decimals, e.g. 5% or 1.5%";
const FEE_HINT: &str = "expected an amount or a percentage, e.g. 25.00 or 5%";
const RATE_HINT: &str = "expected a percentage per month or year, e.g. 1.5%/month or 18%/year";
const INTEREST_HINT: &str = "expected a percentage per month or year, e.g. 1.5%/month or 18%/year, \
     or statutory-eu, statutory-de, statutory-de-consumer or statutory-uk";

/// An amount of money in integer cents (hundredths of the currency unit).
///
/// Parsed from `1500`, `1500.5`, `1,500.50` or `0.07`: never negative, at most
/// two decimals, commas only as thousands separators in groups of three, and
/// below 100,000,000,000.00. Displayed as `1500.00` (no separators; see
/// [`Money::grouped`] for `1,500.00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

impl Money {
    /// Nothing: `0.00`.
    pub const ZERO: Money = Money(0);

    /// The exclusive upper bound of a parsed amount, in cents
    /// (100,000,000,000.00).
    pub const PARSE_LIMIT: i64 = 10_000_000_000_000;

    /// The amount of the given number of cents.
    pub const fn from_cents(cents: i64) -> Money {
        Money(cents)
    }

    /// The amount in cents.
    pub const fn cents(self) -> i64 {
        self.0
    }

    /// The amount with thousands separators: `1,500.00`, `-1,500.00`.
    pub fn grouped(self) -> String {
        let abs = self.0.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{grouped}.{:02}", abs % 100)
    }
}

/// The digits of an integer part written either plainly (`1500`) or with
/// thousands separators (`1,500`), without the commas; `None` when malformed.
fn integer_digits(s: &str) -> Option<impl Iterator<Item = u8> + '_> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    if s.contains(',') {
        let mut groups = s.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || first.starts_with('0') {
            return None;
        }
        if !groups.all(|g| g.len() == 3) {
            return None;
        }
    }
    Some(s.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0'))
}

/// Whether `s` is one or more ASCII digits.
fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A decimal number `INT[.FRAC]` (FRAC of one to `decimals` digits, INT
/// plain or with thousands separators when `grouping`), scaled by
/// `10^decimals`. `Ok(None)` when malformed, `Err(())` when over `limit`.
fn parse_decimal(s: &str, decimals: u32, grouping: bool, limit: i64) -> Result<Option<i64>, ()> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if !grouping && int.contains(',') {
        return Ok(None);
    }
    let Some(digits) = integer_digits(int) else {
        return Ok(None);
    };
    let scale = 10_i64.pow(decimals);
    let frac_value = match frac {
        None => 0,
        Some(f) if all_digits(f) && f.len() <= decimals as usize => {
            let mut v: i64 = 0;
            for b in f.bytes() {
                v = v * 10 + i64::from(b - b'0');
            }
            v * 10_i64.pow(decimals - f.len() as u32)
        }
        Some(_) => return Ok(None),
    };
    let mut whole: i64 = 0;
    for d in digits {
        whole = whole.checked_mul(10).and_then(|w| w.checked_add(i64::from(d))).ok_or(())?;
    }
    let value = whole.checked_mul(scale).and_then(|v| v.checked_add(frac_value)).ok_or(())?;
    if value > limit {
        return Err(());
    }
    Ok(Some(value))
}

impl FromStr for Money {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match parse_decimal(s.trim(), 2, true, Money::PARSE_LIMIT - 1) {
            Ok(Some(cents)) => Ok(Money(cents)),
            Ok(None) => Err(ParseError::new(MONEY_HINT)),
            Err(()) => Err(ParseError::new(MONEY_TOO_BIG)),
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.unsigned_abs();
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// A percentage in units of 1/10,000 of a percent: `5%` is `Percent(50_000)`,
/// `1.5%` is `Percent(15_000)`, `0.0001%` is `Percent(1)`.
///
/// Parsed from `5%`, `1.5%`, `12.3456%` (the `%` is required): at most four
/// decimals, from 0% to 1000%. Displayed without trailing zeros (`1.5%`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(pub i64);

impl Percent {
    /// Units in one percent.
    pub const UNITS_PER_PERCENT: i64 = 10_000;

    /// Units in a whole (100%).
    pub const UNITS_PER_WHOLE: i64 = 1_000_000;

    /// The largest percentage the parser accepts: 1000%.
    pub const MAX: Percent = Percent(1000 * Self::UNITS_PER_PERCENT);

    /// The percentage in units of 1/10,000 of a percent.
    pub const fn units(self) -> i64 {
        self.0
    }

    /// This percentage of an amount, rounded once to the cent, half away from
    /// zero: `5%` of `1500.00` is `75.00`.
    pub fn of(self, amount: Money) -> Money {
        let product = i128::from(amount.0) * i128::from(self.0);
        let whole = i128::from(Self::UNITS_PER_WHOLE);
        let half = whole / 2;
        let rounded = if product >= 0 { (product + half) / whole } else { (product - half) / whole };
        Money(i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN }))
    }
}

/// `Ok(Some(units))` for `NUMBER%`, `Ok(None)` when malformed, `Err(())`
/// when over 1000%.
fn parse_percent(s: &str) -> Result<Option<Percent>, ()> {
    let Some(number) = s.strip_suffix('%') else {
        return Ok(None);
    };
    Ok(parse_decimal(number, 4, false, Percent::MAX.0)?.map(Percent))
}

impl FromStr for Percent {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match parse_percent(s.trim()) {
            Ok(Some(p)) => Ok(p),
            _ => Err(ParseError::new(PERCENT_HINT)),
        }
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.unsigned_abs();
        let sign = if self.0 < 0 { "-" } else { "" };
        let unit = Self::UNITS_PER_PERCENT.unsigned_abs();
        let (whole, frac) = (abs / unit, abs % unit);
        if frac == 0 {
            write!(f, "{sign}{whole}%")
        } else {
            let digits = format!("{frac:04}");
            write!(f, "{sign}{whole}.{}%", digits.trim_end_matches('0'))
        }
    }
}

/// A FEE: a flat amount (in the client's currency) or a percentage (of the
/// balance, or of the normal cost for a rush fee).
///
/// Parsed from `25`, `25.00`, `1,000` (flat) or `5%`; displayed canonically
/// as `25.00` or `5%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fee {
    /// A fixed amount.
    Flat(Money),
    /// A share of some amount.
    Percent(Percent),
}

impl Fee {
    /// The fee on the given amount: the flat amount itself, or the percentage
    /// of `base` rounded half away from zero to the cent.
    pub fn on(self, base: Money) -> Money {
        match self {
            Fee::Flat(m) => m,
            Fee::Percent(p) => p.of(base),
        }
    }
}

impl FromStr for Fee {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.ends_with('%') { t.parse().map(Fee::Percent) } else { t.parse().map(Fee::Flat) }
            .map_err(|_| ParseError::new(FEE_HINT))
    }
}

impl fmt::Display for Fee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fee::Flat(m) => m.fmt(f),
            Fee::Percent(p) => p.fmt(f),
        }
    }
}

/// The period of a [`Rate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RatePeriod {
    /// Per month: 1/12 of a year.
    Month,
    /// Per year.
    Year,
}

impl RatePeriod {
    /// `month` or `year`.
    pub fn as_str(self) -> &'static str {
        match self {
            RatePeriod::Month => "month",
            RatePeriod::Year => "year",
        }
    }
}

impl fmt::Display for RatePeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An interest RATE: `1.5%/month` or `18%/year`.
///
/// Parsed case-insensitively, with optional spaces around the `/`; the
/// percentage has at most four decimals and is at most 1000%. Displayed as
/// `1.5%/month`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rate {
    /// The percentage per period.
    pub percent: Percent,
    /// The period.
    pub per: RatePeriod,
}

impl Rate {
    /// The annual rate: a monthly rate times 12, a yearly rate as is
    /// (`1.5%/month` gives `18%`).
    pub fn annual(self) -> Percent {
        match self.per {
            RatePeriod::Month => Percent(self.percent.0.saturating_mul(12)),
            RatePeriod::Year => self.percent,
        }
    }
}

impl FromStr for Rate {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let hint = || ParseError::new(RATE_HINT);
        let (pct, period) = s.trim().split_once('/').ok_or_else(hint)?;
        let per = match period.trim().to_ascii_lowercase().as_str() {
            "month" => RatePeriod::Month,
            "year" => RatePeriod::Year,
            _ => return Err(hint()),
        };
        match parse_percent(pct.trim()) {
            Ok(Some(percent)) => Ok(Rate { percent, per }),
            _ => Err(hint()),
        }
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.percent, self.per)
    }
}

/// The reference rate a statutory interest scheme adds its points to
/// (SPEC 6), as named by config `[[reference_rates]]`: `eu` (the ECB main
/// refinancing operations rate), `de` (the Basiszinssatz, used by both
/// German schemes) or `uk` (the Bank of England base rate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RateScheme {
    Eu,
    De,
    Uk,
}

impl RateScheme {
    /// `eu`, `de` or `uk`.
    pub fn as_str(self) -> &'static str {
        match self {
            RateScheme::Eu => "eu",
            RateScheme::De => "de",
            RateScheme::Uk => "uk",
        }
    }
}

impl FromStr for RateScheme {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "eu" => Ok(RateScheme::Eu),
            "de" => Ok(RateScheme::De),
            "uk" => Ok(RateScheme::Uk),
            _ => Err(ParseError::new("expected a reference-rate scheme: eu, de or uk, e.g. de")),
        }
    }
}

impl fmt::Display for RateScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A statutory late-payment interest scheme (SPEC 6): a reference rate plus
/// a fixed number of percentage points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Statutory {
    /// Directive 2011/7/EU: the ECB rate + 8 points.
    Eu,
    /// § 288 (2) BGB, business debtors: the Basiszinssatz + 9 points.
    De,
    /// § 288 (1) BGB, consumer debtors: the Basiszinssatz + 5 points.
    DeConsumer,
    /// Late Payment of Commercial Debts (Interest) Act 1998: the Bank of
    /// England base rate + 8 points.
    Uk,
}

impl Statutory {
    /// Every scheme, in the order they are listed.
    pub const ALL: [Statutory; 4] = [Statutory::Eu, Statutory::De, Statutory::DeConsumer, Statutory::Uk];

    /// The canonical name: `statutory-eu`, `statutory-de`,
    /// `statutory-de-consumer` or `statutory-uk`.
    pub fn as_str(self) -> &'static str {
        match self {
            Statutory::Eu => "statutory-eu",
            Statutory::De => "statutory-de",
            Statutory::DeConsumer => "statutory-de-consumer",
            Statutory::Uk => "statutory-uk",
        }
    }

    /// The reference rate the points are added to.
    pub fn reference(self) -> RateScheme {
        match self {
            Statutory::Eu => RateScheme::Eu,
            Statutory::De | Statutory::DeConsumer => RateScheme::De,
            Statutory::Uk => RateScheme::Uk,
        }
    }

    /// The percentage points added to the reference rate.
    pub fn points(self) -> u32 {
        match self {
            Statutory::Eu | Statutory::Uk => 8,
            Statutory::De => 9,
            Statutory::DeConsumer => 5,
        }
    }
}

impl fmt::Display for Statutory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An interest rule: a fixed RATE (`1.5%/month`) or a statutory scheme
/// (`statutory-de`).
///
/// Parsed case-insensitively; displayed canonically (`1.5%/month`,
/// `statutory-de`), which parses back to the same value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interest {
    /// A fixed rate agreed with the client.
    Rate(Rate),
    /// The statutory rate of a scheme, which follows its reference rate.
    Statutory(Statutory),
}

impl Interest {
    /// The statutory scheme, if this rule is one.
    pub fn statutory(self) -> Option<Statutory> {
        match self {
            Interest::Statutory(s) => Some(s),
            Interest::Rate(_) => None,
        }
    }
}

impl FromStr for Interest {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if let Some(s) = Statutory::ALL.into_iter().find(|s| t.eq_ignore_ascii_case(s.as_str())) {
            return Ok(Interest::Statutory(s));
        }
        t.parse().map(Interest::Rate).map_err(|_| ParseError::new(INTEREST_HINT))
    }
}

impl fmt::Display for Interest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Interest::Rate(r) => r.fmt(f),
            Interest::Statutory(s) => s.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn money(s: &str) -> Result<i64, String> {
        s.parse::<Money>().map(Money::cents).map_err(|e| e.0)
    }

    #[test]
    fn money_good() {
        assert_eq!(money("1500"), Ok(150_000));
        assert_eq!(money("1500.5"), Ok(150_050));
        assert_eq!(money("1500.50"), Ok(150_050));
        assert_eq!(money("1,500.50"), Ok(150_050));
        assert_eq!(money("1,500"), Ok(150_000));
        assert_eq!(money("0.07"), Ok(7));
        assert_eq!(money("0"), Ok(0));
        assert_eq!(money("0.0"), Ok(0));
        assert_eq!(money("  25 "), Ok(2500));
        assert_eq!(money("1,234,567.89"), Ok(123_456_789));
        assert_eq!(money("999"), Ok(99_900));
        assert_eq!(money("99,999,999,999.99"), Ok(9_999_999_999_999));
        assert_eq!(money("99999999999.99"), Ok(9_999_999_999_999));
        assert_eq!(money("007"), Ok(700));
    }

    #[test]
    fn money_bad() {
        for bad in [
            "",
            " ",
            "1500,50",
            "1,50",
            "15,00.00",
            "1,5000",
            ",500",
            "1,",
            "1,,500",
            "0,500",
            "1500.",
            ".50",
            "1500.505",
            "-5",
            "+5",
            "1 500",
            "1e3",
            "1.5.0",
            "abc",
            "$5",
            "1500.5a",
            "1,500.5,0",
            "١٥",
            "1_000",
        ] {
            assert_eq!(money(bad), Err(MONEY_HINT.to_string()), "{bad:?}");
        }
        for big in ["100000000000", "100,000,000,000.00", "99999999999999999999999999", "9223372036854775807"]
        {
            assert_eq!(money(big), Err(MONEY_TOO_BIG.to_string()), "{big:?}");
        }
    }

    #[test]
    fn money_display() {
        assert_eq!(Money(150_000).to_string(), "1500.00");
        assert_eq!(Money(7).to_string(), "0.07");
        assert_eq!(Money(0).to_string(), "0.00");
        assert_eq!(Money(-500).to_string(), "-5.00");
        assert_eq!(Money(-5).to_string(), "-0.05");
        assert_eq!(Money(150_000).grouped(), "1,500.00");
        assert_eq!(Money(-150_000).grouped(), "-1,500.00");
        assert_eq!(Money(99_999).grouped(), "999.99");
        assert_eq!(Money(100_000).grouped(), "1,000.00");
        assert_eq!(Money(123_456_789).grouped(), "1,234,567.89");
        assert_eq!(Money(12_345_678_901).grouped(), "123,456,789.01");
        assert_eq!(Money(i64::MIN).to_string(), "-92233720368547758.08");
        assert_eq!(Money(i64::MIN).grouped(), "-92,233,720,368,547,758.08");
        assert_eq!(Money::from_cents(42).cents(), 42);
        assert_eq!(Money::default(), Money::ZERO);
    }

    #[test]
    fn percent_good_bad_display() {
        let p = |s: &str| s.parse::<Percent>().map(Percent::units);
        assert_eq!(p("5%"), Ok(50_000));
        assert_eq!(p("1.5%"), Ok(15_000));
        assert_eq!(p("12.3456%"), Ok(123_456));
        assert_eq!(p("0.0001%"), Ok(1));
        assert_eq!(p("0%"), Ok(0));
        assert_eq!(p("1000%"), Ok(10_000_000));
        assert_eq!(p(" 50% "), Ok(500_000));
        for bad in [
            "5",
            "%",
            "5 %",
            "-5%",
            "+5%",
            "1.23456%",
            "1000.0001%",
            "1001%",
            "5%%",
            "1,000%",
            ".5%",
            "5.%",
            "",
            "5%/month",
            "99999999999999999999%",
        ] {
            assert_eq!(bad.parse::<Percent>(), Err(ParseError::new(PERCENT_HINT)), "{bad:?}");
        }
        assert_eq!(Percent(50_000).to_string(), "5%");
        assert_eq!(Percent(15_000).to_string(), "1.5%");
        assert_eq!(Percent(123_456).to_string(), "12.3456%");
        assert_eq!(Percent(1).to_string(), "0.0001%");
        assert_eq!(Percent(10_100).to_string(), "1.01%");
        assert_eq!(Percent(0).to_string(), "0%");
        assert_eq!(Percent(-15_000).to_string(), "-1.5%");
    }

    #[test]
    fn percent_of_rounds_half_away_from_zero() {
        assert_eq!(Percent(50_000).of(Money(150_000)), Money(7_500));
        // 1.5% of 0.33 = 0.00495 -> 0.00; of 0.34 = 0.0051 -> 0.01
        assert_eq!(Percent(15_000).of(Money(33)), Money(0));
        assert_eq!(Percent(15_000).of(Money(34)), Money(1));
        // 50% of 0.01 = 0.005 -> 0.01 (half away from zero), and -0.01
        assert_eq!(Percent(500_000).of(Money(1)), Money(1));
        assert_eq!(Percent(500_000).of(Money(-1)), Money(-1));
        assert_eq!(Percent(1_000_000).of(Money(i64::MAX)), Money(i64::MAX));
        assert_eq!(Percent(i64::MAX).of(Money(i64::MAX)), Money(i64::MAX));
        assert_eq!(Percent(i64::MAX).of(Money(i64::MIN)), Money(i64::MIN));
    }

    #[test]
    fn fee_good_bad_display() {
        let f = |s: &str| s.parse::<Fee>();
        assert_eq!(f("5%"), Ok(Fee::Percent(Percent(50_000))));
        assert_eq!(f("25"), Ok(Fee::Flat(Money(2500))));
        assert_eq!(f("25.00"), Ok(Fee::Flat(Money(2500))));
        assert_eq!(f("1,000"), Ok(Fee::Flat(Money(100_000))));
        assert_eq!(f(" 2.5% "), Ok(Fee::Percent(Percent(25_000))));
        for bad in ["", "5 %", "-25", "25,00", "%", "5%%", "2000%", "twenty", "25 EUR"] {
            assert_eq!(f(bad), Err(ParseError::new(FEE_HINT)), "{bad:?}");
        }
        assert_eq!(Fee::Percent(Percent(50_000)).to_string(), "5%");
        assert_eq!(Fee::Flat(Money(2500)).to_string(), "25.00");
        assert_eq!(Fee::Flat(Money(2500)).on(Money(1_000_000)), Money(2500));
        assert_eq!(Fee::Percent(Percent(50_000)).on(Money(150_000)), Money(7500));
    }

    #[test]
    fn rate_good_bad_display() {
        let r = |s: &str| s.parse::<Rate>();
        let month = |units| Rate { percent: Percent(units), per: RatePeriod::Month };
        let year = |units| Rate { percent: Percent(units), per: RatePeriod::Year };
        assert_eq!(r("1.5%/month"), Ok(month(15_000)));
        assert_eq!(r("18%/year"), Ok(year(180_000)));
        assert_eq!(r("1.5% / Month"), Ok(month(15_000)));
        assert_eq!(r(" 18%/YEAR "), Ok(year(180_000)));
        assert_eq!(r("0.1234%/month"), Ok(month(1_234)));
        for bad in [
            "",
            "1.5%",
            "1.5/month",
            "1.5%/mo",
            "18%/yr",
            "18%/y",
            "1.5%/week",
            "1.5%/month/year",
            "1.12345%/month",
            "-1%/month",
            "%/year",
            "1.5 %/month",
            "2000%/year",
        ] {
            assert_eq!(r(bad), Err(ParseError::new(RATE_HINT)), "{bad:?}");
        }
        assert_eq!(month(15_000).to_string(), "1.5%/month");
        assert_eq!(year(180_000).to_string(), "18%/year");
        assert_eq!(month(15_000).annual(), Percent(180_000));
        assert_eq!(year(180_000).annual(), Percent(180_000));
        assert_eq!(month(i64::MAX).annual(), Percent(i64::MAX));
    }

    #[test]
    fn interest_rules_fixed_or_statutory() {
        let i = |s: &str| s.parse::<Interest>();
        assert_eq!(
            i("1.5%/month"),
            Ok(Interest::Rate(Rate { percent: Percent(15_000), per: RatePeriod::Month }))
        );
        assert_eq!(i(" Statutory-DE "), Ok(Interest::Statutory(Statutory::De)));
        assert_eq!(i("statutory-de-consumer"), Ok(Interest::Statutory(Statutory::DeConsumer)));
        for s in Statutory::ALL {
            assert_eq!(i(s.as_str()), Ok(Interest::Statutory(s)));
            assert_eq!(Interest::Statutory(s).to_string(), s.as_str());
        }
        for bad in ["statutory", "statutory-fr", "statutory-de-", "1.5%", "de"] {
            assert_eq!(i(bad), Err(ParseError::new(INTEREST_HINT)), "{bad:?}");
        }
        assert_eq!(Statutory::De.points(), 9);
        assert_eq!(Statutory::DeConsumer.reference(), RateScheme::De);
        assert_eq!(Statutory::Uk.reference().to_string(), "uk");
        assert_eq!(" EU ".parse::<RateScheme>(), Ok(RateScheme::Eu));
        assert!("fr".parse::<RateScheme>().is_err());
    }

    fn arb_percent() -> impl Strategy<Value = Percent> {
        (0..=Percent::MAX.0).prop_map(Percent)
    }

    fn arb_fee() -> impl Strategy<Value = Fee> {
        prop_oneof![
            (0..Money::PARSE_LIMIT).prop_map(|c| Fee::Flat(Money(c))),
            arb_percent().prop_map(Fee::Percent),
        ]
    }

    fn arb_rate() -> impl Strategy<Value = Rate> {
        (arb_percent(), any::<bool>()).prop_map(|(percent, monthly)| Rate {
            percent,
            per: if monthly { RatePeriod::Month } else { RatePeriod::Year },
        })
    }

    proptest! {
        #[test]
        fn money_round_trips(cents in 0..Money::PARSE_LIMIT) {
            let m = Money(cents);
            prop_assert_eq!(m.to_string().parse::<Money>(), Ok(m));
            prop_assert_eq!(m.grouped().parse::<Money>(), Ok(m));
        }

        #[test]
        fn money_with_separators_parses_to_cents(
            whole in 0..Money::PARSE_LIMIT / 100,
            frac in 0..100_i64,
            style in 0..3_u8,
        ) {
            let digits = whole.to_string();
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            let (text, cents) = match style {
                0 => (grouped, whole * 100),
                1 => (format!("{grouped}.{}", frac / 10), whole * 100 + frac / 10 * 10),
                _ => (format!("{grouped}.{frac:02}"), whole * 100 + frac),
            };
            prop_assert_eq!(text.parse::<Money>(), Ok(Money(cents)), "{}", text);
        }

        #[test]
        fn percent_round_trips(p in arb_percent()) {
            prop_assert_eq!(p.to_string().parse::<Percent>(), Ok(p));
        }

        #[test]
        fn fee_round_trips(f in arb_fee()) {
            prop_assert_eq!(f.to_string().parse::<Fee>(), Ok(f));
        }

        #[test]
        fn rate_round_trips(r in arb_rate()) {
            prop_assert_eq!(r.to_string().parse::<Rate>(), Ok(r));
            let i = Interest::Rate(r);
            prop_assert_eq!(i.to_string().parse::<Interest>(), Ok(i));
        }

        #[test]
        fn parsers_never_panic(s in any::<String>(), t in "[0-9,.%/ +a-z-]{0,24}") {
            for input in [&s, &t] {
                let _ = input.parse::<Money>();
                let _ = input.parse::<Percent>();
                let _ = input.parse::<Fee>();
                let _ = input.parse::<Rate>();
                let _ = input.parse::<Interest>();
            }
        }

        #[test]
        fn parsed_money_is_in_range(s in "[0-9,.]{1,20}") {
            if let Ok(m) = s.parse::<Money>() {
                prop_assert!((0..Money::PARSE_LIMIT).contains(&m.cents()));
            }
        }
    }
}
