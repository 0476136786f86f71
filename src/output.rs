//! Rendering: commands build rows; this module prints them as a table, one
//! JSON document, or CSV with the JSON keys as header (SPEC 2). Colour only
//! under `auto` on a terminal and never with `NO_COLOR`, or with `always`.

use std::io::{self, IsTerminal as _, Write};

use anyhow::Context as _;
use comfy_table::{presets, Attribute, Cell as TableCell, CellAlignment, Color, ContentArrangement, Table};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// Serializes [`Money`](crate::values::Money) the JSON way: a string with two
/// decimals and no separators (`"1582.40"`).
pub fn money<S: Serializer>(m: &crate::values::Money, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&m.to_string())
}

/// [`money`] for an optional amount (`null` when there is none).
pub fn money_opt<S: Serializer>(m: &Option<crate::values::Money>, s: S) -> Result<S::Ok, S::Error> {
    match m {
        Some(m) => money(m, s),
        None => s.serialize_none(),
    }
}

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
}

impl Output {
    /// Resolves `--color` with `NO_COLOR` and whether stdout is a terminal.
    pub fn new(format: Format, color: ColorChoice, quiet: bool) -> Output {
        let color = match color {
            ColorChoice::Always => {
                // `always` wins over NO_COLOR (SPEC 2), but the terminal
                // library behind comfy-table reads NO_COLOR itself; this runs
                // once, before any thread or output exists.
                std::env::remove_var("NO_COLOR");
                true
            }
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
            }
        };
        Output { format, color, quiet }
    }

    fn write(&self, text: &str) -> anyhow::Result<()> {
        if self.quiet || text.is_empty() {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes()).context("writing output")?;
        out.flush().context("writing output")?;
        Ok(())
    }

    /// Prints text as it is (letters, sheets, confirmations), with a final
    /// newline.
    pub fn text(&self, text: &str) -> anyhow::Result<()> {
        if text.ends_with('\n') {
            self.write(text)
        } else {
            self.write(&format!("{text}\n"))
        }
    }

    /// Prints a list. `headers` title the table columns and `cells` gives a
    /// row's table cells; JSON and CSV use the rows' serde keys. An empty
    /// list prints nothing in table and CSV, and `[]` in JSON.
    pub fn list<T: Serialize>(
        &self,
        rows: &[T],
        headers: &[&str],
        cells: impl Fn(&T) -> Vec<Cell>,
    ) -> anyhow::Result<()> {
        self.list_with_footer(rows, headers, cells, &[])
    }

    /// Like [`Output::list`], with extra table rows (totals) after the list.
    pub fn list_with_footer<T: Serialize>(
        &self,
        rows: &[T],
        headers: &[&str],
        cells: impl Fn(&T) -> Vec<Cell>,
        footer: &[Vec<Cell>],
    ) -> anyhow::Result<()> {
        match self.format {
            Format::Json => self.write(&format!("{}\n", serde_json::to_string_pretty(rows)?)),
            Format::Csv => self.write(&to_csv(rows)?),
            Format::Table => {
                if rows.is_empty() {
                    return Ok(());
                }
                let body: Vec<Vec<Cell>> = rows.iter().map(cells).collect();
                self.write(&self.table(headers, &body, footer))
            }
        }
    }

    /// Prints one record: JSON as an object, otherwise the `human` text.
    pub fn record<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) -> anyhow::Result<()> {
        match self.format {
            Format::Json => self.write(&format!("{}\n", serde_json::to_string_pretty(value)?)),
            Format::Csv => self.write(&to_csv(std::slice::from_ref(value))?),
            Format::Table => self.text(&human()),
        }
    }

    /// Renders a table as text.
    pub fn table(&self, headers: &[&str], rows: &[Vec<Cell>], footer: &[Vec<Cell>]) -> String {
        let mut table = Table::new();
        table.load_preset(presets::NOTHING).set_content_arrangement(ContentArrangement::Disabled);
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table.set_header(headers.iter().map(|h| {
            let c = TableCell::new(h.to_uppercase());
            if self.color {
                c.add_attribute(Attribute::Bold)
            } else {
                c
            }
        }));
        for row in rows.iter().chain(footer) {
            table.add_row(row.iter().map(|c| self.cell(c)));
        }
        for (i, column) in table.column_iter_mut().enumerate() {
            column.set_padding((0, 2));
            let mut texts =
                rows.iter().filter_map(|r| r.get(i)).map(|c| c.text.as_str()).filter(|t| !t.is_empty());
            if texts.clone().next().is_some() && texts.all(is_amount) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        // comfy-table pads every cell; trailing blanks only clutter mail.
        let mut text = table.to_string().lines().map(trim_line).collect::<Vec<_>>().join("\n");
        text.push('\n');
        text
    }

    fn cell(&self, c: &Cell) -> TableCell {
        let cell = TableCell::new(&c.text);
        if !self.color {
            return cell;
        }
        match c.style {
            Style::Plain => cell,
            Style::Bad => cell.fg(Color::Red),
            Style::Warn => cell.fg(Color::Yellow),
            Style::Good => cell.fg(Color::Green),
            Style::Dim => cell.add_attribute(Attribute::Dim),
        }
    }
}

/// A table line without trailing blanks, also those just before a final
/// colour reset.
fn trim_line(line: &str) -> String {
    const RESET: &str = "\x1b[0m";
    let line = line.trim_end();
    match line.strip_suffix(RESET) {
        Some(body) => format!("{}{RESET}", body.trim_end()),
        None => line.to_string(),
    }
}

/// Whether a cell holds an amount or a count (`1,500.00`, `USD 75.00`, `12`),
/// which line up on the right.
fn is_amount(text: &str) -> bool {
    let t = match text.split_once(' ') {
        Some((code, rest)) if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => text,
    };
    let t = t.strip_prefix('-').unwrap_or(t);
    t.bytes().any(|b| b.is_ascii_digit()) && t.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
}

/// CSV with a header of the JSON keys; lists are joined with `;`, nested
/// objects written as JSON.
fn to_csv<T: Serialize>(rows: &[T]) -> anyhow::Result<String> {
    if rows.is_empty() {
        return Ok(String::new());
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header_written = false;
    for row in rows {
        let Value::Object(map) = serde_json::to_value(row)? else {
            anyhow::bail!("internal: CSV rows must be objects");
        };
        if !header_written {
            w.write_record(map.keys())?;
            header_written = true;
        }
        w.write_record(map.values().map(csv_field))?;
    }
    Ok(String::from_utf8(w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?)
}

fn csv_field(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(csv_field).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        handle: &'static str,
        amount: &'static str,
        tags: Vec<&'static str>,
        note: Option<&'static str>,
    }

    #[test]
    fn csv_has_json_keys_as_header() {
        let rows = [Row { handle: "acme", amount: "1500.00", tags: vec!["a", "b"], note: None }];
        assert_eq!(to_csv(&rows).unwrap(), "handle,amount,tags,note\nacme,1500.00,a;b,\n");
        assert_eq!(to_csv::<Row>(&[]).unwrap(), "");
    }

    #[test]
    fn amounts_line_up_on_the_right() {
        let out = Output { format: Format::Table, color: false, quiet: false };
        let rows = vec![
            vec!["INV-0001".into(), "USD 75.00".into(), "2026-11-01".into()],
            vec!["INV-0002".into(), "USD 1,080.92".into(), "2026-11-02".into()],
        ];
        let text = out.table(&["invoice", "due", "issued"], &rows, &[]);
        assert_eq!(
            text,
            "INVOICE            DUE  ISSUED\nINV-0001     USD 75.00  2026-11-01\nINV-0002  USD 1,080.92  2026-11-02\n"
        );
        assert!(is_amount("-5.00") && is_amount("12") && !is_amount("2026-11-01") && !is_amount("net30"));
    }

    #[test]
    fn table_is_plain_without_colour() {
        let out = Output { format: Format::Table, color: false, quiet: false };
        let text = out.table(&["handle", "name"], &[vec!["acme".into(), "Acme Corp".into()]], &[]);
        assert_eq!(text, "HANDLE  NAME\nacme    Acme Corp\n");
    }
}
