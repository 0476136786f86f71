//! The whole database as one document (`expect export` / `expect import`):
//! one list of records per table, in id order, instants as UTC RFC 3339
//! (`2026-11-27T12:00:00Z`), dates as `YYYY-MM-DD`, money as `"1500.00"`,
//! rules in their canonical text. The same serde types read and write TOML
//! and JSON, so a value the parser refuses is reported with its line by the
//! format's own parser; what only makes sense against other records (a
//! reference to a missing client, a duplicate handle) is reported by
//! [`import`] naming the table, the record's position and the field.

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, NaiveDate, SecondsFormat};
use rusqlite::{params, OptionalExtension as _, Row};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Db, Tx};
use crate::rules::RulePatch;
use crate::values::{Handle, Money, Terms};

/// The version of the document format written by this build.
pub const FORMAT_VERSION: u32 = 1;

/// An instant (seconds since the epoch), written as UTC RFC 3339.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instant(pub i64);

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t =
            DateTime::from_timestamp(self.0, 0).ok_or_else(|| serde::ser::Error::custom("bad instant"))?;
        s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Secs, true))
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&s).map(|t| Instant(t.timestamp())).map_err(|_| {
            serde::de::Error::custom(format!(
                "{s:?}: expected an RFC 3339 instant, e.g. \"2026-11-27T12:00:00Z\""
            ))
        })
    }
}

/// An amount of money, written `"1500.00"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount(pub i64);

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&Money(self.0).to_string())
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse::<Money>().map(|m| Amount(m.0)).map_err(|e| serde::de::Error::custom(format!("{s:?}: {e}")))
    }
}

/// A client or member handle, checked as `add-client` checks it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(pub String);

impl<'de> Deserialize<'de> for Slug {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.parse::<Handle>() {
            Ok(h) if h.as_str() == s => Ok(Slug(s)),
            Ok(_) => Err(serde::de::Error::custom(format!("{s:?}: surrounding spaces"))),
            Err(e) => Err(serde::de::Error::custom(format!("{s:?}: {e}"))),
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The whole database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The document format version ([`FORMAT_VERSION`]).
    pub expect_export: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clients: Vec<Client>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule_versions: Vec<RuleVersion>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<Project>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<Phase>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invoices: Vec<Invoice>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<Payment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reminders: Vec<Reminder>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<Message>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiting: Vec<Waiting>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contracts: Vec<Contract>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissals: Vec<Dismissal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub id: i64,
    pub handle: Slug,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub id: i64,
    pub handle: Slug,
    pub name: String,
    pub manager_id: i64,
    pub currency: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub archived: bool,
    pub created_at: Instant,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
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

/// The rule columns, in schema order.
pub const RULES: [&str; 13] = crate::rules::RULE_NAMES;

/// A version of a client's rules: only the rules it names, `""` for a
/// cleared optional rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleVersion {
    pub id: i64,
    pub client_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notified: Option<NaiveDate>,
    pub created_at: Instant,
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

impl RuleVersion {
    /// The rule values in [`RULES`] order.
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub id: i64,
    pub client_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: i64,
    pub project_id: i64,
    pub position: i64,
    pub name: String,
    pub amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invoice {
    pub id: i64,
    pub client_id: i64,
    pub number: String,
    pub amount: Amount,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    pub terms: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voided_at: Option<Instant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub void_reason: Option<String>,
    pub created_at: Instant,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    pub id: i64,
    pub invoice_id: i64,
    pub amount: Amount,
    pub paid_on: NaiveDate,
    pub created_at: Instant,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reminder {
    pub id: i64,
    pub invoice_id: i64,
    pub step: i64,
    pub tone: String,
    pub sent_at: Instant,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub id: i64,
    pub client_id: i64,
    pub from_contact: i64,
    pub to_member: i64,
    pub via: String,
    pub at: Instant,
    pub subject: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub request: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub fyi: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wants: Option<Instant>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub bypassed: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub wrong_channel: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_from: Option<Instant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_target: Option<Instant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_by: Option<Instant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_by: Option<Instant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Instant>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub rush: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replied_at: Option<Instant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Instant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Instant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<Instant>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiting {
    pub id: i64,
    pub client_id: i64,
    pub what: String,
    pub due: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_on: Option<NaiveDate>,
    pub created_at: Instant,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    pub id: i64,
    pub client_id: i64,
    pub signed: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    pub covers: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dismissal {
    pub key: String,
    pub dismissed_at: Instant,
}

// ---------------------------------------------------------------- export

fn all<T>(db: &impl Db, sql: &str, f: impl Fn(&Row<'_>) -> rusqlite::Result<T>) -> anyhow::Result<Vec<T>> {
    let mut stmt = db.conn().prepare(sql)?;
    let rows = stmt.query_map([], |r| f(r))?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn instant(r: &Row<'_>, col: &str) -> rusqlite::Result<Instant> {
    Ok(Instant(r.get(col)?))
}

fn opt_instant(r: &Row<'_>, col: &str) -> rusqlite::Result<Option<Instant>> {
    Ok(r.get::<_, Option<i64>>(col)?.map(Instant))
}

/// Reads every table, records in id order. Run it inside one transaction
/// (or on a reader nobody writes through) for a consistent document.
pub fn export(db: &impl Db) -> anyhow::Result<Document> {
    let members = all(db, "SELECT * FROM members ORDER BY id", |r| {
        Ok(Member {
            id: r.get("id")?,
            handle: Slug(r.get("handle")?),
            name: r.get("name")?,
            email: r.get("email")?,
        })
    })?;
    let clients = all(db, "SELECT * FROM clients ORDER BY id", |r| {
        Ok(Client {
            id: r.get("id")?,
            handle: Slug(r.get("handle")?),
            name: r.get("name")?,
            manager_id: r.get("manager_id")?,
            currency: r.get("currency")?,
            archived: r.get("archived")?,
            created_at: instant(r, "created_at")?,
        })
    })?;
    let contacts = all(db, "SELECT * FROM contacts ORDER BY id", |r| {
        Ok(Contact {
            id: r.get("id")?,
            client_id: r.get("client_id")?,
            name: r.get("name")?,
            email: r.get("email")?,
            primary: r.get("is_primary")?,
            role: r.get("role")?,
            phone: r.get("phone")?,
        })
    })?;
    let rule_versions = all(db, "SELECT * FROM rule_versions ORDER BY id", |r| {
        Ok(RuleVersion {
            id: r.get("id")?,
            client_id: r.get("client_id")?,
            effective: r.get("effective")?,
            notified: r.get("notified")?,
            created_at: instant(r, "created_at")?,
            channels: r.get("channels")?,
            response: r.get("response")?,
            terms: r.get("terms")?,
            grace: r.get("grace")?,
            late_fee: r.get("late_fee")?,
            interest: r.get("interest")?,
            suspend_after: r.get("suspend_after")?,
            turnaround: r.get("turnaround")?,
            start_within: r.get("start_within")?,
            cutoff: r.get("cutoff")?,
            rush_fee: r.get("rush_fee")?,
            phase_gating: r.get("phase_gating")?,
            notice_period: r.get("notice_period")?,
        })
    })?;
    let projects = all(db, "SELECT * FROM projects ORDER BY id", |r| {
        Ok(Project { id: r.get("id")?, client_id: r.get("client_id")?, name: r.get("name")? })
    })?;
    let phases = all(db, "SELECT * FROM phases ORDER BY id", |r| {
        Ok(Phase {
            id: r.get("id")?,
            project_id: r.get("project_id")?,
            position: r.get("position")?,
            name: r.get("name")?,
            amount: Amount(r.get("amount")?),
            started_on: r.get("started_on")?,
        })
    })?;
    let invoices = all(db, "SELECT * FROM invoices ORDER BY id", |r| {
        Ok(Invoice {
            id: r.get("id")?,
            client_id: r.get("client_id")?,
            number: r.get("number")?,
            amount: Amount(r.get("amount")?),
            issued: r.get("issued")?,
            due: r.get("due")?,
            terms: r.get("terms")?,
            phase_id: r.get("phase_id")?,
            settled_on: r.get("settled_on")?,
            voided_at: opt_instant(r, "voided_at")?,
            void_reason: r.get("void_reason")?,
            created_at: instant(r, "created_at")?,
        })
    })?;
    let payments = all(db, "SELECT * FROM payments ORDER BY id", |r| {
        Ok(Payment {
            id: r.get("id")?,
            invoice_id: r.get("invoice_id")?,
            amount: Amount(r.get("amount")?),
            paid_on: r.get("paid_on")?,
            created_at: instant(r, "created_at")?,
        })
    })?;
    let reminders = all(db, "SELECT * FROM reminders ORDER BY id", |r| {
        Ok(Reminder {
            id: r.get("id")?,
            invoice_id: r.get("invoice_id")?,
            step: r.get("step")?,
            tone: r.get("tone")?,
            sent_at: instant(r, "sent_at")?,
        })
    })?;
    let messages = all(db, "SELECT * FROM messages ORDER BY id", |r| {
        Ok(Message {
            id: r.get("id")?,
            client_id: r.get("client_id")?,
            from_contact: r.get("from_contact")?,
            to_member: r.get("to_member")?,
            via: r.get("via")?,
            at: instant(r, "at")?,
            subject: r.get("subject")?,
            request: r.get("is_request")?,
            fyi: r.get("fyi")?,
            wants: opt_instant(r, "wants")?,
            bypassed: r.get("bypassed")?,
            wrong_channel: r.get("wrong_channel")?,
            clock_from: opt_instant(r, "clock_from")?,
            reply_target: opt_instant(r, "reply_target")?,
            reply_by: opt_instant(r, "reply_by")?,
            start_by: opt_instant(r, "start_by")?,
            due: opt_instant(r, "due")?,
            rush: r.get("rush")?,
            replied_at: opt_instant(r, "replied_at")?,
            closed_at: opt_instant(r, "closed_at")?,
            started_at: opt_instant(r, "started_at")?,
            delivered_at: opt_instant(r, "delivered_at")?,
        })
    })?;
    let waiting = all(db, "SELECT * FROM waiting ORDER BY id", |r| {
        Ok(Waiting {
            id: r.get("id")?,
            client_id: r.get("client_id")?,
            what: r.get("what")?,
            due: r.get("due")?,
            received_on: r.get("received_on")?,
            created_at: instant(r, "created_at")?,
        })
    })?;
    let contracts = all(db, "SELECT * FROM contracts ORDER BY id", |r| {
        Ok(Contract {
            id: r.get("id")?,
            client_id: r.get("client_id")?,
            signed: r.get("signed")?,
            kind: r.get("kind")?,
            rate: r.get::<_, Option<i64>>("rate")?.map(Amount),
            expires: r.get("expires")?,
            covers: r.get("covers")?,
            file: r.get("file")?,
        })
    })?;
    let dismissals = all(db, "SELECT * FROM dismissals ORDER BY rowid", |r| {
        Ok(Dismissal { key: r.get("key")?, dismissed_at: instant(r, "dismissed_at")? })
    })?;
    Ok(Document {
        expect_export: FORMAT_VERSION,
        members,
        clients,
        contacts,
        rule_versions,
        projects,
        phases,
        invoices,
        payments,
        reminders,
        messages,
        waiting,
        contracts,
        dismissals,
    })
}

/// [`export`] inside one read transaction, so the document is one
/// consistent snapshot even while other commands write.
pub fn snapshot(db: &super::Reader<'_>) -> anyhow::Result<Document> {
    db.conn().execute_batch("BEGIN DEFERRED")?;
    let doc = export(db);
    db.conn().execute_batch("COMMIT")?;
    doc
}

// ---------------------------------------------------------------- import

/// Where a file is wrong: the table, the record's position in it (from 0)
/// and, where known, the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRecord {
    pub table: &'static str,
    pub index: usize,
    pub field: Option<&'static str>,
    pub message: String,
}

impl fmt::Display for BadRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.table, self.index)?;
        if let Some(field) = self.field {
            write!(f, ".{field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for BadRecord {}

/// What an import added, and what a merge skipped as already present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub members: usize,
    pub clients: usize,
    pub invoices: usize,
    pub messages: usize,
    pub skipped_members: usize,
    pub skipped_clients: usize,
    pub skipped_invoices: usize,
}

/// Whether the database holds nothing but member `me`.
pub fn is_empty(db: &impl Db) -> anyhow::Result<bool> {
    let n: i64 = db.conn().query_row(
        "SELECT (SELECT count(*) FROM members WHERE handle <> 'me') + (SELECT count(*) FROM clients) \
              + (SELECT count(*) FROM contacts) + (SELECT count(*) FROM rule_versions) \
              + (SELECT count(*) FROM projects) + (SELECT count(*) FROM phases) \
              + (SELECT count(*) FROM invoices) + (SELECT count(*) FROM payments) \
              + (SELECT count(*) FROM reminders) + (SELECT count(*) FROM messages) \
              + (SELECT count(*) FROM waiting) + (SELECT count(*) FROM contracts) \
              + (SELECT count(*) FROM dismissals)",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 0)
}

/// Checks what serde cannot: rule texts, invoice terms and contract topics.
pub fn validate(doc: &Document) -> Result<(), BadRecord> {
    if doc.expect_export != FORMAT_VERSION {
        return Err(BadRecord {
            table: "document",
            index: 0,
            field: Some("expect_export"),
            message: format!(
                "format version {} is not known to this expect (it reads {FORMAT_VERSION})",
                doc.expect_export
            ),
        });
    }
    for (i, v) in doc.rule_versions.iter().enumerate() {
        for (name, value) in RULES.iter().zip(v.rules()) {
            if let Some(value) = value {
                RulePatch::default().set(name, value).map_err(|e| BadRecord {
                    table: "rule_versions",
                    index: i,
                    field: Some(name),
                    message: format!("{value:?}: {e}"),
                })?;
            }
        }
    }
    // Every client needs its first version (no effective date) holding
    // every rule: that is what the rules in force on any day start from.
    for (i, c) in doc.clients.iter().enumerate() {
        let firsts: Vec<(usize, &RuleVersion)> = doc
            .rule_versions
            .iter()
            .enumerate()
            .filter(|(_, v)| v.client_id == c.id && v.effective.is_none())
            .collect();
        match firsts.as_slice() {
            [(j, v)] => {
                if let Some((name, _)) = RULES.iter().zip(v.rules()).find(|(_, value)| value.is_none()) {
                    return Err(BadRecord {
                        table: "rule_versions",
                        index: *j,
                        field: Some(name),
                        message: "missing: the first version of a client's rules (no effective date) names every rule"
                            .into(),
                    });
                }
            }
            _ => {
                return Err(BadRecord {
                    table: "clients",
                    index: i,
                    field: Some("id"),
                    message: format!(
                        "client {} needs exactly one rule version without an effective date, with every rule; the file has {}",
                        c.id,
                        firsts.len()
                    ),
                });
            }
        }
    }
    // `settled_on` is derived from the payments (the overdue report reads
    // it instead of summing them): it must agree with them.
    for (i, inv) in doc.invoices.iter().enumerate() {
        let mut pays: Vec<(NaiveDate, i64)> =
            doc.payments.iter().filter(|p| p.invoice_id == inv.id).map(|p| (p.paid_on, p.amount.0)).collect();
        pays.sort_unstable();
        let mut paid = 0i64;
        let settled = pays.into_iter().find_map(|(on, amount)| {
            paid = paid.saturating_add(amount);
            (paid >= inv.amount.0).then_some(on)
        });
        if settled != inv.settled_on {
            let show = |d: Option<NaiveDate>| d.map_or_else(|| "none".to_string(), |d| d.to_string());
            return Err(BadRecord {
                table: "invoices",
                index: i,
                field: Some("settled_on"),
                message: format!(
                    "{} does not match the payments, which settle the principal on {}",
                    show(inv.settled_on),
                    show(settled)
                ),
            });
        }
    }
    for (i, inv) in doc.invoices.iter().enumerate() {
        inv.terms.parse::<Terms>().map_err(|e| BadRecord {
            table: "invoices",
            index: i,
            field: Some("terms"),
            message: format!("{:?}: {e}", inv.terms),
        })?;
    }
    for (i, c) in doc.contracts.iter().enumerate() {
        crate::flags::contract::parse_topics(&c.covers).map_err(|e| BadRecord {
            table: "contracts",
            index: i,
            field: Some("covers"),
            message: format!("{:?}: {e}", c.covers),
        })?;
    }
    Ok(())
}

/// File ids to database ids, per table.
#[derive(Default)]
struct Ids(HashMap<i64, i64>);

impl Ids {
    fn get(
        &self,
        id: i64,
        table: &'static str,
        index: usize,
        field: &'static str,
        of: &str,
    ) -> Result<i64, BadRecord> {
        self.0.get(&id).copied().ok_or_else(|| BadRecord {
            table,
            index,
            field: Some(field),
            message: format!("{id} is not the id of {of} in the file"),
        })
    }
}

/// Runs one insert; a refusal (a duplicate, a broken constraint) names the record.
fn insert(
    tx: &Tx<'_>,
    sql: &str,
    params: impl rusqlite::Params,
    table: &'static str,
    index: usize,
) -> Result<i64, ImportError> {
    let mut stmt = tx.conn().prepare_cached(sql)?;
    match stmt.execute(params) {
        Ok(_) => Ok(tx.conn().last_insert_rowid()),
        Err(rusqlite::Error::SqliteFailure(e, msg)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
            let message = msg.unwrap_or_else(|| e.to_string());
            let message = message
                .strip_prefix("UNIQUE constraint failed: ")
                .map_or(message.clone(), |cols| format!("another record has the same {cols}"));
            Err(BadRecord { table, index, field: None, message }.into())
        }
        Err(e) => Err(ImportError::Other(e.into())),
    }
}

/// Why an import failed: the file, or the database.
#[derive(Debug)]
pub enum ImportError {
    Bad(BadRecord),
    /// A merge would add a client whose invoice has a number the database
    /// already uses: the invoice is new (its client is) yet its number is
    /// not, so it can be neither added nor skipped.
    Clash(NumberClash),
    Other(anyhow::Error),
}

/// Invoice `index` of the file, `number`, belongs to `client` (new to the
/// database), while the database's invoice of that number belongs to `owner`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberClash {
    pub index: usize,
    pub number: String,
    pub client: String,
    pub owner: String,
}

impl From<BadRecord> for ImportError {
    fn from(e: BadRecord) -> Self {
        ImportError::Bad(e)
    }
}

impl From<rusqlite::Error> for ImportError {
    fn from(e: rusqlite::Error) -> Self {
        ImportError::Other(e.into())
    }
}

impl From<anyhow::Error> for ImportError {
    fn from(e: anyhow::Error) -> Self {
        ImportError::Other(e)
    }
}

/// Writes `doc` into the database. Without `merge` the database must be
/// empty (see [`is_empty`]): member `me` is replaced by the file's and
/// every record keeps its id. With `merge`, members and clients whose
/// handle and invoices whose number is new are added under new ids with
/// everything that belongs to them; records of those already present are
/// skipped, and dismissals (whose keys name ids) are not carried over. An
/// invoice of a client added now whose number the database already uses
/// refuses the whole import ([`ImportError::Clash`]).
pub fn import(tx: &Tx<'_>, doc: &Document, merge: bool) -> Result<Counts, ImportError> {
    validate(doc)?;
    let conn = tx.conn();
    let mut counts = Counts::default();
    // With merge every record gets a new id; otherwise it keeps its own.
    let id = |v: i64| if merge { None } else { Some(v) };

    if !merge {
        if !doc.members.iter().any(|m| m.handle.0 == "me") {
            return Err(BadRecord {
                table: "members",
                index: 0,
                field: Some("handle"),
                message: "the file has no member `me` (every database holds one)".into(),
            }
            .into());
        }
        conn.execute("DELETE FROM members WHERE handle = 'me'", [])?;
    }

    let mut members = Ids::default();
    for (i, m) in doc.members.iter().enumerate() {
        if merge {
            let existing: Option<i64> = conn
                .query_row("SELECT id FROM members WHERE handle = ?1", [&m.handle.0], |r| r.get(0))
                .optional()?;
            if let Some(e) = existing {
                members.0.insert(m.id, e);
                counts.skipped_members += 1;
                continue;
            }
        }
        let new = insert(
            tx,
            "INSERT INTO members (id, handle, name, email) VALUES (?1, ?2, ?3, ?4)",
            params![id(m.id), m.handle.0, m.name, m.email],
            "members",
            i,
        )?;
        members.0.insert(m.id, new);
        counts.members += 1;
    }

    // Clients: `fresh` holds the file ids of those added now.
    let mut clients = Ids::default();
    let mut fresh: HashSet<i64> = HashSet::new();
    for (i, c) in doc.clients.iter().enumerate() {
        if merge {
            let existing: Option<i64> = conn
                .query_row("SELECT id FROM clients WHERE handle = ?1", [&c.handle.0], |r| r.get(0))
                .optional()?;
            if let Some(e) = existing {
                clients.0.insert(c.id, e);
                counts.skipped_clients += 1;
                continue;
            }
        }
        let manager = members.get(c.manager_id, "clients", i, "manager_id", "a member")?;
        let new = insert(
            tx,
            "INSERT INTO clients (id, handle, name, manager_id, currency, archived, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id(c.id), c.handle.0, c.name, manager, c.currency, c.archived, c.created_at.0],
            "clients",
            i,
        )?;
        clients.0.insert(c.id, new);
        fresh.insert(c.id);
        counts.clients += 1;
    }
    // A record of a client: Some(database id) when the client is added now,
    // None when it is skipped; an error when no such client is in the file.
    let owner = |client_id: i64, table: &'static str, i: usize| -> Result<Option<i64>, BadRecord> {
        let db_id = clients.get(client_id, table, i, "client_id", "a client")?;
        Ok(fresh.contains(&client_id).then_some(db_id))
    };

    let mut contacts = Ids::default();
    for (i, c) in doc.contacts.iter().enumerate() {
        let Some(client) = owner(c.client_id, "contacts", i)? else { continue };
        if c.name.is_none() && c.email.is_none() {
            return Err(BadRecord {
                table: "contacts",
                index: i,
                field: None,
                message: "needs a name or an email".into(),
            }
            .into());
        }
        let new = insert(
            tx,
            "INSERT INTO contacts (id, client_id, name, email, email_key, is_primary, role, phone) \
             VALUES (?1, ?2, ?3, ?4, lower(?4), ?5, ?6, ?7)",
            params![id(c.id), client, c.name, c.email, c.primary, c.role, c.phone],
            "contacts",
            i,
        )?;
        contacts.0.insert(c.id, new);
    }

    for (i, v) in doc.rule_versions.iter().enumerate() {
        let Some(client) = owner(v.client_id, "rule_versions", i)? else { continue };
        let r = v.rules();
        insert(
            tx,
            "INSERT INTO rule_versions (id, client_id, effective, notified, created_at, channels, response, terms, \
             grace, late_fee, interest, suspend_after, turnaround, start_within, cutoff, rush_fee, phase_gating, \
             notice_period) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            params![
                id(v.id),
                client,
                v.effective,
                v.notified,
                v.created_at.0,
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
            "rule_versions",
            i,
        )?;
    }

    // Projects and phases; for a skipped client, the database's project and
    // phase of the same names (so a new invoice keeps its phase).
    let mut projects = Ids::default();
    let mut kept_projects: HashSet<i64> = HashSet::new();
    for (i, p) in doc.projects.iter().enumerate() {
        if let Some(client) = owner(p.client_id, "projects", i)? {
            let new = insert(
                tx,
                "INSERT INTO projects (id, client_id, name) VALUES (?1, ?2, ?3)",
                params![id(p.id), client, p.name],
                "projects",
                i,
            )?;
            projects.0.insert(p.id, new);
        } else {
            let client = clients.get(p.client_id, "projects", i, "client_id", "a client")?;
            let existing: Option<i64> = conn
                .query_row(
                    "SELECT id FROM projects WHERE client_id = ?1 AND name = ?2",
                    params![client, p.name],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(e) = existing {
                projects.0.insert(p.id, e);
                kept_projects.insert(p.id);
            }
        }
    }
    let mut phases = Ids::default();
    for (i, ph) in doc.phases.iter().enumerate() {
        let project = projects.0.get(&ph.project_id).copied();
        if kept_projects.contains(&ph.project_id) {
            let existing: Option<i64> = conn
                .query_row(
                    "SELECT id FROM phases WHERE project_id = ?1 AND name = ?2",
                    params![project, ph.name],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(e) = existing {
                phases.0.insert(ph.id, e);
            }
            continue;
        }
        let Some(project) = project else {
            if doc.projects.iter().any(|p| p.id == ph.project_id) {
                continue; // a project of a skipped client that the database lacks
            }
            return Err(projects
                .get(ph.project_id, "phases", i, "project_id", "a project")
                .unwrap_err()
                .into());
        };
        let new = insert(
            tx,
            "INSERT INTO phases (id, project_id, position, name, amount, started_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id(ph.id), project, ph.position, ph.name, ph.amount.0, ph.started_on],
            "phases",
            i,
        )?;
        phases.0.insert(ph.id, new);
    }

    let mut invoices = Ids::default();
    for (i, inv) in doc.invoices.iter().enumerate() {
        let client = clients.get(inv.client_id, "invoices", i, "client_id", "a client")?;
        if merge {
            let owner: Option<String> = conn
                .query_row(
                    "SELECT c.handle FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.number = ?1",
                    [&inv.number],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(owner) = owner {
                if fresh.contains(&inv.client_id) {
                    let client =
                        doc.clients.iter().find(|c| c.id == inv.client_id).map(|c| c.handle.0.clone());
                    return Err(ImportError::Clash(NumberClash {
                        index: i,
                        number: inv.number.clone(),
                        client: client.unwrap_or_default(),
                        owner,
                    }));
                }
                counts.skipped_invoices += 1;
                continue;
            }
        }
        let phase = match inv.phase_id {
            None => None,
            Some(p) if merge => phases.0.get(&p).copied(),
            Some(p) => Some(phases.get(p, "invoices", i, "phase_id", "a phase")?),
        };
        let new = insert(
            tx,
            "INSERT INTO invoices (id, client_id, number, amount, issued, due, terms, phase_id, settled_on, voided_at, \
             void_reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                id(inv.id),
                client,
                inv.number,
                inv.amount.0,
                inv.issued,
                inv.due,
                inv.terms,
                phase,
                inv.settled_on,
                inv.voided_at.map(|t| t.0),
                inv.void_reason,
                inv.created_at.0
            ],
            "invoices",
            i,
        )?;
        invoices.0.insert(inv.id, new);
        counts.invoices += 1;
    }
    let known_invoices: HashSet<i64> = doc.invoices.iter().map(|inv| inv.id).collect();
    for (i, p) in doc.payments.iter().enumerate() {
        let Some(&invoice) = invoices.0.get(&p.invoice_id) else {
            if known_invoices.contains(&p.invoice_id) {
                continue; // of a skipped invoice
            }
            return Err(invoices
                .get(p.invoice_id, "payments", i, "invoice_id", "an invoice")
                .unwrap_err()
                .into());
        };
        insert(
            tx,
            "INSERT INTO payments (id, invoice_id, amount, paid_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id(p.id), invoice, p.amount.0, p.paid_on, p.created_at.0],
            "payments",
            i,
        )?;
    }
    for (i, r) in doc.reminders.iter().enumerate() {
        let Some(&invoice) = invoices.0.get(&r.invoice_id) else {
            if known_invoices.contains(&r.invoice_id) {
                continue;
            }
            return Err(invoices
                .get(r.invoice_id, "reminders", i, "invoice_id", "an invoice")
                .unwrap_err()
                .into());
        };
        insert(
            tx,
            "INSERT INTO reminders (id, invoice_id, step, tone, sent_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id(r.id), invoice, r.step, r.tone, r.sent_at.0],
            "reminders",
            i,
        )?;
    }

    for (i, m) in doc.messages.iter().enumerate() {
        let Some(client) = owner(m.client_id, "messages", i)? else { continue };
        let from = contacts.get(m.from_contact, "messages", i, "from_contact", "a contact of its client")?;
        let to = members.get(m.to_member, "messages", i, "to_member", "a member")?;
        let t = |v: Option<Instant>| v.map(|x| x.0);
        insert(
            tx,
            "INSERT INTO messages (id, client_id, from_contact, to_member, via, at, subject, is_request, fyi, wants, \
             bypassed, wrong_channel, clock_from, reply_target, reply_by, start_by, due, rush, replied_at, closed_at, \
             started_at, delivered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
             ?17, ?18, ?19, ?20, ?21, ?22)",
            params![
                id(m.id),
                client,
                from,
                to,
                m.via,
                m.at.0,
                m.subject,
                m.request,
                m.fyi,
                t(m.wants),
                m.bypassed,
                m.wrong_channel,
                t(m.clock_from),
                t(m.reply_target),
                t(m.reply_by),
                t(m.start_by),
                t(m.due),
                m.rush,
                t(m.replied_at),
                t(m.closed_at),
                t(m.started_at),
                t(m.delivered_at)
            ],
            "messages",
            i,
        )?;
        counts.messages += 1;
    }

    for (i, w) in doc.waiting.iter().enumerate() {
        let Some(client) = owner(w.client_id, "waiting", i)? else { continue };
        insert(
            tx,
            "INSERT INTO waiting (id, client_id, what, due, received_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id(w.id), client, w.what, w.due, w.received_on, w.created_at.0],
            "waiting",
            i,
        )?;
    }
    for (i, c) in doc.contracts.iter().enumerate() {
        let Some(client) = owner(c.client_id, "contracts", i)? else { continue };
        insert(
            tx,
            "INSERT INTO contracts (id, client_id, signed, kind, rate, expires, covers, file) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id(c.id), client, c.signed, c.kind, c.rate.map(|a| a.0), c.expires, c.covers, c.file],
            "contracts",
            i,
        )?;
    }
    if !merge {
        for (i, d) in doc.dismissals.iter().enumerate() {
            insert(
                tx,
                "INSERT INTO dismissals (key, dismissed_at) VALUES (?1, ?2)",
                params![d.key, d.dismissed_at.0],
                "dismissals",
                i,
            )?;
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// Every column of every table is in the document: a schema change that
    /// adds one must extend the export too.
    #[test]
    fn the_document_covers_every_column() {
        let store = Store::in_memory().unwrap();
        let db = store.read();
        let mut stmt = db
            .conn()
            .prepare(
                "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type = 'table' ORDER BY m.name, p.cid",
            )
            .unwrap();
        let columns: Vec<(String, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
        // Columns named differently in the document, or derived.
        let renamed = |t: &str, c: &str| match (t, c) {
            ("contacts", "is_primary") => Some("primary"),
            ("messages", "is_request") => Some("request"),
            ("contacts", "email_key") => None, // lower(email), recomputed
            _ => Some(""),
        };
        let doc = serde_json::to_value(Document {
            expect_export: 1,
            ..serde_json::from_str::<Document>(SAMPLE).unwrap()
        })
        .unwrap();
        for (table, column) in columns {
            let Some(name) = renamed(&table, &column) else { continue };
            let name = if name.is_empty() { column.as_str() } else { name };
            let records = doc[&table].as_array().cloned().unwrap_or_default();
            assert!(
                records.iter().any(|r| r.get(name).is_some()),
                "{table}.{column} is missing from the export: {records:?}"
            );
        }
    }

    /// One record per table with every field set.
    const SAMPLE: &str = r#"{
      "expect_export": 1,
      "members": [{"id": 1, "handle": "me", "name": "Me", "email": "me@x.example"}],
      "clients": [{"id": 1, "handle": "acme", "name": "Acme", "manager_id": 1, "currency": "USD",
                   "archived": true, "created_at": "2026-01-01T00:00:00Z"}],
      "contacts": [{"id": 1, "client_id": 1, "name": "Jane", "email": "j@a.example", "primary": true,
                    "role": "cto", "phone": "1"}],
      "rule_versions": [{"id": 1, "client_id": 1, "notified": "2026-01-01",
        "created_at": "2026-01-01T00:00:00Z", "channels": "email", "response": "1-2bd", "terms": "net30",
        "grace": "0d", "late_fee": "5%", "interest": "1.5%/month", "suspend_after": "60d",
        "turnaround": "5bd", "start_within": "2bd", "cutoff": "fri 16:00", "rush_fee": "50%",
        "phase_gating": "on", "notice_period": "30d"},
        {"id": 2, "client_id": 1, "effective": "2026-06-01", "created_at": "2026-01-01T00:00:00Z",
         "late_fee": ""}],
      "projects": [{"id": 1, "client_id": 1, "name": "Site"}],
      "phases": [{"id": 1, "project_id": 1, "position": 1, "name": "Design", "amount": "100.00",
                  "started_on": "2026-01-02"}],
      "invoices": [{"id": 1, "client_id": 1, "number": "INV-0001", "amount": "100.00", "issued": "2026-01-01",
        "due": "2026-01-31", "terms": "net30", "phase_id": 1, "settled_on": "2026-01-05",
        "voided_at": "2026-01-06T00:00:00Z", "void_reason": "x", "created_at": "2026-01-01T00:00:00Z"}],
      "payments": [{"id": 1, "invoice_id": 1, "amount": "100.00", "paid_on": "2026-01-05",
                    "created_at": "2026-01-05T00:00:00Z"}],
      "reminders": [{"id": 1, "invoice_id": 1, "step": 1, "tone": "friendly", "sent_at": "2026-01-05T00:00:00Z"}],
      "messages": [{"id": 1, "client_id": 1, "from_contact": 1, "to_member": 1, "via": "email",
        "at": "2026-01-05T00:00:00Z", "subject": "Hi", "request": true, "fyi": true,
        "wants": "2026-01-05T00:00:00Z", "bypassed": true, "wrong_channel": true,
        "clock_from": "2026-01-05T00:00:00Z", "reply_target": "2026-01-05T00:00:00Z",
        "reply_by": "2026-01-05T00:00:00Z", "start_by": "2026-01-05T00:00:00Z", "due": "2026-01-05T00:00:00Z",
        "rush": true, "replied_at": "2026-01-05T00:00:00Z", "closed_at": "2026-01-05T00:00:00Z",
        "started_at": "2026-01-05T00:00:00Z", "delivered_at": "2026-01-05T00:00:00Z"}],
      "waiting": [{"id": 1, "client_id": 1, "what": "copy", "due": "2026-01-05", "received_on": "2026-01-06",
                   "created_at": "2026-01-05T00:00:00Z"}],
      "contracts": [{"id": 1, "client_id": 1, "signed": "2026-01-01", "kind": "fixed", "rate": "10.00",
                     "expires": "2027-01-01", "covers": "payment", "file": "a.pdf"}],
      "dismissals": [{"key": "no-contract:client:acme", "dismissed_at": "2026-01-05T00:00:00Z"}]
    }"#;

    #[test]
    fn a_full_document_survives_import_and_export() {
        let doc: Document = serde_json::from_str(SAMPLE).unwrap();
        let mut store = Store::in_memory().unwrap();
        store.write(|tx| import(tx, &doc, false).map_err(|e| anyhow::anyhow!("{e:?}"))).unwrap();
        let back = export(&store.read()).unwrap();
        assert_eq!(back, doc);
        let toml_text = toml::to_string(&back).unwrap();
        assert_eq!(toml::from_str::<Document>(&toml_text).unwrap(), doc);
    }

    #[test]
    fn bad_references_name_the_record_and_field() {
        let mut doc: Document = serde_json::from_str(SAMPLE).unwrap();
        doc.messages[0].from_contact = 9;
        let mut store = Store::in_memory().unwrap();
        let err = store.write(|tx| match import(tx, &doc, false) {
            Err(ImportError::Bad(b)) => Ok(b),
            other => panic!("{other:?}"),
        });
        let bad = err.unwrap();
        assert_eq!((bad.table, bad.index, bad.field), ("messages", 0, Some("from_contact")));
        let mut doc: Document = serde_json::from_str(SAMPLE).unwrap();
        doc.rule_versions[0].terms = Some("net-30".into());
        let bad = validate(&doc).unwrap_err();
        assert_eq!((bad.table, bad.field), ("rule_versions", Some("terms")));
    }
}
