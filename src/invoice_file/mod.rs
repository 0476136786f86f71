//! An invoicing program's CSV export read as invoices (SPEC 10
//! `import-invoices`): its columns found by header name ([`columns`]), and
//! each row's cells read as typed values — the number, the client as
//! written (a handle or a name, looked up by the operation), amounts as
//! MONEY typed in the file's `numbers` style, dates in the forms of
//! [`dates`], the currency. Lines are numbered from the header (line 1).
//! The fields are separated by commas, or by the semicolons or tabs of the
//! header line when it has more of those (as spreadsheets in comma-decimal
//! locales write). Pure: bytes in, rows or the line and column of the first
//! bad cell out. Every cell is client data: nothing here trusts more of it
//! than it checks, and a refusal quotes at most 80 characters of it.

mod columns;
mod dates;
#[cfg(test)]
mod tests;

use std::fmt;

use chrono::NaiveDate;

pub use columns::{ColumnError, Columns, Key};
pub use dates::DateOrder;
use dates::{parse_date, DateError};

use crate::values::text::{quote, Quoted};
use crate::values::{codes, Currency, MoneyInput, Numbers};

/// How a file is read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Headers named for keys (`--column KEY=HEADER`).
    pub columns: Vec<(Key, String)>,
    /// How slashed dates are read.
    pub dates: DateOrder,
    /// How amounts are typed.
    pub numbers: Numbers,
}

/// One invoice of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Its line in the file (the header is line 1).
    pub line: usize,
    pub number: String,
    /// A client's handle or name, as written.
    pub client: String,
    pub amount: MoneyInput,
    pub issued: NaiveDate,
    pub due: Option<NaiveDate>,
    /// What was paid, when above zero.
    pub paid: Option<MoneyInput>,
    /// When it was paid (there is one when `paid` is).
    pub paid_on: Option<NaiveDate>,
    pub currency: Option<Currency>,
}

/// The invoices of a file, with its columns.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub columns: Columns,
    pub rows: Vec<Row>,
}

/// Where a file is wrong: a line, the header of a column (none when the
/// whole line is wrong), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCell {
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
    /// The cell is a slashed date whose month is over 12: the file's dates
    /// may be day first.
    pub day_first: bool,
    /// The cell is an amount in this other style than the one asked for.
    pub numbers: Option<Numbers>,
}

impl BadCell {
    pub fn new(line: usize, column: Option<&str>, message: impl Into<String>) -> BadCell {
        BadCell {
            line,
            column: column.map(str::to_string),
            message: message.into(),
            day_first: false,
            numbers: None,
        }
    }
}

impl fmt::Display for BadCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(c) = &self.column {
            write!(f, ", column {}", Quoted(c.trim()))?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for BadCell {}

/// Why a file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Its header row.
    Columns(ColumnError),
    /// A cell or a line.
    Cell(BadCell),
}

/// The field separator of a file whose first line is `first`: a comma,
/// unless the line holds more semicolons or tabs (outside quotes).
fn separator(first: &[u8]) -> u8 {
    let (mut counts, mut quoted) = ([0_usize; 3], false);
    for &b in first {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let [comma, semicolon, tab] = counts;
    if semicolon > comma && semicolon >= tab {
        b';'
    } else if tab > comma && tab > semicolon {
        b'\t'
    } else {
        b','
    }
}

/// The cells of one record as text; a cell that is not UTF-8 is refused.
fn cells(record: &csv::ByteRecord, line: usize, headers: &[String]) -> Result<Vec<String>, BadCell> {
    record
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            String::from_utf8(cell.to_vec()).map_err(|_| {
                BadCell::new(
                    line,
                    headers.get(i).map(String::as_str),
                    "not UTF-8 text (save the file as UTF-8)",
                )
            })
        })
        .collect()
}

/// Reads a whole file: its header, then every row that is not blank.
pub fn read(bytes: &[u8], options: &Options) -> Result<Sheet, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(first))
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(ReadError::Cell(csv_error(bytes, &e))),
        None => {
            return Err(ReadError::Cell(BadCell::new(1, None, "the file is empty: expected a header row")))
        }
    };
    let headers = cells(&header, 1, &[]).map_err(ReadError::Cell)?;
    let columns = Columns::find(headers, &options.columns).map_err(ReadError::Columns)?;
    let mut rows = Vec::new();
    let mut lines = Lines::default();
    for record in records {
        let record = record.map_err(|e| ReadError::Cell(csv_error(bytes, &e)))?;
        let line = record.position().map_or(0, |p| lines.at(bytes, p.byte()));
        let cells = cells(&record, line, &columns.headers).map_err(ReadError::Cell)?;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(row(&columns, &cells, line, options).map_err(ReadError::Cell)?);
    }
    Ok(Sheet { columns, rows })
}

/// Where a record starts, from the offset the reader gives (which may be
/// that of the line break before it, as after a CR LF).
fn record_start(bytes: &[u8], offset: u64) -> usize {
    let mut start = usize::try_from(offset).unwrap_or(usize::MAX).min(bytes.len());
    while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
        start += 1;
    }
    start
}

/// The number of line breaks in `bytes`.
fn breaks(bytes: &[u8]) -> usize {
    bytes.split(|&b| b == b'\n').count() - 1
}

/// The lines records start on, counted from where the last record started
/// (the reader gives them in order, so each byte is counted once).
#[derive(Default)]
struct Lines {
    /// The offset counted to, and the number of line breaks before it.
    scanned_to: usize,
    breaks: usize,
}

impl Lines {
    /// The line (from 1) of the record the reader puts at `offset`.
    fn at(&mut self, bytes: &[u8], offset: u64) -> usize {
        let start = record_start(bytes, offset);
        if start >= self.scanned_to {
            self.breaks += breaks(&bytes[self.scanned_to..start]);
        } else {
            self.breaks -= breaks(&bytes[start..self.scanned_to]);
        }
        self.scanned_to = start;
        self.breaks + 1
    }
}

/// A record the CSV reader could not read (on the line [`Lines`] gives).
fn csv_error(bytes: &[u8], e: &csv::Error) -> BadCell {
    let line = e.position().map_or(1, |p| Lines::default().at(bytes, p.byte()));
    BadCell::new(line, None, "not a CSV record")
}

/// Reads one row's cells.
fn row(columns: &Columns, cells: &[String], line: usize, options: &Options) -> Result<Row, BadCell> {
    let width = columns.headers.len();
    if let Some(extra) = cells.iter().skip(width).position(|c| !c.trim().is_empty()) {
        return Err(BadCell::new(
            line,
            None,
            format!("{} cells, but the header has {width} columns", width + extra + 1),
        ));
    }
    // The cell of `key` (empty when the file has no such column or the row
    // is short), with the header it is under.
    let cell = |key: Key| -> (&str, Option<&str>) {
        let text = columns.position(key).and_then(|i| cells.get(i)).map_or("", |c| c.trim());
        (text, columns.header(key))
    };
    let bad = |key: Key, value: &str, why: &str| {
        BadCell::new(line, columns.header(key), format!("{}: {why}", quote(value)))
    };
    let required = |key: Key, what: &str| -> Result<&str, BadCell> {
        let (text, header) = cell(key);
        if text.is_empty() {
            return Err(BadCell::new(line, header, format!("empty: expected {what}")));
        }
        Ok(text)
    };
    let date = |key: Key, text: &str| -> Result<NaiveDate, BadCell> {
        parse_date(text, options.dates).map_err(|e| BadCell {
            day_first: matches!(e, DateError::MonthFirst(_)),
            ..bad(key, text, e.message())
        })
    };
    let money = |key: Key, text: &str| -> Result<MoneyInput, BadCell> {
        let label = columns.header(key).unwrap_or(key.as_str()).trim();
        MoneyInput::read(label, text, options.numbers)
            .map_err(|e| BadCell { numbers: e.other_style, ..bad(key, text, &e.error.0) })
    };
    let optional_date = |key: Key| -> Result<Option<NaiveDate>, BadCell> {
        match cell(key).0 {
            "" => Ok(None),
            text => date(key, text).map(Some),
        }
    };

    let number = required(Key::Number, "an invoice number, e.g. INV-0042")?;
    let number = codes::invoice_number(number).map_err(|e| bad(Key::Number, number, &e.0))?;
    let client = required(Key::Client, "a client's handle or name")?.to_string();
    let amount = required(Key::Amount, "an amount, e.g. 1500.00")?;
    let amount = money(Key::Amount, amount)?;
    let issued = required(Key::Issued, "the issue date, e.g. 2026-11-30")?;
    let issued = date(Key::Issued, issued)?;
    let due = optional_date(Key::Due)?;
    let paid = match cell(Key::Paid).0 {
        "" => None,
        text => Some(money(Key::Paid, text)?).filter(|m| !m.value.is_zero()),
    };
    let paid_on = optional_date(Key::PaidOn)?;
    if let Some(p) = paid.as_ref().filter(|_| paid_on.is_none()) {
        let paid_header = columns.header(Key::Paid).unwrap_or("paid").trim();
        return Err(match columns.header(Key::PaidOn) {
            Some(h) => BadCell::new(
                line,
                Some(h),
                format!("empty, but {} is {}: a payment needs its date", Quoted(paid_header), quote(&p.text)),
            ),
            None => BadCell::new(
                line,
                Some(paid_header),
                format!(
                    "{} paid, but the file has no column of payment dates ({}); name yours with --column paid_on=HEADER",
                    quote(&p.text),
                    Key::PaidOn.aliases().join(", ")
                ),
            ),
        });
    }
    let currency = match cell(Key::Currency).0 {
        "" => None,
        text => Some(Currency::parse(text).map_err(|e| bad(Key::Currency, text, &e.0))?),
    };
    Ok(Row { line, number, client, amount, issued, due, paid, paid_on, currency })
}
