//! Charges owed through the binary (SPEC 6): the balance of a day, the
//! late fee and interest still owed once the principal is paid (visible in
//! `invoices`, `show-client` and `check` until paid or waived), `pay NUM`
//! settling them, and waivers taken back to the exact figures.

mod common;

use common::books::{at, spec_example, with_client};
use common::Env;
use serde_json::Value;

fn invoice(env: &Env, as_of: &str) -> Value {
    env.json(&at(as_of, &["invoices"]), 0)[0].clone()
}

fn figures(v: &Value) -> (String, String, String, String, String) {
    let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
    (s("status"), s("outstanding"), s("late_fee"), s("interest"), s("charges_owed"))
}

/// `(status, outstanding, late_fee, interest, charges_owed)`.
fn five(
    status: &str,
    outstanding: &str,
    fee: &str,
    interest: &str,
    owed: &str,
) -> (String, String, String, String, String) {
    (status.into(), outstanding.into(), fee.into(), interest.into(), owed.into())
}

#[test]
fn the_worked_example_settles_with_the_quoted_total() {
    let env = spec_example();
    let v = env.json(&at("2026-11-10", &["overdue"]), 1);
    assert_eq!((v[0]["interest"].as_str(), v[0]["total_due"].as_str()), (Some("6.16"), Some("1081.16")));
    let before = env.db_bytes();
    env.run(&at("2026-11-10", &["pay", "INV-0001", "1081.17", "--on", "2026-11-10"]))
        .status(2)
        .stderr_has("(at most USD 1,081.16)")
        .stderr_has("e.g. expect pay INV-0001 1081.16 --on 2026-11-10");
    assert_eq!(env.db_bytes(), before);
    env.ok(&at("2026-11-10", &["pay", "INV-0001", "1081.16", "--on", "2026-11-10"]));
    assert_eq!(figures(&invoice(&env, "2026-12-31")), five("paid", "0.00", "75.00", "6.16", "0.00"));
}

#[test]
fn three_payments_each_settling_what_was_quoted_that_day() {
    // 1,000.00 due 2026-10-31, late fee 5% (50.00 on 11-01), 18%/year.
    let env = with_client(&["--terms", "net30", "--late-fee", "5%", "--interest", "18%/year"]);
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "1000", "--issued", "2026-10-01"]));
    let quoted =
        |day: &str| env.json(&at(day, &["overdue"]), 1)[0]["total_due"].as_str().unwrap().to_string();
    // 11-05: 5 days on 1,000: 900 / 365 = 2.47; 1,000 + 50 + 2.47.
    assert_eq!(quoted("2026-11-05"), "1052.47");
    env.ok(&at("2026-11-05", &["pay", "INV-0001", "300"]));
    // 11-15: (5 × 1,000 + 10 × 700) × 0.18 / 365 = 2,160 / 365 = 5.92; 700 + 50 + 5.92.
    assert_eq!(quoted("2026-11-15"), "755.92");
    env.ok(&at("2026-11-15", &["pay", "INV-0001", "300"]));
    // 11-25: (5,000 + 7,000 + 10 × 400) × 0.18 / 365 = 2,880 / 365 = 7.89; 400 + 50 + 7.89.
    assert_eq!(quoted("2026-11-25"), "457.89");
    env.run(&at("2026-11-25", &["pay", "INV-0001", "457.90"])).status(2).stderr_has("at most USD 457.89");
    env.ok(&at("2026-11-25", &["pay", "INV-0001", "457.89"]))
        .stdout("recorded payment 3 of USD 457.89 on INV-0001 (2026-11-25); outstanding USD 0.00\n");
    assert_eq!(figures(&invoice(&env, "2027-01-01")), five("paid", "0.00", "50.00", "7.89", "0.00"));
    env.run(&at("2027-01-01", &["check", "--only", "unpaid-charges,overdue-invoice"])).status(0).stdout("");
}

#[test]
fn charges_owed_stay_in_sight_until_paid() {
    let env = spec_example();
    env.ok(&at("2026-11-10", &["pay", "INV-0001", "1000"])).stdout(
        "recorded payment 2 of USD 1,000.00 on INV-0001 (2026-11-10); outstanding USD 0.00; \
         late fee and interest still owed USD 81.16\n",
    );
    for day in ["2026-11-10", "2027-03-01"] {
        let v = invoice(&env, day);
        assert_eq!(figures(&v), five("charges", "0.00", "75.00", "6.16", "81.16"), "{day}");
        assert_eq!(v["waived"], serde_json::json!([]));
    }
    let open = env.json(&at("2026-11-20", &["invoices", "--open"]), 0);
    assert_eq!(open[0]["status"], "charges");
    let show = env.json(&at("2026-11-20", &["show-client", "acme"]), 0);
    assert_eq!(show["open_invoices"][0]["charges_owed"], "81.16");
    env.ok(&at("2026-11-20", &["show-client", "acme"])).stdout_has(
        "  INV-0001 USD 0.00 outstanding, late fee and interest owed USD 81.16, due 2026-10-31 (charges)\n",
    );
    let flags = env.json(&at("2026-11-20", &["check", "--only", "unpaid-charges"]), 1);
    assert_eq!(flags[0]["key"], "unpaid-charges:invoice:INV-0001");
    assert_eq!(flags[0]["at"], "2026-11-10T00:00:00+00:00");
    assert_eq!(flags[0]["party"], "client");
    assert_eq!(
        flags[0]["detail"],
        "the principal of invoice INV-0001 was paid on 2026-11-10, but USD 81.16 of late fee and interest \
         is still owed: `expect pay INV-0001` settles it, `expect waive INV-0001` forgoes it"
    );
    // The hint's command works: `pay NUM` pays the charges owed.
    env.ok(&at("2026-11-20", &["pay", "INV-0001"]))
        .stdout("recorded payment 3 of USD 81.16 on INV-0001 (2026-11-20); outstanding USD 0.00\n");
    assert_eq!(figures(&invoice(&env, "2026-11-20")), five("paid", "0.00", "75.00", "6.16", "0.00"));
    env.run(&at("2026-11-20", &["check", "--only", "unpaid-charges"])).status(0).stdout("");
    // Replayed before the last payment, they are owed again.
    env.run(&at("2026-11-19", &["check", "--only", "unpaid-charges"])).status(1);
}

#[test]
fn waive_then_undo_restores_the_figures_exactly() {
    let env = spec_example();
    env.ok(&at("2026-11-10", &["pay", "INV-0001", "1000"]));
    let owed = five("charges", "0.00", "75.00", "6.16", "81.16");
    env.ok(&at("2026-11-12", &["waive", "INV-0001", "--fee", "--reason", "goodwill"])).stdout(
        "waived the late fee of invoice INV-0001 from 2026-11-12; late fee and interest owed USD 6.16\n",
    );
    let v = invoice(&env, "2026-11-12");
    assert_eq!(figures(&v), five("charges", "0.00", "0.00", "6.16", "6.16"));
    assert_eq!(v["waived"], serde_json::json!(["fee"]));
    // The same list in the open invoices, and a cell of names in CSV.
    let open = env.json(&at("2026-11-12", &["invoices", "--open"]), 0);
    assert_eq!(open[0]["waived"], serde_json::json!(["fee"]));
    let csv = env.ok(&at("2026-11-12", &["--format", "csv", "invoices", "--open"])).stdout;
    assert!(csv.ends_with(",6.16,fee\n"), "{csv}");
    // Replayed before the waiver, it is not there.
    assert_eq!(figures(&invoice(&env, "2026-11-11")), owed);
    env.run(&at("2026-11-12", &["waive", "INV-0001", "--fee"])).status(2).stderr_has("already waived");
    env.ok(&at("2026-11-13", &["waive", "INV-0001"]));
    let v = invoice(&env, "2026-11-13");
    assert_eq!(figures(&v), five("paid", "0.00", "0.00", "0.00", "0.00"));
    assert_eq!(v["waived"], serde_json::json!(["fee", "interest"]));
    // Both names in one CSV cell, in that order.
    let csv = env.ok(&at("2026-11-13", &["--format", "csv", "invoices"])).stdout;
    let row = csv.lines().find(|l| l.starts_with("INV-0001,")).unwrap();
    assert!(row.ends_with(",paid,0.00,0.00,0.00,fee;interest"), "{csv}");
    env.run(&at("2026-11-13", &["check", "--only", "unpaid-charges"])).status(0).stdout("");
    env.ok(&at("2026-11-14", &["waive", "INV-0001", "--undo"]))
        .stdout("took back the waiver of the late fee and interest of invoice INV-0001; late fee and interest owed USD 81.16\n");
    assert_eq!(figures(&invoice(&env, "2026-11-14")), owed);
    assert_eq!(invoice(&env, "2026-11-14")["waived"], serde_json::json!([]));
    env.run(&at("2026-11-14", &["check", "--only", "unpaid-charges"])).status(1);
    env.run(&at("2026-11-14", &["waive", "INV-0001", "--undo"])).status(2).stderr_has("no waiver");
    // A charge a payment already went to cannot be waived: unpay first.
    env.ok(&at("2026-11-14", &["pay", "INV-0001", "50"]));
    let before = env.db_bytes();
    env.run(&at("2026-11-14", &["waive", "INV-0001", "--fee"]))
        .status(2)
        .stderr("expect: error: a payment already went to the late fee of invoice INV-0001 (USD 50.00), so it cannot be waived\n  hint: `expect unpay INV-0001` removes the payment first; then waive\n");
    assert_eq!(env.db_bytes(), before);
    env.ok(&at("2026-11-14", &["waive", "INV-0001", "--interest"]));
    assert_eq!(figures(&invoice(&env, "2026-11-14")), five("charges", "0.00", "75.00", "0.00", "25.00"));
}

#[test]
fn waivers_travel_in_export_and_import() {
    let env = spec_example();
    env.ok(&at("2026-11-12", &["waive", "INV-0001", "--interest", "--reason", "late bank"]));
    let doc = env.ok(&["export"]).stdout;
    assert!(doc.contains("[[waivers]]") && doc.contains("charge = \"interest\""), "{doc}");
    let file = env.path("book.toml");
    std::fs::write(&file, &doc).unwrap();
    let other = Env::new();
    other.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(other.ok(&["export"]).stdout, doc);
    let v = other.json(&at("2026-11-20", &["overdue"]), 1);
    assert_eq!((v[0]["interest"].as_str(), v[0]["total_due"].as_str()), (Some("0.00"), Some("1075.00")));
}

#[test]
fn charges_owed_survive_export_and_import() {
    let env = spec_example();
    env.ok(&at("2026-11-10", &["pay", "INV-0001", "1000"]));
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "100", "--issued", "2026-10-01"]));
    env.ok(&at("2026-11-05", &["pay", "INV-0002", "105.25"]));
    let file = env.path("book.json");
    std::fs::write(&file, env.ok(&["export", "--format", "json"]).stdout).unwrap();
    let other = Env::new();
    other.ok(&["import", file.to_str().unwrap()]);
    let flags = other.json(&at("2026-11-20", &["check", "--only", "unpaid-charges"]), 1);
    let keys: Vec<&str> = flags.as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["unpaid-charges:invoice:INV-0001"]);
}

/// `invoices --open` reads only what may still owe something; it lists
/// exactly the rows of `invoices` whose status is open, overdue or charges,
/// in the same order, on any day — before a payment, after it, after a
/// waiver and once the charges are paid. The demo book is imported into
/// the test's own book, so on the server pass the server's form of the
/// query is the one compared.
#[test]
fn invoices_open_is_the_owing_rows_of_the_whole_list() {
    let env = Env::new();
    let demo = env.path("demo.db");
    let demo = demo.to_str().unwrap();
    env.run(&["--as-of", "2026-11-27T12:00", "demo", "--db", demo]);
    let file = env.path("demo.json");
    std::fs::write(&file, env.ok(&["--db", demo, "export", "--format", "json"]).stdout).unwrap();
    env.ok(&["import", file.to_str().unwrap()]);
    let run = |as_of: &str, args: &[&str]| {
        let mut full = vec!["--as-of", as_of];
        full.extend_from_slice(args);
        env.json(&full, 0)
    };
    run("2026-11-27T12:00", &["void", "INV-0003"]);
    run("2026-11-27T12:00", &["waive", "INV-0001", "--fee"]);
    run("2026-12-15T12:00", &["pay", "INV-0006"]);
    let status = |list: &Value, number: &str| {
        list.as_array().unwrap().iter().find(|i| i["invoice"] == number).map(|i| i["status"].to_string())
    };
    for day in ["2026-09-30", "2026-10-20", "2026-11-06", "2026-11-27", "2027-06-30"] {
        let all = run(day, &["invoices"]);
        let owing: Vec<&Value> = all
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| ["open", "overdue", "charges"].contains(&i["status"].as_str().unwrap()))
            .collect();
        let open = run(day, &["invoices", "--open"]);
        assert_eq!(open.as_array().unwrap().iter().collect::<Vec<_>>(), owing, "{day}");
        // A witness of each part of the query: unsettled; settled after
        // the day; charges that outlived the principal; charges paid.
        match day {
            "2026-09-30" => assert_eq!(status(&open, "INV-0002").as_deref(), Some("\"overdue\"")),
            "2026-10-20" => assert_eq!(status(&open, "INV-0004").as_deref(), Some("\"open\"")),
            "2026-11-27" => assert_eq!(status(&open, "INV-0006").as_deref(), Some("\"charges\"")),
            "2027-06-30" => {
                assert_eq!(status(&all, "INV-0006").as_deref(), Some("\"paid\""));
                assert_eq!(status(&open, "INV-0006"), None);
            }
            _ => {}
        }
    }
}

#[test]
fn waive_in_json_lists_what_it_changed_and_what_is_waived_by_name() {
    let env = spec_example();
    env.ok(&at("2026-11-10", &["pay", "INV-0001", "1000"]));
    let v = env.json(&at("2026-11-12", &["waive", "INV-0001", "--interest"]), 0);
    assert_eq!(
        (&v["changed"], &v["waived"]),
        (&serde_json::json!(["interest"]), &serde_json::json!(["interest"]))
    );
    assert_eq!(
        (&v["late_fee"], &v["interest"], &v["charges_owed"]),
        (&serde_json::json!("75.00"), &serde_json::json!("0.00"), &serde_json::json!("75.00"))
    );
    let v = env.json(&at("2026-11-13", &["waive", "INV-0001", "--fee"]), 0);
    assert_eq!(
        (&v["changed"], &v["waived"]),
        (&serde_json::json!(["fee"]), &serde_json::json!(["fee", "interest"]))
    );
    let v = env.json(&at("2026-11-14", &["waive", "INV-0001", "--undo", "--interest"]), 0);
    assert_eq!(
        (&v["changed"], &v["waived"], &v["undo"]),
        (&serde_json::json!(["interest"]), &serde_json::json!(["fee"]), &serde_json::json!(true))
    );
}
