//! Currencies (SPEC 6): an ISO 4217 code with the number of decimals of its
//! minor unit (JPY 0, KWD 3, most 2), from the `iso_currency` table. Every
//! amount is kept in its currency's minor unit; the currency says how many
//! decimals it is written with, so a figure and its currency travel
//! together ([`super::Amount`]) and are never shown with the wrong number
//! of decimals.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::{Money, ParseError};

/// An ISO 4217 currency that has a minor unit.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: [u8; 3],
    exponent: u8,
}

const CURRENCY_HINT: &str = "expected an ISO 4217 currency code, e.g. EUR";

impl Currency {
    pub const USD: Currency = Currency { code: *b"USD", exponent: 2 };
    pub const EUR: Currency = Currency { code: *b"EUR", exponent: 2 };
    pub const GBP: Currency = Currency { code: *b"GBP", exponent: 2 };
    pub const JPY: Currency = Currency { code: *b"JPY", exponent: 0 };

    /// The currency of an ISO 4217 code (any case, surrounding spaces
    /// ignored); refused when unknown or without a minor unit (gold, `XXX`).
    pub fn parse(text: &str) -> Result<Currency, ParseError> {
        let Ok(three) = <[u8; 3]>::try_from(text.trim().as_bytes()) else {
            return Err(ParseError::new(CURRENCY_HINT));
        };
        let code = three.map(|b| b.to_ascii_uppercase());
        // The common ones without a table lookup: reports read one per row.
        for known in [Currency::USD, Currency::EUR, Currency::GBP, Currency::JPY] {
            if known.code == code {
                return Ok(known);
            }
        }
        let text = std::str::from_utf8(&code).map_err(|_| ParseError::new(CURRENCY_HINT))?;
        let iso = iso_currency::Currency::from_code(text).ok_or_else(|| ParseError::new(CURRENCY_HINT))?;
        let exponent =
            iso.exponent().and_then(|e| u8::try_from(e).ok()).filter(|e| *e <= 4).ok_or_else(|| {
                ParseError::new(format!("{text} has no minor unit to keep amounts in, e.g. EUR"))
            })?;
        Ok(Currency { code, exponent })
    }

    /// The three-letter code, e.g. `EUR`.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.code).unwrap_or("XXX")
    }

    /// The number of decimals of the minor unit (ISO 4217 exponent).
    pub fn exponent(self) -> u8 {
        self.exponent
    }

    /// Minor units in one whole unit: 100 for EUR, 1 for JPY, 1000 for KWD.
    pub fn scale(self) -> i64 {
        10_i64.pow(u32::from(self.exponent))
    }

    /// `whole` units of the currency in its minor unit (EUR 40 is 4000 cents).
    pub fn whole(self, whole: i64) -> Money {
        Money(whole.saturating_mul(self.scale()))
    }

    /// An amount in this currency.
    pub fn amount(self, money: Money) -> super::Amount {
        super::Amount { money, currency: self }
    }

    /// The currency a sign stands for: `$` USD, `€` EUR, `£` GBP, `¥` JPY.
    pub fn of_sign(sign: char) -> Option<Currency> {
        match sign {
            '$' => Some(Currency::USD),
            '€' => Some(Currency::EUR),
            '£' => Some(Currency::GBP),
            '¥' => Some(Currency::JPY),
            _ => None,
        }
    }

    /// An example amount typed in this currency: `1500`, `1500.50`, `12.500`.
    pub fn example(self) -> String {
        match self.exponent {
            0 => "1500".to_string(),
            n => format!("1500.{}", &"5000"[..usize::from(n)]),
        }
    }
}

impl FromStr for Currency {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Currency, ParseError> {
        Currency::parse(s)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.code(), self.exponent)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_minor_units() {
        let c = |s: &str| Currency::parse(s).map(|c| (c.to_string(), c.exponent()));
        assert_eq!(c("eur"), Ok(("EUR".into(), 2)));
        assert_eq!(c(" JPY "), Ok(("JPY".into(), 0)));
        assert_eq!(c("KWD"), Ok(("KWD".into(), 3)));
        for three in ["BHD", "OMR", "JOD", "TND"] {
            assert_eq!(c(three).unwrap().1, 3, "{three}");
        }
        assert_eq!(c("chf"), Ok(("CHF".into(), 2)));
        for bad in ["", "EU", "EURO", "ABC", "XAU", "XXX", "€"] {
            assert!(Currency::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Currency::JPY.whole(40), Money(40));
        assert_eq!(Currency::EUR.whole(40), Money(4000));
        assert_eq!(Currency::parse("KWD").unwrap().whole(40), Money(40_000));
        assert_eq!(Currency::of_sign('€'), Some(Currency::EUR));
        assert_eq!(Currency::parse("KWD").unwrap().example(), "1500.500");
        assert_eq!(Currency::JPY.example(), "1500");
    }
}
