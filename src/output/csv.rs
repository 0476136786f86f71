//! CSV (SPEC 2): a header of the JSON keys — also for an empty list, when
//! the caller named them — then one record per row, written as it is made.
//! Lists are joined with `;`, nested objects written as JSON, and a text
//! cell that a spreadsheet would run as a formula gets a leading `'`.

use std::borrow::Cow;
use std::io::Write;

use anyhow::Context as _;
use serde::Serialize;
use serde_json::Value;

/// Writes `rows` as CSV; `keys` is the header when there are no rows.
pub(super) fn write<T: Serialize>(out: impl Write, rows: &[T], keys: &[&str]) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = false;
    for row in rows {
        let Value::Object(map) = serde_json::to_value(row)? else {
            anyhow::bail!("internal: CSV rows must be objects");
        };
        if !header {
            w.write_record(map.keys()).map_err(csv_error)?;
            header = true;
        }
        for value in map.values() {
            w.write_field(field(value).as_bytes()).map_err(csv_error)?;
        }
        w.write_record(None::<&[u8]>).map_err(csv_error)?;
    }
    if !header && !keys.is_empty() {
        w.write_record(keys).map_err(csv_error)?;
    }
    w.flush().context("writing output")
}

/// Whether `keys` are `row`'s JSON keys, in order (a debug check of the
/// keys a caller gives for empty lists).
pub(super) fn keys_match<T: Serialize>(row: &T, keys: &[&str]) -> bool {
    match serde_json::to_value(row) {
        Ok(Value::Object(map)) => keys.iter().copied().eq(map.keys().map(String::as_str)),
        _ => false,
    }
}

/// An I/O error stays one (a broken pipe is recognised by its kind).
fn csv_error(e: csv::Error) -> anyhow::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => anyhow::Error::new(e).context("writing output"),
        kind => anyhow::anyhow!("internal: writing CSV: {kind:?}"),
    }
}

/// One cell: numbers, booleans and null plain; text and lists guarded.
fn field(v: &Value) -> Cow<'_, str> {
    match v {
        Value::Null => Cow::Borrowed(""),
        Value::String(s) => guard(Cow::Borrowed(s)),
        Value::Array(items) => guard(Cow::Owned(items.iter().map(plain).collect::<Vec<_>>().join(";"))),
        // Numbers stay plain (SPEC 2), and an object starts with `{`.
        Value::Bool(_) | Value::Number(_) | Value::Object(_) => Cow::Owned(v.to_string()),
    }
}

fn plain(v: &Value) -> Cow<'_, str> {
    match v {
        Value::String(s) => Cow::Borrowed(s),
        Value::Array(items) => Cow::Owned(items.iter().map(plain).collect::<Vec<_>>().join(";")),
        other => field(other),
    }
}

/// OWASP's advice against CSV injection: a cell that begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'`. Money is never
/// negative, so an amount never needs it.
fn guard(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    }
}
