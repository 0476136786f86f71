//! CSV of every list and report (SPEC 2): with nothing to list, the header
//! row alone, and it names the same keys, in the same order, as the JSON
//! rows the command prints when it has something to list; and Python's
//! `csv` module reads each, row for row, as those JSON rows.

mod common;

use std::io::Write as _;
use std::process::{Command, Stdio};

use common::Env;
use serde_json::Value;

const AS_OF: &str = "2026-11-20T12:00";

/// Each list command, with its exit status on the demo database and on an
/// empty one (`members` is never empty: it lists `me`).
const LISTS: &[(&[&str], i32, i32)] = &[
    (&["check"], 1, 0),
    (&["overdue"], 1, 0),
    (&["remind", "--dry-run"], 1, 0),
    (&["invoices"], 0, 0),
    (&["messages"], 0, 0),
    (&["contracts"], 0, 0),
    (&["clients"], 0, 0),
    (&["calendar"], 0, 0),
    (&["waiting"], 0, 0),
    (&["projects"], 0, 0),
    (&["scorecard"], 0, 0),
];

#[test]
fn an_empty_list_prints_its_csv_header_with_the_json_keys() {
    let demo = Env::new();
    let db = demo.path("demo.db");
    let db = db.to_str().expect("a UTF-8 path");
    demo.run(&["--as-of", AS_OF, "--format", "json", "demo", "--db", db]).status(0);
    let empty = Env::new();
    empty.ok(&["--as-of", AS_OF, "init"]);
    for &(args, full_status, empty_status) in LISTS {
        let mut full = vec!["--db", db, "--as-of", AS_OF];
        full.extend_from_slice(args);
        let rows = demo.json(&full, full_status);
        let first = rows.get(0).and_then(|r| r.as_object()).unwrap_or_else(|| panic!("{args:?}: no rows"));
        let keys: Vec<&str> = first.keys().map(String::as_str).collect();

        let mut csv = vec!["--as-of", AS_OF, "--format", "csv"];
        csv.extend_from_slice(args);
        let run = empty.run(&csv).status(empty_status);
        assert_eq!(run.stdout, format!("{}\n", keys.join(",")), "{args:?}\n{}", run.describe());

        let mut table = vec!["--as-of", AS_OF];
        table.extend_from_slice(args);
        empty.run(&table).status(empty_status).stdout("");
        let mut json = vec!["--as-of", AS_OF, "--format", "json"];
        json.extend_from_slice(args);
        empty.run(&json).status(empty_status).stdout("[]\n");
    }
}

/// Whether `python3` can be run; when it cannot, CI fails (`.ci/run`
/// installs it) and elsewhere the test says why it stops.
fn have_python() -> bool {
    let found = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(found || std::env::var_os("CI").is_none(), "python3 is missing: .ci/run installs it");
    if !found {
        eprintln!("skipped: python3 is not installed (apt-get install python3)");
    }
    found
}

/// `text` as Python's `csv` module reads it: the records, each a list of
/// cells.
fn python_csv(text: &str) -> Vec<Vec<String>> {
    let mut child = Command::new("python3")
        .args(["-c", "import csv, json, sys; print(json.dumps(list(csv.reader(sys.stdin))))"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run python3");
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python3 csv failed on:\n{text}");
    serde_json::from_slice(&out.stdout).expect("JSON from python")
}

/// A JSON value as its CSV cell (SPEC 2): null empty, lists joined by `;`,
/// a text that a spreadsheet would run as a formula behind a `'`.
fn cell(v: &Value) -> String {
    let guard = |s: String| if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s };
    match v {
        Value::Null => String::new(),
        Value::String(s) => guard(s.clone()),
        Value::Array(items) => guard(
            items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(";"),
        ),
        other => other.to_string(),
    }
}

#[test]
fn python_csv_reads_every_report_as_its_json_rows_and_the_header_when_empty() {
    if !have_python() {
        return;
    }
    let demo = Env::new();
    let db = demo.path("demo.db");
    let db = db.to_str().expect("a UTF-8 path");
    demo.run(&["--as-of", AS_OF, "demo", "--db", db]).status(0);
    let empty = Env::new();
    empty.ok(&["--as-of", AS_OF, "init"]);
    for &(args, full_status, empty_status) in LISTS {
        let mut full = vec!["--db", db, "--as-of", AS_OF];
        full.extend_from_slice(args);
        let rows = demo.json(&full, full_status);
        let rows = rows.as_array().unwrap();
        let keys: Vec<String> = rows[0].as_object().unwrap().keys().cloned().collect();
        let mut csv = vec!["--format", "csv"];
        csv.extend_from_slice(&full);
        let text = demo.run(&csv).status(full_status).stdout;
        let records = python_csv(&text);
        assert_eq!(records[0], keys, "{args:?}");
        assert_eq!(records.len(), rows.len() + 1, "{args:?}: one record per row\n{text}");
        for (record, row) in records[1..].iter().zip(rows) {
            let cells: Vec<String> = keys.iter().map(|k| cell(&row[k])).collect();
            assert_eq!(record, &cells, "{args:?}");
        }
        let mut csv = vec!["--as-of", AS_OF, "--format", "csv"];
        csv.extend_from_slice(args);
        let text = empty.run(&csv).status(empty_status).stdout;
        assert_eq!(python_csv(&text), [keys], "{args:?}: the header alone");
    }
}
