//! Flags: every broken expectation `check` reports, with a stable key and
//! code (SPEC 8). Each detector turns plain data into `Vec<Flag>`; `check`
//! only gathers them. Pure: no SQL, no clock.

pub mod chaser;
pub mod communication;
pub mod contact;
pub mod contract;
pub mod money;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, TimeZone};
use serde::{Serialize, Serializer};

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

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One broken expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// Stable identity: `CODE:` and the subject, e.g. `late-reply:message:12`.
    pub key: String,
    pub code: Code,
    pub severity: Severity,
    pub party: Party,
    /// The client's handle.
    pub client: String,
    /// What the flag is about, e.g. `invoice INV-0007`.
    pub subject: String,
    /// When it became due or happened.
    #[serde(serialize_with = "crate::values::serialize_instant")]
    pub at: DateTime<FixedOffset>,
    /// One sentence a person can act on.
    pub detail: String,
    /// Hidden by `expect dismiss` (listed only with `check --all`).
    pub dismissed: bool,
    /// Whether it records a past event (listed within `--since`) rather than
    /// a state that lasts while its cause is open.
    #[serde(skip)]
    pub event: bool,
}

impl Flag {
    /// The keys of its JSON object (the CSV header, also of an empty list).
    pub const KEYS: &'static [&'static str] =
        &["key", "code", "severity", "party", "client", "subject", "at", "detail", "dismissed"];
}

impl Flag {
    /// A flag of `code` on `client`; `key_subject` is what follows `CODE:` in
    /// the key (`invoice:INV-0007`).
    pub fn new<Tz: TimeZone>(
        code: Code,
        client: &str,
        key_subject: &str,
        subject: impl Into<String>,
        at: &DateTime<Tz>,
        detail: impl Into<String>,
    ) -> Flag {
        let code_text = code.as_str();
        let mut key = String::with_capacity(code_text.len() + 1 + key_subject.len());
        key.push_str(code_text);
        key.push(':');
        key.push_str(key_subject);
        Flag {
            key,
            code,
            severity: code.severity(),
            party: code.party(),
            client: client.to_string(),
            subject: subject.into(),
            at: at.fixed_offset(),
            detail: detail.into(),
            dismissed: false,
            event: false,
        }
    }

    /// A flag of `code` on invoice `number` of `client`: key
    /// `CODE:invoice:NUMBER`, subject `invoice NUMBER`.
    pub fn on_invoice<Tz: TimeZone>(
        code: Code,
        client: &str,
        number: &str,
        at: &DateTime<Tz>,
        detail: String,
    ) -> Flag {
        let mut subject = String::with_capacity(8 + number.len());
        subject.push_str("invoice ");
        subject.push_str(number);
        let mut flag = Flag::new(code, client, "", String::new(), at, detail);
        flag.key.push_str("invoice:");
        flag.key.push_str(number);
        flag.subject = subject;
        flag
    }

    /// Marks the flag as a past event.
    #[must_use]
    pub fn as_event(mut self) -> Flag {
        self.event = true;
        self
    }
}

/// Sorts flags for display: by client, then time, then key (unique, so
/// the order is total and an unstable sort gives the same one). Handles are
/// ranked once, so that most comparisons are of two numbers and a time
/// (`check` sorts two flags an overdue invoice; comparing their handles was
/// a sixth of its work).
pub fn sort(flags: &mut [Flag]) {
    let keys: Vec<(u32, DateTime<FixedOffset>)> = {
        let mut seen = HashSet::new();
        let mut handles: Vec<&str> =
            flags.iter().map(|f| f.client.as_str()).filter(|h| seen.insert(*h)).collect();
        handles.sort_unstable();
        let rank: HashMap<&str, u32> = handles.iter().enumerate().map(|(i, h)| (*h, i as u32)).collect();
        flags.iter().map(|f| (rank[f.client.as_str()], f.at)).collect()
    };
    crate::lists::sort_by_keys_then_text(flags, keys, |f| &f.key);
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
}
