//! The rows of each table as stored: one type per table with the one
//! mapping between its columns and its fields (`COLUMNS` read in order by
//! `from_row`, written by `insert`). The store's queries read them, the
//! export document is made of them, and import writes them: there is no
//! second mapping of the schema. In a document, instants are UTC RFC 3339
//! (`2026-11-27T12:00:00Z`), dates `YYYY-MM-DD`, money with its currency's
//! decimals (`"1500.00"`, JPY `"150000"`), rules their canonical text.

use std::sync::OnceLock;

mod billing;
mod people;
mod work;

pub(crate) use billing::invoice_columns;
pub use billing::{InvoiceRecord, PaymentRecord, PhaseRecord, ProjectRecord, ReminderRecord, WaiverRecord};
pub use people::{ClientDomainRecord, ClientRecord, ContactRecord, MemberRecord, RuleVersionRecord};
pub use work::{BookRecord, ContractRecord, DismissalRecord, MessageRecord, WaitingRecord};

use serde::Deserialize;

use super::batch::statement;
use super::sql::{Param, ToParam};
use super::{conn, StoreError, Tx};

/// The `INSERT` of `table`: with the `id` column when the caller keeps ids
/// (an import into an empty database), else letting the engine choose.
pub(super) fn insert_sql(
    cache: &'static OnceLock<[String; 2]>,
    table: &str,
    columns: &str,
    keep_id: bool,
) -> &'static str {
    let [with_id, without] = cache
        .get_or_init(|| [insert_statement(table, columns, true), insert_statement(table, columns, false)]);
    if keep_id {
        with_id
    } else {
        without
    }
}

/// `INSERT INTO table (columns) VALUES (?1, ...) RETURNING id`, with the
/// first of `columns` (the id) or without.
pub(super) fn insert_statement(table: &str, columns: &str, with_id: bool) -> String {
    let columns = if with_id { columns } else { columns.split_once(", ").map_or("", |(_, rest)| rest) };
    statement(table, columns, 1) + " RETURNING id"
}

/// Runs an insert whose first parameter is the id (left out unless kept).
pub(super) fn insert(tx: &Tx<'_>, sql: &str, keep_id: bool, params: &[Param<'_>]) -> Result<i64, StoreError> {
    let refs: Vec<&dyn ToParam> = params.iter().map(|p| p as &dyn ToParam).collect();
    conn(tx).insert(sql, if keep_id { &refs } else { &refs[1..] })
}

/// A record that [`Batch`](super::batch::Batch) can write many at a time:
/// its table, the columns of its `INSERT` (the id first) and their values;
/// and that is written one at a time under an id the engine chooses.
pub trait Insert {
    const TABLE: &'static str;
    const INSERT_COLUMNS: &'static str;
    fn values(&self) -> Vec<Param<'_>>;
    /// Stores it (its `id` is ignored); returns the new id.
    fn insert(&self, tx: &Tx<'_>) -> Result<i64, StoreError>;
}

/// The body of [`Insert::insert`], for one type (each with its statement).
macro_rules! insert_fn {
    () => {
        fn insert(&self, tx: &$crate::store::Tx<'_>) -> Result<i64, $crate::store::StoreError> {
            static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
            let sql = SQL.get_or_init(|| {
                $crate::store::records::insert_statement(Self::TABLE, Self::INSERT_COLUMNS, false)
            });
            $crate::store::records::insert(tx, sql, false, &self.values())
        }
    };
}

macro_rules! insert_as {
    ($($t:ty: $table:literal $(, $columns:expr)?);+ $(;)?) => {$(
        impl Insert for $t {
            const TABLE: &'static str = $table;
            const INSERT_COLUMNS: &'static str = insert_as!(@cols $t $(, $columns)?);
            fn values(&self) -> Vec<Param<'_>> {
                self.params()
            }
            insert_fn!();
        }
    )+};
    (@cols $t:ty) => { <$t>::COLUMNS };
    (@cols $t:ty, $columns:expr) => { $columns };
}

insert_as! {
    ClientRecord: "clients";
    ContactRecord: "contacts", ContactRecord::INSERT_COLUMNS;
    InvoiceRecord: "invoices";
    RuleVersionRecord: "rule_versions";
    ClientDomainRecord: "client_domains";
    ContractRecord: "contracts";
    MessageRecord: "messages";
    WaitingRecord: "waiting";
    PaymentRecord: "payments";
    ReminderRecord: "reminders";
    WaiverRecord: "waivers";
}

pub(super) fn is_false(b: &bool) -> bool {
    !*b
}

/// Serde of instants (seconds since the epoch) as UTC RFC 3339.
pub mod instant {
    use chrono::{DateTime, SecondsFormat};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn text(ts: i64) -> Option<String> {
        DateTime::from_timestamp(ts, 0).map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
    }

    pub fn parse(s: &str) -> Result<i64, String> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.timestamp())
            .map_err(|_| format!("{s:?}: expected an RFC 3339 instant, e.g. \"2026-11-27T12:00:00Z\""))
    }

    pub fn serialize<S: Serializer>(ts: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&text(*ts).ok_or_else(|| serde::ser::Error::custom("bad instant"))?)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }

    /// The same, for an optional instant.
    pub mod opt {
        use serde::{Deserialize, Deserializer, Serializer};

        #[allow(clippy::ref_option)] // serde's calling convention
        pub fn serialize<S: Serializer>(ts: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
            match ts {
                Some(t) => super::serialize(t, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
            match Option::<String>::deserialize(d)? {
                Some(t) => super::parse(&t).map(Some).map_err(serde::de::Error::custom),
                None => Ok(None),
            }
        }
    }
}

/// A client or member handle, checked as `add-client` checks it.
pub(super) fn handle<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    match s.parse::<crate::values::Handle>() {
        Ok(h) if h.as_str() == s => Ok(s),
        Ok(_) => Err(serde::de::Error::custom(format!("{s:?}: surrounding spaces"))),
        Err(e) => Err(serde::de::Error::custom(format!("{s:?}: {e}"))),
    }
}
