//! HANDLE (SPEC section 3): the short slug that names a client or a team
//! member on the command line, `[a-z0-9][a-z0-9-]*`, at most 32 characters.

use std::fmt;
use std::str::FromStr;

use super::ParseError;

const HANDLE_HINT: &str = "expected lower-case letters, digits and dashes, starting with a letter or digit, at most 32 characters, e.g. acme";

/// The longest handle, in characters.
const MAX_LEN: usize = 32;

/// A client's or team member's handle: `acme`, `me`, `big-co-2`.
///
/// Only constructed through parsing, so it always matches
/// `[a-z0-9][a-z0-9-]*` and has at most 32 characters. Surrounding
/// whitespace is ignored; upper case is refused, not folded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Handle(String);

impl Handle {
    /// The handle's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The handle's text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl FromStr for Handle {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let valid = t.len() <= MAX_LEN
            && t.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && t.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            Ok(Handle(t.to_string()))
        } else {
            Err(ParseError::new(HANDLE_HINT))
        }
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Handle {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn good() {
        for (input, text) in [
            ("acme", "acme"),
            ("me", "me"),
            ("big-co-2", "big-co-2"),
            ("2go", "2go"),
            ("a", "a"),
            ("x-", "x-"),
            (" acme ", "acme"),
            ("abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz012345"),
        ] {
            let h: Handle = input.parse().expect(input);
            assert_eq!(h.as_str(), text);
            assert_eq!(h.to_string(), text);
            assert_eq!(h.as_ref(), text);
            assert_eq!(h.into_string(), text);
        }
    }

    #[test]
    fn bad() {
        for bad in [
            "",
            "-acme",
            "Acme",
            "ACME",
            "acme co",
            "acme_co",
            "acme.co",
            "abcdefghijklmnopqrstuvwxyz0123456",
            "café",
            "ａcme",
            "a\u{0}",
        ] {
            assert_eq!(bad.parse::<Handle>(), Err(ParseError::new(HANDLE_HINT)), "{bad:?}");
        }
    }

    #[test]
    fn ordering_is_textual() {
        let a: Handle = "acme".parse().expect("valid");
        let b: Handle = "beta".parse().expect("valid");
        assert!(a < b);
    }

    proptest! {
        #[test]
        fn round_trips(s in "[a-z0-9][a-z0-9-]{0,31}") {
            let h: Handle = s.parse().expect("generated handles are valid");
            prop_assert_eq!(h.as_str(), s.as_str());
            prop_assert_eq!(h.to_string().parse::<Handle>(), Ok(h));
        }

        #[test]
        fn never_panics(s in any::<String>()) {
            if let Ok(h) = s.parse::<Handle>() {
                prop_assert!(h.as_str().len() <= 32);
            }
        }
    }
}
