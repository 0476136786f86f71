//! The rows of the work with a client: messages, what they owe you,
//! contracts, and dismissed flags.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{instant, is_false};
use crate::store::sql::{p, params, Param, Row};
use crate::store::{conn, StoreError, Tx};
use crate::values::Decimal;

/// An inbound message or work request (table `messages`, alias `m`), with
/// the deadlines computed when it was logged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageRecord {
    pub id: i64,
    pub client_id: i64,
    pub from_contact: i64,
    pub to_member: i64,
    pub via: String,
    #[serde(with = "instant")]
    pub at: i64,
    pub subject: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub request: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub fyi: bool,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub wants: Option<i64>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub bypassed: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub wrong_channel: bool,
    /// The next opening, when a request arrived after a cutoff.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub clock_from: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub reply_target: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub reply_by: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub start_by: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub due: Option<i64>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub rush: bool,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub replied_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub closed_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub started_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub delivered_at: Option<i64>,
    /// The Message-ID (or digest) of the mail it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The open message this one follows up (it has no reply clock of its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_of: Option<i64>,
    /// The as-of time of the command that last changed it.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub changed_at: Option<i64>,
}

impl MessageRecord {
    pub const COLUMNS: &str = "m.id, m.client_id, m.from_contact, m.to_member, m.via, m.at, m.subject, \
        m.is_request, m.fyi, m.wants, m.bypassed, m.wrong_channel, m.clock_from, m.reply_target, m.reply_by, \
        m.start_by, m.due, m.rush, m.replied_at, m.closed_at, m.started_at, m.delivered_at, m.message_id, m.follow_up_of, m.changed_at";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(MessageRecord {
            id: r.get(at)?,
            client_id: r.get(at + 1)?,
            from_contact: r.get(at + 2)?,
            to_member: r.get(at + 3)?,
            via: r.get(at + 4)?,
            at: r.get(at + 5)?,
            subject: r.get(at + 6)?,
            request: r.get(at + 7)?,
            fyi: r.get(at + 8)?,
            wants: r.get(at + 9)?,
            bypassed: r.get(at + 10)?,
            wrong_channel: r.get(at + 11)?,
            clock_from: r.get(at + 12)?,
            reply_target: r.get(at + 13)?,
            reply_by: r.get(at + 14)?,
            start_by: r.get(at + 15)?,
            due: r.get(at + 16)?,
            rush: r.get(at + 17)?,
            replied_at: r.get(at + 18)?,
            closed_at: r.get(at + 19)?,
            started_at: r.get(at + 20)?,
            delivered_at: r.get(at + 21)?,
            message_id: r.get(at + 22)?,
            follow_up_of: r.get(at + 23)?,
            changed_at: r.get(at + 24)?,
        })
    }

    /// Its column values in the order of its `INSERT`, the id first.
    pub(crate) fn params(&self) -> Vec<Param<'_>> {
        let s = self;
        params![
            s.id,
            s.client_id,
            s.from_contact,
            s.to_member,
            s.via,
            s.at,
            s.subject,
            s.request,
            s.fyi,
            s.wants,
            s.bypassed,
            s.wrong_channel,
            s.clock_from,
            s.reply_target,
            s.reply_by,
            s.start_by,
            s.due,
            s.rush,
            s.replied_at,
            s.closed_at,
            s.started_at,
            s.delivered_at,
            s.message_id,
            s.follow_up_of,
            s.changed_at
        ]
    }
}

/// Something a client owes you (table `waiting`, alias `w`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitingRecord {
    pub id: i64,
    pub client_id: i64,
    pub what: String,
    pub due: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_on: Option<NaiveDate>,
    #[serde(with = "instant")]
    pub created_at: i64,
    /// The as-of time of the command that last changed it.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub changed_at: Option<i64>,
}

impl WaitingRecord {
    pub const COLUMNS: &str = "w.id, w.client_id, w.what, w.due, w.received_on, w.created_at, w.changed_at";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(WaitingRecord {
            id: r.get(at)?,
            client_id: r.get(at + 1)?,
            what: r.get(at + 2)?,
            due: r.get(at + 3)?,
            received_on: r.get(at + 4)?,
            created_at: r.get(at + 5)?,
            changed_at: r.get(at + 6)?,
        })
    }

    /// Its column values in the order of its `INSERT`, the id first.
    pub(crate) fn params(&self) -> Vec<Param<'_>> {
        let s = self;
        params![s.id, s.client_id, s.what, s.due, s.received_on, s.created_at, s.changed_at]
    }
}

/// A signed agreement (table `contracts`, alias `ct`); `covers` holds the
/// topics comma-separated, in canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractRecord {
    pub id: i64,
    pub client_id: i64,
    pub signed: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// In the client's currency (see [`super::InvoiceRecord`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    pub covers: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The as-of time of the command that last changed it.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub changed_at: Option<i64>,
}

impl ContractRecord {
    pub const COLUMNS: &str =
        "ct.id, ct.client_id, ct.signed, ct.kind, ct.rate, ct.expires, ct.covers, ct.file, ct.changed_at";
    /// What to select it from: the contract with its client's currency.
    pub const FROM: &str = "contracts ct JOIN clients c ON c.id = ct.client_id";

    /// Reads `COLUMNS` from `at`, then the currency.
    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(ContractRecord {
            id: r.get(at)?,
            client_id: r.get(at + 1)?,
            signed: r.get(at + 2)?,
            kind: r.get(at + 3)?,
            rate: match r.get::<Option<crate::values::Money>>(at + 4)? {
                Some(m) => Some(crate::values::Decimal::of(m, r.get(at + 9)?)),
                None => None,
            },
            expires: r.get(at + 5)?,
            covers: r.get(at + 6)?,
            file: r.get(at + 7)?,
            changed_at: r.get(at + 8)?,
        })
    }

    /// Its column values in the order of its `INSERT`, the id first.
    pub(crate) fn params(&self) -> Vec<Param<'_>> {
        let s = self;
        params![s.id, s.client_id, s.signed, s.kind, s.rate, s.expires, s.covers, s.file, s.changed_at]
    }
}

/// A flag hidden for good (table `dismissals`, alias `d`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DismissalRecord {
    pub key: String,
    #[serde(with = "instant")]
    pub dismissed_at: i64,
}

impl DismissalRecord {
    pub const COLUMNS: &str = "d.key, d.dismissed_at";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(DismissalRecord { key: r.get(at)?, dismissed_at: r.get(at + 1)? })
    }

    /// Stores it; false when the key was already dismissed.
    pub fn insert(&self, tx: &Tx<'_>) -> Result<bool, StoreError> {
        let n = conn(tx).execute(
            "INSERT INTO dismissals (key, dismissed_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            p![self.key, self.dismissed_at],
        )?;
        Ok(n > 0)
    }
}

/// One fact of the book itself (table `book`, alias `bk`): `id`, its random
/// id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookRecord {
    pub key: String,
    pub value: String,
}

impl BookRecord {
    pub const COLUMNS: &str = "bk.key, bk.value";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(BookRecord { key: r.get(at)?, value: r.get(at + 1)? })
    }

    /// Stores it, replacing the value of the same key.
    pub fn put(&self, tx: &Tx<'_>) -> Result<(), StoreError> {
        conn(tx).execute(
            "INSERT INTO book (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            p![self.key, self.value],
        )?;
        Ok(())
    }
}
