//! Short codes typed on the command line and carried by import: invoice
//! numbers (SPEC 6: up to 40 letters, digits and `-_./#`, not starting with
//! `.`) and contract kinds (`hourly`, `fixed`, `retainer`).

use super::ParseError;

/// The longest invoice number.
pub const NUMBER_CHARS: usize = 40;

/// An invoice number as given: `INV-0042`, `2026/7`, `A#12`.
pub fn invoice_number(s: &str) -> Result<String, ParseError> {
    let ok = !s.is_empty()
        && s.len() <= NUMBER_CHARS
        && !s.starts_with('.')
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./#".contains(&b));
    if ok {
        Ok(s.to_string())
    } else {
        Err(ParseError::new(
            "expected up to 40 letters, digits and - _ . / # (not starting with .), e.g. INV-0042",
        ))
    }
}

/// A contract kind, lower-cased: `hourly`, `fixed` or `retainer`.
pub fn contract_kind(s: &str) -> Result<String, ParseError> {
    let k = s.trim().to_ascii_lowercase();
    match k.as_str() {
        "hourly" | "fixed" | "retainer" => Ok(k),
        _ => Err(ParseError::new("expected hourly, fixed or retainer, e.g. retainer")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for good in ["INV-0042", "2026/7", "A#12", "x.y_z", &"9".repeat(40)] {
            assert_eq!(invoice_number(good).as_deref(), Ok(good), "{good}");
        }
        for bad in ["", ".hidden", "INV 1", "INV\u{1b}1", "Rö-1", &"9".repeat(41), " INV-1"] {
            assert!(invoice_number(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn kinds() {
        assert_eq!(contract_kind(" Retainer ").as_deref(), Ok("retainer"));
        assert!(contract_kind("monthly").is_err());
    }
}
