//! Less noise, more help (issue 11): details that say who did what once,
//! hints that name a command showing what they say, "did you mean" for a
//! mistyped name or command, and values from the environment named by
//! their variable.

mod common;

use common::books::at;
use common::Env;

const NOW: &str = "2026-11-27T12:00";

/// Refused as of NOW with exactly `stderr`.
fn refused(env: &Env, args: &[&str], stderr: &str) {
    env.run(&at(NOW, args)).status(2).stderr(stderr);
}

fn acme() -> Env {
    let env = Env::new();
    {
        let at = env.runner(&["--as-of", NOW]);
        at(&["add-client", "acme", "--name", "Acme Corp", "--contact", "Jane <jane@acme.example>"]);
        at(&["add-member", "sam", "--name", "Sam"]);
    }
    env
}

fn details(env: &Env, code: &str) -> Vec<String> {
    let v = env.json(&["--as-of", NOW, "check", "--only", code], 1);
    v.as_array().unwrap().iter().map(|f| f["detail"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_bypass_names_who_wrote_to_whom_once() {
    let env = acme();
    let at = env.runner(&["--as-of", NOW]);
    at(&["log", "acme", "--from", "Jane <jane@acme.example>", "--to", "sam", "--at", "-3h", "Logo"]);
    at(&["log", "acme", "--from", "Bob <bob@acme.example>", "--at", "-2h", "Banner"]);
    at(&["log", "acme", "--from", "Bob <bob@acme.example>", "--to", "sam", "--at", "-1h", "Footer"]);
    assert_eq!(
        details(&env, "bypassed-contact"),
        [
            "message 1: Jane <jane@acme.example> wrote to sam, not to the manager me: remind acme of the agreed route",
            "message 2: Bob <bob@acme.example> wrote to me, but the primary contact is Jane <jane@acme.example>: \
             remind acme of the agreed route",
            "message 3: Bob <bob@acme.example> wrote to sam; the agreed route is Jane <jane@acme.example> \
             writing to the manager me: remind acme of the agreed route",
        ]
    );
}

#[test]
fn an_unpaid_phase_with_an_invoice_is_not_told_to_invoice_it() {
    let env = acme();
    let at = env.runner(&["--as-of", NOW]);
    at(&["add-contract", "acme", "--signed", "2026-11-01"]);
    at(&["add-project", "acme", "website", "--phase", "design=2000", "--phase", "build=4000"]);
    at(&["start-phase", "website", "build"]);
    let before = details(&env, "unpaid-phase");
    assert_eq!(
        before,
        ["phase build of website started while phase design is unpaid: invoice it and get it paid before \
          going further (`expect projects --client acme` shows the phases)"]
    );
    at(&["add-invoice", "acme", "2000", "--project", "website", "--phase", "design"]);
    assert_eq!(
        details(&env, "unpaid-phase"),
        ["phase build of website started while phase design is unpaid: get its invoice paid before going \
          further (`expect projects --client acme` shows the phases)"]
    );
}

#[test]
fn phase_gating_needs_no_cover_for_a_client_without_a_project() {
    let env = acme();
    let at = env.runner(&["--as-of", NOW]);
    let all_but_phases = "contact,communication,payment,late-fee,interest,suspension,turnaround,rush";
    at(&["add-contract", "acme", "--signed", "2026-11-01", "--covers", all_but_phases]);
    env.ok(&["--as-of", NOW, "check"]).stdout("");
    at(&["add-project", "acme", "website", "--phase", "design=2000"]);
    let v = env.json(&["--as-of", NOW, "check"], 1);
    assert_eq!(v[0]["key"], "contract-gap:client:acme:phases", "{v:#}");
}

#[test]
fn an_unknown_name_suggests_the_nearest_known_one() {
    let env = acme();
    let at = env.runner(&["--as-of", NOW]);
    at(&["add-invoice", "acme", "100", "--number", "INV-0001"]);
    at(&["add-project", "acme", "website", "--phase", "design=2000"]);
    let before = env.db_bytes();
    refused(
        &env,
        &["show-client", "acm"],
        "expect: error: unknown client \"acm\"\n  hint: did you mean `acme`? `expect clients` lists them\n",
    );
    refused(
        &env,
        &["show-client", "acem"],
        "expect: error: unknown client \"acem\"\n  hint: did you mean `acme`? `expect clients` lists them\n",
    );
    refused(
        &env,
        &["pay", "INV-001"],
        "expect: error: unknown invoice \"INV-001\"\n  hint: did you mean `INV-0001`? `expect invoices` lists them\n",
    );
    refused(
        &env,
        &["log", "acme", "--from", "jane@acme.example", "--to", "samm", "Hi"],
        "expect: error: unknown member \"samm\"\n  hint: did you mean `sam`? `expect members` lists them\n",
    );
    refused(
        &env,
        &["start-phase", "webiste", "design"],
        "expect: error: unknown project \"webiste\"\n  hint: did you mean `website`? `expect projects` lists them\n",
    );
    refused(
        &env,
        &["show-client", "zeta"],
        "expect: error: unknown client \"zeta\"\n  hint: `expect clients` lists them\n",
    );
    assert!(env.db_bytes() == before, "a refused command changed the database");
    // A mistyped command: the one nearest, not a list.
    env.run(&["clints"]).status(2).stderr(
        "expect: error: unrecognized subcommand 'clints'\n  hint: did you mean `expect clients`? \
         `expect --help` lists the commands\n",
    );
}

#[test]
fn a_bad_value_from_the_environment_is_named_by_its_variable() {
    let env = acme();
    let run = |var: &str, value: &str| {
        let out = env.command(&["clients"]).env(var, value).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8(out.stderr).unwrap()
    };
    assert!(
        run("EXPECT_NOW", "someday").starts_with("expect: error: EXPECT_NOW \"someday\": expected a date")
    );
    assert_eq!(
        run("EXPECT_FORMAT", "xml"),
        "expect: error: EXPECT_FORMAT \"xml\": not one of the possible values\n  hint: possible values: table, json, csv\n"
    );
    let folder = env.dir.path().to_str().unwrap().to_string();
    assert_eq!(
        run("EXPECT_DB", &folder),
        format!(
            "expect: error: EXPECT_DB {folder} is a folder, not a database file\n  hint: set EXPECT_DB to a file \
             path, e.g. EXPECT_DB=~/.local/share/expect/expect.db\n"
        )
    );
    assert!(
        run("EXPECT_CONFIG", &folder).starts_with(&format!("expect: error: EXPECT_CONFIG \"{folder}\": "))
    );
    // Typed on the command line, the flag is named.
    env.run(&["--as-of", "someday", "clients"]).status(2).stderr_has("error: --as-of \"someday\"");
    env.run(&["--format", "xml", "clients"])
        .status(2)
        .stderr_has("invalid value 'xml' for '--format <FORMAT>'");
}

#[test]
fn a_slip_in_an_amount_or_a_time_is_named_with_what_would_be_read() {
    let env = acme();
    let before = env.db_bytes();
    // A negative amount reaches the amount's own check, not clap's.
    refused(
        &env,
        &["add-invoice", "acme", "-50"],
        "expect: error: AMOUNT \"-50\": an amount is never negative, expected an amount like 1500, 1500.50 or \
         1,500.50\n",
    );
    // Typed in another style than the config's: the key that reads it.
    refused(
        &env,
        &["add-invoice", "acme", "1.200,00"],
        "expect: error: AMOUNT \"1.200,00\": expected an amount like 1500, 1500.50 or 1,500.50 (numbers = \
         \"1.234,56\" in the config reads \"1.200,00\")\n",
    );
    // `16h` without its sign is not "in 16 hours" by surprise.
    refused(
        &env,
        &["deadline", "1bh", "--from", "16h"],
        "expect: error: --from \"16h\": expected +16h for 16h from now, or 16:00 for that time of day\n",
    );
    refused(
        &env,
        &["log", "acme", "--from", "jane@acme.example", "--at", "2d", "Hi"],
        "expect: error: --at \"2d\": expected +2d for 2d from now (or -2d before)\n",
    );
    assert_eq!(env.db_bytes(), before);
}
