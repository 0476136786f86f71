//! Reading a document of [`export`](super::export) into the database:
//! checking what serde cannot (rule texts, terms, topics, `settled_on`
//! against the payments, references between records), and writing its
//! records, into an empty database with their ids or merged under new ones.
//! A bad record is named by table, position and field.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use super::export::Document;
use super::records::{
    ClientDomainRecord, ClientRecord, ContactRecord, ContractRecord, InvoiceRecord, MessageRecord,
    PaymentRecord, PhaseRecord, ProjectRecord, ReminderRecord, RuleVersionRecord, WaitingRecord,
    WaiverRecord,
};
use super::sql::p;
use super::{clients, conn, invoices, members, StoreError, Tx};
use crate::rules::RULE_NAMES;
use crate::values::Terms;

/// The version of the document format this build reads.
use super::export::FORMAT_VERSION;

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
        // The file's identity replaces the new database's (calendar UIDs
        // stay those of the book); a merge keeps the database's own.
        for (i, b) in doc.book.iter().enumerate() {
            b.put(tx).map_err(named("book", i))?;
        }
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

    for (i, d) in doc.client_domains.iter().enumerate() {
        let Some(client_id) = owner(d.client_id, "client_domains", i)? else { continue };
        ClientDomainRecord { client_id, ..d.clone() }.insert(tx, keep).map_err(named("client_domains", i))?;
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

    for (i, w) in doc.waivers.iter().enumerate() {
        let Some(&invoice_id) = invoices.0.get(&w.invoice_id) else {
            if known_invoices.contains(&w.invoice_id) {
                continue;
            }
            return Err(invoices
                .get(w.invoice_id, "waivers", i, "invoice_id", "an invoice")
                .unwrap_err()
                .into());
        };
        WaiverRecord { invoice_id, ..w.clone() }.insert(tx, keep).map_err(named("waivers", i))?;
    }

    let mut messages = Ids::default();
    for (i, m) in doc.messages.iter().enumerate() {
        let Some(client_id) = owner(m.client_id, "messages", i)? else { continue };
        let from_contact =
            contacts.get(m.from_contact, "messages", i, "from_contact", "a contact of its client")?;
        let to_member = members.get(m.to_member, "messages", i, "to_member", "a member")?;
        // A follow-up points at an earlier message of the file.
        let follow_up_of = m
            .follow_up_of
            .map(|f| messages.get(f, "messages", i, "follow_up_of", "an earlier message"))
            .transpose()?;
        let new = MessageRecord { client_id, from_contact, to_member, follow_up_of, ..m.clone() }
            .insert(tx, keep)
            .map_err(named("messages", i))?;
        messages.0.insert(m.id, new);
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
    if keep {
        // Records added later get ids after those of the file.
        let with_ids: Vec<&str> =
            super::migrations::TABLES.into_iter().filter(|t| !["book", "dismissals"].contains(t)).collect();
        conn(tx).ids_kept(&with_ids)?;
    }
    Ok(counts)
}
