//! Unit tests of the output module: tables fitted to a width, escapes, JSON and CSV.

use std::cell::Cell as Counter;
use std::collections::BTreeMap;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::table::{is_amount, wrap_text};
use super::*;

fn plain(width: Option<usize>) -> Output {
    Output { format: Format::Table, color: false, quiet: false, width, keys: &[] }
}

/// Every line's width, and the words of the text (with how often each
/// comes), to show that wrapping moved words between lines and split none.
fn widest_line(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

fn words(text: &str) -> BTreeMap<&str, usize> {
    let mut words = BTreeMap::new();
    for w in text.split_whitespace() {
        *words.entry(w).or_default() += 1;
    }
    words
}

/// Three flags the way `check` lists them.
fn flags() -> Vec<Vec<Cell>> {
    let row = |at: &str, client: &str, code: &str, detail: &str| -> Vec<Cell> {
        vec![at.into(), client.into(), code.into(), detail.into()]
    };
    vec![
        row(
            "2026-11-01 00:00",
            "acme",
            "overdue-invoice",
            "invoice INV-0001 was due 2026-10-31 and is 20 days late: USD 1,575.00 now due; send `expect remind INV-0001`",
        ),
        row("2026-11-02 09:30", "globex", "no-contact", "Globex has no primary contact"),
        row(
            "2026-11-03 16:00",
            "initech",
            "late-reply",
            "the reply to message 12 was due 2026-11-03 16:00 and none is logged yet; answer Bill",
        ),
    ]
}

const FLAG_HEADERS: [&str; 4] = ["at", "client", "code", "detail"];

#[test]
fn csv_has_json_keys_as_header() {
    #[derive(Serialize)]
    struct Row {
        handle: &'static str,
        amount: &'static str,
        tags: Vec<&'static str>,
        note: Option<&'static str>,
    }
    let rows = [Row { handle: "acme", amount: "1500.00", tags: vec!["a", "b"], note: None }];
    assert_eq!(to_csv(&rows, &[]), "handle,amount,tags,note\nacme,1500.00,a;b,\n");
    // A list with rows takes its header from them, whatever keys are given.
    assert_eq!(
        to_csv(&rows, &["handle", "amount", "tags", "note"]),
        "handle,amount,tags,note\nacme,1500.00,a;b,\n"
    );
}

fn to_csv<T: Serialize>(rows: &[T], keys: &[&str]) -> String {
    let mut out = Vec::new();
    super::csv::write(&mut out, rows, keys).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn an_empty_csv_list_prints_its_header_alone() {
    #[derive(Serialize)]
    struct Row {
        handle: String,
    }
    assert_eq!(to_csv::<Row>(&[], &["handle", "name", "archived"]), "handle,name,archived\n");
    // Without the keys there is no way to know them.
    assert_eq!(to_csv::<Row>(&[], &[]), "");
    let out = plain(None).with_keys(&["handle", "name"]);
    assert_eq!(out.keys, ["handle", "name"]);
    assert_eq!(out.with_keys(&[]).keys, [] as [&str; 0]);
}

#[test]
fn csv_text_that_a_spreadsheet_would_run_gets_a_quote() {
    #[derive(Serialize)]
    struct Row {
        text: String,
    }
    for lead in ["=", "+", "-", "@", "\t", "\r"] {
        let rows = [Row { text: format!("{lead}HYPERLINK(\"http://evil.example\")") }];
        let csv = to_csv(&rows, &[]);
        let cell = csv.strip_prefix("text\n").unwrap();
        assert!(
            cell.starts_with(&format!("\"'{lead}")) || cell.starts_with(&format!("'{lead}")),
            "{lead:?}: {csv:?}"
        );
    }
    let rows = [Row { text: "=1+2".into() }, Row { text: "@SUM(A1)".into() }, Row { text: "a=b".into() }];
    assert_eq!(to_csv(&rows, &[]), "text\n'=1+2\n'@SUM(A1)\na=b\n");
    let rows = [Row { text: "-2+3".into() }, Row { text: "\tx".into() }, Row { text: "\rx".into() }];
    // The CSV writer quotes a field with a CR, not one with a tab.
    assert_eq!(to_csv(&rows, &[]), "text\n'-2+3\n'\tx\n\"'\rx\"\n");
}

#[test]
fn csv_numbers_and_money_stay_plain() {
    #[derive(Serialize)]
    struct Row {
        invoice: &'static str,
        amount: crate::values::Amount,
        days_late: i64,
        rate: f64,
        suspend: bool,
        tags: Vec<&'static str>,
    }
    let rows = [Row {
        invoice: "INV-0001",
        amount: crate::values::Currency::USD.amount(crate::values::Money(150_000)),
        days_late: -3,
        rate: 1.5,
        suspend: false,
        tags: vec!["-x", "y"],
    }];
    assert_eq!(
        to_csv(&rows, &[]),
        "invoice,amount,days_late,rate,suspend,tags\nINV-0001,1500.00,-3,1.5,false,'-x;y\n"
    );
}

#[test]
fn quiet_renders_nothing() {
    struct Loud<'a>(&'a Counter<usize>);
    impl Serialize for Loud<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            self.0.set(self.0.get() + 1);
            s.serialize_str("rendered")
        }
    }
    let made = Counter::new(0);
    let rows = [Loud(&made), Loud(&made)];
    for format in [Format::Table, Format::Json, Format::Csv] {
        let out = Output { format, quiet: true, ..plain(Some(80)) };
        out.list(&rows, &["x"], |_| {
            made.set(made.get() + 1);
            vec!["x".into()]
        })
        .unwrap();
        out.list_with_footer(
            &rows,
            &["x"],
            |_| vec!["x".into()],
            || {
                made.set(made.get() + 1);
                vec![vec!["total".into()]]
            },
        )
        .unwrap();
        out.record(&rows[0], || {
            made.set(made.get() + 1);
            "rendered".into()
        })
        .unwrap();
        out.text("rendered").unwrap();
    }
    assert_eq!(made.get(), 0, "a quiet output rendered something");
}

#[test]
fn amounts_line_up_on_the_right() {
    let rows = vec![
        vec!["INV-0001".into(), "USD 75.00".into(), "2026-11-01".into()],
        vec!["INV-0002".into(), "USD 1,080.92".into(), "2026-11-02".into()],
    ];
    let text = plain(None).table(&["invoice", "due", "issued"], &rows, &[]);
    assert_eq!(
        text,
        "INVOICE            DUE  ISSUED\nINV-0001     USD 75.00  2026-11-01\nINV-0002  USD 1,080.92  2026-11-02\n"
    );
    assert!(is_amount("-5.00") && is_amount("12") && !is_amount("2026-11-01") && !is_amount("net30"));
    assert!(is_amount("EUR 1\u{202f}234,56") && !is_amount("12 34"));
}

#[test]
fn table_is_plain_without_colour() {
    let text = plain(None).table(&["handle", "name"], &[vec!["acme".into(), "Acme Corp".into()]], &[]);
    assert_eq!(text, "HANDLE  NAME\nacme    Acme Corp\n");
}

#[test]
fn colour_styles_cells_and_leaves_no_trailing_blanks() {
    let out = Output { color: true, ..plain(None) };
    let rows = vec![
        vec!["INV-1".into(), Cell::styled("overdue", Style::Bad)],
        vec!["INV-22".into(), Cell::styled("paid", Style::Good)],
    ];
    assert_eq!(
        out.table(&["invoice", "status"], &rows, &[]),
        "\x1b[1mINVOICE\x1b[0m  \x1b[1mSTATUS\x1b[0m\nINV-1    \x1b[31moverdue\x1b[0m\nINV-22   \x1b[32mpaid\x1b[0m\n"
    );
}

#[test]
fn piped_rows_are_never_wrapped() {
    let text = plain(None).table(&FLAG_HEADERS, &flags(), &[]);
    assert_eq!(text.lines().count(), 4);
    assert!(widest_line(&text) > 80);
}

#[test]
fn a_table_that_fits_is_as_piped() {
    let rows = vec![vec!["acme".into(), "Acme Corp".into()]];
    assert_eq!(
        plain(Some(17)).table(&["handle", "name"], &rows, &[]),
        plain(None).table(&["handle", "name"], &rows, &[])
    );
}

#[test]
fn text_columns_wrap_at_word_boundaries_within_80_columns() {
    let text = plain(Some(80)).table(&FLAG_HEADERS, &flags(), &[]);
    assert_eq!(
        text,
        "\
AT                CLIENT   CODE             DETAIL
2026-11-01 00:00  acme     overdue-invoice  invoice INV-0001 was due 2026-10-31
                                            and is 20 days late: USD 1,575.00
                                            now due; send `expect remind
                                            INV-0001`
2026-11-02 09:30  globex   no-contact       Globex has no primary contact
2026-11-03 16:00  initech  late-reply       the reply to message 12 was due
                                            2026-11-03 16:00 and none is logged
                                            yet; answer Bill
"
    );
    assert!(widest_line(&text) <= 80);
    assert_eq!(words(&text), words(&plain(None).table(&FLAG_HEADERS, &flags(), &[])));
}

#[test]
fn text_columns_wrap_at_word_boundaries_within_60_columns() {
    let rows: Vec<Vec<Cell>> = flags().into_iter().map(|r| r[1..].to_vec()).collect();
    let text = plain(Some(60)).table(&FLAG_HEADERS[1..], &rows, &[]);
    assert_eq!(
        text,
        "\
CLIENT   CODE             DETAIL
acme     overdue-invoice  invoice INV-0001 was due
                          2026-10-31 and is 20 days late:
                          USD 1,575.00 now due; send `expect
                          remind INV-0001`
globex   no-contact       Globex has no primary contact
initech  late-reply       the reply to message 12 was due
                          2026-11-03 16:00 and none is
                          logged yet; answer Bill
"
    );
    assert!(widest_line(&text) <= 60);
    assert_eq!(words(&text), words(&plain(None).table(&FLAG_HEADERS[1..], &rows, &[])));
    // With the time column too, the detail would be narrower than is
    // readable: the rows are stacked instead.
    assert!(plain(Some(60)).table(&FLAG_HEADERS, &flags(), &[]).starts_with("at:     2026-11-01 00:00\n"));
}

#[test]
fn a_narrow_terminal_stacks_each_row() {
    let text = plain(Some(40)).table(&FLAG_HEADERS, &flags(), &[]);
    assert_eq!(
        text,
        "\
at:     2026-11-01 00:00
client: acme
code:   overdue-invoice
detail: invoice INV-0001 was due
        2026-10-31 and is 20 days late:
        USD 1,575.00 now due; send
        `expect remind INV-0001`

at:     2026-11-02 09:30
client: globex
code:   no-contact
detail: Globex has no primary contact

at:     2026-11-03 16:00
client: initech
code:   late-reply
detail: the reply to message 12 was due
        2026-11-03 16:00 and none is
        logged yet; answer Bill
"
    );
    assert!(widest_line(&text) <= 40);
}

#[test]
fn only_a_token_wider_than_the_terminal_overflows() {
    let rows = vec![
        vec!["jane".into(), "jane.doe.accounts-payable@acme-holdings.example".into(), "".into()],
        vec!["bo".into(), "bo@acme.example".into(), "USD 1,500.00".into()],
    ];
    let text = plain(Some(24)).table(
        &["name", "email", "owed"],
        &rows,
        &[vec!["total".into(), "".into(), "USD 1,500.00".into()]],
    );
    assert_eq!(
        text,
        "\
name:  jane
email:
jane.doe.accounts-payable@acme-holdings.example

name:  bo
email: bo@acme.example
owed:  USD 1,500.00

name:  total
owed:  USD 1,500.00
"
    );
    for line in text.lines().filter(|l| l.width() > 24) {
        assert!(!line.contains(' '), "only a lone token may overflow: {line:?}");
    }
    // Narrower than an amount: it keeps its line whole, never split.
    let text = plain(Some(8)).table(&["name", "owed"], &[vec!["bo".into(), "USD 1,500.00".into()]], &[]);
    assert_eq!(text, "name: bo\nowed:\nUSD 1,500.00\n");
}

#[test]
fn wrapping_keeps_dates_with_their_times_and_codes_with_their_amounts() {
    assert_eq!(wrap_text("due 2026-11-03 16:00 now", 12), ["due", "2026-11-03 16:00", "now"]);
    assert_eq!(wrap_text("owes USD 1,575.00, due", 10), ["owes", "USD 1,575.00,", "due"]);
    assert_eq!(wrap_text("a  b   c", 4), ["a  b", "c"]);
    assert_eq!(wrap_text("short", 80), ["short"]);
    assert_eq!(wrap_text("wide 日本語の件名 ok", 10), ["wide", "日本語の件名", "ok"]);
}

#[test]
fn control_characters_in_cells_are_shown_escaped() {
    let rows = vec![vec!["acme".into(), "\x1b[2J\x1b]0;pwned\x07 bell\x07 del\x7f csi\u{9b}31m".into()]];
    assert_eq!(
        plain(None).table(&["client", "subject"], &rows, &[]),
        "CLIENT  SUBJECT\nacme    \\e[2J\\e]0;pwned\\x07 bell\\x07 del\\x7f csi\\u{9b}31m\n"
    );
    // A line break cannot forge a row, nor a tab shift the columns.
    let rows = vec![
        vec!["acme".into(), "hello\nglobex  paid in full".into()],
        vec!["globex".into(), "a\tb\r".into()],
    ];
    assert_eq!(
        plain(None).table(&["client", "subject"], &rows, &[]),
        "CLIENT  SUBJECT\nacme    hello\\nglobex  paid in full\nglobex  a\\tb\\r\n"
    );
    assert_eq!(
        plain(Some(10)).table(&["client", "subject"], &rows, &[]),
        "client:\nacme\nsubject:\nhello\\nglobex\npaid in\nfull\n\nclient:\nglobex\nsubject:\na\\tb\\r\n"
    );
}

#[test]
fn the_terminal_width_comes_from_columns_then_the_terminal() {
    assert_eq!(terminal_width(Some("60"), Some(120)), 60);
    assert_eq!(terminal_width(Some(" 72 "), None), 72);
    assert_eq!(terminal_width(Some("wide"), Some(120)), 120);
    assert_eq!(terminal_width(Some("0"), Some(100)), 100);
    assert_eq!(terminal_width(None, Some(0)), 80);
    assert_eq!(terminal_width(None, None), 80);
}

#[test]
fn the_keys_given_are_checked_against_a_row() {
    #[derive(Serialize)]
    struct Row {
        handle: &'static str,
        name: &'static str,
    }
    let row = Row { handle: "acme", name: "Acme Corp" };
    assert!(super::csv::keys_match(&row, &["handle", "name"]));
    assert!(!super::csv::keys_match(&row, &["name", "handle"]));
    assert!(!super::csv::keys_match(&row, &["handle"]));
    assert!(!super::csv::keys_match(&"not an object", &["handle"]));
}
