//! Opening a SQLite database file without ever harming one. A missing path
//! is created, for a write only, as a complete new database built aside and
//! linked into place (so no process ever sees a half-made one, and nothing
//! is created with looser permissions than 0600 / folder 0700). An existing
//! file is read as an `expect` database only when its header says so:
//! anything else (an empty file, another program's database, a text file)
//! is refused untouched, whatever its size, and so is one whose schema
//! version is missing or from a newer build; an older one is checked and
//! migrated, after a backup copy. A file or folder we may not write to is
//! opened read-only and immutable, so reading it leaves nothing behind.
//! Also the online backup and the integrity checks.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::migrations;
use super::sql::Conn;
use super::{Access, StoreError, APPLICATION_ID, SCHEMA_VERSION};

/// How long a command waits for another writer. Longer than the longest
/// write transaction (an import of a whole SPEC 11 book), so no command
/// fails with "database is locked" while another runs.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(120);

/// SQLite's page cache of a command, in KiB (SQLite's default is 2,000),
/// taken only as pages are read: `check` on the whole SPEC 11 book looks
/// up some 105,000 messages with their clients and contacts, and in 2 MB
/// read the inner pages of those tables from the file again and again
/// (0.30–0.42 s of system time in `pread` of that one query, 0.05–0.08 s
/// in 16 MB).
const CACHE_KIB: usize = 16_384;

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
/// whether it was missing (and made now) and what it upgraded, if anything.
pub fn open(path: &Path, access: Access) -> Result<(Conn, bool, Option<Upgrade>), StoreError> {
    if path.is_dir() {
        return Err(StoreError::Folder(path.to_path_buf()));
    }
    let missing = fs::symlink_metadata(path).is_err();
    if access == Access::ReadOnly {
        return open_read_only(path).map(|c| (c, missing, None));
    }
    if missing {
        if access == Access::Existing {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        create_fresh(path)?;
    }
    check_header(path)?;
    let sqlite = connect(path)?;
    sqlite.execute_batch(&format!("PRAGMA cache_size = -{CACHE_KIB}")).map_err(StoreError::from)?;
    let (version, tables) = identity(&sqlite, path)?;
    if sqlite.is_readonly("main").unwrap_or(true) {
        if version < SCHEMA_VERSION {
            return Err(StoreError::ReadOnly(format!(
                "{} has schema {version} and needs upgrading to {SCHEMA_VERSION}, but it may not be written",
                path.display()
            )));
        }
        return Ok((Conn::new(sqlite), missing, None));
    }
    if tables == 0 {
        return Err(StoreError::NotOurs(path.to_path_buf()));
    }
    let setup = |e: StoreError| e.during(format!("setting up database {}", path.display()));
    enable_wal(&sqlite).map_err(setup)?;
    sqlite
        .execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cell_size_check = ON;")
        .map_err(|e| setup(e.into()))?;
    let mut conn = Conn::new(sqlite);
    let upgrade = if version < SCHEMA_VERSION { Some(migrate(&mut conn, path, version)?) } else { None };
    Ok((conn, missing, upgrade))
}

/// A connection to `path`: read-write when the file and its folder may be
/// written, else read-only and immutable (no `-wal` / `-shm` is made).
/// Whether the folder may be written is found by reading through the
/// read-write connection (SQLite makes its `-wal` and `-shm` there then),
/// not by making a file of our own on every open.
fn connect(path: &Path) -> Result<Connection, StoreError> {
    let during =
        |e: rusqlite::Error| StoreError::from(e).during(format!("opening database {}", path.display()));
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let sqlite = Connection::open_with_flags(path, flags).map_err(during)?;
    sqlite.busy_timeout(BUSY_TIMEOUT).map_err(during)?;
    if !sqlite.is_readonly("main").unwrap_or(true) {
        match sqlite.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0)) {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::CannotOpen
                        | rusqlite::ErrorCode::ReadOnly
                        | rusqlite::ErrorCode::PermissionDenied
                ) => {}
            _ => return Ok(sqlite),
        }
    }
    drop(sqlite);
    let uri = file_uri(path, true);
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(&uri, flags).map_err(during)
}

/// `file:/path` (with `?immutable=1` when asked), the bytes a URI reserves
/// percent-encoded.
fn file_uri(path: &Path, immutable: bool) -> String {
    let full = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for &b in full.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    if immutable {
        uri.push_str("?immutable=1");
    }
    uri
}

/// Opens the database at `path` for reading only, changing nothing on
/// disk: no file is created, no schema upgraded. Without a write-ahead log
/// beside it (no other connection open, everything checkpointed) it is
/// opened `immutable`, since a read-only connection to a WAL database
/// would otherwise create the `-wal` and `-shm` files; with one, SQLite
/// reads through the files that are already there.
pub fn open_read_only(path: &Path) -> Result<Conn, StoreError> {
    if !path.is_file() {
        return Err(StoreError::Missing(path.to_path_buf()));
    }
    check_header(path)?;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let uri = file_uri(path, !Path::new(&wal).exists());
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let sqlite = Connection::open_with_flags(&uri, flags)
        .map_err(|e| StoreError::from(e).during(format!("opening database {}", path.display())))?;
    let (version, _) = identity(&sqlite, path)?;
    if version < SCHEMA_VERSION {
        return Err(StoreError::ReadOnly(format!(
            "{} has schema {version} and needs upgrading to {SCHEMA_VERSION}; run any command that writes first",
            path.display()
        )));
    }
    Ok(Conn::new(sqlite))
}

/// Refuses, from its first 100 bytes and before SQLite opens it, a file
/// that is not an `expect` database: too short, not SQLite, or another
/// program's (its application id).
fn check_header(path: &Path) -> Result<(), StoreError> {
    let not_ours = || StoreError::NotOurs(path.to_path_buf());
    let mut head = [0u8; 100];
    let mut file = fs::File::open(path).map_err(io(format!("reading {}", path.display())))?;
    let mut read = 0;
    while read < head.len() {
        match file.read(&mut head[read..]) {
            Ok(0) => return Err(not_ours()),
            Ok(n) => read += n,
            Err(e) => return Err(io(format!("reading {}", path.display()))(e)),
        }
    }
    if &head[..16] != b"SQLite format 3\0" {
        return Err(not_ours());
    }
    let app_id = i32::from_be_bytes([head[68], head[69], head[70], head[71]]);
    // A database whose first transactions are still only in its `-wal`
    // (its writer was killed before a checkpoint) is judged by SQLite.
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let pending = app_id == 0 && Path::new(&wal).exists();
    if app_id != APPLICATION_ID && !pending {
        return Err(not_ours());
    }
    Ok(())
}

/// The schema version and the number of tables, read before anything is
/// written: a version below 1 (none, or negative) or above this build's is
/// refused with one line, the file untouched.
fn identity(conn: &Connection, path: &Path) -> Result<(u32, i64), StoreError> {
    // One statement, so one snapshot.
    let read = conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id), \
                (SELECT user_version FROM pragma_user_version), \
                (SELECT count(*) FROM sqlite_master WHERE type = 'table')",
        [],
        |r| Ok((r.get::<_, i32>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)),
    );
    let (app_id, version, tables) = match read.map_err(StoreError::from) {
        Ok(v) => v,
        Err(StoreError::Corrupt(_)) if !has_valid_schema(conn) => {
            return Err(StoreError::NotOurs(path.to_path_buf()))
        }
        Err(e) => return Err(e.during(format!("reading database {}", path.display()))),
    };
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotOurs(path.to_path_buf()));
    }
    if version > i64::from(SCHEMA_VERSION) {
        return Err(StoreError::TooNew {
            at: path.display().to_string(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if version < 1 {
        return Err(StoreError::NoSchema {
            at: path.display().to_string(),
            found: format!("user_version {version}"),
        });
    }
    Ok((u32::try_from(version).unwrap_or(0), tables))
}

fn has_valid_schema(conn: &Connection) -> bool {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).is_ok()
}

/// Creates a new database at `path`: built complete (schema, member `me`,
/// the book's id, WAL) in a private file beside it, then linked into place
/// only if nothing is there yet. When another process made it first, theirs
/// is used.
fn create_fresh(path: &Path) -> Result<(), StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        create_private_dir(dir)?;
    }
    build_beside(path, |_| Ok(()), |_| Ok(()))
}

/// Makes `dest`, a new file book, by filling a new database built aside
/// with `fill` and then linking it into place; `dest` must not exist, and
/// nothing is left behind when `fill` fails.
pub fn build_file(
    dest: &Path,
    fill: impl FnOnce(&mut super::Store) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    if fs::symlink_metadata(dest).is_ok() {
        return Err(exists(dest));
    }
    let fill = |tmp: &Path| {
        let mut store = super::Store::open(&super::Location::File(tmp.to_path_buf()), Access::Existing)?;
        fill(&mut store)
    };
    build_beside(dest, fill, |d| Err(exists(d)))
}

/// Builds a complete new database in a private file beside `dest`, lets
/// `fill` write into it, then links it into place as `dest`; `taken` says
/// what a `dest` that appeared meanwhile means. Nothing is left beside it.
fn build_beside(
    dest: &Path,
    fill: impl FnOnce(&Path) -> Result<(), StoreError>,
    taken: fn(&Path) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let dir = dest.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let tmp = dir.join(format!(".{name}.{}.{nanos}.new", std::process::id()));
    let made = build_new(&tmp).and_then(|()| fill(&tmp)).and_then(|()| match fs::hard_link(&tmp, dest) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => taken(dest),
        // A file system without links: copy into a file made new.
        Err(_) => copy_new(&tmp, dest, taken),
    });
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = tmp.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
    made
}

fn exists(dest: &Path) -> StoreError {
    StoreError::Io {
        what: format!("creating {}", dest.display()),
        source: std::io::Error::from(std::io::ErrorKind::AlreadyExists),
    }
}

/// A complete new database in `tmp` (a new file, 0600).
fn build_new(tmp: &Path) -> Result<(), StoreError> {
    create_private_file(tmp)?;
    let mut sqlite =
        Connection::open(tmp).map_err(|e| StoreError::from(e).during("creating the database"))?;
    migrations::apply(&mut sqlite)?;
    let mode: String = sqlite.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Engine(format!("SQLite kept journal mode {mode} instead of WAL")));
    }
    sqlite.close().map_err(|(_, e)| StoreError::from(e))?;
    Ok(())
}

fn copy_new(from: &Path, to: &Path, taken: fn(&Path) -> Result<(), StoreError>) -> Result<(), StoreError> {
    let bytes = fs::read(from).map_err(io(format!("reading {}", from.display())))?;
    match crate::files::create_new(to) {
        Ok(mut f) => {
            use std::io::Write as _;
            f.write_all(&bytes)
                .and_then(|()| f.sync_all())
                .map_err(io(format!("creating database {}", to.display())))
        }
        Err(crate::files::FileError::Exists(_)) => taken(to),
        Err(e) => Err(StoreError::Engine(e.to_string())),
    }
}

/// Switches a database to WAL (once; it is kept in the file). Changing the
/// journal mode needs the file to itself and SQLite reports "busy" at once
/// instead of waiting, so retry for a while.
pub(super) fn enable_wal(conn: &Connection) -> Result<(), StoreError> {
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
            Err(StoreError::Busy) if waited < BUSY_TIMEOUT => {
                std::thread::sleep(step);
                waited += step;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Brings an older schema up to date: checked first (a damaged file is not
/// upgraded), copied aside (`expect.db.v1.bak`), then migrated; says what
/// the upgrade changed.
fn migrate(conn: &mut Conn, path: &Path, from: u32) -> Result<Upgrade, StoreError> {
    quick_check(conn).map_err(|e| e.during(format!("checking {} before upgrading it", path.display())))?;
    let backup_path = path.with_extension(format!("db.v{from}.bak"));
    if fs::symlink_metadata(&backup_path).is_err() {
        backup(conn, &backup_path)
            .map_err(|e| e.during(format!("backing up {} before upgrading it", path.display())))?;
    }
    let notes = migrations::apply(sqlite_mut(conn)?)
        .map_err(|e| e.during(format!("upgrading database {}", path.display())))?;
    Ok(Upgrade { from, notes })
}

/// SQLite's quick check: `Corrupt` naming the first problems when it finds
/// damage.
pub fn quick_check(conn: &Conn) -> Result<(), StoreError> {
    let problems = check_rows(conn, "PRAGMA quick_check")?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Corrupt(problems.into_iter().take(3).collect::<Vec<_>>().join("; ")))
    }
}

/// SQLite's full integrity check: the problems found (none when sound).
pub fn integrity_check(conn: &Conn) -> Result<Vec<String>, StoreError> {
    check_rows(conn, "PRAGMA integrity_check")
}

fn check_rows(conn: &Conn, pragma: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = sqlite(conn)?.prepare(pragma)?;
    let rows: Vec<String> = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<_, _>>()?;
    Ok(if rows == ["ok"] { Vec::new() } else { rows })
}

/// Writes a consistent copy of the database to `dest`, a new file (0600),
/// through SQLite's online backup, every page in one step: one read
/// transaction of the book, so writers go on meanwhile and the copy never
/// starts over (in steps of 100 or 1,000 pages, eight writers made it
/// start over at every step, for good; see the README's benchmarks). The
/// source is checked first; a copy that fails is removed.
pub fn backup(conn: &Conn, dest: &Path) -> Result<(), StoreError> {
    quick_check(conn)?;
    drop(crate::files::create_new(dest).map_err(|e| match e {
        crate::files::FileError::Exists(p) => exists(&p),
        other => StoreError::Engine(other.to_string()),
    })?);
    let done = copy_pages(sqlite(conn)?, dest);
    if done.is_err() {
        let _ = fs::remove_file(dest);
        let mut journal = dest.as_os_str().to_owned();
        journal.push("-journal");
        let _ = fs::remove_file(PathBuf::from(journal));
    }
    done
}

/// Copies every page of `src` into the empty file `dest` at once, waiting
/// up to the busy timeout while the book cannot be read (a checkpoint
/// under way).
fn copy_pages(src: &Connection, dest: &Path) -> Result<(), StoreError> {
    use rusqlite::backup::{Backup, StepResult};
    let mut copy = Connection::open_with_flags(dest, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let backup = Backup::new(src, &mut copy)?;
    let step = Duration::from_millis(5);
    let mut waited = Duration::ZERO;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ if waited < BUSY_TIMEOUT => {
                std::thread::sleep(step);
                waited += step;
            }
            _ => return Err(StoreError::Busy),
        }
    }
}

/// An in-memory database with the current schema.
pub fn in_memory() -> Result<Conn, StoreError> {
    let sqlite = Connection::open_in_memory()?;
    sqlite.execute_batch("PRAGMA foreign_keys = ON;")?;
    let mut conn = Conn::new(sqlite);
    migrations::apply(sqlite_mut(&mut conn)?)?;
    Ok(conn)
}

/// Creates `path` as an empty file only its owner can read (0600).
fn create_private_file(path: &Path) -> Result<(), StoreError> {
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

fn sqlite(conn: &Conn) -> Result<&Connection, StoreError> {
    conn.sqlite().ok_or_else(|| StoreError::Engine("not a SQLite book".into()))
}

fn sqlite_mut(conn: &mut Conn) -> Result<&mut Connection, StoreError> {
    conn.sqlite_mut().ok_or_else(|| StoreError::Engine("not a SQLite book".into()))
}
