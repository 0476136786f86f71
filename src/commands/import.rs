//! `expect import FILE [--merge]`: reads a document written by `expect
//! export` (TOML, or JSON when the file is `.json` or starts with `{`) in one
//! transaction. Without `--merge` the database must hold nothing but member
//! `me`; with it, what is new is added under new ids. A bad file is refused
//! naming its line and field, and nothing is written; so is a merge that
//! would add a client whose invoice has a number already in use here.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;

use crate::book::data::{self, BadRecord, Counts, Document, JsonError, NumberClash};
use crate::book::BookError;
use crate::context::Ctx;
use crate::error::UserError;
use crate::store::{Store, StoreError, Tx};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A file written by `expect export`
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Add what is new (clients, members, invoices) to a database in use
    #[arg(long)]
    pub merge: bool,
}

#[derive(Debug, Serialize)]
struct Done<'a> {
    file: String,
    #[serde(flatten)]
    counts: &'a Counts,
}

/// The document format of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Toml,
    Json,
}

fn kind_of(path: &Path, start: &[u8]) -> Kind {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json") => Kind::Json,
        Some("toml") => Kind::Toml,
        _ if start.trim_ascii_start().starts_with(b"{") => Kind::Json,
        _ => Kind::Toml,
    }
}

/// 1-based line of byte `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// The key named on a line (`amount = ...` or `"amount": ...`), if any.
fn key_on(line: &str, kind: Kind) -> Option<String> {
    let t = line.trim_start();
    match kind {
        Kind::Toml => {
            let (k, _) = t.split_once('=')?;
            let k = k.trim().trim_matches('"');
            (!k.is_empty() && !t.starts_with('[')).then(|| k.to_string())
        }
        Kind::Json => {
            // The last `"key":` on the line (an error column points past it).
            let colon = t.rfind("\":")?;
            let open = t[..colon].rfind('"')?;
            Some(t[open + 1..colon].to_string())
        }
    }
}

/// Parses the document; an error names the line and the field.
fn parse(path: &Path, text: &str, kind: Kind) -> anyhow::Result<Document> {
    match kind {
        Kind::Toml => toml::from_str::<Document>(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            unreadable(path, text, kind, line, None, e.message().trim())
        }),
        Kind::Json => serde_json::from_str::<Document>(text).map_err(|e| json_error(path, text, &e)),
    }
}

/// A JSON file serde refused, at the line and field it names.
fn json_error(path: &Path, text: &str, e: &serde_json::Error) -> anyhow::Error {
    let message = e.to_string();
    // serde_json appends " at line L column C"; the line is said apart.
    let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m);
    unreadable(path, text, Kind::Json, (e.line() > 0).then_some(e.line()), Some(e.column()), message)
}

/// `FILE line L, field F: message`, with what to do.
fn unreadable(
    path: &Path,
    text: &str,
    kind: Kind,
    line: Option<usize>,
    column: Option<usize>,
    message: &str,
) -> anyhow::Error {
    let field = line
        .and_then(|l| text.lines().nth(l - 1))
        .map(|l| column.and_then(|c| l.get(..c)).unwrap_or(l))
        .and_then(|l| key_on(l, kind))
        .map(|k| format!(", field {k}"))
        .unwrap_or_default();
    let at = line.map(|l| format!(" line {l}")).unwrap_or_default();
    UserError::new(format!("{}{at}{field}: {message}", path.display()))
        .with_hint("nothing was imported; fix the file (as written by `expect export`) and run again")
        .into()
}

/// The line where record `index` of `table` starts, and where `field` is
/// set in it, when the file has the layout `expect export` writes (TOML
/// `[[table]]` headers; JSON with one key per line).
fn locate(text: &str, kind: Kind, bad: &BadRecord) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    // The first line of record `index` and of the one after it (or the
    // end): found in one pass over the text, counting lines only up to them
    // (one count per record made the error of a large file quadratic).
    let (start, end) = match kind {
        Kind::Toml => {
            let header = format!("[[{}]]", bad.table);
            let mut starts = lines.iter().enumerate().filter(|(_, l)| l.trim() == header).map(|(i, _)| i);
            let start = starts.nth(bad.index)?;
            (start, starts.next().unwrap_or(lines.len()))
        }
        Kind::Json => {
            let offsets = json_records(text, bad.table);
            let start = line_of(text, *offsets.get(bad.index)?) - 1;
            (start, offsets.get(bad.index + 1).map_or(lines.len(), |&o| line_of(text, o) - 1))
        }
    };
    let at_field =
        bad.field.and_then(|f| (start..end).find(|&i| key_on(lines[i], kind).as_deref() == Some(f)));
    Some(at_field.unwrap_or(start) + 1)
}

/// Byte offsets of the objects in the top-level array `table` of a JSON text.
fn json_records(text: &str, table: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let (mut depth, mut i, mut out) = (0_i32, 0, Vec::new());
    let mut in_table = false;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                if depth == 1 {
                    in_table = &text[start..i.min(b.len())] == table;
                }
            }
            b'{' | b'[' => {
                if depth == 2 && in_table && b[i] == b'{' {
                    out.push(i);
                }
                depth += 1;
            }
            b'}' | b']' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    out
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let path = &self.file;
        let mut start = [0_u8; 64];
        let n =
            std::fs::File::open(path).and_then(|mut f| f.read(&mut start)).with_context(|| self.reading())?;
        // A failed import writes nothing; into a new path it leaves an empty
        // database, never removing a file another process may be using.
        let counts = match kind_of(path, &start[..n]) {
            // A JSON file is written as it streams in, unless its tables
            // are in another order than `expect export` writes them.
            Kind::Json => match self.stream(ctx)? {
                Some(counts) => counts,
                None => self.whole(ctx, Kind::Json)?,
            },
            Kind::Toml => self.whole(ctx, Kind::Toml)?,
        };
        for line in &counts.converted {
            eprintln!("expect: converted {line}");
        }
        let mut said = format!(
            "imported {} clients, {} members, {} invoices, {} messages from {}",
            counts.clients,
            counts.members,
            counts.invoices,
            counts.messages,
            path.display()
        );
        if self.merge {
            said.push_str(&format!(
                "\nskipped {} clients, {} members, {} invoices already present",
                counts.skipped_clients, counts.skipped_members, counts.skipped_invoices
            ));
        }
        ctx.out.record(&Done { file: path.display().to_string(), counts: &counts }, || said)?;
        Ok(ExitCode::SUCCESS)
    }

    /// `FILE line L: invoice "INV-0002" of new client "beta": the number is
    /// already used by an invoice of "acme" in the database`, with what to do.
    fn clash(&self, text: &str, kind: Kind, clash: &NumberClash) -> UserError {
        let record = BadRecord {
            table: "invoices",
            index: clash.index,
            field: Some("number"),
            message: String::new(),
        };
        let at = locate(text, kind, &record).map(|l| format!(" line {l}")).unwrap_or_default();
        UserError::new(format!(
            "{}{at}: invoice {:?} of new client {:?}: \
             the number is already used by an invoice of {:?} in the database",
            self.file.display(),
            clash.number,
            clash.client,
            clash.owner
        ))
        .with_hint("nothing was imported; renumber that invoice in the file (its `number`), then merge again")
    }

    /// Reads the file whole, then writes it.
    fn whole(&self, ctx: &Ctx, kind: Kind) -> anyhow::Result<Counts> {
        let path = &self.file;
        let text = std::fs::read_to_string(path).with_context(|| self.reading())?;
        let doc = parse(path, &text, kind)?;
        // The text is not kept while the document is written; a refusal
        // reads it again to name the line.
        drop(text);
        let mut store = ctx.store_rw()?;
        self.write(&mut store, |tx| data::import(tx, &ctx.config.reference_rates, &doc, self.merge))
            .map_err(|e| self.refused(ctx, e, kind))
    }

    /// Writes a JSON file as it is read; None when its tables are out of
    /// order (nothing written).
    fn stream(&self, ctx: &Ctx) -> anyhow::Result<Option<Counts>> {
        let path = &self.file;
        let mut store = ctx.store_rw()?;
        let done = self.write(&mut store, |tx| {
            let file = std::fs::File::open(path).map_err(JsonError::Io)?;
            data::import_json(
                tx,
                &ctx.config.reference_rates,
                self.merge,
                std::io::BufReader::with_capacity(1 << 20, file),
            )
        });
        match done {
            Ok(counts) => Ok(Some(counts)),
            Err(JsonError::Book(BookError::Unordered)) => Ok(None),
            Err(JsonError::Book(e)) => Err(self.refused(ctx, e, Kind::Json)),
            Err(JsonError::Io(e)) => Err(anyhow::Error::from(e).context(self.reading())),
            Err(JsonError::Syntax(e)) if e.is_io() => Err(anyhow::Error::from(e).context(self.reading())),
            Err(JsonError::Syntax(e)) => Err(json_error(path, &self.text(), &e)),
        }
    }

    /// Runs the import's transaction: into an empty book the import checks
    /// every reference itself ([`Store::write_bulk`]); a merge writes as
    /// any command does.
    fn write<T, E: From<StoreError>>(
        &self,
        store: &mut Store,
        job: impl FnMut(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        if self.merge {
            store.write(job)
        } else {
            store.write_bulk(job)
        }
    }

    fn reading(&self) -> String {
        format!("reading {}", self.file.display())
    }

    /// The file's text, read again only to name the line of a refusal
    /// (empty if the file is gone meanwhile: the refusal then names no line).
    fn text(&self) -> String {
        std::fs::read_to_string(&self.file).unwrap_or_default()
    }

    fn refused(&self, ctx: &Ctx, e: BookError, kind: Kind) -> anyhow::Error {
        match e {
            BookError::NotEmpty => anyhow::Error::from(
                UserError::new(format!("database {} is not empty", ctx.db))
                    .with_hint("use --merge to add what is new, or import into a new database with --db"),
            ),
            BookError::BadRecord(bad) => {
                let at = locate(&self.text(), kind, &bad).map(|l| format!(" line {l}")).unwrap_or_default();
                anyhow::Error::from(
                    UserError::new(format!("{}{at}: {bad}", self.file.display()))
                        .with_hint("nothing was imported"),
                )
            }
            BookError::NumberClash(clash) => self.clash(&self.text(), kind, &clash).into(),
            other => other.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_records_are_found_by_table_and_position() {
        let text = "{\n \"members\": [\n  {\"id\": 1, \"x\": \"[{\"},\n  {\"id\": 2}\n ],\n \"clients\": [\n  {\"id\": 3}\n ]\n}";
        let m = json_records(text, "members");
        assert_eq!(m.iter().map(|&o| line_of(text, o)).collect::<Vec<_>>(), [3, 4]);
        assert_eq!(json_records(text, "clients").iter().map(|&o| line_of(text, o)).collect::<Vec<_>>(), [7]);
    }

    #[test]
    fn keys_on_lines() {
        assert_eq!(key_on("amount = \"1.00\"", Kind::Toml).as_deref(), Some("amount"));
        assert_eq!(key_on("[[clients]]", Kind::Toml), None);
        assert_eq!(key_on("    \"manager_id\": 9,", Kind::Json).as_deref(), Some("manager_id"));
        assert_eq!(key_on("{\"id\": 1, \"name\": \"x\"", Kind::Json).as_deref(), Some("name"));
    }
}
