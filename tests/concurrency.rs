//! Cron and an interactive shell at once: eight writers add clients at the
//! same moment; no write is lost and nobody sees "database is locked".

mod common;

use common::Env;

/// Writer `w`: a shell adding clients `w{w}-c{i:02}` for each `i` of `clients`,
/// one process after the other; stops at the first that fails.
fn writer(env: &Env, w: usize, clients: std::ops::Range<usize>) -> std::process::Child {
    let body = clients
        .map(|i| format!("\"$EXPECT\" -q add-client w{w}-c{i:02} --name 'Client {w}-{i}' || exit 1"))
        .collect::<Vec<_>>()
        .join("\n");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(body)
        .env("EXPECT", env!("CARGO_BIN_EXE_expect"))
        .env("EXPECT_DB", &env.db)
        .env("EXPECT_CONFIG", &env.config)
        .env("TZ", "UTC")
        .env("EXPECT_ME", "me")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn writer")
}

#[test]
fn eight_concurrent_writers_lose_nothing() {
    // No database yet: the first writers race to create it.
    let env = Env::new();
    let children: Vec<_> = (0..8).map(|w| writer(&env, w, 0..10)).collect();
    for child in children {
        let out = child.wait_with_output().expect("writer");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "a writer failed: {stderr}");
        assert!(!stderr.contains("locked"), "{stderr}");
    }
    let clients = env.json(&["clients"], 0);
    assert_eq!(clients.as_array().map(Vec::len), Some(80));
}

/// A document of 10 clients and `invoices` invoices, as JSON.
fn big_book(invoices: usize) -> String {
    let rules = r#""channels": "email,phone", "response": "1-2bd", "terms": "net30", "grace": "0d", "late_fee": "",
        "interest": "", "suspend_after": "", "turnaround": "5bd", "start_within": "2bd", "cutoff": "fri 16:00",
        "rush_fee": "", "phase_gating": "on", "notice_period": "30d""#;
    let mut s = String::from(
        r#"{"expect_export": 1, "members": [{"id": 1, "handle": "me", "name": "Me"}], "clients": ["#,
    );
    let clients: Vec<String> = (1..=10)
        .map(|c| format!(r#"{{"id": {c}, "handle": "big{c}", "name": "Big {c}", "manager_id": 1, "currency": "USD", "created_at": "2026-01-01T00:00:00Z"}}"#))
        .collect();
    s += &clients.join(",");
    s += r#"], "rule_versions": ["#;
    let versions: Vec<String> = (1..=10)
        .map(|c| format!(r#"{{"id": {c}, "client_id": {c}, "created_at": "2026-01-01T00:00:00Z", {rules}}}"#))
        .collect();
    s += &versions.join(",");
    s += r#"], "invoices": ["#;
    let invoices: Vec<String> = (1..=invoices)
        .map(|i| {
            format!(
                r#"{{"id": {i}, "client_id": {}, "number": "B-{i:07}", "amount": "100.00", "issued": "2026-01-01", "due": "2026-01-31", "terms": "net30", "created_at": "2026-01-01T00:00:00Z"}}"#,
                1 + i % 10
            )
        })
        .collect();
    s += &invoices.join(",");
    s += "]}";
    s
}

#[test]
fn a_long_import_does_not_make_writers_fail() {
    let env = Env::new();
    env.ok(&["add-client", "first", "--name", "First"]);
    let file = env.path("big.json");
    std::fs::write(&file, big_book(200_000)).unwrap();
    let import = env.command(&["import", "--merge", file.to_str().unwrap()]).output();
    let import = std::thread::spawn(move || import);
    // Eight writers start while the import holds the write lock.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let writers: Vec<_> = (0..8).map(|w| writer(&env, w, 0..5)).collect();
    for child in writers {
        let out = child.wait_with_output().expect("writer");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "a writer failed: {stderr}");
    }
    let import = import.join().unwrap().expect("import");
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    let clients = env.json(&["clients"], 0);
    assert_eq!(clients.as_array().map(Vec::len), Some(1 + 10 + 40));
    let invoices = env.json(&["--as-of", "2026-02-01", "invoices", "--client", "big1"], 0);
    assert_eq!(invoices.as_array().map(Vec::len), Some(20_000));
}

#[test]
fn concurrent_add_invoice_never_takes_a_number_twice() {
    // Eight writers each add five invoices without --number at the same
    // moment: every one gets the next number of the INV- series (the
    // book's counter), none fails on a number another took, none is lost.
    let env = Env::new();
    env.ok(&["--as-of", "2026-11-02T10:00:00Z", "add-client", "acme", "--name", "Acme"]);
    let writers: Vec<_> = (0..8)
        .map(|_| {
            let mut cmds: Vec<_> = (0..5)
                .map(|_| {
                    let mut c = env.command(&[
                        "--as-of",
                        "2026-11-02T10:00:00Z",
                        "-q",
                        "add-invoice",
                        "acme",
                        "100",
                        "--issued",
                        "2026-11-01",
                    ]);
                    c.stdout(std::process::Stdio::null());
                    c
                })
                .collect();
            std::thread::spawn(move || {
                cmds.iter_mut().map(|c| c.output().expect("writer")).collect::<Vec<_>>()
            })
        })
        .collect();
    for w in writers {
        for out in w.join().expect("writer thread") {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "a writer failed: {stderr}");
            assert!(!stderr.contains("locked"), "{stderr}");
        }
    }
    let invoices = env.json(&["--as-of", "2026-11-02T10:00:00Z", "invoices"], 0);
    let mut numbers: Vec<String> = invoices
        .as_array()
        .expect("a list")
        .iter()
        .map(|i| i["invoice"].as_str().expect("a number").to_string())
        .collect();
    numbers.sort();
    let want: Vec<String> = (1..=40).map(|n| format!("INV-{n:04}")).collect();
    assert_eq!(numbers, want);
}

/// `backup` while four writers add clients: every backup succeeds, opens
/// as a sound book, and holds a whole number of each writer's clients in
/// the order they were added (a consistent copy: never half a write, never
/// a later client without the earlier ones); no writer fails.
#[test]
fn backups_while_writers_run_are_consistent_copies() {
    let env = Env::new();
    env.ok(&["init"]);
    let writers: Vec<_> = (0..4).map(|w| writer(&env, w, 0..15)).collect();
    // Backups one after another until the writers are done (three at least).
    let mut writers = writers;
    let mut copies = Vec::new();
    while copies.len() < 3 || writers.iter_mut().any(|c| c.try_wait().unwrap().is_none()) {
        let copy = env.path(&format!("copy-{}.db", copies.len()));
        env.ok(&["-q", "backup", copy.to_str().unwrap()]);
        copies.push(copy);
    }
    let mut sizes = Vec::new();
    for child in writers {
        let out = child.wait_with_output().expect("writer");
        assert!(out.status.success(), "a writer failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    for copy in &copies {
        let copy = copy.to_str().unwrap();
        env.ok(&["--db", copy, "verify"]);
        let clients = env.json(&["--db", copy, "clients"], 0);
        let handles: Vec<&str> =
            clients.as_array().unwrap().iter().map(|c| c["handle"].as_str().unwrap()).collect();
        for w in 0..4 {
            let mine: Vec<&str> =
                handles.iter().copied().filter(|h| h.starts_with(&format!("w{w}-"))).collect();
            let expected: Vec<String> = (0..mine.len()).map(|i| format!("w{w}-c{i:02}")).collect();
            assert_eq!(mine, expected, "{copy}: writer {w}'s clients are not a prefix of what it added");
        }
        sizes.push(handles.len());
    }
    // Some copies were made while the writers were at it.
    assert!(sizes.iter().any(|&n| n > 0 && n < 60), "{sizes:?}");
    assert_eq!(env.json(&["clients"], 0).as_array().map(Vec::len), Some(60));
}
