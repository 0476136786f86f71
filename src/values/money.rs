//! MONEY (SPEC section 3): amounts are integer minor units, so no floating
//! point is ever involved. `Display` gives the canonical form of SPEC
//! section 5 (`1500.00`), which parses back to the same value.

use std::fmt;
use std::str::FromStr;

use super::ParseError;

const MONEY_HINT: &str = "expected an amount like 1500, 1500.50 or 1,500.50";
const MONEY_TOO_BIG: &str = "expected an amount below 100,000,000,000.00, e.g. 1,500.50";

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
pub(super) fn parse_decimal(s: &str, decimals: u32, grouping: bool, limit: i64) -> Result<Option<i64>, ()> {
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

#[cfg(test)]
#[path = "money_tests.rs"]
mod tests;
