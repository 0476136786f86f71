//! The facts behind `expect scorecard`: per message, its limit and when it
//! was answered; per request, its due time and delivery; per invoice, its
//! due date and the day its principal was settled; bypass and chaser counts —
//! each as known at the as-of time (later events are ignored).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::sql::p;
use super::{conn, Db, StoreError};

/// A deadline of yours and when it was met (None: not met by now).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    pub client_id: i64,
    pub limit: i64,
    pub done: Option<i64>,
}

/// An invoice's due date and the day its principal was settled (None: not
/// settled by the as-of date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paid {
    pub client_id: i64,
    pub due: NaiveDate,
    pub settled: Option<NaiveDate>,
}

/// Messages awaiting a reply whose limit fell in `[since, now]`, or that
/// were replied to or closed in it (the earlier of the two answers it).
pub fn replies(db: &impl Db, client: Option<i64>, since: i64, now: i64) -> Result<Vec<Kept>, StoreError> {
    conn(db).all(
        "SELECT client_id, reply_by, \
                CASE WHEN r IS NULL THEN c WHEN c IS NULL OR r <= c THEN r ELSE c END \
         FROM (SELECT client_id, reply_by, \
                      CASE WHEN replied_at <= ?2 THEN replied_at END AS r, \
                      CASE WHEN closed_at <= ?2 THEN closed_at END AS c \
               FROM messages WHERE fyi = 0 AND reply_by IS NOT NULL AND at <= ?2 \
                 AND (client_id = ?3 OR ?3 IS NULL) \
                 AND (reply_by BETWEEN ?1 AND ?2 OR replied_at BETWEEN ?1 AND ?2 OR closed_at BETWEEN ?1 AND ?2)) t",
        p![since, now, client],
        |r| Ok(Kept { client_id: r.get(0)?, limit: r.get(1)?, done: r.get(2)? }),
    )
}

/// Requests whose due time fell in `[since, now]` or that were delivered in it.
pub fn deliveries(db: &impl Db, client: Option<i64>, since: i64, now: i64) -> Result<Vec<Kept>, StoreError> {
    conn(db).all(
        "SELECT client_id, due, CASE WHEN delivered_at <= ?2 THEN delivered_at END \
         FROM messages WHERE is_request = 1 AND due IS NOT NULL AND at <= ?2 AND (client_id = ?3 OR ?3 IS NULL) \
           AND (due BETWEEN ?1 AND ?2 OR delivered_at BETWEEN ?1 AND ?2)",
        p![since, now, client],
        |r| Ok(Kept { client_id: r.get(0)?, limit: r.get(1)?, done: r.get(2)? }),
    )
}

/// Invoices issued by `today`, not void by `now`, that were due in
/// `[since, today]` or whose principal was settled in it (paid early for a
/// later due date, or late for an earlier one); each once.
pub fn invoices(
    db: &impl Db,
    client: Option<i64>,
    since: NaiveDate,
    today: NaiveDate,
    now: i64,
) -> Result<Vec<Paid>, StoreError> {
    conn(db).all(
        "SELECT client_id, due, CASE WHEN settled_on <= ?2 THEN settled_on END FROM invoices \
         WHERE (due BETWEEN ?1 AND ?2 OR settled_on BETWEEN ?1 AND ?2) \
           AND issued <= ?2 AND (voided_at IS NULL OR voided_at > ?3) \
           AND (client_id = ?4 OR ?4 IS NULL)",
        p![since, today, now, client],
        |r| Ok(Paid { client_id: r.get(0)?, due: r.get(1)?, settled: r.get(2)? }),
    )
}

/// Messages that bypassed the contact, arrived in `[since, now]`, by client.
pub fn bypasses(
    db: &impl Db,
    client: Option<i64>,
    since: i64,
    now: i64,
) -> Result<HashMap<i64, i64>, StoreError> {
    let rows = conn(db).all(
        "SELECT client_id, count(*) FROM messages WHERE bypassed = 1 AND at BETWEEN ?1 AND ?2 \
           AND (client_id = ?3 OR ?3 IS NULL) GROUP BY client_id",
        p![since, now, client],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(rows.into_iter().collect())
}

/// Follow-ups that arrived in `[since, now]` before the reply target of the
/// open message they follow up (chasers, SPEC 12), by client.
pub fn chasers(
    db: &impl Db,
    client: Option<i64>,
    since: i64,
    now: i64,
) -> Result<HashMap<i64, i64>, StoreError> {
    let rows = conn(db).all(
        "SELECT f.client_id, count(*) FROM messages f JOIN messages o ON o.id = f.follow_up_of \
         WHERE f.follow_up_of IS NOT NULL AND f.at BETWEEN ?1 AND ?2 AND o.reply_target IS NOT NULL \
           AND f.at < o.reply_target AND (f.client_id = ?3 OR ?3 IS NULL) GROUP BY f.client_id",
        p![since, now, client],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(rows.into_iter().collect())
}
