//! Percentages, FEE, RATE and the interest rule (SPEC sections 3 and 6,
//! statutory schemes included): percentages are integer ten-thousandths of
//! a percent, so no floating point is ever involved. `Display` gives the
//! canonical form of SPEC section 5 (`5%`, `25.00`, `1.5%/month`,
//! `statutory-de`), which parses back to the same value.

use std::fmt;
use std::str::FromStr;

use super::money::parse_decimal;
use super::{Decimal, Money, ParseError};

pub(super) const PERCENT_HINT: &str =
    "expected a percentage from 0% to 1000% with at most four decimals, e.g. 5% or 1.5%";
pub(super) const FEE_HINT: &str = "expected an amount or a percentage, e.g. 25.00 or 5%";
pub(super) const RATE_HINT: &str = "expected a percentage per month or year, e.g. 1.5%/month or 18%/year";
pub(super) const INTEREST_HINT: &str =
    "expected a percentage per month or year, e.g. 1.5%/month or 18%/year, \
     or statutory-eu, statutory-de, statutory-de-consumer or statutory-uk";

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

    /// This percentage of an amount, rounded once to its minor unit, half
    /// away from zero: `5%` of `1500.00` is `75.00`.
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
/// as the flat amount with the decimals it is kept with (the client's
/// currency's, once a client's rule: `25.00`, JPY `2500`) or `5%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fee {
    /// A fixed amount, in the client's currency.
    Flat(Decimal),
    /// A share of some amount.
    Percent(Percent),
}

impl Fee {
    /// The fee on `base`, in minor units of `exponent` decimals (those of
    /// `base`'s currency): the flat amount itself, or the percentage of
    /// `base` rounded half away from zero to the minor unit.
    pub fn on(self, base: Money, exponent: u8) -> Money {
        match self {
            Fee::Flat(d) => d.rounded(exponent),
            Fee::Percent(p) => p.of(base),
        }
    }

    /// The fee with a flat amount written with `exponent` decimals, when it
    /// fits them (`25.00` for JPY is `25`; `25.50` does not fit).
    pub fn in_decimals(self, exponent: u8) -> Option<Fee> {
        match self {
            Fee::Flat(d) => d.rescaled(exponent).map(Fee::Flat),
            Fee::Percent(_) => Some(self),
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
