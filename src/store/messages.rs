//! Inbound messages and work requests, with the deadlines computed when they
//! were logged, and the queries `check` runs over them through indexes (it
//! never loads every message: only open ones near or past a deadline, and
//! those with an event within `--since`).

use rusqlite::{params, OptionalExtension as _, Row};

use super::{Db, Tx};

/// A message to store: deadlines already computed (instants in seconds).
#[derive(Debug, Clone, Default)]
pub struct NewMessage<'a> {
    pub client_id: i64,
    pub from_contact: i64,
    pub to_member: i64,
    pub via: &'a str,
    pub at: i64,
    pub subject: &'a str,
    pub is_request: bool,
    pub fyi: bool,
    pub wants: Option<i64>,
    pub bypassed: bool,
    pub wrong_channel: bool,
    pub clock_from: Option<i64>,
    pub reply_target: Option<i64>,
    pub reply_by: Option<i64>,
    pub start_by: Option<i64>,
    pub due: Option<i64>,
    pub rush: bool,
}

/// A message as stored, with the names it refers to resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    pub id: i64,
    pub client_id: i64,
    pub client: String,
    /// The client's manager (now).
    pub manager: String,
    /// The client's primary contact (now), as `Name <email>`.
    pub primary: Option<String>,
    pub from_name: Option<String>,
    pub from_email: Option<String>,
    pub to: String,
    pub via: String,
    pub at: i64,
    pub subject: String,
    pub is_request: bool,
    pub fyi: bool,
    pub wants: Option<i64>,
    pub bypassed: bool,
    pub wrong_channel: bool,
    pub clock_from: Option<i64>,
    pub reply_target: Option<i64>,
    pub reply_by: Option<i64>,
    pub start_by: Option<i64>,
    pub due: Option<i64>,
    pub rush: bool,
    pub replied_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub started_at: Option<i64>,
    pub delivered_at: Option<i64>,
}

impl MessageRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(MessageRow {
            id: r.get("id")?,
            client_id: r.get("client_id")?,
            client: r.get("client")?,
            manager: r.get("manager")?,
            primary: r.get("primary_contact")?,
            from_name: r.get("from_name")?,
            from_email: r.get("from_email")?,
            to: r.get("to_handle")?,
            via: r.get("via")?,
            at: r.get("at")?,
            subject: r.get("subject")?,
            is_request: r.get("is_request")?,
            fyi: r.get("fyi")?,
            wants: r.get("wants")?,
            bypassed: r.get("bypassed")?,
            wrong_channel: r.get("wrong_channel")?,
            clock_from: r.get("clock_from")?,
            reply_target: r.get("reply_target")?,
            reply_by: r.get("reply_by")?,
            start_by: r.get("start_by")?,
            due: r.get("due")?,
            rush: r.get("rush")?,
            replied_at: r.get("replied_at")?,
            closed_at: r.get("closed_at")?,
            started_at: r.get("started_at")?,
            delivered_at: r.get("delivered_at")?,
        })
    }

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

const COLUMNS: &str = "m.id, m.client_id, c.handle AS client, mgr.handle AS manager, \
     (SELECT CASE WHEN p.name IS NOT NULL AND p.email IS NOT NULL THEN p.name || ' <' || p.email || '>' \
      ELSE coalesce(p.name, p.email) END FROM contacts p WHERE p.client_id = m.client_id AND p.is_primary) AS primary_contact, \
     k.name AS from_name, k.email AS from_email, tm.handle AS to_handle, m.via, m.at, m.subject, \
     m.is_request, m.fyi, m.wants, m.bypassed, m.wrong_channel, m.clock_from, m.reply_target, m.reply_by, \
     m.start_by, m.due, m.rush, m.replied_at, m.closed_at, m.started_at, m.delivered_at";

const JOINS: &str = "JOIN clients c ON c.id = m.client_id JOIN members mgr ON mgr.id = c.manager_id \
     JOIN contacts k ON k.id = m.from_contact JOIN members tm ON tm.id = m.to_member";

/// Stores a message; returns its id.
pub fn insert_message(tx: &Tx<'_>, m: &NewMessage<'_>) -> anyhow::Result<i64> {
    tx.conn().execute(
        "INSERT INTO messages (client_id, from_contact, to_member, via, at, subject, is_request, fyi, wants, \
         bypassed, wrong_channel, clock_from, reply_target, reply_by, start_by, due, rush) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            m.client_id,
            m.from_contact,
            m.to_member,
            m.via,
            m.at,
            m.subject,
            m.is_request,
            m.fyi,
            m.wants,
            m.bypassed,
            m.wrong_channel,
            m.clock_from,
            m.reply_target,
            m.reply_by,
            m.start_by,
            m.due,
            m.rush
        ],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

/// One message by id.
pub fn message(db: &impl Db, id: i64) -> anyhow::Result<Option<MessageRow>> {
    Ok(db
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM messages m {JOINS} WHERE m.id = ?1"),
            [id],
            MessageRow::from_row,
        )
        .optional()?)
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

/// Records that `mark` happened to message `id` at `at`.
pub fn set_mark(tx: &Tx<'_>, id: i64, mark: Mark, at: i64) -> anyhow::Result<()> {
    tx.conn()
        .execute(&format!("UPDATE messages SET {} = ?2 WHERE id = ?1", mark.column()), params![id, at])?;
    Ok(())
}

/// Messages that arrived by `now`, oldest first: of one client, and only
/// those open as of `now` (awaiting a reply or, for a request, delivery,
/// ignoring replies, closes and deliveries after `now`) with `open`.
pub fn messages(db: &impl Db, client: Option<i64>, open: bool, now: i64) -> anyhow::Result<Vec<MessageRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM messages m {JOINS} WHERE m.at <= ?1 AND (?2 IS NULL OR m.client_id = ?2) \
         AND (NOT ?3 OR (m.fyi = 0 AND coalesce(m.replied_at > ?1, 1) AND coalesce(m.closed_at > ?1, 1)) \
              OR (m.is_request AND coalesce(m.delivered_at > ?1, 1))) \
         ORDER BY m.at, m.id"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let rows =
        stmt.query_map(params![now, client, open], MessageRow::from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The messages `check` must look at, of active clients (of one with
/// `client`), arrived by `now`: open ones whose reply target or delivery is
/// due by `horizon`, unstarted requests due to start by `now`, and those that
/// arrived, or were answered, started or delivered, at or after `since` (which
/// also finds every one whose answer lies after `now`, for `--as-of`). Each
/// part of the query reads an index; `CROSS JOIN` keeps SQLite from scanning
/// every message instead of looking the few candidates up.
pub fn for_check(
    db: &impl Db,
    client: Option<i64>,
    now: i64,
    horizon: i64,
    since: i64,
) -> anyhow::Result<Vec<MessageRow>> {
    let sql = format!(
        "WITH cand(id) AS ( \
           SELECT id FROM messages WHERE fyi = 0 AND replied_at IS NULL AND closed_at IS NULL AND reply_target <= ?2 \
           UNION SELECT id FROM messages WHERE is_request = 1 AND delivered_at IS NULL AND due <= ?2 \
           UNION SELECT id FROM messages WHERE is_request = 1 AND started_at IS NULL AND delivered_at IS NULL AND start_by <= ?1 \
           UNION SELECT id FROM messages WHERE at >= ?3 AND at <= ?1 \
           UNION SELECT id FROM messages WHERE replied_at >= ?3 \
           UNION SELECT id FROM messages WHERE closed_at >= ?3 \
           UNION SELECT id FROM messages WHERE started_at >= ?3 \
           UNION SELECT id FROM messages WHERE delivered_at >= ?3) \
         SELECT {COLUMNS} FROM cand CROSS JOIN messages m ON m.id = cand.id {JOINS} \
         WHERE m.at <= ?1 AND NOT c.archived AND (?4 IS NULL OR m.client_id = ?4)"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let mut rows = stmt
        .query_map(params![now, horizon, since, client], MessageRow::from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.sort_by_key(|m| m.id);
    Ok(rows)
}

/// A client's requests that arrived by `now` and were not delivered by then.
pub fn open_requests(db: &impl Db, client_id: i64, now: i64) -> anyhow::Result<Vec<MessageRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM messages m {JOINS} WHERE m.client_id = ?1 AND m.at <= ?2 AND m.is_request \
         AND coalesce(m.delivered_at > ?2, 1) ORDER BY m.at, m.id"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let rows =
        stmt.query_map(params![client_id, now], MessageRow::from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The id of the last message stored (for the demo), if any.
pub fn last_id(db: &impl Db) -> anyhow::Result<Option<i64>> {
    Ok(db.conn().query_row("SELECT max(id) FROM messages", [], |r| r.get(0))?)
}
