//! Each record of an imported document held to the rules a command holds
//! its input to: texts (one line, at most 1,000 characters, no NUL),
//! e-mails, currencies, invoice numbers, dates (year 0001 on; a due date
//! not before the issue date), reminders (a step of the ladder, a known
//! tone), messages (by one channel, nothing answered before it arrived),
//! contracts (a known kind, not expiring before signed). What records say
//! of each other (a message from a contact of its own client, a payment
//! not before its invoice) is checked as they are written.

use chrono::NaiveDate;

use crate::store::import::BadRecord;
use crate::store::records::{
    BookRecord, ClientDomainRecord, ClientRecord, ContactRecord, ContractRecord, DismissalRecord,
    InvoiceRecord, MemberRecord, MessageRecord, PaymentRecord, PhaseRecord, ProjectRecord, ReminderRecord,
    RuleVersionRecord, WaitingRecord, WaiverRecord,
};
use crate::values::{codes, parse_email, text};

/// A record that can be checked alone; `i` is its place in its table.
pub trait Checked {
    fn check(&self, i: usize) -> Result<(), BadRecord>;
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

/// Records with nothing to check beyond what serde reads.
macro_rules! unchecked {
    ($($t:ty),+) => {$( impl Checked for $t { fn check(&self, _: usize) -> Result<(), BadRecord> { Ok(()) } } )+};
}
// The book's facts; a rule version's texts are checked by the store as
// it writes them (they need the rules' parsers).
unchecked!(BookRecord, RuleVersionRecord);

impl Checked for MemberRecord {
    fn check(&self, i: usize) -> Result<(), BadRecord> {
        line("members", i, "name", &self.name)?;
        email("members", i, self.email.as_ref())
    }
}

impl Checked for ClientRecord {
    fn check(&self, i: usize) -> Result<(), BadRecord> {
        line("clients", i, "name", &self.name)?;
        crate::config::parse_currency(&self.currency)
            .ok()
            .filter(|code| code.code() == self.currency)
            .ok_or_else(|| {
                bad(
                    "clients",
                    i,
                    "currency",
                    format!("{}: expected an ISO 4217 code, e.g. EUR", text::quote(&self.currency)),
                )
            })?;
        Ok(())
    }
}

impl Checked for ContactRecord {
    fn check(&self, i: usize) -> Result<(), BadRecord> {
        opt_line("contacts", i, "name", self.name.as_ref())?;
        email("contacts", i, self.email.as_ref())?;
        opt_line("contacts", i, "role", self.role.as_ref())?;
        opt_line("contacts", i, "phone", self.phone.as_ref())
    }
}

impl Checked for ClientDomainRecord {
    fn check(&self, i: usize) -> Result<(), BadRecord> {
        let d = &self.domain;
        if *d == d.to_ascii_lowercase() && parse_email(&format!("x@{d}")).is_ok() {
            return Ok(());
        }
        Err(bad(
            "client_domains",
            i,
            "domain",
            format!("{}: expected a lower-case mail domain, e.g. acme.example", text::quote(d)),
        ))
    }
}

impl Checked for ProjectRecord {
    fn check(&self, i: usize) -> Result<(), BadRecord> {
        line("projects", i, "name", &self.name)
    }
}

impl Checked for PhaseRecord {
    fn check(&self, i: usize) -> Result<(), BadRecord> {
        line("phases", i, "name", &self.name)?;
        if self.position < 1 {
            return Err(bad("phases", i, "position", format!("{}: positions count from 1", self.position)));
        }
        if self.amount.minor().0 <= 0 {
            return Err(bad(
                "phases",
                i,
                "amount",
                format!("{}: expected an amount above zero", self.amount),
            ));
        }
        self.started_on.map_or(Ok(()), |d| date("phases", i, "started_on", d))
    }
}

impl Checked for InvoiceRecord {
    fn check(&self, i: usize) -> Result<(), BadRecord> {
        codes::invoice_number(&self.number)
            .map_err(|e| bad("invoices", i, "number", format!("{}: {e}", text::quote(&self.number))))?;
        date("invoices", i, "issued", self.issued)?;
        date("invoices", i, "due", self.due)?;
        if self.due < self.issued {
            return Err(bad(
                "invoices",
                i,
                "due",
                format!("{}: before the issue date ({})", self.due, self.issued),
            ));
        }
        if self.amount.minor().0 <= 0 {
            return Err(bad(
                "invoices",
                i,
                "amount",
                format!("{}: expected an amount above zero", self.amount),
            ));
        }
        opt_line("invoices", i, "void_reason", self.void_reason.as_ref())
    }
}

impl Checked for PaymentRecord {
    fn check(&self, i: usize) -> Result<(), BadRecord> {
        date("payments", i, "paid_on", self.paid_on)
    }
}

impl Checked for ReminderRecord {
    fn check(&self, i: usize) -> Result<(), BadRecord> {
        if !(1..=100).contains(&self.step) {
            return Err(bad(
                "reminders",
                i,
                "step",
                format!("{}: a step of the ladder counts from 1", self.step),
            ));
        }
        if !["friendly", "firm", "final"].contains(&self.tone.as_str()) {
            return Err(bad(
                "reminders",
                i,
                "tone",
                format!("{}: expected friendly, firm or final", text::quote(&self.tone)),
            ));
        }
        Ok(())
    }
}

impl Checked for WaiverRecord {
    fn check(&self, i: usize) -> Result<(), BadRecord> {
        date("waivers", i, "waived_on", self.waived_on)?;
        opt_line("waivers", i, "reason", self.reason.as_ref())
    }
}

impl Checked for MessageRecord {
    fn check(&self, i: usize) -> Result<(), BadRecord> {
        line("messages", i, "subject", &self.subject)?;
        match crate::rules::parse_channels(&self.via).as_deref() {
            Ok([one]) if *one == self.via => {}
            _ => {
                return Err(bad(
                    "messages",
                    i,
                    "via",
                    format!("{}: expected one channel name, e.g. email", text::quote(&self.via)),
                ))
            }
        }
        let marks = [
            ("replied_at", self.replied_at),
            ("closed_at", self.closed_at),
            ("started_at", self.started_at),
            ("delivered_at", self.delivered_at),
        ];
        if let Some((field, _)) = marks.iter().find(|(_, t)| t.is_some_and(|t| t < self.at)) {
            return Err(bad("messages", i, field, "before the message arrived"));
        }
        Ok(())
    }
}

impl Checked for WaitingRecord {
    fn check(&self, i: usize) -> Result<(), BadRecord> {
        line("waiting", i, "what", &self.what)?;
        date("waiting", i, "due", self.due)
    }
}

impl Checked for ContractRecord {
    fn check(&self, i: usize) -> Result<(), BadRecord> {
        date("contracts", i, "signed", self.signed)?;
        if let Some(k) = &self.kind {
            codes::contract_kind(k).ok().filter(|kind| kind == k).ok_or_else(|| {
                bad("contracts", i, "kind", format!("{}: expected hourly, fixed or retainer", text::quote(k)))
            })?;
        }
        if let Some(e) = self.expires {
            if e < self.signed {
                return Err(bad(
                    "contracts",
                    i,
                    "expires",
                    format!("{e}: before it was signed ({})", self.signed),
                ));
            }
        }
        opt_line("contracts", i, "file", self.file.as_ref())
    }
}

impl Checked for DismissalRecord {
    fn check(&self, i: usize) -> Result<(), BadRecord> {
        line("dismissals", i, "key", &self.key)
    }
}
