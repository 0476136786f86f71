//! The one seam between the store's queries and the database engine: a
//! connection that runs a statement given as text with plain parameters, and
//! rows whose columns are read as plain values. The queries of the other
//! store modules are written once against it, in SQL both SQLite and
//! PostgreSQL accept (`?N` placeholders, `TRUE`/`FALSE`, `RETURNING id`,
//! `ON CONFLICT DO NOTHING`); an engine turns them into its own dialect here.

use chrono::NaiveDate;
use rusqlite::types::{ToSqlOutput, ValueRef};

use super::StoreError;
use crate::values::{Currency, Decimal, Money};

/// A statement parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Param<'a> {
    Null,
    Int(i64),
    Bool(bool),
    Text(&'a str),
    Owned(String),
}

/// A value that can be bound to a statement parameter.
pub trait ToParam {
    fn param(&self) -> Param<'_>;
}

impl ToParam for i64 {
    fn param(&self) -> Param<'_> {
        Param::Int(*self)
    }
}

impl ToParam for u32 {
    fn param(&self) -> Param<'_> {
        Param::Int(i64::from(*self))
    }
}

impl ToParam for bool {
    fn param(&self) -> Param<'_> {
        Param::Bool(*self)
    }
}

impl ToParam for str {
    fn param(&self) -> Param<'_> {
        Param::Text(self)
    }
}

impl ToParam for String {
    fn param(&self) -> Param<'_> {
        Param::Text(self)
    }
}

impl ToParam for NaiveDate {
    fn param(&self) -> Param<'_> {
        Param::Owned(self.format("%Y-%m-%d").to_string())
    }
}

impl ToParam for Money {
    fn param(&self) -> Param<'_> {
        Param::Int(self.0)
    }
}

impl ToParam for Currency {
    fn param(&self) -> Param<'_> {
        Param::Text(self.code())
    }
}

/// An amount as stored: the integer count of its currency's minor unit
/// (the caller brings it to the currency's decimals first).
impl ToParam for Decimal {
    fn param(&self) -> Param<'_> {
        Param::Int(self.minor().0)
    }
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn param(&self) -> Param<'_> {
        (**self).param()
    }
}

impl<T: ToParam> ToParam for Option<T> {
    fn param(&self) -> Param<'_> {
        self.as_ref().map_or(Param::Null, ToParam::param)
    }
}

/// The parameters of a statement: `p![a, b, c]`.
macro_rules! p {
    () => { &[] as &[&dyn $crate::store::sql::ToParam] };
    ($($v:expr),+ $(,)?) => { &[$(&$v as &dyn $crate::store::sql::ToParam),+] };
}
pub(crate) use p;

/// A column value as the engine returned it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Bool(bool),
    Text(&'a str),
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
            Value::Text(t) => Ok(t.to_string()),
            _ => Err("a text"),
        }
    }
}

impl FromColumn for NaiveDate {
    fn from_column(v: Value<'_>) -> Result<Self, &'static str> {
        match v {
            Value::Text(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| "a date YYYY-MM-DD"),
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
            Value::Text(t) => Currency::parse(t).map_err(|_| "an ISO 4217 currency code"),
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
    inner: &'r rusqlite::Row<'r>,
}

impl Row<'_> {
    /// Column `i` (from 0) as a `T`.
    pub fn get<T: FromColumn>(&self, i: usize) -> Result<T, StoreError> {
        let v = self.inner.get_ref(i).map_err(StoreError::from)?;
        let value = match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::Int(n),
            ValueRef::Text(t) => {
                Value::Text(std::str::from_utf8(t).map_err(|_| damaged(self, i, "UTF-8 text"))?)
            }
            ValueRef::Real(_) | ValueRef::Blob(_) => Value::Other,
        };
        T::from_column(value).map_err(|want| damaged(self, i, want))
    }

    /// Column `i`, an amount in minor units, with the decimals of the
    /// currency in column `currency`.
    pub fn amount(&self, i: usize, currency: usize) -> Result<Decimal, StoreError> {
        Ok(Decimal::of(self.get(i)?, self.get(currency)?))
    }

    /// Column `i` as text without copying it (`None` for NULL).
    pub fn text(&self, i: usize) -> Result<Option<&str>, StoreError> {
        match self.inner.get_ref(i).map_err(StoreError::from)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(t) => std::str::from_utf8(t).map(Some).map_err(|_| damaged(self, i, "UTF-8 text")),
            _ => Err(damaged(self, i, "a text")),
        }
    }
}

fn damaged(row: &Row<'_>, i: usize, want: &str) -> StoreError {
    let column = row.inner.as_ref().column_name(i).unwrap_or("?").to_string();
    StoreError::Damaged(format!("column {column} does not hold {want}"))
}

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Param::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Param::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Param::Bool(b) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*b))),
            Param::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
            Param::Owned(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
        })
    }
}

fn bind<'a>(params: &'a [&'a dyn ToParam]) -> Vec<Param<'a>> {
    params.iter().map(|p| p.param()).collect()
}

/// A connection to the database.
pub struct Conn {
    pub(super) sqlite: rusqlite::Connection,
}

impl Conn {
    pub(super) fn new(sqlite: rusqlite::Connection) -> Conn {
        sqlite.set_prepared_statement_cache_capacity(64);
        Conn { sqlite }
    }

    /// Runs one statement; returns how many rows it changed.
    pub fn execute(&self, sql: &str, params: &[&dyn ToParam]) -> Result<usize, StoreError> {
        let mut stmt = self.sqlite.prepare_cached(sql)?;
        Ok(stmt.execute(rusqlite::params_from_iter(bind(params)))?)
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
        let mut stmt = self.sqlite.prepare_cached(sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(bind(params)))?;
        while let Some(r) = rows.next()? {
            f(&Row { inner: r })?;
        }
        Ok(())
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
        let mut stmt = self.sqlite.prepare_cached(sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(bind(params)))?;
        match rows.next()? {
            Some(r) => f(&Row { inner: r }).map(Some),
            None => Ok(None),
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

    /// Runs statements without parameters (transaction control, pragmas).
    pub fn batch(&self, sql: &str) -> Result<(), StoreError> {
        Ok(self.sqlite.execute_batch(sql)?)
    }
}

impl Conn {
    /// How the engine runs a query: one line per step (SQLite's `EXPLAIN
    /// QUERY PLAN` detail column).
    pub fn plan(&self, sql: &str, params: &[&dyn ToParam]) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.sqlite.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(bind(params)), |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}
