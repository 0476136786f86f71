//! Flags dismissed for good by `expect dismiss`.

use std::collections::HashSet;

use super::records::DismissalRecord;
use super::sql::p;
use super::{conn, Db, StoreError, Tx};

/// Every dismissed key.
pub fn dismissed(db: &impl Db) -> Result<HashSet<String>, StoreError> {
    let keys = conn(db).all("SELECT key FROM dismissals", p![], |r| r.get(0))?;
    Ok(keys.into_iter().collect())
}

/// Dismisses `key`; false when it already was.
pub fn dismiss(tx: &Tx<'_>, key: &str, at: i64) -> Result<bool, StoreError> {
    DismissalRecord { key: key.to_string(), dismissed_at: at }.insert(tx)
}

/// Brings `key` back; false when it was not dismissed.
pub fn undismiss(tx: &Tx<'_>, key: &str) -> Result<bool, StoreError> {
    Ok(conn(tx).execute("DELETE FROM dismissals WHERE key = ?1", p![key])? > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dismiss_once_and_bring_back() {
        let mut store = crate::store::testing::store();
        assert!(store.write(|tx| dismiss(tx, "no-contract:client:acme", 5)).unwrap());
        assert!(!store.write(|tx| dismiss(tx, "no-contract:client:acme", 6)).unwrap());
        assert_eq!(
            dismissed(&store.read()).unwrap().into_iter().collect::<Vec<_>>(),
            ["no-contract:client:acme"]
        );
        assert!(store.write(|tx| undismiss(tx, "no-contract:client:acme")).unwrap());
        assert!(!store.write(|tx| undismiss(tx, "no-contract:client:acme")).unwrap());
        assert!(dismissed(&store.read()).unwrap().is_empty());
    }
}
