//! Books the money tests start from: a client `acme`, the worked example
//! of SPEC 6, and small helpers for command lines.

use serde_json::Value;

use super::Env;

/// An environment with client `acme` (added as of 2026-10-01) and `rules`.
pub fn with_client(rules: &[&str]) -> Env {
    with_client_in(Env::new(), rules)
}

/// `env` with client `acme` (added as of 2026-10-01) and `rules`.
pub fn with_client_in(env: Env, rules: &[&str]) -> Env {
    let mut args = vec![
        "--as-of",
        "2026-10-01",
        "add-client",
        "acme",
        "--name",
        "Acme Corp",
        "--contact",
        "Jane Doe <jane@acme.example>",
    ];
    args.extend_from_slice(rules);
    env.ok(&args);
    env
}

pub fn at<'a>(as_of: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["--as-of", as_of];
    v.extend_from_slice(args);
    v
}

pub fn keys(v: &Value) -> Vec<String> {
    v.as_object().expect("an object").keys().cloned().collect()
}

/// The worked example of SPEC 6: 1,500.00 issued 2026-10-01 net30, late fee
/// 5%, interest 1.5%/month, 500.00 paid 2026-11-05.
pub fn spec_example() -> Env {
    spec_example_in(Env::new())
}

/// The worked example of SPEC 6 in `env` (e.g. one with a config).
pub fn spec_example_in(env: Env) -> Env {
    let env = with_client_in(env, &["--terms", "net30", "--late-fee", "5%", "--interest", "1.5%/month"]);
    env.ok(&at("2026-10-01", &["add-invoice", "acme", "1500", "--issued", "2026-10-01"]))
        .stdout_has("added invoice INV-0001");
    env.ok(&at("2026-11-05", &["pay", "INV-0001", "500"]));
    env
}
