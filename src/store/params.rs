//! Statement parameters: the plain values a query of either engine binds
//! ([`Param`]), how the store's value types become one ([`ToParam`]), and
//! the `p![...]` / `params![...]` lists the store modules write. (Re-exported
//! by [`super::sql`], the seam they are used through.)

use chrono::NaiveDate;
use rusqlite::types::{ToSqlOutput, ValueRef};

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

impl ToParam for compact_str::CompactString {
    fn param(&self) -> Param<'_> {
        Param::Text(self)
    }
}

impl ToParam for NaiveDate {
    fn param(&self) -> Param<'_> {
        Param::Owned(crate::values::date_string(*self))
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

/// A parameter already made (a record's [`params`](super::records)),
/// lent again.
impl ToParam for Param<'_> {
    fn param(&self) -> Param<'_> {
        match self {
            Param::Owned(t) => Param::Text(t),
            other => other.clone(),
        }
    }
}

/// The values of a statement's parameters, made once: `params![a, b, c]`.
macro_rules! params {
    ($($v:expr),+ $(,)?) => { vec![$($crate::store::sql::ToParam::param(&$v)),+] };
}
pub(crate) use params;

/// The parameters of a statement: `p![a, b, c]`.
macro_rules! p {
    () => { &[] as &[&dyn $crate::store::sql::ToParam] };
    ($($v:expr),+ $(,)?) => { &[$(&$v as &dyn $crate::store::sql::ToParam),+] };
}
pub(crate) use p;

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

pub(super) fn bind<'a>(params: &'a [&'a dyn ToParam]) -> Vec<Param<'a>> {
    params.iter().map(|p| p.param()).collect()
}
