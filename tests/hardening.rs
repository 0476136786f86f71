//! What an attack on an earlier build found, each case a test that failed
//! before its fix: files that are not databases turned into one, a failed
//! import deleting another's database, damage going unnoticed, odd schema
//! versions, read-only files and folders, hostile text, what import
//! accepted that the command line refuses, files written over links.

mod common;

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

use common::{mode, Env};

const NOW: &str = "2026-11-27T12:00";

fn path_str(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

#[test]
fn an_empty_or_tiny_file_is_never_turned_into_a_database() {
    let env = Env::new();
    for (name, bytes) in [("zero.db", &b""[..]), ("one.db", &b"x"[..])] {
        let p = env.path(name);
        std::fs::write(&p, bytes).unwrap();
        let link = env.path(&format!("link-{name}"));
        std::os::unix::fs::symlink(&p, &link).unwrap();
        for target in [&p, &link] {
            for args in [&["clients"][..], &["add-client", "acme", "--name", "Acme"]] {
                let mut full = vec!["--db", path_str(target)];
                full.extend_from_slice(args);
                env.run(&full).status(2).stderr(&format!(
                    "expect: error: {} is not an expect database\n  hint: check --db / EXPECT_DB; the file was left untouched\n",
                    target.display()
                ));
            }
        }
        assert_eq!(std::fs::read(&p).unwrap(), bytes, "{name} was changed");
        assert_eq!(mode(&p), 0o644, "{name}'s mode was changed");
        assert!(!env.path(&format!("{name}-wal")).exists());
    }
}

#[test]
fn a_missing_database_is_made_private_and_only_by_a_write() {
    let env = Env::file();
    env.run(&["clients"]).status(2);
    assert!(!env.db.exists(), "a read-only command created the database");
    env.ok(&["add-client", "acme", "--name", "Acme"]);
    assert_eq!(mode(&env.db), 0o600);
    assert_eq!(mode(env.db.parent().unwrap()), 0o700);
    // Nothing but the database is left beside it.
    let names: Vec<String> = std::fs::read_dir(env.db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
        .collect();
    assert_eq!(names, ["expect.db"]);
}

#[test]
fn odd_schema_versions_are_one_clear_line_and_the_file_untouched() {
    for (version, needle) in [
        ("0", "has no valid schema version (user_version 0)"),
        ("-1", "has no valid schema version (user_version -1)"),
    ] {
        let env = Env::file();
        env.ok(&["add-client", "acme", "--name", "Acme"]);
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {version};")).unwrap();
        drop(conn);
        let before = env.db_bytes();
        for args in [&["clients"][..], &["add-client", "b", "--name", "B"]] {
            let run = env.run(args).status(2).stderr_has(needle);
            assert_eq!(run.stderr.lines().count(), 2, "{}", run.describe());
        }
        assert!(env.db_bytes() == before, "user_version {version}: the file changed");
    }
    // Our application id and no schema: refused before anything is written
    // (it stays in its rollback journal mode, not switched to WAL).
    let env = Env::new();
    let p = env.path("app.db");
    let conn = rusqlite::Connection::open(&p).unwrap();
    conn.execute_batch("PRAGMA application_id = 1163415619; PRAGMA user_version = 1;").unwrap();
    drop(conn);
    let before = std::fs::read(&p).unwrap();
    env.run(&["--db", path_str(&p), "add-client", "b", "--name", "B"])
        .status(2)
        .stderr_has("is not an expect database");
    assert!(std::fs::read(&p).unwrap() == before);
    let conn = rusqlite::Connection::open(&p).unwrap();
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(journal, "delete");
}

/// Overwrites bytes near the end of page `page` (from 1), where its cells are.
fn damage_page(path: &Path, page: u64) {
    use std::io::{Seek as _, SeekFrom, Write as _};
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(4096 * (page - 1) + 3000)).unwrap();
    f.write_all(&[0xde, 0xad, 0xbe, 0xef].repeat(250)).unwrap();
}

#[test]
fn damage_is_found_by_verify_and_refused_by_export_and_backup() {
    let env = Env::file();
    let at = env.runner(&["--as-of", NOW]);
    at(&["add-client", "acme", "--name", "Acme"]);
    for i in 0..30 {
        at(&["add-invoice", "acme", "100", "--issued", "2026-10-01", "--number", &format!("N-{i}")]);
    }
    env.ok(&["verify"]).stdout(&format!("{}: ok\n", env.db.display()));
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let page: u64 = conn
        .query_row("SELECT rootpage FROM sqlite_master WHERE name = 'invoices'", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    damage_page(&env.db, page);
    let run = env.run(&["verify"]).status(1);
    assert!(run.stdout.starts_with(&format!("{}: damaged\n", env.db.display())), "{}", run.describe());
    assert!(run.stdout.contains("malformed"), "{}", run.describe());
    let json = env.json(&["verify"], 1);
    assert_eq!(json["ok"], serde_json::json!(false));
    env.run(&["export"])
        .status(2)
        .stderr_has("the database is damaged")
        .stderr_has("restore it from a backup");
    let copy = env.path("copy.db");
    env.run(&["backup", path_str(&copy)]).status(2).stderr_has("the database is damaged");
    assert!(!copy.exists(), "a failed backup left its file");
    env.run(&["--as-of", NOW, "invoices"]).status(2).stderr_has("the database is damaged");
}

/// A row naming a row that is no longer there (written by another program
/// with SQLite's foreign keys off) is found by `verify`.
#[test]
fn verify_names_a_row_whose_reference_is_gone() {
    let env = Env::file();
    let at = env.runner(&["--as-of", NOW]);
    at(&["add-client", "acme", "--name", "Acme"]);
    at(&["add-invoice", "acme", "100", "--issued", "2026-10-01"]);
    at(&["pay", "INV-0001", "40"]);
    env.ok(&["verify"]).stdout(&format!("{}: ok\n", env.db.display()));
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF; DELETE FROM invoices;").unwrap();
    let payment: i64 = conn.query_row("SELECT id FROM payments", [], |r| r.get(0)).unwrap();
    drop(conn);
    let run = env.run(&["verify"]).status(1);
    assert!(
        run.stdout.starts_with(&format!(
            "{}: damaged\n  payments row {payment} names no invoices row\n",
            env.db.display()
        )),
        "{}",
        run.describe()
    );
}

#[test]
fn a_failed_import_into_a_new_path_never_removes_what_another_process_wrote() {
    let env = Env::new();
    let bad = env.path("bad.toml");
    std::fs::write(&bad, "expect_export = 1\n[[members]]\nid = 1\nhandle = \"me\"\nname = \"Me\"\n[[clients]]\nid = 1\nhandle = \"x\"\nname = \"X\"\nmanager_id = 42\ncurrency = \"USD\"\ncreated_at = \"2026-01-01T00:00:00Z\"\n").unwrap();
    for trial in 0..12 {
        let db = env.path(&format!("race-{trial}.db"));
        let spawn = |args: &[&str]| {
            let mut cmd = env.command(args);
            cmd.env("EXPECT_DB", &db)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped());
            cmd.spawn().unwrap()
        };
        let import = spawn(&["import", path_str(&bad)]);
        let writer = spawn(&["add-client", "other", "--name", "Other"]);
        let writer = writer.wait_with_output().unwrap();
        let import = import.wait_with_output().unwrap();
        assert_eq!(import.status.code(), Some(2), "trial {trial}");
        if writer.status.success() {
            let run = env.run(&["--db", path_str(&db), "--format", "json", "clients"]).status(0);
            assert!(
                run.stdout.contains("\"other\""),
                "trial {trial}: an acknowledged write was lost\n{}",
                run.describe()
            );
        }
    }
}

#[test]
fn a_read_only_database_or_folder_is_read_and_left_clean() {
    let env = Env::file();
    env.ok(&["add-client", "acme", "--name", "Acme"]);
    let dir = env.path("ro");
    std::fs::create_dir(&dir).unwrap();
    let file = dir.join("x.db");
    std::fs::copy(&env.db, &file).unwrap();
    // Run as an unprivileged user when we are root (root ignores modes).
    let root = std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout == b"0\n");
    let run_as = |args: &[&str]| {
        let mut cmd = if root {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_expect")]);
            c
        } else {
            std::process::Command::new(env!("CARGO_BIN_EXE_expect"))
        };
        cmd.args(args).env_clear().env("TZ", "UTC").env("EXPECT_CONFIG", "/nonexistent/config.toml");
        cmd.output().unwrap()
    };
    let set = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    // A 0444 file in a folder we may write to, then a folder we may not.
    set(&file, 0o444);
    set(&dir, 0o777);
    set(env.dir.path(), 0o755);
    for folder_mode in [0o777, 0o555] {
        set(&dir, folder_mode);
        let out = run_as(&["--db", path_str(&file), "--format", "json", "clients"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("\"acme\""));
        let out = run_as(&["--db", path_str(&file), "add-client", "b", "--name", "B"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("cannot be written"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["x.db"], "reading left files behind");
    }
    set(&dir, 0o755);
}

#[test]
fn contradicting_flags_a_bare_number_of_days_and_year_zero_are_refused() {
    let env = Env::new();
    env.ok(&["init"]);
    let before = env.db_bytes();
    env.run(&["add-client", "a", "--name", "A", "--phase-gating", "--no-phase-gating"])
        .status(2)
        .stderr_has("cannot be used with");
    env.run(&["add-client", "a", "--name", "A", "--grace", "5"])
        .status(2)
        .stderr_has("--grace \"5\": a number of days needs its unit, e.g. 5d");
    env.run(&["--as-of", "0000-01-01", "clients"]).status(2).stderr_has("--as-of \"0000-01-01\"");
    env.run(&["add-invoice", "a", "10", "--issued", "0000-03-01"])
        .status(2)
        .stderr_has("--issued \"0000-03-01\"");
    assert!(env.db_bytes() == before);
}

#[test]
fn errors_quote_at_most_80_characters_and_no_raw_control_character() {
    let env = Env::new();
    env.ok(&["add-client", "acme", "--name", "Acme"]);
    let huge = "x".repeat(100_000);
    let run = env.run(&["log", "acme", "--from", "jane@acme.example", &huge]).status(2);
    assert!(run.stderr.len() < 300, "echoed {} bytes", run.stderr.len());
    assert!(
        run.stderr.contains(&format!("\"{}\"…", "x".repeat(80))),
        "{}",
        &run.stderr[..200.min(run.stderr.len())]
    );
    let run = env.run(&["show-client", "\u{1b}[31mred\u{7}"]).status(2);
    assert!(!run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'), "{:?}", run.stderr);
}

#[test]
fn a_planted_link_in_the_reminders_folder_is_refused_and_its_target_untouched() {
    let env = Env::new();
    let at = env.runner(&["--as-of", "2026-10-01"]);
    at(&["add-client", "acme", "--name", "Acme"]);
    at(&["add-invoice", "acme", "100", "--number", "A-1"]);
    at(&["add-invoice", "acme", "100", "--number", "A-2"]);
    let dir = env.path("out");
    std::fs::create_dir(&dir).unwrap();
    let target = env.path("precious.txt");
    std::fs::write(&target, "keep me").unwrap();
    std::os::unix::fs::symlink(&target, dir.join("A-2-firm.txt")).unwrap();
    env.run(&["--as-of", "2026-11-15", "remind", "--out", path_str(&dir)])
        .status(2)
        .stderr_has("already exists");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    // The run failed: the file it wrote first is gone, nothing was recorded.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["A-2-firm.txt"]);
    env.run(&["--as-of", "2026-11-15", "remind", "--dry-run", "--format", "json"]).status(1);
}

/// A change to an exported document.
type Change = fn(&mut serde_json::Value);

/// A book with a client, a contact of another client, an invoice paid and
/// voided, a message and a reminder, exported as JSON.
fn exported_book(env: &Env) -> serde_json::Value {
    let at = env.runner(&["--as-of", "2026-10-01"]);
    at(&["add-client", "acme", "--name", "Acme", "--contact", "Jane <jane@acme.example>"]);
    at(&["add-client", "beta", "--name", "Beta", "--contact", "Bo <bo@beta.example>"]);
    at(&["add-invoice", "acme", "100", "--number", "A-1"]);
    at(&["pay", "A-1", "40"]);
    at(&["add-invoice", "acme", "50", "--number", "A-2"]);
    at(&["log", "acme", "--from", "jane@acme.example", "Hello"]);
    env.run(&["--as-of", "2026-11-15", "remind"]).status(1);
    at(&["void", "A-2"]);
    serde_json::from_str(&env.ok(&["export", "--format", "json"]).stdout).unwrap()
}

#[test]
fn import_refuses_what_the_command_line_refuses() {
    let source = Env::new();
    let book = exported_book(&source);
    let target = Env::new();
    target.ok(&["init"]);
    let before = target.db_bytes();
    let cases: &[(&str, Change, &str)] = &[
        (
            "a payment on a void invoice",
            |d| {
                let mut p = d["payments"][0].clone();
                p["id"] = 9.into();
                p["invoice_id"] = 2.into();
                p["created_at"] = "2026-12-01T00:00:00Z".into();
                d["payments"].as_array_mut().unwrap().push(p);
            },
            "payments[1].invoice_id: a payment recorded after its invoice was voided",
        ),
        (
            "a message from another client's contact",
            |d| d["messages"][0]["from_contact"] = 2.into(),
            "messages[0].from_contact: 2 is a contact of another client",
        ),
        (
            "a due date before the issue date",
            |d| d["invoices"][0]["due"] = "2026-09-01".into(),
            "invoices[0].due: 2026-09-01: before the issue date (2026-10-01)",
        ),
        (
            "an empty currency",
            |d| d["clients"][0]["currency"] = "".into(),
            "clients[0].currency: \"\": expected an ISO 4217 code",
        ),
        ("an ANSI currency", |d| d["clients"][0]["currency"] = "\u{1b}[31mEUR".into(), "clients[0].currency"),
        (
            "a subject of 1 MB",
            |d| d["messages"][0]["subject"] = "s".repeat(1_000_000).into(),
            "messages[0].subject: \"sssss",
        ),
        (
            "a subject with NUL",
            |d| d["messages"][0]["subject"] = "a\u{0}b".into(),
            "messages[0].subject: \"a\\0b\": a text may not hold NUL",
        ),
        (
            "a client name with a newline",
            |d| d["clients"][0]["name"] = "Acme\nforged | row".into(),
            "clients[0].name: \"Acme\\nforged | row\": a one-line text may not hold a line break",
        ),
        (
            "a reminder of step -7",
            |d| d["reminders"][0]["step"] = (-7).into(),
            "reminders[0].step: -7: a step of the ladder counts from 1",
        ),
        (
            "an invoice number that climbs out of a folder",
            |d| d["invoices"][0]["number"] = "../x".into(),
            "invoices[0].number",
        ),
    ];
    for (what, change, needle) in cases {
        let mut doc = book.clone();
        change(&mut doc);
        let file = target.path("bad.json");
        std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        let run = target.run(&["import", path_str(&file)]).status(2).stderr_has(needle);
        assert!(run.stderr.len() < 600, "{what}: the error echoed {} bytes", run.stderr.len());
        assert!(target.db_bytes() == before, "{what}: the database changed");
    }
    // The untouched book imports.
    let file = target.path("good.json");
    std::fs::write(&file, serde_json::to_string_pretty(&book).unwrap()).unwrap();
    target.ok(&["import", path_str(&file)]);
}

#[test]
fn hostile_text_is_escaped_in_every_report_and_guarded_in_csv() {
    let env = Env::new();
    let at = env.runner(&["--as-of", "2026-10-01"]);
    let evil = "=HYPERLINK(\"x\")\u{1b}[2J\u{7}\u{8}\u{9b}";
    at(&["add-member", "sam", "--name", evil]);
    at(&["add-client", "acme", "--name", evil, "--contact", &format!("{} <jane@acme.example>", "+SUM(1)")]);
    at(&["add-contact", "acme", "Bob <bob@acme.example>", "--role", evil]);
    at(&["add-invoice", "acme", "100", "--number", "A-1"]);
    at(&["log", "acme", "--from", "jane@acme.example", "--request", evil]);
    at(&["waiting-on", "acme", evil, "--due", "2026-10-05"]);
    at(&["add-project", "acme", evil, "--phase", &format!("{evil}=100")]);
    at(&["add-contract", "acme", "--signed", "2026-09-01"]);
    let reports: &[&[&str]] = &[
        &["clients"],
        &["members"],
        &["show-client", "acme"],
        &["messages"],
        &["waiting"],
        &["projects"],
        &["invoices"],
        &["overdue"],
        &["check"],
        &["calendar"],
        &["contracts"],
        &["scorecard"],
        &["sheet", "acme"],
        &["remind", "--dry-run"],
    ];
    for report in reports {
        for format in ["table", "json", "csv"] {
            let mut args = vec!["--as-of", "2026-11-20", "--format", format];
            args.extend_from_slice(report);
            let run = env.run(&args);
            assert!(run.code == 0 || run.code == 1, "{}", run.describe());
            let raw = ['\u{1b}', '\u{7}', '\u{8}', '\u{9b}'];
            if format == "json" {
                // JSON keeps the exact text, C0 controls escaped the JSON way.
                assert!(!run.stdout.contains(&raw[..3]), "{}", run.describe());
                continue;
            }
            if format == "table" {
                assert!(!run.stdout.contains(raw), "raw control character in {report:?}:\n{}", run.stdout);
            } else {
                // CSV is data, kept exact (as JSON is); it only must not
                // start a formula in a spreadsheet.
                for cell in run.stdout.lines().flat_map(|l| l.split(',')) {
                    let cell = cell.trim_start_matches('"');
                    assert!(
                        !(cell.starts_with('=') || cell.starts_with('@') || cell.starts_with('+')),
                        "formula in {report:?} CSV: {cell}\n{}",
                        run.stdout
                    );
                }
            }
        }
    }
}
