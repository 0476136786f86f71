//! PERSON (SPEC section 3): `Jane Doe <jane@acme.example>`, an e-mail alone
//! or a name alone, and the e-mail addresses inside it.

use std::fmt;
use std::str::FromStr;

use super::ParseError;

const PERSON_HINT: &str = "expected a name, an e-mail or both, e.g. \"Jane Doe <jane@acme.example>\"";
const EMAIL_HINT: &str = "expected an e-mail address, e.g. jane@acme.example";

/// The longest name accepted, in characters.
const MAX_NAME_CHARS: usize = 200;

/// The longest e-mail address accepted, in bytes (the SMTP limit).
const MAX_EMAIL_BYTES: usize = 254;

/// An e-mail address: exactly one `@` with text on both sides, and no
/// whitespace, control characters, `<`, `>` or `,`; at most 254 bytes.
/// Returned trimmed, with its case kept.
pub fn parse_email(s: &str) -> Result<String, ParseError> {
    let t = s.trim();
    let ok = t.len() <= MAX_EMAIL_BYTES
        && t.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
        && t.matches('@').count() == 1
        && !t.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ','));
    if ok {
        Ok(t.to_string())
    } else {
        Err(ParseError::new(EMAIL_HINT))
    }
}

/// Collapses runs of whitespace to one space and trims.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name with its whitespace collapsed and one pair of surrounding double
/// quotes removed (`"Doe, Jane"`); `Ok(None)` when nothing is left.
fn parse_name(s: &str) -> Result<Option<String>, ParseError> {
    let hint = || ParseError::new(PERSON_HINT);
    let quoted = |n: &str| n.len() >= 2 && n.starts_with('"') && n.ends_with('"');
    if s.contains(['\n', '\r']) {
        // A line break is bad input (SPEC 3), not a space to fold.
        return Err(ParseError::new(format!("a name may not hold a line break; {PERSON_HINT}")));
    }
    let mut name = collapse(s);
    if quoted(&name) {
        name = collapse(&name[1..name.len() - 1]);
        if quoted(&name) {
            return Err(hint());
        }
    }
    if name.is_empty() {
        return Ok(None);
    }
    if name.chars().count() > MAX_NAME_CHARS || name.chars().any(|c| c.is_control() || matches!(c, '<' | '>'))
    {
        return Err(hint());
    }
    Ok(Some(name))
}

/// A person: a name, an e-mail address, or both (never neither once parsed).
///
/// Parsed from `Jane Doe <jane@acme.example>`, `<jane@acme.example>`,
/// `jane@acme.example` or `Jane Doe`. Input without `<...>` that contains an
/// `@` must be an e-mail. Names are trimmed, their inner whitespace collapsed
/// to single spaces, at most 200 characters, without `<`, `>` or control
/// characters; in the `<...>` form a name may be wrapped in double quotes
/// (`"Doe, Jane" <jane@acme.example>`), which are dropped. The e-mail is kept
/// as written; compare with [`Person::email_key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The display name, normalised.
    pub name: Option<String>,
    /// The e-mail address as written (trimmed).
    pub email: Option<String>,
}

impl Person {
    /// The e-mail in lower case, the key people are matched by when known.
    pub fn email_key(&self) -> Option<String> {
        self.email.as_ref().map(|e| e.to_lowercase())
    }

    /// The name in lower case, the key people are matched by when no e-mail
    /// is known.
    pub fn name_key(&self) -> Option<String> {
        self.name.as_ref().map(|n| n.to_lowercase())
    }
}

impl FromStr for Person {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let hint = || ParseError::new(PERSON_HINT);
        let t = s.trim();
        if let Some((before, after)) = t.split_once('<') {
            let inner = after.strip_suffix('>').ok_or_else(hint)?;
            let email = parse_email(inner).map_err(|_| hint())?;
            let name = parse_name(before)?;
            return Ok(Person { name, email: Some(email) });
        }
        if t.contains('>') {
            return Err(hint());
        }
        if t.contains('@') {
            let email = parse_email(t).map_err(|_| hint())?;
            return Ok(Person { name: None, email: Some(email) });
        }
        let name = parse_name(t)?.ok_or_else(hint)?;
        Ok(Person { name: Some(name), email: None })
    }
}

impl fmt::Display for Person {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.name, &self.email) {
            (Some(name), Some(email)) => write!(f, "{name} <{email}>"),
            (Some(name), None) => f.write_str(name),
            (None, Some(email)) => f.write_str(email),
            (None, None) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn person(name: Option<&str>, email: Option<&str>) -> Person {
        Person { name: name.map(str::to_string), email: email.map(str::to_string) }
    }

    #[test]
    fn good() {
        let p = |s: &str| s.parse::<Person>();
        assert_eq!(
            p("Jane Doe <jane@acme.example>"),
            Ok(person(Some("Jane Doe"), Some("jane@acme.example")))
        );
        assert_eq!(
            p("  Jane \t  Doe<Jane@Acme.Example>  "),
            Ok(person(Some("Jane Doe"), Some("Jane@Acme.Example")))
        );
        assert_eq!(p("jane@acme.example"), Ok(person(None, Some("jane@acme.example"))));
        assert_eq!(p("<jane@acme.example>"), Ok(person(None, Some("jane@acme.example"))));
        assert_eq!(p("< jane@acme.example >"), Ok(person(None, Some("jane@acme.example"))));
        assert_eq!(p("Jane Doe"), Ok(person(Some("Jane Doe"), None)));
        assert_eq!(p("Zoë O'Brien-Søndergaard"), Ok(person(Some("Zoë O'Brien-Søndergaard"), None)));
        assert_eq!(
            p("\"Doe, Jane\" <jane@acme.example>"),
            Ok(person(Some("Doe, Jane"), Some("jane@acme.example")))
        );
        assert_eq!(p("\"\" <jane@acme.example>"), Ok(person(None, Some("jane@acme.example"))));
        assert_eq!(p("jane@localhost"), Ok(person(None, Some("jane@localhost"))));
        assert_eq!(p(&"x".repeat(200)), Ok(person(Some(&"x".repeat(200)), None)));
    }

    #[test]
    fn bad() {
        for bad in [
            "",
            "   ",
            "<>",
            "Jane <>",
            "Jane <jane>",
            "Jane <jane@acme.example",
            "Jane jane@acme.example>",
            "Jane <jane@acme.example> Doe",
            "Jane <a@b> <c@d>",
            "jane@@acme.example",
            "jane@acme@example",
            "@acme.example",
            "jane@",
            "jane doe@acme.example",
            "jane@acme.example, joe@acme.example",
            "Jane <jane doe@acme.example>",
            "Jane\u{7}Doe",
            "\"\"Jane\"\" <jane@acme.example>",
            "\"\"",
            "Jane > Doe",
        ] {
            assert_eq!(bad.parse::<Person>(), Err(ParseError::new(PERSON_HINT)), "{bad:?}");
        }
        assert!("x".repeat(201).parse::<Person>().is_err());
    }

    #[test]
    fn display_and_keys() {
        let both = person(Some("Jane Doe"), Some("Jane@Acme.Example"));
        assert_eq!(both.to_string(), "Jane Doe <Jane@Acme.Example>");
        assert_eq!(both.email_key().as_deref(), Some("jane@acme.example"));
        assert_eq!(both.name_key().as_deref(), Some("jane doe"));
        assert_eq!(person(None, Some("jane@acme.example")).to_string(), "jane@acme.example");
        assert_eq!(person(Some("Jane Doe"), None).to_string(), "Jane Doe");
        assert_eq!(person(Some("Jane Doe"), None).email_key(), None);
    }

    #[test]
    fn emails() {
        assert_eq!(parse_email(" jane@acme.example "), Ok("jane@acme.example".to_string()));
        assert_eq!(parse_email("J.Doe+x@Acme.Example"), Ok("J.Doe+x@Acme.Example".to_string()));
        for bad in
            ["", "jane", "jane@", "@acme", "a@b@c", "a b@c", "<a@b>", "a@b,c", "a@b\u{0}", "Jane <a@b>"]
        {
            assert_eq!(parse_email(bad), Err(ParseError::new(EMAIL_HINT)), "{bad:?}");
        }
        let long = format!("{}@acme.example", "x".repeat(250));
        assert!(parse_email(&long).is_err());
    }

    fn arb_name() -> impl Strategy<Value = String> {
        proptest::collection::vec("[\\p{L}\\p{N}.,'&()@\"-]{1,12}", 1..5)
            .prop_map(|words| words.join(" "))
            .prop_filter("not wrapped in quotes", |n| {
                !(n.len() >= 2 && n.starts_with('"') && n.ends_with('"'))
            })
    }

    fn arb_email() -> impl Strategy<Value = String> {
        "[A-Za-z0-9._+'\"-]{1,16}@[A-Za-z0-9.-]{1,16}"
    }

    fn arb_person() -> impl Strategy<Value = Person> {
        prop_oneof![
            (arb_name(), arb_email()).prop_map(|(n, e)| Person { name: Some(n), email: Some(e) }),
            arb_email().prop_map(|e| Person { name: None, email: Some(e) }),
            arb_name()
                .prop_filter("a bare name has no @", |n| !n.contains('@'))
                .prop_map(|n| Person { name: Some(n), email: None }),
        ]
    }

    proptest! {
        #[test]
        fn round_trips(p in arb_person()) {
            prop_assert_eq!(p.to_string().parse::<Person>(), Ok(p));
        }

        #[test]
        fn parsed_round_trips(s in "[a-zA-Z \"<>@.,]{0,30}") {
            if let Ok(p) = s.parse::<Person>() {
                prop_assert!(p.name.is_some() || p.email.is_some());
                prop_assert_eq!(p.to_string().parse::<Person>(), Ok(p));
            }
        }

        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = s.parse::<Person>();
            let _ = parse_email(&s);
        }
    }
}
