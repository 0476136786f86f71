//! Data in and out (SPEC 10) and the scorecard, end to end: `backup`,
//! `scorecard`, `export` and `import` (the calendar is in `feed.rs`).

mod common;

use common::Env;

const NOW: &str = "2026-11-27T12:00";

#[test]
fn backup_writes_a_private_copy_that_opens_as_an_expect_database() {
    let env = Env::new();
    env.ok(&["--as-of", NOW, "add-client", "acme", "--name", "Acme Corp"]);
    let copy = env.path("copy.db");
    let copy_s = copy.to_str().unwrap();
    env.ok(&["backup", copy_s]).stdout(&format!("backed up to {copy_s}\n"));
    #[cfg(unix)]
    assert_eq!(common::mode(&copy), 0o600);
    let v = env.json(&["--db", copy_s, "clients"], 0);
    assert_eq!(v[0]["handle"], "acme");
    // Never over an existing file, which is left as it was.
    let before = std::fs::read(&copy).unwrap();
    env.run(&["backup", copy_s]).status(2).stderr_has("already exists");
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    // JSON names the file.
    let other = env.path("other.db");
    let v = env.json(&["backup", other.to_str().unwrap()], 0);
    assert_eq!(v["backup"], other.to_str().unwrap());
    // A missing database is an error, and no copy is made.
    let none = env.path("none.db");
    env.run(&["--db", none.to_str().unwrap(), "backup", env.path("x.db").to_str().unwrap()]).status(2);
    assert!(!env.path("x.db").exists());
}

fn scorecard_fixture(env: &Env) {
    let at = env.runner(&["--as-of", NOW]);
    at(&["add-client", "acme", "--name", "Acme", "--contact", "jane@acme.example", "--response", "1-2bd"]);
    at(&["add-client", "beta", "--name", "Beta"]);
    at(&["add-client", "gamma", "--name", "Gamma"]);
    at(&["archive-client", "gamma"]);
    let jane = ["--from", "jane@acme.example"];
    // 1: answered in time; 2: answered late; 3: a bypass, never answered;
    // 4: limit still ahead; 5: a request, answered in time, delivered in time.
    at(&["log", "acme", jane[0], jane[1], "--at", "2026-11-02T10:00", "One"]);
    at(&["reply", "1", "--at", "2026-11-03T10:00"]);
    at(&["log", "acme", jane[0], jane[1], "--at", "2026-11-09T10:00", "Two"]);
    at(&["reply", "2", "--at", "2026-11-12T10:00"]);
    at(&["log", "acme", "--from", "bob@acme.example", "--at", "2026-11-16T10:00", "Three"]);
    at(&["log", "acme", jane[0], jane[1], "--at", "2026-11-27T10:00", "Four"]);
    at(&["log", "acme", jane[0], jane[1], "--at", "2026-11-02T11:00", "--request", "Five"]);
    at(&["reply", "5", "--at", "2026-11-02T12:00"]);
    at(&["deliver", "5", "--at", "2026-11-06T12:00"]);
    // Due 10-31 paid 10-30 (early: 0 days late); due 11-04 paid 11-10 (6
    // late); due 11-19 open (8 late on the 27th); due 12-20 (not yet
    // counted). Average days late: (0 + 6 + 8) / 3 = 4.67, so 5.
    at(&["add-invoice", "acme", "100", "--issued", "2026-10-01", "--terms", "net30"]);
    at(&["pay", "INV-0001", "--on", "2026-10-30"]);
    at(&["add-invoice", "acme", "100", "--issued", "2026-10-05", "--terms", "net30"]);
    at(&["pay", "INV-0002", "--on", "2026-11-10"]);
    at(&["add-invoice", "acme", "100", "--issued", "2026-10-20", "--terms", "net30"]);
    at(&["add-invoice", "acme", "100", "--issued", "2026-11-20", "--terms", "net30"]);
}

/// A JSON number written exactly so (SPEC 8: a share has two decimals).
fn num(text: &str) -> serde_json::Value {
    serde_json::Value::Number(text.parse().unwrap())
}

#[test]
fn scorecard_shows_both_sides_record() {
    let env = Env::new();
    scorecard_fixture(&env);
    let v = env.json(&["--as-of", NOW, "scorecard"], 0);
    assert_eq!(
        v,
        serde_json::json!([
            {"client": "acme", "replies_on_time": num("0.50"), "deliveries_on_time": num("1.00"),
             "invoices_paid_on_time": num("0.33"), "average_days_late": 5, "bypasses": 1, "chasers": 0},
            {"client": "beta", "replies_on_time": null, "deliveries_on_time": null,
             "invoices_paid_on_time": null, "average_days_late": null, "bypasses": 0, "chasers": 0},
        ])
    );
    // A shorter period: INV-0002 (due 11-04) counts, settled in it 6 days late.
    let v = env.json(&["--as-of", NOW, "scorecard", "--client", "acme", "--since", "2026-11-10"], 0);
    assert_eq!(
        v,
        serde_json::json!([
            {"client": "acme", "replies_on_time": num("0.00"), "deliveries_on_time": null,
             "invoices_paid_on_time": num("0.00"), "average_days_late": 7, "bypasses": 1, "chasers": 0},
        ])
    );
    // From the 11th, only INV-0003, open and 8 days late.
    let v = env.json(&["--as-of", NOW, "scorecard", "--client", "acme", "--since", "2026-11-11"], 0);
    assert_eq!(v[0]["invoices_paid_on_time"], num("0.00"), "{v:#}");
    assert_eq!(v[0]["average_days_late"], 8, "{v:#}");
    // Replayed as of an earlier day: later answers and payments do not count.
    let v = env.json(&["--as-of", "2026-11-05T12:00", "scorecard", "--client", "acme"], 0);
    assert_eq!(
        v,
        serde_json::json!([
            {"client": "acme", "replies_on_time": num("1.00"), "deliveries_on_time": null,
             "invoices_paid_on_time": num("0.50"), "average_days_late": 1, "bypasses": 0, "chasers": 0},
        ])
    );
    let table = env.ok(&["--as-of", NOW, "scorecard"]).stdout;
    assert!(table.contains("acme") && table.contains("50%") && !table.contains("gamma"), "{table}");
    // JSON and CSV write a share with its two decimals.
    let json = env.ok(&["--as-of", NOW, "--format", "json", "scorecard", "--client", "acme"]).stdout;
    assert!(
        json.contains("\"replies_on_time\": 0.50,\n") && json.contains("\"deliveries_on_time\": 1.00,\n"),
        "{json}"
    );
    let csv = env.ok(&["--as-of", NOW, "--format", "csv", "scorecard", "--client", "acme"]).stdout;
    assert!(csv.ends_with("\nacme,0.50,1.00,0.33,5,1,0\n"), "{csv}");
    let csv = env.ok(&["--as-of", NOW, "--format", "csv", "scorecard", "--client", "beta"]).stdout;
    assert_eq!(
        csv,
        "client,replies_on_time,deliveries_on_time,invoices_paid_on_time,average_days_late,bypasses,chasers\n\
         beta,,,,,0,0\n"
    );
    // Shares are numbers in CSV too; the table keeps percents.
    let csv = env.ok(&["--as-of", NOW, "--format", "csv", "scorecard", "--client", "acme"]).stdout;
    assert_eq!(csv.lines().nth(1), Some("acme,0.50,1.00,0.33,5,1,0"), "{csv}");
    env.run(&["scorecard", "--client", "nope"]).status(2).stderr_has("unknown client \"nope\"");
    env.run(&["scorecard", "--since", "someday"]).status(2).stderr_has("--since \"someday\"");
}

#[test]
fn scorecard_counts_invoices_settled_in_the_period_once() {
    let env = Env::new();
    let now = "2026-12-15T12:00";
    let at = env.runner(&["--as-of", now]);
    at(&["add-client", "acme", "--name", "Acme"]);
    // INV-0001: due 10-31, settled 11-28 (28 days late). INV-0002: due
    // 2027-01-10, paid early on 12-11. INV-0003: due 12-31, only part paid
    // (no outcome yet). INV-0004: void.
    at(&["add-invoice", "acme", "100", "--issued", "2026-10-01", "--terms", "net30"]);
    at(&["pay", "INV-0001", "--on", "2026-11-28"]);
    at(&["add-invoice", "acme", "100", "--issued", "2026-12-11", "--terms", "net30"]);
    at(&["pay", "INV-0002", "--on", "2026-12-11"]);
    at(&["add-invoice", "acme", "100", "--issued", "2026-12-01", "--terms", "net30"]);
    at(&["pay", "INV-0003", "40", "--on", "2026-12-05"]);
    at(&["add-invoice", "acme", "100", "--issued", "2026-09-01", "--terms", "net30"]);
    at(&["void", "INV-0004", "--reason", "sent twice"]);
    let invoices = env.json(&["--as-of", now, "invoices"], 0);
    let due =
        |n: &str| invoices.as_array().unwrap().iter().find(|i| i["invoice"] == n).unwrap()["due"].clone();
    assert_eq!(
        [due("INV-0001"), due("INV-0002"), due("INV-0003")],
        ["2026-10-31", "2027-01-10", "2026-12-31"]
    );
    let record = |args: &[&str]| {
        let mut full = vec!["--as-of", now, "scorecard", "--client", "acme"];
        full.extend_from_slice(args);
        let v = env.json(&full, 0);
        (v[0]["invoices_paid_on_time"].clone(), v[0]["average_days_late"].clone())
    };
    let share = num;
    let null = serde_json::Value::Null;
    // 90 days back: INV-0001 once (due and settled in the period), 28 days
    // late; INV-0002 settled in it, early, so 0 days late: (28 + 0) / 2.
    assert_eq!(record(&[]), (share("0.50"), serde_json::json!(14)));
    // Only INV-0002 was settled (or due) since 12-05: on time, 0 days late.
    assert_eq!(record(&["--since", "2026-12-05"]), (share("1.00"), serde_json::json!(0)));
    // INV-0001 settled in a period that starts after its due date: still late.
    assert_eq!(record(&["--since", "2026-11-28"]), (share("0.50"), serde_json::json!(14)));
    assert_eq!(record(&["--since", "2026-11-29"]), (share("1.00"), serde_json::json!(0)));
    // Nothing due or settled in the period: nothing to count.
    assert_eq!(record(&["--since", "2026-12-14"]), (null.clone(), null.clone()));
    // As of 12-10, INV-0002 was neither issued nor paid, and INV-0004 not
    // yet void: open since its due date 10-01, 70 days late; (28 + 70) / 2.
    let v = env.json(&["--as-of", "2026-12-10T12:00", "scorecard"], 0);
    assert_eq!(
        (v[0]["invoices_paid_on_time"].clone(), v[0]["average_days_late"].clone()),
        (share("0.00"), 49.into())
    );
    // The table says the same.
    let table = env.ok(&["--as-of", now, "--format", "table", "scorecard"]).stdout;
    let row = table.lines().find(|l| l.starts_with("acme")).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[3..5], ["50%", "14"], "{table}");
}

#[test]
fn scorecard_counts_a_payment_within_the_grace_as_on_time() {
    let env = Env::new();
    let at = env.runner(&["--as-of", "2026-11-20T18:00"]);
    at(&["add-client", "kiosk", "--name", "Kiosk", "--terms", "receipt", "--grace", "3d"]);
    // K1 due 11-10, paid 11-12: within the 3 days of grace. K2 due 11-10,
    // paid 11-14: late. K3 due 11-20, open: within its grace on the 23rd,
    // late (4 days) on the 24th.
    for (number, issued) in [("K1", "2026-11-10"), ("K2", "2026-11-10"), ("K3", "2026-11-20")] {
        at(&["add-invoice", "kiosk", "100", "--number", number, "--issued", issued]);
    }
    at(&["pay", "K1", "--on", "2026-11-12"]);
    at(&["pay", "K2", "--on", "2026-11-14"]);
    let record = |as_of: &str| {
        let v = env.json(&["--as-of", as_of, "scorecard", "--client", "kiosk"], 0);
        (v[0]["invoices_paid_on_time"].clone(), v[0]["average_days_late"].clone())
    };
    // K1 on time and K2 late; days late from the due date: (2 + 4) / 2.
    assert_eq!(record("2026-11-23T12:00"), (num("0.50"), serde_json::json!(3)));
    // K3 now counts too: (2 + 4 + 4) / 3 = 3.33.
    assert_eq!(record("2026-11-24T12:00"), (num("0.33"), serde_json::json!(3)));
    // check flags K3 as overdue on the 24th, not on the 23rd (its grace).
    let overdue = |as_of: &str| {
        let flags = env.json(&["--as-of", as_of, "check"], 1);
        let subjects: Vec<String> = flags
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "overdue-invoice")
            .map(|f| f["subject"].as_str().unwrap().to_string())
            .collect();
        subjects
    };
    assert_eq!(overdue("2026-11-23T12:00"), Vec::<String>::new());
    assert_eq!(overdue("2026-11-24T12:00"), ["invoice K3"]);
}

/// The demo database plus a void invoice, a reminder sent, a dismissed flag
/// and an archived client: something in every table.
fn rich_database(env: &Env) -> String {
    let db = env.path("demo.db");
    let db_s = db.to_str().unwrap().to_string();
    env.run(&["--as-of", NOW, "demo", "--db", &db_s]);
    let at = env.runner(&["--db", &db_s, "--as-of", NOW]);
    at(&["add-client", "zeta", "--name", "Zeta; \"quoted\", ünïcode", "--contact", "Zed <zed@zeta.example>"]);
    at(&["add-invoice", "zeta", "99.99", "--issued", "2026-11-01", "--number", "Z-1"]);
    at(&["void", "Z-1", "--reason", "sent twice"]);
    at(&["add-invoice", "zeta", "10", "--issued", "2026-09-01", "--number", "Z-2"]);
    env.run(&["--db", &db_s, "--as-of", NOW, "remind"]);
    at(&["dismiss", "no-contract:client:zeta"]);
    at(&["add-client", "old", "--name", "Old"]);
    at(&["archive-client", "old"]);
    db_s
}

fn tables_in(toml_text: &str) -> Vec<String> {
    let mut t: Vec<String> = toml_text
        .lines()
        .filter_map(|l| l.strip_prefix("[[").and_then(|l| l.strip_suffix("]]")))
        .map(str::to_string)
        .collect();
    t.dedup();
    t
}

#[test]
fn export_import_export_is_byte_identical() {
    let env = Env::new();
    let db = rich_database(&env);
    let first = env.ok(&["--db", &db, "export"]).stdout;
    assert!(first.starts_with("expect_export = 2\n"), "{first}");
    assert_eq!(
        tables_in(&first),
        [
            "book",
            "members",
            "clients",
            "contacts",
            "client_domains",
            "rule_versions",
            "projects",
            "phases",
            "invoices",
            "payments",
            "reminders",
            "messages",
            "waiting",
            "contracts",
            "dismissals"
        ]
    );
    // Instants are UTC, dates plain.
    assert!(first.contains("created_at = \"2026-11-27T12:00:00Z\""), "{first}");
    std::fs::write(env.path("a.toml"), &first).unwrap();
    let copy = env.path("copy.db");
    let copy = copy.to_str().unwrap();
    env.ok(&["--db", copy, "import", env.path("a.toml").to_str().unwrap()])
        .stdout_has("imported 6 clients, 2 members, 8 invoices, 10 messages");
    assert_eq!(env.ok(&["--db", copy, "export"]).stdout, first);
    // The copy behaves as the original.
    for cmd in [&["check", "--all"][..], &["overdue"], &["messages"], &["invoices"], &["clients", "--all"]] {
        let mut a = vec!["--db", &db, "--as-of", NOW, "--format", "json"];
        a.extend_from_slice(cmd);
        let mut b = vec!["--db", copy, "--as-of", NOW, "--format", "json"];
        b.extend_from_slice(cmd);
        assert_eq!(env.run(&a).stdout, env.run(&b).stdout, "{cmd:?}");
    }

    // JSON the same way; EXPECT_FORMAT does not change the default.
    let json = env.ok(&["--db", &db, "export", "--format", "json"]).stdout;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["clients"][0]["handle"], "acme");
    std::fs::write(env.path("a.json"), &json).unwrap();
    let copy2 = env.path("copy2.db");
    let copy2 = copy2.to_str().unwrap();
    env.ok(&["--db", copy2, "import", env.path("a.json").to_str().unwrap()]);
    assert_eq!(env.ok(&["--format", "json", "--db", copy2, "export"]).stdout, json);
    let out = env.command(&["--db", copy2, "export"]).env("EXPECT_FORMAT", "json").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), first);
    env.run(&["--db", copy2, "export", "--format", "csv"]).status(2).stderr_has("--format \"csv\"");
}

#[test]
fn import_refuses_a_bad_file_naming_line_and_field_and_writes_nothing() {
    let env = Env::new();
    let db = rich_database(&env);
    let good = env.ok(&["--db", &db, "export"]).stdout;
    env.ok(&["init"]);
    let before = env.db_bytes();
    let try_file = |name: &str, text: &str, want: &str| {
        let path = env.path(name);
        std::fs::write(&path, text).unwrap();
        env.run(&["import", path.to_str().unwrap()]).status(2).stderr_has(want);
        assert_eq!(env.db_bytes(), before, "{name} changed the database");
    };
    // A value the parser refuses: line and field from the parser.
    let bad = good.replacen("amount = \"", "amount = \"1.234", 1);
    let line = bad.lines().position(|l| l.starts_with("amount = \"1.234")).unwrap() + 1;
    try_file("amount.toml", &bad, &format!("amount.toml line {line}, field amount: "));
    // An unknown field.
    let bad = good.replacen("\nvia = ", "\nvai = ", 1);
    let line = bad.lines().position(|l| l.starts_with("vai = ")).unwrap() + 1;
    try_file("field.toml", &bad, &format!("field.toml line {line}, field vai: unknown field `vai`"));
    // A reference to nothing: found by the import, with the record's line.
    let bad = good.replacen("\nmanager_id = 1\n", "\nmanager_id = 42\n", 1);
    let line = bad.lines().position(|l| l == "manager_id = 42").unwrap() + 1;
    try_file(
        "ref.toml",
        &bad,
        &format!("ref.toml line {line}: clients[0].manager_id: 42 is not the id of a member in the file"),
    );
    // A rule that does not parse.
    let bad = good.replacen("\nterms = \"net30\"\n", "\nterms = \"net-30\"\n", 1);
    let line = bad.lines().position(|l| l == "terms = \"net-30\"").unwrap() + 1;
    try_file("rule.toml", &bad, &format!("rule.toml line {line}: rule_versions[0].terms: \"net-30\""));
    // A derived column that disagrees with the payments.
    let settled =
        good.lines().find(|l| l.starts_with("settled_on = \"")).expect("a paid invoice").to_string();
    let bad = good.replacen(&settled, "settled_on = \"2026-01-01\"", 1);
    try_file("settled.toml", &bad, "settled_on: 2026-01-01 does not match the payments");
    // A first rule version that lacks a rule: every report would start from it.
    let bad = good.replacen("\nterms = \"net30\"\n", "\n", 1);
    try_file("partial.toml", &bad, "rule_versions[0].terms: missing: the first version of a client's rules");
    // A duplicate handle: refused by the database, named by record.
    let bad = good.replacen("handle = \"globex\"", "handle = \"acme\"", 1);
    try_file("dup.toml", &bad, "clients[1]: another record has the same clients.handle");
    // JSON errors carry lines too.
    let json = env.ok(&["--db", &db, "export", "--format", "json"]).stdout;
    let bad = json.replacen("\"manager_id\": 1,", "\"manager_id\": 42,", 1);
    let line = bad.lines().position(|l| l.trim() == "\"manager_id\": 42,").unwrap() + 1;
    try_file("ref.json", &bad, &format!("ref.json line {line}: clients[0].manager_id"));
    try_file(
        "broken.json",
        "{\"expect_export\": 1,\n \"members\": [\n {\"id\": \"x\"}]}",
        "broken.json line 3, field id:",
    );
    // Not empty: refused with a hint.
    env.ok(&["--db", &db, "--as-of", NOW, "export"]);
    std::fs::write(env.path("good.toml"), &good).unwrap();
    env.ok(&["--as-of", NOW, "add-client", "mine", "--name", "Mine"]);
    let before = env.db_bytes();
    env.run(&["import", env.path("good.toml").to_str().unwrap()])
        .status(2)
        .stderr_has("is not empty")
        .stderr_has("--merge");
    assert_eq!(env.db_bytes(), before);
    // A failed import into a new file leaves an empty database: it never
    // removes a file another process may have started to use.
    let fresh = env.path("fresh.db");
    std::fs::write(env.path("ref.toml"), good.replacen("\nmanager_id = 1\n", "\nmanager_id = 42\n", 1))
        .unwrap();
    env.run(&["--db", fresh.to_str().unwrap(), "import", env.path("ref.toml").to_str().unwrap()]).status(2);
    let fresh = fresh.to_str().unwrap();
    env.ok(&["--db", fresh, "--format", "json", "clients"]).stdout("[]\n");
    env.ok(&["--db", fresh, "import", env.path("good.toml").to_str().unwrap()]);
}

/// A check that importing `text` (as file `name`) into a new book is
/// refused with `want` and leaves the database as it was.
fn refusals(env: &Env) -> impl Fn(&str, &str, &str) + '_ {
    env.ok(&["init"]);
    let before = env.db_bytes();
    move |name, text, want| {
        let path = env.path(name);
        std::fs::write(&path, text).unwrap();
        env.run(&["import", path.to_str().unwrap()])
            .status(2)
            .stderr_has(want)
            .stderr_has("nothing was imported");
        assert_eq!(env.db_bytes(), before, "{name} changed the database");
    }
}

/// A JSON file is written as it streams in; one whose tables come in
/// another order than `expect export` writes them (here sorted by name,
/// the format version among them) is read whole, to the same book; and a
/// refusal late in a streamed file, of a record or of the JSON itself,
/// leaves the database as it was.
#[test]
fn a_json_file_streams_in_and_one_in_another_order_is_read_whole() {
    let env = Env::new();
    let db = rich_database(&env);
    let json = env.ok(&["--db", &db, "export", "--format", "json"]).stdout;
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut tables: Vec<(&String, &serde_json::Value)> = doc.as_object().unwrap().iter().collect();
    tables.sort_by_key(|(k, _)| k.as_str());
    let tables: Vec<String> = tables.iter().map(|(k, v)| format!("{k:?}: {v}")).collect();
    let sorted = format!("{{{}}}", tables.join(",\n"));
    // Not the export's order: there projects come before their phases.
    let at = |text: &str, key: &str| text.find(&format!("\"{key}\":")).unwrap();
    assert!(at(&json, "projects") < at(&json, "phases"), "{json}");
    assert!(at(&sorted, "phases") < at(&sorted, "projects"), "{sorted}");
    std::fs::write(env.path("sorted.json"), &sorted).unwrap();
    // Into a book of the engine under test (the server on its pass).
    let other = Env::new();
    other
        .ok(&["import", env.path("sorted.json").to_str().unwrap()])
        .stdout_has("imported 6 clients, 2 members, 8 invoices, 10 messages");
    assert_eq!(other.ok(&["export", "--format", "json"]).stdout, json);

    let refused = refusals(&env);
    // The last message: every table before it was written when it is read.
    let via = json.rfind("\"via\": \"email\"").expect("a message by email");
    let bad =
        format!("{}\"via\": \"email,phone\"{}", &json[..via], &json[via + "\"via\": \"email\"".len()..]);
    let line = bad[..via].lines().count();
    refused(
        "via.json",
        &bad,
        &format!("via.json line {line}: messages[9].via: \"email,phone\": expected one channel name"),
    );
    // Cut short in the middle of the messages.
    let cut = &json[..via];
    let line = cut.lines().count();
    refused("cut.json", cut, &format!("cut.json line {line}:"));
    // A payment over what its invoice owed (the second, which settles its
    // invoice that day all the same): found once the payments are in.
    let paid = json.find("\"payments\": [").unwrap();
    let paid = paid + json[paid..].find("\"invoice_id\": 4").unwrap();
    let amount = paid + json[paid..].find("\"amount\": \"").unwrap() + "\"amount\": \"".len();
    let end = amount + json[amount..].find('"').unwrap();
    let bad = format!("{}99999.00{}", &json[..amount], &json[end..]);
    refused(
        "over.json",
        &bad,
        "payments[1].amount: 99999.00: more than invoice INV-0004 owed on 2026-10-28 (at most USD 900.00)",
    );
}

/// A streamed file is read on a thread of its own while the records read
/// before are written: whichever side refuses a record, the refusal named
/// is the first in the file's order, parts of 4,096 records apart, and the
/// database is left as it was.
#[test]
fn a_streamed_import_names_the_first_refusal_whichever_side_finds_it() {
    let env = Env::new();
    let db = rich_database(&env);
    let json = env.ok(&["--db", &db, "export", "--format", "json"]).stdout;
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    // Ten thousand more invoices, copies of the first under new ids and
    // numbers (no payments: they owe it all).
    let with = |edit: &dyn Fn(&mut Vec<serde_json::Value>)| -> String {
        let mut doc = doc.clone();
        let invoices = doc["invoices"].as_array_mut().unwrap();
        let first = invoices[0].clone();
        for k in 0..10_000 {
            let mut inv = first.clone();
            inv["id"] = serde_json::json!(1_000 + k);
            inv["number"] = serde_json::json!(format!("BULK-{k:05}"));
            invoices.push(inv);
        }
        edit(invoices);
        serde_json::to_string_pretty(&doc).unwrap()
    };
    // Refused when written: a client not in the file.
    let stranger = |inv: &mut serde_json::Value| inv["client_id"] = serde_json::json!(999);
    // Refused when read: due before it was issued.
    let early = |inv: &mut serde_json::Value| inv["due"] = serde_json::json!("2000-01-01");
    let refused = refusals(&env);
    let written_first = with(&|invs| {
        stranger(&mut invs[20]);
        early(&mut invs[9_000]);
    });
    refused(
        "written.json",
        &written_first,
        "invoices[20].client_id: 999 is not the id of a client in the file",
    );
    let read_first = with(&|invs| {
        early(&mut invs[20]);
        stranger(&mut invs[9_000]);
    });
    refused("read.json", &read_first, "invoices[20].due: 2000-01-01: before the issue date");
    // A record refused early, the JSON broken at the end.
    let broken = with(&|invs| stranger(&mut invs[20]));
    let broken = &broken[..broken.len() - 10];
    refused("broken.json", broken, "invoices[20].client_id: 999");
    // And the whole of it, written.
    let whole = with(&|_| ());
    std::fs::write(env.path("whole.json"), &whole).unwrap();
    env.ok(&["import", env.path("whole.json").to_str().unwrap()])
        .stdout_has("imported 6 clients, 2 members, 10008 invoices, 10 messages");
    let numbers = env.ok(&["--format", "json", "invoices"]).stdout;
    assert_eq!(numbers.matches("\"BULK-").count(), 10_000);
}

#[test]
fn import_merge_adds_only_what_is_new() {
    let env = Env::new();
    // The file: acme (with an invoice and a message), beta (new), member sam.
    let src = env.path("src.db");
    let src = src.to_str().unwrap();
    let s = env.runner(&["--db", src, "--as-of", NOW]);
    s(&["add-member", "sam", "--name", "Sam"]);
    s(&["add-client", "acme", "--name", "Acme (theirs)", "--contact", "jane@acme.example"]);
    s(&["add-invoice", "acme", "100", "--number", "INV-0001", "--issued", "2026-11-01"]);
    s(&["add-invoice", "acme", "300", "--number", "A-7", "--issued", "2026-11-02"]);
    s(&["pay", "A-7", "50", "--on", "2026-11-05"]);
    s(&["log", "acme", "--from", "jane@acme.example", "--at", "2026-11-26T10:00", "Theirs"]);
    s(&["add-client", "beta", "--name", "Beta", "--manager", "sam", "--contact", "bo@beta.example"]);
    s(&["add-invoice", "beta", "200", "--number", "INV-0002", "--issued", "2026-11-03"]);
    s(&["log", "beta", "--from", "bo@beta.example", "--at", "2026-11-26T11:00", "--to", "sam", "Hello"]);
    s(&["waiting-on", "beta", "Logo", "--due", "2026-12-01"]);
    let file = env.path("src.toml");
    std::fs::write(&file, env.ok(&["--db", src, "export"]).stdout).unwrap();

    // Ours: acme already, with its own invoice INV-0001 and a message.
    let o = |args: &[&str]| {
        let mut full = vec!["--as-of", NOW];
        full.extend_from_slice(args);
        env.ok(&full)
    };
    o(&["add-client", "acme", "--name", "Acme (ours)", "--contact", "jane@acme.example"]);
    o(&["add-invoice", "acme", "111", "--number", "INV-0001", "--issued", "2026-11-01"]);
    o(&["log", "acme", "--from", "jane@acme.example", "--at", "2026-11-20T10:00", "Ours"]);
    o(&["import", "--merge", file.to_str().unwrap()])
        .stdout_has("imported 1 clients, 1 members, 2 invoices, 1 messages")
        .stdout_has("skipped 1 clients, 1 members, 1 invoices already present");

    let clients = env.json(&["clients"], 0);
    let names: Vec<(&str, &str, &str)> = clients
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["handle"].as_str().unwrap(), c["name"].as_str().unwrap(), c["manager"].as_str().unwrap()))
        .collect();
    assert_eq!(names, [("acme", "Acme (ours)", "me"), ("beta", "Beta", "sam")]);
    let invoices = env.json(&["--as-of", NOW, "invoices"], 0);
    let inv: Vec<(&str, &str, &str, &str)> = invoices
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let s = |k: &str| i[k].as_str().unwrap();
            (s("invoice"), s("client"), s("amount"), s("paid"))
        })
        .collect();
    assert_eq!(
        inv,
        [
            ("INV-0001", "acme", "111.00", "0.00"),
            ("A-7", "acme", "300.00", "50.00"),
            ("INV-0002", "beta", "200.00", "0.00")
        ]
    );
    // acme's message in the file was skipped with acme; beta's came with beta, under a new id.
    let msgs = env.json(&["--as-of", NOW, "messages"], 0);
    let m: Vec<(i64, &str, &str, &str)> = msgs
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_i64().unwrap(),
                m["client"].as_str().unwrap(),
                m["subject"].as_str().unwrap(),
                m["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(m, [(1, "acme", "Ours", "me"), (2, "beta", "Hello", "sam")]);
    assert_eq!(env.json(&["--as-of", NOW, "waiting"], 0)[0]["client"], "beta");
    // Merging again adds nothing.
    o(&["import", "--merge", file.to_str().unwrap()]).stdout_has("imported 0 clients, 0 members, 0 invoices");
}

#[test]
fn import_merge_refuses_a_new_clients_invoice_whose_number_is_taken() {
    let env = Env::new();
    // The file: acme (known here) with a new invoice A-7; beta (new) whose
    // invoice INV-0001 has the number of our acme's invoice.
    let src = env.path("src.db");
    let src = src.to_str().unwrap();
    let s = env.runner(&["--db", src, "--as-of", NOW]);
    s(&["add-client", "acme", "--name", "Acme (theirs)"]);
    s(&["add-invoice", "acme", "300", "--number", "A-7", "--issued", "2026-11-02"]);
    s(&["add-client", "beta", "--name", "Beta"]);
    s(&["add-invoice", "beta", "200", "--number", "INV-0001", "--issued", "2026-11-03"]);
    s(&["pay", "INV-0001", "50", "--on", "2026-11-05"]);
    let toml_text = env.ok(&["--db", src, "export"]).stdout;
    let json_text = env.ok(&["--db", src, "export", "--format", "json"]).stdout;

    let o = |args: &[&str]| {
        let mut full = vec!["--as-of", NOW];
        full.extend_from_slice(args);
        env.ok(&full)
    };
    o(&["add-client", "acme", "--name", "Acme (ours)"]);
    o(&["add-invoice", "acme", "111", "--number", "INV-0001", "--issued", "2026-11-01"]);
    let before = env.db_bytes();
    let hint =
        "  hint: nothing was imported; renumber that invoice in the file (its `number`), then merge again\n";
    for (name, text, line_of) in [
        ("src.toml", &toml_text, "number = \"INV-0001\""),
        ("src.json", &json_text, "\"number\": \"INV-0001\","),
    ] {
        let file = env.path(name);
        std::fs::write(&file, text).unwrap();
        let file = file.to_str().unwrap();
        let line = text.lines().position(|l| l.trim() == line_of).unwrap() + 1;
        env.run(&["--as-of", NOW, "import", "--merge", file]).status(2).stderr(&format!(
            "expect: error: {file} line {line}: invoice \"INV-0001\" of new client \"beta\": \
             the number is already used by an invoice of \"acme\" in the database\n{hint}"
        ));
        assert_eq!(env.db_bytes(), before, "{name} changed the database");
    }
    assert_eq!(env.json(&["clients"], 0).as_array().unwrap().len(), 1);

    // Renumbered in the file, beta comes with its invoice and payment.
    let fixed = env.path("fixed.toml");
    std::fs::write(&fixed, toml_text.replace("number = \"INV-0001\"", "number = \"B-1\"")).unwrap();
    o(&["import", "--merge", fixed.to_str().unwrap()])
        .stdout_has("imported 1 clients, 0 members, 2 invoices")
        .stdout_has("skipped 1 clients, 1 members, 0 invoices already present");
    let invoices = env.json(&["--as-of", NOW, "invoices"], 0);
    let inv: Vec<(&str, &str, &str)> = invoices
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["invoice"].as_str().unwrap(), i["client"].as_str().unwrap(), i["paid"].as_str().unwrap()))
        .collect();
    assert_eq!(inv, [("INV-0001", "acme", "0.00"), ("A-7", "acme", "0.00"), ("B-1", "beta", "50.00")]);
}
