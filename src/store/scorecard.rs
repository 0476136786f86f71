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

/// An invoice's issue and due dates and the day its principal was settled
/// (None: not settled by the as-of date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paid {
    pub client_id: i64,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    pub settled: Option<NaiveDate>,
}

/// Messages awaiting a reply whose limit fell in `[since, now]`, or that
/// were replied to or closed in it (the earlier of the two answers it):
/// each of the three read through its index (`INDEXED BY` is SQLite's),
/// a message found twice counted once.
pub fn replies(db: &impl Db, client: Option<i64>, since: i64, now: i64) -> Result<Vec<Kept>, StoreError> {
    conn(db).all(&replies_sql(), p![since, now, client], |r| {
        Ok(Kept { client_id: r.get(0)?, limit: r.get(1)?, done: r.get(2)? })
    })
}

fn replies_sql() -> String {
    let part = |index: &str, range: &str| {
        format!(
            "SELECT id, client_id, reply_by, \
                    CASE WHEN replied_at <= ?2 THEN replied_at END AS r, \
                    CASE WHEN closed_at <= ?2 THEN closed_at END AS c \
             FROM messages INDEXED BY {index} \
             WHERE fyi = 0 AND reply_by IS NOT NULL AND {range} IS NOT NULL AND {range} BETWEEN ?1 AND ?2 \
               AND at <= ?2 AND (client_id = ?3 OR ?3 IS NULL)"
        )
    };
    format!(
        "SELECT client_id, reply_by, CASE WHEN r IS NULL THEN c WHEN c IS NULL OR r <= c THEN r ELSE c END \
         FROM ({} UNION {} UNION {}) t",
        part("messages_reply_by", "reply_by"),
        part("messages_replied", "replied_at"),
        part("messages_closed", "closed_at"),
    )
}

/// Requests whose due time fell in `[since, now]` or that were delivered
/// in it, each read through its index.
pub fn deliveries(db: &impl Db, client: Option<i64>, since: i64, now: i64) -> Result<Vec<Kept>, StoreError> {
    conn(db).all(&deliveries_sql(), p![since, now, client], |r| {
        Ok(Kept { client_id: r.get(0)?, limit: r.get(1)?, done: r.get(2)? })
    })
}

fn deliveries_sql() -> String {
    let part = |index: &str, range: &str| {
        format!(
            "SELECT id, client_id, due, CASE WHEN delivered_at <= ?2 THEN delivered_at END AS d \
             FROM messages INDEXED BY {index} \
             WHERE is_request = 1 AND due IS NOT NULL AND {range} IS NOT NULL AND {range} BETWEEN ?1 AND ?2 \
               AND at <= ?2 AND (client_id = ?3 OR ?3 IS NULL)"
        )
    };
    format!(
        "SELECT client_id, due, d FROM ({} UNION {}) t",
        part("messages_due", "due"),
        part("messages_delivered", "delivered_at")
    )
}

/// How the engine runs the scorecard's queries of messages (for tests).
pub fn plans(db: &impl Db) -> Result<Vec<String>, StoreError> {
    let mut out = Vec::new();
    for sql in [replies_sql(), deliveries_sql()] {
        out.extend(conn(db).plan(&sql, p![0_i64, 1_i64, None::<i64>])?);
    }
    Ok(out)
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
        "SELECT client_id, issued, due, CASE WHEN settled_on <= ?2 THEN settled_on END FROM invoices \
         WHERE (due BETWEEN ?1 AND ?2 OR settled_on BETWEEN ?1 AND ?2) \
           AND issued <= ?2 AND (voided_at IS NULL OR voided_at > ?3) \
           AND (client_id = ?4 OR ?4 IS NULL)",
        p![since, today, now, client],
        |r| Ok(Paid { client_id: r.get(0)?, issued: r.get(1)?, due: r.get(2)?, settled: r.get(3)? }),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::records::{ContactRecord, Insert, InvoiceRecord, MessageRecord};
    use crate::store::{invoices, messages, testing, StoreError};
    use crate::values::{Currency, Decimal, Money};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// acme and beta, each with a contact; returns their ids.
    fn book(tx: &crate::store::Tx<'_>) -> Result<[(i64, i64); 2], StoreError> {
        let mut out = [(0, 0); 2];
        for (i, h) in ["acme", "beta"].into_iter().enumerate() {
            let client = testing::client(tx, h)?;
            let contact = ContactRecord {
                id: 0,
                client_id: client,
                name: Some("Pat".into()),
                email: None,
                primary: true,
                role: None,
                phone: None,
            }
            .insert(tx)?;
            out[i] = (client, contact);
        }
        Ok(out)
    }

    fn message(client: (i64, i64), at: i64) -> MessageRecord {
        MessageRecord {
            client_id: client.0,
            from_contact: client.1,
            to_member: 1,
            via: "email".into(),
            at,
            subject: format!("m{at}"),
            ..MessageRecord::default()
        }
    }

    #[test]
    fn each_fact_as_known_at_the_as_of_time_and_within_the_period() {
        let mut store = testing::store();
        let (acme, beta) = store
            .write(|tx| {
                let [acme, beta] = book(tx)?;
                // Replied by its limit; replied late; closed before a later reply;
                // its limit before the period; a reply after now.
                for m in [
                    MessageRecord { reply_by: Some(200), replied_at: Some(150), ..message(acme, 100) },
                    MessageRecord { reply_by: Some(300), replied_at: Some(400), ..message(acme, 110) },
                    MessageRecord {
                        reply_by: Some(500),
                        replied_at: Some(600),
                        closed_at: Some(450),
                        ..message(acme, 120)
                    },
                    MessageRecord { reply_by: Some(50), ..message(acme, 10) },
                    MessageRecord { reply_by: Some(700), replied_at: Some(2_000), ..message(beta, 130) },
                    MessageRecord { fyi: true, reply_by: Some(300), ..message(beta, 140) },
                ] {
                    messages::insert_message(tx, &m)?;
                }
                // Deliveries: on time, late, not yet (now is 1,000), and after now.
                for m in [
                    MessageRecord {
                        request: true,
                        due: Some(300),
                        delivered_at: Some(250),
                        ..message(acme, 200)
                    },
                    MessageRecord {
                        request: true,
                        due: Some(400),
                        delivered_at: Some(900),
                        ..message(acme, 210)
                    },
                    MessageRecord { request: true, due: Some(800), ..message(beta, 220) },
                    MessageRecord {
                        request: true,
                        due: Some(900),
                        delivered_at: Some(1_500),
                        ..message(beta, 230)
                    },
                ] {
                    messages::insert_message(tx, &m)?;
                }
                // Bypasses: two of acme in the period, one before it.
                for at in [300, 310, 90] {
                    messages::insert_message(tx, &MessageRecord { bypassed: true, ..message(acme, at) })?;
                }
                // A chaser of beta (before the open message's reply target) and a
                // follow-up after it (no chaser).
                let open = messages::insert_message(
                    tx,
                    &MessageRecord { reply_target: Some(600), reply_by: Some(5_000), ..message(beta, 500) },
                )?;
                for at in [550, 650] {
                    let f = messages::insert_message(tx, &message(beta, at))?;
                    conn(tx).execute("UPDATE messages SET follow_up_of = ?1 WHERE id = ?2", p![open, f])?;
                }
                Ok::<_, StoreError>((acme.0, beta.0))
            })
            .unwrap();
        let db = store.read();
        let mut r = replies(&db, None, 100, 1_000).unwrap();
        r.sort_by_key(|k| k.limit);
        let got: Vec<(i64, i64, Option<i64>)> = r.iter().map(|k| (k.client_id, k.limit, k.done)).collect();
        assert_eq!(
            got,
            [(acme, 200, Some(150)), (acme, 300, Some(400)), (acme, 500, Some(450)), (beta, 700, None)]
        );
        assert_eq!(replies(&db, Some(beta), 100, 1_000).unwrap().len(), 1);
        let mut dl = deliveries(&db, None, 100, 1_000).unwrap();
        dl.sort_by_key(|k| k.limit);
        let got: Vec<(i64, i64, Option<i64>)> = dl.iter().map(|k| (k.client_id, k.limit, k.done)).collect();
        assert_eq!(
            got,
            [(acme, 300, Some(250)), (acme, 400, Some(900)), (beta, 800, None), (beta, 900, None)]
        );
        assert_eq!(bypasses(&db, None, 100, 1_000).unwrap(), HashMap::from([(acme, 2)]));
        assert!(bypasses(&db, Some(beta), 100, 1_000).unwrap().is_empty());
        assert_eq!(chasers(&db, None, 100, 1_000).unwrap(), HashMap::from([(beta, 1)]));
        // As of 560 the later follow-up had not arrived; the chaser had.
        assert_eq!(chasers(&db, None, 100, 560).unwrap(), HashMap::from([(beta, 1)]));
        assert!(chasers(&db, None, 100, 540).unwrap().is_empty());
    }

    #[test]
    fn the_message_queries_read_indexes_not_the_whole_table() {
        let store = testing::store();
        let db = store.read();
        testing::indexes_only(&db);
        let plan = plans(&db).unwrap();
        let text = plan.join("\n");
        // SQLite is told which index each part reads (so its name is in the
        // plan whatever): what counts is that each reads only the period's
        // range of it, both bounds, not the whole index. A server's planner
        // picks among them by its statistics (none in an empty book).
        if conn(&db).pg().is_none() {
            for (index, column) in [
                ("messages_reply_by", "reply_by"),
                ("messages_replied", "replied_at"),
                ("messages_closed", "closed_at"),
                ("messages_due", "due"),
                ("messages_delivered", "delivered_at"),
            ] {
                let range = format!("USING INDEX {index} ({column}>? AND {column}<?)");
                assert!(text.contains(&range), "{range}: {text}");
            }
        }
        assert!(!testing::scans(&plan, "messages"), "{text}");
    }

    #[test]
    fn invoices_due_or_settled_in_the_period_once_and_not_void() {
        let mut store = testing::store();
        let acme = store
            .write(|tx| {
                let [acme, _] = book(tx)?;
                let inv =
                    |number: &str, issued: &str, due: &str, settled: Option<&str>, voided: Option<i64>| {
                        InvoiceRecord {
                            id: 0,
                            client_id: acme.0,
                            number: number.into(),
                            amount: Decimal::of(Money(10_000), Currency::USD),
                            issued: d(issued),
                            due: d(due),
                            terms: "net30".into(),
                            phase_id: None,
                            settled_on: settled.map(d),
                            voided_at: voided,
                            void_reason: None,
                            created_at: 0,
                            changed_at: None,
                        }
                    };
                for i in [
                    inv("due-in", "2026-10-01", "2026-10-31", None, None),
                    inv("settled-in", "2026-09-01", "2026-10-01", Some("2026-10-05"), None),
                    inv("both", "2026-10-01", "2026-10-20", Some("2026-10-25"), None),
                    inv("before", "2026-08-01", "2026-08-31", Some("2026-09-01"), None),
                    inv("settled-later", "2026-10-01", "2026-10-30", Some("2026-11-20"), None),
                    inv("void", "2026-10-01", "2026-10-31", None, Some(100)),
                    inv("void-later", "2026-10-01", "2026-10-31", None, Some(10_000_000_000)),
                    inv("not-issued", "2026-11-20", "2026-10-31", None, None),
                ] {
                    invoices::insert_invoice(tx, &i)?;
                }
                Ok::<_, StoreError>(acme.0)
            })
            .unwrap();
        let db = store.read();
        let mut got: Vec<(NaiveDate, Option<NaiveDate>)> =
            invoices(&db, Some(acme), d("2026-10-01"), d("2026-11-10"), 1_000_000)
                .unwrap()
                .iter()
                .map(|p| (p.due, p.settled))
                .collect();
        got.sort();
        assert_eq!(
            got,
            [
                (d("2026-10-01"), Some(d("2026-10-05"))),
                (d("2026-10-20"), Some(d("2026-10-25"))),
                (d("2026-10-30"), None),
                (d("2026-10-31"), None),
                (d("2026-10-31"), None),
            ]
        );
    }
}
