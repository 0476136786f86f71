//! DOMAIN (SPEC 5, `add-client --domain`): a client's mail domain, as the
//! part of an address after its `@`. Kept in lower case without a trailing
//! dot, so `Acme.Example.` and `acme.example` are one domain; an `@` in
//! front (`@acme.example`) is allowed, as people often write it.

use std::fmt;
use std::str::FromStr;

use super::ParseError;

const HINT: &str = "expected a mail domain, e.g. acme.example";

/// A mail domain: dot-separated labels of letters, digits and `-` (not at
/// either end of a label), at least two labels, at most 253 characters;
/// lower case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Domain(String);

impl Domain {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Domain {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Domain, ParseError> {
        let t = s.trim();
        let t = t.strip_prefix('@').unwrap_or(t);
        let t = t.strip_suffix('.').unwrap_or(t).to_ascii_lowercase();
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        };
        if t.len() > 253 || t.split('.').count() < 2 || !t.split('.').all(label_ok) {
            return Err(ParseError::new(HINT));
        }
        Ok(Domain(t))
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_lower_case_without_decoration() {
        let d = |s: &str| s.parse::<Domain>().map(|d| d.to_string());
        assert_eq!(d("acme.example").as_deref(), Ok("acme.example"));
        assert_eq!(d(" @Acme.Example. ").as_deref(), Ok("acme.example"));
        assert_eq!(d("mail.acme-corp.co.uk").as_deref(), Ok("mail.acme-corp.co.uk"));
        assert_eq!(d("xn--mnchen-3ya.example").as_deref(), Ok("xn--mnchen-3ya.example"));
        for bad in [
            "",
            "acme",
            "jane@acme.example",
            "acme..example",
            "-acme.example",
            "acme-.example",
            "a b.example",
            "ac_me.example",
            "münchen.example",
        ] {
            assert_eq!(d(bad), Err(ParseError::new(HINT)), "{bad:?}");
        }
        assert!(format!("{}.example", "a".repeat(64)).parse::<Domain>().is_err());
        assert!(format!("{}.example", "a".repeat(63)).parse::<Domain>().is_ok());
    }
}
