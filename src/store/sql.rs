//! The one seam between the store's queries and the database engine: a
//! connection that runs a statement given as text with plain parameters, and
//! rows whose columns are read as plain values. The queries of the other
//! store modules are written once against it, in SQL both SQLite and
//! PostgreSQL accept (`?N` placeholders, booleans as 0/1, `RETURNING id`,
//! `ON CONFLICT DO NOTHING`); the PostgreSQL engine ([`super::pg`]) turns
//! them into its own dialect.

use chrono::NaiveDate;
use compact_str::CompactString;
use rusqlite::types::ValueRef;

pub(super) use super::params::bind;
pub(crate) use super::params::{p, params};
pub use super::params::{Param, ToParam};
use super::StoreError;
use crate::values::{Currency, Decimal, Money};

/// A column value as the engine returned it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Bool(bool),
    /// Text, its bytes not yet checked to be UTF-8: a date is read from
    /// them as they are, and only what is kept as text is checked (checking
    /// each of a report's dates was 2% of `check`'s work).
    Text(&'a [u8]),
    Other,
}

/// A value that can be read from a column.
pub trait FromColumn: Sized {
    /// `Err` names what was expected.
    fn from_column(v: Value<'_>) -> Result<Self, &'static str>;
}

impl FromColumn for i64 {
    fn from_column(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Int(i) => Ok(i),
            Value::Bool(b) => Ok(i64::from(b)),
            _ => Err("an integer"),
        }
    }
}

impl FromColumn for u32 {
    fn from_column(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Int(i) => u32::try_from(i).map_err(|_| "a small whole number"),
            _ => Err("a small whole number"),
        }
    }
}

impl FromColumn for bool {
    fn from_column(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Bool(b) => Ok(b),
            Value::Int(i) => Ok(i != 0),
            _ => Err("a boolean"),
        }
    }
}

impl FromColumn for String {
    fn from_column(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Text(t) => std::str::from_utf8(t).map(str::to_string).map_err(|_| "UTF-8 text"),
            _ => Err("a text"),
        }
    }
}

impl FromColumn for CompactString {
    fn from_column(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Text(t) => CompactString::from_utf8(t).map_err(|_| "UTF-8 text"),
            _ => Err("a text"),
        }
    }
}

impl FromColumn for NaiveDate {
    fn from_column(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Text(t) => crate::values::parse_iso_date_bytes(t).ok_or("a date YYYY-MM-DD"),
            _ => Err("a date YYYY-MM-DD"),
        }
    }
}

impl FromColumn for Money {
    fn from_column(v: Value<'_>) -> Result<Self, &'static str> {
        i64::from_column(v).map(Money)
    }
}

impl FromColumn for Currency {
    fn from_column(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Text(t) => std::str::from_utf8(t)
                .ok()
                .and_then(|t| Currency::parse(t).ok())
                .ok_or("an ISO 4217 currency code"),
            _ => Err("an ISO 4217 currency code"),
        }
    }
}

impl<T: FromColumn> FromColumn for Option<T> {
    fn from_column(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Null => Ok(None),
            other => T::from_column(other).map(Some),
        }
    }
}

/// One result row.
pub struct Row<'r> {
    inner: RowInner<'r>,
}

enum RowInner<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Pg(&'r postgres::Row),
}

impl Row<'_> {
    /// The value of column `i` (from 0), as the engine returned it.
    fn value(&self, i: usize) -> Result<Value<'_>, StoreError> {
        match self.inner {
            RowInner::Sqlite(r) => Ok(match r.get_ref(i).map_err(StoreError::from)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                ValueRef::Text(t) => Value::Text(t),
                ValueRef::Real(_) | ValueRef::Blob(_) => Value::Other,
            }),
            RowInner::Pg(r) => super::pg::value(r, i),
        }
    }

    /// Column `i` (from 0) as a `T`.
    pub fn get<T: FromColumn>(&self, i: usize) -> Result<T, StoreError> {
        T::from_column(self.value(i)?).map_err(|want| damaged(self, i, want))
    }

    /// Column `i`, an amount in minor units, with the decimals of the
    /// currency in column `currency`.
    pub fn amount(&self, i: usize, currency: usize) -> Result<Decimal, StoreError> {
        Ok(Decimal::of(self.get(i)?, self.get(currency)?))
    }

    /// Column `i` as text without copying it (`None` for NULL).
    pub fn text(&self, i: usize) -> Result<Option<&str>, StoreError> {
        match self.value(i)? {
            Value::Null => Ok(None),
            Value::Text(t) => std::str::from_utf8(t).map(Some).map_err(|_| damaged(self, i, "UTF-8 text")),
            _ => Err(damaged(self, i, "a text")),
        }
    }

    fn column_name(&self, i: usize) -> String {
        match self.inner {
            RowInner::Sqlite(r) => r.as_ref().column_name(i).unwrap_or("?").to_string(),
            RowInner::Pg(r) => r.columns().get(i).map_or("?", |c| c.name()).to_string(),
        }
    }
}

fn damaged(row: &Row<'_>, i: usize, want: &str) -> StoreError {
    StoreError::Damaged(format!("column {} does not hold {want}", row.column_name(i)))
}

/// A connection to the database, of either engine.
pub struct Conn {
    engine: Engine,
    work: std::cell::Cell<Work>,
}

/// What a connection has run: its statements (for tests that hold work to
/// its size, which no timing can).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    pub statements: u64,
}

enum Engine {
    Sqlite(rusqlite::Connection),
    Pg(Box<super::pg::PgConn>),
}

/// The page cache of an import, in KiB: enough for the tables' last pages
/// and the unique indexes an import keeps up, bounded so that the memory of
/// the largest import stays small.
const BULK_CACHE_KIB: usize = 32_768;

/// The page cache while an import makes its indexes, in KiB, which is the
/// size of the runs SQLite sorts them in ([`Conn::create_indexes`]).
const SORT_RUN_KIB: usize = 2_000;

/// The helper threads SQLite sorts an index's runs on.
const SORT_THREADS: usize = 2;

impl Conn {
    pub(super) fn new(sqlite: rusqlite::Connection) -> Conn {
        sqlite.set_prepared_statement_cache_capacity(64);
        Conn { engine: Engine::Sqlite(sqlite), work: std::cell::Cell::default() }
    }

    pub(super) fn postgres(pg: super::pg::PgConn) -> Conn {
        Conn { engine: Engine::Pg(Box::new(pg)), work: std::cell::Cell::default() }
    }

    /// The SQLite connection, when this is a file book.
    pub(super) fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.engine {
            Engine::Sqlite(c) => Some(c),
            Engine::Pg(_) => None,
        }
    }

    /// The SQLite connection, to change (migrations).
    pub(super) fn sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match &mut self.engine {
            Engine::Sqlite(c) => Some(c),
            Engine::Pg(_) => None,
        }
    }

    /// The PostgreSQL connection, when this is a server book.
    pub(super) fn pg(&self) -> Option<&super::pg::PgConn> {
        match &self.engine {
            Engine::Sqlite(_) => None,
            Engine::Pg(p) => Some(p),
        }
    }

    /// What this connection has run so far.
    pub fn work(&self) -> Work {
        self.work.get()
    }

    fn count(&self) {
        self.work.set(Work { statements: self.work.get().statements + 1 });
    }

    /// Runs one statement; returns how many rows it changed.
    pub fn execute(&self, sql: &str, params: &[&dyn ToParam]) -> Result<usize, StoreError> {
        self.count();
        match &self.engine {
            Engine::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                Ok(stmt.execute(rusqlite::params_from_iter(bind(params)))?)
            }
            Engine::Pg(p) => p.execute(sql, &bind(params)),
        }
    }

    /// Runs one statement whose parameters take their types from where the
    /// statement uses them (a server infers each from its column), so one
    /// prepared statement serves every mix of NULLs: a batch insert.
    pub fn execute_inferred(&self, sql: &str, params: &[Param<'_>]) -> Result<usize, StoreError> {
        self.count();
        match &self.engine {
            Engine::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                Ok(stmt.execute(rusqlite::params_from_iter(params.iter()))?)
            }
            Engine::Pg(p) => p.execute_inferred(sql, params),
        }
    }

    /// Runs an `INSERT ... RETURNING id`; returns the id.
    pub fn insert(&self, sql: &str, params: &[&dyn ToParam]) -> Result<i64, StoreError> {
        self.one(sql, params, |r| r.get(0))
    }

    /// Calls `f` on each row of a query, in order.
    pub fn each(
        &self,
        sql: &str,
        params: &[&dyn ToParam],
        mut f: impl FnMut(&Row<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.count();
        match &self.engine {
            Engine::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(bind(params)))?;
                while let Some(r) = rows.next()? {
                    f(&Row { inner: RowInner::Sqlite(r) })?;
                }
                Ok(())
            }
            Engine::Pg(p) => p.each(sql, &bind(params), &mut |r| f(&Row { inner: RowInner::Pg(r) })),
        }
    }

    /// Every row of a query, each mapped by `f`.
    pub fn all<T>(
        &self,
        sql: &str,
        params: &[&dyn ToParam],
        mut f: impl FnMut(&Row<'_>) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::new();
        self.each(sql, params, |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of a query, if any.
    pub fn opt<T>(
        &self,
        sql: &str,
        params: &[&dyn ToParam],
        f: impl FnOnce(&Row<'_>) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        match &self.engine {
            // SQLite makes rows as they are asked for: stop at the first.
            Engine::Sqlite(c) => {
                self.count();
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(bind(params)))?;
                rows.next()?.map(|r| f(&Row { inner: RowInner::Sqlite(r) })).transpose()
            }
            // A server has sent every row of the statement anyway.
            Engine::Pg(_) => {
                let mut f = Some(f);
                let mut out = None;
                self.each(sql, params, |r| {
                    if let Some(f) = f.take() {
                        out = Some(f(r)?);
                    }
                    Ok(())
                })?;
                Ok(out)
            }
        }
    }

    /// The one row a query returns.
    pub fn one<T>(
        &self,
        sql: &str,
        params: &[&dyn ToParam],
        f: impl FnOnce(&Row<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.opt(sql, params, f)?.ok_or_else(|| StoreError::Damaged("a query returned no row".into()))
    }

    /// Runs statements without parameters (transaction control).
    pub fn batch(&self, sql: &str) -> Result<(), StoreError> {
        self.count();
        match &self.engine {
            Engine::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Engine::Pg(p) => p.batch(sql),
        }
    }

    /// `BEGIN` of a write transaction: SQLite's immediate one (the write
    /// lock at once), PostgreSQL's serializable one (conflicts retried).
    pub(super) fn begin_write(&self) -> Result<(), StoreError> {
        self.count();
        match &self.engine {
            Engine::Sqlite(c) => Ok(c.execute_batch("BEGIN IMMEDIATE")?),
            Engine::Pg(p) => p.begin("BEGIN ISOLATION LEVEL SERIALIZABLE"),
        }
    }

    /// `BEGIN` of a read transaction that sees one snapshot.
    pub(super) fn begin_read(&self) -> Result<(), StoreError> {
        self.count();
        match &self.engine {
            Engine::Sqlite(c) => Ok(c.execute_batch("BEGIN DEFERRED")?),
            Engine::Pg(p) => p.begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
        }
    }

    /// `COMMIT` of the transaction.
    pub(super) fn commit(&self) -> Result<(), StoreError> {
        match &self.engine {
            Engine::Sqlite(c) => Ok(c.execute_batch("COMMIT")?),
            Engine::Pg(p) => p.end("COMMIT"),
        }
    }

    /// `ROLLBACK` of the transaction.
    pub(super) fn rollback(&self) -> Result<(), StoreError> {
        match &self.engine {
            Engine::Sqlite(c) => Ok(c.execute_batch("ROLLBACK")?),
            Engine::Pg(p) => p.end("ROLLBACK"),
        }
    }

    /// Whether the last transaction failed because another changed the
    /// same rows at once (PostgreSQL's serialization failure or deadlock):
    /// run again, it may succeed. SQLite's writers wait for each other
    /// instead, so never there.
    pub(super) fn conflicted(&self) -> bool {
        match &self.engine {
            Engine::Sqlite(_) => false,
            Engine::Pg(p) => p.take_conflict(),
        }
    }

    /// Turns SQLite's check of every foreign key as a row is written on or
    /// off (outside a transaction: inside one SQLite ignores the pragma). A
    /// server always checks.
    pub(super) fn check_references(&self, on: bool) -> Result<(), StoreError> {
        if let Engine::Sqlite(c) = &self.engine {
            c.execute_batch(if on { "PRAGMA foreign_keys = ON" } else { "PRAGMA foreign_keys = OFF" })?;
        }
        Ok(())
    }

    /// For a bulk write into an empty file book: SQLite's rollback journal
    /// instead of its WAL, when this connection has the file to itself
    /// (then the `synchronous` level it found, for [`Conn::wal_again`];
    /// None, and the WAL kept, when another has it open). A
    /// rollback journal keeps only the pages the file had before, and an
    /// empty book has a handful: the import's pages are written once, into
    /// the file, where through the WAL each is written twice (to the WAL,
    /// then copied into the file by the checkpoint). Every write is synced
    /// meanwhile (`synchronous = FULL`), as a rollback journal needs to be
    /// safe from a power cut. [`Conn::wal_again`] goes back.
    pub(super) fn rollback_journal(&self) -> Result<Option<i64>, StoreError> {
        let Engine::Sqlite(c) = &self.engine else { return Ok(None) };
        // Tried once: SQLite would wait out the busy timeout for another
        // connection to close.
        c.busy_timeout(std::time::Duration::ZERO)?;
        let mode = c.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0));
        c.busy_timeout(super::open::BUSY_TIMEOUT)?;
        match mode.map_err(StoreError::from) {
            Ok(mode) if mode.eq_ignore_ascii_case("delete") => {
                let found = c.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
                c.execute_batch("PRAGMA synchronous = FULL")?;
                Ok(Some(found))
            }
            Ok(_) | Err(StoreError::Busy) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Back to the WAL, and to `synchronous` level `found`, after
    /// [`Conn::rollback_journal`] (waiting, as opening does, for others
    /// that opened the file meanwhile).
    pub(super) fn wal_again(&self, found: i64) -> Result<(), StoreError> {
        let Engine::Sqlite(c) = &self.engine else { return Ok(()) };
        c.execute_batch(&format!("PRAGMA synchronous = {found}"))?;
        super::open::enable_wal(c)
    }

    /// The rows of a file book whose foreign key names no row (SQLite's
    /// `foreign_key_check`), each as `table row ID names no PARENT row`.
    /// A server refuses such rows as they are written, so there: none.
    pub(super) fn dangling_references(&self) -> Result<Vec<String>, StoreError> {
        let Engine::Sqlite(c) = &self.engine else { return Ok(Vec::new()) };
        let mut stmt = c.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            let (table, id, parent): (String, Option<i64>, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let id = id.map_or_else(|| "?".to_string(), |id| id.to_string());
            Ok(format!("{table} row {id} names no {parent} row"))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Drops the indexes that enforce nothing (not `UNIQUE`) and returns
    /// the statements that make them again, for [`Conn::create_indexes`]
    /// after a bulk write: SQLite builds each in one sort then, instead of
    /// a random page of each index per row. A server keeps its indexes.
    pub(super) fn drop_plain_indexes(&self) -> Result<Vec<String>, StoreError> {
        let Engine::Sqlite(c) = &self.engine else { return Ok(Vec::new()) };
        let mut stmt =
            c.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")?;
        let all: Vec<(String, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        let mut made = Vec::new();
        for (name, sql) in all {
            if !sql.trim_start().to_ascii_uppercase().starts_with("CREATE INDEX") {
                continue;
            }
            c.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
            made.push(sql);
        }
        Ok(made)
    }

    /// Runs the `CREATE INDEX` statements of [`Conn::drop_plain_indexes`].
    /// SQLite sorts each index in runs the size of its page cache: runs of
    /// SQLite's default 2 MB, sorted on two helper threads while the table
    /// is read, made the indexes of the whole SPEC 11 book in 7.9 s, against
    /// 12.5 s in runs of the import's 32 MB cache sorted on the one thread
    /// (the large runs sort out of the processor's cache). Both are set
    /// back as they were found.
    pub(super) fn create_indexes(&self, statements: &[String]) -> Result<(), StoreError> {
        let Engine::Sqlite(c) = &self.engine else {
            return statements.iter().try_for_each(|sql| self.batch(sql));
        };
        let pragma = |name: &str| c.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, i64>(0));
        let (cache, threads) = (pragma("cache_size")?, pragma("threads")?);
        c.execute_batch(&format!("PRAGMA cache_size = -{SORT_RUN_KIB}; PRAGMA threads = {SORT_THREADS}"))?;
        let made = statements.iter().try_for_each(|sql| self.batch(sql));
        c.execute_batch(&format!("PRAGMA threads = {threads}; PRAGMA cache_size = {cache}"))?;
        made
    }

    /// Gives SQLite's page cache room for a large write (an import); a
    /// server keeps its own cache.
    pub(super) fn bulk_cache(&self) -> Result<(), StoreError> {
        if let Engine::Sqlite(c) = &self.engine {
            c.execute_batch(&format!("PRAGMA cache_size = -{BULK_CACHE_KIB}"))?;
        }
        Ok(())
    }

    /// After rows were written with the ids of a document: PostgreSQL's
    /// identity of each of `tables` moves past its largest id (SQLite
    /// takes the next id from the rows themselves).
    pub(super) fn ids_kept(&self, tables: &[&str]) -> Result<(), StoreError> {
        if let Engine::Pg(p) = &self.engine {
            for t in tables {
                p.execute(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence('{t}', 'id'), coalesce(max(id), 0) + 1, false) FROM {t}"
                    ),
                    &[],
                )?;
            }
        }
        Ok(())
    }
}

impl Conn {
    /// Every column of the book's tables as (table, column), in table name
    /// then column order: from SQLite's catalogue, or the server schema's
    /// (without its version table).
    pub(super) fn columns(&self) -> Result<Vec<(String, String)>, StoreError> {
        let sql = match &self.engine {
            Engine::Sqlite(_) => {
                "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type = 'table' ORDER BY m.name, p.cid"
            }
            Engine::Pg(_) => {
                "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name <> 'expect_schema' \
                 ORDER BY table_name, ordinal_position"
            }
        };
        self.all(sql, &[], |r| Ok((r.get(0)?, r.get(1)?)))
    }

    /// How the engine runs a query: one line per step (SQLite's `EXPLAIN
    /// QUERY PLAN` detail column, PostgreSQL's `EXPLAIN` lines).
    pub fn plan(&self, sql: &str, params: &[&dyn ToParam]) -> Result<Vec<String>, StoreError> {
        match &self.engine {
            Engine::Sqlite(c) => {
                let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
                let rows =
                    stmt.query_map(rusqlite::params_from_iter(bind(params)), |r| r.get::<_, String>(3))?;
                Ok(rows.collect::<Result<Vec<_>, _>>()?)
            }
            Engine::Pg(p) => p.plan(sql, &bind(params)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{conn, Store};

    /// The indexes are made in small runs on helper threads, and the page
    /// cache and threads are left as they were found.
    #[test]
    fn indexes_are_made_with_the_cache_and_threads_set_back() {
        let store = Store::in_memory().unwrap();
        let db = store.read();
        let Some(c) = conn(&db).sqlite() else { return };
        let pragma = |name: &str| c.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, i64>(0)).unwrap();
        c.execute_batch("CREATE TEMP TABLE t(x); PRAGMA cache_size = -5000; PRAGMA threads = 1").unwrap();
        conn(&db).create_indexes(&["CREATE INDEX temp.t_x ON t(x)".to_string()]).unwrap();
        assert_eq!((pragma("cache_size"), pragma("threads")), (-5000, 1));
        let made = "SELECT count(*) FROM temp.sqlite_master WHERE name = 't_x'";
        assert_eq!(c.query_row(made, [], |r| r.get::<_, i64>(0)).unwrap(), 1);
    }

    /// Text that is not UTF-8 (another program wrote it) is refused where
    /// it is read as text, named by its column; a date is read from the
    /// bytes of `YYYY-MM-DD`, and other bytes are no date.
    #[test]
    fn text_is_checked_where_it_is_kept() {
        let store = Store::in_memory().unwrap();
        let db = store.read();
        let sql = "SELECT CAST(x'41c328' AS TEXT) AS name, '2026-11-27' AS day, \
                   CAST(x'323032362dff2d3237' AS TEXT) AS bad_day, CAST(x'4555ff' AS TEXT) AS currency, \
                   '2026-11-27' || 'x' AS long_day";
        conn(&db)
            .one(sql, p![], |r| {
                let err = |e: StoreError| e.to_string();
                assert!(err(r.get::<String>(0).unwrap_err()).contains("column name does not hold UTF-8 text"));
                let held_inline = r.get::<CompactString>(0).unwrap_err();
                assert!(err(held_inline).contains("column name does not hold UTF-8 text"));
                assert!(err(r.text(0).unwrap_err()).contains("column name does not hold UTF-8 text"));
                assert_eq!(r.get::<NaiveDate>(1)?, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
                assert_eq!(r.text(1)?, Some("2026-11-27"));
                assert!(err(r.get::<NaiveDate>(2).unwrap_err()).contains("column bad_day does not hold a date"));
                assert!(err(r.get::<Currency>(3).unwrap_err()).contains("column currency does not hold an ISO 4217"));
                assert!(err(r.get::<NaiveDate>(4).unwrap_err()).contains("column long_day does not hold a date"));
                Ok(())
            })
            .unwrap();
    }
}
