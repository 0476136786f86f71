//! The whole book in and out: `export` as one document (a consistent
//! snapshot), and `import` of one, into an empty database or merged into
//! one in use.

use super::{BookError, Result};
use crate::money::ReferenceRates;
use crate::store::charges::recompute_owed_until;
use crate::store::export;
pub use crate::store::export::Document;
use crate::store::import::{self, ImportError};
pub use crate::store::import::{BadRecord, Counts, NumberClash};
use crate::store::{Db, Tx};

/// The whole database as one document. Run it in a snapshot for a
/// consistent one.
pub fn export(db: &impl Db) -> Result<Document> {
    Ok(export::export(db)?)
}

/// Reads `doc` into the database: into an empty one (holding nothing but
/// member `me`, which the file's replaces), or with `merge` adding what is
/// new under new ids; `rates` are the reference rates the charges still
/// owed are reckoned with.
pub fn import(tx: &Tx<'_>, rates: &ReferenceRates, doc: &Document, merge: bool) -> Result<Counts> {
    if !merge && !export::is_empty(tx)? {
        return Err(BookError::NotEmpty);
    }
    let counts = import::import(tx, doc, merge, rates).map_err(|e| match e {
        ImportError::Bad(b) => BookError::BadRecord(b),
        ImportError::Clash(c) => BookError::NumberClash(c),
        ImportError::Store(s) => BookError::Store(s),
    })?;
    if merge {
        // How long charges outlived each settled invoice's principal, under the
        // database's rules for the clients it had.
        recompute_owed_until(tx, None, rates)?;
    }
    Ok(counts)
}
