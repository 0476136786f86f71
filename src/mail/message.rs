//! One message's bytes turned into a [`Mail`]: the headers `ingest` needs,
//! decoded by `mail-parser` (addresses, RFC 2047 words in any charset,
//! message ids) and `chrono` (dates, obsolete RFC 822 forms included). Only
//! headers are parsed; the body is read only for the digest that names a
//! message without a `Message-ID`.

use chrono::{DateTime, FixedOffset, NaiveDate};
use mail_parser::{Header, HeaderName, HeaderValue, Message, MessageParser};
use thiserror::Error;

use super::address::{mailboxes, Mailbox};
use super::automatic::{classify, Automatic};
use super::digest;

/// The longest subject kept, in characters (TEXT's limit for a one-line
/// field, SPEC section 3); longer ones are cut.
const MAX_SUBJECT_CHARS: usize = 1000;

/// Why bytes are not a message `ingest` can use.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MailError {
    /// Nothing at all, or only whitespace.
    #[error("not a message: the file is empty")]
    Empty,
    /// No header line could be read.
    #[error("not a message: no header lines")]
    NoHeaders,
    /// Headers, but no `From` (binary junk, a text file with a colon).
    #[error("not a message: no From header")]
    NoFrom,
    /// A `From` without any e-mail address in it; holds the header's text,
    /// at most 80 characters.
    #[error("unreadable From header {0:?}: expected an e-mail address, e.g. Jane Doe <jane@acme.example>")]
    BadFrom(String),
}

/// What `ingest` keeps of one message: headers and the subject, never the
/// body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The `Message-ID` without angle brackets; `None` when missing or empty.
    pub message_id: Option<String>,
    /// The name the message is known by across runs: the `Message-ID`, or
    /// for a message without one a `sha256:<hex>` digest of its `From`,
    /// `Date`, `Subject` and first 4 KiB of body (see [`super::DIGEST_PREFIX`]).
    pub key: String,
    /// The first mailbox of `From`.
    pub from: Mailbox,
    /// Every mailbox of `To`, in order, groups flattened.
    pub to: Vec<Mailbox>,
    /// Every mailbox of `Cc`, in order, groups flattened.
    pub cc: Vec<Mailbox>,
    /// The `Date`; `None` when missing or unreadable (the caller then uses
    /// the file's modification time).
    pub date: Option<DateTime<FixedOffset>>,
    /// The subject as one line of TEXT: RFC 2047 words decoded, unfolded,
    /// every line break and tab a space, NUL removed, trimmed, at most 1,000
    /// characters; empty when there is none.
    pub subject: String,
    /// The ids of `In-Reply-To`, without angle brackets.
    pub in_reply_to: Vec<String>,
    /// The ids of `References`, without angle brackets, oldest first.
    pub references: Vec<String>,
    /// Why a machine sent it, or `None` when a person did.
    pub automatic: Option<Automatic>,
}

impl Mail {
    /// Parses one message. A leading mbox `From ` envelope line (as procmail
    /// pipes it) is skipped.
    pub fn parse(bytes: &[u8]) -> Result<Mail, MailError> {
        let bytes = skip_envelope(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(MailError::Empty);
        }
        let message = MessageParser::new().parse_headers(bytes).ok_or(MailError::NoHeaders)?;
        let from_header = first_header(&message, &HeaderName::From).ok_or(MailError::NoFrom)?;
        let from = from_header
            .value
            .as_address()
            .and_then(|a| mailboxes(a).into_iter().next())
            .ok_or_else(|| MailError::BadFrom(quote80(&raw_text(&message, from_header))))?;
        let message_id = first_header(&message, &HeaderName::MessageId).and_then(|h| ids(&h.value).next());
        let key = match &message_id {
            Some(id) => id.clone(),
            None => digest::key(&message, &from),
        };
        Ok(Mail {
            key,
            message_id,
            to: all_mailboxes(&message, &HeaderName::To),
            cc: all_mailboxes(&message, &HeaderName::Cc),
            from,
            date: date(&message),
            subject: first_header(&message, &HeaderName::Subject)
                .and_then(|h| h.value.as_text())
                .map(subject_text)
                .unwrap_or_default(),
            in_reply_to: all_ids(&message, &HeaderName::InReplyTo),
            references: all_ids(&message, &HeaderName::References),
            automatic: classify(&message),
        })
    }
}

/// The first header called `name` (`mail-parser`'s own look-up takes the
/// last).
pub(super) fn first_header<'a, 'x>(
    message: &'a Message<'x>,
    name: &HeaderName<'_>,
) -> Option<&'a Header<'x>> {
    message.root_part().headers.iter().find(|h| &h.name == name)
}

/// The bytes of a header's value as written, folding included.
pub(super) fn raw_value<'a>(message: &'a Message<'_>, header: &Header<'_>) -> &'a [u8] {
    message.raw_message().get(header.offset_start as usize..header.offset_end as usize).unwrap_or_default()
}

/// A header's value as written, unfolded and trimmed, invalid UTF-8
/// replaced.
fn raw_text(message: &Message<'_>, header: &Header<'_>) -> String {
    let unfolded: Vec<u8> =
        raw_value(message, header).iter().copied().filter(|b| *b != b'\r' && *b != b'\n').collect();
    String::from_utf8_lossy(&unfolded).trim().to_string()
}

fn quote80(s: &str) -> String {
    s.chars().take(80).collect()
}

/// `bytes` without a first line that starts with `From ` (an mbox
/// envelope line, never a header: headers have a colon after the name).
fn skip_envelope(bytes: &[u8]) -> &[u8] {
    if !bytes.starts_with(b"From ") {
        return bytes;
    }
    match bytes.iter().position(|b| *b == b'\n') {
        Some(end) => &bytes[end + 1..],
        None => &[],
    }
}

/// Text made fit for a one-line TEXT field: CR LF, CR, LF and tab become
/// one space each, NUL is removed; everything else is kept as it is.
pub(super) fn to_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\0' => {}
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
            }
            '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn subject_text(s: &str) -> String {
    to_text(s).trim().chars().take(MAX_SUBJECT_CHARS).collect::<String>().trim_end().to_string()
}

fn all_mailboxes(message: &Message<'_>, name: &HeaderName<'_>) -> Vec<Mailbox> {
    message.header_values(name.clone()).filter_map(HeaderValue::as_address).flat_map(mailboxes).collect()
}

fn all_ids(message: &Message<'_>, name: &HeaderName<'_>) -> Vec<String> {
    message.header_values(name.clone()).flat_map(ids).collect()
}

/// The message ids of an id header, without angle brackets; ids that are
/// empty or hold whitespace or control characters are dropped.
fn ids<'a>(value: &'a HeaderValue<'_>) -> Box<dyn Iterator<Item = String> + 'a> {
    let clean = |id: &str| {
        let id = id.trim().trim_start_matches('<').trim_end_matches('>');
        (!id.is_empty() && !id.chars().any(|c| c.is_whitespace() || c.is_control())).then(|| id.to_string())
    };
    match value {
        HeaderValue::Text(id) => Box::new(clean(id).into_iter()),
        HeaderValue::TextList(list) => Box::new(list.iter().filter_map(move |id| clean(id))),
        _ => Box::new(std::iter::empty()),
    }
}

/// The `Date`: RFC 2822 as `chrono` reads it (obsolete forms such as
/// two-digit years, named zones and missing seconds included, and a weekday
/// that must match), else `mail-parser`'s more lenient reading (a wrong
/// weekday, a missing comma), else `None`.
fn date(message: &Message<'_>) -> Option<DateTime<FixedOffset>> {
    let header = first_header(message, &HeaderName::Date)?;
    let text = raw_text(message, header);
    if let Ok(date) = DateTime::parse_from_rfc2822(&text) {
        return Some(date);
    }
    let d = header.value.as_datetime().filter(|d| d.is_valid())?;
    let offset_secs =
        (i32::from(d.tz_hour) * 3600 + i32::from(d.tz_minute) * 60) * if d.tz_before_gmt { -1 } else { 1 };
    let offset = FixedOffset::east_opt(offset_secs)?;
    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))?
        .and_hms_opt(u32::from(d.hour), u32::from(d.minute), u32::from(d.second))?
        .and_local_timezone(offset)
        .single()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(headers: &str) -> Result<Mail, MailError> {
        Mail::parse(format!("{headers}\n\nbody\n").as_bytes())
    }

    #[test]
    fn not_a_message() {
        assert_eq!(Mail::parse(b""), Err(MailError::Empty));
        assert_eq!(Mail::parse(b" \r\n\n\t"), Err(MailError::Empty));
        assert_eq!(Mail::parse(b"From jane@acme.example Tue Dec  1 10:00:00 2026\n"), Err(MailError::Empty));
        assert_eq!(Mail::parse(b"just some words\nand more words\n"), Err(MailError::NoHeaders));
        assert_eq!(Mail::parse(&[0xff, 0xfe, 0x00, 0x01, 0x02]), Err(MailError::NoFrom));
        assert_eq!(parse("To: sam@studio.example\nSubject: hi"), Err(MailError::NoFrom));
        assert_eq!(parse("From: Jane Doe\nSubject: hi"), Err(MailError::BadFrom("Jane Doe".to_string())));
        assert_eq!(
            parse("From: undisclosed-recipients:;"),
            Err(MailError::BadFrom("undisclosed-recipients:;".to_string()))
        );
        assert_eq!(MailError::NoFrom.to_string(), "not a message: no From header");
    }

    #[test]
    fn subjects_become_one_line_of_text() {
        let subject = |raw: &str| parse(&format!("From: jane@acme.example\nSubject: {raw}")).unwrap().subject;
        assert_eq!(subject("=?UTF-8?Q?one=0D=0Atwo=0Athree=00four?="), "one two threefour");
        assert_eq!(subject("=?UTF-8?B?dGFiCWhlcmU=?="), "tab here");
        assert_eq!(subject("folded\r\n  twice\n\tover"), "folded twice over");
        assert_eq!(subject("=?ISO-8859-1?Q?Caf=E9?= =?ISO-8859-1?Q?_cr=E8me?="), "Café crème");
        assert_eq!(subject("=?utf-8?q?=E2=82=AC_1.500,00?="), "€ 1.500,00");
        assert_eq!(subject("=?windows-1252?Q?=80_and_=93quotes=94?="), "€ and \u{201c}quotes\u{201d}");
        assert_eq!(subject("=?iso-2022-jp?B?GyRCRnxLXDhsGyhC?="), "日本語");
        assert_eq!(subject(&"x".repeat(1200)).chars().count(), 1000);
        assert_eq!(parse("From: jane@acme.example").unwrap().subject, "");
    }

    #[test]
    fn ids_lose_their_brackets() {
        let mail = parse(
            "From: jane@acme.example\nMessage-ID:  < a@b > \nIn-Reply-To: <x@y> (Jane's message)\n\
             References: <1@a>\n <2@a>\tjunk <3@a>\nReferences: <4@a>",
        )
        .unwrap();
        assert_eq!(mail.in_reply_to, vec!["x@y"]);
        assert_eq!(mail.references, vec!["1@a", "2@a", "3@a", "4@a"]);
        let mail = parse("From: jane@acme.example\nMessage-ID: <>").unwrap();
        assert_eq!(mail.message_id, None);
        assert!(mail.key.starts_with("sha256:"), "{}", mail.key);
    }

    #[test]
    fn dates() {
        let date = |raw: &str| {
            parse(&format!("From: jane@acme.example\nDate: {raw}")).unwrap().date.map(|d| d.to_rfc3339())
        };
        let is = |s: &str| Some(s.to_string());
        assert_eq!(date("Fri, 27 Nov 2026 16:05:07 +0100"), is("2026-11-27T16:05:07+01:00"));
        assert_eq!(date("Fri, 27 Nov 26 16:05 EST"), is("2026-11-27T16:05:00-05:00"));
        assert_eq!(date("27 Nov 2026 16:05 -0500"), is("2026-11-27T16:05:00-05:00"));
        assert_eq!(date("Thu, 3 Dec 2026 10:42:17 +0100 (CET)"), is("2026-12-03T10:42:17+01:00"));
        assert_eq!(date("Fri,\r\n 27 Nov 2026\r\n 16:05:07 GMT"), is("2026-11-27T16:05:07+00:00"));
        // A wrong weekday: chrono refuses, mail-parser reads it.
        assert_eq!(date("Fri, 27 Nov 96 16:05:00 -0500"), is("1996-11-27T16:05:00-05:00"));
        assert_eq!(date("Mon, 31 Feb 2026 16:05:00 +0000"), None);
        assert_eq!(date("Fri, 27 Nov 2026 25:05:00 +0000"), None);
        assert_eq!(date("yesterday, around noon"), None);
        assert_eq!(date(""), None);
        assert_eq!(parse("From: jane@acme.example").unwrap().date, None);
    }

    #[test]
    fn envelope_lines_are_skipped() {
        let mail = Mail::parse(
            b"From jane@acme.example Tue Dec  1 10:00:00 2026\nFrom: jane@acme.example\nSubject: hi\n\n",
        )
        .unwrap();
        assert_eq!(mail.subject, "hi");
        assert_eq!(mail.from.email, "jane@acme.example");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let _ = Mail::parse(&bytes);
            let mut headed = b"From: jane@acme.example\nSubject: ".to_vec();
            headed.extend_from_slice(&bytes);
            if let Ok(mail) = Mail::parse(&headed) {
                proptest::prop_assert!(!mail.subject.contains(['\0', '\r', '\n']));
                proptest::prop_assert!(mail.subject.chars().count() <= 1000);
            }
        }
    }

    #[test]
    fn text_rules() {
        assert_eq!(to_text("a\r\nb\rc\nd\te\0f\u{7}"), "a b c d ef\u{7}");
        assert_eq!(to_text("  kept  "), "  kept  ");
    }
}
