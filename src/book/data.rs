//! The whole book in and out: `export` as one document (a consistent
//! snapshot), and `import` of one, into an empty database or merged into
//! one in use. An imported record is held to the same rules a command holds
//! its input to — the parsers of SPEC 3 and the operations' checks
//! ([`checks`]) — so import accepts nothing the command line refuses. A
//! document is written a part at a time as it is read ([`Import`]): a JSON
//! file as it streams in ([`import_json`]), never held whole.

use super::{BookError, Result};
use crate::money::ReferenceRates;
use crate::store::export;
use crate::store::import::{each_table, ImportError, Importer, Part};
use crate::store::{Db, Tx};

mod checks;
mod stream;

pub use crate::store::export::Document;
pub use crate::store::import::{BadRecord, Counts, NumberClash};
pub use checks::Checked;
pub use stream::{import_json, JsonError};

/// The whole database as one document. Run it in a snapshot for a
/// consistent one.
pub fn export(db: &impl Db) -> Result<Document> {
    Ok(export::export(db)?)
}

fn refused(e: ImportError) -> BookError {
    match e {
        ImportError::Bad(b) => BookError::BadRecord(b),
        ImportError::Clash(c) => BookError::NumberClash(c),
        ImportError::Unordered => BookError::Unordered,
        ImportError::Store(s) => BookError::Store(s),
    }
}

/// An import under way, a table after another and each a part at a time,
/// every record checked before it is written.
pub struct Import<'t, 'c> {
    inner: Importer<'t, 'c>,
}

impl<'t, 'c> Import<'t, 'c> {
    /// Starts reading a document of format `version`: into an empty
    /// database (holding nothing but member `me`, which the file's
    /// replaces), or with `merge` adding what is new under new ids; `rates`
    /// are the reference rates the charges still owed are reckoned with.
    pub fn begin(tx: &'t Tx<'c>, rates: &'t ReferenceRates, version: u32, merge: bool) -> Result<Self> {
        if !merge && !export::is_empty(tx)? {
            return Err(BookError::NotEmpty);
        }
        let inner = Importer::begin(tx, version, merge, rates).map_err(refused)?;
        Ok(Import { inner })
    }

    /// Checks and writes `records`, which start at position `start` of
    /// their table.
    pub fn part<R: Part + Checked>(&mut self, start: usize, records: &[R]) -> Result<()> {
        check_part(start, records)?;
        self.write_checked(start, records)
    }

    /// Writes `records` that [`check_part`] passed.
    fn write_checked<R: Part>(&mut self, start: usize, records: &[R]) -> Result<()> {
        self.inner.part(start, records).map_err(refused)
    }

    /// Ends the import, checking what only the whole can tell (and
    /// working out how long charges outlived the principal of each invoice
    /// added, under the database's rules for its client).
    pub fn finish(self) -> Result<Counts> {
        self.inner.finish().map_err(refused)
    }
}

/// Checks each of `records` (which start at position `start` of their
/// table) alone, as [`Import::part`] does before it writes them: pure, so a
/// streamed import checks a part while the one before it is written.
pub fn check_part<R: Checked>(start: usize, records: &[R]) -> Result<()> {
    for (k, r) in records.iter().enumerate() {
        r.check(start + k).map_err(BookError::BadRecord)?;
    }
    Ok(())
}

/// Reads `doc` into the database (see [`Import::begin`]).
pub fn import(tx: &Tx<'_>, rates: &ReferenceRates, doc: &Document, merge: bool) -> Result<Counts> {
    let mut imp = Import::begin(tx, rates, doc.expect_export, merge)?;
    each_table!(doc, |records| imp.part(0, records)?);
    imp.finish()
}
