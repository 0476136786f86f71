//! Inbound messages and work requests, with the deadlines computed when they
//! were logged, and the queries `check` runs over them through indexes (it
//! never loads every message: only open ones near or past a deadline, and
//! those with an event within `--since`).

use std::ops::Deref;

use super::records::{Insert, MessageRecord};
use super::sql::{p, Row};
use super::{conn, Db, StoreError, Tx};

/// A message as stored, with the names it refers to resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    pub record: MessageRecord,
    pub client: String,
    /// The client's manager (now).
    pub manager: String,
    /// The client's primary contact (now), as `Name <email>`.
    pub primary: Option<String>,
    pub from_name: Option<String>,
    pub from_email: Option<String>,
    /// The member it was sent to.
    pub to: String,
    /// For a follow-up: the arrival and reply target of the open message it
    /// follows up.
    pub of_at: Option<i64>,
    pub of_target: Option<i64>,
}

impl Deref for MessageRow {
    type Target = MessageRecord;
    fn deref(&self) -> &MessageRecord {
        &self.record
    }
}

impl MessageRow {
    /// The sender as `Name <email>`, or whichever part is known.
    pub fn from(&self) -> String {
        match (&self.from_name, &self.from_email) {
            (Some(n), Some(e)) => format!("{n} <{e}>"),
            (Some(n), None) => n.clone(),
            (None, Some(e)) => e.clone(),
            (None, None) => String::new(),
        }
    }
}

/// The columns after the record's: who it is from and to.
const NAMES: &str = "c.handle, mgr.handle, \
     (SELECT CASE WHEN pc.name IS NOT NULL AND pc.email IS NOT NULL THEN pc.name || ' <' || pc.email || '>' \
      ELSE coalesce(pc.name, pc.email) END FROM contacts pc WHERE pc.client_id = m.client_id AND pc.is_primary = 1), \
     k.name, k.email, tm.handle, o.at, o.reply_target";

const JOINS: &str = "JOIN clients c ON c.id = m.client_id JOIN members mgr ON mgr.id = c.manager_id \
     JOIN contacts k ON k.id = m.from_contact JOIN members tm ON tm.id = m.to_member \
     LEFT JOIN messages o ON o.id = m.follow_up_of";

fn select(from: &str, filter: &str) -> String {
    format!("SELECT {}, {NAMES} FROM {from} {JOINS} {filter}", MessageRecord::COLUMNS)
}

fn message_row(r: &Row<'_>) -> Result<MessageRow, StoreError> {
    Ok(MessageRow {
        record: MessageRecord::from_row(r, 0)?,
        client: r.get(25)?,
        manager: r.get(26)?,
        primary: r.get(27)?,
        from_name: r.get(28)?,
        from_email: r.get(29)?,
        to: r.get(30)?,
        of_at: r.get(31)?,
        of_target: r.get(32)?,
    })
}

/// Stores a message (its `id` is ignored); returns the new id.
pub fn insert_message(tx: &Tx<'_>, m: &MessageRecord) -> Result<i64, StoreError> {
    m.insert(tx)
}

/// One message by id.
pub fn message(db: &impl Db, id: i64) -> Result<Option<MessageRow>, StoreError> {
    conn(db).opt(&select("messages m", "WHERE m.id = ?1"), p![id], message_row)
}

/// The follow-ups recorded against message `of`, by id.
pub fn follow_ups(db: &impl Db, of: i64) -> Result<Vec<MessageRecord>, StoreError> {
    let sql =
        format!("SELECT {} FROM messages m WHERE m.follow_up_of = ?1 ORDER BY m.id", MessageRecord::COLUMNS);
    conn(db).all(&sql, p![of], |r| MessageRecord::from_row(r, 0))
}

/// What happened to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Replied,
    Closed,
    Started,
    Delivered,
}

impl Mark {
    fn column(self) -> &'static str {
        match self {
            Mark::Replied => "replied_at",
            Mark::Closed => "closed_at",
            Mark::Started => "started_at",
            Mark::Delivered => "delivered_at",
        }
    }
}

/// Records that `mark` happened to message `id` at `at`, by a command run
/// at `now`.
pub fn set_mark(tx: &Tx<'_>, id: i64, mark: Mark, at: i64, now: i64) -> Result<(), StoreError> {
    let sql = format!("UPDATE messages SET {} = ?2, changed_at = ?3 WHERE id = ?1", mark.column());
    conn(tx).execute(&sql, p![id, at, now])?;
    Ok(())
}

/// What makes a message a request: when the client wants it, and its
/// start and delivery deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestTerms {
    pub wants: Option<i64>,
    pub clock_from: Option<i64>,
    pub start_by: Option<i64>,
    pub due: Option<i64>,
    pub rush: bool,
}

/// Makes message `id` a request with `terms`, by a command run at `now`.
pub fn set_request(tx: &Tx<'_>, id: i64, terms: &RequestTerms, now: i64) -> Result<(), StoreError> {
    let t = terms;
    conn(tx).execute(
        "UPDATE messages SET is_request = 1, wants = ?2, clock_from = ?3, start_by = ?4, due = ?5, rush = ?6, \
         changed_at = ?7 WHERE id = ?1",
        p![id, t.wants, t.clock_from, t.start_by, t.due, t.rush, now],
    )?;
    Ok(())
}

/// Messages that arrived by `now`, oldest first: of one client, and only
/// those open as of `now` (awaiting a reply or, for a request, delivery,
/// ignoring replies, closes and deliveries after `now`) with `open`.
pub fn messages(
    db: &impl Db,
    client: Option<i64>,
    open: bool,
    now: i64,
) -> Result<Vec<MessageRow>, StoreError> {
    let filter = "WHERE m.at <= ?1 AND (m.client_id = ?2 OR ?2 IS NULL) \
         AND (?3 = 0 \
              OR (m.fyi = 0 AND (m.replied_at IS NULL OR m.replied_at > ?1) AND (m.closed_at IS NULL OR m.closed_at > ?1)) \
              OR (m.is_request = 1 AND (m.delivered_at IS NULL OR m.delivered_at > ?1))) \
         ORDER BY m.at, m.id";
    conn(db).all(&select("messages m", filter), p![now, client, open], message_row)
}

/// The messages `check` must look at, of active clients (of one with
/// `client`), arrived by `now`: open ones whose reply target or delivery is
/// due by `horizon`, unstarted requests due to start by `now`, and those that
/// arrived, or were answered, started or delivered, at or after `since` (which
/// also finds every one whose answer lies after `now`, for `--as-of`). Each
/// part of the query reads an index; `CROSS JOIN` keeps SQLite from scanning
/// every message instead of looking the few candidates up; `INDEXED BY`
/// keeps the undelivered requests on their own index, not on the
/// scorecard's of every request.
pub fn for_check(
    db: &impl Db,
    client: Option<i64>,
    now: i64,
    horizon: i64,
    since: i64,
) -> Result<Vec<MessageRow>, StoreError> {
    let mut rows = conn(db).all(&for_check_sql(), p![now, horizon, since, client], message_row)?;
    rows.sort_by_key(|m| m.id);
    Ok(rows)
}

/// The SQL of [`for_check`].
fn for_check_sql() -> String {
    format!(
        "WITH cand(id) AS ( \
           SELECT id FROM messages WHERE fyi = 0 AND replied_at IS NULL AND closed_at IS NULL AND reply_target <= ?2 \
           UNION SELECT id FROM messages INDEXED BY messages_awaiting_delivery \
                 WHERE is_request = 1 AND delivered_at IS NULL AND due <= ?2 \
           UNION SELECT id FROM messages WHERE is_request = 1 AND started_at IS NULL AND delivered_at IS NULL AND start_by <= ?1 \
           UNION SELECT id FROM messages WHERE at >= ?3 AND at <= ?1 \
           UNION SELECT id FROM messages WHERE replied_at >= ?3 \
           UNION SELECT id FROM messages WHERE closed_at >= ?3 \
           UNION SELECT id FROM messages WHERE started_at >= ?3 \
           UNION SELECT id FROM messages WHERE delivered_at >= ?3) \
         SELECT {}, {NAMES} FROM cand CROSS JOIN messages m {JOINS} \
         WHERE m.id = cand.id AND m.at <= ?1 AND c.archived = 0 AND (m.client_id = ?4 OR ?4 IS NULL)",
        MessageRecord::COLUMNS
    )
}

/// A client's requests that arrived by `now` and were not delivered by then.
pub fn open_requests(db: &impl Db, client_id: i64, now: i64) -> Result<Vec<MessageRow>, StoreError> {
    let filter = "WHERE m.client_id = ?1 AND m.at <= ?2 AND m.is_request = 1 \
         AND (m.delivered_at IS NULL OR m.delivered_at > ?2) ORDER BY m.at, m.id";
    conn(db).all(&select("messages m", filter), p![client_id, now], message_row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::records::ContactRecord;

    #[test]
    fn the_check_query_reads_indexes_not_every_message() {
        let store = crate::store::testing::store();
        let db = store.read();
        crate::store::testing::indexes_only(&db);
        let plan = conn(&db).plan(&for_check_sql(), p![100_i64, 200_i64, 50_i64, None::<i64>]).unwrap();
        let text = plan.join("\n");
        // A server's planner, with no statistics of an empty book, may take
        // the scorecard's index of every request for the undelivered ones.
        let delivery = if conn(&db).pg().is_some() && !text.contains("messages_awaiting_delivery") {
            "messages_due"
        } else {
            "messages_awaiting_delivery"
        };
        for index in ["messages_awaiting_reply_target", delivery, "messages_awaiting_start"] {
            assert!(text.contains(index), "{index}: {text}");
        }
        // SQLite is told the delivery index (its name is in any plan): each
        // part reads only what falls before the as-of time.
        if conn(&db).pg().is_none() {
            for (index, column) in [
                ("messages_awaiting_reply_target", "reply_target"),
                ("messages_awaiting_delivery", "due"),
                ("messages_awaiting_start", "start_by"),
            ] {
                let range = format!("USING INDEX {index} ({column}<?)");
                assert!(text.contains(&range), "{range}: {text}");
            }
        }
        assert!(!crate::store::testing::scans(&plan, "messages"), "{text}");
    }

    #[test]
    fn messages_marks_and_the_check_query() {
        let mut store = crate::store::testing::store();
        let (a, b) = store
            .write(|tx| {
                let client = crate::store::testing::client(tx, "acme")?;
                let k = ContactRecord {
                    id: 0,
                    client_id: client,
                    name: Some("Jane".into()),
                    email: Some("jane@acme.example".into()),
                    primary: true,
                    role: None,
                    phone: None,
                }
                .insert(tx)?;
                let base = MessageRecord {
                    client_id: client,
                    from_contact: k,
                    to_member: 1,
                    via: "email".into(),
                    subject: "Hi".into(),
                    ..MessageRecord::default()
                };
                let a = insert_message(
                    tx,
                    &MessageRecord { at: 100, reply_target: Some(200), reply_by: Some(300), ..base.clone() },
                )?;
                let b = insert_message(
                    tx,
                    &MessageRecord { at: 150, request: true, due: Some(1_000), start_by: Some(500), ..base },
                )?;
                Ok::<_, StoreError>((a, b))
            })
            .unwrap();
        let db = store.read();
        let m = message(&db, a).unwrap().unwrap();
        assert_eq!((m.client.as_str(), m.manager.as_str(), m.to.as_str()), ("acme", "me", "me"));
        assert_eq!(m.primary.as_deref(), Some("Jane <jane@acme.example>"));
        assert_eq!(m.from(), "Jane <jane@acme.example>");
        assert_eq!(messages(&db, None, true, 400).unwrap().len(), 2);
        assert_eq!(
            open_requests(&db, m.client_id, 400).unwrap().iter().map(|m| m.id).collect::<Vec<_>>(),
            [b]
        );
        // Near or past a deadline by the horizon, or arrived since.
        let ids = |rows: Vec<MessageRow>| rows.iter().map(|m| m.id).collect::<Vec<_>>();
        assert_eq!(ids(for_check(&db, None, 250, 250, 10_000).unwrap()), [a]);
        assert_eq!(ids(for_check(&db, None, 600, 600, 10_000).unwrap()), [a, b]);
        store.write(|tx| set_mark(tx, a, Mark::Replied, 260, 270)).unwrap();
        let db = store.read();
        assert_eq!(message(&db, a).unwrap().unwrap().replied_at, Some(260));
        assert_eq!(ids(messages(&db, None, true, 400).unwrap()), [b]);
        // A reply after `now` does not count yet.
        assert_eq!(ids(messages(&db, None, true, 255).unwrap()), [a, b]);
    }
}
