//! MONEY (SPEC sections 2, 3 and 6): an amount is an integer count of its
//! currency's minor unit ([`Money`]), so no floating point is ever
//! involved. A bare [`Money`] cannot be shown: only an [`Amount`], which
//! carries its [`Currency`], is written out, through one function for data
//! (`1500.00`, JPY `150000`, KWD `12.500`: JSON, CSV, documents) and one for
//! people (`EUR 1,500.00` in the `numbers` style of the config), so a
//! figure can never be shown with the wrong number of decimals.

use serde::{Serialize, Serializer};

use super::{Currency, ParseError};

/// An amount in integer minor units of a currency the context knows (the
/// invoice's, the client's). It has no `Display`: pair it with its
/// currency ([`Currency::amount`]) to show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

impl Money {
    /// Nothing.
    pub const ZERO: Money = Money(0);

    /// The amount in minor units.
    pub const fn minor(self) -> i64 {
        self.0
    }

    /// The sum, saturating at the largest amount instead of overflowing.
    #[must_use]
    pub fn plus(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }

    /// What is left after `other`, never below zero.
    #[must_use]
    pub fn less(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0).max(0))
    }
}

/// How amounts are typed on the command line and shown in text (config
/// `numbers`, SPEC 3): `1,234.56` (the default), `1.234,56` or `1 234,56`
/// (shown with a narrow no-break space, U+202F). Config, import, JSON, CSV
/// and the journal always use `1234.56`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbers {
    #[default]
    Comma,
    Dot,
    Space,
}

/// The narrow no-break space that groups digits in the `1 234,56` style.
pub const NARROW_SPACE: char = '\u{202F}';

impl Numbers {
    /// The config value: `1,234.56`, `1.234,56` or `1 234,56`.
    pub fn parse(s: &str) -> Result<Numbers, ParseError> {
        match s.trim() {
            "1,234.56" => Ok(Numbers::Comma),
            "1.234,56" => Ok(Numbers::Dot),
            "1 234,56" | "1\u{202F}234,56" | "1\u{a0}234,56" => Ok(Numbers::Space),
            _ => Err(ParseError::new("expected \"1,234.56\", \"1.234,56\" or \"1 234,56\"")),
        }
    }

    /// The config value this style is written as.
    pub fn as_str(self) -> &'static str {
        match self {
            Numbers::Comma => "1,234.56",
            Numbers::Dot => "1.234,56",
            Numbers::Space => "1 234,56",
        }
    }

    /// The decimal separator.
    pub fn decimal(self) -> char {
        match self {
            Numbers::Comma => '.',
            Numbers::Dot | Numbers::Space => ',',
        }
    }

    /// The separator of thousands when shown.
    pub fn group(self) -> char {
        match self {
            Numbers::Comma => ',',
            Numbers::Dot => '.',
            Numbers::Space => NARROW_SPACE,
        }
    }

    /// `units` minor units of `exponent` decimals, grouped: `1,500.00`.
    pub fn grouped(self, units: i64, exponent: u8) -> String {
        let mut out = String::with_capacity(32);
        self.grouped_into(&mut out, units, exponent);
        out
    }

    /// [`Numbers::grouped`] written at the end of `out`.
    pub fn grouped_into(self, out: &mut String, units: i64, exponent: u8) {
        let mut buf = [0u8; PLAIN];
        let digits = digits_into(units.unsigned_abs(), exponent, &mut buf);
        // The digits are ASCII: any byte is a character boundary.
        let point = digits.len() - if exponent == 0 { 0 } else { usize::from(exponent.min(18)) + 1 };
        let (whole, frac) = digits.split_at(point);
        if units < 0 {
            out.push('-');
        }
        // The first group holds one to three digits, every other three.
        let mut start = match whole.len() % 3 {
            0 => 3.min(whole.len()),
            n => n,
        };
        out.push_str(&whole[..start]);
        while start < whole.len() {
            out.push(self.group());
            out.push_str(&whole[start..start + 3]);
            start += 3;
        }
        if let Some(frac) = frac.strip_prefix('.') {
            out.push(self.decimal());
            out.push_str(frac);
        }
    }

    /// `units` as typed on the command line in this style, without
    /// grouping: `1081.16` (`1081,16`), so a hint's command works as given.
    pub fn typed(self, units: i64, exponent: u8) -> String {
        let (whole, frac) = split(units, exponent);
        let sign = if units < 0 { "-" } else { "" };
        if frac.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}{}{frac}", self.decimal())
        }
    }
}

/// The whole and fractional digits of `units` minor units of `exponent`
/// decimals, without sign.
fn split(units: i64, exponent: u8) -> (String, String) {
    let mut buf = [0u8; PLAIN];
    let digits = digits_into(units.unsigned_abs(), exponent, &mut buf);
    match digits.split_once('.') {
        Some((whole, frac)) => (whole.to_string(), frac.to_string()),
        None => (digits.to_string(), String::new()),
    }
}

/// Room for any amount written plainly: 20 digits, a point, a sign.
const PLAIN: usize = 24;

/// `abs` minor units of `exponent` decimals written plainly (`1500.00`)
/// at the end of `buf`, without allocating; where they start.
fn digits_at(abs: u64, exponent: u8, buf: &mut [u8; PLAIN]) -> usize {
    let exponent = exponent.min(18);
    let (mut abs, mut i, mut written) = (abs, buf.len(), 0u8);
    loop {
        i -= 1;
        buf[i] = b'0' + (abs % 10) as u8;
        abs /= 10;
        written += 1;
        if written == exponent {
            i -= 1;
            buf[i] = b'.';
        }
        if abs == 0 && written > exponent {
            break;
        }
    }
    i
}

/// The text of `abs` as [`digits_at`] writes it.
fn digits_into(abs: u64, exponent: u8, buf: &mut [u8; PLAIN]) -> &str {
    let start = digits_at(abs, exponent, buf);
    std::str::from_utf8(&buf[start..]).unwrap_or_default()
}

/// `units` written plainly with its sign (`-12.50`) into `buf`.
fn plain_into(units: i64, exponent: u8, buf: &mut [u8; PLAIN]) -> &str {
    let mut start = digits_at(units.unsigned_abs(), exponent, buf);
    if units < 0 {
        start -= 1;
        buf[start] = b'-';
    }
    std::str::from_utf8(&buf[start..]).unwrap_or_default()
}

/// An amount of money in a currency: the one way a figure is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Amount {
    pub money: Money,
    pub currency: Currency,
}

impl Amount {
    /// The data form: the currency's decimals, no separators (`1500.00`,
    /// JPY `150000`, KWD `12.500`), as JSON, CSV and documents write it.
    pub fn plain(&self) -> String {
        plain_into(self.money.0, self.currency.exponent(), &mut [0u8; PLAIN]).to_string()
    }

    /// The form for people: code, space, grouped amount (`EUR 1,500.00`,
    /// `JPY 150,000`, `EUR 1.500,00` with `numbers = "1.234,56"`).
    pub fn text(&self, numbers: Numbers) -> String {
        let mut out = String::with_capacity(36);
        self.text_into(numbers, &mut out);
        out
    }

    /// The length in bytes of [`Amount::text`], worked out without writing it.
    pub fn text_len(&self, numbers: Numbers) -> usize {
        let exponent = usize::from(self.currency.exponent().min(18));
        let abs = self.money.0.unsigned_abs();
        let digits = (abs.checked_ilog10().unwrap_or(0) as usize + 1).max(exponent + 1);
        let groups = (digits - exponent - 1) / 3;
        self.currency.code().len()
            + 1
            + usize::from(self.money.0 < 0)
            + digits
            + groups * numbers.group().len_utf8()
            + usize::from(exponent > 0)
    }

    /// [`Amount::text`] written at the end of `out`.
    pub fn text_into(&self, numbers: Numbers, out: &mut String) {
        out.push_str(self.currency.code());
        out.push(' ');
        numbers.grouped_into(out, self.money.0, self.currency.exponent());
    }

    /// The amount as typed on the command line (no code, no grouping), for
    /// a hint's example command.
    pub fn typed(&self, numbers: Numbers) -> String {
        numbers.typed(self.money.0, self.currency.exponent())
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(plain_into(self.money.0, self.currency.exponent(), &mut [0u8; PLAIN]))
    }
}

/// The digits of an integer part written plainly (`1500`) or with `group`
/// separating thousands (`1,500`), without the separators; `None` when
/// malformed.
fn integer_digits(s: &str, group: &[char]) -> Option<String> {
    if s.is_empty() {
        return None;
    }
    let mut groups = s.split(|c| group.contains(&c));
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !digits(first) {
        return None;
    }
    if !rest.is_empty()
        && (first.len() > 3 || first.starts_with('0') || rest.iter().any(|g| g.len() != 3 || !digits(g)))
    {
        return None;
    }
    Some(std::iter::once(first).chain(rest).collect())
}

/// A decimal number `INT[<point>FRAC]` with FRAC of one to `decimals`
/// digits, INT plain or grouped with `group`: its value times
/// `10^decimals`, and how many decimals were written. `Ok(None)` when
/// malformed, `Err(())` when over `limit`.
pub(super) fn parse_number(
    s: &str,
    point: char,
    group: &[char],
    decimals: u32,
    limit: i64,
) -> Result<Option<(i64, u32)>, ()> {
    let (int, frac) = match s.split_once(point) {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let Some(digits) = integer_digits(int, group) else {
        return Ok(None);
    };
    let (frac_value, written) = match frac {
        None => (0, 0),
        Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) && f.len() <= decimals as usize => {
            let mut v: i64 = 0;
            for b in f.bytes() {
                v = v * 10 + i64::from(b - b'0');
            }
            (v * 10_i64.pow(decimals - f.len() as u32), f.len() as u32)
        }
        Some(_) => return Ok(None),
    };
    let mut whole: i64 = 0;
    for d in digits.bytes() {
        whole = whole.checked_mul(10).and_then(|w| w.checked_add(i64::from(d - b'0'))).ok_or(())?;
    }
    let value = whole.checked_mul(10_i64.pow(decimals)).and_then(|v| v.checked_add(frac_value)).ok_or(())?;
    if value > limit {
        return Err(());
    }
    Ok(Some((value, written)))
}

/// A decimal number `INT[.FRAC]` as in config and documents, scaled by
/// `10^decimals` (for percentages).
pub(super) fn parse_decimal(s: &str, decimals: u32, grouping: bool, limit: i64) -> Result<Option<i64>, ()> {
    let group: &[char] = if grouping { &[','] } else { &[] };
    Ok(parse_number(s, '.', group, decimals, limit)?.map(|(v, _)| v))
}

/// Only for tests: an amount in hundredths from `1500.00`.
#[cfg(test)]
impl std::str::FromStr for Money {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Money, ParseError> {
        match parse_number(s.trim(), '.', &[','], 2, i64::MAX) {
            Ok(Some((v, _))) => Ok(Money(v)),
            _ => Err(ParseError::new("expected an amount like 1500.50")),
        }
    }
}

#[cfg(test)]
#[path = "money_tests.rs"]
mod tests;
