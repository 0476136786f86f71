//! A JSON document read as it streams in: each table's records are taken
//! a few thousand at a time and written ([`super::Import::part`]) before
//! the next are read, so the memory of an import does not grow with the
//! file. `expect export` writes the format version first and the tables in
//! the order they are written; a file with another order is refused as
//! [`BookError::Unordered`], for the caller to read it whole.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Checked, Counts, Import};
use crate::book::BookError;
use crate::money::ReferenceRates;
use crate::store::import::{tables, Part, TABLES};
use crate::store::Tx;

/// Records read before they are written.
const PART: usize = 4_096;

/// Why a streamed import failed: the records, or the JSON itself.
#[derive(Debug)]
pub enum JsonError {
    Book(BookError),
    Syntax(serde_json::Error),
    /// The file could not be opened.
    Io(std::io::Error),
}

impl From<crate::store::StoreError> for JsonError {
    fn from(e: crate::store::StoreError) -> Self {
        JsonError::Book(BookError::Store(e))
    }
}

/// The keys of a document: the format version, then the tables.
const KEYS: [&str; TABLES.len() + 1] = {
    let mut keys = ["expect_export"; TABLES.len() + 1];
    let mut i = 0;
    while i < TABLES.len() {
        keys[i + 1] = TABLES[i];
        i += 1;
    }
    keys
};

struct State<'t, 'c> {
    tx: &'t Tx<'c>,
    rates: &'t ReferenceRates,
    merge: bool,
    import: Option<Import<'t, 'c>>,
    /// Why the records were refused (serde's own error only stops it).
    failed: Option<BookError>,
}

impl State<'_, '_> {
    fn fail<E: de::Error>(&mut self, e: BookError) -> E {
        self.failed = Some(e);
        E::custom("the import stopped")
    }
}

/// Reads the JSON document of `reader` into the database, as
/// [`super::import`] does a document held whole.
pub fn import_json<R: std::io::Read>(
    tx: &Tx<'_>,
    rates: &ReferenceRates,
    merge: bool,
    reader: R,
) -> Result<Counts, JsonError> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut state = State { tx, rates, merge, import: None, failed: None };
    let read = (&mut de).deserialize_map(Doc(&mut state));
    if let Some(e) = state.failed.take() {
        return Err(JsonError::Book(e));
    }
    read.and_then(|()| de.end()).map_err(JsonError::Syntax)?;
    // Without a format version serde's own reading names what is missing.
    let imp = state.import.ok_or(JsonError::Book(BookError::Unordered))?;
    imp.finish().map_err(JsonError::Book)
}

struct Doc<'s, 't, 'c>(&'s mut State<'t, 'c>);

impl<'de> Visitor<'de> for Doc<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct Document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        let mut seen = [false; KEYS.len()];
        while let Some(key) = map.next_key::<String>()? {
            let Some(k) = KEYS.iter().position(|name| *name == key) else {
                return Err(de::Error::unknown_field(&key, &KEYS));
            };
            if std::mem::replace(&mut seen[k], true) {
                return Err(de::Error::duplicate_field(KEYS[k]));
            }
            if k == 0 {
                let version: u32 = map.next_value()?;
                match Import::begin(state.tx, state.rates, version, state.merge) {
                    Ok(imp) => state.import = Some(imp),
                    Err(e) => return Err(state.fail(e)),
                }
                continue;
            }
            if state.import.is_none() {
                return Err(state.fail(BookError::Unordered));
            }
            macro_rules! table {
                (() $($name:ident: $t:ty),+) => {
                    match TABLES[k - 1] {
                        $(stringify!($name) => map.next_value_seed(Table::<$t>(state, PhantomData))?,)+
                        _ => unreachable!("every table has its record type"),
                    }
                };
            }
            tables!(table());
        }
        Ok(())
    }
}

/// The records of one table.
struct Table<'s, 't, 'c, R>(&'s mut State<'t, 'c>, PhantomData<R>);

impl<'de, R: DeserializeOwned + Part + Checked> DeserializeSeed<'de> for Table<'_, '_, '_, R> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, R: DeserializeOwned + Part + Checked> Visitor<'de> for Table<'_, '_, '_, R> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let state = self.0;
        let mut part: Vec<R> = Vec::with_capacity(PART);
        let mut start = 0;
        loop {
            let next = seq.next_element::<R>()?;
            let end = next.is_none();
            if let Some(r) = next {
                part.push(r);
            }
            if part.len() == PART || end {
                let imp = state.import.as_mut().expect("begun before any table");
                if let Err(e) = imp.part(start, &part) {
                    return Err(state.fail(e));
                }
                start += part.len();
                part.clear();
            }
            if end {
                return Ok(());
            }
        }
    }
}
