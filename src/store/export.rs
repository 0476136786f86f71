//! The whole database as one document (`expect export` / `expect import`):
//! one list of [`records`](super::records) per table, in id order. The same
//! serde types read and write TOML and JSON, so a value the parser refuses
//! is reported with its line by the format's own parser; what only makes
//! sense against other records (a reference to a missing client, a
//! duplicate handle, a `settled_on` the payments contradict) is reported by
//! [`import`](super::import::import) naming the table, the record's position and the field.

use serde::{Deserialize, Serialize};

use super::records::{
    BookRecord, ClientDomainRecord, ClientRecord, ContactRecord, ContractRecord, DismissalRecord,
    InvoiceRecord, MemberRecord, MessageRecord, PaymentRecord, PhaseRecord, ProjectRecord, ReminderRecord,
    RuleVersionRecord, WaitingRecord, WaiverRecord,
};
use super::sql::{p, Row};
use super::{conn, Db, StoreError};

/// The version of the document format written by this build.
///
/// Version 2 writes each amount with its currency's decimals (JPY
/// `"150000"`, KWD `"12.500"`); version 1, still read, kept every currency
/// in hundredths.
pub const FORMAT_VERSION: u32 = 2;

/// The whole database.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The document format version ([`FORMAT_VERSION`]).
    pub expect_export: u32,
    /// The book's own facts (its id).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub book: Vec<BookRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clients: Vec<ClientRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<ContactRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub client_domains: Vec<ClientDomainRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule_versions: Vec<RuleVersionRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<ProjectRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<PhaseRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invoices: Vec<InvoiceRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<PaymentRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reminders: Vec<ReminderRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<WaiverRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<MessageRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiting: Vec<WaitingRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contracts: Vec<ContractRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissals: Vec<DismissalRecord>,
}

fn table<T>(
    db: &impl Db,
    columns: &str,
    from: &str,
    order: &str,
    f: impl Fn(&Row<'_>, usize) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    conn(db).all(&format!("SELECT {columns} FROM {from} ORDER BY {order}"), p![], |r| f(r, 0))
}

/// The columns of a record with an amount, and its client's currency.
fn priced(columns: &str) -> String {
    format!("{columns}, c.currency")
}

/// Reads every table, records in id order. Run it in a snapshot
/// ([`super::Store::snapshot`]) for a consistent document.
pub fn export(db: &impl Db) -> Result<Document, StoreError> {
    Ok(Document {
        expect_export: FORMAT_VERSION,
        // The invoice counter is the invoices' own (one more than their
        // highest number): import sets it from them.
        book: table(
            db,
            BookRecord::COLUMNS,
            "book bk WHERE bk.key <> 'next_invoice'",
            "bk.key",
            BookRecord::from_row,
        )?,
        members: table(db, MemberRecord::COLUMNS, "members mb", "mb.id", MemberRecord::from_row)?,
        clients: table(db, ClientRecord::COLUMNS, "clients c", "c.id", ClientRecord::from_row)?,
        contacts: table(db, ContactRecord::COLUMNS, "contacts k", "k.id", ContactRecord::from_row)?,
        client_domains: table(
            db,
            ClientDomainRecord::COLUMNS,
            "client_domains cd",
            "cd.id",
            ClientDomainRecord::from_row,
        )?,
        rule_versions: table(
            db,
            RuleVersionRecord::COLUMNS,
            "rule_versions rv",
            "rv.id",
            RuleVersionRecord::from_row,
        )?,
        projects: table(db, ProjectRecord::COLUMNS, "projects pj", "pj.id", ProjectRecord::from_row)?,
        phases: table(db, &priced(PhaseRecord::COLUMNS), PhaseRecord::FROM, "ph.id", PhaseRecord::from_row)?,
        invoices: table(
            db,
            &priced(InvoiceRecord::COLUMNS),
            InvoiceRecord::FROM,
            "i.id",
            InvoiceRecord::from_row,
        )?,
        payments: table(
            db,
            &priced(PaymentRecord::COLUMNS),
            PaymentRecord::FROM,
            "p.id",
            PaymentRecord::from_row,
        )?,
        reminders: table(db, ReminderRecord::COLUMNS, "reminders r", "r.id", ReminderRecord::from_row)?,
        waivers: table(db, WaiverRecord::COLUMNS, "waivers wv", "wv.id", WaiverRecord::from_row)?,
        messages: table(db, MessageRecord::COLUMNS, "messages m", "m.id", MessageRecord::from_row)?,
        waiting: table(db, WaitingRecord::COLUMNS, "waiting w", "w.id", WaitingRecord::from_row)?,
        contracts: table(
            db,
            &priced(ContractRecord::COLUMNS),
            ContractRecord::FROM,
            "ct.id",
            ContractRecord::from_row,
        )?,
        dismissals: table(db, DismissalRecord::COLUMNS, "dismissals d", "d.key", DismissalRecord::from_row)?,
    })
}

/// Whether the database holds nothing but member `me`.
pub fn is_empty(db: &impl Db) -> Result<bool, StoreError> {
    let n: i64 = conn(db).one(
        "SELECT (SELECT count(*) FROM members WHERE handle <> 'me') + (SELECT count(*) FROM clients) \
              + (SELECT count(*) FROM contacts) + (SELECT count(*) FROM rule_versions) \
              + (SELECT count(*) FROM projects) + (SELECT count(*) FROM phases) \
              + (SELECT count(*) FROM invoices) + (SELECT count(*) FROM payments) \
              + (SELECT count(*) FROM reminders) + (SELECT count(*) FROM messages) \
              + (SELECT count(*) FROM waiting) + (SELECT count(*) FROM contracts) \
              + (SELECT count(*) FROM dismissals) + (SELECT count(*) FROM client_domains) \
              + (SELECT count(*) FROM waivers)",
        p![],
        |r| r.get(0),
    )?;
    Ok(n == 0)
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
