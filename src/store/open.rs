//! Opening a SQLite database file: creating it (mode 0600, folder 0700) for
//! a write, refusing a file that is not ours or is too new, switching it to
//! WAL, migrating an older one after a backup copy; and the online backup.

use std::fs;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::migrations;
use super::sql::Conn;
use super::{Access, StoreError, APPLICATION_ID, SCHEMA_VERSION};

/// How long a command waits for another writer before giving up.
const BUSY_TIMEOUT_MS: u32 = 10_000;

fn io(what: String) -> impl FnOnce(std::io::Error) -> StoreError {
    move |source| StoreError::Io { what, source }
}

/// What opening a database upgraded: the schema version it had, and what
/// the upgrade changed in the data, in words.
pub struct Upgrade {
    pub from: u32,
    pub notes: Vec<String>,
}

/// Opens (and when `access` allows, creates) the database at `path`; says
/// what it upgraded, if anything.
pub fn open(path: &Path, access: Access) -> Result<(Conn, Option<Upgrade>), StoreError> {
    if path.is_dir() {
        return Err(StoreError::Folder(path.to_path_buf()));
    }
    if !path.exists() {
        if access == Access::Existing {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        match create_private_file(path) {
            // Another process created it a moment ago: use theirs.
            Err(_) if path.exists() => {}
            other => other?,
        }
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let during = |e: StoreError| e.during(format!("opening database {}", path.display()));
    let sqlite = Connection::open_with_flags(path, flags).map_err(|e| during(e.into()))?;
    sqlite.busy_timeout(Duration::from_millis(u64::from(BUSY_TIMEOUT_MS))).map_err(|e| during(e.into()))?;
    check_identity(&sqlite, path)?;
    enable_wal(&sqlite).map_err(|e| e.during(format!("setting up database {}", path.display())))?;
    sqlite
        .execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
        .map_err(|e| StoreError::from(e).during(format!("setting up database {}", path.display())))?;
    let mut conn = Conn::new(sqlite);
    let upgrade = migrate(&mut conn, path)?;
    Ok((conn, upgrade))
}

/// An in-memory database with the current schema.
pub fn in_memory() -> Result<Conn, StoreError> {
    let sqlite = Connection::open_in_memory()?;
    sqlite.execute_batch("PRAGMA foreign_keys = ON;")?;
    let mut conn = Conn::new(sqlite);
    migrations::apply(&mut conn.sqlite)?;
    Ok(conn)
}

/// Refuses a file that is not an `expect` database, before anything
/// writes to it.
fn check_identity(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    // One statement, so one snapshot even while another process is
    // setting up the same new file.
    let read = conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id), \
                (SELECT user_version FROM pragma_user_version), \
                (SELECT count(*) FROM sqlite_master)",
        [],
        |r| Ok((r.get::<_, i32>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)),
    );
    let (app_id, version, tables) = match read.map_err(StoreError::from) {
        Ok(v) => v,
        Err(StoreError::Corrupt(_)) => return Err(StoreError::NotOurs(path.to_path_buf())),
        Err(e) => return Err(e.during(format!("reading database {}", path.display()))),
    };
    if app_id == APPLICATION_ID {
        if version > i64::from(SCHEMA_VERSION) {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        return Ok(());
    }
    if app_id == 0 && tables == 0 {
        return Ok(()); // a new, empty file: ours to set up
    }
    Err(StoreError::NotOurs(path.to_path_buf()))
}

/// Switches a database to WAL (once; it is kept in the file). Changing the
/// journal mode needs the file to itself and SQLite reports "busy" at once
/// instead of waiting, so when several processes open a new database
/// together, retry for as long as the busy timeout.
fn enable_wal(conn: &Connection) -> Result<(), StoreError> {
    let step = Duration::from_millis(20);
    let mut waited = Duration::ZERO;
    loop {
        let mode: rusqlite::Result<String> = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0));
        let mode = match mode {
            Ok(m) if m.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(_) => conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)),
            Err(e) => Err(e),
        };
        match mode.map_err(StoreError::from) {
            Ok(m) if m.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(m) => return Err(StoreError::Engine(format!("SQLite kept journal mode {m} instead of WAL"))),
            Err(StoreError::Busy) if waited.as_millis() < u128::from(BUSY_TIMEOUT_MS) => {
                std::thread::sleep(step);
                waited += step;
            }
            Err(e) => return Err(e),
        }
    }
}

fn user_version(conn: &Connection) -> Result<u32, StoreError> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(u32::try_from(v).unwrap_or(u32::MAX))
}

/// Brings an older schema up to date, after copying the file aside
/// (`expect.db.v1.bak`).
fn migrate(conn: &mut Conn, path: &Path) -> Result<Option<Upgrade>, StoreError> {
    let from = user_version(&conn.sqlite)?;
    if from >= SCHEMA_VERSION {
        return Ok(None);
    }
    let backup_path = path.with_extension(format!("db.v{from}.bak"));
    if from > 0 && !backup_path.exists() {
        backup(conn, &backup_path)
            .map_err(|e| e.during(format!("backing up {} before upgrading it", path.display())))?;
    }
    let notes = migrations::apply(&mut conn.sqlite)
        .map_err(|e| e.during(format!("upgrading database {}", path.display())))?;
    Ok(Some(Upgrade { from, notes }))
}

/// Writes a consistent copy of the database to `dest` (which must not
/// exist) through SQLite's online backup.
pub fn backup(conn: &Conn, dest: &Path) -> Result<(), StoreError> {
    create_private_file(dest)?;
    let mut target = Connection::open(dest)
        .map_err(|e| StoreError::from(e).during(format!("opening {}", dest.display())))?;
    let backup = rusqlite::backup::Backup::new(&conn.sqlite, &mut target)?;
    backup.run_to_completion(256, Duration::from_millis(5), None)?;
    Ok(())
}

/// Creates `path` (and its missing folders, mode 0700) as an empty file
/// only its owner can read (0600).
fn create_private_file(path: &Path) -> Result<(), StoreError> {
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
    opts.open(path).map_err(io(format!("creating database {}", path.display())))?;
    Ok(())
}

fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(io(format!("creating folder {}", dir.display())))
}
