//! Things a client owes you (content, feedback, approval): `waiting-on`,
//! `received`, `waiting`, and the open items past their date for `check`.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension as _, Row};

use super::{Db, Tx};

/// An item as stored, with its client's handle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingRow {
    pub id: i64,
    pub client_id: i64,
    pub client: String,
    pub what: String,
    pub due: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub created_at: i64,
}

impl WaitingRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(WaitingRow {
            id: r.get("id")?,
            client_id: r.get("client_id")?,
            client: r.get("client")?,
            what: r.get("what")?,
            due: r.get("due")?,
            received_on: r.get("received_on")?,
            created_at: r.get("created_at")?,
        })
    }
}

const SELECT: &str =
    "SELECT w.id, w.client_id, c.handle AS client, w.what, w.due, w.received_on, w.created_at \
     FROM waiting w JOIN clients c ON c.id = w.client_id";

/// Records an item; returns its id.
pub fn insert_item(
    tx: &Tx<'_>,
    client_id: i64,
    what: &str,
    due: NaiveDate,
    created_at: i64,
) -> anyhow::Result<i64> {
    tx.conn().execute(
        "INSERT INTO waiting (client_id, what, due, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![client_id, what, due, created_at],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

/// One item by id.
pub fn item(db: &impl Db, id: i64) -> anyhow::Result<Option<WaitingRow>> {
    Ok(db.conn().query_row(&format!("{SELECT} WHERE w.id = ?1"), [id], WaitingRow::from_row).optional()?)
}

/// Marks an item received on `on`.
pub fn set_received(tx: &Tx<'_>, id: i64, on: NaiveDate) -> anyhow::Result<()> {
    tx.conn().execute("UPDATE waiting SET received_on = ?2 WHERE id = ?1", params![id, on])?;
    Ok(())
}

/// Items recorded by `now` (of one client with `client`), by due date; with
/// `open` only those not received by `today`.
pub fn items(
    db: &impl Db,
    client: Option<i64>,
    open: bool,
    now: i64,
    today: NaiveDate,
) -> anyhow::Result<Vec<WaitingRow>> {
    let sql = format!(
        "{SELECT} WHERE w.created_at <= ?1 AND (?2 IS NULL OR w.client_id = ?2) \
         AND (NOT ?3 OR w.received_on IS NULL OR w.received_on > ?4) ORDER BY w.due, w.id"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let rows = stmt
        .query_map(params![now, client, open, today], WaitingRow::from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Items of active clients not received by `today` whose due date is before
/// it, recorded by `now` (through the open-items index, plus items received
/// after `today` for `--as-of`).
pub fn late_items(
    db: &impl Db,
    client: Option<i64>,
    now: i64,
    today: NaiveDate,
) -> anyhow::Result<Vec<WaitingRow>> {
    let sql = format!(
        "{SELECT} WHERE w.id IN (SELECT id FROM waiting WHERE received_on IS NULL AND due < ?3 \
                              UNION SELECT id FROM waiting WHERE received_on > ?3 AND due < ?3) \
         AND w.created_at <= ?1 AND NOT c.archived AND (?2 IS NULL OR w.client_id = ?2) ORDER BY w.id"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let rows =
        stmt.query_map(params![now, client, today], WaitingRow::from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
