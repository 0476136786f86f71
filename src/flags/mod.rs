//! Flags: every broken expectation `check` reports, with a stable key and
//! code (SPEC 8). Each detector turns plain data into `Vec<Flag>`; `check`
//! only gathers them. Pure: no SQL, no clock.

pub mod chaser;
pub mod communication;
pub mod contact;
pub mod contract;
pub mod money;
mod order;
mod sentence;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, TimeZone};
use serde::{Serialize, Serializer};

pub use order::sort;
pub(crate) use sentence::{sentence, Piece};

use crate::values::ParseError;

/// How bad a flag is: violations make `check` exit 1, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Violation,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Violation => "violation",
            Severity::Warning => "warning",
        }
    }
}

/// Who broke the expectation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Party {
    Client,
    You,
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Client => "client",
            Party::You => "you",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $text:literal, $severity:ident, $party:ident, $event:literal;)*) => {
        /// The kinds of flag, with their stable text codes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)* }

        impl Code {
            /// Every code, in the order of SPEC 8's table.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            pub fn party(self) -> Party {
                match self { $(Code::$variant => Party::$party,)* }
            }

            /// Whether the code can record a past event (listed within
            /// `--since`) rather than only a state that lasts.
            pub fn can_be_event(self) -> bool {
                match self { $(Code::$variant => $event,)* }
            }
        }
    };
}

codes! {
    OverdueInvoice = "overdue-invoice", Violation, Client, false;
    SuspensionDue = "suspension-due", Violation, Client, false;
    Chaser = "chaser", Warning, Client, true;
    UnpaidCharges = "unpaid-charges", Violation, Client, false;
    BypassedContact = "bypassed-contact", Violation, Client, true;
    WrongChannel = "wrong-channel", Violation, Client, true;
    AfterCutoff = "after-cutoff", Warning, Client, true;
    RushRequest = "rush-request", Violation, Client, true;
    ClientLate = "client-late", Violation, Client, false;
    LateReply = "late-reply", Violation, You, true;
    ReplyDue = "reply-due", Warning, You, false;
    LateStart = "late-start", Violation, You, true;
    LateDelivery = "late-delivery", Violation, You, true;
    DeliveryDue = "delivery-due", Warning, You, false;
    UnpaidPhase = "unpaid-phase", Violation, You, false;
    NoContact = "no-contact", Violation, You, false;
    NoContract = "no-contract", Violation, You, false;
    ContractGap = "contract-gap", Violation, You, false;
    RateUnknown = "rate-unknown", Warning, You, false;
    UnnotifiedChange = "unnotified-change", Violation, You, false;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Code {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Code, ParseError> {
        let t = s.trim();
        Code::ALL.iter().copied().find(|c| c.as_str() == t).ok_or_else(|| {
            ParseError::new(
                "expected flag codes such as overdue-invoice,late-reply (see `expect check --help`)",
            )
        })
    }
}

/// As the unit variant it is, named by its text: JSON and CSV write the
/// name alone, and JSON writes a name without looking for escapes.
impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_unit_variant("Code", *self as u32, self.as_str())
    }
}

/// One broken expectation. Its four texts (key, client, subject, detail)
/// are held one after another in one string: `check` makes two flags an
/// overdue invoice, and four strings each were a seventh of its work
/// (making, growing and freeing them) and of its memory.
#[derive(Clone, PartialEq, Eq)]
pub struct Flag {
    /// The key, the client's handle, the subject and the detail.
    /// Boxed, as long as it is (the detectors of many flags make it the
    /// size of its texts): 48 bytes a flag, not 56.
    text: Box<str>,
    /// Where the handle, the subject and the detail start in `text`.
    starts: [u32; 3],
    pub code: Code,
    /// When it became due or happened.
    pub at: DateTime<FixedOffset>,
    /// Hidden by `expect dismiss` (listed only with `check --all`).
    pub dismissed: bool,
    /// Whether it records a past event (listed within `--since`) rather than
    /// a state that lasts while its cause is open.
    pub event: bool,
}

const _: () = assert!(std::mem::size_of::<Flag>() == 48);

impl Flag {
    /// The keys of its JSON object (the CSV header, also of an empty list).
    pub const KEYS: &'static [&'static str] =
        &["key", "code", "severity", "party", "client", "subject", "at", "detail", "dismissed"];

    /// A flag of `code` on `client`; `key_subject` is what follows `CODE:` in
    /// the key (`invoice:INV-0007`).
    pub fn new<Tz: TimeZone>(
        code: Code,
        client: &str,
        key_subject: &str,
        subject: impl AsRef<str>,
        at: &DateTime<Tz>,
        detail: impl AsRef<str>,
    ) -> Flag {
        let (subject, detail) = (subject.as_ref(), detail.as_ref());
        Flag::build(code, at, &[key_subject], client, &[subject], detail.len(), |text| text.push_str(detail))
    }

    /// A flag of `code` on invoice `number` of `client`: key
    /// `CODE:invoice:NUMBER`, subject `invoice NUMBER`, and the detail that
    /// `detail` writes (`room` bytes or about).
    pub fn on_invoice<Tz: TimeZone>(
        code: Code,
        client: &str,
        number: &str,
        at: &DateTime<Tz>,
        room: usize,
        detail: impl FnOnce(&mut String),
    ) -> Flag {
        Flag::build(code, at, &["invoice:", number], client, &["invoice ", number], room, detail)
    }

    /// The flag whose key is `CODE:` and the `key` pieces, and whose
    /// subject is the `subject` pieces; `detail` writes the detail.
    fn build<Tz: TimeZone>(
        code: Code,
        at: &DateTime<Tz>,
        key: &[&str],
        client: &str,
        subject: &[&str],
        room: usize,
        detail: impl FnOnce(&mut String),
    ) -> Flag {
        let len = |pieces: &[&str]| pieces.iter().map(|p| p.len()).sum::<usize>();
        let code_text = code.as_str();
        let mut text =
            String::with_capacity(code_text.len() + 1 + len(key) + client.len() + len(subject) + room);
        let mark = |text: &String| u32::try_from(text.len()).expect("a flag's text is under 4 GiB");
        text.push_str(code_text);
        text.push(':');
        for piece in key {
            text.push_str(piece);
        }
        let client_at = mark(&text);
        text.push_str(client);
        let subject_at = mark(&text);
        for piece in subject {
            text.push_str(piece);
        }
        let detail_at = mark(&text);
        detail(&mut text);
        Flag {
            text: text.into_boxed_str(),
            starts: [client_at, subject_at, detail_at],
            code,
            at: at.fixed_offset(),
            dismissed: false,
            event: false,
        }
    }

    /// Text `i` of the four: key, handle, subject, detail.
    fn part(&self, i: usize) -> &str {
        let begin = if i == 0 { 0 } else { self.starts[i - 1] as usize };
        let end = self.starts.get(i).map_or(self.text.len(), |&at| at as usize);
        &self.text[begin..end]
    }

    /// Stable identity: `CODE:` and the subject, e.g. `late-reply:message:12`.
    pub fn key(&self) -> &str {
        self.part(0)
    }

    /// The client's handle.
    pub fn client(&self) -> &str {
        self.part(1)
    }

    /// What the flag is about, e.g. `invoice INV-0007`.
    pub fn subject(&self) -> &str {
        self.part(2)
    }

    /// One sentence a person can act on.
    pub fn detail(&self) -> &str {
        self.part(3)
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub fn party(&self) -> Party {
        self.code.party()
    }

    /// Marks the flag as a past event.
    #[must_use]
    pub fn as_event(mut self) -> Flag {
        self.event = true;
        self
    }
}

impl fmt::Debug for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Flag")
            .field("code", &self.code)
            .field("key", &self.key())
            .field("client", &self.client())
            .field("subject", &self.subject())
            .field("at", &self.at)
            .field("detail", &self.detail())
            .field("dismissed", &self.dismissed)
            .field("event", &self.event)
            .finish_non_exhaustive()
    }
}

/// The object of SPEC 8: the keys of [`Flag::KEYS`], in that order.
impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Instant<'a>(&'a DateTime<FixedOffset>);
        impl Serialize for Instant<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                crate::values::serialize_instant(self.0, s)
            }
        }
        let mut o = s.serialize_struct("Flag", Flag::KEYS.len())?;
        o.serialize_field("key", self.key())?;
        o.serialize_field("code", &self.code)?;
        o.serialize_field("severity", &self.severity())?;
        o.serialize_field("party", &self.party())?;
        o.serialize_field("client", self.client())?;
        o.serialize_field("subject", self.subject())?;
        o.serialize_field("at", &Instant(&self.at))?;
        o.serialize_field("detail", self.detail())?;
        o.serialize_field("dismissed", &self.dismissed)?;
        o.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_the_spec_table() {
        for c in Code::ALL {
            assert_eq!(c.as_str().parse::<Code>().unwrap(), *c);
        }
        assert_eq!(Code::ALL.len(), 20);
        assert_eq!(Code::Chaser.severity(), Severity::Warning);
        assert!(Code::Chaser.can_be_event());
        assert_eq!(Code::RateUnknown.severity(), Severity::Warning);
        assert_eq!(Code::AfterCutoff.severity(), Severity::Warning);
        assert_eq!(Code::ReplyDue.severity(), Severity::Warning);
        assert_eq!(Code::DeliveryDue.severity(), Severity::Warning);
        assert_eq!(Code::UnpaidPhase.party(), Party::You);
        assert_eq!(Code::RushRequest.party(), Party::Client);
        assert!("late_reply".parse::<Code>().is_err());
    }

    #[test]
    fn a_flag_keeps_its_four_texts_apart_and_writes_the_spec_object() {
        let at = DateTime::parse_from_rfc3339("2026-11-30T16:00:00+01:00").unwrap();
        for (client, key, subject, detail) in
            [("acme", "message:12", "message 12", "late"), ("", "", "", ""), ("é", "x", "", "ü ends")]
        {
            let f = Flag::new(Code::LateReply, client, key, subject, &at, detail);
            assert_eq!(f.key(), format!("late-reply:{key}"));
            assert_eq!((f.client(), f.subject(), f.detail()), (client, subject, detail));
            assert_eq!((f.severity(), f.party()), (Severity::Violation, Party::You));
        }
        let f = Flag::on_invoice(Code::Chaser, "acme", "INV-1", &at, 0, |d| d.push_str("chase it"));
        assert_eq!((f.key(), f.subject(), f.detail()), ("chaser:invoice:INV-1", "invoice INV-1", "chase it"));
        let json = serde_json::to_value(&f).unwrap();
        let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, Flag::KEYS);
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"key":"chaser:invoice:INV-1","code":"chaser","severity":"warning","party":"client","client":"acme","subject":"invoice INV-1","at":"2026-11-30T16:00:00+01:00","detail":"chase it","dismissed":false}"#
        );
        assert!(format!("{f:?}").contains(r#"subject: "invoice INV-1""#), "{f:?}");
    }
}
