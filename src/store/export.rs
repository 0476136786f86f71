//! The whole database as one document (`expect export` / `expect import`):
//! one list of [`records`](super::records) per table, in id order. The same
//! serde types read and write TOML and JSON, so a value the parser refuses
//! is reported with its line by the format's own parser; what only makes
//! sense against other records (a reference to a missing client, a
//! duplicate handle, a `settled_on` the payments contradict) is reported by
//! [`import`] naming the table, the record's position and the field.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::records::{
    ClientRecord, ContactRecord, ContractRecord, DismissalRecord, InvoiceRecord, MemberRecord, MessageRecord,
    PaymentRecord, PhaseRecord, ProjectRecord, ReminderRecord, RuleVersionRecord, WaitingRecord,
};
use super::sql::{p, Row};
use super::{clients, conn, invoices, members, Db, StoreError, Tx};
use crate::rules::RULE_NAMES;
use crate::values::Terms;

/// The version of the document format written by this build.
pub const FORMAT_VERSION: u32 = 1;

/// The whole database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The document format version ([`FORMAT_VERSION`]).
    pub expect_export: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clients: Vec<ClientRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<ContactRecord>,
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

/// Reads every table, records in id order. Run it in a snapshot
/// ([`super::Store::snapshot`]) for a consistent document.
pub fn export(db: &impl Db) -> Result<Document, StoreError> {
    Ok(Document {
        expect_export: FORMAT_VERSION,
        members: table(db, MemberRecord::COLUMNS, "members mb", "mb.id", MemberRecord::from_row)?,
        clients: table(db, ClientRecord::COLUMNS, "clients c", "c.id", ClientRecord::from_row)?,
        contacts: table(db, ContactRecord::COLUMNS, "contacts k", "k.id", ContactRecord::from_row)?,
        rule_versions: table(
            db,
            RuleVersionRecord::COLUMNS,
            "rule_versions rv",
            "rv.id",
            RuleVersionRecord::from_row,
        )?,
        projects: table(db, ProjectRecord::COLUMNS, "projects pj", "pj.id", ProjectRecord::from_row)?,
        phases: table(db, PhaseRecord::COLUMNS, "phases ph", "ph.id", PhaseRecord::from_row)?,
        invoices: table(db, InvoiceRecord::COLUMNS, "invoices i", "i.id", InvoiceRecord::from_row)?,
        payments: table(db, PaymentRecord::COLUMNS, "payments p", "p.id", PaymentRecord::from_row)?,
        reminders: table(db, ReminderRecord::COLUMNS, "reminders r", "r.id", ReminderRecord::from_row)?,
        messages: table(db, MessageRecord::COLUMNS, "messages m", "m.id", MessageRecord::from_row)?,
        waiting: table(db, WaitingRecord::COLUMNS, "waiting w", "w.id", WaitingRecord::from_row)?,
        contracts: table(db, ContractRecord::COLUMNS, "contracts ct", "ct.id", ContractRecord::from_row)?,
        dismissals: table(db, DismissalRecord::COLUMNS, "dismissals d", "d.key", DismissalRecord::from_row)?,
    })
}

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

fn bad(
    table: &'static str,
    index: usize,
    field: Option<&'static str>,
    message: impl Into<String>,
) -> BadRecord {
    BadRecord { table, index, field, message: message.into() }
}

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
pub fn is_empty(db: &impl Db) -> Result<bool, StoreError> {
    let n: i64 = conn(db).one(
        "SELECT (SELECT count(*) FROM members WHERE handle <> 'me') + (SELECT count(*) FROM clients) \
              + (SELECT count(*) FROM contacts) + (SELECT count(*) FROM rule_versions) \
              + (SELECT count(*) FROM projects) + (SELECT count(*) FROM phases) \
              + (SELECT count(*) FROM invoices) + (SELECT count(*) FROM payments) \
              + (SELECT count(*) FROM reminders) + (SELECT count(*) FROM messages) \
              + (SELECT count(*) FROM waiting) + (SELECT count(*) FROM contracts) \
              + (SELECT count(*) FROM dismissals)",
        p![],
        |r| r.get(0),
    )?;
    Ok(n == 0)
}

/// Checks what serde cannot: rule texts, invoice terms, contract topics, and
/// that each invoice's `settled_on` is what its payments give. Linear in the
/// size of the document.
pub fn validate(doc: &Document) -> Result<(), BadRecord> {
    if doc.expect_export != FORMAT_VERSION {
        return Err(bad(
            "document",
            0,
            Some("expect_export"),
            format!(
                "format version {} is not known to this expect (it reads {FORMAT_VERSION})",
                doc.expect_export
            ),
        ));
    }
    for (i, v) in doc.rule_versions.iter().enumerate() {
        super::rules::version_of(v)
            .map_err(|(name, value, e)| bad("rule_versions", i, Some(name), format!("{value:?}: {e}")))?;
    }
    // Every client needs its first version (no effective date) holding
    // every rule: that is what the rules in force on any day start from.
    let mut firsts: HashMap<i64, Vec<usize>> = HashMap::new();
    for (j, v) in doc.rule_versions.iter().enumerate() {
        if v.effective.is_none() {
            firsts.entry(v.client_id).or_default().push(j);
        }
    }
    for (i, c) in doc.clients.iter().enumerate() {
        match firsts.get(&c.id).map(Vec::as_slice) {
            Some([j]) => {
                let v = &doc.rule_versions[*j];
                if let Some((name, _)) = RULE_NAMES.iter().zip(v.rules()).find(|(_, value)| value.is_none()) {
                    return Err(bad(
                        "rule_versions",
                        *j,
                        Some(name),
                        "missing: the first version of a client's rules (no effective date) names every rule",
                    ));
                }
            }
            other => {
                return Err(bad(
                    "clients",
                    i,
                    Some("id"),
                    format!(
                        "client {} needs exactly one rule version without an effective date, with every rule; the file has {}",
                        c.id,
                        other.map_or(0, <[usize]>::len)
                    ),
                ));
            }
        }
    }
    // `settled_on` is derived from the payments (the overdue report reads
    // it instead of summing them): it must agree with them. The payments
    // are grouped by invoice once.
    let mut pays: HashMap<i64, Vec<crate::money::Payment>> = HashMap::new();
    for p in &doc.payments {
        pays.entry(p.invoice_id).or_default().push(p.payment());
    }
    for (i, inv) in doc.invoices.iter().enumerate() {
        let settled = crate::money::settled_on(inv.amount, pays.get(&inv.id).map_or(&[][..], Vec::as_slice));
        if settled != inv.settled_on {
            let show = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "none".to_string(), |d| d.to_string());
            return Err(bad(
                "invoices",
                i,
                Some("settled_on"),
                format!(
                    "{} does not match the payments, which settle the principal on {}",
                    show(inv.settled_on),
                    show(settled)
                ),
            ));
        }
        inv.terms
            .parse::<Terms>()
            .map_err(|e| bad("invoices", i, Some("terms"), format!("{:?}: {e}", inv.terms)))?;
    }
    for (i, c) in doc.contracts.iter().enumerate() {
        crate::flags::contract::parse_topics(&c.covers)
            .map_err(|e| bad("contracts", i, Some("covers"), format!("{:?}: {e}", c.covers)))?;
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
        self.0
            .get(&id)
            .copied()
            .ok_or_else(|| bad(table, index, Some(field), format!("{id} is not the id of {of} in the file")))
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
    Store(StoreError),
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

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        ImportError::Store(e)
    }
}

/// A write refused by a constraint names the record.
fn named(table: &'static str, index: usize) -> impl FnOnce(StoreError) -> ImportError {
    move |e| match e {
        StoreError::Duplicate(_) | StoreError::Constraint(_) => {
            ImportError::Bad(bad(table, index, None, e.to_string()))
        }
        other => ImportError::Store(other),
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
    let mut counts = Counts::default();
    let keep = !merge;

    if !merge {
        if !doc.members.iter().any(|m| m.handle == "me") {
            return Err(bad(
                "members",
                0,
                Some("handle"),
                "the file has no member `me` (every database holds one)",
            )
            .into());
        }
        conn(tx).execute("DELETE FROM members WHERE handle = 'me'", p![])?;
    }

    let mut members = Ids::default();
    for (i, m) in doc.members.iter().enumerate() {
        if merge {
            if let Some(e) = members::member_by_handle(tx, &m.handle)? {
                members.0.insert(m.id, e.id);
                counts.skipped_members += 1;
                continue;
            }
        }
        let new = m.insert(tx, keep).map_err(named("members", i))?;
        members.0.insert(m.id, new);
        counts.members += 1;
    }

    // Clients: `fresh` holds the file ids of those added now.
    let mut clients = Ids::default();
    let mut fresh: HashSet<i64> = HashSet::new();
    for (i, c) in doc.clients.iter().enumerate() {
        if merge {
            if let Some(e) = clients::client_by_handle(tx, &c.handle)? {
                clients.0.insert(c.id, e.id);
                counts.skipped_clients += 1;
                continue;
            }
        }
        let manager_id = members.get(c.manager_id, "clients", i, "manager_id", "a member")?;
        let new = ClientRecord { manager_id, ..c.clone() }.insert(tx, keep).map_err(named("clients", i))?;
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
        let Some(client_id) = owner(c.client_id, "contacts", i)? else { continue };
        if c.name.is_none() && c.email.is_none() {
            return Err(bad("contacts", i, None, "needs a name or an email").into());
        }
        let new = ContactRecord { client_id, ..c.clone() }.insert(tx, keep).map_err(named("contacts", i))?;
        contacts.0.insert(c.id, new);
    }

    for (i, v) in doc.rule_versions.iter().enumerate() {
        let Some(client_id) = owner(v.client_id, "rule_versions", i)? else { continue };
        RuleVersionRecord { client_id, ..v.clone() }.insert(tx, keep).map_err(named("rule_versions", i))?;
    }

    // Projects and phases; for a skipped client, the database's project and
    // phase of the same names (so a new invoice keeps its phase).
    let mut projects = Ids::default();
    let mut kept_projects: HashSet<i64> = HashSet::new();
    for (i, p) in doc.projects.iter().enumerate() {
        if let Some(client_id) = owner(p.client_id, "projects", i)? {
            let new =
                ProjectRecord { client_id, ..p.clone() }.insert(tx, keep).map_err(named("projects", i))?;
            projects.0.insert(p.id, new);
        } else {
            let client = clients.get(p.client_id, "projects", i, "client_id", "a client")?;
            if let Some(e) = super::projects::projects_named(tx, &p.name, Some(client))?.first() {
                projects.0.insert(p.id, e.id);
                kept_projects.insert(p.id);
            }
        }
    }
    let mut phases = Ids::default();
    for (i, ph) in doc.phases.iter().enumerate() {
        let project = projects.0.get(&ph.project_id).copied();
        if kept_projects.contains(&ph.project_id) {
            if let Some(project) = project {
                if let Some(e) = super::projects::phase_named(tx, project, &ph.name)? {
                    phases.0.insert(ph.id, e.id);
                }
            }
            continue;
        }
        let Some(project_id) = project else {
            if doc.projects.iter().any(|p| p.id == ph.project_id) {
                continue; // a project of a skipped client that the database lacks
            }
            return Err(projects
                .get(ph.project_id, "phases", i, "project_id", "a project")
                .unwrap_err()
                .into());
        };
        let new = PhaseRecord { project_id, ..ph.clone() }.insert(tx, keep).map_err(named("phases", i))?;
        phases.0.insert(ph.id, new);
    }

    let mut invoices = Ids::default();
    for (i, inv) in doc.invoices.iter().enumerate() {
        let client_id = clients.get(inv.client_id, "invoices", i, "client_id", "a client")?;
        if merge {
            if let Some(existing) = invoices::invoice_by_number(tx, &inv.number)? {
                if fresh.contains(&inv.client_id) {
                    let client = doc.clients.iter().find(|c| c.id == inv.client_id).map(|c| c.handle.clone());
                    return Err(ImportError::Clash(NumberClash {
                        index: i,
                        number: inv.number.clone(),
                        client: client.unwrap_or_default(),
                        owner: existing.client,
                    }));
                }
                counts.skipped_invoices += 1;
                continue;
            }
        }
        let phase_id = match inv.phase_id {
            None => None,
            Some(p) if merge => phases.0.get(&p).copied(),
            Some(p) => Some(phases.get(p, "invoices", i, "phase_id", "a phase")?),
        };
        let new = InvoiceRecord { client_id, phase_id, ..inv.clone() }
            .insert(tx, keep)
            .map_err(named("invoices", i))?;
        invoices.0.insert(inv.id, new);
        counts.invoices += 1;
    }
    let known_invoices: HashSet<i64> = doc.invoices.iter().map(|inv| inv.id).collect();
    for (i, p) in doc.payments.iter().enumerate() {
        let Some(&invoice_id) = invoices.0.get(&p.invoice_id) else {
            if known_invoices.contains(&p.invoice_id) {
                continue; // of a skipped invoice
            }
            return Err(invoices
                .get(p.invoice_id, "payments", i, "invoice_id", "an invoice")
                .unwrap_err()
                .into());
        };
        PaymentRecord { invoice_id, ..*p }.insert(tx, keep).map_err(named("payments", i))?;
    }
    for (i, r) in doc.reminders.iter().enumerate() {
        let Some(&invoice_id) = invoices.0.get(&r.invoice_id) else {
            if known_invoices.contains(&r.invoice_id) {
                continue;
            }
            return Err(invoices
                .get(r.invoice_id, "reminders", i, "invoice_id", "an invoice")
                .unwrap_err()
                .into());
        };
        ReminderRecord { invoice_id, ..r.clone() }.insert(tx, keep).map_err(named("reminders", i))?;
    }

    for (i, m) in doc.messages.iter().enumerate() {
        let Some(client_id) = owner(m.client_id, "messages", i)? else { continue };
        let from_contact =
            contacts.get(m.from_contact, "messages", i, "from_contact", "a contact of its client")?;
        let to_member = members.get(m.to_member, "messages", i, "to_member", "a member")?;
        MessageRecord { client_id, from_contact, to_member, ..m.clone() }
            .insert(tx, keep)
            .map_err(named("messages", i))?;
        counts.messages += 1;
    }

    for (i, w) in doc.waiting.iter().enumerate() {
        let Some(client_id) = owner(w.client_id, "waiting", i)? else { continue };
        WaitingRecord { client_id, ..w.clone() }.insert(tx, keep).map_err(named("waiting", i))?;
    }
    for (i, c) in doc.contracts.iter().enumerate() {
        let Some(client_id) = owner(c.client_id, "contracts", i)? else { continue };
        ContractRecord { client_id, ..c.clone() }.insert(tx, keep).map_err(named("contracts", i))?;
    }
    if !merge {
        for (i, d) in doc.dismissals.iter().enumerate() {
            if !d.insert(tx).map_err(named("dismissals", i))? {
                return Err(
                    bad("dismissals", i, Some("key"), "another record has the same dismissals.key").into()
                );
            }
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// Every column of every table is in the document: a schema change that
    /// adds one must extend the records too.
    #[test]
    fn the_document_covers_every_column() {
        let store = Store::in_memory().unwrap();
        let db = store.read();
        let columns: Vec<(String, String)> = conn(&db)
            .all(
                "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type = 'table' ORDER BY m.name, p.cid",
                p![],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        // Columns named differently in the document, or derived.
        let renamed = |t: &str, c: &str| match (t, c) {
            ("contacts", "is_primary") => Some("primary"),
            ("messages", "is_request") => Some("request"),
            ("contacts", "email_key") => None, // the e-mail folded, recomputed
            _ => Some(""),
        };
        let doc = serde_json::to_value(serde_json::from_str::<Document>(SAMPLE).unwrap()).unwrap();
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
        store.write(|tx| import(tx, &doc, false).map_err(|e| StoreError::Engine(format!("{e:?}")))).unwrap();
        let back = store.snapshot(|db| export(db)).unwrap();
        assert_eq!(back, doc);
        let toml_text = toml::to_string(&back).unwrap();
        assert_eq!(toml::from_str::<Document>(&toml_text).unwrap(), doc);
    }

    #[test]
    fn bad_references_name_the_record_and_field() {
        let mut doc: Document = serde_json::from_str(SAMPLE).unwrap();
        doc.messages[0].from_contact = 9;
        let mut store = Store::in_memory().unwrap();
        let err = store
            .write(|tx| match import(tx, &doc, false) {
                Err(ImportError::Bad(b)) => Ok(b),
                other => panic!("{other:?}"),
            })
            .map_err(|e: StoreError| e)
            .unwrap();
        assert_eq!((err.table, err.index, err.field), ("messages", 0, Some("from_contact")));
        let mut doc: Document = serde_json::from_str(SAMPLE).unwrap();
        doc.rule_versions[0].terms = Some("net-30".into());
        let bad = validate(&doc).unwrap_err();
        assert_eq!((bad.table, bad.field), ("rule_versions", Some("terms")));
        let mut doc: Document = serde_json::from_str(SAMPLE).unwrap();
        doc.invoices[0].settled_on = None;
        let bad = validate(&doc).unwrap_err();
        assert_eq!((bad.table, bad.field), ("invoices", Some("settled_on")));
        assert_eq!(bad.message, "none does not match the payments, which settle the principal on 2026-01-05");
    }
}
