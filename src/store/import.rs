//! Reading a document of [`export`](super::export) into the database, one
//! table after another and, within a table, a part at a time
//! ([`Importer`]): so a large file is written as it is read, and never held
//! whole. What serde cannot check (rule texts, terms, topics, references
//! between records) is checked as each record comes; what only an invoice's
//! payments together can tell is read back once they are written
//! ([`settle`]). Records go into an empty database with their ids, or are
//! merged under new ones. A bad record is named by table, position and
//! field. Amounts are read as written and brought to their client's
//! currency's minor unit: exactly in a document of this version, rounded
//! half away from zero (and said) in one of version 1, which kept every
//! currency in hundredths.

use std::collections::HashMap;

use serde::Serialize;

mod check;
mod error;
mod ids;
mod settle;
#[cfg(test)]
mod tests;

pub use check::BadRecord;
use check::{bad, Amounts};
use error::named;
pub use error::{ImportError, NumberClash};
use ids::FileIds;

use super::batch::Batch;
use super::export::Document;
use super::records::{
    BookRecord, ClientDomainRecord, ClientRecord, ContactRecord, ContractRecord, DismissalRecord, Insert,
    InvoiceRecord, MemberRecord, MessageRecord, PaymentRecord, PhaseRecord, ProjectRecord, ReminderRecord,
    RuleVersionRecord, WaitingRecord, WaiverRecord,
};
use super::sql::p;
use super::{clients, conn, invoices, members, Tx};
use crate::money::ReferenceRates;
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

/// Calls macro `$then` with `($args)` and every table of a document in the
/// order they are written (each refers only to those before it), as
/// `name: Record`:
/// the one list of them, from which [`TABLES`], the [`Part`]s, the tables
/// of a held document ([`each_table`]) and the keys of a streamed one come.
macro_rules! tables {
    ($($then:ident)::+ ($($args:tt)*)) => {
        $($then)::+! {
            ($($args)*)
            book: $crate::store::records::BookRecord,
            members: $crate::store::records::MemberRecord,
            clients: $crate::store::records::ClientRecord,
            contacts: $crate::store::records::ContactRecord,
            client_domains: $crate::store::records::ClientDomainRecord,
            rule_versions: $crate::store::records::RuleVersionRecord,
            projects: $crate::store::records::ProjectRecord,
            phases: $crate::store::records::PhaseRecord,
            invoices: $crate::store::records::InvoiceRecord,
            payments: $crate::store::records::PaymentRecord,
            reminders: $crate::store::records::ReminderRecord,
            waivers: $crate::store::records::WaiverRecord,
            messages: $crate::store::records::MessageRecord,
            waiting: $crate::store::records::WaitingRecord,
            contracts: $crate::store::records::ContractRecord,
            dismissals: $crate::store::records::DismissalRecord
        }
    };
}
pub(crate) use tables;

macro_rules! names {
    (() $($name:ident: $t:ty),+) => {
        /// The tables of a document, in the order they are written.
        pub const TABLES: [&str; [$(stringify!($name)),+].len()] = [$(stringify!($name)),+];
    };
}
tables!(names());

/// A record of one table of a document, which [`Importer::part`] takes.
pub trait Part: Sized {
    const TABLE: &'static str;
    #[doc(hidden)]
    fn take(imp: &mut Importer<'_, '_>, start: usize, records: &[Self]) -> Result<(), ImportError>;
}

/// Each table's records are written by the importer's method of its name.
macro_rules! parts {
    (() $($name:ident: $t:ty),+) => {$(
        impl Part for $t {
            const TABLE: &'static str = stringify!($name);
            fn take(imp: &mut Importer<'_, '_>, start: usize, records: &[Self]) -> Result<(), ImportError> {
                imp.$name(start, records)
            }
        }
    )+};
}
tables!(parts());

/// A client of the file: its id in the database, whether it is added now
/// (a merge skips one already there), its currency and place in the file.
#[derive(Clone, Copy)]
struct Client {
    db: i64,
    fresh: bool,
    currency: Currency,
    index: u32,
}

/// A project of the file: its client (file id) and what the database has
/// of it (added now, or the same-named one of a skipped client).
#[derive(Clone, Copy)]
struct Project {
    client: i64,
    db: Option<i64>,
    kept: bool,
}

/// An import under way: the tables written so far and what became of
/// their ids. Parts of a table come in file order, tables in [`TABLES`]
/// order ([`ImportError::Unordered`] otherwise); [`Importer::finish`]
/// checks what only the whole can tell.
pub struct Importer<'t, 'c> {
    tx: &'t Tx<'c>,
    merge: bool,
    rates: &'t ReferenceRates,
    /// The place in [`TABLES`] of the table being read.
    at: usize,
    counts: Counts,
    amounts: Amounts,
    /// The indexes dropped for the writing, made again at the end.
    plain: Vec<String>,
    /// The first id a merge gives an invoice (0 into an empty book).
    first_invoice: i64,
    has_me: bool,
    members: FileIds<i64>,
    clients: FileIds<Client>,
    /// Rule versions without an effective date, by client (file id).
    firsts: HashMap<i64, u32>,
    /// A merge: clients of the database in another currency, refused if
    /// the file has an invoice of theirs.
    currency_clash: HashMap<i64, BadRecord>,
    /// A merge: the handles of the clients added now (to name a clash).
    handles: HashMap<i64, String>,
    /// Contacts: (database id, client's file id).
    contacts: FileIds<(i64, i64)>,
    projects: HashMap<i64, Project>,
    phases: FileIds<i64>,
    /// Invoices: (database id, None when a merge skipped it; currency).
    invoices: FileIds<(Option<i64>, Currency)>,
    /// Database ids of the invoices and payments in file order (0 for one
    /// skipped), to name a record that [`settle`] refuses.
    invoice_order: Vec<i64>,
    payment_order: Vec<i64>,
    /// Messages: (database id, client's file id).
    messages: FileIds<(i64, i64)>,
}

impl<'t, 'c> Importer<'t, 'c> {
    /// Starts an import of a document of format `version`. Without `merge`
    /// the database must be empty (see [`super::export::is_empty`]): member
    /// `me` is replaced by the file's and every record keeps its id. With
    /// `merge`, members and clients whose handle and invoices whose number
    /// is new are added under new ids with everything that belongs to them;
    /// records of those already present are skipped, and dismissals (whose
    /// keys name ids) are not carried over. An invoice of a client added
    /// now whose number the database already uses refuses the whole import
    /// ([`ImportError::Clash`]). `rates` reckon the charges still owed.
    pub fn begin(
        tx: &'t Tx<'c>,
        version: u32,
        merge: bool,
        rates: &'t ReferenceRates,
    ) -> Result<Self, ImportError> {
        check::version(version)?;
        // A large import touches many pages: kept in memory for this run
        // (the default 2 MB cache spilled them to the log and read them back).
        conn(tx).bulk_cache()?;
        let legacy = version == 1;
        // Into an empty book, the indexes that enforce nothing are made once
        // after the writing (one sort each) instead of kept up row by row;
        // not for the first format, whose payments are read back by invoice.
        let plain = if !merge && !legacy { conn(tx).drop_plain_indexes()? } else { Vec::new() };
        let first_invoice = if merge {
            conn(tx).one("SELECT coalesce(max(id), 0) + 1 FROM invoices", p![], |r| r.get(0))?
        } else {
            conn(tx).execute("DELETE FROM members WHERE handle = 'me'", p![])?;
            0
        };
        Ok(Importer {
            tx,
            merge,
            rates,
            at: 0,
            counts: Counts::default(),
            amounts: Amounts { legacy, converted: Vec::new() },
            plain,
            first_invoice,
            has_me: false,
            members: FileIds::default(),
            clients: FileIds::default(),
            firsts: HashMap::new(),
            currency_clash: HashMap::new(),
            handles: HashMap::new(),
            contacts: FileIds::default(),
            projects: HashMap::new(),
            phases: FileIds::default(),
            invoices: FileIds::default(),
            invoice_order: Vec::new(),
            payment_order: Vec::new(),
            messages: FileIds::default(),
        })
    }

    /// Writes `records`, which start at position `start` of their table.
    pub fn part<R: Part>(&mut self, start: usize, records: &[R]) -> Result<(), ImportError> {
        let at = TABLES.iter().position(|t| *t == R::TABLE).unwrap_or(0);
        self.reach(at)?;
        R::take(self, start, records)
    }

    /// Moves on to table `at`, closing those passed.
    fn reach(&mut self, at: usize) -> Result<(), ImportError> {
        if at < self.at {
            return Err(ImportError::Unordered);
        }
        while self.at < at {
            self.close(TABLES[self.at])?;
            self.at += 1;
        }
        Ok(())
    }

    /// What a table's records together must show once all are read.
    fn close(&mut self, table: &str) -> Result<(), ImportError> {
        match table {
            "members" if !self.merge && !self.has_me => Err(bad(
                "members",
                0,
                Some("handle"),
                "the file has no member `me` (every database holds one)",
            )
            .into()),
            "rule_versions" => {
                // Every client needs one first version of its rules; the
                // first in the file without one is named.
                let mut wrong: Option<(u32, i64, u32)> = None;
                self.clients.each(|id, c| {
                    let n = self.firsts.get(&id).copied().unwrap_or(0);
                    if n != 1 && wrong.is_none_or(|(i, _, _)| c.index < i) {
                        wrong = Some((c.index, id, n));
                    }
                });
                match wrong {
                    Some((i, id, n)) => Err(check::firsts(i as usize, id, n).into()),
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    /// The client of a record: Some(database id) when the client is added
    /// now, None when a merge skips it; an error when no such client is in
    /// the file.
    fn owner(&self, client_id: i64, table: &'static str, i: usize) -> Result<Option<i64>, BadRecord> {
        let c = self.clients.need(client_id, table, i, "client_id", "a client")?;
        Ok(c.fresh.then_some(c.db))
    }

    /// Writes `record` (record `i` of its table): into an empty database
    /// with its id, through `batch`; in a merge at once, under a new id.
    /// Returns its id in the database.
    fn write<R: Insert>(
        &self,
        batch: &mut Batch<'_, '_, R>,
        i: usize,
        id: i64,
        record: R,
    ) -> Result<i64, ImportError> {
        if self.merge {
            record.insert(self.tx).map_err(named(R::TABLE, i))
        } else {
            batch.push(i, record)?;
            Ok(id)
        }
    }

    fn book(&mut self, start: usize, records: &[BookRecord]) -> Result<(), ImportError> {
        // The file's identity replaces the new database's (calendar UIDs
        // stay those of the book); a merge keeps the database's own.
        if !self.merge {
            for (k, b) in records.iter().enumerate() {
                b.put(self.tx).map_err(named("book", start + k))?;
            }
        }
        Ok(())
    }

    fn members(&mut self, start: usize, records: &[MemberRecord]) -> Result<(), ImportError> {
        for (k, m) in records.iter().enumerate() {
            let i = start + k;
            self.has_me |= m.handle == "me";
            if self.merge {
                if let Some(e) = members::member_by_handle(self.tx, &m.handle)? {
                    self.members.insert(m.id, e.id);
                    self.counts.skipped_members += 1;
                    continue;
                }
            }
            let new = m.insert(self.tx, !self.merge).map_err(named("members", i))?;
            self.members.insert(m.id, new);
            self.counts.members += 1;
        }
        Ok(())
    }

    fn clients(&mut self, start: usize, records: &[ClientRecord]) -> Result<(), ImportError> {
        let mut batch = Batch::new(self.tx);
        for (k, c) in records.iter().enumerate() {
            let i = start + k;
            let theirs = check::client(i, c)?;
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            if self.merge {
                if let Some(e) = clients::client_by_handle(self.tx, &c.handle)? {
                    let entry = Client { db: e.id, fresh: false, currency: e.currency, index };
                    self.clients.insert(c.id, entry);
                    if e.currency != theirs {
                        let message =
                            format!("{theirs}: client {} of the database is in {}", c.handle, e.currency);
                        self.currency_clash.insert(c.id, bad("clients", i, Some("currency"), message));
                    }
                    self.counts.skipped_clients += 1;
                    continue;
                }
                self.handles.insert(c.id, c.handle.clone());
            }
            let manager_id = self.members.need(c.manager_id, "clients", i, "manager_id", "a member")?;
            let record = ClientRecord { manager_id, ..c.clone() };
            let new = self.write(&mut batch, i, c.id, record)?;
            self.clients.insert(c.id, Client { db: new, fresh: true, currency: theirs, index });
            self.counts.clients += 1;
        }
        Ok(batch.finish()?)
    }

    fn contacts(&mut self, start: usize, records: &[ContactRecord]) -> Result<(), ImportError> {
        let mut batch = Batch::new(self.tx);
        for (k, c) in records.iter().enumerate() {
            let i = start + k;
            let Some(client_id) = self.owner(c.client_id, "contacts", i)? else { continue };
            if c.name.is_none() && c.email.is_none() {
                return Err(bad("contacts", i, None, "needs a name or an email").into());
            }
            let record = ContactRecord { client_id, ..c.clone() };
            let new = self.write(&mut batch, i, c.id, record)?;
            self.contacts.insert(c.id, (new, c.client_id));
        }
        Ok(batch.finish()?)
    }

    fn client_domains(&mut self, start: usize, records: &[ClientDomainRecord]) -> Result<(), ImportError> {
        let mut batch = Batch::new(self.tx);
        for (k, d) in records.iter().enumerate() {
            let i = start + k;
            let Some(client_id) = self.owner(d.client_id, "client_domains", i)? else { continue };
            let record = ClientDomainRecord { client_id, ..d.clone() };
            self.write(&mut batch, i, d.id, record)?;
        }
        Ok(batch.finish()?)
    }

    fn rule_versions(&mut self, start: usize, records: &[RuleVersionRecord]) -> Result<(), ImportError> {
        let mut batch = Batch::new(self.tx);
        for (k, v) in records.iter().enumerate() {
            let i = start + k;
            check::rule_version(i, v)?;
            if v.effective.is_none() {
                *self.firsts.entry(v.client_id).or_default() += 1;
            }
            let Some(client_id) = self.owner(v.client_id, "rule_versions", i)? else { continue };
            let record = RuleVersionRecord { client_id, ..v.clone() };
            self.write(&mut batch, i, v.id, record)?;
        }
        Ok(batch.finish()?)
    }

    /// Projects; for a skipped client, the database's project of the same
    /// name (so a new invoice keeps its phase).
    fn projects(&mut self, start: usize, records: &[ProjectRecord]) -> Result<(), ImportError> {
        for (k, p) in records.iter().enumerate() {
            let i = start + k;
            let entry = if let Some(client_id) = self.owner(p.client_id, "projects", i)? {
                let new = ProjectRecord { client_id, ..p.clone() }
                    .insert(self.tx, !self.merge)
                    .map_err(named("projects", i))?;
                Project { client: p.client_id, db: Some(new), kept: false }
            } else {
                let client = self.clients.need(p.client_id, "projects", i, "client_id", "a client")?.db;
                let e = super::projects::projects_named(self.tx, &p.name, Some(client))?;
                Project { client: p.client_id, db: e.first().map(|e| e.id), kept: true }
            };
            self.projects.insert(p.id, entry);
        }
        Ok(())
    }

    fn phases(&mut self, start: usize, records: &[PhaseRecord]) -> Result<(), ImportError> {
        for (k, ph) in records.iter().enumerate() {
            let i = start + k;
            let Some(project) = self.projects.get(&ph.project_id).copied() else {
                return Err(bad(
                    "phases",
                    i,
                    Some("project_id"),
                    format!("{} is not the id of a project in the file", ph.project_id),
                )
                .into());
            };
            let Some(project_id) = project.db else {
                continue; // a project of a skipped client that the database lacks
            };
            if project.kept {
                if let Some(e) = super::projects::phase_named(self.tx, project_id, &ph.name)? {
                    self.phases.insert(ph.id, e.id);
                }
                continue;
            }
            let cur = self.clients.get(project.client).map_or(Currency::USD, |c| c.currency);
            let amount = self.amounts.of(ph.amount, cur, ("phases", i, "amount"))?;
            let new = PhaseRecord { project_id, amount, ..ph.clone() }
                .insert(self.tx, !self.merge)
                .map_err(named("phases", i))?;
            self.phases.insert(ph.id, new);
        }
        Ok(())
    }

    fn invoices(&mut self, start: usize, records: &[InvoiceRecord]) -> Result<(), ImportError> {
        let mut batch = Batch::new(self.tx);
        for (k, inv) in records.iter().enumerate() {
            let i = start + k;
            check::invoice(i, inv)?;
            let client = self.clients.need(inv.client_id, "invoices", i, "client_id", "a client")?;
            if let Some(clash) = self.currency_clash.get(&inv.client_id) {
                return Err(clash.clone().into());
            }
            if self.merge {
                if let Some(existing) = invoices::invoice_by_number(self.tx, &inv.number)? {
                    if client.fresh {
                        return Err(ImportError::Clash(NumberClash {
                            index: i,
                            number: inv.number.to_string(),
                            client: self.handles.get(&inv.client_id).cloned().unwrap_or_default(),
                            owner: existing.client.into(),
                        }));
                    }
                    self.invoices.insert(inv.id, (None, client.currency));
                    self.invoice_order.push(0);
                    self.counts.skipped_invoices += 1;
                    continue;
                }
            }
            let phase_id = match inv.phase_id {
                None => None,
                Some(p) if self.merge => self.phases.get(p),
                Some(p) => Some(self.phases.need(p, "invoices", i, "phase_id", "a phase")?),
            };
            let amount = self.amounts.of(inv.amount, client.currency, ("invoices", i, "amount"))?;
            // How long charges outlived the principal is worked out once the
            // payments are in (see `settle`).
            let record = InvoiceRecord { client_id: client.db, amount, phase_id, ..inv.clone() };
            let new = self.write(&mut batch, i, inv.id, record)?;
            self.invoices.insert(inv.id, (Some(new), client.currency));
            self.invoice_order.push(new);
            self.counts.invoices += 1;
        }
        batch.finish()?;
        invoices::note_numbers(self.tx, records.iter().map(|inv| inv.number.as_str()))?;
        Ok(())
    }

    /// The database id of invoice `id` of the file and its currency; None
    /// for one a merge skipped.
    fn invoice_of(
        &self,
        id: i64,
        table: &'static str,
        i: usize,
    ) -> Result<Option<(i64, Currency)>, BadRecord> {
        let (db, cur) = self.invoices.need(id, table, i, "invoice_id", "an invoice")?;
        Ok(db.map(|db| (db, cur)))
    }

    fn payments(&mut self, start: usize, records: &[PaymentRecord]) -> Result<(), ImportError> {
        let mut batch = Batch::new(self.tx);
        for (k, p) in records.iter().enumerate() {
            let i = start + k;
            let Some((invoice_id, cur)) = self.invoice_of(p.invoice_id, "payments", i)? else {
                self.payment_order.push(0);
                continue;
            };
            let amount = self.amounts.of(p.amount, cur, ("payments", i, "amount"))?;
            let record = PaymentRecord { invoice_id, amount, ..*p };
            let new = self.write(&mut batch, i, p.id, record)?;
            self.payment_order.push(new);
        }
        Ok(batch.finish()?)
    }

    fn reminders(&mut self, start: usize, records: &[ReminderRecord]) -> Result<(), ImportError> {
        let mut batch = Batch::new(self.tx);
        for (k, r) in records.iter().enumerate() {
            let i = start + k;
            let Some((invoice_id, _)) = self.invoice_of(r.invoice_id, "reminders", i)? else { continue };
            let record = ReminderRecord { invoice_id, ..r.clone() };
            self.write(&mut batch, i, r.id, record)?;
        }
        Ok(batch.finish()?)
    }

    fn waivers(&mut self, start: usize, records: &[WaiverRecord]) -> Result<(), ImportError> {
        let mut batch = Batch::new(self.tx);
        for (k, w) in records.iter().enumerate() {
            let i = start + k;
            let Some((invoice_id, _)) = self.invoice_of(w.invoice_id, "waivers", i)? else { continue };
            let record = WaiverRecord { invoice_id, ..w.clone() };
            self.write(&mut batch, i, w.id, record)?;
        }
        Ok(batch.finish()?)
    }

    fn messages(&mut self, start: usize, records: &[MessageRecord]) -> Result<(), ImportError> {
        let mut batch = Batch::new(self.tx);
        for (k, m) in records.iter().enumerate() {
            let i = start + k;
            let Some(client_id) = self.owner(m.client_id, "messages", i)? else { continue };
            let (from_contact, theirs) = self.contacts.need(
                m.from_contact,
                "messages",
                i,
                "from_contact",
                "a contact of its client",
            )?;
            if theirs != m.client_id {
                return Err(bad(
                    "messages",
                    i,
                    Some("from_contact"),
                    format!("{} is a contact of another client", m.from_contact),
                )
                .into());
            }
            let to_member = self.members.need(m.to_member, "messages", i, "to_member", "a member")?;
            // A follow-up points at an earlier message of the file, of its
            // own client.
            let follow_up_of = match m.follow_up_of {
                None => None,
                Some(f) => {
                    let (db, client) =
                        self.messages.need(f, "messages", i, "follow_up_of", "an earlier message")?;
                    if client != m.client_id {
                        return Err(bad(
                            "messages",
                            i,
                            Some("follow_up_of"),
                            "follows up a message of another client",
                        )
                        .into());
                    }
                    Some(db)
                }
            };
            let record = MessageRecord { client_id, from_contact, to_member, follow_up_of, ..m.clone() };
            let new = self.write(&mut batch, i, m.id, record)?;
            self.messages.insert(m.id, (new, m.client_id));
            self.counts.messages += 1;
        }
        Ok(batch.finish()?)
    }

    fn waiting(&mut self, start: usize, records: &[WaitingRecord]) -> Result<(), ImportError> {
        let mut batch = Batch::new(self.tx);
        for (k, w) in records.iter().enumerate() {
            let i = start + k;
            let Some(client_id) = self.owner(w.client_id, "waiting", i)? else { continue };
            let record = WaitingRecord { client_id, ..w.clone() };
            self.write(&mut batch, i, w.id, record)?;
        }
        Ok(batch.finish()?)
    }

    fn contracts(&mut self, start: usize, records: &[ContractRecord]) -> Result<(), ImportError> {
        let mut batch = Batch::new(self.tx);
        for (k, c) in records.iter().enumerate() {
            let i = start + k;
            check::contract(i, c)?;
            let Some(client_id) = self.owner(c.client_id, "contracts", i)? else { continue };
            let cur = self.clients.get(c.client_id).map_or(Currency::USD, |c| c.currency);
            let rate = c.rate.map(|r| self.amounts.of(r, cur, ("contracts", i, "rate"))).transpose()?;
            let record = ContractRecord { client_id, rate, ..c.clone() };
            self.write(&mut batch, i, c.id, record)?;
        }
        Ok(batch.finish()?)
    }

    fn dismissals(&mut self, start: usize, records: &[DismissalRecord]) -> Result<(), ImportError> {
        if self.merge {
            return Ok(());
        }
        for (k, d) in records.iter().enumerate() {
            let i = start + k;
            if !d.insert(self.tx).map_err(named("dismissals", i))? {
                return Err(
                    bad("dismissals", i, Some("key"), "another record has the same dismissals.key").into()
                );
            }
        }
        Ok(())
    }

    /// Ends the import: the tables the file did not have are passed, the
    /// dropped indexes made again, and the invoices written read back with
    /// their payments ([`settle`]).
    pub fn finish(mut self) -> Result<Counts, ImportError> {
        self.reach(TABLES.len() - 1)?;
        self.close(TABLES[TABLES.len() - 1])?;
        if !self.merge {
            // Records added later get ids after those of the file.
            let with_ids: Vec<&str> =
                TABLES.into_iter().filter(|t| !["book", "dismissals"].contains(t)).collect();
            conn(self.tx).ids_kept(&with_ids)?;
        }
        // What became of the file's ids is no longer needed: let go before
        // the indexes are sorted.
        let Importer {
            tx,
            rates,
            plain,
            first_invoice,
            invoice_order,
            payment_order,
            mut amounts,
            counts,
            ..
        } = self;
        conn(tx).create_indexes(&plain)?;
        let order = settle::Order { invoices: &invoice_order, payments: &payment_order };
        settle::settle(tx, first_invoice, amounts.legacy, rates, &order)?;
        Ok(Counts { converted: std::mem::take(&mut amounts.converted), ..counts })
    }
}

/// Runs `$body` with `$records` each table of document `$doc`, in
/// [`TABLES`] order: how a document held whole is written.
macro_rules! each_table {
    ($doc:expr, |$records:ident| $body:expr) => {
        $crate::store::import::tables!(crate::store::import::each_of($doc, $records, $body))
    };
}

macro_rules! each_of {
    (($doc:expr, $records:ident, $body:expr) $($name:ident: $t:ty),+) => {{
        let doc: &$crate::store::export::Document = $doc;
        $(
            let $records = &doc.$name[..];
            $body;
        )+
    }};
}
pub(crate) use each_of;
pub(crate) use each_table;

/// Writes the whole of `doc` (see [`Importer::begin`]).
pub fn import(
    tx: &Tx<'_>,
    doc: &Document,
    merge: bool,
    rates: &ReferenceRates,
) -> Result<Counts, ImportError> {
    let mut imp = Importer::begin(tx, doc.expect_export, merge, rates)?;
    each_table!(doc, |records| imp.part(0, records)?);
    imp.finish()
}
