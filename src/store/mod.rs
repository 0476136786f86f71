//! The store: the one module that speaks SQL. It opens the database with
//! the right pragmas, refuses files that are not ours or are too new,
//! migrates older ones (after a backup copy), and runs every write in one
//! immediate transaction that rolls back unless it completes. Its API
//! speaks domain types only: one module per table (or pair of tables), each
//! holding that table's one row mapping ([`records`] of the export are the
//! same types), and [`StoreError`] for what can go wrong.

mod batch;
pub use sql::Work;
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
mod params;
mod pg;
pub mod projects;
pub mod records;
pub mod reminders;
pub mod rules;
pub mod scorecard;
pub(crate) mod sql;
pub mod waiting;
pub mod waivers;

use std::fmt;
use std::path::{Path, PathBuf};

pub use error::StoreError;
pub use migrations::SCHEMA_VERSION;
pub use pg::{is_uri, Server};

use sql::Conn;

/// Marks a SQLite file as an `expect` database (`PRAGMA application_id`):
/// the bytes of "EXPC".
pub const APPLICATION_ID: i32 = 0x4558_5043;

/// Where a book is: a SQLite file, or a PostgreSQL server shared by a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Server(Server),
}

impl Location {
    /// A `postgres://` or `postgresql://` URI names a server book (checked
    /// for what can be checked without connecting); anything else is a
    /// file path.
    pub fn parse(given: &std::ffi::OsStr) -> Result<Location, StoreError> {
        match given.to_str() {
            Some(s) if pg::is_uri(s) => Ok(Location::Server(Server::parse(s)?)),
            _ => Ok(Location::File(PathBuf::from(given))),
        }
    }
}

impl fmt::Display for Location {
    /// The path, or the URI without its password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(p) => write!(f, "{}", p.display()),
            Location::Server(s) => write!(f, "{s}"),
        }
    }
}

/// An open `expect` database.
pub struct Store {
    conn: Conn,
    location: Location,
    created: bool,
    /// What upgrading its schema changed in the data, in words.
    notes: Vec<String>,
}

/// Whether a command may create the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read-only commands: a missing database is an error.
    Existing,
    /// Writing commands: a missing database (and its folder) is created,
    /// an empty server schema set up.
    Create,
    /// Shell completion: read only, never created, migrated or switched to
    /// WAL, and no file made beside it (see [`open::open_read_only`]).
    ReadOnly,
}

/// How many times an operation is run again after a conflict with another
/// writer before its error reaches the user.
const RETRIES: u32 = 60;

impl Store {
    /// Opens the book at `location`, creating it when `access` allows.
    pub fn open(location: &Location, access: Access) -> Result<Store, StoreError> {
        let (conn, created, upgraded) = match location {
            Location::File(path) => open::open(path, access)?,
            Location::Server(server) => {
                let pg = pg::PgConn::connect(server)?;
                let from = pg::schema::open(&pg, &server.to_string(), access)?;
                let upgraded = from.filter(|v| *v > 0).map(|from| open::Upgrade { from, notes: Vec::new() });
                (Conn::postgres(pg), from == Some(0), upgraded)
            }
        };
        let mut store = Store { conn, location: location.clone(), created, notes: Vec::new() };
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
        Ok(Store {
            conn,
            location: Location::File(PathBuf::from(":memory:")),
            created: true,
            notes: Vec::new(),
        })
    }

    /// What upgrading the database's schema on opening it changed in its
    /// data (amounts converted to their currency's minor unit), in words.
    pub fn upgrade_notes(&self) -> &[String] {
        &self.notes
    }

    /// Where the book is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Whether opening it created the book (a new file, or an empty server
    /// schema set up).
    pub fn created(&self) -> bool {
        self.created
    }

    /// Writes a consistent copy of the book to `dest`, a new SQLite file
    /// (0600): of a file book through SQLite's online backup, in one step
    /// (refused when the book fails SQLite's quick check); of a server
    /// book, its export in one snapshot imported into a new file book built
    /// aside and linked into place.
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        if self.conn.pg().is_none() {
            return open::backup(&self.conn, dest);
        }
        let doc = self.snapshot(|db| export::export(db))?;
        open::build_file(dest, |store| {
            store.write_bulk(|tx| {
                import::import(tx, &doc, false, crate::money::ReferenceRates::builtin()).map(|_| ()).map_err(
                    |e| match e {
                        import::ImportError::Store(e) => e,
                        other => StoreError::Damaged(format!("the book cannot be copied: {other:?}")),
                    },
                )
            })
        })
    }

    /// SQLite's quick check: `Corrupt` when it finds damage. A server keeps
    /// its own pages sound, so there it checks nothing.
    pub fn quick_check(&self) -> Result<(), StoreError> {
        if self.conn.pg().is_some() {
            return Ok(());
        }
        open::quick_check(&self.conn)
    }

    /// The problems found, none when the book is sound: of a file, SQLite's
    /// full integrity check, its foreign key check and the schema's tables;
    /// of a server, its schema's tables and indexes.
    pub fn verify(&self) -> Result<Vec<String>, StoreError> {
        if let Some(pg) = self.conn.pg() {
            let mut problems = pg::schema::verify(pg)?;
            // Every column a file book has, the server's has too.
            let want = open::in_memory()?.columns()?;
            let have = self.conn.columns()?;
            for (table, column) in want {
                let table_there = have.iter().any(|(t, _)| *t == table);
                if table_there && !have.contains(&(table.clone(), column.clone())) {
                    problems.push(format!("column {table}.{column} is missing"));
                }
            }
            return Ok(problems);
        }
        let mut problems = open::integrity_check(&self.conn)?;
        problems.extend(self.conn.dangling_references()?);
        let tables: Vec<String> =
            self.conn.all("SELECT name FROM sqlite_master WHERE type = 'table'", sql::p![], |r| r.get(0))?;
        for want in migrations::TABLES {
            if !tables.iter().any(|t| t == want) {
                problems.push(format!("table {want} is missing"));
            }
        }
        Ok(problems)
    }

    /// What the connection has run so far.
    pub fn work(&self) -> Work {
        self.conn.work()
    }

    /// Refreshes the planner's statistics (after a large import).
    pub fn analyze(&self) -> Result<(), StoreError> {
        self.conn.batch("ANALYZE")
    }

    /// Runs `f` in one write transaction: everything or nothing. The
    /// transaction rolls back when `f` fails (or panics). On a server, a
    /// transaction that conflicts with another writer's (serializable
    /// isolation) is rolled back and `f` run again from the start, so no
    /// lost update and no "could not serialize" reaches the user.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        mut f: impl FnMut(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut tries = 0;
        loop {
            tries += 1;
            let tx = Tx::begin(&self.conn, true).map_err(|e| e.during("starting a transaction"))?;
            let done = match f(&tx) {
                Ok(out) => tx.commit().map(|()| out).map_err(|e| e.during("saving changes").into()),
                Err(e) => {
                    drop(tx);
                    Err(e)
                }
            };
            match done {
                Err(_) if self.conn.conflicted() && tries < RETRIES => {
                    // Others are writing the same rows: give them a moment.
                    std::thread::sleep(std::time::Duration::from_millis(u64::from(tries.min(20)) * 5));
                }
                other => return other,
            }
        }
    }

    /// [`Store::write`] for a writer that checks every reference of what it
    /// writes itself: an import into an empty book, whose records may name
    /// only records of the file read before them. SQLite's own check, which
    /// looked up the row each foreign key names as each row was written (a
    /// random page of `clients` or `contacts` a message, 5 of the 18 s of the
    /// benchmark's import), is off meanwhile and on again after, whatever
    /// happens. In debug builds (the tests) SQLite's `foreign_key_check`
    /// must then find nothing, or the transaction is rolled back. Into a
    /// file this store created (`expect --db NEW import`), the write goes
    /// through SQLite's rollback journal when no other connection has the
    /// file open ([`Conn::rollback_journal`]: each page written once, not
    /// twice), and the WAL is back after it; another command started
    /// meanwhile waits for the import to end instead of reading the empty
    /// book. A file that was there before keeps the WAL, so that a refused
    /// import leaves it as it was to the byte (changing the journal mode
    /// counts as a change in the file's header).
    pub fn write_bulk<T, E: From<StoreError>>(
        &mut self,
        mut f: impl FnMut(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let rollback = if self.created { self.conn.rollback_journal()? } else { None };
        // References checked again, and the WAL back, even when `f` panics
        // (the transaction has rolled back by then), before the panic goes on.
        let done = self.conn.check_references(false).map(|()| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.write(|tx| {
                    let out = f(tx)?;
                    if cfg!(debug_assertions) {
                        let dangling = tx.conn.dangling_references().map_err(E::from)?;
                        if !dangling.is_empty() {
                            return Err(
                                StoreError::Damaged(format!("references to no row: {dangling:?}")).into()
                            );
                        }
                    }
                    Ok::<T, E>(out)
                })
            }))
        });
        let back = self.conn.check_references(true);
        let wal = rollback.map_or(Ok(()), |found| self.conn.wal_again(found));
        let out = done?.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        back?;
        wal?;
        Ok(out)
    }

    /// Runs `f` in one immediate transaction and rolls it back whatever
    /// happens: what a write would do, without doing it (`--dry-run`).
    pub fn rehearse<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = Tx::begin(&self.conn, true).map_err(|e| e.during("starting a transaction"))?;
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
        let tx = Tx::begin(&self.conn, false)?;
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
    fn begin(conn: &'a Conn, write: bool) -> Result<Tx<'a>, StoreError> {
        if write {
            conn.begin_write()?;
        } else {
            conn.begin_read()?;
        }
        Ok(Tx { conn, done: std::cell::Cell::new(false) })
    }

    fn commit(self) -> Result<(), StoreError> {
        self.conn.commit()?;
        self.done.set(true);
        Ok(())
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done.get() {
            let _ = self.conn.rollback();
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

/// A server schema for one test (also the integration tests').
#[cfg(test)]
#[path = "../../tests/common/server_schema.rs"]
mod server_schema;

/// What the store's unit tests share.
#[cfg(test)]
pub(crate) mod testing {
    use super::records::{ClientRecord, Insert};
    use super::server_schema;
    use super::{Access, Location, Server, Store, StoreError, Tx};

    /// A new empty book for a test: in memory, or, with
    /// `EXPECT_TEST_ENGINE=postgres`, a schema of its own on the server
    /// `EXPECT_TEST_SERVER` names (dropped with it). So every test written
    /// against it runs on both engines.
    pub fn store() -> TestStore {
        let engine = std::env::var("EXPECT_TEST_ENGINE").unwrap_or_default();
        if engine != "postgres" {
            return TestStore { store: Store::in_memory().expect("in-memory book"), _schema: None };
        }
        let base = std::env::var("EXPECT_TEST_SERVER")
            .expect("EXPECT_TEST_ENGINE=postgres needs EXPECT_TEST_SERVER");
        let (uri, schema) = server_schema::new_schema(&base);
        let location = Location::Server(Server::parse(&uri).expect("uri"));
        let store = Store::open(&location, Access::Create).expect("server book");
        TestStore { store, _schema: Some(schema) }
    }

    /// Asks the engine to use an index wherever one can serve (a server's
    /// planner reads tiny test tables whole otherwise), so a plan shows
    /// whether the indexes fit the query.
    pub fn indexes_only(db: &impl super::Db) {
        if super::conn(db).pg().is_some() {
            super::conn(db).batch("SET enable_seqscan = off").unwrap();
        }
    }

    /// Whether a plan reads all of `table`: SQLite's `SCAN table` (or its
    /// one-letter alias; also through an index, which reads all of it in
    /// another order), a server's `Seq Scan on table`.
    pub fn scans(plan: &[String], table: &str) -> bool {
        let alias = &table[..1];
        plan.iter().any(|l| {
            let l = l.trim();
            [table, alias].iter().any(|n| l == format!("SCAN {n}") || l.starts_with(&format!("SCAN {n} ")))
                || l.contains(&format!("Seq Scan on {table}"))
        })
    }

    /// A book for one test; a server schema is dropped with it.
    pub struct TestStore {
        store: Store,
        /// Dropped after the book.
        _schema: Option<server_schema::Schema>,
    }

    impl std::ops::Deref for TestStore {
        type Target = Store;
        fn deref(&self) -> &Store {
            &self.store
        }
    }

    impl std::ops::DerefMut for TestStore {
        fn deref_mut(&mut self) -> &mut Store {
            &mut self.store
        }
    }

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
        c.insert(tx)
    }
}
