//! The names a user types to pick a record, listed: client handles, member
//! handles, invoice numbers, project names and the open messages. For "did
//! you mean" after an unknown name, and for shell completion.

use super::sql::p;
use super::{conn, Db, StoreError};

/// Every client's handle (archived ones too), in order.
pub fn client_handles(db: &impl Db) -> Result<Vec<String>, StoreError> {
    conn(db).all("SELECT handle FROM clients ORDER BY handle", p![], |r| r.get(0))
}

/// Every member's handle, in order.
pub fn member_handles(db: &impl Db) -> Result<Vec<String>, StoreError> {
    conn(db).all("SELECT handle FROM members ORDER BY handle", p![], |r| r.get(0))
}

/// Invoice numbers, in order; with `length`, only those whose length is
/// within `spread` of it (the only ones near enough to be suggested).
pub fn invoice_numbers(db: &impl Db, length: Option<(usize, usize)>) -> Result<Vec<String>, StoreError> {
    let (low, high) = match length {
        Some((n, spread)) => (n.saturating_sub(spread) as i64, (n + spread) as i64),
        None => (0, i64::MAX),
    };
    conn(db).all(
        "SELECT number FROM invoices WHERE length(number) >= ?1 AND length(number) <= ?2 ORDER BY number",
        p![low, high],
        |r| r.get(0),
    )
}

/// Every project's name (once, whoever's it is), in order.
pub fn project_names(db: &impl Db) -> Result<Vec<String>, StoreError> {
    conn(db).all("SELECT DISTINCT name FROM projects ORDER BY name", p![], |r| r.get(0))
}

/// Messages still open (awaiting a reply, or a request not yet
/// delivered) of active clients, newest first: (id, client handle,
/// subject).
pub fn open_messages(db: &impl Db) -> Result<Vec<(i64, String, String)>, StoreError> {
    conn(db).all(
        "SELECT m.id, c.handle, m.subject FROM messages m JOIN clients c ON c.id = m.client_id \
         WHERE c.archived = 0 AND ((m.fyi = 0 AND m.reply_by IS NOT NULL AND m.replied_at IS NULL \
                                    AND m.closed_at IS NULL) \
                                   OR (m.is_request = 1 AND m.delivered_at IS NULL)) \
         ORDER BY m.id DESC",
        p![],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::client;
    use crate::store::Store;

    #[test]
    fn names_are_listed_in_order() {
        let mut store = Store::in_memory().unwrap();
        store
            .write(|tx| {
                client(tx, "globex")?;
                client(tx, "acme")?;
                conn(tx).execute(
                    "INSERT INTO invoices (client_id, number, amount, issued, due, terms, created_at) \
                     VALUES (1, 'INV-0001', 100, '2026-11-01', '2026-12-01', 'net30', 0), \
                            (1, 'X-1', 100, '2026-11-01', '2026-12-01', 'net30', 0)",
                    p![],
                )
            })
            .unwrap();
        let db = store.read();
        assert_eq!(client_handles(&db).unwrap(), ["acme", "globex"]);
        assert_eq!(member_handles(&db).unwrap(), ["me"]);
        assert_eq!(invoice_numbers(&db, None).unwrap(), ["INV-0001", "X-1"]);
        assert_eq!(invoice_numbers(&db, Some((7, 1))).unwrap(), ["INV-0001"]);
        assert!(project_names(&db).unwrap().is_empty());
        assert!(open_messages(&db).unwrap().is_empty());
    }
}
