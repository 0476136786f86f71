//! Reading a document of [`export`](super::export) into the database:
//! checking what serde cannot (rule texts, terms, topics, `settled_on`
//! against the payments, references between records), and writing its
//! records, into an empty database with their ids or merged under new ones.
//! A bad record is named by table, position and field. Amounts are read as
//! written and brought to their client's currency's minor unit: exactly in
//! a document of this version, rounded half away from zero (and said) in
//! one of version 1, which kept every currency in hundredths.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

mod check;
mod error;
#[cfg(test)]
mod tests;

use check::{bad, Amounts};
pub use check::{validate, BadRecord};
use error::named;
pub use error::{ImportError, NumberClash};

use super::batch::Batch;
use super::export::Document;
use super::records::Insert;
use super::records::{
    ClientDomainRecord, ClientRecord, ContactRecord, ContractRecord, InvoiceRecord, MessageRecord,
    PaymentRecord, PhaseRecord, ProjectRecord, ReminderRecord, RuleVersionRecord, WaitingRecord,
    WaiverRecord,
};
use super::sql::p;
use super::{clients, conn, invoices, members, StoreError, Tx};
use crate::values::Currency;

/// What an import added, and what a merge skipped as already present.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub members: usize,
    pub clients: usize,
    pub invoices: usize,
    pub messages: usize,
    pub skipped_members: usize,
    pub skipped_clients: usize,
    pub skipped_invoices: usize,
    /// The amounts of a version-1 document that rounding to their
    /// currency's minor unit changed, in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub converted: Vec<String>,
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

/// Writes `record` (record `i` of its table in the file): into an empty
/// database with its id, through `batch`; in a merge at once, under a new
/// id. Returns its id in the database.
fn write<R: Insert>(
    batch: &mut Batch<'_, '_, R>,
    tx: &Tx<'_>,
    keep: bool,
    i: usize,
    id: i64,
    record: R,
    insert: impl FnOnce(&R, &Tx<'_>) -> Result<i64, StoreError>,
) -> Result<i64, ImportError> {
    if keep {
        batch.push(i, record)?;
        Ok(id)
    } else {
        insert(&record, tx).map_err(named(R::TABLE, i))
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
pub fn import(
    tx: &Tx<'_>,
    doc: &Document,
    merge: bool,
    rates: &crate::money::ReferenceRates,
) -> Result<Counts, ImportError> {
    validate(doc)?;
    // A large import touches many pages: kept in memory for this run (the
    // default 2 MB cache spilled them to the log and read them back).
    conn(tx).bulk_cache(doc.invoices.len() + doc.messages.len() + doc.clients.len())?;
    let mut counts = Counts::default();
    let keep = !merge;
    let mut amounts = Amounts { legacy: doc.expect_export == 1, converted: Vec::new() };
    // Into an empty book, the indexes that enforce nothing are made once
    // after the writing (one sort each) instead of kept up row by row; not
    // for the first format, whose payments are read back by invoice.
    let plain = if keep && !amounts.legacy { conn(tx).drop_plain_indexes()? } else { Vec::new() };

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
    // The currency of each client of the file: the database's for one that
    // is already there.
    let mut currency: HashMap<i64, Currency> = HashMap::new();
    let mut client_batch = Batch::new(tx);
    for (i, c) in doc.clients.iter().enumerate() {
        let theirs = Currency::parse(&c.currency).unwrap_or(Currency::USD); // validated above
        if merge {
            if let Some(e) = clients::client_by_handle(tx, &c.handle)? {
                clients.0.insert(c.id, e.id);
                currency.insert(c.id, e.currency);
                if e.currency != theirs && doc.invoices.iter().any(|inv| inv.client_id == c.id) {
                    return Err(bad(
                        "clients",
                        i,
                        Some("currency"),
                        format!("{theirs}: client {} of the database is in {}", c.handle, e.currency),
                    )
                    .into());
                }
                counts.skipped_clients += 1;
                continue;
            }
        }
        currency.insert(c.id, theirs);
        let manager_id = members.get(c.manager_id, "clients", i, "manager_id", "a member")?;
        let record = ClientRecord { manager_id, ..c.clone() };
        let new = write(&mut client_batch, tx, keep, i, c.id, record, |r, tx| r.insert(tx, false))?;
        clients.0.insert(c.id, new);
        fresh.insert(c.id);
        counts.clients += 1;
    }
    client_batch.finish()?;
    // A record of a client: Some(database id) when the client is added now,
    // None when it is skipped; an error when no such client is in the file.
    let owner = |client_id: i64, table: &'static str, i: usize| -> Result<Option<i64>, BadRecord> {
        let db_id = clients.get(client_id, table, i, "client_id", "a client")?;
        Ok(fresh.contains(&client_id).then_some(db_id))
    };

    let mut contacts = Ids::default();
    let mut batch = Batch::new(tx);
    for (i, c) in doc.contacts.iter().enumerate() {
        let Some(client_id) = owner(c.client_id, "contacts", i)? else { continue };
        if c.name.is_none() && c.email.is_none() {
            return Err(bad("contacts", i, None, "needs a name or an email").into());
        }
        let record = ContactRecord { client_id, ..c.clone() };
        let new = write(&mut batch, tx, keep, i, c.id, record, |r, tx| r.insert(tx, false))?;
        contacts.0.insert(c.id, new);
    }
    batch.finish()?;

    let mut batch = Batch::new(tx);
    for (i, d) in doc.client_domains.iter().enumerate() {
        let Some(client_id) = owner(d.client_id, "client_domains", i)? else { continue };
        let record = ClientDomainRecord { client_id, ..d.clone() };
        write(&mut batch, tx, keep, i, d.id, record, |r, tx| r.insert(tx, false))?;
    }
    batch.finish()?;

    let mut batch = Batch::new(tx);
    for (i, v) in doc.rule_versions.iter().enumerate() {
        let Some(client_id) = owner(v.client_id, "rule_versions", i)? else { continue };
        let record = RuleVersionRecord { client_id, ..v.clone() };
        write(&mut batch, tx, keep, i, v.id, record, |r, tx| r.insert(tx, false))?;
    }
    batch.finish()?;

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
        let owner = doc.projects.iter().find(|p| p.id == ph.project_id).map(|p| p.client_id);
        let cur = owner.and_then(|o| currency.get(&o).copied()).unwrap_or(Currency::USD);
        let amount = amounts.of(ph.amount, cur, ("phases", i, "amount"))?;
        let new =
            PhaseRecord { project_id, amount, ..ph.clone() }.insert(tx, keep).map_err(named("phases", i))?;
        phases.0.insert(ph.id, new);
    }

    // No payment may pay more than its invoice owed that day: `pay` refuses
    // it, and every report would fail on it.
    if let Some(over) = super::charges::overpaid_in_document(doc, &currency, amounts.legacy, rates) {
        return Err(bad(
            "payments",
            over.index,
            Some("amount"),
            format!(
                "{}: more than invoice {} owed on {} (at most {})",
                doc.payments[over.index].amount,
                over.invoice,
                over.on,
                over.owed.text(crate::values::Numbers::Comma)
            ),
        )
        .into());
    }
    let mut invoices = Ids::default();
    let mut invoice_currency: HashMap<i64, Currency> = HashMap::new();
    // Into an empty database, how long each invoice's charges were owed comes
    // with it; a merge has it recomputed after (its rules may be the
    // database's).
    let owed = if merge {
        HashMap::new()
    } else {
        super::charges::owed_in_document(doc, &currency, amounts.legacy, rates)
    };
    let mut batch = Batch::new(tx);
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
        let cur = currency.get(&inv.client_id).copied().unwrap_or(Currency::USD);
        let amount = amounts.of(inv.amount, cur, ("invoices", i, "amount"))?;
        invoice_currency.insert(inv.id, cur);
        let record = invoices::Imported {
            record: InvoiceRecord { client_id, amount, phase_id, ..inv.clone() },
            owed_until: owed.get(&inv.id).copied().flatten(),
        };
        let new =
            write(&mut batch, tx, keep, i, inv.id, record, |r, tx| invoices::insert_imported(tx, r, false))?;
        invoices.0.insert(inv.id, new);
        counts.invoices += 1;
    }
    batch.finish()?;
    invoices::note_numbers(tx, doc.invoices.iter().map(|inv| inv.number.as_str()))?;
    let known_invoices: HashSet<i64> = doc.invoices.iter().map(|inv| inv.id).collect();
    let mut batch = Batch::new(tx);
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
        let cur = invoice_currency.get(&p.invoice_id).copied().unwrap_or(Currency::USD);
        let amount = amounts.of(p.amount, cur, ("payments", i, "amount"))?;
        let record = PaymentRecord { invoice_id, amount, ..*p };
        write(&mut batch, tx, keep, i, p.id, record, |r, tx| r.insert(tx, false))?;
    }
    batch.finish()?;
    if amounts.legacy {
        // Rounding may move the day the principal is covered.
        for id in invoices.0.values() {
            let inv = invoices::payments(tx, *id)?;
            let pays: Vec<crate::money::Payment> = inv.iter().map(PaymentRecord::payment).collect();
            if let Some(row) = invoices::invoice_by_id(tx, *id)? {
                invoices::set_settled(tx, *id, crate::money::settled_on(row.amount(), &pays))?;
            }
        }
    }
    let mut batch = Batch::new(tx);
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
        let record = ReminderRecord { invoice_id, ..r.clone() };
        write(&mut batch, tx, keep, i, r.id, record, |r, tx| r.insert(tx, false))?;
    }
    batch.finish()?;

    let mut batch = Batch::new(tx);
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
        let record = WaiverRecord { invoice_id, ..w.clone() };
        write(&mut batch, tx, keep, i, w.id, record, |r, tx| r.insert(tx, false))?;
    }
    batch.finish()?;

    let mut messages = Ids::default();
    let mut batch = Batch::new(tx);
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
        let record = MessageRecord { client_id, from_contact, to_member, follow_up_of, ..m.clone() };
        let new = write(&mut batch, tx, keep, i, m.id, record, |r, tx| r.insert(tx, false))?;
        messages.0.insert(m.id, new);
        counts.messages += 1;
    }
    batch.finish()?;

    let mut batch = Batch::new(tx);
    for (i, w) in doc.waiting.iter().enumerate() {
        let Some(client_id) = owner(w.client_id, "waiting", i)? else { continue };
        let record = WaitingRecord { client_id, ..w.clone() };
        write(&mut batch, tx, keep, i, w.id, record, |r, tx| r.insert(tx, false))?;
    }
    batch.finish()?;
    let mut batch = Batch::new(tx);
    for (i, c) in doc.contracts.iter().enumerate() {
        let Some(client_id) = owner(c.client_id, "contracts", i)? else { continue };
        let cur = currency.get(&c.client_id).copied().unwrap_or(Currency::USD);
        let rate = c.rate.map(|r| amounts.of(r, cur, ("contracts", i, "rate"))).transpose()?;
        let record = ContractRecord { client_id, rate, ..c.clone() };
        write(&mut batch, tx, keep, i, c.id, record, |r, tx| r.insert(tx, false))?;
    }
    batch.finish()?;
    if !merge {
        for (i, d) in doc.dismissals.iter().enumerate() {
            if !d.insert(tx).map_err(named("dismissals", i))? {
                return Err(
                    bad("dismissals", i, Some("key"), "another record has the same dismissals.key").into()
                );
            }
        }
    }
    counts.converted = amounts.converted;
    if keep {
        // Records added later get ids after those of the file.
        let with_ids: Vec<&str> =
            super::migrations::TABLES.into_iter().filter(|t| !["book", "dismissals"].contains(t)).collect();
        conn(tx).ids_kept(&with_ids)?;
    }
    conn(tx).create_indexes(&plain)?;
    Ok(counts)
}
