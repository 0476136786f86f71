//! Why an import fails: a record of the file (named by table, position
//! and field), a number clash of a merge, or the database.

use super::super::batch::Refused;
use super::super::StoreError;
use super::check::{bad, BadRecord};

/// Why an import failed: the file, or the database.
#[derive(Debug)]
pub enum ImportError {
    Bad(BadRecord),
    /// A merge would add a client whose invoice has a number the database
    /// already uses: the invoice is new (its client is) yet its number is
    /// not, so it can be neither added nor skipped.
    Clash(NumberClash),
    /// A table of the file came after one that is written after it (a file
    /// `expect export` did not write): it is read whole instead.
    Unordered,
    Store(StoreError),
}

/// Invoice `index` of the file, `number`, belongs to `client` (new to the
/// database), while the database's invoice of that number belongs to `owner`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberClash {
    pub index: usize,
    pub number: String,
    pub client: String,
    pub owner: String,
}

impl From<BadRecord> for ImportError {
    fn from(e: BadRecord) -> Self {
        ImportError::Bad(e)
    }
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        ImportError::Store(e)
    }
}

impl From<Refused> for ImportError {
    fn from(r: Refused) -> Self {
        match r.at {
            Some(i) => named(r.table, i)(r.error),
            None => ImportError::Store(r.error),
        }
    }
}

/// A write refused by a constraint names the record.
pub(super) fn named(table: &'static str, index: usize) -> impl FnOnce(StoreError) -> ImportError {
    move |e| match e {
        StoreError::Duplicate(_) | StoreError::Constraint(_) => {
            ImportError::Bad(bad(table, index, None, e.to_string()))
        }
        other => ImportError::Store(other),
    }
}
