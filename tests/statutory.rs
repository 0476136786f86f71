//! Statutory interest through the binary (SPEC 6, 8): `statutory-de` across
//! a half-year boundary, `statutory-uk` compensation by the size of the
//! debt, the scheme and rate in plain words, `[[reference_rates]]` in the
//! config, and `rate-unknown` once past the built-in table.

mod common;

use common::books::at;
use common::Env;

fn client(env: &Env, handle: &str, currency: &str, interest: &str) {
    env.ok(&[
        "--as-of",
        "2025-01-01",
        "add-client",
        handle,
        "--name",
        handle,
        "--currency",
        currency,
        "--interest",
        interest,
    ]);
}

#[test]
fn statutory_de_applies_each_half_years_rate_to_its_days() {
    let env = Env::new();
    client(&env, "muster", "EUR", "statutory-de");
    env.ok(&at("2025-05-21", &["add-invoice", "muster", "10000", "--terms", "net30"]));
    // Due 2025-06-20. 06-21..06-30: 10 days at 2.27% + 9 = 11.27%; 07-01..07-10: 10 days at
    // 1.27% + 9 = 10.27%: 10,000 × (10 × 0.1127 + 10 × 0.1027) / 365 = 21,540 / 365 = 59.01.
    let v = env.json(&at("2025-07-10", &["overdue"]), 1);
    assert_eq!(v[0]["interest"], "59.01");
    // No late-fee rule: the EUR 40 compensation of § 288 (5) BGB.
    assert_eq!(v[0]["late_fee"], "40.00");
    assert_eq!(v[0]["total_due"], "10099.01");
    // The scheme and the rate in force, in plain words.
    let sheet = env.ok(&at("2025-07-10", &["sheet", "muster"])).stdout;
    assert!(
        sheet.contains(
            "§ 288 (2) BGB: the Basiszinssatz + 9 points; on 2025-07-10: 1.27% + 9 points = 10.27% a year"
        ),
        "{sheet}"
    );
    assert!(sheet.contains("the law adds a fixed compensation of EUR 40.00"), "{sheet}");
    let show = env.ok(&at("2025-03-01", &["show-client", "muster"])).stdout;
    assert!(show.contains("2.27% + 9 points = 11.27%"), "{show}");
    let remind = env.run(&at("2025-07-10", &["remind"])).status(1).stdout;
    assert!(remind.contains("on 2025-07-10: 1.27% + 9 points = 10.27% a year"), "{remind}");
}

#[test]
fn statutory_uk_compensation_by_the_size_of_the_debt() {
    let env = Env::new();
    client(&env, "london", "GBP", "statutory-uk");
    for amount in ["999.99", "1000.00", "10000.00"] {
        env.ok(&at("2026-03-01", &["add-invoice", "london", amount, "--terms", "net30"]));
    }
    let v = env.json(&at("2026-04-30", &["overdue"]), 1);
    let fees: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["amount"].as_str().unwrap(), r["late_fee"].as_str().unwrap()))
        .collect();
    assert_eq!(fees, [("999.99", "40.00"), ("1000.00", "70.00"), ("10000.00", "100.00")]);
}

#[test]
fn rate_unknown_once_past_the_table_until_the_config_adds_it() {
    let env = Env::new();
    client(&env, "muster", "EUR", "statutory-de");
    env.ok(&at("2026-05-01", &["add-invoice", "muster", "1000", "--terms", "net30"]));
    env.run(&at("2026-06-30", &["check", "--only", "rate-unknown"])).status(0).stdout("");
    let flags = env.json(&at("2026-08-01", &["check", "--only", "rate-unknown"]), 0);
    assert_eq!(flags.as_array().unwrap().len(), 1);
    let f = &flags[0];
    assert_eq!(f["key"], "rate-unknown:scheme:de:2026-07-01");
    assert_eq!((f["severity"].as_str(), f["party"].as_str()), (Some("warning"), Some("you")));
    assert_eq!(f["client"], "muster");
    assert_eq!(f["at"], "2026-07-01T00:00:00+00:00");
    assert!(
        f["detail"].as_str().unwrap().contains("[[reference_rates]] scheme = \"de\" from = \"2026-07-01\""),
        "{f:#}"
    );
    // The entry added: known, and used. 05-31 due; 06-01..06-30 at 10.27%, 07-01..08-01 at 1.52 + 9.
    env.write_config("[[reference_rates]]\nscheme = \"de\"\nfrom = \"2026-07-01\"\nrate = \"1.52%\"\n");
    env.run(&at("2026-08-01", &["check", "--only", "rate-unknown"])).status(0).stdout("");
    let v = env.json(&at("2026-08-01", &["overdue"]), 1);
    // 1,000 × (30 × 0.1027 + 32 × 0.1052) / 365 = (30.81 + 33.664) / 365 = 64.474 / 365 = 0.1766... × 1000
    assert_eq!(v[0]["interest"], "17.66");
    env.write_config("[[reference_rates]]\nscheme = \"de\"\nfrom = \"2026-07-02\"\nrate = \"1.52%\"\n");
    env.run(&["overdue"]).status(2).stderr_has("config.toml:3: reference_rates.from = \"2026-07-02\"");
}
