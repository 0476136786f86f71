//! The store: the one module that speaks SQL. It opens the database with
//! the right pragmas, refuses files that are not ours or are too new,
//! migrates older ones (after a backup copy), and runs every write in one
//! immediate transaction that rolls back unless it completes. Its API
//! speaks domain types only: one module per table (or pair of tables), each
//! holding that table's one row mapping ([`records`] of the export are the
//! same types), and [`StoreError`] for what can go wrong.

pub mod calendar;
pub mod charges;
pub mod clients;
pub mod contracts;
pub mod dismissals;
pub mod domains;
mod error;
pub mod export;
pub mod identity;
pub mod import;
pub mod invoices;
pub mod mail;
pub mod members;
pub mod messages;
mod migrations;
pub mod names;
mod open;
pub mod projects;
pub mod records;
pub mod reminders;
pub mod rules;
pub mod scorecard;
pub(crate) mod sql;
pub mod waiting;
pub mod waivers;

use std::path::{Path, PathBuf};

pub use error::StoreError;
pub use migrations::SCHEMA_VERSION;

use sql::Conn;

/// Marks a SQLite file as an `expect` database (`PRAGMA application_id`):
/// the bytes of "EXPC".
pub const APPLICATION_ID: i32 = 0x4558_5043;

/// An open `expect` database.
pub struct Store {
    conn: Conn,
    path: PathBuf,
    /// What upgrading its schema changed in the data, in words.
    notes: Vec<String>,
}

/// Whether a command may create the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read-only commands: a missing database is an error.
    Existing,
    /// Writing commands: a missing database (and its folder) is created.
    Create,
    /// Shell completion: read only, never created, migrated or switched to
    /// WAL, and no file made beside it (see [`open::open_read_only`]).
    ReadOnly,
}

impl Store {
    /// Opens the database at `path`, creating it when `access` allows.
    pub fn open(path: &Path, access: Access) -> Result<Store, StoreError> {
        let (conn, upgraded) = open::open(path, access)?;
        let mut store = Store { conn, path: path.to_path_buf(), notes: Vec::new() };
        if let Some(upgrade) = upgraded {
            store.notes = upgrade.notes;
            if upgrade.from > 0 && upgrade.from < 3 {
                // How long charges outlived each settled invoice's principal, which
                // schema 3 added, under the built-in reference rates.
                let rates = crate::money::ReferenceRates::builtin();
                store.write(|tx| charges::recompute_owed_until(tx, None, rates))?;
            }
        }
        Ok(store)
    }

    /// An in-memory database with the current schema, for tests.
    pub fn in_memory() -> Result<Store, StoreError> {
        let conn = open::in_memory()?;
        Ok(Store { conn, path: PathBuf::from(":memory:"), notes: Vec::new() })
    }

    /// What upgrading the database's schema on opening it changed in its
    /// data (amounts converted to their currency's minor unit), in words.
    pub fn upgrade_notes(&self) -> &[String] {
        &self.notes
    }

    /// Where the database is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes a consistent copy of the database to `dest`, a new file
    /// (refused when the database fails SQLite's quick check).
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        open::backup(&self.conn, dest)
    }

    /// SQLite's quick check: `Corrupt` when it finds damage.
    pub fn quick_check(&self) -> Result<(), StoreError> {
        open::quick_check(&self.conn)
    }

    /// SQLite's full integrity check and the schema's tables: the problems
    /// found, none when the database is sound.
    pub fn verify(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = open::integrity_check(&self.conn)?;
        let tables: Vec<String> =
            self.conn.all("SELECT name FROM sqlite_master WHERE type = 'table'", sql::p![], |r| r.get(0))?;
        for want in migrations::TABLES {
            if !tables.iter().any(|t| t == want) {
                problems.push(format!("table {want} is missing"));
            }
        }
        Ok(problems)
    }

    /// Refreshes the planner's statistics (after a large import).
    pub fn analyze(&self) -> Result<(), StoreError> {
        self.conn.batch("ANALYZE")
    }

    /// Runs `f` in one immediate transaction: everything or nothing. The
    /// transaction rolls back when `f` fails (or panics).
    pub fn write<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        let tx = Tx::begin(&self.conn, "BEGIN IMMEDIATE").map_err(|e| e.during("starting a transaction"))?;
        let out = f(&tx)?;
        tx.commit().map_err(|e| e.during("saving changes"))?;
        Ok(out)
    }

    /// Runs `f` in one immediate transaction and rolls it back whatever
    /// happens: what a write would do, without doing it (`--dry-run`).
    pub fn rehearse<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = Tx::begin(&self.conn, "BEGIN IMMEDIATE").map_err(|e| e.during("starting a transaction"))?;
        f(&tx)
    }

    /// Read access (each query sees the latest committed data).
    pub fn read(&self) -> Reader<'_> {
        Reader { conn: &self.conn }
    }

    /// Runs `f` in one read transaction: every query sees the same
    /// snapshot, even while other commands write.
    pub fn snapshot<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Reader<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = Tx::begin(&self.conn, "BEGIN DEFERRED")?;
        let out = f(&Reader { conn: &self.conn })?;
        tx.commit()?;
        Ok(out)
    }
}

/// A write transaction; it also reads. Dropped without
/// [`Tx::commit`], it rolls back.
pub struct Tx<'a> {
    conn: &'a Conn,
    done: std::cell::Cell<bool>,
}

impl<'a> Tx<'a> {
    fn begin(conn: &'a Conn, how: &str) -> Result<Tx<'a>, StoreError> {
        conn.batch(how)?;
        Ok(Tx { conn, done: std::cell::Cell::new(false) })
    }

    fn commit(self) -> Result<(), StoreError> {
        self.conn.batch("COMMIT")?;
        self.done.set(true);
        Ok(())
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done.get() {
            let _ = self.conn.batch("ROLLBACK");
        }
    }
}

/// Read access to the database.
pub struct Reader<'a> {
    conn: &'a Conn,
}

mod sealed {
    /// The connection behind a reader or transaction: reachable only
    /// inside the store.
    pub trait Sql {
        fn sql(&self) -> &super::Conn;
    }
}

/// What both readers and transactions can query: every query function of
/// the store takes `&impl Db`, every write `&Tx`.
pub trait Db: sealed::Sql {}

impl sealed::Sql for Tx<'_> {
    fn sql(&self) -> &Conn {
        self.conn
    }
}

impl sealed::Sql for Reader<'_> {
    fn sql(&self) -> &Conn {
        self.conn
    }
}

impl Db for Tx<'_> {}
impl Db for Reader<'_> {}

/// The connection of a reader or transaction, for the store's modules.
fn conn<D: Db>(db: &D) -> &Conn {
    sealed::Sql::sql(db)
}

/// What the store's unit tests share.
#[cfg(test)]
pub(crate) mod testing {
    use super::records::ClientRecord;
    use super::{StoreError, Tx};

    /// Adds client `handle` (managed by `me`, in USD); returns its id.
    pub fn client(tx: &Tx<'_>, handle: &str) -> Result<i64, StoreError> {
        let c = ClientRecord {
            id: 0,
            handle: handle.into(),
            name: handle.into(),
            manager_id: 1,
            currency: "USD".into(),
            archived: false,
            created_at: 0,
        };
        c.insert(tx, false)
    }
}
