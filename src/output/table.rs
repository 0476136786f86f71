//! Tables for people (SPEC 2): upper-case headers, columns two spaces
//! apart, amounts on the right, no trailing blanks. Given a width (stdout is
//! a terminal), a table that is too wide wraps its text columns at word
//! boundaries; when even its longest words cannot sit side by side, every
//! row is stacked as `key: value` lines. A token — a word, a date with its
//! time, a currency code with its amount — is never broken: only one wider
//! than the whole width overflows, on a line of its own. Without a width
//! (piped) rows are one line each.
//!
//! Rows are measured as they are added and written line by line, so a table
//! is held once, as its cells, and never as one big string.

use std::borrow::Cow;
use std::io::{self, Write};

use unicode_width::UnicodeWidthStr as _;

use super::text::escape_controls;
use super::{Cell, Style};

/// Blanks between two columns.
const GAP: usize = 2;
/// The narrowest a column is wrapped to, below which a table of thin
/// columns of many lines reads worse than stacked rows.
const READABLE: usize = 20;
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// A table being built: cells are escaped and measured as rows come in.
#[derive(Debug, Default)]
pub(super) struct Table {
    /// The headers as given, the keys of stacked rows.
    keys: Vec<String>,
    /// The headers upper-cased, the table's first line.
    titles: Vec<String>,
    body: Vec<Vec<Cell>>,
    footer: Vec<Vec<Cell>>,
    columns: Vec<Column>,
}

/// What the layout needs to know of a column.
#[derive(Debug, Default, Clone, Copy)]
struct Column {
    /// Its widest cell, header included.
    natural: usize,
    /// Its widest token: narrower, a token would break.
    least: usize,
    /// Body cells that are amounts, and that are other text.
    amounts: usize,
    texts: usize,
}

impl Column {
    fn measure(&mut self, text: &str) {
        let width = text.width();
        if width > self.least {
            self.least = self.least.max(widest_token(text));
        }
        self.natural = self.natural.max(width);
    }

    /// The narrowest this column may be: its widest token, and no narrower
    /// than [`READABLE`] unless it is narrower whole.
    fn floor(self) -> usize {
        self.least.max(self.natural.min(READABLE))
    }

    fn right_aligned(self) -> bool {
        self.amounts > 0 && self.texts == 0
    }
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        let mut table = Table {
            keys: headers.iter().map(|h| escape_controls(h).into_owned()).collect(),
            titles: headers.iter().map(|h| escape_controls(&h.to_uppercase()).into_owned()).collect(),
            ..Table::default()
        };
        table.columns = table.titles.iter().map(|_| Column::default()).collect();
        for (column, title) in table.columns.iter_mut().zip(&table.titles) {
            column.measure(title);
        }
        table
    }

    /// Adds a row of the list.
    pub fn push(&mut self, cells: Vec<Cell>) {
        let cells = self.admit(cells, true);
        self.body.push(cells);
    }

    /// Adds a row after the list (a total); it does not decide alignment.
    pub fn push_footer(&mut self, cells: Vec<Cell>) {
        let cells = self.admit(cells, false);
        self.footer.push(cells);
    }

    fn admit(&mut self, mut cells: Vec<Cell>, body: bool) -> Vec<Cell> {
        if self.columns.len() < cells.len() {
            self.columns.resize(cells.len(), Column::default());
        }
        for (cell, column) in cells.iter_mut().zip(&mut self.columns) {
            if let Cow::Owned(escaped) = escape_controls(&cell.text) {
                cell.text = escaped;
            }
            cell.text.truncate(cell.text.trim_end().len());
            column.measure(&cell.text);
            if body && !cell.text.is_empty() {
                if is_amount(&cell.text) {
                    column.amounts += 1;
                } else {
                    column.texts += 1;
                }
            }
        }
        cells
    }

    /// Writes the table: nothing for an empty list; fitted to `width` when
    /// there is one.
    pub fn write(&self, out: &mut impl Write, width: Option<usize>, color: bool) -> io::Result<()> {
        if self.body.is_empty() || self.columns.is_empty() {
            return Ok(());
        }
        let gaps = GAP * (self.columns.len() - 1);
        let natural: Vec<usize> = self.columns.iter().map(|c| c.natural).collect();
        let widths = match width {
            Some(width) if natural.iter().sum::<usize>() + gaps > width => {
                let floor: usize = self.columns.iter().map(|c| c.floor()).sum();
                if floor + gaps > width {
                    return self.write_stacked(out, width, color);
                }
                self.share(width - gaps)
            }
            _ => natural.clone(),
        };
        let wrap = widths != natural;
        let mut line = String::new();
        let bold = if color { Some(BOLD) } else { None };
        let titles = self.titles.iter().map(|t| (t.as_str(), bold));
        self.write_row(out, titles, &widths, wrap, &mut line)?;
        for row in self.body.iter().chain(&self.footer) {
            let cells = row.iter().map(|c| (c.text.as_str(), if color { sgr(c.style) } else { None }));
            self.write_row(out, cells, &widths, wrap, &mut line)?;
        }
        Ok(())
    }

    /// Column widths within `room`: every column gets its floor, and what
    /// is left goes first to the columns that need least to be whole, then
    /// evenly to the rest (the long text columns).
    fn share(&self, room: usize) -> Vec<usize> {
        let mut widths: Vec<usize> = self.columns.iter().map(|c| c.floor()).collect();
        let mut left = room.saturating_sub(widths.iter().sum());
        let mut wanting: Vec<(usize, usize)> = self
            .columns
            .iter()
            .zip(&widths)
            .enumerate()
            .filter(|(_, (c, &w))| c.natural > w)
            .map(|(i, (c, &w))| (c.natural - w, i))
            .collect();
        wanting.sort_unstable();
        let mut count = wanting.len();
        for (want, i) in wanting {
            let give = want.min(left / count);
            widths[i] += give;
            left -= give;
            count -= 1;
        }
        widths
    }

    /// One row, on as many lines as its tallest cell needs; `line` is a
    /// reused buffer.
    fn write_row<'a>(
        &self,
        out: &mut impl Write,
        cells: impl Iterator<Item = (&'a str, Option<&'static str>)>,
        widths: &[usize],
        wrap: bool,
        line: &mut String,
    ) -> io::Result<()> {
        let cells: Vec<(Vec<&str>, Option<&str>)> = cells
            .zip(widths)
            .map(|((text, sgr), &width)| (if wrap { wrap_text(text, width) } else { vec![text] }, sgr))
            .collect();
        let height = cells.iter().map(|(lines, _)| lines.len()).max().unwrap_or(0);
        for n in 0..height {
            line.clear();
            // Blanks owed before the next text: none are written after the last.
            let mut owed = 0;
            for (((lines, sgr), &width), column) in cells.iter().zip(widths).zip(&self.columns) {
                let text = lines.get(n).copied().unwrap_or_default();
                let pad = width.saturating_sub(text.width());
                if text.is_empty() {
                    owed += width + GAP;
                    continue;
                }
                let (before, after) = if column.right_aligned() { (pad, 0) } else { (0, pad) };
                push_blanks(line, owed + before);
                push_styled(line, text, *sgr);
                owed = after + GAP;
            }
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    }

    /// Every row as `key: value` lines, a blank line between rows, values
    /// lined up after the longest key and wrapped under themselves; a value
    /// whose tokens do not fit beside its key starts on the next line.
    fn write_stacked(&self, out: &mut impl Write, width: usize, color: bool) -> io::Result<()> {
        let indent = self.keys.iter().map(|k| k.width()).max().unwrap_or(0) + 2;
        let mut line = String::new();
        for (n, row) in self.body.iter().chain(&self.footer).enumerate() {
            if n > 0 {
                out.write_all(b"\n")?;
            }
            for (i, cell) in row.iter().enumerate().filter(|(_, c)| !c.text.is_empty()) {
                let key = self.keys.get(i).map_or("", String::as_str);
                let sgr = if color { sgr(cell.style) } else { None };
                line.clear();
                push_styled(&mut line, &format!("{key}:"), if color { Some(BOLD) } else { None });
                let beside = width.saturating_sub(indent);
                if widest_token(&cell.text) <= beside {
                    push_blanks(&mut line, indent - key.width() - 1);
                    for (k, part) in wrap_text(&cell.text, beside).into_iter().enumerate() {
                        if k > 0 {
                            line.push('\n');
                            push_blanks(&mut line, indent);
                        }
                        push_styled(&mut line, part, sgr);
                    }
                } else {
                    for part in wrap_text(&cell.text, width) {
                        line.push('\n');
                        push_styled(&mut line, part, sgr);
                    }
                }
                line.push('\n');
                out.write_all(line.as_bytes())?;
            }
        }
        Ok(())
    }
}

fn push_blanks(line: &mut String, n: usize) {
    line.extend(std::iter::repeat_n(' ', n));
}

fn push_styled(line: &mut String, text: &str, sgr: Option<&str>) {
    match sgr {
        Some(code) => {
            line.push_str(code);
            line.push_str(text);
            line.push_str(RESET);
        }
        None => line.push_str(text),
    }
}

/// The terminal code that starts a style.
fn sgr(style: Style) -> Option<&'static str> {
    match style {
        Style::Plain => None,
        Style::Bad => Some("\x1b[31m"),
        Style::Warn => Some("\x1b[33m"),
        Style::Good => Some("\x1b[32m"),
        Style::Dim => Some("\x1b[2m"),
    }
}

/// Whether a cell holds an amount or a count (`1,500.00`, `USD 75.00`, `12`),
/// which line up on the right.
pub(super) fn is_amount(text: &str) -> bool {
    let t = match text.split_once(' ') {
        Some((code, rest)) if is_code(code) => rest,
        _ => text,
    };
    let t = t.strip_prefix('-').unwrap_or(t);
    t.bytes().any(|b| b.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '\u{202f}'))
}

/// `text` in lines no wider than `width`, broken at spaces between tokens;
/// a token wider than `width` has a line to itself.
pub(super) fn wrap_text(text: &str, width: usize) -> Vec<&str> {
    if text.width() <= width {
        return vec![text];
    }
    let mut lines = Vec::new();
    // The line so far: start, end (bytes) and width.
    let mut current: Option<(usize, usize, usize)> = None;
    for (start, end) in tokens(text) {
        let w = text[start..end].width();
        current = Some(match current {
            // The blanks between two tokens are ASCII spaces, one column each.
            Some((from, to, so_far)) if so_far + (start - to) + w <= width => {
                (from, end, so_far + (start - to) + w)
            }
            Some((from, to, _)) => {
                lines.push(&text[from..to]);
                (start, end, w)
            }
            None => (start, end, w),
        });
    }
    if let Some((from, to, _)) = current {
        lines.push(&text[from..to]);
    }
    lines
}

fn widest_token(text: &str) -> usize {
    tokens(text).map(|(start, end)| text[start..end].width()).max().unwrap_or(0)
}

/// The byte ranges of `text`'s tokens: its words between spaces, except
/// that a date keeps its time (`2026-11-30 16:00`) and a currency code its
/// amount (`USD 1,500.00`).
fn tokens(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut words = words(text).peekable();
    std::iter::from_fn(move || {
        let (start, mut end) = words.next()?;
        let mut last = start;
        while let Some(&(s, e)) = words.peek() {
            if s != end + 1 || !joined(&text[last..end], &text[s..e]) {
                break;
            }
            words.next();
            (last, end) = (s, e);
        }
        Some((start, end))
    })
}

/// The byte ranges of the runs of `text` between spaces.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        while bytes.get(at).is_some_and(|&b| b != b' ') {
            at += 1;
        }
        Some((start, at))
    })
}

/// Whether two words, one space apart, are one token.
fn joined(first: &str, next: &str) -> bool {
    let first = first.trim_start_matches(|c: char| !c.is_alphanumeric());
    let digit = next.bytes().next().is_some_and(|b| b.is_ascii_digit());
    (is_code(first) && digit) || (is_date(first) && is_time(next))
}

/// A currency code: three upper-case ASCII letters.
fn is_code(word: &str) -> bool {
    word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// `YYYY-MM-DD`.
fn is_date(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// Starts with `HH:MM`.
fn is_time(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 5 && b[2] == b':' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit())
}
