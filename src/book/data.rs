//! The whole book in and out: `export` as one document (a consistent
//! snapshot), and `import` of one, into an empty database or merged into
//! one in use. An imported record is held to the same rules a command holds
//! its input to — the parsers of SPEC 3 and the operations' checks — so
//! import accepts nothing the command line refuses.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{BookError, Result};
use crate::money::ReferenceRates;
use crate::store::charges::recompute_owed_until;
use crate::store::export;
use crate::store::import::{self, ImportError};
use crate::store::{Db, Tx};
use crate::values::{codes, parse_email, text};

pub use crate::store::export::Document;
pub use crate::store::import::{BadRecord, Counts, NumberClash};

/// The whole database as one document. Run it in a snapshot for a
/// consistent one.
pub fn export(db: &impl Db) -> Result<Document> {
    Ok(export::export(db)?)
}

/// Reads `doc` into the database: into an empty one (holding nothing but
/// member `me`, which the file's replaces), or with `merge` adding what is
/// new under new ids; `rates` are the reference rates the charges still
/// owed are reckoned with. Every record is checked first ([`check`]).
pub fn import(tx: &Tx<'_>, rates: &ReferenceRates, doc: &Document, merge: bool) -> Result<Counts> {
    check(doc).map_err(BookError::BadRecord)?;
    if !merge && !export::is_empty(tx)? {
        return Err(BookError::NotEmpty);
    }
    let counts = import::import(tx, doc, merge, rates).map_err(|e| match e {
        ImportError::Bad(b) => BookError::BadRecord(b),
        ImportError::Clash(c) => BookError::NumberClash(c),
        ImportError::Store(s) => BookError::Store(s),
    })?;
    if merge {
        // How long charges outlived each settled invoice's principal, under the
        // database's rules for the clients it had.
        recompute_owed_until(tx, None, rates)?;
    }
    Ok(counts)
}

fn bad(table: &'static str, index: usize, field: &'static str, message: impl Into<String>) -> BadRecord {
    BadRecord { table, index, field: Some(field), message: message.into() }
}

/// A one-line TEXT field, as the commands take them.
fn line(table: &'static str, i: usize, field: &'static str, v: &str) -> Result<(), BadRecord> {
    text::one_line(v).map_err(|e| bad(table, i, field, format!("{}: {e}", text::quote(v))))
}

fn opt_line(table: &'static str, i: usize, field: &'static str, v: Option<&String>) -> Result<(), BadRecord> {
    v.map_or(Ok(()), |v| line(table, i, field, v))
}

fn email(table: &'static str, i: usize, v: Option<&String>) -> Result<(), BadRecord> {
    match v {
        Some(e) => parse_email(e)
            .map(|_| ())
            .map_err(|err| bad(table, i, "email", format!("{}: {err}", text::quote(e)))),
        None => Ok(()),
    }
}

fn date(table: &'static str, i: usize, field: &'static str, d: NaiveDate) -> Result<(), BadRecord> {
    if d < crate::calendar::FIRST_DATE {
        return Err(bad(table, i, field, format!("{d}: the year must be 0001 or later")));
    }
    Ok(())
}

/// Checks every record of `doc` as the commands check their input: texts
/// (one line, at most 1,000 characters, no NUL), e-mails, currencies,
/// invoice numbers, dates (year 0001 on; a due date not before the issue
/// date), payments (not on a void invoice, not before it was issued),
/// reminders (a step of the ladder, a known tone), messages (from a contact
/// of their own client, by one channel, nothing answered before it
/// arrived), contracts (a known kind, not expiring before signed).
pub fn check(doc: &Document) -> Result<(), BadRecord> {
    for (i, m) in doc.members.iter().enumerate() {
        line("members", i, "name", &m.name)?;
        email("members", i, m.email.as_ref())?;
    }
    for (i, c) in doc.clients.iter().enumerate() {
        line("clients", i, "name", &c.name)?;
        crate::config::parse_currency(&c.currency).ok().filter(|code| code.code() == c.currency).ok_or_else(
            || {
                bad(
                    "clients",
                    i,
                    "currency",
                    format!("{}: expected an ISO 4217 code, e.g. EUR", text::quote(&c.currency)),
                )
            },
        )?;
    }
    let mut contact_client: HashMap<i64, i64> = HashMap::new();
    for (i, k) in doc.contacts.iter().enumerate() {
        opt_line("contacts", i, "name", k.name.as_ref())?;
        email("contacts", i, k.email.as_ref())?;
        opt_line("contacts", i, "role", k.role.as_ref())?;
        opt_line("contacts", i, "phone", k.phone.as_ref())?;
        contact_client.insert(k.id, k.client_id);
    }
    for (i, d) in doc.client_domains.iter().enumerate() {
        let ok = d.domain == d.domain.to_ascii_lowercase() && parse_email(&format!("x@{}", d.domain)).is_ok();
        if !ok {
            return Err(bad(
                "client_domains",
                i,
                "domain",
                format!("{}: expected a lower-case mail domain, e.g. acme.example", text::quote(&d.domain)),
            ));
        }
    }
    for (i, p) in doc.projects.iter().enumerate() {
        line("projects", i, "name", &p.name)?;
    }
    for (i, ph) in doc.phases.iter().enumerate() {
        line("phases", i, "name", &ph.name)?;
        if ph.position < 1 {
            return Err(bad("phases", i, "position", format!("{}: positions count from 1", ph.position)));
        }
        if ph.amount.minor().0 <= 0 {
            return Err(bad("phases", i, "amount", format!("{}: expected an amount above zero", ph.amount)));
        }
        if let Some(d) = ph.started_on {
            date("phases", i, "started_on", d)?;
        }
    }
    let mut invoices: HashMap<i64, (NaiveDate, Option<i64>)> = HashMap::new();
    for (i, inv) in doc.invoices.iter().enumerate() {
        codes::invoice_number(&inv.number)
            .map_err(|e| bad("invoices", i, "number", format!("{}: {e}", text::quote(&inv.number))))?;
        date("invoices", i, "issued", inv.issued)?;
        date("invoices", i, "due", inv.due)?;
        if inv.due < inv.issued {
            return Err(bad(
                "invoices",
                i,
                "due",
                format!("{}: before the issue date ({})", inv.due, inv.issued),
            ));
        }
        if inv.amount.minor().0 <= 0 {
            return Err(bad(
                "invoices",
                i,
                "amount",
                format!("{}: expected an amount above zero", inv.amount),
            ));
        }
        opt_line("invoices", i, "void_reason", inv.void_reason.as_ref())?;
        invoices.insert(inv.id, (inv.issued, inv.voided_at));
    }
    for (i, p) in doc.payments.iter().enumerate() {
        date("payments", i, "paid_on", p.paid_on)?;
        let Some(&(issued, voided)) = invoices.get(&p.invoice_id) else { continue };
        if p.paid_on < issued {
            return Err(bad(
                "payments",
                i,
                "paid_on",
                format!("{}: before its invoice was issued ({issued})", p.paid_on),
            ));
        }
        if voided.is_some_and(|v| p.created_at > v) {
            return Err(bad(
                "payments",
                i,
                "invoice_id",
                "a payment recorded after its invoice was voided: a void invoice takes no payments",
            ));
        }
    }
    for (i, r) in doc.reminders.iter().enumerate() {
        if !(1..=100).contains(&r.step) {
            return Err(bad(
                "reminders",
                i,
                "step",
                format!("{}: a step of the ladder counts from 1", r.step),
            ));
        }
        if !["friendly", "firm", "final"].contains(&r.tone.as_str()) {
            return Err(bad(
                "reminders",
                i,
                "tone",
                format!("{}: expected friendly, firm or final", text::quote(&r.tone)),
            ));
        }
    }
    for (i, w) in doc.waivers.iter().enumerate() {
        date("waivers", i, "waived_on", w.waived_on)?;
        opt_line("waivers", i, "reason", w.reason.as_ref())?;
    }
    let mut message_client: HashMap<i64, i64> = HashMap::new();
    for (i, m) in doc.messages.iter().enumerate() {
        line("messages", i, "subject", &m.subject)?;
        match crate::rules::parse_channels(&m.via).as_deref() {
            Ok([one]) if *one == m.via => {}
            _ => {
                return Err(bad(
                    "messages",
                    i,
                    "via",
                    format!("{}: expected one channel name, e.g. email", text::quote(&m.via)),
                ))
            }
        }
        if contact_client.get(&m.from_contact).is_some_and(|c| *c != m.client_id) {
            return Err(bad(
                "messages",
                i,
                "from_contact",
                format!("{} is a contact of another client", m.from_contact),
            ));
        }
        if m.follow_up_of.and_then(|f| message_client.get(&f)).is_some_and(|c| *c != m.client_id) {
            return Err(bad("messages", i, "follow_up_of", "follows up a message of another client"));
        }
        let marks = [
            ("replied_at", m.replied_at),
            ("closed_at", m.closed_at),
            ("started_at", m.started_at),
            ("delivered_at", m.delivered_at),
        ];
        if let Some((field, _)) = marks.iter().find(|(_, t)| t.is_some_and(|t| t < m.at)) {
            return Err(bad("messages", i, field, "before the message arrived"));
        }
        message_client.insert(m.id, m.client_id);
    }
    for (i, w) in doc.waiting.iter().enumerate() {
        line("waiting", i, "what", &w.what)?;
        date("waiting", i, "due", w.due)?;
    }
    for (i, c) in doc.contracts.iter().enumerate() {
        date("contracts", i, "signed", c.signed)?;
        if let Some(k) = &c.kind {
            codes::contract_kind(k).ok().filter(|kind| kind == k).ok_or_else(|| {
                bad("contracts", i, "kind", format!("{}: expected hourly, fixed or retainer", text::quote(k)))
            })?;
        }
        if let Some(e) = c.expires {
            if e < c.signed {
                return Err(bad(
                    "contracts",
                    i,
                    "expires",
                    format!("{e}: before it was signed ({})", c.signed),
                ));
            }
        }
        opt_line("contracts", i, "file", c.file.as_ref())?;
    }
    for (i, d) in doc.dismissals.iter().enumerate() {
        line("dismissals", i, "key", &d.key)?;
    }
    Ok(())
}
