//! `export --format journal` (SPEC 10): the receivables as an hledger /
//! Ledger journal, exactly as written for the worked example of SPEC 6,
//! and read by the real `hledger`: its balance of `assets:receivable` is,
//! client by client, the outstanding plus the charges owed that `invoices`
//! lists (and `overdue`'s total due), for a book with partial payments, late
//! fees, interest, a waiver, a void invoice and three currencies;
//! `hledger check --strict` accepts it.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::books::{at, spec_example_in};
use common::Env;

/// Whether `program` can be run; when it cannot, CI fails (`.ci/run`
/// installs it) and elsewhere the test says why it stops.
fn have(program: &str, package: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(found || std::env::var_os("CI").is_none(), "{program} is missing: .ci/run installs {package}");
    if !found {
        eprintln!("skipped: {program} is not installed (apt-get install {package})");
    }
    found
}

const SPEC_JOURNAL: &str = "\
; The receivables kept by expect, as of 2026-11-10: invoices, payments, late fees
; and interest. `hledger -f FILE balance assets:receivable` shows what is owed.

commodity USD

account assets:bank
account assets:receivable:acme
account revenue:acme
account revenue:interest
account revenue:late-fees

payee acme

2026-10-01 (INV-0001) acme | invoice
    assets:receivable:acme   USD 1500.00
    revenue:acme            USD -1500.00

2026-10-02 (INV-0002) acme | invoice
    assets:receivable:acme    USD 200.00
    revenue:acme             USD -200.00

2026-10-20 (INV-0002) acme | payment
    assets:bank               USD 200.00
    assets:receivable:acme   USD -200.00

2026-11-01 (INV-0001) acme | late fee
    assets:receivable:acme     USD 75.00
    revenue:late-fees         USD -75.00

2026-11-05 (INV-0001) acme | payment
    assets:bank               USD 500.00
    assets:receivable:acme   USD -500.00

2026-11-10 (INV-0001) acme | interest to 2026-11-10
    assets:receivable:acme      USD 6.16
    revenue:interest           USD -6.16
";

/// The worked example of SPEC 6 in `env`, with the invoices SPEC_JOURNAL
/// shows and those it leaves out.
fn spec_book(env: Env) -> Env {
    let env = spec_example_in(env);
    env.ok(&at("2026-10-02", &["add-invoice", "acme", "200"]));
    env.ok(&at("2026-10-20", &["pay", "INV-0002"]));
    env.ok(&at("2026-10-03", &["add-invoice", "acme", "300"]));
    env.ok(&at("2026-10-04", &["void", "INV-0003"]));
    // Issued and paid after the as-of date: not in it.
    env.ok(&at("2026-11-12", &["add-invoice", "acme", "400"]));
    env.ok(&at("2026-11-12", &["pay", "INV-0001", "100"]));
    env
}

#[test]
fn the_worked_example_of_spec_6_as_a_journal() {
    let env = spec_book(Env::new());
    let journal = env.ok(&at("2026-11-10", &["export", "--format", "journal"])).stdout(SPEC_JOURNAL);
    // EXPECT_FORMAT does not change it, nor does the global --format.
    let mut cmd =
        env.command(&["--as-of", "2026-11-10", "--format", "json", "export", "--format", "journal"]);
    let out = cmd.env("EXPECT_FORMAT", "csv").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), journal.stdout);
    // Nothing owed yet: the directives and the invoices, no charges.
    let early = env.ok(&at("2026-10-01", &["export", "--format", "journal"]));
    assert!(early.stdout.ends_with(
        "2026-10-01 (INV-0001) acme | invoice\n    assets:receivable:acme   USD 1500.00\n    revenue:acme            USD -1500.00\n"
    ));
    // An empty book: the comment alone.
    let empty = Env::new();
    empty.ok(&["init"]);
    empty.ok(&at("2026-11-10", &["export", "--format", "journal"])).stdout(
        "; The receivables kept by expect, as of 2026-11-10: invoices, payments, late fees\n\
         ; and interest. `hledger -f FILE balance assets:receivable` shows what is owed.\n",
    );
}

/// SPEC 3: the journal always writes `1234.56`, whatever the config's
/// `numbers` says (the text output of the same book does follow it).
#[test]
fn the_journal_ignores_the_numbers_style() {
    for (style, shown) in [("1.234,56", "USD 1.000,00"), ("1 234,56", "USD 1\u{202F}000,00")] {
        let env = spec_book(Env::with_config(&format!("numbers = \"{style}\"\n")));
        env.ok(&at("2026-11-10", &["invoices"])).stdout_has(shown);
        env.ok(&at("2026-11-10", &["export", "--format", "journal"])).stdout(SPEC_JOURNAL);
    }
}

/// A book of three clients in three currencies, as of 2026-12-15.
fn book() -> Env {
    let env = Env::new();
    let day = |d: &'static str, args: &[&str]| {
        env.ok(&at(d, args));
    };
    day(
        "2026-09-01",
        &["add-client", "acme", "--name", "Acme", "--late-fee", "5%", "--interest", "1.5%/month"],
    );
    day(
        "2026-09-01",
        &[
            "add-client",
            "globex",
            "--name",
            "Globex",
            "--currency",
            "EUR",
            "--late-fee",
            "25.00",
            "--interest",
            "8%/year",
            "--grace",
            "5d",
        ],
    );
    day(
        "2026-09-01",
        &["add-client", "kaisha", "--name", "Kaisha", "--currency", "JPY", "--interest", "10%/year"],
    );
    // acme: a partial payment; paid late (charges owed); a waived fee; a void one.
    day("2026-10-01", &["add-invoice", "acme", "1500", "--issued", "2026-10-01"]);
    day("2026-11-05", &["pay", "INV-0001", "500"]);
    day("2026-10-05", &["add-invoice", "acme", "800", "--issued", "2026-10-05"]);
    day("2026-11-20", &["pay", "INV-0002", "800"]);
    day("2026-10-10", &["add-invoice", "acme", "200", "--issued", "2026-10-10"]);
    day("2026-12-01", &["waive", "INV-0003", "--fee"]);
    day("2026-10-12", &["add-invoice", "acme", "300", "--issued", "2026-10-12"]);
    day("2026-10-13", &["void", "INV-0004"]);
    // acme: paid late, then the charges paid in part.
    day("2026-10-01", &["add-invoice", "acme", "100", "--issued", "2026-10-01", "--due", "2026-10-15"]);
    day("2026-11-01", &["pay", "INV-0005"]);
    day("2026-11-02", &["pay", "INV-0005", "3.00"]);
    // globex: overdue past its grace, a flat fee.
    day("2026-10-15", &["add-invoice", "globex", "1000", "--issued", "2026-10-15"]);
    day("2026-11-01", &["add-invoice", "globex", "50", "--issued", "2026-11-01"]);
    day("2026-11-25", &["pay", "INV-0007", "50"]);
    // kaisha: yen, paid in part.
    day("2026-11-01", &["add-invoice", "kaisha", "150000", "--issued", "2026-11-01", "--terms", "net14"]);
    day("2026-11-20", &["pay", "INV-0008", "50000"]);
    env
}

/// `1234.56` as an integer of its decimals, and how many.
fn parse(amount: &str) -> (i64, usize) {
    match amount.split_once('.') {
        Some((w, f)) => (format!("{w}{f}").parse().unwrap(), f.len()),
        None => (amount.parse().unwrap(), 0),
    }
}

fn show(units: i64, decimals: usize) -> String {
    if decimals == 0 {
        return units.to_string();
    }
    let scale = 10_i64.pow(decimals as u32);
    format!("{}.{:0decimals$}", units / scale, units % scale)
}

/// What `invoices` says each client owes: `assets:receivable:<client>` and
/// `CODE amount`, summing outstanding and charges owed of every row.
fn owed_by_invoices(env: &Env, as_of: &str) -> BTreeMap<String, String> {
    let rows = env.json(&at(as_of, &["invoices"]), 0);
    let mut sums: BTreeMap<String, (String, i64, usize)> = BTreeMap::new();
    for r in rows.as_array().unwrap() {
        let (outstanding, d) = parse(r["outstanding"].as_str().unwrap());
        let (charges, _) = parse(r["charges_owed"].as_str().unwrap());
        let e = sums
            .entry(format!("assets:receivable:{}", r["client"].as_str().unwrap()))
            .or_insert_with(|| (r["currency"].as_str().unwrap().to_string(), 0, d));
        e.1 += outstanding + charges;
    }
    sums.into_iter()
        .filter(|(_, (_, n, _))| *n != 0)
        .map(|(k, (c, n, d))| (k, format!("{c} {}", show(n, d))))
        .collect()
}

/// `hledger -f FILE balance assets:receivable`, account by account.
fn hledger_balance(file: &std::path::Path) -> BTreeMap<String, String> {
    let out = Command::new("hledger")
        .arg("-f")
        .arg(file)
        .args(["balance", "assets:receivable", "--flat", "-N", "-O", "csv"])
        .output()
        .expect("run hledger");
    assert!(out.status.success(), "hledger balance: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<String> = l.split("\",\"").map(|c| c.trim_matches('"').to_string()).collect();
            (cells[0].clone(), cells[1].clone())
        })
        .collect()
}

/// SPEC 6 and 10: each late fee is dated on its charge date, the day after
/// due date + grace, and the interest of an invoice paid late runs to the
/// day its principal was paid, not to the as-of date.
#[test]
fn the_journal_dates_late_fees_after_the_grace_and_interest_to_the_payment() {
    let env = book();
    let journal = env.ok(&at("2026-12-15", &["export", "--format", "journal"]));
    for part in [
        // globex INV-0006: issued 10-15 net30, due 11-14, 5 days of grace.
        "\n2026-11-20 (INV-0006) globex | late fee\n    assets:receivable:globex     EUR 25.00\n    revenue:late-fees           EUR -25.00\n",
        // acme INV-0002: due 11-04, fee 5% of 800.00 on 11-05; paid 11-20:
        // 16 × 800 × 0.18 / 365 = 6.31.
        "\n2026-11-05 (INV-0002) acme | late fee\n    assets:receivable:acme       USD 40.00\n    revenue:late-fees           USD -40.00\n",
        "\n2026-11-20 (INV-0002) acme | interest to 2026-11-20\n    assets:receivable:acme        USD 6.31\n    revenue:interest             USD -6.31\n",
        // acme INV-0005: due 10-15, fee 5.00 on 10-16; paid 11-01:
        // 17 × 100 × 0.18 / 365 = 0.84.
        "\n2026-10-16 (INV-0005) acme | late fee\n    assets:receivable:acme        USD 5.00\n    revenue:late-fees            USD -5.00\n",
        "\n2026-11-01 (INV-0005) acme | interest to 2026-11-01\n    assets:receivable:acme        USD 0.84\n    revenue:interest             USD -0.84\n",
        // Still overdue: interest to the as-of date.
        "\n2026-12-15 (INV-0006) globex | interest to 2026-12-15\n    assets:receivable:globex      EUR 6.79\n    revenue:interest             EUR -6.79\n",
    ] {
        assert!(journal.stdout.contains(part), "journal lacks {part:?}\n{}", journal.stdout);
    }
    for wrong in ["2026-11-15 (INV-0006)", "(INV-0002) acme | interest to 2026-12-15"] {
        assert!(!journal.stdout.contains(wrong), "journal has {wrong:?}\n{}", journal.stdout);
    }
}

#[test]
fn hledger_balances_the_receivables_as_invoices_lists_them() {
    if !have("hledger", "hledger") {
        return;
    }
    let env = book();
    for as_of in ["2026-11-10", "2026-12-15"] {
        let journal = env.ok(&at(as_of, &["export", "--format", "journal"]));
        let file = env.path(&format!("receivables-{as_of}.journal"));
        std::fs::write(&file, &journal.stdout).unwrap();
        let check =
            Command::new("hledger").arg("-f").arg(&file).args(["check", "--strict"]).output().unwrap();
        assert!(check.status.success(), "hledger check: {}", String::from_utf8_lossy(&check.stderr));
        let print = Command::new("hledger").arg("-f").arg(&file).arg("print").output().unwrap();
        assert!(print.status.success(), "hledger print: {}", String::from_utf8_lossy(&print.stderr));
        assert_eq!(
            hledger_balance(&file),
            owed_by_invoices(&env, as_of),
            "as of {as_of}\n{}",
            journal.stdout
        );
    }
    // The figures, as of 2026-12-15. acme: INV-0001 1000.00 + fee 75.00 +
    // interest (5 × 1500 + 40 × 1000) × 0.18 / 365 = 23.42; INV-0002 paid on
    // 11-20, still owing fee 40.00 + 16 × 800 × 0.18 / 365 = 6.31; INV-0003
    // 200.00 + 36 × 200 × 0.18 / 365 = 3.55 (its fee waived); INV-0005 fee
    // 5.00 + 17 × 100 × 0.18 / 365 = 0.84, less 3.00 paid. globex: 1000.00 +
    // fee 25.00 + 31 × 1000 × 0.08 / 365 = 6.79. kaisha: 100000 +
    // (5 × 150000 + 25 × 100000) × 0.10 / 365 = 890.
    let file = env.path("receivables-2026-12-15.journal");
    let balance = hledger_balance(&file);
    let owed: Vec<(&str, &str)> = balance.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let invoices = env.json(&at("2026-12-15", &["invoices"]), 0);
    let row = |n: &str| invoices.as_array().unwrap().iter().find(|r| r["invoice"] == n).unwrap().clone();
    assert_eq!(row("INV-0001")["charges_owed"], "98.42");
    assert_eq!(row("INV-0002")["charges_owed"], "46.31");
    assert_eq!(row("INV-0003")["charges_owed"], "3.55");
    assert_eq!(row("INV-0005")["charges_owed"], "2.84");
    assert_eq!(
        owed,
        [
            ("assets:receivable:acme", "USD 1351.12"),
            ("assets:receivable:globex", "EUR 1031.79"),
            ("assets:receivable:kaisha", "JPY 100890"),
        ]
    );
    // overdue's total due says the same of the invoices still overdue.
    let overdue = env.json(&at("2026-12-15", &["overdue", "--client", "globex"]), 1);
    assert_eq!(overdue[0]["total_due"], "1031.79");
    // The charges as revenue: the late fees charged (less the waived), and the interest.
    let out = Command::new("hledger")
        .arg("-f")
        .arg(&file)
        .args(["balance", "revenue:late-fees", "-N", "-O", "csv"])
        .output()
        .unwrap();
    let fees = String::from_utf8(out.stdout).unwrap();
    assert!(fees.contains("\"revenue:late-fees\",\"EUR -25.00, USD -120.00\""), "{fees}");
}
