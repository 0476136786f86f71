//! `import-invoices` through the binary (SPEC 10): CSV exports shaped like
//! an invoicing program's, recorded with their payments and then listed by
//! `invoices` with the same totals; comma-decimal amounts and slashed
//! dates; every refusal naming the file's line and column, exit 2, the book
//! unchanged; a re-run skipping what is recorded; `--dry-run`; and
//! `add-invoice --due`.

mod common;

use common::books::at;
use common::Env;
use serde_json::Value;

const NOW: &str = "2026-11-10";

/// Clients acme ("Acme Corp": net30, late fee 5%, interest 1.5%/month) and
/// globex ("Globex Corporation").
fn book(config: Option<&str>) -> Env {
    let env = config.map_or_else(Env::new, Env::with_config);
    {
        let day = env.runner(&["--as-of", "2026-09-01"]);
        day(&["add-client", "acme", "--name", "Acme Corp", "--late-fee", "5%", "--interest", "1.5%/month"]);
        day(&["add-client", "globex", "--name", "Globex Corporation"]);
    }
    env
}

/// An export as invoicing programs write it: a byte-order mark, CR LF,
/// quoted amounts with thousands separators, a column expect does not
/// read, clients by name (in any case) or handle, a row without due date.
const EXPORT: &str =
    "\u{feff}Invoice #,Customer Name,Invoice Date,Due Date,Total,Amount Paid,Date Paid,Currency,Status\r\n\
INV-1001,Acme Corp,2026-10-01,2026-10-31,\"1,500.00\",500.00,2026-11-05,USD,Partially paid\r\n\
INV-1002,Globex Corporation,2026-10-03,2026-11-02,980.00,0.00,,USD,Overdue\r\n\
INV-1003,globex,2026-10-05,2026-11-04,250.50,250.50,2026-10-20,USD,Paid\r\n\
INV-1004,ACME CORP,2026-11-02,,\"2,000.00\",,,,Sent\r\n";

/// The export's totals in cents: the invoices, and what they say is paid.
const EXPORT_TOTAL: i64 = 150_000 + 98_000 + 25_050 + 200_000;
const EXPORT_PAID: i64 = 50_000 + 25_050;

const RECORDED: &str = "\
INVOICE   CLIENT  ISSUED      DUE               AMOUNT        PAID
INV-1001  acme    2026-10-01  2026-10-31  USD 1,500.00  USD 500.00
INV-1002  globex  2026-10-03  2026-11-02    USD 980.00    USD 0.00
INV-1003  globex  2026-10-05  2026-11-04    USD 250.50  USD 250.50
INV-1004  acme    2026-11-02  2026-12-02  USD 2,000.00    USD 0.00
";

fn write(env: &Env, name: &str, text: &str) -> String {
    std::fs::write(env.path(name), text).expect("write the file");
    name.to_string()
}

/// `"1500.00"` in cents.
fn cents(v: &Value) -> i64 {
    let s = v.as_str().unwrap_or_else(|| panic!("not money: {v}"));
    let (whole, frac) = s.split_once('.').unwrap_or((s, "00"));
    whole.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap()
}

fn total(rows: &Value, key: &str) -> i64 {
    rows.as_array().unwrap().iter().map(|r| cents(&r[key])).sum()
}

#[test]
fn an_invoicing_export_is_recorded_and_invoices_shows_its_totals() {
    let env = book(None);
    let file = write(&env, "export.csv", EXPORT);
    env.ok(&at(NOW, &["import-invoices", &file])).stdout(RECORDED).stderr("");
    env.ok(&at(NOW, &["invoices"])).stdout(
        "\
INVOICE   CLIENT  ISSUED      DUE               AMOUNT        PAID   OUTSTANDING    CHARGES  STATUS
INV-1001  acme    2026-10-01  2026-10-31  USD 1,500.00  USD 500.00  USD 1,000.00  USD 81.16  overdue
INV-1002  globex  2026-10-03  2026-11-02    USD 980.00    USD 0.00    USD 980.00             overdue
INV-1003  globex  2026-10-05  2026-11-04    USD 250.50  USD 250.50      USD 0.00             paid
INV-1004  acme    2026-11-02  2026-12-02  USD 2,000.00    USD 0.00  USD 2,000.00             open
",
    );
    let listed = env.json(&at(NOW, &["invoices"]), 0);
    assert_eq!(total(&listed, "amount"), EXPORT_TOTAL);
    assert_eq!(total(&listed, "paid"), EXPORT_PAID);
    assert_eq!(total(&listed, "outstanding"), EXPORT_TOTAL - EXPORT_PAID);
    // The terms stay the client's: INV-1004's due date came from net30.
    let v = env.json(&at(NOW, &["export", "--format", "json"]), 0);
    let terms: Vec<&str> =
        v["invoices"].as_array().unwrap().iter().map(|i| i["terms"].as_str().unwrap()).collect();
    assert_eq!(terms, ["net30"; 4]);
    // The payment is a payment like any other: the CSV's Amount Paid on its
    // Date Paid (payment 1 is INV-1001's).
    env.ok(&at(NOW, &["unpay", "INV-1003"]))
        .stdout("removed payment 2 of USD 250.50 on 2026-10-20 from INV-1003; outstanding USD 250.50\n");
    let v = env.json(&at(NOW, &["invoices"]), 0);
    let row = v.as_array().unwrap().iter().find(|r| r["invoice"] == "INV-1003").unwrap();
    assert_eq!(
        (row["paid"].as_str(), row["outstanding"].as_str(), row["status"].as_str()),
        (Some("0.00"), Some("250.50"), Some("overdue"))
    );
}

/// The terms stay the client's, and are not the built-in net30: kiosk is on
/// net15, so a row without a due date is due 15 days after issue, and one
/// with a due date keeps it; both record the terms net15.
#[test]
fn the_terms_and_due_date_come_from_the_clients_rules() {
    let env = book(None);
    env.ok(&at("2026-09-01", &["add-client", "kiosk", "--name", "Kiosk", "--terms", "net15"]));
    let file = write(
        &env,
        "kiosk.csv",
        "Invoice,Client,Date,Due,Total\nK-1,kiosk,2026-10-01,,100\nK-2,kiosk,2026-10-01,2026-12-01,100\n",
    );
    let rows = env.json(&at(NOW, &["import-invoices", &file]), 0);
    let due: Vec<(&str, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["invoice"].as_str().unwrap(), r["due"].as_str().unwrap()))
        .collect();
    assert_eq!(due, [("K-1", "2026-10-16"), ("K-2", "2026-12-01")]);
    let v = env.json(&at(NOW, &["export", "--format", "json"]), 0);
    let terms: Vec<(&str, &str, &str)> = v["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["number"].as_str().unwrap(), i["due"].as_str().unwrap(), i["terms"].as_str().unwrap()))
        .collect();
    assert_eq!(terms, [("K-1", "2026-10-16", "net15"), ("K-2", "2026-12-01", "net15")]);
}

#[test]
fn comma_decimals_and_month_first_dates() {
    let text = "Invoice Number,Client,Issue Date,Due,Amount,Paid,Payment Date\n\
                2026/17,acme,10/01/2026,10/31/2026,\"1.500,00\",\"500,00\",11/05/2026\n\
                2026/18,Globex Corporation,10/3/2026,11/2/2026,\"12.345,67\",,\n";
    let rows = |env: &Env, extra: &[&str]| {
        let file = write(env, "de.csv", text);
        let mut args = vec!["import-invoices", file.as_str()];
        args.extend_from_slice(extra);
        env.json(&at(NOW, &args), 0)
    };
    let expected = serde_json::json!([
        {"invoice": "2026/17", "client": "acme", "amount": "1500.00", "issued": "2026-10-01", "due": "2026-10-31", "paid": "500.00"},
        {"invoice": "2026/18", "client": "globex", "amount": "12345.67", "issued": "2026-10-03", "due": "2026-11-02", "paid": "0.00"}
    ]);
    // Told by --numbers, or by the config.
    let env = book(None);
    assert_eq!(rows(&env, &["--numbers", "1.234,56"]), expected);
    let env = book(Some("numbers = \"1.234,56\"\n"));
    assert_eq!(rows(&env, &[]), expected);
    env.ok(&at(NOW, &["invoices"])).stdout(
        "\
INVOICE  CLIENT  ISSUED      DUE                AMOUNT        PAID    OUTSTANDING    CHARGES  STATUS
2026/17  acme    2026-10-01  2026-10-31   USD 1.500,00  USD 500,00   USD 1.000,00  USD 81,16  overdue
2026/18  globex  2026-10-03  2026-11-02  USD 12.345,67    USD 0,00  USD 12.345,67             overdue
",
    );
    assert_eq!(total(&env.json(&at(NOW, &["invoices"]), 0), "amount"), 150_000 + 1_234_567);
    // Read as the default 1,234.56, the same file is bad input.
    let env = book(None);
    let file = write(&env, "de.csv", text);
    env.run(&at(NOW, &["import-invoices", &file])).status(2).stderr(
        "expect: error: de.csv line 2, column \"Amount\": \"1.500,00\": expected an amount like 1500, 1500.50 or 1,500.50\n  \
         hint: nothing was imported; if the file's amounts are written 1.234,56, add --numbers \"1.234,56\"\n",
    );
}

/// SPEC 3: `--numbers` overrides the config's `numbers` for the file.
#[test]
fn numbers_on_the_command_line_override_the_config() {
    let env = book(Some("numbers = \"1.234,56\"\n"));
    let file = write(&env, "export.csv", EXPORT);
    let before = env.db_bytes();
    env.run(&at(NOW, &["import-invoices", &file])).status(2).stderr(
        "expect: error: export.csv line 2, column \"Total\": \"1,500.00\": expected an amount like 1500, 1500,50 or 1.500,50\n  \
         hint: nothing was imported; if the file's amounts are written 1,234.56, add --numbers \"1,234.56\"\n",
    );
    assert_eq!(env.db_bytes(), before);
    let rows = env.json(&at(NOW, &["import-invoices", &file, "--numbers", "1,234.56"]), 0);
    let amounts: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["amount"].as_str().unwrap()).collect();
    assert_eq!(amounts, ["1500.00", "980.00", "250.50", "2000.00"]);
    // Text output still follows the config.
    env.ok(&at(NOW, &["invoices", "--client", "globex"])).stdout_has("USD 250,50");
}

/// SPEC 3: `1 234,56` takes a space or U+202F as the separator; a style
/// that is none of the three is refused.
#[test]
fn amounts_in_the_space_style_and_an_unknown_style() {
    let env = book(None);
    let file = write(
        &env,
        "space.csv",
        "Invoice;Client;Date;Total\nA-1;acme;2026-10-01;1 500,00\nA-2;acme;2026-10-01;12\u{202F}345,67\n",
    );
    let before = env.db_bytes();
    env.run(&at(NOW, &["import-invoices", &file, "--numbers", "1_234"]))
        .status(2)
        .stdout("")
        .stderr("expect: error: --numbers \"1_234\": expected \"1,234.56\", \"1.234,56\" or \"1 234,56\"\n");
    assert_eq!(env.db_bytes(), before);
    let rows = env.json(&at(NOW, &["import-invoices", &file, "--numbers", "1 234,56"]), 0);
    let amounts: Vec<(&str, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["invoice"].as_str().unwrap(), r["amount"].as_str().unwrap()))
        .collect();
    assert_eq!(amounts, [("A-1", "1500.00"), ("A-2", "12345.67")]);
}

#[test]
fn semicolons_day_first_dates_and_columns_named_on_the_command_line() {
    let text = "Rechnung;Kunde;Datum;Fällig;Betrag;Bezahlt;Bezahlt am\n\
                R-7;acme;01/10/2026;31/10/2026;1.500,00;1.500,00;05.11.2026\n";
    let env = book(None);
    let file = write(&env, "rechnungen.csv", text);
    let columns = [
        "--column",
        "number=Rechnung",
        "--column",
        "client=Kunde",
        "--column",
        "issued=Datum",
        "--column",
        "due=fällig",
        "--column",
        "amount=Betrag",
        "--column",
        "paid=Bezahlt",
        "--column",
        "paid_on=Bezahlt am",
        "--dates",
        "dmy",
        "--numbers",
        "1.234,56",
    ];
    let mut args = vec!["import-invoices", file.as_str()];
    args.extend_from_slice(&columns);
    env.ok(&at(NOW, &args)).stdout(
        "\
INVOICE  CLIENT  ISSUED      DUE               AMOUNT          PAID
R-7      acme    2026-10-01  2026-10-31  USD 1,500.00  USD 1,500.00
",
    );
    // Paid five days late: the late fee and interest are still owed.
    let v = env.json(&at(NOW, &["invoices"]), 0);
    assert_eq!((v[0]["status"].as_str(), v[0]["charges_owed"].as_str()), (Some("charges"), Some("78.70")));
    // Read month first, 31/10/2026 has no month 31: the hint says how to read it.
    let env = book(None);
    let file = write(&env, "rechnungen.csv", text);
    let mut args = vec!["import-invoices", file.as_str()];
    args.extend_from_slice(&columns[..columns.len() - 4]);
    args.extend_from_slice(&["--numbers", "1.234,56"]);
    env.run(&at(NOW, &args)).status(2).stderr(
        "expect: error: rechnungen.csv line 2, column \"Fällig\": \"31/10/2026\": there is no month 31 (slashes are read month first)\n  \
         hint: nothing was imported; if the file's dates are day first (30/11/2026), add --dates dmy\n",
    );
}

/// A file of the export's header, a good row (line 2) and `row` (line 3).
fn with_bad_row(env: &Env, row: &str) -> String {
    let header = "Invoice #,Customer Name,Invoice Date,Due Date,Total,Amount Paid,Date Paid,Currency";
    write(env, "bad.csv", &format!("{header}\nINV-2000,globex,2026-10-01,2026-10-31,100.00,,,\n{row}\n"))
}

#[test]
fn every_refusal_names_its_line_and_column_and_changes_nothing() {
    let env = book(None);
    let day = env.runner(&["--as-of", "2026-09-01"]);
    day(&["add-client", "umbrella", "--name", "Umbrella Corp"]);
    day(&["add-client", "umbrella-eu", "--name", "Umbrella Corp"]);
    day(&["add-client", "oldco", "--name", "Old Co"]);
    day(&["archive-client", "oldco"]);
    env.ok(&at(NOW, &["import-invoices", &write(&env, "export.csv", EXPORT)]));
    let fix = "nothing was imported; fix the file and run again";
    let cases: &[(&str, &str, &str)] = &[
        ("INV-2001,Initech,2026-10-01,2026-10-31,100.00,,,", "Customer Name", "unknown client \"Initech\": no client has that handle or name"),
        ("INV-2001,Globex Corp,2026-10-01,,100.00,,,", "Customer Name", "unknown client \"Globex Corp\": no client has that handle or name"),
        ("INV-2001,acmee,2026-10-01,,100.00,,,", "Customer Name", "unknown client \"acmee\": no client has that handle or name (did you mean \"acme\"?)"),
        ("INV-2001,umbrella corp,2026-10-01,,100.00,,,", "Customer Name", "\"umbrella corp\" is the name of clients umbrella and umbrella-eu: write the handle instead"),
        ("INV-2001,Old Co,2026-10-01,,100.00,,,", "Customer Name", "client oldco is archived"),
        ("INV-2001,globex,2026-10-01,,10.005,,,", "Total", "\"10.005\": USD has 2 decimals, e.g. 1500.50"),
        ("INV-2001,globex,2026-10-01,,-100.00,,,", "Total", "\"-100.00\": an amount is never negative, expected an amount like 1500, 1500.50 or 1,500.50"),
        ("INV-2001,globex,2026-10-01,,0.00,,,", "Total", "\"0.00\": expected an amount above zero, e.g. 1500.50"),
        ("INV-2001,globex,2026-10-01,,€100,,,", "Total", "\"€100\": the amount is in USD, not EUR, e.g. 1500.50"),
        ("INV-2001,globex,2026-02-30,,100.00,,,", "Invoice Date", "\"2026-02-30\": not a day of the calendar"),
        ("INV-2001,globex,Oct 1 2026,,100.00,,,", "Invoice Date", "\"Oct 1 2026\": expected a date as YYYY-MM-DD, MM/DD/YYYY or DD.MM.YYYY, e.g. 2026-11-30"),
        ("INV-2001,globex,2026-10-01,2026-09-30,100.00,,,", "Due Date", "due date 2026-09-30 is before the issue date 2026-10-01"),
        ("INV-1001,acme,2026-10-01,2026-10-31,1600.00,,,", "Total", "invoice INV-1001 is already recorded with amount USD 1,500.00, not USD 1,600.00"),
        ("INV-1001,acme,2026-10-02,2026-10-31,1500.00,,,", "Invoice Date", "invoice INV-1001 is already recorded issued 2026-10-01, not 2026-10-02"),
        ("INV-1001,acme,2026-10-01,2026-11-30,1500.00,,,", "Due Date", "invoice INV-1001 is already recorded due 2026-10-31, not 2026-11-30"),
        ("INV-1001,globex,2026-10-01,2026-10-31,1500.00,,,", "Customer Name", "invoice INV-1001 is already recorded for client acme, not globex"),
        ("INV-2001,globex,2026-10-01,,100.00,40.00,,", "Date Paid", "empty, but \"Amount Paid\" is \"40.00\": a payment needs its date"),
        ("INV-2001,globex,2026-10-01,,100.00,150.00,2026-10-15,", "Amount Paid", "more than invoice INV-2001 owes if paid on 2026-10-15 (at most USD 100.00)"),
        ("INV-2001,globex,2026-10-01,,100.00,100.00,2026-09-15,", "Date Paid", "2026-09-15: the payment is dated before invoice INV-2001 was issued (2026-10-01)"),
        ("INV-2001,globex,2026-10-01,,100.00,100.00,2026-11-11,", "Date Paid", "2026-11-11: the payment is dated after today (2026-11-10)"),
        ("INV-2001,globex,2026-10-01,,100.00,,,EUR", "Currency", "\"EUR\": client globex is billed in USD"),
        ("INV-2001,globex,2026-10-01,,100.00,,,dollars", "Currency", "\"dollars\": expected an ISO 4217 currency code, e.g. EUR"),
        ("INV 2001,globex,2026-10-01,,100.00,,,", "Invoice #", "\"INV 2001\": expected up to 40 letters, digits and - _ . / # (not starting with .), e.g. INV-0042"),
        (",globex,2026-10-01,,100.00,,,", "Invoice #", "empty: expected an invoice number, e.g. INV-0042"),
    ];
    for &(row, column, why) in cases {
        let file = with_bad_row(&env, row);
        let before = env.db_bytes();
        env.run(&at(NOW, &["import-invoices", &file]))
            .status(2)
            .stdout("")
            .stderr(&format!("expect: error: bad.csv line 3, column \"{column}\": {why}\n  hint: {fix}\n"));
        assert_eq!(env.db_bytes(), before, "{row}");
    }
    // A line with more cells than the header has, an amount in another
    // style, and a slashed date that may be day first.
    let before = env.db_bytes();
    let file = with_bad_row(&env, "INV-2001,globex,2026-10-01,,\"1.500,00\",,,");
    env.run(&at(NOW, &["import-invoices", &file])).status(2).stderr(
        "expect: error: bad.csv line 3, column \"Total\": \"1.500,00\": expected an amount like 1500, 1500.50 or 1,500.50\n  \
         hint: nothing was imported; if the file's amounts are written 1.234,56, add --numbers \"1.234,56\"\n",
    );
    let file = with_bad_row(&env, "INV-2001,globex,2026-10-01,,100.00,,,USD,extra");
    env.run(&at(NOW, &["import-invoices", &file])).status(2).stderr(&format!(
        "expect: error: bad.csv line 3: 9 cells, but the header has 8 columns\n  hint: {fix}\n"
    ));
    let file = with_bad_row(&env, "INV-2001,globex,13/10/2026,,100.00,,,");
    env.run(&at(NOW, &["import-invoices", &file])).status(2).stderr(
        "expect: error: bad.csv line 3, column \"Invoice Date\": \"13/10/2026\": there is no month 13 (slashes are read month first)\n  \
         hint: nothing was imported; if the file's dates are day first (30/11/2026), add --dates dmy\n",
    );
    assert_eq!(env.db_bytes(), before);
    env.ok(&at(NOW, &["invoices"])).stdout(RECORDED_LIST);
}

/// `invoices` after the export alone.
const RECORDED_LIST: &str = "\
INVOICE   CLIENT  ISSUED      DUE               AMOUNT        PAID   OUTSTANDING    CHARGES  STATUS
INV-1001  acme    2026-10-01  2026-10-31  USD 1,500.00  USD 500.00  USD 1,000.00  USD 81.16  overdue
INV-1002  globex  2026-10-03  2026-11-02    USD 980.00    USD 0.00    USD 980.00             overdue
INV-1003  globex  2026-10-05  2026-11-04    USD 250.50  USD 250.50      USD 0.00             paid
INV-1004  acme    2026-11-02  2026-12-02  USD 2,000.00    USD 0.00  USD 2,000.00             open
";

#[test]
fn columns_that_are_missing_unknown_or_ambiguous_are_refused() {
    let env = book(None);
    let file = write(&env, "few.csv", "Invoice,Client,Date\nINV-1,acme,2026-10-01\n");
    env.run(&at(NOW, &["import-invoices", &file])).status(2).stderr(
        "expect: error: few.csv line 1: no column for amount: expected a header \"Amount\", \"Total\" or \"Invoice Total\"\n  \
         hint: name the file's column with --column amount=HEADER\n",
    );
    env.run(&at(NOW, &["import-invoices", &file, "--column", "amount=Sum"])).status(2).stderr(
        "expect: error: --column \"amount=Sum\": few.csv has no column \"Sum\"\n  \
         hint: its header row names \"Invoice\", \"Client\", \"Date\"\n",
    );
    let file = write(
        &env,
        "two.csv",
        "Invoice,Client,Date,Invoice Date,Total\nINV-1,acme,2026-10-01,2026-10-01,5\n",
    );
    env.run(&at(NOW, &["import-invoices", &file])).status(2).stderr(
        "expect: error: two.csv line 1: columns \"Date\" and \"Invoice Date\" could each hold issued\n  \
         hint: name one with --column issued=HEADER\n",
    );
    env.run(&at(NOW, &["import-invoices", &file, "--column", "price=Total"])).status(2).stderr_has(
        "--column \"price=Total\": expected number, client, amount, issued, due, paid, paid_on or currency",
    );
    env.run(&at(NOW, &["import-invoices", &file, "--dates", "ymd"]))
        .status(2)
        .stderr_has("--dates \"ymd\": expected mdy (11/30/2026) or dmy (30/11/2026)");
    env.run(&at(NOW, &["import-invoices", "missing.csv"])).status(2).stderr_has("reading missing.csv");
    // Naming the column settles it, and nothing else is needed.
    env.ok(&at(NOW, &["import-invoices", &file, "--column", "issued=Invoice Date"]))
        .stdout_has("INV-1    acme    2026-10-01  2026-10-31  USD 5.00  USD 0.00");
    env.ok(&at(NOW, &["invoices"])).stdout_has("INV-1");
}

#[test]
fn a_rerun_skips_what_is_recorded_and_adds_what_is_new() {
    let env = book(None);
    let file = write(&env, "export.csv", EXPORT);
    env.ok(&at(NOW, &["import-invoices", &file])).stdout(RECORDED);
    let before = env.db_bytes();
    env.ok(&at(NOW, &["import-invoices", &file]))
        .stdout("")
        .stderr("expect: skipped 4 invoices already recorded: INV-1001, INV-1002, INV-1003, INV-1004\n");
    env.ok(&at(NOW, &["--format", "json", "import-invoices", &file])).stdout("[]\n");
    env.ok(&at(NOW, &["--format", "csv", "import-invoices", &file]))
        .stdout("invoice,client,amount,issued,due,paid\n");
    assert_eq!(env.db_bytes(), before);
    // A later export holds one more invoice (and INV-1004 with its due date).
    let later = format!(
        "{}INV-1004,acme,2026-11-02,2026-12-02,2000.00,,,,Sent\r\nINV-1005,globex,2026-11-09,2026-12-09,75.00,75.00,2026-11-09,USD,Paid\r\n",
        EXPORT.split_inclusive('\n').take(4).collect::<String>()
    );
    let file = write(&env, "later.csv", &later);
    env.ok(&at(NOW, &["import-invoices", &file]))
        .stdout(
            "\
INVOICE   CLIENT  ISSUED      DUE            AMOUNT       PAID
INV-1005  globex  2026-11-09  2026-12-09  USD 75.00  USD 75.00
",
        )
        .stderr("expect: skipped 4 invoices already recorded: INV-1001, INV-1002, INV-1003, INV-1004\n");
    // The same number twice in one file: the second is the first's copy.
    let twice = "Invoice,Client,Date,Total\nA-1,acme,2026-10-01,10\nA-1,acme,2026-10-01,10\n";
    env.ok(&at(NOW, &["import-invoices", &write(&env, "twice.csv", twice)]))
        .stderr("expect: skipped 1 invoice already recorded: A-1\n");
}

/// SPEC 10: a number already recorded with the same client, amount, issue
/// and due dates is skipped, also when a later export shows it paid since:
/// the new payment is not recorded (record it with `pay`).
#[test]
fn a_rerun_whose_file_now_shows_a_payment_skips_the_invoice() {
    let env = book(None);
    env.ok(&at(NOW, &["import-invoices", &write(&env, "export.csv", EXPORT)])).stdout(RECORDED);
    let original = "INV-1002,Globex Corporation,2026-10-03,2026-11-02,980.00,0.00,,USD,Overdue\r\n";
    let paid = "INV-1002,Globex Corporation,2026-10-03,2026-11-02,980.00,980.00,2026-11-09,USD,Paid\r\n";
    assert!(EXPORT.contains(original));
    let file = write(&env, "later.csv", &EXPORT.replace(original, paid));
    let before = env.db_bytes();
    env.ok(&at(NOW, &["import-invoices", &file]))
        .stdout("")
        .stderr("expect: skipped 4 invoices already recorded: INV-1001, INV-1002, INV-1003, INV-1004\n");
    assert_eq!(env.db_bytes(), before);
    let v = env.json(&at(NOW, &["invoices"]), 0);
    let row = v.as_array().unwrap().iter().find(|r| r["invoice"] == "INV-1002").unwrap();
    assert_eq!(
        (row["paid"].as_str(), row["outstanding"].as_str(), row["status"].as_str()),
        (Some("0.00"), Some("980.00"), Some("overdue"))
    );
}

#[test]
fn a_dry_run_checks_everything_and_records_nothing() {
    let env = book(None);
    let file = write(&env, "export.csv", EXPORT);
    let before = env.db_bytes();
    env.ok(&at(NOW, &["import-invoices", &file, "--dry-run"]))
        .stdout(RECORDED)
        .stderr("expect: dry run: nothing was recorded\n");
    assert_eq!(env.db_bytes(), before);
    env.ok(&at(NOW, &["invoices"])).stdout("");
    let bad = with_bad_row(&env, "INV-2001,Initech,2026-10-01,,100.00,,,");
    env.run(&at(NOW, &["import-invoices", &bad, "--dry-run"]))
        .status(2)
        .stderr_has("bad.csv line 3, column \"Customer Name\"");
    assert_eq!(env.db_bytes(), before);
    env.ok(&at(NOW, &["import-invoices", &file])).stdout(RECORDED);
}

#[test]
fn a_file_of_a_header_alone_records_nothing() {
    let env = book(None);
    let file = write(&env, "none.csv", "Invoice #,Customer Name,Invoice Date,Total\n");
    env.ok(&at(NOW, &["import-invoices", &file])).stdout("").stderr("");
    env.ok(&at(NOW, &["--format", "csv", "import-invoices", &file]))
        .stdout("invoice,client,amount,issued,due,paid\n");
    env.ok(&at(NOW, &["--format", "json", "import-invoices", &file])).stdout("[]\n");
    let empty = write(&env, "empty.csv", "");
    env.run(&at(NOW, &["import-invoices", &empty]))
        .status(2)
        .stderr_has("empty.csv line 1: the file is empty: expected a header row");
}

#[test]
fn add_invoice_due_sets_the_due_date_and_keeps_the_terms() {
    let env = book(None);
    let v = env.json(&at("2026-10-01", &["add-invoice", "acme", "1500", "--due", "2026-12-15"]), 0);
    assert_eq!(
        (v["issued"].as_str(), v["due"].as_str(), v["terms"].as_str()),
        (Some("2026-10-01"), Some("2026-12-15"), Some("net30"))
    );
    let v =
        env.json(&at("2026-10-01", &["add-invoice", "acme", "200", "--terms", "net15", "--due", "dec 4"]), 0);
    assert_eq!((v["due"].as_str(), v["terms"].as_str()), (Some("2026-12-04"), Some("net15")));
    env.ok(&at(
        "2026-10-01",
        &["add-invoice", "acme", "300", "--issued", "2026-10-01", "--due", "2026-10-01"],
    ))
    .stdout("added invoice INV-0003 (acme, USD 300.00 due 2026-10-01)\n");
    // Not overdue on 2026-12-15, its due date; overdue the day after.
    env.run(&at("2026-12-15", &["overdue", "--client", "acme"]))
        .status(1)
        .stdout_has("INV-0003")
        .stdout_has("INV-0002");
    let v = env.json(&at("2026-12-15", &["overdue"]), 1);
    assert!(v.as_array().unwrap().iter().all(|r| r["invoice"] != "INV-0001"), "{v}");
    // The day after, 1 day late (grace 0d): fee 5% of 1,500.00, one day of
    // 1,500.00 × 0.18 / 365 = 0.74.
    let v = env.json(&at("2026-12-16", &["overdue"]), 1);
    let row = v.as_array().unwrap().iter().find(|r| r["invoice"] == "INV-0001").expect("INV-0001 overdue");
    assert_eq!(
        (row["due"].as_str(), row["days_late"].as_i64(), row["late_fee"].as_str(), row["interest"].as_str()),
        (Some("2026-12-15"), Some(1), Some("75.00"), Some("0.74"))
    );
    let before = env.db_bytes();
    env.run(&at("2026-10-01", &["add-invoice", "acme", "100", "--due", "2026-09-30"])).status(2).stderr(
        "expect: error: --due \"2026-09-30\": 2026-09-30 is before the issue date (2026-10-01), e.g. --due 2026-10-01\n",
    );
    env.run(&at(
        "2026-10-01",
        &["add-invoice", "acme", "100", "--issued", "2026-10-05", "--due", "yesterday"],
    ))
    .status(2)
    .stderr_has("--due \"yesterday\": 2026-09-30 is before the issue date (2026-10-05)");
    env.run(&at("2026-10-01", &["add-invoice", "acme", "100", "--due", "someday"]))
        .status(2)
        .stderr_has("--due \"someday\"");
    assert_eq!(env.db_bytes(), before);
}
