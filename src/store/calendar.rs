//! The open deadlines of `expect calendar`, as of a moment: invoices not
//! settled (their due dates, with the principal still owed), messages
//! awaiting a reply (their limits),
//! requests awaiting delivery (their due times) and items the client owes
//! (their due dates), of active clients. Events after the as-of time are
//! ignored, so `--as-of` replays what was open then.

use chrono::NaiveDate;
use rusqlite::params;

use super::Db;
use crate::values::Money;

/// When a deadline falls: a whole day, or an instant (seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day(NaiveDate),
    At(i64),
}

/// What kind of deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// An invoice's due date (the client's).
    Invoice,
    /// A message's reply limit (yours).
    Reply,
    /// A request's delivery date (yours).
    Delivery,
    /// Something the client owes you.
    Waiting,
}

/// What a deadline is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// The message subject, or the item owed.
    Text(String),
    /// Of an invoice: the principal still owed on the as-of date.
    Owed { amount: Money, currency: String },
}

impl What {
    /// Money without separators (`2250.00 USD`): for JSON, CSV and iCalendar.
    pub fn plain(&self) -> String {
        match self {
            What::Text(t) => t.clone(),
            What::Owed { amount, currency } => format!("{amount} {currency}"),
        }
    }

    /// Money with thousands separators (`2,250.00 USD`): for tables.
    pub fn grouped(&self) -> String {
        match self {
            What::Text(t) => t.clone(),
            What::Owed { amount, currency } => format!("{} {currency}", amount.grouped()),
        }
    }
}

/// One open deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDeadline {
    pub kind: Kind,
    /// The invoice number, or the message or item id.
    pub reference: String,
    pub client: String,
    /// The message subject, the item owed, or the principal still owed.
    pub what: What,
    pub when: When,
}

/// Every open deadline as of `now` (`today` its date), unsorted.
pub fn open_deadlines(db: &impl Db, now: i64, today: NaiveDate) -> anyhow::Result<Vec<OpenDeadline>> {
    let conn = db.conn();
    let mut out = Vec::new();

    // The principal still owed: payments pay the principal first, so it is
    // the amount less what was paid by the as-of date (never below zero).
    let mut stmt = conn.prepare(
        "SELECT i.number, c.handle, \
                max(i.amount - coalesce((SELECT sum(p.amount) FROM payments p \
                                         WHERE p.invoice_id = i.id AND p.paid_on <= ?2), 0), 0), \
                c.currency, i.due \
         FROM invoices i JOIN clients c ON c.id = i.client_id \
         WHERE NOT c.archived AND i.issued <= ?2 AND coalesce(i.voided_at > ?1, 1) \
           AND coalesce(i.settled_on > ?2, 1) ORDER BY i.id",
    )?;
    let mut rows = stmt.query(params![now, today])?;
    while let Some(r) = rows.next()? {
        out.push(OpenDeadline {
            kind: Kind::Invoice,
            reference: r.get(0)?,
            client: r.get(1)?,
            what: What::Owed { amount: Money(r.get(2)?), currency: r.get(3)? },
            when: When::Day(r.get(4)?),
        });
    }

    let mut stmt = conn.prepare(
        "SELECT m.id, c.handle, m.subject, m.reply_by, m.due, \
                (m.fyi = 0 AND m.reply_by IS NOT NULL AND coalesce(m.replied_at > ?1, 1) \
                 AND coalesce(m.closed_at > ?1, 1)) AS awaiting_reply, \
                (m.is_request AND m.due IS NOT NULL AND coalesce(m.delivered_at > ?1, 1)) AS awaiting_delivery \
         FROM messages m JOIN clients c ON c.id = m.client_id \
         WHERE NOT c.archived AND m.at <= ?1 AND (awaiting_reply OR awaiting_delivery) ORDER BY m.id",
    )?;
    let mut rows = stmt.query(params![now])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let client: String = r.get(1)?;
        let subject: String = r.get(2)?;
        if r.get::<_, bool>(5)? {
            out.push(OpenDeadline {
                kind: Kind::Reply,
                reference: id.to_string(),
                client: client.clone(),
                what: What::Text(subject.clone()),
                when: When::At(r.get(3)?),
            });
        }
        if r.get::<_, bool>(6)? {
            out.push(OpenDeadline {
                kind: Kind::Delivery,
                reference: id.to_string(),
                client,
                what: What::Text(subject),
                when: When::At(r.get(4)?),
            });
        }
    }

    let mut stmt = conn.prepare(
        "SELECT w.id, c.handle, w.what, w.due FROM waiting w JOIN clients c ON c.id = w.client_id \
         WHERE NOT c.archived AND w.created_at <= ?1 AND coalesce(w.received_on > ?2, 1) ORDER BY w.id",
    )?;
    let mut rows = stmt.query(params![now, today])?;
    while let Some(r) = rows.next()? {
        out.push(OpenDeadline {
            kind: Kind::Waiting,
            reference: r.get::<_, i64>(0)?.to_string(),
            client: r.get(1)?,
            what: What::Text(r.get(2)?),
            when: When::Day(r.get(3)?),
        });
    }
    Ok(out)
}
