//! Currencies with their own minor unit and amounts as people type them,
//! through the binary (SPEC 2, 3, 6): JPY with no decimals and KWD with
//! three, in input, arithmetic, JSON and text; `numbers = "1.234,56"` for
//! typing and showing; a currency sign of the client's currency accepted
//! and another refused; one money format in text.

mod common;

use common::books::{at, spec_example_in};
use common::Env;

fn client(env: &Env, handle: &str, currency: &str, rules: &[&str]) {
    let mut args =
        vec!["--as-of", "2026-10-01", "add-client", handle, "--name", handle, "--currency", currency];
    args.extend_from_slice(rules);
    env.ok(&args);
}

#[test]
fn a_yen_invoice_has_no_decimals_anywhere() {
    let env = Env::new();
    client(&env, "tokyo", "jpy", &["--interest", "1.5%/month", "--rush-fee", "5000"]);
    let before = env.db_bytes();
    env.run(&at("2026-10-01", &["add-invoice", "tokyo", "150000.5"]))
        .status(2)
        .stderr("expect: error: AMOUNT \"150000.5\": JPY has no decimals, e.g. 1500\n");
    assert_eq!(env.db_bytes(), before);
    env.ok(&at("2026-10-01", &["add-invoice", "tokyo", "150000"]))
        .stdout("added invoice INV-0001 (tokyo, JPY 150,000 due 2026-10-31)\n");
    // 20 days late: 150,000 × 20 × 18% / 365 = 540,000 / 365 = 1,479.45... → JPY 1,479.
    let v = env.json(&at("2026-11-20", &["overdue"]), 1);
    assert_eq!(v[0]["days_late"], 20);
    assert_eq!(v[0]["amount"], "150000");
    assert_eq!(v[0]["interest"], "1479");
    assert_eq!(v[0]["late_fee"], "0");
    assert_eq!(v[0]["total_due"], "151479");
    let table = env.run(&at("2026-11-20", &["overdue"])).status(1).stdout;
    assert!(
        table.contains("JPY 150,000") && table.contains("JPY 1,479") && table.contains("JPY 151,479"),
        "{table}"
    );
    let csv = env.run(&at("2026-11-20", &["--format", "csv", "overdue"])).status(1).stdout;
    assert!(csv.contains(",JPY,150000,0,150000,"), "{csv}");
    env.run(&at("2026-11-20", &["pay", "INV-0001", "151480"])).status(2).stderr_has("(at most JPY 151,479)");
    env.ok(&at("2026-11-20", &["pay", "INV-0001", "151479"]));
    let doc = env.ok(&["export"]).stdout;
    assert!(doc.contains("amount = \"150000\"") && doc.contains("amount = \"151479\""), "{doc}");
    env.ok(&at("2026-11-20", &["show-client", "tokyo"])).stdout_has("  rush_fee       JPY 5,000\n");
}

#[test]
fn a_dinar_invoice_has_three_decimals() {
    let env = Env::new();
    client(&env, "kuwait", "KWD", &["--late-fee", "5%", "--interest", "1.5%/month"]);
    env.ok(&at("2026-10-01", &["add-invoice", "kuwait", "1,234.567"]));
    env.run(&at("2026-10-01", &["add-invoice", "kuwait", "1.2345"]))
        .status(2)
        .stderr_has("KWD has 3 decimals");
    // 5% of 1,234.567 = 61.72835 → 61.728; 1,234.567 × 10 × 18% / 365 = 6.0882... → 6.088.
    let v = env.json(&at("2026-11-10", &["overdue"]), 1);
    assert_eq!(v[0]["amount"], "1234.567");
    assert_eq!(v[0]["late_fee"], "61.728");
    assert_eq!(v[0]["interest"], "6.088");
    assert_eq!(v[0]["total_due"], "1302.383");
    let flags = env.json(&at("2026-11-10", &["check", "--only", "overdue-invoice"]), 1);
    assert!(flags[0]["detail"].as_str().unwrap().contains("KWD 1,302.383 now due"), "{flags:#}");
    let list = env.json(&at("2026-11-10", &["invoices"]), 0);
    assert_eq!((list[0]["paid"].as_str(), list[0]["charges_owed"].as_str()), (Some("0.000"), Some("67.816")));
}

#[test]
fn numbers_with_a_decimal_comma_for_typing_and_showing() {
    let env = Env::with_config("currency = \"EUR\"\nnumbers = \"1.234,56\"\n");
    client(&env, "acme", "EUR", &["--late-fee", "5%"]);
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "1.500,50"]))
        .stdout("added invoice INV-0001 (acme, EUR 1.500,50 due 2026-10-31)\n");
    env.run(&at("2026-10-01", &["add-invoice", "acme", "1500.50"]))
        .status(2)
        .stderr_has("AMOUNT \"1500.50\": expected an amount like 1500, 1500,50 or 1.500,50");
    // JSON and CSV keep 1234.56.
    let v = env.json(&at("2026-11-10", &["overdue"]), 1);
    assert_eq!((v[0]["amount"].as_str(), v[0]["late_fee"].as_str()), (Some("1500.50"), Some("75.03")));
    let table = env.run(&at("2026-11-10", &["overdue"])).status(1).stdout;
    assert!(table.contains("EUR 1.500,50") && table.contains("EUR 75,03"), "{table}");
    // A refusal's example is typed the same way, and works.
    env.run(&at("2026-11-10", &["pay", "INV-0001", "2000"]))
        .status(2)
        .stderr_has("(at most EUR 1.575,53)")
        .stderr_has("e.g. expect pay INV-0001 1575,53 --on 2026-11-10");
    env.ok(&at("2026-11-10", &["pay", "INV-0001", "1575,53"]))
        .stdout("recorded payment 1 of EUR 1.575,53 on INV-0001 (2026-11-10); outstanding EUR 0,00\n");
    let spaced = Env::with_config("currency = \"EUR\"\nnumbers = \"1 234,56\"\n");
    client(&spaced, "acme", "EUR", &[]);
    spaced
        .ok(&at("2026-10-01", &["add-invoice", "acme", "12 500,5"]))
        .stdout("added invoice INV-0001 (acme, EUR 12\u{202F}500,50 due 2026-10-31)\n");
}

/// SPEC 2 and 3: text in the config's `numbers` style everywhere the
/// same: reminders, `check` details, the sheet and the calendar feed, for
/// the worked example of SPEC 6 as of 2026-11-10.
#[test]
fn reminders_check_the_sheet_and_the_feed_follow_the_numbers_style() {
    let env = spec_example_in(Env::with_config("numbers = \"1.234,56\"\n"));
    let now = |args: &[&'static str]| at("2026-11-10", args);
    let remind = env.run(&now(&["remind", "INV-0001", "--dry-run"])).status(1);
    for line in [
        "  Amount:        USD 1.500,00\n",
        "  Paid so far:   USD 500,00\n",
        "  Outstanding:   USD 1.000,00\n",
        "  Late fee:      USD 75,00\n",
        "  Interest:      USD 6,16 (to 2026-11-10)\n",
        "  Total now due: USD 1.081,16\n",
    ] {
        assert!(remind.stdout.contains(line), "reminder lacks {line:?}\n{}", remind.stdout);
    }
    let flags = env.json(&now(&["check", "--only", "overdue-invoice"]), 1);
    assert_eq!(
        flags[0]["detail"],
        "invoice INV-0001 was due 2026-10-31 and is 10 days late: USD 1.081,16 now due; send `expect remind INV-0001`"
    );
    let ics = env.ok(&now(&["calendar", "--ics"])).stdout;
    assert!(ics.contains("\r\nSUMMARY:INV-0001 due from acme (USD 1.000\\,00)\r\n"), "{ics}");
    assert!(!ics.contains("1,500.00") && !ics.contains("1\\,000.00"), "{ics}");
    // A flat fee in the sheet: the rule as written, the amount in the style.
    env.ok(&["--as-of", "2026-10-01", "add-client", "flat", "--name", "Flat", "--late-fee", "1500"]);
    env.ok(&now(&["sheet", "flat"]))
        .stdout_has("- **Late fee:** `1500.00`: a flat USD 1.500,00 is added once the invoice is late.\n");
}

#[test]
fn a_currency_sign_of_the_clients_currency_is_accepted_and_another_refused() {
    let env = Env::new();
    client(&env, "euro", "EUR", &[]);
    env.ok(&at("2026-10-01", &["add-invoice", "euro", "€1,500"])).stdout_has("EUR 1,500.00");
    env.ok(&at("2026-10-01", &["add-invoice", "euro", "250 EUR"])).stdout_has("EUR 250.00");
    let before = env.db_bytes();
    env.run(&at("2026-10-01", &["add-invoice", "euro", "$1500"]))
        .status(2)
        .stderr("expect: error: AMOUNT \"$1500\": the amount is in EUR, not USD, e.g. 1500.50\n");
    env.run(&at("2026-10-01", &["pay", "INV-0001", "100 GBP"])).status(2).stderr_has("in EUR, not GBP");
    assert_eq!(env.db_bytes(), before);
    // A flat fee typed with the sign of another currency is refused too.
    env.run(&at("2026-10-01", &["edit-client", "euro", "--late-fee", "£25"]))
        .status(2)
        .stderr_has("--late-fee \"£25\": the amount is in EUR, not GBP");
}

#[test]
fn one_money_format_in_text() {
    let env = Env::new();
    client(&env, "acme", "USD", &["--late-fee", "25"]);
    env.ok(&at("2026-10-01", &["add-project", "acme", "site", "--phase", "design=2000"]));
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "2000", "--project", "site", "--phase", "design"]));
    env.ok(&at("2026-10-05", &["pay", "INV-0001", "500"]))
        .stdout("recorded payment 1 of USD 500.00 on INV-0001 (2026-10-05); outstanding USD 1,500.00\n");
    env.ok(&at("2026-10-06", &["unpay", "INV-0001"]))
        .stdout("removed payment 1 of USD 500.00 on 2026-10-05 from INV-0001; outstanding USD 2,000.00\n");
    let invoices = env.ok(&at("2026-11-10", &["invoices"])).stdout;
    assert!(invoices.contains("USD 2,000.00  USD 0.00  USD 2,000.00  USD 25.00"), "{invoices}");
    env.ok(&at("2026-11-10", &["projects"])).stdout_has("USD 2,000.00");
    let show = env.ok(&at("2026-11-10", &["show-client", "acme"])).stdout;
    assert!(show.contains("late_fee       USD 25.00\n"), "{show}");
    let sheet = env.ok(&at("2026-11-10", &["sheet", "acme"])).stdout;
    assert!(sheet.contains("a flat USD 25.00 is added"), "{sheet}");
    for text in [&invoices, &show, &sheet] {
        assert!(!text.contains(".00 USD"), "{text}");
    }
}

/// A schema-2 book from an earlier build kept every currency in
/// hundredths: opening it converts its amounts and says what changed.
#[test]
fn an_earlier_book_in_hundredths_is_upgraded_and_says_so() {
    let env = Env::file();
    std::fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(include_str!("../src/store/sql/0001_init.sql")).unwrap();
    conn.execute_batch(include_str!("../src/store/sql/0002_mail_money_identity.sql")).unwrap();
    conn.execute_batch(
        "INSERT INTO book (key, value) VALUES ('id', 'b1');
         INSERT INTO members (id, handle, name) VALUES (1, 'me', 'Me');
         INSERT INTO clients (id, handle, name, manager_id, currency, created_at) VALUES (1, 'tokyo', 'Tokyo KK', 1, 'JPY', 0);
         INSERT INTO rule_versions (id, client_id, created_at, channels, response, terms, grace, late_fee, interest,
             suspend_after, turnaround, start_within, cutoff, rush_fee, phase_gating, notice_period)
           VALUES (1, 1, 0, 'email', '1-2bd', 'net30', '0d', '', '1.5%/month', '', '5bd', '2bd', '', '', 'off', '30d');
         INSERT INTO invoices (id, client_id, number, amount, issued, due, terms, created_at) VALUES
           (1, 1, 'T-1', 15000050, '2026-10-01', '2026-10-31', 'net30', 0);
         PRAGMA application_id = 1163415619; PRAGMA user_version = 2;",
    )
    .unwrap();
    drop(conn);
    let first = env.run(&["--as-of", "2026-11-20", "--format", "json", "overdue"]).status(1);
    let db = env.db.display().to_string();
    assert_eq!(
        first.stderr,
        format!(
            "expect: upgraded {db}: client tokyo: amounts in JPY now kept with 0 decimal(s) instead of 2; 1 rounded:\n\
             expect: upgraded {db}:   invoices T-1: JPY 150000.50 kept in hundredths is now JPY 150,001\n"
        )
    );
    let v: serde_json::Value = serde_json::from_str(&first.stdout).unwrap();
    // 150,001 × 20 days × 18% / 365 = 1,479.46... → JPY 1,479.
    assert_eq!((v[0]["amount"].as_str(), v[0]["interest"].as_str()), (Some("150001"), Some("1479")));
    let again = env.run(&["--as-of", "2026-11-20", "invoices"]).status(0);
    assert_eq!(again.stderr, "", "said once");
    assert!(env.db.with_extension("db.v2.bak").exists());
}
