//! CSV of every list and report (SPEC 2): with nothing to list, the header
//! row alone, and it names the same keys, in the same order, as the JSON
//! rows the command prints when it has something to list.

mod common;

use common::Env;

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
