//! The PostgreSQL engine: the same statements as SQLite's (written once
//! against [`super::sql::Conn`]) on a server shared by a team. Statements
//! are translated once (`?N` placeholders to `$N`, SQLite's `INDEXED BY`
//! hints dropped) and prepared once per connection; parameters are
//! converted to the type the server inferred for them (a boolean binds as
//! 0/1 to the BIGINT columns that hold flags), and column values are read
//! back as the plain [`Value`]s the store's row mappings take.
//!
//! Serialization failures and deadlocks mark the connection as conflicted
//! so that [`super::Store::write`] runs the whole operation again.

mod connect;
pub mod schema;
mod tls;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use postgres::error::SqlState;
use postgres::types::{FromSql, IsNull, ToSql, Type};

use super::sql::{Param, Value};
use super::StoreError;

pub use connect::{is_uri, Server};

/// A connection to a PostgreSQL book.
pub struct PgConn {
    client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    /// A statement of the current transaction failed on a serialization
    /// conflict or deadlock: the transaction is to be run again.
    conflicted: Cell<bool>,
}

impl PgConn {
    /// Connects to the server (credentials and TLS the libpq way).
    pub fn connect(server: &Server) -> Result<PgConn, StoreError> {
        let client = connect::connect(server)?;
        Ok(PgConn {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            conflicted: Cell::new(false),
        })
    }

    fn client(&self) -> Result<std::cell::RefMut<'_, postgres::Client>, StoreError> {
        self.client.try_borrow_mut().map_err(|_| {
            StoreError::Engine("a query was started while another one was still being read".into())
        })
    }

    /// The prepared statement for `sql` (in the store's dialect) with these
    /// parameters. Their types are declared from the values (integers and
    /// flags BIGINT, texts TEXT), as SQLite needs no declaring; a NULL is
    /// left for the server to infer from its first use, which the store's
    /// statements keep typed (`x = ?1 OR ?1 IS NULL`, `CAST(?1 AS BIGINT)`).
    /// One statement per shape of parameters.
    fn prepare(&self, sql: &str, params: &[Param<'_>]) -> Result<postgres::Statement, StoreError> {
        let mut key = String::with_capacity(sql.len() + params.len() + 1);
        key.push_str(sql);
        key.push('\0');
        key.extend(params.iter().map(|p| match p {
            Param::Null => 'n',
            Param::Int(_) | Param::Bool(_) => 'i',
            Param::Text(_) | Param::Owned(_) => 't',
        }));
        if let Some(s) = self.statements.borrow().get(&key) {
            return Ok(s.clone());
        }
        let types: Vec<Type> = params
            .iter()
            .map(|p| match p {
                Param::Null => Type::UNKNOWN,
                Param::Int(_) | Param::Bool(_) => Type::INT8,
                Param::Text(_) | Param::Owned(_) => Type::TEXT,
            })
            .collect();
        let stmt = self.client()?.prepare_typed(&translate(sql), &types).map_err(|e| self.error(&e))?;
        self.statements.borrow_mut().insert(key, stmt.clone());
        Ok(stmt)
    }

    /// Runs one statement; returns how many rows it changed.
    pub fn execute(&self, sql: &str, params: &[Param<'_>]) -> Result<usize, StoreError> {
        let stmt = self.prepare(sql, params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let n = self.client()?.execute(&stmt, &refs).map_err(|e| self.error(&e))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// Runs one statement whose parameters' types the server infers from
    /// their use (one prepared statement for any mix of NULLs).
    pub fn execute_inferred(&self, sql: &str, params: &[Param<'_>]) -> Result<usize, StoreError> {
        let key = format!("{sql}\0*");
        let cached = self.statements.borrow().get(&key).cloned();
        let stmt = if let Some(s) = cached {
            s
        } else {
            let stmt = self.client()?.prepare(&translate(sql)).map_err(|e| self.error(&e))?;
            self.statements.borrow_mut().insert(key, stmt.clone());
            stmt
        };
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let n = self.client()?.execute(&stmt, &refs).map_err(|e| self.error(&e))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// Calls `f` on each row, streamed from the server.
    pub fn each(
        &self,
        sql: &str,
        params: &[Param<'_>],
        f: &mut dyn FnMut(&postgres::Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let stmt = self.prepare(sql, params)?;
        let mut client = self.client()?;
        let mut rows = client.query_raw(&stmt, params.iter()).map_err(|e| self.error(&e))?;
        while let Some(row) = fallible_next(&mut rows).map_err(|e| self.error(&e))? {
            f(&row)?;
        }
        Ok(())
    }

    /// Runs statements without parameters.
    pub fn batch(&self, sql: &str) -> Result<(), StoreError> {
        self.client()?.batch_execute(sql).map_err(|e| self.error(&e))
    }

    /// Starts a transaction (`BEGIN …`).
    pub fn begin(&self, how: &str) -> Result<(), StoreError> {
        self.conflicted.set(false);
        self.batch(how)
    }

    /// Ends the transaction with `COMMIT` or `ROLLBACK`.
    pub fn end(&self, how: &str) -> Result<(), StoreError> {
        self.batch(how)
    }

    /// Whether the last transaction failed on a conflict with another
    /// (and may succeed when run again); clears the mark.
    pub fn take_conflict(&self) -> bool {
        self.conflicted.replace(false)
    }

    /// `EXPLAIN` of a query, one line per plan line.
    pub fn plan(&self, sql: &str, params: &[Param<'_>]) -> Result<Vec<String>, StoreError> {
        self.first_column(&format!("EXPLAIN (COSTS OFF) {sql}"), params)
    }

    /// The first column of every row of a query (the catalogue's answers).
    pub fn first_column<T: for<'a> FromSql<'a>>(
        &self,
        sql: &str,
        params: &[Param<'_>],
    ) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::new();
        self.each(sql, params, &mut |r| {
            out.push(r.try_get::<_, T>(0).map_err(|e| StoreError::Engine(e.to_string()))?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The store's error for a failure of the server, marking a conflict.
    fn error(&self, e: &postgres::Error) -> StoreError {
        let err = error(e);
        if matches!(err, StoreError::Conflict) {
            self.conflicted.set(true);
        }
        err
    }
}

fn fallible_next(rows: &mut postgres::RowIter<'_>) -> Result<Option<postgres::Row>, postgres::Error> {
    use postgres::fallible_iterator::FallibleIterator as _;
    rows.next()
}

/// The store's error for a failure reported by the server (or the
/// connection to it). Never includes a password: the server's messages
/// name users and databases only.
pub(super) fn error(e: &postgres::Error) -> StoreError {
    let Some(db) = e.as_db_error() else {
        if e.is_closed() {
            return StoreError::Server("the connection to the database server was lost".into());
        }
        return StoreError::Server(e.to_string());
    };
    let code = db.code();
    let text = db.message().to_string();
    if *code == SqlState::T_R_SERIALIZATION_FAILURE || *code == SqlState::T_R_DEADLOCK_DETECTED {
        StoreError::Conflict
    } else if *code == SqlState::UNIQUE_VIOLATION {
        StoreError::Duplicate(
            unique_columns(db).unwrap_or_else(|| db.constraint().unwrap_or(&text).to_string()),
        )
    } else if code.code().starts_with("23") {
        StoreError::Constraint(text)
    } else if *code == SqlState::READ_ONLY_SQL_TRANSACTION || *code == SqlState::INSUFFICIENT_PRIVILEGE {
        StoreError::ReadOnly(text)
    } else if *code == SqlState::DATA_CORRUPTED || *code == SqlState::INDEX_CORRUPTED {
        StoreError::Corrupt(text)
    } else {
        StoreError::Engine(text)
    }
}

/// The columns of a unique violation as SQLite names them
/// (`clients.handle`, `projects.client_id, projects.name`), from the
/// server's detail `Key (handle)=(acme) already exists.`
fn unique_columns(db: &postgres::error::DbError) -> Option<String> {
    let table = db.table()?;
    let cols = db.detail()?.strip_prefix("Key (")?.split_once(")=")?.0;
    Some(cols.split(", ").map(|c| format!("{table}.{c}")).collect::<Vec<_>>().join(", "))
}

/// The SQLite dialect of the store's statements in PostgreSQL's: `?N`
/// placeholders as `$N` and `INDEXED BY name` dropped, outside quotes.
pub(super) fn translate(sql: &str) -> String {
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    let mut start = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                i += 1;
            }
            b'?' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                out.push_str(&sql[start..i]);
                out.push('$');
                i += 1;
                start = i;
            }
            b'I' | b'i' if word_at(b, i, "INDEXED BY") => {
                out.push_str(sql[start..i].trim_end());
                i += "INDEXED BY".len();
                while i < b.len() && b[i] == b' ' {
                    i += 1;
                }
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[start..]);
    out
}

/// Whether `word` (case-insensitive) starts at `i` as a whole word.
fn word_at(b: &[u8], i: usize, word: &str) -> bool {
    let end = i + word.len();
    end <= b.len()
        && b[i..end].eq_ignore_ascii_case(word.as_bytes())
        && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
        && b.get(end).is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'_')
}

/// A column's value, whatever its type.
impl<'a> FromSql<'a> for Value<'a> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(match *ty {
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Int(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT2 => Value::Int(i64::from(i16::from_sql(ty, raw)?)),
            Type::BOOL => Value::Bool(bool::from_sql(ty, raw)?),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                Value::Text(<&str>::from_sql(ty, raw)?.as_bytes())
            }
            _ => Value::Other,
        })
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(Value::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// Column `i` of a row as a plain value.
pub(super) fn value(row: &postgres::Row, i: usize) -> Result<Value<'_>, StoreError> {
    row.try_get(i).map_err(|e| StoreError::Damaged(e.to_string()))
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut postgres::types::private::BytesMut) -> Result<IsNull, BoxError> {
        let int = |n: i64, out: &mut postgres::types::private::BytesMut| -> Result<IsNull, BoxError> {
            match *ty {
                Type::INT8 => n.to_sql(ty, out),
                Type::INT4 => i32::try_from(n)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(n)?.to_sql(ty, out),
                Type::BOOL => (n != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR | Type::UNKNOWN => n.to_string().as_str().to_sql(ty, out),
                _ => Err(format!("an integer cannot be given as {ty}").into()),
            }
        };
        match self {
            Param::Null => Ok(IsNull::Yes),
            Param::Int(n) => int(*n, out),
            Param::Bool(b) => int(i64::from(*b), out),
            Param::Text(t) => text(t, ty, out),
            Param::Owned(t) => text(t, ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

fn text(t: &str, ty: &Type, out: &mut postgres::types::private::BytesMut) -> Result<IsNull, BoxError> {
    match *ty {
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => t.to_sql(ty, out),
        _ => Err(format!("a text cannot be given as {ty}").into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A NULL parameter takes its type from its first use on a server, so
    /// no statement may use one untyped first (`?1 IS NULL OR x = ?1`,
    /// `WHERE ?1 IS NULL AND ...`): write `x = ?1 OR ?1 IS NULL`, or
    /// `CAST(?1 AS BIGINT) IS NULL`. Found in the store's source, so a new
    /// statement is held to it before it reaches a server.
    #[test]
    fn no_statement_uses_a_parameter_untyped_first() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/store");
        let mut files = vec![std::path::PathBuf::from(dir)];
        let mut bad = Vec::new();
        while let Some(p) = files.pop() {
            if p.is_dir() {
                files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if p.extension().is_none_or(|e| e != "rs") || p.ends_with("pg/mod.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for (i, line) in text.lines().enumerate() {
                let l = line.replace("CAST(", "");
                let untyped = ["(?", "\"?", "WHERE ?"].iter().any(|start| {
                    l.match_indices(start).any(|(at, s)| {
                        let rest = &l[at + s.len()..];
                        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                        digits > 0 && rest[digits..].starts_with(" IS NULL")
                    })
                });
                if untyped {
                    bad.push(format!("{}:{}: {}", p.display(), i + 1, line.trim()));
                }
            }
        }
        assert!(bad.is_empty(), "a parameter used untyped first:\n{}", bad.join("\n"));
    }

    #[test]
    fn placeholders_and_hints_are_translated_outside_quotes() {
        assert_eq!(
            translate("SELECT a FROM t WHERE b = ?1 AND c = ?12"),
            "SELECT a FROM t WHERE b = $1 AND c = $12"
        );
        assert_eq!(
            translate("SELECT '?1', \"x?2\" FROM t WHERE d = ?3"),
            "SELECT '?1', \"x?2\" FROM t WHERE d = $3"
        );
        assert_eq!(
            translate("SELECT id FROM invoices INDEXED BY invoices_open_due WHERE due <= ?1"),
            "SELECT id FROM invoices WHERE due <= $1"
        );
        assert_eq!(translate("SELECT reindexed BY FROM t"), "SELECT reindexed BY FROM t");
        assert_eq!(translate("SELECT 'it''s ?1' WHERE x = ?1"), "SELECT 'it''s ?1' WHERE x = $1");
    }
}
