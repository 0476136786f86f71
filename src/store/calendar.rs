//! The open deadlines of `expect calendar`, as of a moment: invoices not
//! settled (their due dates, with the principal still owed), messages
//! awaiting a reply (their limits), requests awaiting delivery (their due
//! times) and items the client owes (their due dates), of active clients.
//! Events after the as-of time are ignored, so `--as-of` replays what was
//! open then.

use chrono::NaiveDate;

use super::sql::p;
use super::{conn, Db, StoreError};
use crate::values::Money;

/// When a deadline falls: a whole day, or an instant (seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
pub fn open_deadlines(db: &impl Db, now: i64, today: NaiveDate) -> Result<Vec<OpenDeadline>, StoreError> {
    let conn = conn(db);
    let mut out = Vec::new();

    // The principal still owed: payments pay the principal first, so it is
    // the amount less what was paid by the as-of date (never below zero).
    conn.each(
        "SELECT i.number, c.handle, \
                i.amount - coalesce((SELECT sum(p.amount) FROM payments p \
                                     WHERE p.invoice_id = i.id AND p.paid_on <= ?2), 0), \
                c.currency, i.due \
         FROM invoices i JOIN clients c ON c.id = i.client_id \
         WHERE c.archived = 0 AND i.issued <= ?2 AND (i.voided_at IS NULL OR i.voided_at > ?1) \
           AND (i.settled_on IS NULL OR i.settled_on > ?2) ORDER BY i.id",
        p![now, today],
        |r| {
            let owed: i64 = r.get(2)?;
            out.push(OpenDeadline {
                kind: Kind::Invoice,
                reference: r.get(0)?,
                client: r.get(1)?,
                what: What::Owed { amount: Money(owed.max(0)), currency: r.get(3)? },
                when: When::Day(r.get(4)?),
            });
            Ok(())
        },
    )?;

    let awaiting_reply =
        "m.fyi = 0 AND m.reply_by IS NOT NULL AND (m.replied_at IS NULL OR m.replied_at > ?1) \
                          AND (m.closed_at IS NULL OR m.closed_at > ?1)";
    let awaiting_delivery =
        "m.is_request = 1 AND m.due IS NOT NULL AND (m.delivered_at IS NULL OR m.delivered_at > ?1)";
    let sql = format!(
        "SELECT m.id, c.handle, m.subject, m.reply_by, m.due, \
                CASE WHEN {awaiting_reply} THEN 1 ELSE 0 END, CASE WHEN {awaiting_delivery} THEN 1 ELSE 0 END \
         FROM messages m JOIN clients c ON c.id = m.client_id \
         WHERE c.archived = 0 AND m.at <= ?1 AND (({awaiting_reply}) OR ({awaiting_delivery})) ORDER BY m.id"
    );
    conn.each(&sql, p![now], |r| {
        let id: i64 = r.get(0)?;
        let client: String = r.get(1)?;
        let subject: String = r.get(2)?;
        if r.get::<bool>(5)? {
            out.push(OpenDeadline {
                kind: Kind::Reply,
                reference: id.to_string(),
                client: client.clone(),
                what: What::Text(subject.clone()),
                when: When::At(r.get(3)?),
            });
        }
        if r.get::<bool>(6)? {
            out.push(OpenDeadline {
                kind: Kind::Delivery,
                reference: id.to_string(),
                client,
                what: What::Text(subject),
                when: When::At(r.get(4)?),
            });
        }
        Ok(())
    })?;

    conn.each(
        "SELECT w.id, c.handle, w.what, w.due FROM waiting w JOIN clients c ON c.id = w.client_id \
         WHERE c.archived = 0 AND w.created_at <= ?1 AND (w.received_on IS NULL OR w.received_on > ?2) ORDER BY w.id",
        p![now, today],
        |r| {
            out.push(OpenDeadline {
                kind: Kind::Waiting,
                reference: r.get::<i64>(0)?.to_string(),
                client: r.get(1)?,
                what: What::Text(r.get(2)?),
                when: When::Day(r.get(3)?),
            });
            Ok(())
        },
    )?;
    Ok(out)
}
