//! Issue 2 end to end: a new user's first steps, rule versions, bad input
//! that leaves the database byte-identical, file modes, `check` exit status.

mod common;

use common::{mode, Env};
use serde_json::json;

const AS_OF: &str = "2026-11-27T10:00";

fn with_acme() -> Env {
    acme_in(Env::new())
}

/// Client acme in a file book (for the tests about the file itself).
fn with_acme_file() -> Env {
    acme_in(Env::file())
}

fn acme_in(env: Env) -> Env {
    env.ok(&[
        "--as-of",
        AS_OF,
        "add-client",
        "acme",
        "--name",
        "Acme Corp",
        "--contact",
        "Jane Doe <jane@acme.example>",
        "--terms",
        "net15",
        "--late-fee",
        "5%",
        "--interest",
        "1.5%/month",
    ])
    .stdout("added client acme\n");
    env.ok(&["--as-of", AS_OF, "add-contract", "acme", "--signed", "2026-11-01"]);
    env
}

#[test]
fn a_new_user_adds_a_client_and_sees_exactly_its_rules() {
    let env = with_acme();
    let v = env.json(&["--as-of", AS_OF, "show-client", "acme"], 0);
    assert_eq!(v["handle"], "acme");
    assert_eq!(v["name"], "Acme Corp");
    assert_eq!(v["manager"], "me");
    assert_eq!(v["currency"], "USD");
    assert_eq!(
        v["contacts"],
        json!([{"name": "Jane Doe", "email": "jane@acme.example", "primary": true, "role": null, "phone": null}])
    );
    assert_eq!(
        v["rules"],
        json!({
            "channels": ["email", "phone"],
            "response": "1-2bd",
            "terms": "net15",
            "grace": "0d",
            "late_fee": "5%",
            "interest": "1.5%/month",
            "suspend_after": null,
            "turnaround": "5bd",
            "start_within": "2bd",
            "cutoff": "fri 16:00",
            "rush_fee": null,
            "phase_gating": true,
            "notice_period": "30d"
        })
    );
}

#[test]
fn database_is_private() {
    let env = with_acme_file();
    assert_eq!(mode(&env.db), 0o600);
    assert_eq!(mode(env.db.parent().unwrap()), 0o700);
}

#[test]
fn config_defaults_flow_into_new_clients() {
    let env = Env::with_config(
        "currency = \"EUR\"\n[defaults]\nterms = \"eom+10\"\nlate_fee = \"25\"\nresponse = \"4h\"\nphase_gating = false\n",
    );
    env.ok(&["add-client", "acme", "--name", "Acme", "--grace", "5d", "--no-phase-gating"]);
    let v = env.json(&["show-client", "acme"], 0);
    assert_eq!(v["currency"], "EUR");
    assert_eq!(v["rules"]["terms"], "eom+10");
    assert_eq!(v["rules"]["late_fee"], "25.00");
    assert_eq!(v["rules"]["response"], "4h");
    assert_eq!(v["rules"]["grace"], "5d");
    assert_eq!(v["rules"]["phase_gating"], false);
    assert_eq!(v["contacts"], json!([]));
}

#[test]
fn rule_versions_apply_from_their_effective_date() {
    let env = with_acme();
    env.ok(&["--as-of", AS_OF, "edit-client", "acme", "--late-fee", "10%", "--effective", "2027-01-01"])
        .stdout_has("edited client acme: late_fee 10% takes effect 2027-01-01");
    let before = env.json(&["--as-of", "2026-12-31", "show-client", "acme"], 0);
    assert_eq!(before["rules"]["late_fee"], "5%");
    assert_eq!(
        before["upcoming"],
        json!([{"effective": "2027-01-01", "notified": null, "changes": {"late_fee": "10%"}, "stricter": ["late_fee"]}])
    );
    let after = env.json(&["--as-of", "2027-01-02", "show-client", "acme"], 0);
    assert_eq!(after["rules"]["late_fee"], "10%");
    assert_eq!(after["rules"]["terms"], "net15");
    assert_eq!(after["upcoming"], json!([]));
    // Text form shows the upcoming change too.
    env.ok(&["--as-of", "2026-12-31", "show-client", "acme"])
        .stdout_has("  late_fee       5%\n")
        .stdout_has("from 2027-01-01: late_fee 10% (stricter; client not told yet)");
}

#[test]
fn a_stricter_edit_without_a_date_waits_for_the_notice_period() {
    let env = with_acme();
    env.ok(&["--as-of", AS_OF, "edit-client", "acme", "--terms", "net10"])
        .stdout_has("takes effect 2026-12-27");
    // A lenient change applies today.
    env.ok(&["--as-of", AS_OF, "edit-client", "acme", "--late-fee", "none"])
        .stdout_has("edited client acme: late_fee none in force from 2026-11-27");
    let v = env.json(&["--as-of", AS_OF, "show-client", "acme"], 0);
    assert_eq!(v["rules"]["late_fee"], serde_json::Value::Null);
    assert_eq!(v["rules"]["terms"], "net15");
    // Amending the same date with --notified records the notice.
    env.ok(&[
        "--as-of",
        AS_OF,
        "edit-client",
        "acme",
        "--effective",
        "2026-12-27",
        "--notified",
        "2026-11-27",
    ]);
    let v = env.json(&["--as-of", AS_OF, "show-client", "acme"], 0);
    assert_eq!(v["upcoming"][0]["notified"], "2026-11-27");
    assert_eq!(v["upcoming"][0]["changes"], json!({"terms": "net10"}));
}

#[test]
fn check_flags_a_client_without_primary_contact_until_one_is_named() {
    let env = Env::new();
    env.ok(&["--as-of", AS_OF, "add-client", "umbrella", "--name", "Umbrella Co"]);
    // A signed contract covering everything: only the contact is missing.
    env.ok(&["--as-of", AS_OF, "add-contract", "umbrella", "--signed", "2026-11-01"]);
    let flags = env.json(&["--as-of", AS_OF, "check"], 1);
    assert_eq!(
        flags,
        json!([{
            "key": "no-contact:client:umbrella",
            "code": "no-contact",
            "severity": "violation",
            "party": "you",
            "client": "umbrella",
            "subject": "client umbrella",
            "at": "2026-11-27T10:00:00+00:00",
            "detail": "Umbrella Co has no primary contact: name one with `expect add-contact umbrella \"Name <email>\" --primary`",
            "dismissed": false
        }])
    );
    env.run(&["--as-of", AS_OF, "check"]).status(1).stdout_has("no-contact");
    env.run(&["--as-of", AS_OF, "check", "-q"]).status(1).stdout("");
    env.ok(&["add-contact", "umbrella", "Alice <alice@umbrella.example>"])
        .stdout("added contact Alice <alice@umbrella.example> of umbrella\n");
    env.run(&["--as-of", AS_OF, "check"]).status(1);
    env.ok(&["add-contact", "umbrella", "ALICE@umbrella.example", "--primary"])
        .stdout("updated contact Alice <alice@umbrella.example> of umbrella (primary)\n");
    env.ok(&["--as-of", AS_OF, "check"]).stdout("");
    assert_eq!(env.json(&["--as-of", AS_OF, "check"], 0), json!([]));
    env.ok(&["--as-of", AS_OF, "check", "--format", "csv"])
        .stdout("key,code,severity,party,client,subject,at,detail,dismissed\n");
}

#[test]
fn dismissed_flags_are_hidden_and_do_not_fail_check() {
    let env = Env::new();
    env.ok(&["--as-of", AS_OF, "add-client", "umbrella", "--name", "Umbrella Co"]);
    // A signed contract covering everything: only the contact is missing.
    env.ok(&["--as-of", AS_OF, "add-contract", "umbrella", "--signed", "2026-11-01"]);
    env.ok(&["--as-of", AS_OF, "dismiss", "no-contact:client:umbrella"])
        .stdout("dismissed no-contact:client:umbrella\n");
    env.ok(&["--as-of", AS_OF, "check"]).stdout("");
    env.ok(&["--as-of", AS_OF, "check", "--all"]).stdout_has("no-contact  violation (dismissed)");
    assert_eq!(env.json(&["--as-of", AS_OF, "check", "--all"], 0)[0]["dismissed"], true);
    env.run(&["dismiss", "no-contact:client:acme"])
        .status(2)
        .stderr_has("unknown flag key \"no-contact:client:acme\"");
    env.ok(&["undismiss", "no-contact:client:umbrella"]);
    env.run(&["--as-of", AS_OF, "check"]).status(1);
    env.run(&["--as-of", AS_OF, "check", "--only", "overdue-invoice"]).status(0).stdout("");
}

#[test]
fn lists_and_archiving() {
    let env = with_acme();
    env.ok(&[
        "add-client",
        "globex",
        "--name",
        "Globex Ltd",
        "--contact",
        "hank@globex.example",
        "--currency",
        "eur",
    ]);
    env.ok(&["add-member", "sam", "--name", "Sam Lee", "--email", "sam@studio.example"])
        .stdout("added member sam\n");
    env.ok(&["clients"]).stdout(
        "HANDLE  NAME        MANAGER  CURRENCY\nacme    Acme Corp   me       USD\nglobex  Globex Ltd  me       EUR\n",
    );
    env.ok(&["clients", "--format", "csv"])
        .stdout("handle,name,manager,currency,archived\nacme,Acme Corp,me,USD,false\nglobex,Globex Ltd,me,EUR,false\n");
    assert_eq!(
        env.json(&["members"], 0),
        json!([{"handle": "me", "name": "Me", "email": null}, {"handle": "sam", "name": "Sam Lee", "email": "sam@studio.example"}])
    );
    env.ok(&["edit-client", "globex", "--manager", "sam", "--name", "Globex Corporation"])
        .stdout("edited client globex\n");
    env.ok(&["archive-client", "globex"]).stdout("archived client globex\n");
    env.ok(&["clients", "--format", "csv"])
        .stdout("handle,name,manager,currency,archived\nacme,Acme Corp,me,USD,false\n");
    let all = env.json(&["clients", "--all"], 0);
    assert_eq!(
        all[1],
        json!({"handle": "globex", "name": "Globex Corporation", "manager": "sam", "currency": "EUR", "archived": true})
    );
    env.ok(&["unarchive-client", "globex"]).stdout("unarchived client globex\n");
}

#[test]
fn empty_lists_print_nothing_but_the_csv_header_or_json() {
    let env = Env::new();
    env.ok(&["init"]);
    env.ok(&["clients"]).stdout("");
    env.ok(&["clients", "--format", "csv"]).stdout("handle,name,manager,currency,archived\n");
    env.ok(&["--format", "json", "clients"]).stdout("[]\n");
}

#[test]
fn init_creates_database_and_config_then_says_nothing_to_do() {
    let env = Env::new();
    env.ok(&["init", "--name", "Alex Rivera", "--email", "alex@studio.example"]).stdout(&format!(
        "created database {}\nupdated member me\nwrote config {}\n",
        env.db.display(),
        env.config.display()
    ));
    assert!(std::fs::read_to_string(&env.config).unwrap().contains("[defaults]"));
    env.ok(&["init"]).stdout(&format!("nothing to do: database {} already exists\n", env.db.display()));
    assert_eq!(
        env.json(&["members"], 0)[0],
        json!({"handle": "me", "name": "Alex Rivera", "email": "alex@studio.example"})
    );
    env.ok(&["init", "--email", "alex@new.example"]).stdout("updated member me\n");
}

#[test]
fn a_read_only_command_without_a_database_hints_at_init() {
    let env = Env::file();
    // The harness gives the path in EXPECT_DB; the hint says so.
    env.run(&["clients"]).status(2).stderr(&format!(
        "expect: error: no database at {}\n  hint: run `expect init` to create it, or check EXPECT_DB\n",
        env.db.display()
    ));
    let db = env.db.to_str().unwrap();
    env.run(&["--db", db, "clients"])
        .status(2)
        .stderr(&format!("expect: error: no database at {db}\n  hint: run `expect init` to create one\n"));
    assert!(!env.db.exists());
}

/// Every bad input exits 2 with a one-line message naming the value, and
/// leaves the database byte-identical.
#[test]
fn bad_input_exits_2_and_changes_nothing() {
    let env = with_acme();
    env.ok(&["add-member", "sam", "--name", "Sam Lee"]);
    let before = env.db_bytes();
    assert!(!before.is_empty());
    let cases: &[(&[&str], &str)] = &[
        (
            &["add-client", "new", "--name", "N", "--terms", "net-30"],
            "--terms \"net-30\": expected receipt, netN, eom or eom+N, e.g. net30",
        ),
        (&["add-client", "new", "--name", "N", "--late-fee", "5x"], "--late-fee \"5x\""),
        (&["add-client", "new", "--name", "N", "--late-fee", "-5%"], "--late-fee \"-5%\""),
        (&["add-client", "new", "--name", "N", "--late-fee", "1500,50"], "--late-fee \"1500,50\""),
        (&["add-client", "new", "--name", "N", "--late-fee", "12.345"], "--late-fee \"12.345\""),
        (&["add-client", "new", "--name", "N", "--interest", "1.5%"], "--interest \"1.5%\""),
        (
            &["add-client", "new", "--name", "N", "--interest", "1.23456%/month"],
            "--interest \"1.23456%/month\"",
        ),
        (&["add-client", "new", "--name", "N", "--response", "2-1bd"], "--response \"2-1bd\""),
        (&["add-client", "new", "--name", "N", "--response", "1h-2bd"], "--response \"1h-2bd\""),
        (&["add-client", "new", "--name", "N", "--turnaround", "5 days"], "--turnaround \"5 days\""),
        (&["add-client", "new", "--name", "N", "--grace", "2bd"], "--grace \"2bd\""),
        (&["add-client", "new", "--name", "N", "--cutoff", "fryday 16:00"], "--cutoff \"fryday 16:00\""),
        (&["add-client", "new", "--name", "N", "--cutoff", "fri 25:00"], "--cutoff \"fri 25:00\""),
        (&["add-client", "new", "--name", "N", "--channels", "e mail"], "--channels \"e mail\""),
        (&["add-client", "new", "--name", "N", "--currency", "EURO"], "--currency \"EURO\""),
        (
            &["add-client", "new", "--name", "N", "--currency", "XYZ"],
            "--currency \"XYZ\": expected an ISO 4217 currency code, e.g. EUR",
        ),
        (&["add-client", "new", "--name", "N", "--contact", "Jane <jane@>"], "--contact \"Jane <jane@>\""),
        (&["add-client", "Acme!", "--name", "N"], "client handle \"Acme!\""),
        (&["add-client", "acme_corp", "--name", "N"], "client handle \"acme_corp\""),
        (
            &["add-client", "a-very-long-handle-that-is-over-32-chars", "--name", "N"],
            "client handle \"a-very-long-handle-that-is-over-32-chars\"",
        ),
        (&["add-client", "acme", "--name", "Again"], "client \"acme\" already exists"),
        (&["add-client", "new", "--name", "N", "--manager", "nobody"], "unknown member \"nobody\""),
        (&["add-client", "new", "--name", "   "], "--name \"   \""),
        (&["edit-client", "nobody", "--late-fee", "5%"], "unknown client \"nobody\""),
        (
            &["edit-client", "acme", "--late-fee", "10%", "--effective", "2027-02-30"],
            "--effective \"2027-02-30\"",
        ),
        (
            &["edit-client", "acme", "--late-fee", "10%", "--effective", "next week"],
            "--effective \"next week\"",
        ),
        (&["edit-client", "acme"], "nothing to change"),
        (&["--as-of", "2026-13-01", "clients"], "--as-of \"2026-13-01\""),
        (&["--as-of", "yesterday-ish", "check"], "--as-of \"yesterday-ish\""),
        (&["add-contact", "nobody", "Jane"], "unknown client \"nobody\""),
        (&["add-contact", "acme", "a@b@c"], "contact \"a@b@c\""),
        (&["add-member", "sam", "--name", "Sam Again"], "member \"sam\" already exists"),
        (&["add-member", "Sam", "--name", "Sam"], "member handle \"Sam\""),
        (&["add-member", "kim", "--name", "Kim", "--email", "kim.example"], "--email \"kim.example\""),
        (&["show-client", "nobody"], "unknown client \"nobody\""),
        (&["archive-client", "nobody"], "unknown client \"nobody\""),
        (&["check", "--only", "late_reply"], "--only \"late_reply\""),
        (&["check", "--client", "nobody"], "unknown client \"nobody\""),
        (&["check", "--soon", "soon"], "--soon \"soon\""),
        (&["--format", "xml", "clients"], "xml"),
        (&["frobnicate"], "frobnicate"),
    ];
    for (args, needle) in cases {
        let run = env.run(args).status(2);
        assert!(run.stderr.starts_with("expect: error: "), "{}", run.describe());
        assert!(run.stderr.contains(needle), "stderr lacks {needle:?}\n{}", run.describe());
        let first = run.stderr.lines().next().unwrap();
        assert!(!first.contains("panicked") && !first.contains("Error {"), "{}", run.describe());
        assert!(run.stderr.lines().count() <= 2, "{}", run.describe());
        assert_eq!(run.stdout, "", "{}", run.describe());
        assert!(env.db_bytes() == before, "database changed after: expect {}", args.join(" "));
    }
}

#[test]
fn a_bad_config_names_file_line_and_key_and_changes_nothing() {
    let env = with_acme();
    let before = env.db_bytes();
    env.write_config("currency = \"USD\"\n\n[defaults]\nterms = \"net-30\"\n");
    env.run(&["clients"]).status(2).stderr(&format!(
        "expect: error: {}:4: defaults.terms = \"net-30\": expected receipt, netN, eom or eom+N, e.g. net30\n",
        env.config.display()
    ));
    env.write_config("[calendar]\nworkdays = [\"mon\"]\n");
    env.run(&["clients"])
        .status(2)
        .stderr_has(&format!("{}:2: calendar.workdays: unknown field `workdays`", env.config.display()));
    env.write_config("[calendar]\nhours = \"9-5\"\n");
    env.run(&["clients"]).status(2).stderr_has("calendar.hours = \"9-5\"");
    assert!(env.db_bytes() == before);
}

#[test]
fn a_file_that_is_not_an_expect_database_is_refused_untouched() {
    let env = Env::file();
    std::fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    std::fs::write(&env.db, "these are my notes, not a database\n").unwrap();
    let before = env.db_bytes();
    env.run(&["clients"]).status(2).stderr(&format!(
        "expect: error: EXPECT_DB {} is not an expect database\n  hint: check EXPECT_DB; the file was left untouched\n",
        env.db.display()
    ));
    env.run(&["add-client", "acme", "--name", "Acme"]).status(2).stderr_has("is not an expect database");
    assert!(env.db_bytes() == before);

    // Another application's SQLite database.
    let other = env.path("other.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('hi');").unwrap();
    drop(conn);
    let before = std::fs::read(&other).unwrap();
    env.run(&["--db", other.to_str().unwrap(), "clients"]).status(2).stderr_has("is not an expect database");
    assert!(std::fs::read(&other).unwrap() == before);
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let env = with_acme_file();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    drop(conn);
    let before = env.db_bytes();
    env.run(&["clients"]).status(2).stderr_has("was written by a newer version of expect (schema 99");
    env.run(&["add-client", "x", "--name", "X"]).status(2);
    assert!(env.db_bytes() == before);
}

#[test]
fn errors_and_usage() {
    let env = Env::new();
    env.run(&["add-client", "acme"])
        .status(2)
        .stderr_has("expect: error: the following required arguments were not provided");
    env.ok(&["--help"]).stdout_has("add-client");
}

#[test]
fn demo_is_reproducible_and_never_touches_real_data() {
    let env = Env::new();
    let a = env.path("demo-a.db");
    let b = env.path("demo-b.db");
    let run_a = env.ok(&["--as-of", AS_OF, "demo", "--db", a.to_str().unwrap()]);
    let run_b = env.ok(&["--as-of", AS_OF, "demo", "--db", b.to_str().unwrap()]);
    assert_eq!(run_a.stdout, run_b.stdout);
    assert!(run_a.stdout.contains("no-contact"), "{}", run_a.describe());
    assert!(run_a.stderr.contains(a.to_str().unwrap()));
    assert!(!env.db.exists(), "demo must ignore EXPECT_DB");
    env.run(&["demo", "--db", a.to_str().unwrap()]).status(2).stderr_has("already exists");
    // Without --db: a fresh file in a temporary folder, named on stderr.
    let run = env.ok(&["--as-of", AS_OF, "--format", "json", "demo"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(v.as_array().is_some_and(|a| !a.is_empty()));
    assert!(run.stderr.starts_with("demo database: "));
}

#[test]
fn amending_a_change_keeps_its_notice_unless_it_becomes_stricter_than_announced() {
    let env = with_acme();
    let edit = |fee: &str, extra: &[&str]| {
        let mut args =
            vec!["--as-of", AS_OF, "edit-client", "acme", "--late-fee", fee, "--effective", "2027-01-01"];
        args.extend_from_slice(extra);
        env.ok(&args);
        env.json(&["--as-of", AS_OF, "show-client", "acme"], 0)["upcoming"][0]["notified"].clone()
    };
    assert_eq!(edit("10%", &["--notified", "2026-11-27"]), json!("2026-11-27"));
    // Milder than announced (still stricter than today's 5%): the notice stands.
    assert_eq!(edit("8%", &[]), json!("2026-11-27"));
    // Stricter than announced: the client must be told again.
    assert_eq!(edit("12%", &[]), serde_json::Value::Null);
}

#[test]
fn a_broken_pipe_exits_quietly() {
    // 100 KB of completions into a reader that stops after one byte: more
    // than a pipe holds, so the writer meets a closed pipe.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg("\"$EXPECT\" completions bash | head -c 1 >/dev/null; echo \"${PIPESTATUS[0]}\"")
        .env("EXPECT", env!("CARGO_BIN_EXE_expect"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "0\n", "expect's exit status");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "a broken pipe must not print anything");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let env = with_acme();
    // Not a terminal: plain, whatever NO_COLOR says.
    assert!(!env.ok(&["clients"]).stdout.contains('\u{1b}'));
    // `always` wins, even over NO_COLOR (the harness sets NO_COLOR=1).
    assert!(env.ok(&["clients", "--color", "always"]).stdout.contains("\u{1b}[1mHANDLE"));
    assert!(!env.ok(&["clients", "--color", "NEVER"]).stdout.contains('\u{1b}'));
}

#[test]
fn write_commands_print_their_record_as_json() {
    let env = Env::new();
    let v = env.json(&["init", "--name", "Alex"], 0);
    assert_eq!(v["created"], true);
    assert_eq!(v["member"], json!({"handle": "me", "name": "Alex", "email": null}));
    let v = env.json(&["--as-of", AS_OF, "add-client", "acme", "--name", "Acme"], 0);
    assert_eq!((v["id"].clone(), v["handle"].clone()), (json!(1), json!("acme")));
    assert_eq!(
        env.json(&["archive-client", "acme"], 0),
        json!({"client": "acme", "archived": true, "changed": true})
    );
    assert_eq!(
        env.json(&["add-member", "sam", "--name", "Sam"], 0),
        json!({"id": 2, "handle": "sam", "name": "Sam", "email": null})
    );
}

#[test]
fn relative_times_may_start_with_a_minus() {
    let env = with_acme();
    env.ok(&["--as-of", AS_OF, "check", "--since", "-7d"]);
    env.ok(&["--as-of", "-1d", "clients"]);
    env.ok(&["--as-of", AS_OF, "edit-client", "acme", "--grace", "9d", "--effective", "-5d"])
        .stdout("edited client acme: grace 9d in force from 2026-11-22\n");
    env.ok(&[
        "--as-of",
        AS_OF,
        "edit-client",
        "acme",
        "--late-fee",
        "9%",
        "--effective",
        "2027-01-10",
        "--notified",
        "-1d",
    ]);
    let v = env.json(&["--as-of", AS_OF, "show-client", "acme"], 0);
    assert_eq!(v["upcoming"][0]["notified"], "2026-11-26");
}

/// Start-up (SPEC 11): on Linux with glibc the binary is linked
/// position-dependent (`build.rs`), so the loader has none of the ~43,000
/// relocations of a position-independent build to apply at each start: an
/// ELF executable of type `ET_EXEC` (2), not `ET_DYN` (3). `EXPECT_PIE=1`
/// at build time keeps the position-independent default (`build.rs` says
/// which it linked).
#[cfg(all(target_os = "linux", target_env = "gnu", target_endian = "little"))]
#[test]
fn the_binary_is_linked_position_dependent() {
    use std::io::Read as _;
    let mut head = [0u8; 18];
    std::fs::File::open(env!("CARGO_BIN_EXE_expect")).unwrap().read_exact(&mut head).unwrap();
    assert_eq!(&head[..4], b"\x7fELF");
    let e_type = u16::from_le_bytes([head[16], head[17]]);
    assert_eq!(e_type, if env!("EXPECT_LINKED_PIE") == "1" { 3 } else { 2 });
}
