//! The money keys of the config: `numbers` (how amounts are typed and
//! shown in text) and `[[reference_rates]]` (half-years of the statutory
//! reference rates to add to or correct in the built-in table), each bad
//! value named by file, line and key.

use serde::Deserialize;
use toml::Spanned;

use super::Checker;
use crate::error::UserError;
use crate::money::{ReferenceRate, ReferenceRates};
use crate::values::{Numbers, ParseError, RateScheme};

/// One `[[reference_rates]]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReferenceRate {
    scheme: Spanned<String>,
    from: Spanned<String>,
    rate: Spanned<String>,
}

/// `numbers = "1,234.56" | "1.234,56" | "1 234,56"`.
pub(super) fn numbers(c: &Checker<'_>, raw: Option<&Spanned<String>>) -> Result<Numbers, UserError> {
    match raw {
        Some(n) => c.check("numbers", n, n.get_ref(), |s| Numbers::parse(s)),
        None => Ok(Numbers::default()),
    }
}

/// The built-in reference rates with the config's entries added (config
/// wins; one entry per scheme and half-year).
pub(super) fn reference_rates(
    c: &Checker<'_>,
    raw: Option<&Vec<RawReferenceRate>>,
) -> Result<ReferenceRates, UserError> {
    let Some(list) = raw else {
        return Ok(ReferenceRates::builtin().clone());
    };
    let mut entries: Vec<ReferenceRate> = Vec::new();
    for r in list {
        let scheme =
            c.check("reference_rates.scheme", &r.scheme, r.scheme.get_ref(), |s| s.parse::<RateScheme>())?;
        let from = c.check("reference_rates.from", &r.from, r.from.get_ref(), |s| {
            s.trim()
                .parse::<chrono::NaiveDate>()
                .map_err(|_| ParseError::new("expected the first day of a half-year, e.g. 2026-07-01"))
        })?;
        let rate =
            c.check("reference_rates.rate", &r.rate, r.rate.get_ref(), |s| ReferenceRate::parse_rate(s))?;
        let entry = c.check("reference_rates.from", &r.from, r.from.get_ref(), |_| {
            ReferenceRate::new(scheme, from, rate)
        })?;
        if entries.iter().any(|e| (e.scheme, e.from) == (scheme, from)) {
            return Err(c.fail(
                r.from.span(),
                "reference_rates.from",
                r.from.get_ref(),
                &format!("a second entry for scheme {scheme} and this half-year"),
            ));
        }
        entries.push(entry);
    }
    Ok(ReferenceRates::with_overrides(&entries))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::NaiveDate;

    use crate::config::Config;
    use crate::values::{Numbers, Percent, RateScheme};

    fn parse(text: &str) -> anyhow::Result<Config> {
        Config::parse(Path::new("/c/config.toml"), text)
    }

    #[test]
    fn reference_rates_add_to_the_table_and_bad_ones_name_their_line() {
        let cfg = parse(
            "numbers = \"1.234,56\"\n[[reference_rates]]\nscheme = \"de\"\nfrom = \"2026-07-01\"\nrate = \"1.52%\"\n",
        )
        .unwrap();
        assert_eq!(cfg.numbers, Numbers::Dot);
        let day = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let r = cfg.reference_rates.on(RateScheme::De, day);
        assert!(r.known);
        assert_eq!(r.rate, Percent(15_200));
        let bad = |text: &str| parse(text).unwrap_err().to_string();
        assert_eq!(
            bad("[[reference_rates]]\nscheme = \"fr\"\nfrom = \"2026-07-01\"\nrate = \"1%\"\n"),
            "/c/config.toml:2: reference_rates.scheme = \"fr\": expected a reference-rate scheme: eu, de or uk, e.g. de"
        );
        assert_eq!(
            bad("[[reference_rates]]\nscheme = \"de\"\nfrom = \"2026-07-02\"\nrate = \"1%\"\n"),
            "/c/config.toml:3: reference_rates.from = \"2026-07-02\": expected the first day of a half-year, e.g. 2026-07-01"
        );
        assert!(bad("[[reference_rates]]\nscheme = \"de\"\nfrom = \"2026-07-01\"\nrate = \"1.27\"\n")
            .starts_with("/c/config.toml:4: reference_rates.rate = \"1.27\""));
        assert!(bad("[[reference_rates]]\nscheme = \"de\"\nfrom = \"2026-07-01\"\n")
            .contains("missing field `rate`"));
        assert!(bad("numbers = \"1234.56\"\n").starts_with("/c/config.toml:1: numbers = \"1234.56\""));
    }
}
