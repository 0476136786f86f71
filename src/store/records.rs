//! The rows of each table as stored: one type per table with the one
//! mapping between its columns and its fields (`COLUMNS` read in order by
//! `from_row`, written by `insert`). The store's queries read them, the
//! export document is made of them, and import writes them: there is no
//! second mapping of the schema. In a document, instants are UTC RFC 3339
//! (`2026-11-27T12:00:00Z`), dates `YYYY-MM-DD`, money `"1500.00"`, rules
//! their canonical text.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::sql::{p, Row, ToParam};
use super::{conn, StoreError, Tx};
use crate::values::Money;

/// The `INSERT` of `table`: with the `id` column when the caller keeps ids
/// (an import into an empty database), else letting the engine choose.
fn insert_sql(
    cache: &'static OnceLock<[String; 2]>,
    table: &str,
    columns: &str,
    keep_id: bool,
) -> &'static str {
    let [with_id, without] = cache.get_or_init(|| {
        let cols: Vec<&str> = columns.split(", ").map(|c| c.split_once('.').map_or(c, |(_, n)| n)).collect();
        let marks =
            |n: usize, from: usize| (from..from + n).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        [
            format!(
                "INSERT INTO {table} ({}) VALUES ({}) RETURNING id",
                cols.join(", "),
                marks(cols.len(), 1)
            ),
            format!(
                "INSERT INTO {table} ({}) VALUES ({}) RETURNING id",
                cols[1..].join(", "),
                marks(cols.len() - 1, 1)
            ),
        ]
    });
    if keep_id {
        with_id
    } else {
        without
    }
}

/// Runs an insert whose first parameter is the id (left out unless kept).
fn insert(tx: &Tx<'_>, sql: &str, keep_id: bool, params: &[&dyn ToParam]) -> Result<i64, StoreError> {
    conn(tx).insert(sql, if keep_id { params } else { &params[1..] })
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Serde of instants (seconds since the epoch) as UTC RFC 3339.
pub mod instant {
    use chrono::{DateTime, SecondsFormat};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn text(ts: i64) -> Option<String> {
        DateTime::from_timestamp(ts, 0).map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
    }

    pub fn parse(s: &str) -> Result<i64, String> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.timestamp())
            .map_err(|_| format!("{s:?}: expected an RFC 3339 instant, e.g. \"2026-11-27T12:00:00Z\""))
    }

    pub fn serialize<S: Serializer>(ts: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&text(*ts).ok_or_else(|| serde::ser::Error::custom("bad instant"))?)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }

    /// The same, for an optional instant.
    pub mod opt {
        use serde::{Deserialize, Deserializer, Serializer};

        #[allow(clippy::ref_option)] // serde's calling convention
        pub fn serialize<S: Serializer>(ts: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
            match ts {
                Some(t) => super::serialize(t, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
            match Option::<String>::deserialize(d)? {
                Some(t) => super::parse(&t).map(Some).map_err(serde::de::Error::custom),
                None => Ok(None),
            }
        }
    }
}

/// Serde of money as `"1500.00"`.
pub mod money {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::values::Money;

    pub fn serialize<S: Serializer>(m: &Money, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&m.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let s = String::deserialize(d)?;
        s.parse::<Money>().map_err(|e| serde::de::Error::custom(format!("{s:?}: {e}")))
    }

    /// The same, for an optional amount.
    pub mod opt {
        use serde::{Deserialize, Deserializer, Serializer};

        use crate::values::Money;

        #[allow(clippy::ref_option)] // serde's calling convention
        pub fn serialize<S: Serializer>(m: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
            match m {
                Some(m) => super::serialize(m, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Money>, D::Error> {
            match Option::<String>::deserialize(d)? {
                Some(s) => {
                    s.parse::<Money>().map(Some).map_err(|e| serde::de::Error::custom(format!("{s:?}: {e}")))
                }
                None => Ok(None),
            }
        }
    }
}

/// A client or member handle, checked as `add-client` checks it.
fn handle<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    match s.parse::<crate::values::Handle>() {
        Ok(h) if h.as_str() == s => Ok(s),
        Ok(_) => Err(serde::de::Error::custom(format!("{s:?}: surrounding spaces"))),
        Err(e) => Err(serde::de::Error::custom(format!("{s:?}: {e}"))),
    }
}

/// A member of your team (table `members`, alias `mb`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberRecord {
    pub id: i64,
    #[serde(deserialize_with = "handle")]
    pub handle: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl MemberRecord {
    pub const COLUMNS: &str = "mb.id, mb.handle, mb.name, mb.email";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(MemberRecord {
            id: r.get(at)?,
            handle: r.get(at + 1)?,
            name: r.get(at + 2)?,
            email: r.get(at + 3)?,
        })
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(&SQL, "members", Self::COLUMNS, keep_id);
        insert(tx, sql, keep_id, p![self.id, self.handle, self.name, self.email])
    }
}

/// A client (table `clients`, alias `c`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientRecord {
    pub id: i64,
    #[serde(deserialize_with = "handle")]
    pub handle: String,
    pub name: String,
    pub manager_id: i64,
    pub currency: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub archived: bool,
    #[serde(with = "instant")]
    pub created_at: i64,
}

impl ClientRecord {
    pub const COLUMNS: &str = "c.id, c.handle, c.name, c.manager_id, c.currency, c.archived, c.created_at";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(ClientRecord {
            id: r.get(at)?,
            handle: r.get(at + 1)?,
            name: r.get(at + 2)?,
            manager_id: r.get(at + 3)?,
            currency: r.get(at + 4)?,
            archived: r.get(at + 5)?,
            created_at: r.get(at + 6)?,
        })
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(&SQL, "clients", Self::COLUMNS, keep_id);
        let s = self;
        insert(
            tx,
            sql,
            keep_id,
            p![s.id, s.handle, s.name, s.manager_id, s.currency, s.archived, s.created_at],
        )
    }
}

/// A person at a client (table `contacts`, alias `k`). The column
/// `email_key` (the e-mail folded for matching) is derived, not kept here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactRecord {
    pub id: i64,
    pub client_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub primary: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl ContactRecord {
    pub const COLUMNS: &str = "k.id, k.client_id, k.name, k.email, k.is_primary, k.role, k.phone";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(ContactRecord {
            id: r.get(at)?,
            client_id: r.get(at + 1)?,
            name: r.get(at + 2)?,
            email: r.get(at + 3)?,
            primary: r.get(at + 4)?,
            role: r.get(at + 5)?,
            phone: r.get(at + 6)?,
        })
    }

    /// The e-mail as matched: ASCII case folded by `expect`, not by the
    /// engine (the same on every engine and locale).
    pub fn email_key(email: Option<&str>) -> Option<String> {
        email.map(str::to_ascii_lowercase)
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(
            &SQL,
            "contacts",
            "k.id, k.client_id, k.name, k.email, k.email_key, k.is_primary, k.role, k.phone",
            keep_id,
        );
        let s = self;
        let key = Self::email_key(s.email.as_deref());
        insert(tx, sql, keep_id, p![s.id, s.client_id, s.name, s.email, key, s.primary, s.role, s.phone])
    }

    /// `Jane Doe <jane@acme.example>`, or whichever part is known.
    pub fn display(&self) -> String {
        match (&self.name, &self.email) {
            (Some(n), Some(e)) => format!("{n} <{e}>"),
            (Some(n), None) => n.clone(),
            (None, Some(e)) => e.clone(),
            (None, None) => String::new(),
        }
    }
}

/// A version of a client's rules (table `rule_versions`, alias `rv`): only
/// the rules it names, `""` for a cleared optional rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleVersionRecord {
    pub id: i64,
    pub client_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notified: Option<NaiveDate>,
    #[serde(with = "instant")]
    pub created_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_fee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend_after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turnaround: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_within: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cutoff: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rush_fee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase_gating: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_period: Option<String>,
}

impl RuleVersionRecord {
    /// The record of a version holding the rules of `patch`, in canonical
    /// text.
    pub fn new(
        id: i64,
        client_id: i64,
        effective: Option<NaiveDate>,
        notified: Option<NaiveDate>,
        patch: &crate::rules::RulePatch,
        created_at: i64,
    ) -> RuleVersionRecord {
        let mut rec = RuleVersionRecord {
            id,
            client_id,
            effective,
            notified,
            created_at,
            channels: None,
            response: None,
            terms: None,
            grace: None,
            late_fee: None,
            interest: None,
            suspend_after: None,
            turnaround: None,
            start_within: None,
            cutoff: None,
            rush_fee: None,
            phase_gating: None,
            notice_period: None,
        };
        let entries = patch.entries();
        for (name, slot) in crate::rules::RULE_NAMES.iter().zip(rec.rules_mut()) {
            *slot = entries.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        }
        rec
    }

    pub const COLUMNS: &str = "rv.id, rv.client_id, rv.effective, rv.notified, rv.created_at, rv.channels, \
        rv.response, rv.terms, rv.grace, rv.late_fee, rv.interest, rv.suspend_after, rv.turnaround, \
        rv.start_within, rv.cutoff, rv.rush_fee, rv.phase_gating, rv.notice_period";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(RuleVersionRecord {
            id: r.get(at)?,
            client_id: r.get(at + 1)?,
            effective: r.get(at + 2)?,
            notified: r.get(at + 3)?,
            created_at: r.get(at + 4)?,
            channels: r.get(at + 5)?,
            response: r.get(at + 6)?,
            terms: r.get(at + 7)?,
            grace: r.get(at + 8)?,
            late_fee: r.get(at + 9)?,
            interest: r.get(at + 10)?,
            suspend_after: r.get(at + 11)?,
            turnaround: r.get(at + 12)?,
            start_within: r.get(at + 13)?,
            cutoff: r.get(at + 14)?,
            rush_fee: r.get(at + 15)?,
            phase_gating: r.get(at + 16)?,
            notice_period: r.get(at + 17)?,
        })
    }

    /// The rule values in [`crate::rules::RULE_NAMES`] order.
    pub fn rules(&self) -> [&Option<String>; 13] {
        [
            &self.channels,
            &self.response,
            &self.terms,
            &self.grace,
            &self.late_fee,
            &self.interest,
            &self.suspend_after,
            &self.turnaround,
            &self.start_within,
            &self.cutoff,
            &self.rush_fee,
            &self.phase_gating,
            &self.notice_period,
        ]
    }

    /// The rule values, settable in [`crate::rules::RULE_NAMES`] order.
    pub fn rules_mut(&mut self) -> [&mut Option<String>; 13] {
        [
            &mut self.channels,
            &mut self.response,
            &mut self.terms,
            &mut self.grace,
            &mut self.late_fee,
            &mut self.interest,
            &mut self.suspend_after,
            &mut self.turnaround,
            &mut self.start_within,
            &mut self.cutoff,
            &mut self.rush_fee,
            &mut self.phase_gating,
            &mut self.notice_period,
        ]
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(&SQL, "rule_versions", Self::COLUMNS, keep_id);
        let s = self;
        let r = s.rules();
        insert(
            tx,
            sql,
            keep_id,
            p![
                s.id,
                s.client_id,
                s.effective,
                s.notified,
                s.created_at,
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                r[9],
                r[10],
                r[11],
                r[12]
            ],
        )
    }
}

/// A project (table `projects`, alias `pj`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectRecord {
    pub id: i64,
    pub client_id: i64,
    pub name: String,
}

impl ProjectRecord {
    pub const COLUMNS: &str = "pj.id, pj.client_id, pj.name";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(ProjectRecord { id: r.get(at)?, client_id: r.get(at + 1)?, name: r.get(at + 2)? })
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(&SQL, "projects", Self::COLUMNS, keep_id);
        insert(tx, sql, keep_id, p![self.id, self.client_id, self.name])
    }
}

/// A phase of a project, in order (table `phases`, alias `ph`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseRecord {
    pub id: i64,
    pub project_id: i64,
    pub position: i64,
    pub name: String,
    #[serde(with = "money")]
    pub amount: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_on: Option<NaiveDate>,
}

impl PhaseRecord {
    pub const COLUMNS: &str = "ph.id, ph.project_id, ph.position, ph.name, ph.amount, ph.started_on";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(PhaseRecord {
            id: r.get(at)?,
            project_id: r.get(at + 1)?,
            position: r.get(at + 2)?,
            name: r.get(at + 3)?,
            amount: r.get(at + 4)?,
            started_on: r.get(at + 5)?,
        })
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(&SQL, "phases", Self::COLUMNS, keep_id);
        let s = self;
        insert(tx, sql, keep_id, p![s.id, s.project_id, s.position, s.name, s.amount, s.started_on])
    }
}

/// An invoice (table `invoices`, alias `i`). `due` is computed from the
/// terms in force on `issued` and kept; `settled_on` is derived from the
/// payments ([`crate::money::settled_on`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceRecord {
    pub id: i64,
    pub client_id: i64,
    pub number: String,
    #[serde(with = "money")]
    pub amount: Money,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    pub terms: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub voided_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub void_reason: Option<String>,
    #[serde(with = "instant")]
    pub created_at: i64,
}

impl InvoiceRecord {
    pub const COLUMNS: &str = "i.id, i.client_id, i.number, i.amount, i.issued, i.due, i.terms, i.phase_id, \
        i.settled_on, i.voided_at, i.void_reason, i.created_at";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(InvoiceRecord {
            id: r.get(at)?,
            client_id: r.get(at + 1)?,
            number: r.get(at + 2)?,
            amount: r.get(at + 3)?,
            issued: r.get(at + 4)?,
            due: r.get(at + 5)?,
            terms: r.get(at + 6)?,
            phase_id: r.get(at + 7)?,
            settled_on: r.get(at + 8)?,
            voided_at: r.get(at + 9)?,
            void_reason: r.get(at + 10)?,
            created_at: r.get(at + 11)?,
        })
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(&SQL, "invoices", Self::COLUMNS, keep_id);
        let s = self;
        insert(
            tx,
            sql,
            keep_id,
            p![
                s.id,
                s.client_id,
                s.number,
                s.amount,
                s.issued,
                s.due,
                s.terms,
                s.phase_id,
                s.settled_on,
                s.voided_at,
                s.void_reason,
                s.created_at
            ],
        )
    }
}

/// A payment (table `payments`, alias `p`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentRecord {
    pub id: i64,
    pub invoice_id: i64,
    #[serde(with = "money")]
    pub amount: Money,
    pub paid_on: NaiveDate,
    #[serde(with = "instant")]
    pub created_at: i64,
}

impl PaymentRecord {
    pub const COLUMNS: &str = "p.id, p.invoice_id, p.amount, p.paid_on, p.created_at";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(PaymentRecord {
            id: r.get(at)?,
            invoice_id: r.get(at + 1)?,
            amount: r.get(at + 2)?,
            paid_on: r.get(at + 3)?,
            created_at: r.get(at + 4)?,
        })
    }

    /// What the money domain needs of it.
    pub fn payment(&self) -> crate::money::Payment {
        crate::money::Payment { on: self.paid_on, amount: self.amount }
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(&SQL, "payments", Self::COLUMNS, keep_id);
        let s = self;
        insert(tx, sql, keep_id, p![s.id, s.invoice_id, s.amount, s.paid_on, s.created_at])
    }
}

/// A reminder recorded as sent (table `reminders`, alias `r`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderRecord {
    pub id: i64,
    pub invoice_id: i64,
    pub step: i64,
    pub tone: String,
    #[serde(with = "instant")]
    pub sent_at: i64,
}

impl ReminderRecord {
    pub const COLUMNS: &str = "r.id, r.invoice_id, r.step, r.tone, r.sent_at";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(ReminderRecord {
            id: r.get(at)?,
            invoice_id: r.get(at + 1)?,
            step: r.get(at + 2)?,
            tone: r.get(at + 3)?,
            sent_at: r.get(at + 4)?,
        })
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(&SQL, "reminders", Self::COLUMNS, keep_id);
        let s = self;
        insert(tx, sql, keep_id, p![s.id, s.invoice_id, s.step, s.tone, s.sent_at])
    }
}

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
}

impl MessageRecord {
    pub const COLUMNS: &str = "m.id, m.client_id, m.from_contact, m.to_member, m.via, m.at, m.subject, \
        m.is_request, m.fyi, m.wants, m.bypassed, m.wrong_channel, m.clock_from, m.reply_target, m.reply_by, \
        m.start_by, m.due, m.rush, m.replied_at, m.closed_at, m.started_at, m.delivered_at";

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
        })
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(&SQL, "messages", Self::COLUMNS, keep_id);
        let s = self;
        insert(
            tx,
            sql,
            keep_id,
            p![
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
                s.delivered_at
            ],
        )
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
}

impl WaitingRecord {
    pub const COLUMNS: &str = "w.id, w.client_id, w.what, w.due, w.received_on, w.created_at";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(WaitingRecord {
            id: r.get(at)?,
            client_id: r.get(at + 1)?,
            what: r.get(at + 2)?,
            due: r.get(at + 3)?,
            received_on: r.get(at + 4)?,
            created_at: r.get(at + 5)?,
        })
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(&SQL, "waiting", Self::COLUMNS, keep_id);
        let s = self;
        insert(tx, sql, keep_id, p![s.id, s.client_id, s.what, s.due, s.received_on, s.created_at])
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
    #[serde(default, skip_serializing_if = "Option::is_none", with = "money::opt")]
    pub rate: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    pub covers: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl ContractRecord {
    pub const COLUMNS: &str =
        "ct.id, ct.client_id, ct.signed, ct.kind, ct.rate, ct.expires, ct.covers, ct.file";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(ContractRecord {
            id: r.get(at)?,
            client_id: r.get(at + 1)?,
            signed: r.get(at + 2)?,
            kind: r.get(at + 3)?,
            rate: r.get(at + 4)?,
            expires: r.get(at + 5)?,
            covers: r.get(at + 6)?,
            file: r.get(at + 7)?,
        })
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(&SQL, "contracts", Self::COLUMNS, keep_id);
        let s = self;
        insert(tx, sql, keep_id, p![s.id, s.client_id, s.signed, s.kind, s.rate, s.expires, s.covers, s.file])
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
