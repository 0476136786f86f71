//! Amounts before they meet a currency: an exact [`Decimal`] (a flat fee
//! in the config or the rules, an amount in an export document) and MONEY
//! as a person typed it on the command line ([`MoneyInput`], SPEC 3: the
//! `numbers` style, a currency sign or code). Each becomes [`Money`] in
//! one currency's minor unit only through a check that it fits: at most
//! the currency's decimals, and the sign or code of that currency.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::money::{parse_number, Numbers};
use super::{Currency, Money, ParseError};

/// The most decimals any amount is written with (no ISO 4217 currency has
/// more than four).
const MAX_DECIMALS: u32 = 4;

/// Amounts are below 100,000,000,000 whole units.
const WHOLE_LIMIT: i64 = 100_000_000_000;

const DECIMAL_HINT: &str = "expected an amount like 1500, 1500.50 or 1,500.50";
const TOO_BIG: &str = "expected an amount below 100,000,000,000, e.g. 1500.50";

/// An exact, non-negative decimal amount: `units` × 10^-`scale`, written
/// with `scale` decimals (`25.00` has scale 2, `25` scale 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    units: i64,
    scale: u8,
}

impl Decimal {
    /// `units` × 10^-`scale`.
    pub const fn new(units: i64, scale: u8) -> Decimal {
        Decimal { units, scale }
    }

    /// An amount of `currency` with its decimals (`Money(150000)` of USD is
    /// `1500.00`).
    pub fn of(money: Money, currency: Currency) -> Decimal {
        Decimal { units: money.0, scale: currency.exponent() }
    }

    /// Its units in its own scale: the minor units of its currency when the
    /// scale is the currency's exponent, as for every amount read from the
    /// store or made with [`Decimal::of`].
    pub fn minor(self) -> Money {
        Money(self.units)
    }

    /// The decimals it is written with.
    pub fn scale(self) -> u8 {
        self.scale
    }

    /// Whether it is zero.
    pub fn is_zero(self) -> bool {
        self.units == 0
    }

    /// The same value in minor units of `exponent` decimals, when it has no
    /// more (non-zero) decimals than that: `25.00` is JPY 25, `25.50` none.
    pub fn to_minor(self, exponent: u8) -> Option<Money> {
        let (have, want) = (u32::from(self.scale), u32::from(exponent));
        if have <= want {
            self.units.checked_mul(10_i64.pow(want - have)).map(Money)
        } else {
            let div = 10_i64.pow(have - want);
            (self.units % div == 0).then(|| Money(self.units / div))
        }
    }

    /// The value in minor units of `exponent` decimals, rounded half away
    /// from zero when it has more decimals (JPY `150000.50` is 150001).
    pub fn rounded(self, exponent: u8) -> Money {
        let (have, want) = (u32::from(self.scale), u32::from(exponent));
        if have <= want {
            return Money(self.units.saturating_mul(10_i64.pow(want - have)));
        }
        let div = i128::from(10_i64.pow(have - want));
        let n = i128::from(self.units);
        let r = if n >= 0 { (n + div / 2) / div } else { (n - div / 2) / div };
        Money(i64::try_from(r).unwrap_or(i64::MAX))
    }

    /// The same value written with `scale` decimals, when that is exact.
    #[must_use]
    pub fn rescaled(self, scale: u8) -> Option<Decimal> {
        self.to_minor(scale).map(|m| Decimal { units: m.0, scale })
    }
}

/// Parses `1500`, `1500.5`, `1,500.50` (the form of config and documents):
/// at most four decimals, below 100,000,000,000.
impl FromStr for Decimal {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Decimal, ParseError> {
        let limit = WHOLE_LIMIT * 10_i64.pow(MAX_DECIMALS) - 1;
        match parse_number(s.trim(), '.', &[','], MAX_DECIMALS, limit) {
            Ok(Some((value, written))) => {
                let units = value / 10_i64.pow(MAX_DECIMALS - written);
                Ok(Decimal { units, scale: written as u8 })
            }
            Ok(None) => Err(ParseError::new(DECIMAL_HINT)),
            Err(()) => Err(ParseError::new(TOO_BIG)),
        }
    }
}

/// `1500.00`, `150000`: its decimals, no separators.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Numbers::Comma.typed(self.units, self.scale))
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|e| serde::de::Error::custom(format!("{s:?}: {e}")))
    }
}

/// MONEY as typed on the command line (SPEC 3), not yet tied to a
/// currency: the value, the decimals typed, and the currency a sign or code
/// named. [`MoneyInput::in_currency`] makes it an amount of one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyInput {
    /// What carried it (`AMOUNT`, `--rate`), for the refusal.
    pub label: String,
    /// The text as typed.
    pub text: String,
    pub value: Decimal,
    /// The currency its sign (`€`) or code (`EUR`) named.
    pub currency: Option<Currency>,
    /// The style it was typed in (for the example of a refusal).
    pub numbers: Numbers,
}

fn hint(numbers: Numbers) -> String {
    match numbers {
        Numbers::Comma => DECIMAL_HINT.to_string(),
        Numbers::Dot => "expected an amount like 1500, 1500,50 or 1.500,50".to_string(),
        Numbers::Space => "expected an amount like 1500, 1500,50 or 1 500,50".to_string(),
    }
}

/// A number typed in the `numbers` style: its value in units of
/// 10^-MAX_DECIMALS and the decimals written, `None` when it is not one,
/// `Err` when it is too big.
fn styled(number: &str, numbers: Numbers) -> Result<Option<(i64, u32)>, ()> {
    let group: &[char] = match numbers {
        Numbers::Comma => &[','],
        Numbers::Dot => &['.'],
        Numbers::Space => &[' ', super::money::NARROW_SPACE, '\u{a0}'],
    };
    let limit = WHOLE_LIMIT * 10_i64.pow(MAX_DECIMALS) - 1;
    parse_number(number, numbers.decimal(), group, MAX_DECIMALS, limit)
}

/// Splits a currency sign or ISO code off either end of `s`.
fn currency_mark(s: &str) -> Result<(&str, Option<Currency>), ()> {
    let s = s.trim();
    let mut chars = s.chars();
    if let Some(c) = chars.next().and_then(Currency::of_sign) {
        return Ok((chars.as_str().trim_start(), Some(c)));
    }
    if let Some(c) = s.chars().next_back().and_then(Currency::of_sign) {
        let mut rest = s.chars();
        rest.next_back();
        return Ok((rest.as_str().trim_end(), Some(c)));
    }
    let letters = |t: &str| t.len() == 3 && t.bytes().all(|b| b.is_ascii_alphabetic());
    if s.len() > 3 && s.is_char_boundary(3) && letters(&s[..3]) {
        let code = Currency::parse(&s[..3]).map_err(|_| ())?;
        return Ok((s[3..].trim_start(), Some(code)));
    }
    if s.len() > 3 && s.is_char_boundary(s.len() - 3) && letters(&s[s.len() - 3..]) {
        let code = Currency::parse(&s[s.len() - 3..]).map_err(|_| ())?;
        return Ok((s[..s.len() - 3].trim_end(), Some(code)));
    }
    Ok((s, None))
}

/// The style other than `numbers` that reads `number` (a currency mark
/// split off) as an amount, if one does.
fn other_style(number: &str, numbers: Numbers) -> Option<Numbers> {
    [Numbers::Comma, Numbers::Dot, Numbers::Space]
        .into_iter()
        .find(|&n| n != numbers && matches!(styled(number, n), Ok(Some(_))))
}

/// Why a text is not MONEY: the refusal, in words that do not name where
/// the style came from, and the other style that reads it as an amount,
/// if one does (`1.500,00` typed where `1,234.56` is the style).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyError {
    pub error: ParseError,
    pub other_style: Option<Numbers>,
}

impl MoneyInput {
    /// Parses MONEY typed in the `numbers` style of the config: as
    /// [`MoneyInput::read`], and a refusal of an amount in another style
    /// says which `numbers` key reads it.
    pub fn parse(label: &str, s: &str, numbers: Numbers) -> Result<MoneyInput, ParseError> {
        MoneyInput::read(label, s, numbers).map_err(|e| match e.other_style {
            Some(n) => ParseError::new(format!(
                "{} (numbers = \"{}\" in the config reads {s:?})",
                e.error.0,
                n.as_str()
            )),
            None => e.error,
        })
    }

    /// Reads MONEY typed in the `numbers` style: `1500`, `1,500.50`
    /// (`1.500,50`, `1 500,50`), with a currency sign or code before or
    /// after the number (`€1.500,00`, `1500 EUR`); never negative.
    pub fn read(label: &str, s: &str, numbers: Numbers) -> Result<MoneyInput, MoneyError> {
        let refused = |error: String| MoneyError { error: ParseError::new(error), other_style: None };
        let (number, currency) = currency_mark(s).map_err(|()| refused(hint(numbers)))?;
        if number.starts_with('-') {
            return Err(refused(format!("an amount is never negative, {}", hint(numbers))));
        }
        match styled(number, numbers) {
            Ok(Some((value, written))) => Ok(MoneyInput {
                label: label.to_string(),
                text: s.to_string(),
                value: Decimal { units: value / 10_i64.pow(MAX_DECIMALS - written), scale: written as u8 },
                currency,
                numbers,
            }),
            Ok(None) => {
                Err(MoneyError { other_style: other_style(number, numbers), ..refused(hint(numbers)) })
            }
            Err(()) => Err(refused(TOO_BIG.to_string())),
        }
    }

    /// The amount in `currency`'s minor unit: refused when a sign or code
    /// named another currency, or when more decimals were typed than the
    /// currency has (`150000.5` for JPY).
    pub fn in_currency(&self, currency: Currency) -> Result<Money, ParseError> {
        let example = currency.example().replace('.', &self.numbers.decimal().to_string());
        if let Some(named) = self.currency.filter(|c| *c != currency) {
            return Err(ParseError::new(format!("the amount is in {currency}, not {named}, e.g. {example}")));
        }
        if self.value.scale() > currency.exponent() {
            let why = match currency.exponent() {
                0 => format!("{currency} has no decimals"),
                1 => format!("{currency} has 1 decimal"),
                n => format!("{currency} has {n} decimals"),
            };
            return Err(ParseError::new(format!("{why}, e.g. {example}")));
        }
        self.value.to_minor(currency.exponent()).ok_or_else(|| ParseError::new(TOO_BIG))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(s: &str, numbers: Numbers) -> Result<(i64, u8, Option<String>), String> {
        MoneyInput::parse("AMOUNT", s, numbers)
            .map(|m| (m.value.units, m.value.scale, m.currency.map(|c| c.to_string())))
            .map_err(|e| e.0)
    }

    #[test]
    fn typed_in_each_style() {
        use Numbers::{Comma, Dot, Space};
        assert_eq!(input("1,500.50", Comma), Ok((150_050, 2, None)));
        assert_eq!(input("1500", Comma), Ok((1500, 0, None)));
        assert_eq!(input("1.500,50", Dot), Ok((150_050, 2, None)));
        assert_eq!(input("1500,5", Dot), Ok((15_005, 1, None)));
        assert_eq!(input("1 500,50", Space), Ok((150_050, 2, None)));
        assert_eq!(input("1\u{202F}500,50", Space), Ok((150_050, 2, None)));
        for (bad, style) in
            [("1500,50", Comma), ("1500.50", Dot), ("1.50", Dot), ("1,5000", Comma), ("-5", Comma)]
        {
            assert!(input(bad, style).is_err(), "{bad:?}");
        }
        assert_eq!(input("€1.500,00", Dot), Ok((150_000, 2, Some("EUR".into()))));
        assert_eq!(input("1500 EUR", Comma), Ok((1500, 0, Some("EUR".into()))));
        assert_eq!(input("$25", Comma), Ok((25, 0, Some("USD".into()))));
        assert_eq!(input("150000¥", Comma), Ok((150_000, 0, Some("JPY".into()))));
        assert_eq!(input("jpy150000", Comma), Ok((150_000, 0, Some("JPY".into()))));
        assert!(input("1500 ABC", Comma).is_err());
        assert!(input("100000000000", Comma).unwrap_err().contains("below"));
    }

    #[test]
    fn an_amount_fits_its_currency_or_is_refused() {
        let m = |s: &str| MoneyInput::parse("AMOUNT", s, Numbers::Comma).unwrap();
        let kwd = Currency::parse("KWD").unwrap();
        assert_eq!(m("150000").in_currency(Currency::JPY), Ok(Money(150_000)));
        assert_eq!(m("150000.5").in_currency(Currency::JPY).unwrap_err().0, "JPY has no decimals, e.g. 1500");
        assert_eq!(m("12.5").in_currency(kwd), Ok(Money(12_500)));
        assert_eq!(m("1,500.50").in_currency(Currency::USD), Ok(Money(150_050)));
        assert_eq!(
            m("€25").in_currency(Currency::USD).unwrap_err().0,
            "the amount is in USD, not EUR, e.g. 1500.50"
        );
        assert_eq!(m("$25").in_currency(Currency::USD), Ok(Money(2500)));
    }

    #[test]
    fn decimals_convert_exactly_or_round_once() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(d("25.00").to_minor(0), Some(Money(25)));
        assert_eq!(d("25.50").to_minor(0), None);
        assert_eq!(d("25.5").to_minor(3), Some(Money(25_500)));
        assert_eq!(d("150000.50").rounded(0), Money(150_001));
        assert_eq!(d("150000.49").rounded(0), Money(150_000));
        assert_eq!(d("12.50").rounded(3), Money(12_500));
        assert_eq!(d("1,000").to_string(), "1000");
        assert_eq!(Decimal::of(Money(12_500), Currency::parse("KWD").unwrap()).to_string(), "12.500");
        assert_eq!(d("25").rescaled(2).map(|x| x.to_string()), Some("25.00".into()));
        assert!("1.23456".parse::<Decimal>().is_err());
    }
}
