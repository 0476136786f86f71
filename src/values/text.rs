//! TEXT (SPEC 3): names, subjects, roles and reasons are stored exactly as
//! given, any Unicode, at most 1,000 characters in a one-line field; NUL,
//! and a line break (LF, CR) in a one-line field, are bad input everywhere
//! (command line and import). Other control characters are kept and shown
//! escaped in text output. Also how an error quotes a value: at most 80
//! characters of it.

use super::ParseError;

/// The most characters of a one-line field.
pub const MAX_CHARS: usize = 1_000;

/// The most characters of a value an error message quotes.
pub const QUOTED_CHARS: usize = 80;

/// Checks a one-line TEXT field: not blank, at most [`MAX_CHARS`]
/// characters, no NUL, no line break.
pub fn one_line(s: &str) -> Result<(), ParseError> {
    if s.trim().is_empty() {
        return Err(ParseError::new("expected a non-empty text, e.g. \"Acme Corp\""));
    }
    if s.contains('\0') {
        return Err(ParseError::new("a text may not hold NUL (\\0)"));
    }
    if s.contains(['\n', '\r']) {
        return Err(ParseError::new("a one-line text may not hold a line break"));
    }
    let n = s.chars().count();
    if n > MAX_CHARS {
        return Err(ParseError::new(format!("expected at most {MAX_CHARS} characters, not {n}")));
    }
    Ok(())
}

/// `s` quoted for an error message (`"Acme"`, control characters escaped),
/// cut to its first [`QUOTED_CHARS`] characters with `…` when longer.
pub fn quote(s: &str) -> String {
    let mut chars = s.char_indices();
    match chars.nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("{:?}…", &s[..cut]),
        None => format!("{s:?}"),
    }
}

/// A value shown quoted by [`quote`] (for `format!` and thiserror).
#[derive(Debug, Clone, Copy)]
pub struct Quoted<'a>(pub &'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&quote(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_fields() {
        assert!(one_line("Acme Corp").is_ok());
        assert!(one_line("  spaced  out  ").is_ok());
        assert!(one_line("Zeta; \"quoted\", ünïcode \u{1b}[31m").is_ok());
        assert_eq!(one_line("").unwrap_err().0, "expected a non-empty text, e.g. \"Acme Corp\"");
        assert!(one_line("   ").is_err());
        assert_eq!(one_line("a\0b").unwrap_err().0, "a text may not hold NUL (\\0)");
        assert_eq!(one_line("a\nb").unwrap_err().0, "a one-line text may not hold a line break");
        assert!(one_line("a\rb").is_err());
        assert!(one_line(&"x".repeat(1000)).is_ok());
        assert_eq!(one_line(&"é".repeat(1001)).unwrap_err().0, "expected at most 1000 characters, not 1001");
    }

    #[test]
    fn quotes_are_short_and_escaped() {
        assert_eq!(quote("acme"), "\"acme\"");
        assert_eq!(quote("a\u{1b}b"), "\"a\\u{1b}b\"");
        let long = "x".repeat(200);
        assert_eq!(quote(&long), format!("\"{}\"…", "x".repeat(80)));
        assert_eq!(quote(&"é".repeat(81)), format!("\"{}\"…", "é".repeat(80)));
        assert_eq!(Quoted("b").to_string(), "\"b\"");
    }
}
