//! The open deadlines of `expect calendar`, as of a moment: invoices not
//! settled (their due dates, with the principal still owed), messages
//! awaiting a reply (their limits), requests awaiting delivery (their due
//! times) and items the client owes (their due dates), of active clients.
//! Events after the as-of time are ignored, so `--as-of` replays what was
//! open then.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::sql::p;
use super::{conn, Db, StoreError};
pub use crate::calendar::feed::{Deadline, Kind, What, When};
use crate::values::Money;

/// The stamp of a record as of `?1`: the time it was last changed, unless
/// that is after the as-of time (a replay), else when it was made.
fn stamp(changed: &str, made: &str) -> String {
    format!("CASE WHEN {changed} IS NOT NULL AND {changed} <= ?1 THEN {changed} ELSE {made} END")
}

/// Every open deadline as of `now` (`today` its date), unsorted; the
/// notice deadlines of rule changes are the operations' to work out.
pub fn open_deadlines(db: &impl Db, now: i64, today: NaiveDate) -> Result<Vec<Deadline>, StoreError> {
    let conn = conn(db);
    let mut out = Vec::new();

    // The principal still owed: payments pay the principal first, so it is
    // the amount less what was paid by the as-of date (never below zero).
    let sql = format!(
        "SELECT i.number, c.handle, \
                i.amount - coalesce((SELECT sum(p.amount) FROM payments p \
                                     WHERE p.invoice_id = i.id AND p.paid_on <= ?2), 0), \
                c.currency, i.due, {} \
         FROM invoices i JOIN clients c ON c.id = i.client_id \
         WHERE c.archived = 0 AND i.issued <= ?2 AND (i.voided_at IS NULL OR i.voided_at > ?1) \
           AND (i.settled_on IS NULL OR i.settled_on > ?2) ORDER BY i.id",
        stamp("i.changed_at", "i.created_at")
    );
    conn.each(&sql, p![now, today], |r| {
        let owed: i64 = r.get(2)?;
        out.push(Deadline {
            kind: Kind::Invoice,
            reference: r.get(0)?,
            client: r.get(1)?,
            what: What::Owed { amount: Money(owed.max(0)), currency: r.get(3)? },
            when: When::Day(r.get(4)?),
            stamp: r.get(5)?,
        });
        Ok(())
    })?;

    let awaiting_reply =
        "m.fyi = 0 AND m.reply_by IS NOT NULL AND (m.replied_at IS NULL OR m.replied_at > ?1) \
                          AND (m.closed_at IS NULL OR m.closed_at > ?1)";
    let undelivered = "m.is_request = 1 AND (m.delivered_at IS NULL OR m.delivered_at > ?1)";
    let awaiting_start =
        format!("{undelivered} AND m.start_by IS NOT NULL AND (m.started_at IS NULL OR m.started_at > ?1)");
    let awaiting_delivery = format!("{undelivered} AND m.due IS NOT NULL");
    let sql = format!(
        "SELECT m.id, c.handle, m.subject, m.reply_by, m.start_by, m.due, {}, \
                CASE WHEN {awaiting_reply} THEN 1 ELSE 0 END, CASE WHEN {awaiting_start} THEN 1 ELSE 0 END, \
                CASE WHEN {awaiting_delivery} THEN 1 ELSE 0 END \
         FROM messages m JOIN clients c ON c.id = m.client_id \
         WHERE c.archived = 0 AND m.at <= ?1 \
           AND (({awaiting_reply}) OR ({awaiting_start}) OR ({awaiting_delivery})) ORDER BY m.id",
        stamp("m.changed_at", "m.at")
    );
    conn.each(&sql, p![now], |r| {
        let id: i64 = r.get(0)?;
        let client: String = r.get(1)?;
        let subject: String = r.get(2)?;
        let stamp: i64 = r.get(6)?;
        for (kind, when, open) in [(Kind::Reply, 3, 7), (Kind::Start, 4, 8), (Kind::Delivery, 5, 9)] {
            if r.get::<bool>(open)? {
                out.push(Deadline {
                    kind,
                    reference: id.to_string(),
                    client: client.clone(),
                    what: What::Text(subject.clone()),
                    when: When::At(r.get(when)?),
                    stamp,
                });
            }
        }
        Ok(())
    })?;

    let sql = format!(
        "SELECT w.id, c.handle, w.what, w.due, {} FROM waiting w JOIN clients c ON c.id = w.client_id \
         WHERE c.archived = 0 AND w.created_at <= ?1 AND (w.received_on IS NULL OR w.received_on > ?2) ORDER BY w.id",
        stamp("w.changed_at", "w.created_at")
    );
    conn.each(&sql, p![now, today], |r| {
        out.push(Deadline {
            kind: Kind::Waiting,
            reference: r.get::<i64>(0)?.to_string(),
            client: r.get(1)?,
            what: What::Text(r.get(2)?),
            when: When::Day(r.get(3)?),
            stamp: r.get(4)?,
        });
        Ok(())
    })?;

    // A contract keeps no time it was recorded: unless changed since, its
    // stamp is the start (UTC) of the day it was signed.
    conn.each(
        "SELECT ct.id, c.handle, ct.signed, ct.kind, ct.expires, ct.changed_at \
         FROM contracts ct JOIN clients c ON c.id = ct.client_id \
         WHERE c.archived = 0 AND ct.expires IS NOT NULL AND ct.signed <= ?2 AND ct.expires >= ?2 ORDER BY ct.id",
        p![now, today],
        |r| {
            let signed: NaiveDate = r.get(2)?;
            let kind: Option<String> = r.get(3)?;
            let changed: Option<i64> = r.get(5)?;
            let made = signed.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp());
            out.push(Deadline {
                kind: Kind::Expiry,
                reference: r.get::<i64>(0)?.to_string(),
                client: r.get(1)?,
                what: What::Text(match kind {
                    Some(k) => format!("{k}, signed {signed}"),
                    None => format!("signed {signed}"),
                }),
                when: When::Day(r.get(4)?),
                stamp: changed.filter(|c| *c <= now).unwrap_or(made),
            });
            Ok(())
        },
    )?;
    Ok(out)
}

/// The stamp of every rule version as of `now`, by version id: when it was
/// last changed (unless after `now`), else made.
pub fn rule_version_stamps(db: &impl Db, now: i64) -> Result<HashMap<i64, i64>, StoreError> {
    let sql = format!("SELECT rv.id, {} FROM rule_versions rv", stamp("rv.changed_at", "rv.created_at"));
    Ok(conn(db).all(&sql, p![now], |r| Ok((r.get(0)?, r.get(1)?)))?.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::client;
    use crate::store::Store;

    #[test]
    fn stamps_are_the_records_own_times_and_replays_fall_back_to_their_making() {
        let mut store = Store::in_memory().unwrap();
        store
            .write(|tx| {
                client(tx, "acme")?;
                conn(tx).execute(
                    "INSERT INTO invoices (client_id, number, amount, issued, due, terms, created_at, changed_at) \
                     VALUES (1, 'INV-0001', 100, '2026-11-01', '2026-12-01', 'net30', 100, 500)",
                    p![],
                )?;
                conn(tx).execute(
                    "INSERT INTO contracts (client_id, signed, expires, covers) \
                     VALUES (1, '2026-11-02', '2026-12-31', 'payment')",
                    p![],
                )
            })
            .unwrap();
        let db = store.read();
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let stamps = |now| -> Vec<(Kind, i64)> {
            open_deadlines(&db, now, today).unwrap().iter().map(|d| (d.kind, d.stamp)).collect()
        };
        // 2026-11-02T00:00:00Z: a contract keeps no time of its own.
        let signed = 1_793_577_600;
        assert_eq!(stamps(1000), [(Kind::Invoice, 500), (Kind::Expiry, signed)]);
        // Replayed before the change: when it was made.
        assert_eq!(stamps(400), [(Kind::Invoice, 100), (Kind::Expiry, signed)]);
        assert!(rule_version_stamps(&db, 1000).unwrap().values().all(|s| *s == 0));
    }
}
