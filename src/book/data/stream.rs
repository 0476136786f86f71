//! A JSON document read as it streams in: each table's records are taken
//! a few thousand at a time and written ([`super::Import::part`]) before
//! more than a few parts are read, so the memory of an import does not grow
//! with the file. The reading (serde's parsing and each record's own
//! checks, [`super::check_part`]) runs on a thread of its own and hands the
//! parts over in the file's order, while this one writes them: on two
//! cores the parsing is no longer part of the import's wall time. The
//! first refusal in the file's order is the one reported, as when it was
//! read and written in turns. `expect export` writes the format version
//! first and the tables in the order they are written; a file with another
//! order is refused as [`BookError::Unordered`], for the caller to read it
//! whole.

use std::fmt;
use std::marker::PhantomData;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{check_part, Checked, Counts, Import};
use crate::book::BookError;
use crate::money::ReferenceRates;
use crate::store::import::{tables, Part, TABLES};
use crate::store::Tx;

/// Records read before they are handed over.
const PART: usize = 4_096;

/// Parts read and not yet written, beside the one being written and the
/// one being read.
const IN_FLIGHT: usize = 2;

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

/// A part of one table's records, checked, as the reading hands it over:
/// its writing, for the writing's thread to run.
type Batch = Box<dyn FnOnce(&mut Import<'_, '_>) -> Result<(), BookError> + Send>;

/// What the reading hands over, in the file's order.
enum Piece {
    /// The format version: the import begins.
    Begin(u32),
    Part(Batch),
}

/// The reading's side.
struct State {
    to: SyncSender<Piece>,
    begun: bool,
    /// Why the reading stopped (serde's own error only stops it); None
    /// when the writing stopped first (its refusal is the one reported).
    failed: Option<BookError>,
}

impl State {
    fn fail<E: de::Error>(&mut self, e: Option<BookError>) -> E {
        self.failed = e;
        E::custom("the import stopped")
    }

    /// Hands `piece` over; an error when the writing has stopped.
    fn hand<E: de::Error>(&mut self, piece: Piece) -> Result<(), E> {
        self.to.send(piece).map_err(|_| self.fail(None))
    }
}

/// Reads the JSON document of `reader` into the database, as
/// [`super::import`] does a document held whole.
pub fn import_json<R: std::io::Read + Send>(
    tx: &Tx<'_>,
    rates: &ReferenceRates,
    merge: bool,
    reader: R,
) -> Result<Counts, JsonError> {
    let (to, from) = sync_channel(IN_FLIGHT);
    std::thread::scope(|s| {
        let reading = s.spawn(move || read(reader, to));
        let written = write(tx, rates, merge, &from);
        // A reading waiting to hand a part over sees the writing gone.
        drop(from);
        let read = reading.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // The writing's refusal first: it is of a record before any the
        // reading could have stopped at.
        let imp = written?;
        read?;
        // Without a format version serde's own reading names what is missing.
        let imp = imp.ok_or(JsonError::Book(BookError::Unordered))?;
        imp.finish().map_err(JsonError::Book)
    })
}

/// The reading: parses and checks the document, handing it over a part at
/// a time, until its end, an error, or the writing stops.
fn read<R: std::io::Read>(reader: R, to: SyncSender<Piece>) -> Result<(), JsonError> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut state = State { to, begun: false, failed: None };
    let read = (&mut de).deserialize_map(Doc(&mut state));
    if let Some(e) = state.failed.take() {
        return Err(JsonError::Book(e));
    }
    read.and_then(|()| de.end()).map_err(JsonError::Syntax)
}

/// The writing: what the reading hands over, in order, until it is done or
/// a record is refused; the import, once begun.
fn write<'t, 'c>(
    tx: &'t Tx<'c>,
    rates: &'t ReferenceRates,
    merge: bool,
    from: &Receiver<Piece>,
) -> Result<Option<Import<'t, 'c>>, JsonError> {
    let mut import = None;
    for piece in from {
        match piece {
            Piece::Begin(version) => {
                import = Some(Import::begin(tx, rates, version, merge).map_err(JsonError::Book)?);
            }
            Piece::Part(batch) => {
                let imp = import.as_mut().expect("the version is handed over before any part");
                batch(imp).map_err(JsonError::Book)?;
            }
        }
    }
    Ok(import)
}

struct Doc<'s>(&'s mut State);

impl<'de> Visitor<'de> for Doc<'_> {
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
                state.hand(Piece::Begin(version))?;
                state.begun = true;
                continue;
            }
            if !state.begun {
                return Err(state.fail(Some(BookError::Unordered)));
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
struct Table<'s, R>(&'s mut State, PhantomData<R>);

impl<'de, R: DeserializeOwned + Part + Checked + Send + 'static> DeserializeSeed<'de> for Table<'_, R> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, R: DeserializeOwned + Part + Checked + Send + 'static> Visitor<'de> for Table<'_, R> {
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
                if let Err(e) = check_part(start, &part) {
                    return Err(state.fail(Some(e)));
                }
                let fresh = if end { Vec::new() } else { Vec::with_capacity(PART) };
                let (n, records) = (part.len(), std::mem::replace(&mut part, fresh));
                state.hand(Piece::Part(Box::new(move |imp| imp.write_checked(start, &records))))?;
                start += n;
            }
            if end {
                return Ok(());
            }
        }
    }
}
