//! `ingest` killed midway (SPEC 12: a run is one transaction): `kill -9`
//! while 50,000 messages are being recorded leaves nothing recorded and a
//! sound database, and the next run records every message once.

mod common;

use std::time::{Duration, Instant};

use common::Env;

const MESSAGES: usize = 50_000;

/// Opens the database as SQLite would after a crash (rolling back what was
/// not committed) and returns its integrity check, the messages and the
/// distinct keys they hold.
fn inspect(env: &Env) -> (String, i64, i64) {
    let db = rusqlite::Connection::open(&env.db).unwrap();
    let check: String = db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    let (n, keys) = db
        .query_row("SELECT count(*), count(DISTINCT message_id) FROM messages", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    (check, n, keys)
}

#[test]
fn killed_midway_it_records_nothing_and_the_next_run_records_everything_once() {
    // The file's own write-ahead log tells when to kill it.
    let env = Env::file();
    env.ok(&["--as-of", "2026-01-01", "init", "--email", "sam@studio.example"]);
    env.ok(&["--as-of", "2026-01-01", "add-client", "acme", "--name", "Acme", "--domain", "acme.example"]);
    let maildir = env.path("Mail/INBOX");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    let start = chrono::DateTime::parse_from_rfc3339("2026-06-01T08:00:00Z").unwrap();
    for i in 0..MESSAGES {
        let at = start + chrono::Duration::minutes(i as i64 * 7);
        // One in ten without a Message-ID: known by its digest.
        let id = if i % 10 == 0 { String::new() } else { format!("Message-ID: <m{i}@acme.example>\n") };
        let text = format!(
            "Date: {}\nFrom: Person {} <person{}@acme.example>\nTo: sam@studio.example\nSubject: Request {i}\n{id}\nbody {i}\n",
            at.to_rfc2822(),
            i % 50,
            i % 50
        );
        std::fs::write(maildir.join("cur").join(format!("{}.M{i}P1.host:2,S", at.timestamp())), text)
            .unwrap();
    }
    let inbox = maildir.to_str().unwrap();
    let wal = env.db.with_extension("db-wal");
    let mut child = env
        .command(&["--as-of", "2026-12-31", "ingest", inbox])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once the transaction has spilled a megabyte of pages to the
    // write-ahead log: well into recording, long before it commits.
    let began = Instant::now();
    loop {
        assert!(child.try_wait().unwrap().is_none(), "ingest finished before it could be killed");
        assert!(began.elapsed() < Duration::from_secs(300), "ingest never started writing");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 1 << 20) {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(inspect(&env), ("ok".to_string(), 0, 0));
    env.ok(&["--as-of", "2026-12-31", "messages"]).stdout("");

    env.run(&["--as-of", "2026-12-31", "ingest", inbox])
        .status(0)
        .stderr("read 50000 messages: 50000 logged, 0 follow-ups, 0 replies, 0 skipped\n");
    assert_eq!(inspect(&env), ("ok".to_string(), MESSAGES as i64, MESSAGES as i64));
    env.run(&["--as-of", "2026-12-31", "ingest", inbox]).status(0).stdout("").stderr(
        "read 50000 messages: 0 logged, 0 follow-ups, 0 replies, 50000 skipped (50000 already read)\n",
    );
}
