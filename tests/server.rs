//! A shared book on a PostgreSQL server (SPEC 13): set up like a new file,
//! refused when it is another program's or too new, migrated in one
//! transaction, who you are (`me`), credentials the libpq way, passwords
//! never shown, `verify`, `backup` to a file, and a whole book moved from a
//! file to the server and back byte-identical. Each test gets a schema of
//! its own on the server `EXPECT_TEST_SERVER` names (`.ci/run` starts one).

mod common;

use std::os::unix::fs::PermissionsExt as _;

use common::Env;

const NOW: &str = "2026-11-27T12:00:00Z";

/// The server environment, or return (with a note) when there is none.
macro_rules! server_env {
    () => {
        match Env::server() {
            Some(env) => env,
            None => return,
        }
    };
}

#[test]
fn a_new_server_book_is_set_up_by_init_and_knows_who_you_are() {
    let env = server_env!();
    let uri = env.db.display().to_string();
    // Who you are is required on a shared book.
    let out = env.command(&["clients"]).env_remove("EXPECT_ME").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "expect: error: {uri} is a shared book, so expect needs to know who you are\n  hint: add me = \"HANDLE\" (your member handle, e.g. sam) to config.toml, or set EXPECT_ME\n"
        )
    );
    // A read-only command on an empty schema changes nothing.
    let before = env.db_bytes();
    env.run(&["clients"]).status(2).stderr(&format!(
        "expect: error: {uri} holds no expect book yet\n  hint: run `expect init` to set the book up there\n"
    ));
    assert_eq!(env.db_bytes(), before);
    assert!(before.is_empty(), "a read-only command set the schema up");

    // The config names who you are; init sets the book up and adds you.
    env.write_config("me = \"sam\"\n");
    let sam = |args: &[&str]| env.command(args).env_remove("EXPECT_ME").output().unwrap();
    let out = sam(&["init", "--name", "Sam Doe", "--email", "sam@studio.example"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("created database {uri}\nadded member sam\n"));
    let out = sam(&["members"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "HANDLE  NAME     EMAIL\nme      Me\nsam     Sam Doe  sam@studio.example\n"
    );
    // add-client's manager defaults to you.
    assert!(sam(&["add-client", "acme", "--name", "Acme"]).status.success());
    let out = sam(&["--format", "csv", "clients"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "handle,name,manager,currency,archived\nacme,Acme,sam,USD,false\n"
    );
    // A second init changes nothing and says so.
    let out = sam(&["init"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("nothing to do: database {uri} already exists\n")
    );

    // Unknown members are bad input; a bad handle names its variable.
    let out =
        env.command(&["add-client", "beta", "--name", "Beta"]).env("EXPECT_ME", "kim").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("expect: error: unknown member \"kim\"\n"));
    let out = env.command(&["clients"]).env("EXPECT_ME", "Sam").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .starts_with("expect: error: EXPECT_ME \"Sam\": expected lower-case"));
    env.write_config("me = \"Sam\"\n");
    let out = sam(&["clients"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml:1: me = \"Sam\": expected lower-case"), "{err}");
}

#[test]
fn another_programs_tables_are_refused_untouched() {
    let env = server_env!();
    env.admin()
        .batch_execute("CREATE TABLE orders (id BIGINT PRIMARY KEY); INSERT INTO orders VALUES (7)")
        .unwrap();
    let before = env.db_bytes();
    let uri = env.db.display().to_string();
    for args in [&["clients"][..], &["add-client", "acme", "--name", "Acme"], &["init"]] {
        env.run(args).status(2).stderr(&format!(
            "expect: error: {uri} holds other tables, not an expect book; it was left untouched\n  hint: give expect a database of its own, or a schema of its own with ?options=-csearch_path%3Dexpect\n"
        ));
    }
    assert_eq!(env.db_bytes(), before);
}

#[test]
fn a_newer_schema_is_refused_and_an_older_one_migrated_in_one_transaction() {
    let env = server_env!();
    env.ok(&["--as-of", NOW, "add-client", "acme", "--name", "Acme"]);
    env.admin().batch_execute("UPDATE expect_schema SET version = 99").unwrap();
    let before = env.db_bytes();
    env.run(&["clients"])
        .status(2)
        .stderr_has("was written by a newer version of expect (schema 99; this one knows 6)");
    env.run(&["add-client", "b", "--name", "B"]).status(2);
    assert_eq!(env.db_bytes(), before);

    // A version-1 book, as the first release set it up.
    let old = server_env!();
    let mut admin = old.admin();
    admin.batch_execute(include_str!("../src/store/sql/pg/0001_init.sql")).unwrap();
    admin
        .batch_execute(
            "INSERT INTO expect_schema VALUES ('expect', 1); \
             INSERT INTO members (handle, name) VALUES ('me', 'Me'); \
             INSERT INTO clients (handle, name, manager_id, currency, created_at) VALUES ('acme', 'Acme', 1, 'USD', 0); \
             CREATE TABLE book (key TEXT)",
        )
        .unwrap();
    // Step 2 fails on the table in its way: nothing of it stays.
    let before = old.db_bytes();
    old.run(&["add-client", "b", "--name", "B"]).status(2).stderr_has("applying schema step 2");
    assert_eq!(old.db_bytes(), before);
    admin.batch_execute("DROP TABLE book").unwrap();
    old.ok(&["clients"]).stdout("HANDLE  NAME  MANAGER  CURRENCY\nacme    Acme  me       USD\n");
    let version: i64 = admin.query_one("SELECT version FROM expect_schema", &[]).unwrap().get(0);
    assert_eq!(version, 6);
    old.ok(&["verify"]);
}

/// A login role with a password, allowed into the test schema.
fn role(env: &Env) -> (String, String) {
    let name = format!("r_{}", env.schema());
    let password = format!("pw:{}-Secret", std::process::id());
    let mut admin = env.admin();
    admin
        .batch_execute(&format!(
            "CREATE ROLE {name} LOGIN PASSWORD '{password}'; GRANT ALL ON SCHEMA {s} TO {name}",
            s = env.schema()
        ))
        .unwrap();
    (name, password)
}

/// The URI of the environment's book for `user` (with `password` if any).
fn uri_for(env: &Env, user: &str, password: Option<&str>) -> String {
    let uri = env.db.display().to_string();
    let (scheme, rest) = uri.split_once("://").unwrap();
    let rest = rest.split_once('@').map_or(rest, |(_, r)| r);
    match password {
        Some(p) => format!("{scheme}://{user}:{}@{rest}", p.replace(':', "%3A")),
        None => format!("{scheme}://{user}@{rest}"),
    }
}

#[test]
fn credentials_come_the_libpq_way_and_a_password_is_never_shown() {
    let env = server_env!();
    env.ok(&["init"]);
    let (user, password) = role(&env);
    let mut admin = env.admin();
    admin.batch_execute(&format!("GRANT ALL ON ALL TABLES IN SCHEMA {s} TO {user}; GRANT ALL ON ALL SEQUENCES IN SCHEMA {s} TO {user}", s = env.schema())).unwrap();
    let plain = uri_for(&env, &user, None);
    let run = |uri: &str, extra: &[(&str, &str)]| {
        let mut cmd = env.command(&["--db", uri, "clients"]);
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // No password anywhere: refused, and nothing shown but the user.
    let (code, _, err) = run(&plain, &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains(&plain) && err.contains("hint: check the URI"), "{err}");
    // PGPASSWORD.
    let (code, out, err) = run(&plain, &[("PGPASSWORD", &password)]);
    assert_eq!((code, out.as_str()), (Some(0), ""), "{err}");
    // ~/.pgpass, read only when private; `:` escaped as libpq does.
    let pgpass = env.dir.path().join(".pgpass");
    std::fs::write(&pgpass, format!("*:*:expect_tests:{user}:{}\n", password.replace(':', "\\:"))).unwrap();
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(run(&plain, &[]).0, Some(2), "a .pgpass others may read is ignored, as by libpq");
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (code, out, err) = run(&plain, &[]);
    assert_eq!((code, out.as_str()), (Some(0), ""), "{err}");
    std::fs::remove_file(&pgpass).unwrap();
    // In the URI; a wrong one is refused without being shown.
    let (code, out, err) = run(&uri_for(&env, &user, Some(&password)), &[]);
    assert_eq!((code, out.as_str()), (Some(0), ""), "{err}");
    let wrong = uri_for(&env, &user, Some("not-the-Secret"));
    let (code, out, err) = run(&wrong, &[]);
    assert_eq!(code, Some(2));
    assert!(!err.contains("not-the-Secret") && !out.contains("not-the-Secret"), "{err}");
    assert!(err.contains(&format!("{user}:***@")), "{err}");
    // Nor by --help, which shows EXPECT_DB's name only.
    let help = env.command(&["--help"]).env("EXPECT_DB", &wrong).output().unwrap();
    assert!(!String::from_utf8_lossy(&help.stdout).contains("not-the-Secret"));

    // A password in the config is refused: the config may be shared.
    env.write_config(&format!("database = \"{}\"\n", uri_for(&env, &user, Some(&password))));
    let out = env.command(&["clients"]).env_remove("EXPECT_DB").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("config.toml:1: database = ") && err.contains(":***@"), "{err}");
    assert!(err.contains("a password does not belong in the config"), "{err}");
    assert!(!err.contains("Secret"), "{err}");
    // Without one, the config's database is used.
    env.write_config(&format!("database = \"{plain}\"\n"));
    let out =
        env.command(&["clients"]).env_remove("EXPECT_DB").env("PGPASSWORD", &password).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));

    // A bad sslmode is caught before connecting.
    let (code, _, err) = run(&format!("{plain}&sslmode=always"), &[]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains(
            "sslmode \"always\" is not one of disable, allow, prefer, require, verify-ca, verify-full"
        ),
        "{err}"
    );
}

#[test]
fn a_whole_book_moves_from_a_file_to_the_server_and_back_byte_identical() {
    let file = Env::file();
    let demo = file.path("demo.db");
    file.ok(&["--as-of", NOW, "demo", "--db", demo.to_str().unwrap()]);
    let exported =
        |env: &Env, db: &str, format: &str| env.ok(&["--db", db, "export", "--format", format]).stdout;
    let demo = demo.to_str().unwrap().to_string();
    for format in ["toml", "json"] {
        let server = server_env!();
        let a = exported(&file, &demo, format);
        let doc = file.path(&format!("a.{format}"));
        std::fs::write(&doc, &a).unwrap();
        server.ok(&["import", doc.to_str().unwrap()]);
        let b = exported(&server, server.db.to_str().unwrap(), format);
        assert!(a == b, "the server's {format} export differs from the file's");
        // Every report reads the same on both engines.
        for args in [
            &["check"][..],
            &["overdue"],
            &["invoices"],
            &["messages"],
            &["clients"],
            &["waiting"],
            &["scorecard"],
            &["calendar", "--ics"],
            &["show-client", "acme"],
            &["--format", "json", "check"],
        ] {
            let mut on_file = vec!["--db", demo.as_str(), "--as-of", NOW];
            on_file.extend_from_slice(args);
            let mut on_server = vec!["--as-of", NOW];
            on_server.extend_from_slice(args);
            let (f, s) = (file.run(&on_file), server.run(&on_server));
            assert_eq!(
                (f.code, &f.stdout, &f.stderr),
                (s.code, &s.stdout, &s.stderr),
                "expect {}",
                args.join(" ")
            );
        }
        // And back to a new file.
        let back = file.path(&format!("back-{format}.db"));
        let back = back.to_str().unwrap();
        let doc_b = file.path(&format!("b.{format}"));
        std::fs::write(&doc_b, &b).unwrap();
        file.ok(&["--db", back, "import", doc_b.to_str().unwrap()]);
        assert!(exported(&file, back, format) == a, "the {format} export changed on its way back");
    }
}

#[test]
fn backup_of_a_server_book_is_a_private_file_book_with_the_same_content() {
    let env = server_env!();
    let at = env.runner(&["--as-of", NOW]);
    at(&["add-client", "acme", "--name", "Acme", "--contact", "Jane <jane@acme.example>"]);
    at(&["add-invoice", "acme", "1500", "--issued", "2026-10-01"]);
    at(&["pay", "INV-0001", "400", "--on", "2026-10-20"]);
    at(&["log", "acme", "--from", "jane@acme.example", "--at", "2026-11-26 10:00", "Hello"]);
    let copy = env.path("copy.db");
    let copy = copy.to_str().unwrap();
    env.ok(&["backup", copy]);
    assert_eq!(common::mode(std::path::Path::new(copy)), 0o600);
    let server = env.ok(&["export"]).stdout;
    let file = env.ok(&["--db", copy, "export"]).stdout;
    assert!(server == file, "the backup's content differs");
    env.ok(&["--db", copy, "verify"]).stdout(&format!("{copy}: ok\n"));
    // Never over an existing file.
    env.run(&["backup", copy]).status(2);
    assert!(env.ok(&["--db", copy, "export"]).stdout == server);
}

#[test]
fn verify_checks_the_server_schema() {
    let env = server_env!();
    env.ok(&["init"]);
    let uri = env.db.display().to_string();
    env.ok(&["verify"]).stdout(&format!("{uri}: ok\n"));
    env.admin()
        .batch_execute("DROP INDEX invoices_open_due; ALTER TABLE waivers DROP COLUMN reason")
        .unwrap();
    env.run(&["verify"]).status(1).stdout(&format!(
        "{uri}: damaged\n  index invoices_open_due is missing\n  column waivers.reason is missing\n  hint: restore it from a backup (`expect backup FILE` makes one); see the README\n"
    ));
}

#[test]
fn orderings_and_case_folding_are_expects_not_the_servers_locale() {
    let file = Env::file();
    let Some(server) = Env::server() else { return };
    for env in [&file, &server] {
        let at = env.runner(&["--as-of", NOW]);
        at(&["add-client", "acme", "--name", "Acme", "--contact", "Émile Zola <emile@acme.example>"]);
        // All due on one day and as late: their order is their numbers'.
        for number in ["b-2", "B-10", "a-1", "Z.9", "_-4"] {
            at(&["add-invoice", "acme", "10", "--issued", "2026-09-01", "--number", number]);
        }
        // A contact by name, whatever its case (non-ASCII folded too).
        at(&["log", "acme", "--from", "ÉMILE ZOLA", "--at", "2026-11-26 10:00", "Hi"]);
    }
    let reports: [(&[&str], i32); 7] = [
        (&["invoices"], 0),
        (&["invoices", "--open"], 0),
        (&["overdue"], 1),
        (&["--format", "json", "overdue"], 1),
        (&["--format", "json", "check"], 1),
        (&["messages"], 0),
        (&["--format", "json", "show-client", "acme"], 0),
    ];
    for (args, status) in reports {
        let mut with = vec!["--as-of", NOW];
        with.extend_from_slice(args);
        let (f, s) = (file.run(&with).status(status), server.run(&with).status(status));
        assert_eq!(f.stdout, s.stdout, "expect {}", args.join(" "));
    }
    // The invoice numbers a report lists, in its order.
    let numbers = |report: &str, status: i32| -> Vec<String> {
        let list = file.json(&["--as-of", NOW, report], status);
        list.as_array().unwrap().iter().map(|i| i["invoice"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(numbers("overdue", 1), ["B-10", "Z.9", "_-4", "a-1", "b-2"]);
    assert_eq!(numbers("invoices", 0), ["B-10", "Z.9", "_-4", "a-1", "b-2"]);
    let from = &file.json(&["--as-of", NOW, "messages"], 0)[0]["from"];
    assert_eq!(from, "Émile Zola <emile@acme.example>");
}

/// What one writer was told had been done.
#[derive(Default)]
struct Acked {
    invoices: Vec<String>,
    /// Invoice number of each acknowledged payment of 10.00.
    payments: Vec<String>,
    /// Id and subject of each message logged.
    messages: Vec<(i64, String)>,
    replies: Vec<i64>,
    failures: Vec<String>,
    commands: usize,
}

#[test]
fn eight_people_write_at_once_while_check_and_backup_run() {
    let env = server_env!();
    let seconds: u64 =
        std::env::var("EXPECT_TEST_LOAD_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    for w in 0..8 {
        env.ok(&[
            "add-client",
            &format!("c{w}"),
            "--name",
            &format!("Client {w}"),
            "--contact",
            &format!("P{w} <p@c{w}.example>"),
        ]);
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let env = &env;
    let run = move |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.run(&args)
    };
    let (acked, (checks, backups)) = std::thread::scope(|s| {
        let writers: Vec<_> = (0..8)
            .map(|w| {
                s.spawn(move || {
                    let mut a = Acked::default();
                    let mut i = 0;
                    while std::time::Instant::now() < deadline {
                        let client = format!("c{w}");
                        let args: Vec<String> = match i % 4 {
                            0 => vec![
                                "--format".into(),
                                "json".into(),
                                "add-invoice".into(),
                                client,
                                "100".into(),
                            ],
                            1 => match a.invoices.last() {
                                Some(n) => vec!["pay".into(), n.clone(), "10".into()],
                                None => vec!["invoices".into()],
                            },
                            2 => vec![
                                "--format".into(),
                                "json".into(),
                                "log".into(),
                                client,
                                "--from".into(),
                                format!("p@c{w}.example"),
                                format!("m{w}-{i}"),
                            ],
                            _ => match a.messages.last() {
                                Some((id, _)) => vec!["reply".into(), id.to_string()],
                                None => vec!["messages".into()],
                            },
                        };
                        let r = run(args.clone());
                        a.commands += 1;
                        if r.code != 0 {
                            a.failures.push(r.describe());
                        } else if args.contains(&"add-invoice".to_string()) {
                            let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
                            a.invoices.push(v["invoice"].as_str().unwrap().to_string());
                        } else if args[0] == "pay" {
                            a.payments.push(args[1].clone());
                        } else if args.contains(&"log".to_string()) {
                            let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
                            a.messages.push((
                                v["id"].as_i64().unwrap(),
                                v["subject"].as_str().unwrap().to_string(),
                            ));
                        } else if args[0] == "reply" {
                            a.replies.push(args[1].parse().unwrap());
                        }
                        i += 1;
                    }
                    a
                })
            })
            .collect();
        let reader = s.spawn(move || {
            let (mut checks, mut backups) = (0, 0);
            while std::time::Instant::now() < deadline {
                let r = env.run(&["check"]);
                assert!(r.code == 0 || r.code == 1, "{}", r.describe());
                checks += 1;
                let copy = env.path(&format!("backup-{backups}.db"));
                env.ok(&["backup", copy.to_str().unwrap()]);
                backups += 1;
            }
            (checks, backups)
        });
        (writers.into_iter().map(|h| h.join().unwrap()).collect::<Vec<_>>(), reader.join().unwrap())
    });
    let failures: Vec<&String> = acked.iter().flat_map(|a| &a.failures).collect();
    assert!(failures.is_empty(), "{} commands failed; the first:\n{}", failures.len(), failures[0]);
    let commands: usize = acked.iter().map(|a| a.commands).sum();
    eprintln!("{commands} writes by 8 writers, {checks} checks and {backups} backups in {seconds} s");
    assert!(checks > 0 && backups > 0);

    // Every acknowledged write is there; invoice numbers are unique.
    let invoices = env.json(&["invoices"], 0);
    let invoices = invoices.as_array().unwrap();
    let mut numbers: Vec<&str> = invoices.iter().map(|i| i["invoice"].as_str().unwrap()).collect();
    let all = numbers.len();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), all, "an invoice number was given twice");
    let acked_invoices: usize = acked.iter().map(|a| a.invoices.len()).sum();
    assert_eq!(all, acked_invoices);
    for a in &acked {
        for n in &a.invoices {
            let paid = a.payments.iter().filter(|p| *p == n).count();
            let inv = invoices.iter().find(|i| i["invoice"] == n.as_str()).expect("an acknowledged invoice");
            assert_eq!(inv["paid"], format!("{}.00", paid * 10), "{n}");
        }
    }
    let messages = env.json(&["messages"], 0);
    let messages = messages.as_array().unwrap();
    assert_eq!(messages.len(), acked.iter().map(|a| a.messages.len()).sum::<usize>());
    for a in &acked {
        for (id, subject) in &a.messages {
            let m = messages.iter().find(|m| m["id"] == *id).expect("an acknowledged message");
            assert_eq!(m["subject"], subject.as_str());
            assert_eq!(m["replied_at"].is_null(), !a.replies.contains(id), "message {id}");
        }
    }
}
