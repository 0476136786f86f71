//! Things a client owes you (content, feedback, approval): `waiting-on`,
//! `received`, `waiting`, and the open items past their date for `check`.

use std::ops::Deref;

use chrono::NaiveDate;

use super::records::{Insert, WaitingRecord};
use super::sql::{p, Row};
use super::{conn, Db, StoreError, Tx};

/// An item as stored, with its client's handle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingRow {
    pub record: WaitingRecord,
    pub client: String,
}

impl Deref for WaitingRow {
    type Target = WaitingRecord;
    fn deref(&self) -> &WaitingRecord {
        &self.record
    }
}

fn select(filter: &str) -> String {
    format!(
        "SELECT {}, c.handle FROM waiting w JOIN clients c ON c.id = w.client_id {filter}",
        WaitingRecord::COLUMNS
    )
}

fn waiting_row(r: &Row<'_>) -> Result<WaitingRow, StoreError> {
    Ok(WaitingRow { record: WaitingRecord::from_row(r, 0)?, client: r.get(7)? })
}

/// Records an item (its `id` is ignored); returns the new id.
pub fn insert_item(tx: &Tx<'_>, item: &WaitingRecord) -> Result<i64, StoreError> {
    item.insert(tx)
}

/// One item by id.
pub fn item(db: &impl Db, id: i64) -> Result<Option<WaitingRow>, StoreError> {
    conn(db).opt(&select("WHERE w.id = ?1"), p![id], waiting_row)
}

/// Marks an item received on `on`, by a command run at `now`.
pub fn set_received(tx: &Tx<'_>, id: i64, on: NaiveDate, now: i64) -> Result<(), StoreError> {
    conn(tx)
        .execute("UPDATE waiting SET received_on = ?2, changed_at = ?3 WHERE id = ?1", p![id, on, now])?;
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
) -> Result<Vec<WaitingRow>, StoreError> {
    let filter = "WHERE w.created_at <= ?1 AND (w.client_id = ?2 OR ?2 IS NULL) \
         AND (?3 = 0 OR w.received_on IS NULL OR w.received_on > ?4) ORDER BY w.due, w.id";
    conn(db).all(&select(filter), p![now, client, open, today], waiting_row)
}

/// Items of active clients not received by `today` whose due date is before
/// it, recorded by `now` (through the open-items index, plus items received
/// after `today` for `--as-of`).
pub fn late_items(
    db: &impl Db,
    client: Option<i64>,
    now: i64,
    today: NaiveDate,
) -> Result<Vec<WaitingRow>, StoreError> {
    let filter = "WHERE w.id IN (SELECT id FROM waiting WHERE received_on IS NULL AND due < ?3 \
                              UNION SELECT id FROM waiting WHERE received_on > ?3 AND due < ?3) \
         AND w.created_at <= ?1 AND c.archived = 0 AND (w.client_id = ?2 OR ?2 IS NULL) ORDER BY w.id";
    conn(db).all(&select(filter), p![now, client, today], waiting_row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_open_late_and_received() {
        let mut store = crate::store::testing::store();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let id = store
            .write(|tx| {
                let client = crate::store::testing::client(tx, "acme")?;
                insert_item(
                    tx,
                    &WaitingRecord {
                        id: 0,
                        client_id: client,
                        what: "copy".into(),
                        due: d("2026-11-20"),
                        received_on: None,
                        created_at: 10,
                        changed_at: None,
                    },
                )
            })
            .unwrap();
        let db = store.read();
        assert_eq!(item(&db, id).unwrap().unwrap().client, "acme");
        assert_eq!(items(&db, None, true, 100, d("2026-11-25")).unwrap().len(), 1);
        assert_eq!(late_items(&db, None, 100, d("2026-11-25")).unwrap().len(), 1);
        assert!(late_items(&db, None, 100, d("2026-11-20")).unwrap().is_empty());
        store.write(|tx| set_received(tx, id, d("2026-11-26"), 20)).unwrap();
        let db = store.read();
        // Received after the as-of date: still owed then.
        assert_eq!(late_items(&db, None, 100, d("2026-11-25")).unwrap().len(), 1);
        assert!(items(&db, None, true, 100, d("2026-11-26")).unwrap().is_empty());
    }
}
