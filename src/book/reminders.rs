//! The dunning ladder at work: for each overdue invoice, the reminder of
//! the highest step it has reached unless that step or a higher one is
//! already recorded, with its letter; and recording reminders as sent, so
//! each step goes out once (cron-safe).

use serde::Serialize;

use super::clients::find_client;
use super::invoices::find_invoice;
use super::overdue::{assess, Assessed};
use super::{BookError, Env, Result};
use crate::money::reminders::{step_due, Letter};
use crate::money::{ReferenceRates, StatutoryRate};
use crate::store::clients::primary_contact;
use crate::store::invoices::{highest_reminder, insert_reminder};
use crate::store::members::member_by_id;
use crate::store::{Db, Tx};
use crate::values::{Interest, Money};

/// One reminder due.
#[derive(Debug, Clone, Serialize)]
pub struct ReminderDue {
    #[serde(skip)]
    pub invoice_id: i64,
    pub invoice: String,
    pub client: String,
    pub step: u32,
    pub tone: &'static str,
    pub days_late: i64,
    #[serde(serialize_with = "super::ser::money")]
    pub total_due: Money,
    /// The file it was written to, if any.
    pub file: Option<String>,
    pub text: String,
}

impl ReminderDue {
    /// The keys of its JSON object (the CSV header, also of an empty list).
    pub const KEYS: &'static [&'static str] =
        &["invoice", "client", "step", "tone", "days_late", "total_due", "file", "text"];
}

/// What `remind NUM` found for one invoice.
#[derive(Debug, Clone)]
pub enum Due {
    /// Reminders to send.
    Send(Vec<ReminderDue>),
    /// The invoice is not overdue.
    NotOverdue(String),
}

fn letter(db: &impl Db, env: &Env<'_>, a: &Assessed) -> Result<Letter> {
    let client = find_client(db, &a.invoice.client)?;
    let contact = primary_contact(db, client.id)?.and_then(|c| c.name);
    let sender = member_by_id(db, client.manager_id)?
        .ok_or_else(|| BookError::Inconsistent(format!("the manager of {} is missing", client.handle)))?
        .name;
    let s = &a.standing;
    Ok(Letter {
        number: a.invoice.number.clone(),
        client_name: client.name.clone(),
        contact,
        sender,
        currency: a.invoice.currency.clone(),
        amount: a.invoice.amount,
        paid: s.paid,
        outstanding: s.outstanding,
        issued: a.invoice.issued,
        due: a.invoice.due,
        days_late: s.days_late,
        late_fee: s.fee_owed(),
        interest: s.interest_owed(),
        total_due: s.total_due(),
        as_of: env.today(),
        terms: a.invoice.terms.parse().unwrap_or(a.rules.terms),
        grace: a.rules.grace,
        late_fee_rule: a.rules.late_fee,
        interest_rule: a.rules.interest,
        statutory_rate: a
            .rules
            .interest
            .and_then(Interest::statutory)
            .map(|s| StatutoryRate::on(s, env.today(), ReferenceRates::builtin())),
        suspend_after: a.rules.suspend_after,
    })
}

/// The reminders due as of the as-of date (of invoice `number`, or all).
pub fn due(db: &impl Db, env: &Env<'_>, number: Option<&str>) -> Result<Due> {
    let mut list = assess(db, env.today(), None)?;
    if let Some(n) = number {
        let inv = find_invoice(db, n)?;
        list.retain(|a| a.invoice.id == inv.id);
        if list.is_empty() {
            return Ok(Due::NotOverdue(inv.record.number));
        }
    }
    let mut out = Vec::new();
    for a in &list {
        let sent = highest_reminder(db, a.invoice.id)?;
        let Some((step, s)) = step_due(&env.config.reminders, a.standing.days_late, a.rules.grace, sent)
        else {
            continue;
        };
        out.push(ReminderDue {
            invoice_id: a.invoice.id,
            invoice: a.invoice.number.clone(),
            client: a.invoice.client.clone(),
            step,
            tone: s.tone.as_str(),
            days_late: a.standing.days_late,
            total_due: a.standing.total_due(),
            file: None,
            text: letter(db, env, a)?.text(s.tone),
        });
    }
    Ok(Due::Send(out))
}

/// Records reminders as sent now.
pub fn record_reminders(tx: &Tx<'_>, env: &Env<'_>, sent: &[ReminderDue]) -> Result<()> {
    for r in sent {
        insert_reminder(tx, r.invoice_id, r.step, r.tone, env.now_ts())?;
    }
    Ok(())
}
