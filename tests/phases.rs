//! Projects and phases through the binary (SPEC 6): phases with their
//! amounts, started and paid, and the `unpaid-phase` flag under gating.

mod common;

use common::books::{at, with_client};
use serde_json::Value;

#[test]
fn a_phase_started_while_the_previous_is_unpaid_is_flagged_until_paid() {
    let env = with_client(&["--terms", "net30"]);
    env.ok(&at(
        "2026-10-01",
        &["add-project", "acme", "website", "--phase", "design=2000", "--phase", "build=6000"],
    ))
    .stdout("added project website for acme (2 phases)\n");
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "2000", "--project", "website", "--phase", "design"]));
    let started = env.run(&at("2026-10-05", &["start-phase", "website", "build"])).status(0);
    assert!(started.stderr.contains("not paid"), "{}", started.stderr);
    let flags = env.json(&at("2026-10-06", &["check", "--only", "unpaid-phase"]), 1);
    assert_eq!(flags[0]["key"], "unpaid-phase:phase:acme:website:build");
    assert_eq!(flags[0]["party"], "you");
    env.ok(&at("2026-10-10", &["pay", "INV-0001"]));
    env.run(&at("2026-10-11", &["check", "--only", "unpaid-phase"])).status(0).stdout("");
    // Replayed before the payment, the flag is back.
    env.run(&at("2026-10-09", &["check", "--only", "unpaid-phase"])).status(1);
    env.run(&at("2026-10-09", &["start-phase", "website", "nope"])).status(2).stderr_has("no phase");
    env.run(&at("2026-10-09", &["start-phase", "blog", "build"])).status(2).stderr_has("unknown project");
}

#[test]
fn projects_lists_phases_with_start_and_payment() {
    let env = with_client(&[]);
    env.ok(&at(
        "2026-11-01",
        &["add-project", "acme", "website", "--phase", "design=2000", "--phase", "build=4,000.50"],
    ));
    env.ok(&at("2026-11-02", &["add-invoice", "acme", "2000", "--project", "website", "--phase", "design"]));
    env.ok(&at("2026-11-03", &["start-phase", "website", "build", "-q"]));
    env.ok(&at("2026-11-10", &["projects"])).stdout(
        "CLIENT  PROJECT  #  PHASE         AMOUNT  STARTED     PAID\n\
         acme    website  1  design  USD 2,000.00              invoiced\n\
         acme    website  2  build   USD 4,000.50  2026-11-03  not invoiced\n",
    );
    env.ok(&at("2026-11-10", &["pay", "INV-0001"]));
    let rows = env.json(&at("2026-11-10", &["projects"]), 0);
    assert_eq!(rows[0]["paid"], true);
    assert_eq!(rows[1]["amount"], "4000.50");
    assert_eq!(rows[1]["started"], "2026-11-03");
    // Replayed before the start, nothing had started.
    assert_eq!(env.json(&at("2026-11-02", &["projects"]), 0)[1]["started"], Value::Null);
}
