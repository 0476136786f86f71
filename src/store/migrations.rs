//! The ordered schema upgrades. Migration `i` takes a database from
//! `user_version` i to i + 1, in its own transaction.

use rusqlite::{Connection, TransactionBehavior};

use super::{StoreError, APPLICATION_ID};

/// The schema steps, in order; each is a commented `.sql` file.
const MIGRATIONS: &[&str] =
    &[include_str!("sql/0001_init.sql"), include_str!("sql/0002_mail_money_identity.sql")];

/// The tables of the current schema.
pub const TABLES: [&str; 16] = [
    "book",
    "client_domains",
    "clients",
    "contacts",
    "contracts",
    "dismissals",
    "invoices",
    "members",
    "messages",
    "payments",
    "phases",
    "projects",
    "reminders",
    "rule_versions",
    "waiting",
    "waivers",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Applies every migration the database lacks, each in its own immediate
/// transaction that first re-reads the version, so two processes opening a
/// new database at once never apply a step twice.
pub fn apply(conn: &mut Connection) -> Result<(), StoreError> {
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        let version = i as u32 + 1;
        let step = |e: rusqlite::Error| StoreError::from(e).during(format!("applying schema step {version}"));
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(step)?;
        let current: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(step)?;
        if current >= version {
            continue;
        }
        tx.execute_batch(sql).map_err(step)?;
        if version == 1 {
            tx.execute("INSERT INTO members (handle, name) VALUES ('me', 'Me')", []).map_err(step)?;
        }
        if version == 2 {
            // The book's random id, for calendar UIDs unique across databases.
            let id = uuid::Uuid::new_v4().to_string();
            tx.execute("INSERT INTO book (key, value) VALUES ('id', ?1)", [id]).map_err(step)?;
        }
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {version};"
        ))
        .map_err(step)?;
        tx.commit().map_err(step)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_in_order_to_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn).unwrap();
        let v: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
        assert_eq!(id, APPLICATION_ID);
        let me: String = conn.query_row("SELECT handle FROM members", [], |r| r.get(0)).unwrap();
        assert_eq!(me, "me");
        // Applying again changes nothing.
        apply(&mut conn).unwrap();
        let n: i64 = conn.query_row("SELECT count(*) FROM members", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
        let id: String = conn.query_row("SELECT value FROM book WHERE key = 'id'", [], |r| r.get(0)).unwrap();
        assert_eq!(id.len(), 36, "{id}");
    }
}
