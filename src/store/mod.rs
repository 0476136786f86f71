//! The store: the one module that speaks SQL. It opens the database with
//! the right pragmas, refuses files that are not ours or are too new,
//! migrates older ones (after a backup copy), and runs every write in one
//! immediate transaction that rolls back on drop.

pub mod calendar;
pub mod clients;
pub mod contracts;
pub mod dismissals;
pub mod export;
pub mod invoices;
pub mod members;
pub mod messages;
mod migrations;
pub mod projects;
pub mod rules;
pub mod scorecard;
pub mod waiting;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use clients::{ClientRow, ContactRow, NewContact};
pub use members::MemberRow;
pub use migrations::SCHEMA_VERSION;

use crate::error::UserError;

/// Marks a SQLite file as an `expect` database (`PRAGMA application_id`):
/// the bytes of "EXPC".
pub const APPLICATION_ID: i32 = 0x4558_5043;

/// How long a command waits for another writer before giving up.
const BUSY_TIMEOUT_MS: u32 = 10_000;

/// An open `expect` database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Whether a command may create the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read-only commands: a missing database is an error with a hint.
    Existing,
    /// Writing commands: a missing database (and its folder) is created.
    Create,
}

impl Store {
    /// Opens the database at `path`, creating it when `access` allows.
    pub fn open(path: &Path, access: Access) -> anyhow::Result<Store> {
        if path.is_dir() {
            return Err(UserError::new(format!("{} is a folder, not a database file", path.display()))
                .with_hint("give a file path, e.g. --db ~/.local/share/expect/expect.db")
                .into());
        }
        let exists = path.exists();
        if !exists {
            if access == Access::Existing {
                return Err(UserError::new(format!("no database at {}", path.display()))
                    .with_hint("run `expect init` to create one")
                    .into());
            }
            match create_private_file(path) {
                // Another process created it a moment ago: use theirs.
                Err(_) if path.exists() => {}
                other => other?,
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .with_context(|| format!("opening database {}", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_millis(u64::from(BUSY_TIMEOUT_MS)))
            .context("setting the busy timeout")?;
        let mut store = Store { conn, path: path.to_path_buf() };
        store.check_identity()?;
        store.enable_wal().with_context(|| format!("setting up database {}", path.display()))?;
        store
            .conn
            .execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
            .with_context(|| format!("setting up database {}", path.display()))?;
        store.migrate()?;
        Ok(store)
    }

    /// An in-memory database with the current schema, for tests.
    pub fn in_memory() -> anyhow::Result<Store> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        let mut store = Store { conn, path: PathBuf::from(":memory:") };
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Refuses a file that is not an `expect` database, before anything
    /// writes to it.
    fn check_identity(&self) -> anyhow::Result<()> {
        let not_ours = || {
            UserError::new(format!("{} is not an expect database", self.path.display()))
                .with_hint("check --db / EXPECT_DB; the file was left untouched")
        };
        // One statement, so one snapshot even while another process is
        // setting up the same new file.
        let read = self.conn.query_row(
            "SELECT (SELECT application_id FROM pragma_application_id), \
                    (SELECT user_version FROM pragma_user_version), \
                    (SELECT count(*) FROM sqlite_master)",
            [],
            |r| Ok((r.get::<_, i32>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)),
        );
        let (app_id, version, tables) = match read {
            Ok(v) => v,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
                ) =>
            {
                return Err(not_ours().into());
            }
            Err(e) => {
                return Err(e).with_context(|| format!("reading database {}", self.path.display()));
            }
        };
        if app_id == APPLICATION_ID {
            if version > i64::from(SCHEMA_VERSION) {
                return Err(UserError::new(format!(
                    "database {} was written by a newer version of expect (schema {version}; this one knows {SCHEMA_VERSION})",
                    self.path.display()
                ))
                .with_hint("upgrade expect (cargo install --path . in a newer checkout)")
                .into());
            }
            return Ok(());
        }
        if app_id == 0 && tables == 0 {
            return Ok(()); // a new, empty file: ours to set up
        }
        Err(not_ours().into())
    }

    /// Switches a database to WAL (once; it is kept in the file). Changing
    /// the journal mode needs the file to itself and SQLite reports "busy"
    /// at once instead of waiting, so when several processes open a new
    /// database together, retry for as long as the busy timeout.
    fn enable_wal(&self) -> anyhow::Result<()> {
        let step = std::time::Duration::from_millis(20);
        let mut waited = std::time::Duration::ZERO;
        loop {
            let mode: rusqlite::Result<String> = self.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0));
            let mode = match mode {
                Ok(m) if m.eq_ignore_ascii_case("wal") => return Ok(()),
                Ok(_) => self.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)),
                Err(e) => Err(e),
            };
            match mode {
                Ok(m) if m.eq_ignore_ascii_case("wal") => return Ok(()),
                Ok(m) => anyhow::bail!("SQLite kept journal mode {m} instead of WAL"),
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if matches!(
                        e.code,
                        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                    ) && waited.as_millis() < u128::from(BUSY_TIMEOUT_MS) =>
                {
                    std::thread::sleep(step);
                    waited += step;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    fn user_version(&self) -> anyhow::Result<u32> {
        let v: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(u32::try_from(v).unwrap_or(u32::MAX))
    }

    fn migrate(&mut self) -> anyhow::Result<()> {
        let from = self.user_version()?;
        if from >= SCHEMA_VERSION {
            return Ok(());
        }
        let backup = self.path.with_extension(format!("db.v{from}.bak"));
        if from > 0 && self.path != Path::new(":memory:") && !backup.exists() {
            self.backup_to(&backup)
                .with_context(|| format!("backing up {} before upgrading it", self.path.display()))?;
        }
        migrations::apply(&mut self.conn)
            .with_context(|| format!("upgrading database {}", self.path.display()))
    }

    /// Writes a consistent copy of the database to `dest` through SQLite's
    /// online backup.
    pub fn backup_to(&self, dest: &Path) -> anyhow::Result<()> {
        if dest.exists() {
            return Err(UserError::new(format!("{} already exists", dest.display()))
                .with_hint("choose a new file name")
                .into());
        }
        create_private_file(dest)?;
        let mut target = Connection::open(dest).with_context(|| format!("opening {}", dest.display()))?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut target)?;
        backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
        Ok(())
    }

    /// Runs `f` in one immediate transaction: everything or nothing.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> anyhow::Result<T>) -> anyhow::Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("starting a transaction")?;
        let wrapped = Tx { tx };
        let out = f(&wrapped)?;
        wrapped.tx.commit().context("saving changes")?;
        Ok(out)
    }

    /// Read access (queries outside an explicit transaction).
    pub fn read(&self) -> Reader<'_> {
        Reader { conn: &self.conn }
    }
}

/// A write transaction; it also reads.
pub struct Tx<'a> {
    tx: Transaction<'a>,
}

/// Read access to the database.
pub struct Reader<'a> {
    conn: &'a Connection,
}

/// What both readers and transactions can query.
pub trait Db {
    fn conn(&self) -> &Connection;
}

impl Db for Tx<'_> {
    fn conn(&self) -> &Connection {
        &self.tx
    }
}

impl Db for Reader<'_> {
    fn conn(&self) -> &Connection {
        self.conn
    }
}

/// Creates `path` (and its missing folders, mode 0700) as an empty file
/// only its owner can read (0600).
fn create_private_file(path: &Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            create_private_dir(dir)?;
        }
    }
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    opts.open(path).with_context(|| format!("creating database {}", path.display()))?;
    Ok(())
}

fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(dir).with_context(|| format!("creating folder {}", dir.display()))
}
