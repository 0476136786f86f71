//! Flags dismissed for good by `expect dismiss`.

use std::collections::HashSet;

use rusqlite::params;

use super::{Db, Tx};

/// Every dismissed key.
pub fn dismissed(db: &impl Db) -> anyhow::Result<HashSet<String>> {
    let mut stmt = db.conn().prepare("SELECT key FROM dismissals")?;
    let keys = stmt.query_map([], |r| r.get(0))?.collect::<Result<HashSet<String>, _>>()?;
    Ok(keys)
}

/// Dismisses `key`; false when it already was.
pub fn dismiss(tx: &Tx<'_>, key: &str, at: i64) -> anyhow::Result<bool> {
    let n = tx
        .conn()
        .execute("INSERT OR IGNORE INTO dismissals (key, dismissed_at) VALUES (?1, ?2)", params![key, at])?;
    Ok(n > 0)
}

/// Brings `key` back; false when it was not dismissed.
pub fn undismiss(tx: &Tx<'_>, key: &str) -> anyhow::Result<bool> {
    let n = tx.conn().execute("DELETE FROM dismissals WHERE key = ?1", [key])?;
    Ok(n > 0)
}
