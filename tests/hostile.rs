//! What the attack harness (examples/attack) found after the hardening:
//! a C1 control character in a record kept the book from being restored
//! from its own export, a line break in a contract's file or a contact's
//! name was taken, and import took a payment `pay` refuses. Each is held
//! here.

mod common;

use common::Env;

const NOW: &str = "2026-11-27T12:00";

fn acme() -> Env {
    let env = Env::new();
    {
        let at = env.runner(&["--as-of", NOW]);
        at(&["add-client", "acme", "--name", "Acme", "--contact", "Jane <jane@acme.example>"]);
        at(&["add-invoice", "acme", "1500", "--issued", "2026-10-01", "--number", "A-1"]);
        at(&["pay", "A-1", "400", "--on", "2026-10-20"]);
    }
    env
}

#[test]
fn a_c1_control_character_survives_export_and_import_and_never_reaches_the_terminal_raw() {
    let env = acme();
    env.ok(&["--as-of", NOW, "edit-client", "acme", "--name", "a\u{9b}31mb\u{85}c"]);
    // JSON writes C1 (and DEL) as \u escapes: valid, exact and harmless.
    let json = env.ok(&["export", "--format", "json"]).stdout;
    assert!(json.contains("\"name\": \"a\\u009b31mb\\u0085c\""), "{json}");
    assert!(!json.contains('\u{9b}') && !json.contains('\u{85}'));
    let report = env.ok(&["--format", "json", "clients"]).stdout;
    assert!(report.contains("\"name\": \"a\\u009b31mb\\u0085c\""), "{report}");
    // TOML to a file keeps the text as it is (TOML allows it): both read back.
    let toml = env.ok(&["export"]).stdout;
    assert!(toml.contains("name = \"a\u{9b}31mb\u{85}c\""), "{toml}");
    for (name, text) in [("book.json", &json), ("book.toml", &toml)] {
        let other = Env::new();
        let file = other.path(name);
        std::fs::write(&file, text).unwrap();
        other.ok(&["import", file.to_str().unwrap()]);
        let format = if name.ends_with("json") { "json" } else { "toml" };
        assert!(other.ok(&["export", "--format", format]).stdout == *text, "{name} changed on its way back");
    }
    // A table shows it escaped.
    env.ok(&["clients"]).stdout_has("a\\u{9b}31mb\\u{85}c");
}

#[test]
fn a_line_break_in_a_contract_file_or_a_contact_name_is_bad_input() {
    let env = acme();
    let before = env.db_bytes();
    let file = env.path("signed\ncontract.pdf");
    std::fs::write(&file, "pdf").unwrap();
    let run = env.run(&[
        "--as-of",
        NOW,
        "add-contract",
        "acme",
        "--signed",
        "2026-01-01",
        "--file",
        file.to_str().unwrap(),
    ]);
    let err = run.status(2).stderr;
    assert!(err.ends_with("contract.pdf\": a one-line text may not hold a line break\n  hint: give the path of the signed document, e.g. --file contracts/acme-2026.pdf\n"), "{err}");
    env.run(&["--as-of", NOW, "add-contact", "acme", "Al\nX <al@acme.example>"]).status(2).stderr(
        "expect: error: contact \"Al\\nX <al@acme.example>\": a name may not hold a line break; expected a name, an e-mail or both, e.g. \"Jane Doe <jane@acme.example>\"\n",
    );
    assert!(env.db_bytes() == before, "a refused command changed the book");
}

#[test]
fn import_refuses_a_payment_above_what_its_invoice_owed() {
    let env = acme();
    let mut doc: serde_json::Value =
        serde_json::from_str(&env.ok(&["export", "--format", "json"]).stdout).unwrap();
    doc["payments"][0]["amount"] = "99999.00".into();
    doc["invoices"][0]["settled_on"] = "2026-10-20".into();
    let other = Env::new();
    let file = other.path("over.json");
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    other.ok(&["init"]);
    let before = other.db_bytes();
    let err = other.run(&["import", file.to_str().unwrap()]).status(2).stderr;
    assert!(
        err.ends_with(": payments[0].amount: 99999.00: more than invoice A-1 owed on 2026-10-20 (at most USD 1,500.00)\n  hint: nothing was imported\n"),
        "{err}"
    );
    assert!(other.db_bytes() == before);
    // What `pay` would take that day is taken.
    doc["payments"][0]["amount"] = "1500.00".into();
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    other.ok(&["import", file.to_str().unwrap()]);
    other.ok(&["--as-of", NOW, "invoices"]).stdout_has("A-1");
}
