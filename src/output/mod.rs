//! Rendering: commands build rows; this module prints them as a table
//! fitted to the terminal ([`table`]), one JSON document, or CSV with the
//! JSON keys as header ([`csv`]) (SPEC 2), straight to stdout without first
//! holding the whole output. Human output shows control characters escaped
//! ([`text`]). Colour only under `auto` on a terminal and never with
//! `NO_COLOR`, or with `always`.

mod csv;
pub mod json;
mod table;
#[cfg(test)]
mod tests;
mod text;

use std::io::{self, BufWriter, IsTerminal as _, StdoutLock, Write};

use anyhow::Context as _;
use serde::Serialize;

pub use text::{escape_controls, escape_controls_multiline};

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How a table cell is emphasised when colour is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    #[default]
    Plain,
    /// A violation, or money owed.
    Bad,
    /// A warning.
    Warn,
    /// Something settled.
    Good,
    /// Less important text.
    Dim,
}

/// One table cell: text and a style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub style: Style,
}

impl Cell {
    pub fn styled(text: impl Into<String>, style: Style) -> Cell {
        Cell { text: text.into(), style }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell { text, style: Style::Plain }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell { text: text.into(), style: Style::Plain }
    }
}

/// Where and how a command prints.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub format: Format,
    pub color: bool,
    pub quiet: bool,
    /// The width tables fit, in columns: the terminal's when stdout is one,
    /// `None` when piped (rows are not wrapped).
    pub width: Option<usize>,
    /// The JSON keys of the next list, for the CSV header of an empty one
    /// (see [`Output::with_keys`]); empty: an empty list prints nothing.
    pub keys: &'static [&'static str],
}

/// The width assumed for a terminal that does not tell its size.
const DEFAULT_WIDTH: usize = 80;

impl Output {
    /// Resolves `--color` with `NO_COLOR` and whether stdout is a terminal,
    /// and the width tables fit: on a terminal, `COLUMNS` when it is set to
    /// a number, else the terminal's size (80 when it tells none); piped, no
    /// width, whatever `COLUMNS` says, since a pipe's reader is no terminal.
    pub fn new(format: Format, color: ColorChoice, quiet: bool) -> Output {
        let terminal = io::stdout().is_terminal();
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && terminal,
        };
        let width = terminal.then(|| {
            let size = terminal_size::terminal_size().map(|(w, _)| usize::from(w.0));
            terminal_width(std::env::var("COLUMNS").ok().as_deref(), size)
        });
        Output { format, color, quiet, width, keys: &[] }
    }

    /// This output with `keys` as the CSV header of the next list when it is
    /// empty (SPEC 2: "`csv` prints its header row alone"): the JSON keys of
    /// its rows, in order, e.g. `ctx.out.with_keys(&["handle", "name"]).list(..)`.
    /// A list with rows takes its header from them.
    #[must_use]
    pub fn with_keys(self, keys: &'static [&'static str]) -> Output {
        Output { keys, ..self }
    }

    fn stdout() -> BufWriter<StdoutLock<'static>> {
        BufWriter::new(io::stdout().lock())
    }

    /// Prints text (letters, sheets, confirmations), with a final newline;
    /// control characters other than line breaks and tabs are escaped.
    pub fn text(&self, text: &str) -> anyhow::Result<()> {
        if self.quiet {
            return Ok(());
        }
        let text = escape_controls_multiline(text);
        let mut out = Output::stdout();
        out.write_all(text.as_bytes()).context("writing output")?;
        if !text.ends_with('\n') {
            out.write_all(b"\n").context("writing output")?;
        }
        out.flush().context("writing output")
    }

    /// Prints a document meant to be saved and read back (`export`): as it
    /// is when stdout is a file or a pipe; on a terminal, with control
    /// characters other than line breaks and tabs escaped, as all text is.
    pub fn document(&self, text: &str) -> anyhow::Result<()> {
        if self.quiet {
            return Ok(());
        }
        let text = if io::stdout().is_terminal() {
            escape_controls_multiline(text)
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        let mut out = Output::stdout();
        out.write_all(text.as_bytes()).context("writing output")?;
        out.flush().context("writing output")
    }

    /// Prints a JSON document meant to be saved and read back (`export
    /// --format json`) as it is serialized, never held whole: it holds no
    /// control character but its line breaks ([`json`] escapes the rest),
    /// so a terminal gets it as it is too.
    pub fn json_document<T: Serialize>(&self, doc: &T) -> anyhow::Result<()> {
        if self.quiet {
            return Ok(());
        }
        let mut out = Output::stdout();
        json::write_pretty(&mut out, doc).context("writing output")?;
        out.write_all(b"\n").context("writing output")?;
        out.flush().context("writing output")
    }

    /// Prints a list. `headers` title the table columns and `cells` gives a
    /// row's table cells; JSON and CSV use the rows' serde keys. An empty
    /// list prints nothing in a table, `[]` in JSON, and in CSV the header
    /// given by [`Output::with_keys`] (else nothing). Quiet, nothing is
    /// rendered.
    pub fn list<T: Serialize>(
        &self,
        rows: &[T],
        headers: &[&str],
        cells: impl Fn(&T) -> Vec<Cell>,
    ) -> anyhow::Result<()> {
        self.list_with_footer(rows, headers, cells, Vec::new)
    }

    /// Like [`Output::list`], with extra table rows (totals) after the list,
    /// made only when a table is written.
    pub fn list_with_footer<T: Serialize>(
        &self,
        rows: &[T],
        headers: &[&str],
        cells: impl Fn(&T) -> Vec<Cell>,
        footer: impl FnOnce() -> Vec<Vec<Cell>>,
    ) -> anyhow::Result<()> {
        if self.quiet {
            return Ok(());
        }
        debug_assert!(
            self.keys.is_empty() || rows.first().is_none_or(|row| csv::keys_match(row, self.keys)),
            "the keys given, {:?}, are not the rows' JSON keys",
            self.keys
        );
        let mut out = Output::stdout();
        match self.format {
            Format::Json => {
                json::write_pretty(&mut out, rows).map_err(io::Error::from).context("writing output")?;
                out.write_all(b"\n").context("writing output")?;
            }
            Format::Csv => csv::write(&mut out, rows, self.keys)?,
            Format::Table => {
                if rows.is_empty() {
                    return Ok(());
                }
                let mut table = table::Table::new(headers);
                for row in rows {
                    table.push(cells(row));
                }
                for row in footer() {
                    table.push_footer(row);
                }
                table.write(&mut out, self.width, self.color).context("writing output")?;
            }
        }
        out.flush().context("writing output")
    }

    /// Prints a list as [`Output::list`] does, its JSON written a field at
    /// a time by `fields` ([`json::Objects`]) instead of through serde:
    /// for a list of tens of thousands of flat rows. `fields` must write
    /// what the rows' `Serialize` does (its caller's tests hold them).
    pub fn flat_list<T: Serialize>(
        &self,
        rows: &[T],
        headers: &[&str],
        cells: impl Fn(&T) -> Vec<Cell>,
        fields: impl Fn(&T, &mut json::Fields<'_>),
    ) -> anyhow::Result<()> {
        if self.quiet || self.format != Format::Json {
            return self.list(rows, headers, cells);
        }
        let mut out = Output::stdout();
        json::write_objects(&mut out, rows, fields).context("writing output")?;
        out.write_all(b"\n").context("writing output")?;
        out.flush().context("writing output")
    }

    /// Prints one record: JSON as an object, CSV as a header and one
    /// record, otherwise the `human` text (not made when quiet).
    pub fn record<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) -> anyhow::Result<()> {
        if self.quiet {
            return Ok(());
        }
        match self.format {
            Format::Json => {
                let mut out = Output::stdout();
                json::write_pretty(&mut out, value).map_err(io::Error::from).context("writing output")?;
                out.write_all(b"\n").context("writing output")?;
                out.flush().context("writing output")
            }
            Format::Csv => {
                let mut out = Output::stdout();
                csv::write(&mut out, std::slice::from_ref(value), &[])?;
                out.flush().context("writing output")
            }
            Format::Table => self.text(&human()),
        }
    }

    /// Renders a table as text, fitted to this output's width.
    pub fn table(&self, headers: &[&str], rows: &[Vec<Cell>], footer: &[Vec<Cell>]) -> String {
        let mut table = table::Table::new(headers);
        for row in rows {
            table.push(row.clone());
        }
        for row in footer {
            table.push_footer(row.clone());
        }
        let mut text = Vec::new();
        // Writing to memory cannot fail.
        let _ = table.write(&mut text, self.width, self.color);
        String::from_utf8_lossy(&text).into_owned()
    }
}

/// The width of a terminal: `COLUMNS` when it is a positive number, else
/// the size the terminal tells, else 80.
fn terminal_width(columns: Option<&str>, size: Option<usize>) -> usize {
    columns
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .or(size.filter(|&s| s > 0))
        .unwrap_or(DEFAULT_WIDTH)
}
