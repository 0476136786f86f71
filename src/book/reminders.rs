//! The dunning ladder at work: for each overdue invoice, the reminder of
//! the highest step it has reached unless that step or a higher one is
//! already recorded, with its letter and who it goes from and to;
//! recording reminders as sent (with their text and, for an e-mail, its
//! Message-ID), so each step goes out once (cron-safe); and what was
//! recorded for one invoice (`remind NUM`, `--again`).

use chrono::NaiveDate;
use serde::Serialize;

use super::clients::find_client;
use super::invoices::find_invoice;
use super::overdue::{assess, Assessed};
use super::{BookError, Env, Result};
use crate::money::reminders::{step_due, Letter};
use crate::money::StatutoryRate;
use crate::store::clients::primary_contact;
use crate::store::members::member_by_id;
use crate::store::records::ReminderRecord;
use crate::store::reminders::{highest_reminder, insert_reminder, reminders};
use crate::store::{Db, Tx};
use crate::values::{Amount, Interest};

/// A name and an e-mail address, when one is known.
#[derive(Debug, Clone, Serialize)]
pub struct Party {
    pub name: Option<String>,
    pub email: Option<String>,
    /// Who they are, for saying what to add: `member me`, `the primary
    /// contact of acme`.
    #[serde(skip)]
    pub role: String,
}

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
    pub total_due: Amount,
    /// The file it was written to, if any.
    pub file: Option<String>,
    /// The Message-ID of the e-mail it was written as (without `<>`).
    pub message_id: Option<String>,
    pub subject: String,
    #[serde(skip)]
    pub body: String,
    /// `Subject: ...`, a blank line and the body.
    pub text: String,
    /// The client's manager, who sends it.
    #[serde(skip)]
    pub from: Party,
    /// The client's primary contact.
    #[serde(skip)]
    pub to: Party,
}

impl ReminderDue {
    /// The keys of its JSON object (the CSV header, also of an empty list).
    pub const KEYS: &'static [&'static str] = &[
        "invoice",
        "client",
        "step",
        "tone",
        "days_late",
        "total_due",
        "file",
        "message_id",
        "subject",
        "text",
    ];
}

/// A reminder already recorded for an invoice, and the next step.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub invoice: String,
    pub tone: String,
    pub on: NaiveDate,
    /// The next step's tone and the day it is reached, if there is one.
    pub next: Option<(&'static str, NaiveDate)>,
}

/// What `remind NUM` found for one invoice.
#[derive(Debug, Clone)]
pub enum Due {
    /// Reminders to send.
    Send(Vec<ReminderDue>),
    /// The invoice is not overdue.
    NotOverdue(String),
    /// Its step is already recorded.
    Recorded(Recorded),
    /// It is overdue but has reached no step yet; the first comes on
    /// `first` (none: the ladder is empty).
    NotYet { invoice: String, first: Option<NaiveDate> },
}

fn letter(db: &impl Db, env: &Env<'_>, a: &Assessed) -> Result<(Letter, Party, Party)> {
    let client = find_client(db, &a.invoice.client)?;
    let contact = primary_contact(db, client.id)?;
    let manager = member_by_id(db, client.manager_id)?
        .ok_or_else(|| BookError::Inconsistent(format!("the manager of {} is missing", client.handle)))?;
    let s = &a.standing;
    let today = env.today();
    let letter = Letter {
        number: a.invoice.number.to_string(),
        client_name: client.name.clone(),
        contact: contact.as_ref().and_then(|c| c.name.clone()),
        sender: manager.name.clone(),
        currency: a.invoice.currency,
        numbers: env.config.numbers,
        amount: a.invoice.amount(),
        paid: s.paid,
        outstanding: s.outstanding,
        issued: a.invoice.issued,
        due: a.invoice.due,
        days_late: s.days_late,
        late_fee: s.fee_owed(),
        interest: s.interest_owed(),
        total_due: s.total_due(),
        as_of: today,
        terms: a.invoice.terms.parse().unwrap_or(a.rules.terms),
        grace: a.rules.grace,
        late_fee_rule: a.rules.late_fee,
        interest_rule: a.rules.interest,
        statutory_rate: a
            .rules
            .interest
            .and_then(Interest::statutory)
            .map(|st| StatutoryRate::on(st, today, &env.config.reference_rates)),
        suspend_after: a.rules.suspend_after,
    };
    let from =
        Party { name: Some(manager.name), email: manager.email, role: format!("member {}", manager.handle) };
    let to = Party {
        name: contact.as_ref().and_then(|c| c.name.clone()),
        email: contact.and_then(|c| c.email),
        role: format!("the primary contact of {}", client.handle),
    };
    Ok((letter, from, to))
}

/// The day a ladder step `after` days past due date and grace is reached.
pub(super) fn reached_on(due: NaiveDate, grace: u32, after: u32) -> NaiveDate {
    due.checked_add_days(chrono::Days::new(u64::from(grace) + u64::from(after))).unwrap_or(NaiveDate::MAX)
}

/// The reminders due as of the as-of date (of invoice `number`, or all).
pub fn due(db: &impl Db, env: &Env<'_>, number: Option<&str>) -> Result<Due> {
    let ladder = &env.config.reminders;
    let list = match number {
        None => assess(db, env, env.today(), None)?,
        Some(n) => {
            let inv = find_invoice(db, n)?;
            // Only its client's invoices need assessing.
            let mut list = assess(db, env, env.today(), Some(inv.client_id))?;
            list.retain(|a| a.invoice.id == inv.id);
            let Some(a) = list.first() else {
                return Ok(Due::NotOverdue(inv.record.number.into()));
            };
            let sent = highest_reminder(db, a.invoice.id)?;
            if step_due(ladder, a.standing.days_late, a.rules.grace, sent).is_none() {
                let Some(latest) = reminders(db, a.invoice.id, i64::MAX)?.pop() else {
                    let first = ladder.first().map(|s| reached_on(a.invoice.due, a.rules.grace, s.after));
                    return Ok(Due::NotYet { invoice: a.invoice.number.to_string(), first });
                };
                let next = ladder
                    .get(usize::try_from(latest.step).unwrap_or(usize::MAX))
                    .map(|s| (s.tone.as_str(), reached_on(a.invoice.due, a.rules.grace, s.after)));
                return Ok(Due::Recorded(Recorded {
                    invoice: a.invoice.number.to_string(),
                    tone: latest.tone,
                    on: env.instant(latest.sent_at).date_naive(),
                    next,
                }));
            }
            list
        }
    };
    let mut out = Vec::new();
    for a in &list {
        let sent = highest_reminder(db, a.invoice.id)?;
        let Some((step, s)) = step_due(ladder, a.standing.days_late, a.rules.grace, sent) else {
            continue;
        };
        let (letter, from, to) = letter(db, env, a)?;
        let (subject, body) = letter.parts(s.tone);
        out.push(ReminderDue {
            invoice_id: a.invoice.id,
            invoice: a.invoice.number.to_string(),
            client: a.invoice.client.to_string(),
            step,
            tone: s.tone.as_str(),
            days_late: a.standing.days_late,
            total_due: a.invoice.currency.amount(a.standing.total_due()),
            file: None,
            message_id: None,
            text: letter.text(s.tone),
            subject,
            body,
            from,
            to,
        });
    }
    Ok(Due::Send(out))
}

/// Records reminders as sent now, with their text and Message-ID.
pub fn record_reminders(tx: &Tx<'_>, env: &Env<'_>, sent: &[ReminderDue]) -> Result<()> {
    for r in sent {
        let record = ReminderRecord {
            id: 0,
            invoice_id: r.invoice_id,
            step: i64::from(r.step),
            tone: r.tone.to_string(),
            sent_at: env.now_ts(),
            text: Some(r.text.clone()),
            message_id: r.message_id.clone(),
        };
        insert_reminder(tx, &record)?;
    }
    Ok(())
}

/// The latest reminder recorded for invoice `number` by the as-of time, as
/// recorded.
pub fn latest(db: &impl Db, env: &Env<'_>, number: &str) -> Result<Option<ReminderRecord>> {
    let inv = find_invoice(db, number)?;
    Ok(reminders(db, inv.id, env.now_ts())?.pop())
}
