//! The people of a message's `From`, `To` and `Cc`: what `mail-parser` made
//! of an address header, flattened (groups dissolve into their members) and
//! kept only where the address is an e-mail as PERSON accepts it.

use mail_parser::{Addr, Address};

use super::message::to_text;
use crate::values::parse_email;

/// One person named in an address header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// The display name exactly as decoded (RFC 2047 words, quotes and
    /// escapes undone, a `(comment)` name taken), with NUL removed and line
    /// breaks as spaces; `None` when there is none.
    pub name: Option<String>,
    /// The address as written, trimmed.
    pub email: String,
    /// The address in lower case: what people are matched by.
    pub email_key: String,
}

impl Mailbox {
    /// A mailbox from an address and an optional display name, or `None`
    /// when the address is not an e-mail (`undisclosed-recipients`, a URL,
    /// nothing at all).
    pub fn new(email: &str, name: Option<&str>) -> Option<Mailbox> {
        let email = parse_email(email).ok()?;
        let name = name.map(to_text).filter(|n| !n.trim().is_empty());
        let email_key = email.to_lowercase();
        Some(Mailbox { name, email, email_key })
    }

    fn from_addr(addr: &Addr<'_>) -> Option<Mailbox> {
        Mailbox::new(addr.address.as_deref()?, addr.name.as_deref())
    }
}

/// Every mailbox of a parsed address header, in order, groups flattened,
/// entries without a usable e-mail dropped.
pub(super) fn mailboxes(address: &Address<'_>) -> Vec<Mailbox> {
    match address {
        Address::List(list) => list.iter().filter_map(Mailbox::from_addr).collect(),
        Address::Group(groups) => {
            groups.iter().flat_map(|g| g.addresses.iter()).filter_map(Mailbox::from_addr).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mb(name: Option<&str>, email: &str) -> Mailbox {
        Mailbox { name: name.map(str::to_string), email: email.to_string(), email_key: email.to_lowercase() }
    }

    #[test]
    fn new_keeps_the_name_and_lowers_the_key() {
        assert_eq!(
            Mailbox::new(" Jane@Acme.Example ", Some("Doe, Jane")),
            Some(Mailbox {
                name: Some("Doe, Jane".to_string()),
                email: "Jane@Acme.Example".to_string(),
                email_key: "jane@acme.example".to_string(),
            })
        );
        assert_eq!(Mailbox::new("jane@acme.example", Some("  ")), Some(mb(None, "jane@acme.example")));
        assert_eq!(
            Mailbox::new("jane@acme.example", Some("Jane\r\nDoe\0")),
            Some(mb(Some("Jane Doe"), "jane@acme.example"))
        );
        assert_eq!(Mailbox::new("undisclosed-recipients", None), None);
        assert_eq!(Mailbox::new("", Some("Jane")), None);
        assert_eq!(Mailbox::new("a@b@c", None), None);
    }

    #[test]
    fn groups_are_flattened_and_unusable_entries_dropped() {
        let parsed = mail_parser::MessageParser::new()
            .parse_headers(
                b"From: x@studio.example\nTo: team: \"Doe, Jane\" <jane@acme.example>, bob@acme.example;, \
                  undisclosed-recipients:;\n\n",
            )
            .unwrap();
        assert_eq!(
            mailboxes(parsed.to().unwrap()),
            vec![mb(Some("Doe, Jane"), "jane@acme.example"), mb(None, "bob@acme.example")]
        );
    }
}
