//! Cron and an interactive shell at once: eight writers add clients at the
//! same moment; no write is lost and nobody sees "database is locked".

mod common;

use common::Env;

#[test]
fn eight_concurrent_writers_lose_nothing() {
    // No database yet: the first writers race to create it.
    let env = Env::new();
    let children: Vec<_> = (0..8)
        .map(|w| {
            // Each writer adds ten clients, one process after the other.
            let body = (0..10)
                .map(|i| format!("\"$EXPECT\" -q add-client w{w}-c{i} --name 'Client {w}-{i}' || exit 1"))
                .collect::<Vec<_>>()
                .join("\n");
            let mut cmd = std::process::Command::new("sh");
            cmd.arg("-c")
                .arg(body)
                .env("EXPECT", env!("CARGO_BIN_EXE_expect"))
                .env("EXPECT_DB", &env.db)
                .env("EXPECT_CONFIG", &env.config)
                .env("TZ", "UTC")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            cmd.spawn().expect("spawn writer")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("writer");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "a writer failed: {stderr}");
        assert!(!stderr.contains("locked"), "{stderr}");
    }
    let clients = env.json(&["clients"], 0);
    assert_eq!(clients.as_array().map(Vec::len), Some(80));
}
