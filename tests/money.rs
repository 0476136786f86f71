//! Money through the binary (SPEC 6): invoices, payments, terms, grace,
//! late fees, interest, aging, rule history and the money flags of
//! `check`, with exact figures.

mod common;

use common::books::{at, keys, spec_example, with_client};
use common::Env;

#[test]
fn the_worked_example_of_spec_6_to_the_cent() {
    let env = spec_example();
    let v = env.json(&at("2026-11-10", &["overdue"]), 1);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 1);
    let o = &list[0];
    assert_eq!(
        keys(o),
        [
            "invoice",
            "client",
            "currency",
            "amount",
            "paid",
            "outstanding",
            "issued",
            "due",
            "days_late",
            "bucket",
            "late_fee",
            "interest",
            "total_due",
            "suspend"
        ]
    );
    assert_eq!(o["invoice"], "INV-0001");
    assert_eq!(o["client"], "acme");
    assert_eq!(o["currency"], "USD");
    assert_eq!(o["amount"], "1500.00");
    assert_eq!(o["paid"], "500.00");
    assert_eq!(o["outstanding"], "1000.00");
    assert_eq!(o["issued"], "2026-10-01");
    assert_eq!(o["due"], "2026-10-31");
    assert_eq!(o["days_late"], 10);
    assert_eq!(o["bucket"], "1-30");
    assert_eq!(o["late_fee"], "75.00");
    assert_eq!(o["interest"], "6.16");
    assert_eq!(o["total_due"], "1081.16");
    assert_eq!(o["suspend"], false);

    let table = env.run(&at("2026-11-10", &["overdue"])).status(1);
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", table.stdout);
    assert!(lines[1].starts_with("INV-0001"));
    assert!(lines[2].starts_with("total USD") && lines[2].contains("1,081.16"), "{}", table.stdout);

    let csv = env.run(&at("2026-11-10", &["--format", "csv", "overdue"])).status(1);
    assert!(csv.stdout.starts_with("invoice,client,currency,amount,paid,outstanding,issued,due,days_late,bucket,late_fee,interest,total_due,suspend\n"));
}

#[test]
fn invoices_list_keys_statuses_and_open() {
    let env = spec_example();
    env.ok(&at("2026-10-02", &["add-invoice", "acme", "200", "--issued", "2026-10-02"]));
    env.ok(&at("2026-10-02", &["pay", "INV-0002"]));
    env.ok(&at("2026-11-01", &["add-invoice", "acme", "300"]));
    env.ok(&at("2026-11-01", &["add-invoice", "acme", "400"]));
    env.ok(&at("2026-11-02", &["void", "INV-0004", "--reason", "sent twice"]))
        .stdout("voided invoice INV-0004\n");
    let v = env.json(&at("2026-11-10", &["invoices"]), 0);
    let list = v.as_array().unwrap();
    assert_eq!(
        keys(&list[0]),
        [
            "invoice",
            "client",
            "currency",
            "amount",
            "paid",
            "outstanding",
            "issued",
            "due",
            "status",
            "late_fee",
            "interest",
            "charges_owed",
            "waived"
        ]
    );
    let status: Vec<(&str, &str)> =
        list.iter().map(|r| (r["invoice"].as_str().unwrap(), r["status"].as_str().unwrap())).collect();
    assert_eq!(
        status,
        [("INV-0001", "overdue"), ("INV-0002", "paid"), ("INV-0003", "open"), ("INV-0004", "void")]
    );
    let open = env.json(&at("2026-11-10", &["invoices", "--open"]), 0);
    let numbers: Vec<&str> =
        open.as_array().unwrap().iter().map(|r| r["invoice"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["INV-0001", "INV-0003"]);
    // A void invoice is not overdue, ever.
    let late = env.json(&at("2027-06-01", &["overdue"]), 1);
    assert!(late.as_array().unwrap().iter().all(|r| r["invoice"] != "INV-0004"));
    // show-client lists the open invoices.
    let show = env.json(&at("2026-11-10", &["show-client", "acme"]), 0);
    let open: Vec<&str> =
        show["open_invoices"].as_array().unwrap().iter().map(|r| r["invoice"].as_str().unwrap()).collect();
    assert_eq!(open, ["INV-0001", "INV-0003"]);
}

#[test]
fn numbers_follow_the_highest_inv_number_and_are_unique() {
    let env = with_client(&[]);
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "100"])).stdout_has("added invoice INV-0001");
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "100", "--number", "INV-0041"]));
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "100", "--number", "2026/7"]));
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "100"])).stdout_has("added invoice INV-0042");
    let before = env.db_bytes();
    env.run(&at("2026-10-01", &["add-invoice", "acme", "100", "--number", "INV-0041"]))
        .status(2)
        .stderr_has("invoice INV-0041 already exists");
    assert_eq!(env.db_bytes(), before);
    let added = env.json(&at("2026-10-01", &["add-invoice", "acme", "100"]), 0);
    assert_eq!(added["invoice"], "INV-0043");
    assert!(added["id"].is_i64());
}

/// SPEC 6 ("numbers never repeat"): the counter of the INV- series, which
/// `export` leaves out, is rebuilt by `import` from the numbers it brings.
#[test]
fn numbering_goes_on_after_an_import_of_the_book() {
    let a = with_client(&[]);
    for n in ["INV-0001", "INV-0002", "INV-0003"] {
        a.ok(&at("2026-10-01", &["add-invoice", "acme", "100"])).stdout_has(&format!("added invoice {n} "));
    }
    let file = a.path("book.toml");
    std::fs::write(&file, a.ok(&["export"]).stdout).unwrap();
    let b = Env::new();
    b.ok(&["import", file.to_str().unwrap()]);
    b.ok(&at("2026-10-02", &["add-invoice", "acme", "100"]))
        .stdout("added invoice INV-0004 (acme, USD 100.00 due 2026-11-01)\n");
}

/// `import --merge` of a file holding INV-0007 into a book holding INV-0001:
/// the next number follows the highest of both.
#[test]
fn numbering_goes_on_after_a_merge() {
    let other = with_client(&[]);
    other.ok(&at("2026-10-01", &["add-invoice", "acme", "100", "--number", "INV-0007"]));
    let file = other.path("seven.toml");
    std::fs::write(&file, other.ok(&["export"]).stdout).unwrap();
    let env = with_client(&[]);
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "100"])).stdout_has("added invoice INV-0001 ");
    env.ok(&["import", "--merge", file.to_str().unwrap()]);
    env.ok(&at("2026-10-02", &["add-invoice", "acme", "100"]))
        .stdout("added invoice INV-0008 (acme, USD 100.00 due 2026-11-01)\n");
}

/// `import-invoices` of INV-0001 and INV-0002 raises the counter; its
/// `--dry-run`, rolled back, does not.
#[test]
fn numbering_goes_on_after_import_invoices_but_not_after_its_dry_run() {
    let csv = "Invoice,Client,Date,Total\nINV-0001,acme,2026-10-01,100\nINV-0002,acme,2026-10-02,100\n";
    let dry = with_client(&[]);
    std::fs::write(dry.path("two.csv"), csv).unwrap();
    dry.ok(&at("2026-10-05", &["import-invoices", "two.csv", "--dry-run"]));
    dry.ok(&at("2026-10-05", &["add-invoice", "acme", "100"]))
        .stdout("added invoice INV-0001 (acme, USD 100.00 due 2026-11-04)\n");
    let env = with_client(&[]);
    std::fs::write(env.path("two.csv"), csv).unwrap();
    env.ok(&at("2026-10-05", &["import-invoices", "two.csv"])).stdout_has("INV-0002");
    env.ok(&at("2026-10-05", &["add-invoice", "acme", "100"]))
        .stdout("added invoice INV-0003 (acme, USD 100.00 due 2026-11-04)\n");
}

#[test]
fn bad_amounts_and_dates_are_refused_and_change_nothing() {
    let env = with_client(&["--late-fee", "5%"]);
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "1000", "--issued", "2026-10-01"]));
    let before = env.db_bytes();
    env.run(&at("2026-10-01", &["add-invoice", "acme", "0"])).status(2).stderr_has("AMOUNT \"0\"");
    env.run(&at("2026-10-01", &["add-invoice", "acme", "1500,50"]))
        .status(2)
        .stderr_has("AMOUNT \"1500,50\"");
    env.run(&at("2026-10-01", &["add-invoice", "nobody", "10"])).status(2).stderr_has("unknown client");
    env.run(&at("2026-10-05", &["pay", "INV-0001", "0"])).status(2).stderr_has("AMOUNT \"0\"");
    env.run(&at("2026-10-05", &["pay", "INV-0001", "10", "--on", "2026-09-30"])).status(2).stderr_has("--on");
    env.run(&at("2026-10-05", &["pay", "INV-0009"])).status(2).stderr_has("unknown invoice");
    // More than the principal while no fee or interest is owed.
    env.run(&at("2026-10-05", &["pay", "INV-0001", "1000.01"]))
        .status(2)
        .stderr_has("more than invoice INV-0001 owes");
    assert_eq!(env.db_bytes(), before);
    // Once late, the fee can be paid too, but no more.
    env.ok(&at("2026-11-05", &["pay", "INV-0001", "1000"]));
    let before = env.db_bytes();
    env.run(&at("2026-11-06", &["pay", "INV-0001", "50.01"])).status(2).stderr_has("at most USD 50.00");
    assert_eq!(env.db_bytes(), before);
    // Without an amount, once the principal is paid: the charges owed.
    env.ok(&at("2026-11-06", &["pay", "INV-0001"]))
        .stdout("recorded payment 2 of USD 50.00 on INV-0001 (2026-11-06); outstanding USD 0.00\n");
    let before = env.db_bytes();
    env.run(&at("2026-11-06", &["pay", "INV-0001"]))
        .status(2)
        .stderr("expect: error: invoice INV-0001 owes nothing: principal, late fee and interest are paid or waived\n  hint: `expect unpay INV-0001` removes a payment entered by mistake\n");
    env.run(&at("2026-11-06", &["pay", "INV-0001", "1"])).status(2).stderr_has("owed nothing on 2026-11-06");
    assert_eq!(env.db_bytes(), before);
}

#[test]
fn each_term_kind_gives_its_due_date() {
    let env = with_client(&["--terms", "eom"]);
    let cases = [
        (vec!["--terms", "receipt", "--issued", "2026-01-31"], "2026-01-31"),
        (vec!["--terms", "net30", "--issued", "2026-01-29"], "2026-02-28"),
        (vec!["--terms", "net30", "--issued", "2026-01-30"], "2026-03-01"),
        (vec!["--terms", "net30", "--issued", "2026-01-31"], "2026-03-02"),
        (vec!["--terms", "net 15", "--issued", "2028-02-14"], "2028-02-29"),
        (vec!["--issued", "2028-02-10"], "2028-02-29"),
        (vec!["--issued", "2026-02-28"], "2026-02-28"),
        (vec!["--issued", "2026-12-31"], "2026-12-31"),
        (vec!["--terms", "eom+10", "--issued", "2026-01-30"], "2026-02-10"),
        (vec!["--terms", "eom+1", "--issued", "2028-02-29"], "2028-03-01"),
    ];
    for (extra, due) in cases {
        let mut args = vec!["add-invoice", "acme", "100"];
        args.extend(extra.iter().copied());
        let v = env.json(&at("2026-10-01", &args), 0);
        assert_eq!(v["due"], due, "{extra:?}");
    }
    env.run(&at("2026-10-01", &["add-invoice", "acme", "100", "--terms", "net-30"]))
        .status(2)
        .stderr_has("--terms");
}

#[test]
fn grace_delays_overdue_and_the_fee_but_interest_counts_from_the_due_date() {
    let env =
        with_client(&["--terms", "net30", "--grace", "5d", "--late-fee", "5%", "--interest", "18%/year"]);
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "1000", "--issued", "2026-10-01"]));
    env.run(&at("2026-11-05", &["overdue"])).status(0).stdout("");
    env.run(&at("2026-11-05", &["--format", "csv", "overdue"])).status(0).stdout(
        "invoice,client,currency,amount,paid,outstanding,issued,due,days_late,bucket,late_fee,interest,total_due,suspend\n",
    );
    env.run(&at("2026-11-05", &["--format", "json", "overdue"])).status(0).stdout("[]\n");
    let v = env.json(&at("2026-11-06", &["overdue"]), 1);
    assert_eq!(v[0]["days_late"], 6);
    assert_eq!(v[0]["late_fee"], "50.00");
    // 1000.00 × 6 days × 18% / 365 = 2.9589...
    assert_eq!(v[0]["interest"], "2.96");
    assert_eq!(v[0]["total_due"], "1052.96");
}

#[test]
fn flat_fee_and_yearly_rate() {
    let env = with_client(&[
        "--terms",
        "net30",
        "--late-fee",
        "25",
        "--interest",
        "10%/year",
        "--suspend-after",
        "60d",
    ]);
    env.ok(&at("2026-01-01", &["add-invoice", "acme", "2000", "--issued", "2026-01-01"]));
    let v = env.json(&at("2026-04-14", &["overdue"]), 1);
    assert_eq!(v[0]["due"], "2026-01-31");
    assert_eq!(v[0]["days_late"], 73);
    assert_eq!(v[0]["bucket"], "61-90");
    assert_eq!(v[0]["late_fee"], "25.00");
    assert_eq!(v[0]["interest"], "40.00");
    assert_eq!(v[0]["total_due"], "2065.00");
    assert_eq!(v[0]["suspend"], true);
    let flags = env.json(&at("2026-04-14", &["check", "--only", "overdue-invoice,suspension-due"]), 1);
    let keys: Vec<&str> = flags.as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["overdue-invoice:invoice:INV-0001", "suspension-due:invoice:INV-0001"]);
    assert_eq!(flags[1]["at"], "2026-04-01T00:00:00+00:00");
    assert_eq!(flags[0]["party"], "client");
}

#[test]
fn several_partial_payments_and_payment_on_the_due_date() {
    let env = with_client(&["--terms", "net30", "--late-fee", "5%", "--interest", "18%/year"]);
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "1000", "--issued", "2026-10-01"]));
    env.ok(&at("2026-10-20", &["pay", "INV-0001", "200"]));
    env.ok(&at("2026-11-03", &["pay", "INV-0001", "300"]));
    env.ok(&at("2026-11-08", &["pay", "INV-0001", "250"]));
    let v = env.json(&at("2026-11-10", &["overdue"]), 1);
    assert_eq!(v[0]["paid"], "750.00");
    assert_eq!(v[0]["outstanding"], "250.00");
    assert_eq!(v[0]["late_fee"], "40.00");
    // A payment counts from the day after: (3 × 800 + 5 × 500 + 2 × 250) × 18% / 365 = 2.6630...
    assert_eq!(v[0]["interest"], "2.66");
    assert_eq!(v[0]["total_due"], "292.66");

    // Paid in full on its due date: never overdue, no fee, no interest, no flag.
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "500", "--issued", "2026-10-01"]));
    env.ok(&at("2026-10-31", &["pay", "INV-0002"]));
    for day in ["2026-11-01", "2027-02-01", "2028-01-01"] {
        let v = env.json(&at(day, &["overdue"]), 1);
        assert!(v.as_array().unwrap().iter().all(|r| r["invoice"] != "INV-0002"));
        let flags = env.json(&at(day, &["check", "--only", "overdue-invoice"]), 1);
        assert!(flags.as_array().unwrap().iter().all(|f| f["subject"] != "invoice INV-0002"));
    }
    let list = env.json(&at("2027-01-01", &["invoices"]), 0);
    assert_eq!(list[1]["status"], "paid");
}

#[test]
fn an_invoice_keeps_the_late_fee_in_force_when_it_was_issued() {
    let env = with_client(&["--terms", "net30", "--late-fee", "5%"]);
    env.ok(&at("2026-10-01", &["edit-client", "acme", "--late-fee", "25", "--effective", "2026-11-01"]));
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "1000", "--issued", "2026-10-15"]));
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "1000", "--issued", "2026-11-02"]));
    let v = env.json(&at("2027-01-15", &["overdue"]), 1);
    let fees: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["invoice"].as_str().unwrap(), r["late_fee"].as_str().unwrap()))
        .collect();
    assert_eq!(fees, [("INV-0001", "50.00"), ("INV-0002", "25.00")]);
}

#[test]
fn overdue_is_sorted_most_days_late_first_with_totals_per_currency() {
    let env = with_client(&["--terms", "net30"]);
    env.ok(&[
        "--as-of",
        "2026-10-01",
        "add-client",
        "euro",
        "--name",
        "Euro GmbH",
        "--currency",
        "EUR",
        "--terms",
        "net15",
    ]);
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "100", "--issued", "2026-10-01"]));
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "200", "--issued", "2026-09-01"]));
    env.ok(&at("2026-10-01", &["add-invoice", "euro", "300", "--issued", "2026-10-01"]));
    let v = env.json(&at("2026-11-20", &["overdue"]), 1);
    let order: Vec<(&str, i64)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["invoice"].as_str().unwrap(), r["days_late"].as_i64().unwrap()))
        .collect();
    assert_eq!(order, [("INV-0002", 50), ("INV-0003", 35), ("INV-0001", 20)]);
    let table = env.run(&at("2026-11-20", &["overdue"])).status(1).stdout;
    assert!(table.lines().any(|l| l.starts_with("total EUR") && l.contains("300.00")), "{table}");
    assert!(table.lines().any(|l| l.starts_with("total USD") && l.contains("300.00")), "{table}");
    let only = env.json(&at("2026-11-20", &["overdue", "--client", "euro"]), 1);
    assert_eq!(only.as_array().unwrap().len(), 1);
    env.run(&at("2026-11-20", &["-q", "overdue"])).status(1).stdout("");
}

#[test]
fn as_of_replays_history() {
    let env = with_client(&["--terms", "net30"]);
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "100", "--issued", "2026-10-01"]));
    env.ok(&at("2026-12-01", &["pay", "INV-0001"]));
    env.ok(&at("2026-12-01", &["add-invoice", "acme", "50", "--issued", "2026-12-01"]));
    // Settled on 12-01: still overdue as of 11-10, and the later invoice does not exist yet.
    let v = env.json(&at("2026-11-10", &["overdue"]), 1);
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["outstanding"], "100.00");
    let list = env.json(&at("2026-11-10", &["invoices"]), 0);
    assert_eq!(list.as_array().unwrap().len(), 1);
    env.run(&at("2026-12-02", &["overdue"])).status(0).stdout("");
}

#[test]
fn unpay_and_void_keep_the_books_right() {
    let env = spec_example();
    env.ok(&at("2026-11-06", &["pay", "INV-0001", "1000"]));
    env.run(&at("2026-11-10", &["overdue"])).status(0).stdout("");
    env.ok(&at("2026-11-10", &["unpay", "INV-0001"])).stdout_has("removed payment");
    let v = env.json(&at("2026-11-10", &["overdue"]), 1);
    assert_eq!(v[0]["outstanding"], "1000.00");
    env.ok(&at("2026-11-10", &["unpay", "INV-0001", "--on", "2026-11-05"]));
    env.run(&at("2026-11-10", &["unpay", "INV-0001"])).status(2).stderr_has("has no payment");
    let v = env.json(&at("2026-11-10", &["overdue"]), 1);
    assert_eq!(v[0]["outstanding"], "1500.00");
    env.ok(&at("2026-11-10", &["void", "INV-0001"]));
    env.run(&at("2026-11-10", &["void", "INV-0001"])).status(2).stderr_has("already void");
    env.run(&at("2026-11-10", &["overdue"])).status(0).stdout("");
    env.run(&at("2026-11-10", &["pay", "INV-0001"])).status(2).stderr_has("void");
}

#[test]
fn paying_on_the_day_stops_that_days_interest_and_says_what_is_still_owed() {
    let env = spec_example();
    // overdue quotes 1,081.16 as of 2026-11-10; a payment counts from the
    // day after, so that is exactly what settles it that day, and no more.
    let before = env.db_bytes();
    env.run(&at("2026-11-10", &["pay", "INV-0001", "1081.17"]))
        .status(2)
        .stderr_has(
            "AMOUNT \"1081.17\": more than invoice INV-0001 owes if paid on 2026-11-10 (at most USD 1,081.16)",
        )
        .stderr_has("e.g. expect pay INV-0001 1081.16 --on 2026-11-10");
    assert!(env.db_bytes() == before);
    env.ok(&at("2026-11-10", &["pay", "INV-0001", "1000"])).stdout(
        "recorded payment 2 of USD 1,000.00 on INV-0001 (2026-11-10); outstanding USD 0.00; \
         late fee and interest still owed USD 81.16\n",
    );
    env.ok(&at("2026-11-12", &["pay", "INV-0001", "81.16"]))
        .stdout("recorded payment 3 of USD 81.16 on INV-0001 (2026-11-12); outstanding USD 0.00\n");
    let settled = spec_example();
    settled
        .ok(&at("2026-11-10", &["pay", "INV-0001", "1081.16"]))
        .stdout("recorded payment 2 of USD 1,081.16 on INV-0001 (2026-11-10); outstanding USD 0.00\n");
}

#[test]
fn events_cannot_be_recorded_in_the_future() {
    let env = spec_example();
    env.run(&at("2026-11-10", &["pay", "INV-0001", "--on", "2026-11-11"]))
        .status(2)
        .stderr_has("--on \"2026-11-11\": 2026-11-11 is in the future (now is 2026-11-10)");
    env.run(&at(
        "2026-11-10T09:00",
        &["log", "acme", "--from", "jane@acme.example", "--at", "2026-11-10T10:00", "hi"],
    ))
    .status(2)
    .stderr_has("--at \"2026-11-10T10:00\": 2026-11-10 10:00 is in the future (now is 2026-11-10 09:00)");
}

#[test]
fn a_payment_dated_back_reports_what_is_owed_now() {
    let env = spec_example();
    // Interest: 5 days on 1,500, 5 on 1,000 and 10 on 800 (to 2026-11-20):
    // 20,500 × 0.18 / 365 = 10.11; with the 75.00 fee, 85.11 still owed.
    env.ok(&at("2026-11-20", &["pay", "INV-0001", "200", "--on", "2026-11-10"])).stdout(
        "recorded payment 2 of USD 200.00 on INV-0001 (2026-11-10); outstanding USD 800.00; \
         late fee and interest still owed USD 85.11\n",
    );
    let v = env.json(&at("2026-11-20", &["overdue"]), 1);
    assert_eq!(v[0]["interest"], "10.11");
    assert_eq!(v[0]["total_due"], "885.11");
}

#[test]
fn reminder_files_stay_inside_the_folder() {
    let env = with_client(&[]);
    // A number that would climb out of the folder is refused outright.
    env.run(&at("2026-10-01", &["add-invoice", "acme", "100", "--number", "../../escape"]))
        .status(2)
        .stderr_has(
        "--number \"../../escape\": expected up to 40 letters, digits and - _ . / # (not starting with .)",
    );
    // Two numbers that differ only by a character a file name cannot hold
    // get two files (SPEC 6: `a/b` -> `a%2Fb`).
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "100", "--number", "a/b"]));
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "100", "--number", "a_b"]));
    let dir = env.path("out");
    std::fs::create_dir(&dir).unwrap();
    env.run(&at("2026-11-15", &["remind", "--out", dir.to_str().unwrap()])).status(1);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a%2Fb-firm.txt", "a_b-firm.txt"]);
}

#[test]
fn days_late_count_in_the_configured_timezone() {
    let env = Env::with_config("timezone = \"Europe/Berlin\"\n");
    env.ok(&at(
        "2026-10-01",
        &["add-client", "acme", "--name", "Acme", "--late-fee", "5%", "--interest", "1.5%/month"],
    ));
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "1500"]));
    env.ok(&at("2026-11-05", &["pay", "INV-0001", "500"]));
    // 23:30 in Berlin is still 2026-11-10: the worked example's figures.
    let v = env.json(&at("2026-11-10T23:30", &["overdue"]), 1);
    assert_eq!(
        (v[0]["days_late"].clone(), v[0]["interest"].clone()),
        (serde_json::json!(10), serde_json::json!("6.16"))
    );
    // 23:30 UTC is already 2026-11-11 in Berlin: one more day of interest.
    let v = env.json(&at("2026-11-10T23:30Z", &["overdue"]), 1);
    assert_eq!(
        (v[0]["days_late"].clone(), v[0]["interest"].clone()),
        (serde_json::json!(11), serde_json::json!("6.66"))
    );
}

#[test]
fn each_invoice_carries_its_own_clients_currency_and_handle() {
    let env = with_client(&[]);
    env.ok(&at("2026-10-01", &["add-client", "globex", "--name", "Globex", "--currency", "EUR"]));
    env.ok(&at("2026-10-01", &["add-client", "tokyo", "--name", "Tokyo KK", "--currency", "JPY"]));
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "100"]));
    env.ok(&at("2026-10-01", &["add-invoice", "globex", "250.50"]));
    env.ok(&at("2026-10-01", &["add-invoice", "tokyo", "15000"]));
    let rows = |v: serde_json::Value| {
        let mut rows: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                format!(
                    "{} {} {}",
                    v["client"].as_str().unwrap(),
                    v["currency"].as_str().unwrap(),
                    v["amount"].as_str().unwrap()
                )
            })
            .collect();
        rows.sort();
        rows
    };
    let all = ["acme USD 100.00", "globex EUR 250.50", "tokyo JPY 15000"];
    assert_eq!(rows(env.json(&at("2026-11-10", &["overdue"]), 1)), all);
    assert_eq!(rows(env.json(&at("2026-11-10", &["invoices"]), 0)), all);
    assert_eq!(rows(env.json(&at("2026-11-10", &["invoices", "--open"]), 0)), all);
    assert_eq!(rows(env.json(&at("2026-11-10", &["overdue", "--client", "globex"]), 1)), [all[1]]);
    assert_eq!(rows(env.json(&at("2026-11-10", &["invoices", "--client", "tokyo"]), 0)), [all[2]]);
}

/// A book of schema 5, whose index of open invoices held only their due
/// day, is upgraded on first open (with a backup); `invoices --open` and
/// `overdue` then read every column from the rebuilt index and say what
/// they said before, paid, partly paid and void invoices among them.
#[test]
fn a_schema_5_book_is_upgraded_and_reads_its_open_invoices_from_the_new_index() {
    let env = common::books::spec_example_in(Env::file());
    env.ok(&at("2026-10-02", &["add-invoice", "acme", "200", "--issued", "2026-10-02"]));
    env.ok(&at("2026-10-02", &["pay", "INV-0002"]));
    env.ok(&at("2026-11-01", &["add-invoice", "acme", "300"]));
    env.ok(&at("2026-11-02", &["void", "INV-0003", "--reason", "sent twice"]));
    env.ok(&at("2026-11-03", &["add-invoice", "acme", "400", "--terms", "due on receipt"]));
    let reports: [&[&str]; 3] = [
        &["--format", "json", "invoices", "--open"],
        &["--format", "json", "overdue"],
        &["--format", "csv", "overdue"],
    ];
    let before: Vec<String> = reports.iter().map(|args| env.run(&at("2026-11-20", args)).stdout).collect();
    assert!(before[0].contains("\"INV-0001\"") && before[0].contains("\"INV-0004\""), "{}", before[0]);
    assert!(!before[0].contains("INV-0002") && !before[0].contains("INV-0003"), "{}", before[0]);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(
        "DROP INDEX invoices_open_due;
         CREATE INDEX invoices_open_due ON invoices(due) WHERE settled_on IS NULL AND voided_at IS NULL;
         PRAGMA user_version = 5;",
    )
    .unwrap();
    drop(conn);
    let first = env.run(&at("2026-11-20", reports[0])).status(0);
    assert_eq!(first.stdout, before[0]);
    for (args, was) in reports.iter().zip(&before).skip(1) {
        assert_eq!(&env.run(&at("2026-11-20", args)).stdout, was, "{args:?}");
    }
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_index_info('invoices_open_due') ORDER BY seqno")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(version, 6);
    assert_eq!(
        columns,
        [
            "due",
            "client_id",
            "number",
            "amount",
            "issued",
            "terms",
            "phase_id",
            "settled_on",
            "voided_at",
            "void_reason",
            "created_at",
            "changed_at"
        ]
    );
    assert!(env.db.with_extension("db.v5.bak").exists(), "{}", first.stderr);
    // Nothing in the book changed but an index: nothing to say.
    assert_eq!(first.stderr, "");
}
