//! bench_book `--writers`: eight `add-client` loops beside a long import
//! (issue 10) and beside a backup of the big book (issue 12), by `expect
//! backup` (SQLite's online backup, every page in one step), then in-process
//! by `VACUUM INTO` and by the backup API in steps of 100 and 1,000 pages.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use super::{row, timed};

/// One writer's `expect add-client HANDLE` on `db`; whether it was done.
fn add_client(bin: &Path, db: &str, handle: &str) -> bool {
    Command::new(bin)
        .args([
            "--db",
            db,
            "--config",
            "/nonexistent/expect.toml",
            "-q",
            "add-client",
            handle,
            "--name",
            "Writer",
        ])
        .status()
        .is_ok_and(|s| s.success())
}

/// Issue 10: eight writers adding clients while an `import --merge` of the
/// big document holds the write lock; none may fail.
pub fn during_import(dir: &Path, bin: &Path, book: &Path) -> anyhow::Result<()> {
    let db = dir.join("writers.db");
    let _ = std::fs::remove_file(&db);
    let db_s = db.to_str().unwrap_or_default().to_string();
    let cmd = |args: &[&str]| {
        let mut c = Command::new(bin);
        c.args(["--db", &db_s, "--config", "/nonexistent/expect.toml"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c
    };
    cmd(&["add-client", "first", "--name", "First"]).status()?;
    let started = Instant::now();
    let mut import = cmd(&["import", "--merge", book.to_str().unwrap_or_default()]).spawn()?;
    std::thread::sleep(std::time::Duration::from_millis(500));
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let (mut failed, mut acked) = (0, 0);
            let bin = bin.to_path_buf();
            let db_s = db_s.clone();
            std::thread::spawn(move || {
                for i in 0..5 {
                    if add_client(&bin, &db_s, &format!("w{w}-{i}")) {
                        acked += 1;
                    } else {
                        failed += 1;
                    }
                }
                (acked, failed)
            })
        })
        .collect();
    let (mut acked, mut failed) = (0, 0);
    for w in writers {
        let (a, f) = w.join().map_err(|_| anyhow::anyhow!("writer thread"))?;
        acked += a;
        failed += f;
    }
    let status = import.wait()?;
    println!(
        "writers during import --merge ({:.1?}, import exit {:?}): {acked} acknowledged, {failed} failed",
        started.elapsed(),
        status.code()
    );
    Ok(())
}

/// Issue 12: a backup of the big book while eight writers add clients, by
/// `expect backup` (the online backup in one step: one read transaction),
/// then in-process by `VACUUM INTO` (also one read transaction, but it
/// builds every index again) and by the backup API in steps (which starts
/// over whenever another connection writes between two steps).
pub fn backup(dir: &Path, bin: &Path, db: &Path) -> anyhow::Result<()> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;
    let db_s = db.to_str().unwrap_or_default().to_string();
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let (bin, db_s, stop, done) = (bin.to_path_buf(), db_s.clone(), stop.clone(), done.clone());
            std::thread::spawn(move || {
                // Bounded: at most 400 writes each, stopped when the backups end.
                for i in 0..400 {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    if add_client(&bin, &db_s, &format!("b{w}-{i}-{}", std::process::id())) {
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let copy = dir.join("backup-expect.db");
    let _ = std::fs::remove_file(&copy);
    let before = done.load(Ordering::Relaxed);
    let t = timed(
        bin,
        &["--db", &db_s, "--config", "/nonexistent/expect.toml", "backup", copy.to_str().unwrap_or_default()],
        &[],
    )?;
    row("backup under 8 writers: expect backup", &t);
    println!(
        "|   writes during it: {:<25} |          |          |          |      |",
        done.load(Ordering::Relaxed) - before
    );
    let vacuumed = dir.join("backup-vacuum-into.db");
    let _ = std::fs::remove_file(&vacuumed);
    let before = done.load(Ordering::Relaxed);
    let started = Instant::now();
    let src = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    src.busy_timeout(std::time::Duration::from_secs(120))?;
    src.execute("VACUUM INTO ?1", [vacuumed.to_str().unwrap_or_default()])?;
    drop(src);
    println!(
        "| VACUUM INTO (in-process):                  | {:>8.3} |          |          |      | writes during it {}",
        started.elapsed().as_secs_f64(),
        done.load(Ordering::Relaxed) - before
    );
    for pages in [100, 1000, -1] {
        let copy = dir.join(format!("backup-api-{pages}.db"));
        let _ = std::fs::remove_file(&copy);
        let before = done.load(Ordering::Relaxed);
        let started = Instant::now();
        let src = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        src.busy_timeout(std::time::Duration::from_secs(120))?;
        let mut dst = rusqlite::Connection::open(&copy)?;
        let backup = rusqlite::backup::Backup::new(&src, &mut dst)?;
        let (mut steps, mut restarts, mut last_remaining) = (0u64, 0u64, i32::MAX);
        let outcome = loop {
            match backup.step(pages) {
                Ok(rusqlite::backup::StepResult::Done) => break "done",
                Ok(rusqlite::backup::StepResult::More) => {}
                Ok(_) => std::thread::sleep(std::time::Duration::from_millis(1)),
                Err(e) => {
                    println!("backup API error: {e}");
                    break "failed";
                }
            }
            steps += 1;
            let p = backup.progress();
            if p.remaining > last_remaining {
                restarts += 1;
            }
            last_remaining = p.remaining;
            if started.elapsed().as_secs() > 120 {
                break "gave up after 120 s";
            }
        };
        drop(backup);
        let wall = started.elapsed().as_secs_f64();
        println!(
            "| backup API, {pages:>5} pages a step: {outcome:<13} | {wall:>8.3} |          |          |      | \
             steps {steps}, restarts {restarts}, writes during it {}",
            done.load(Ordering::Relaxed) - before
        );
    }
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().map_err(|_| anyhow::anyhow!("writer thread"))?;
    }
    Ok(())
}
