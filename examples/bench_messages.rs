//! Benchmark of the message side of `check` (SPEC 11): builds a database of
//! 100,000 clients and 1,000,000 messages through the library's store (the
//! migrations create the schema; clients, contacts and rule versions go in
//! through the store functions, messages with one prepared statement in one
//! transaction), then, in a fresh process, times `check`'s `gather` (the same
//! library function `expect check` calls) and prints its peak memory.
//!
//! Run: `CARGO_TARGET_DIR=/work/target-bench cargo run --release --example bench_messages`
//! (`-- --clients N --messages N` for other sizes, `-- --db PATH` to keep the
//! database and reuse it).

use std::path::{Path, PathBuf};
use std::time::Instant;

use expect::commands::check::{gather, Filter};
use expect::config::Config;
use expect::context::Ctx;
use expect::output::{ColorChoice, Format, Output};
use expect::store::clients::{insert_client, insert_contact, NewContact};
use expect::store::rules::insert_version;
use expect::store::{Access, Db as _, Store};

#[path = "support/bench.rs"]
mod bench;

use bench::{peak_memory_kb, Lcg, AS_OF};

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

fn build(path: &Path, clients: i64, messages: i64) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut store = Store::open(path, Access::Create)?;
    let now = chrono::DateTime::parse_from_rfc3339(AS_OF)?.timestamp();
    let rules = Config::builtin(PathBuf::from("bench")).defaults.to_patch();
    store.write(|tx| {
        let me: i64 = tx.conn().query_row("SELECT id FROM members WHERE handle = 'me'", [], |r| r.get(0))?;
        for c in 1..=clients {
            let id =
                insert_client(tx, &format!("c{c:06}"), &format!("Client {c}"), me, "USD", now - 800 * DAY)?;
            let email = format!("boss@c{c}.example");
            let primary = NewContact {
                name: Some("Boss"),
                email: Some(&email),
                primary: true,
                ..NewContact::default()
            };
            insert_contact(tx, id, &primary)?;
            let staff = format!("staff@c{c}.example");
            insert_contact(tx, id, &NewContact { email: Some(&staff), ..NewContact::default() })?;
            insert_version(tx, id, None, None, &rules, now - 800 * DAY)?;
        }
        Ok(())
    })?;
    println!("built {clients} clients in {:.1?}", started.elapsed());
    let started = Instant::now();
    let mut rng = Lcg(42);
    store.write(|tx| {
        let mut stmt = tx.conn().prepare_cached(
            "INSERT INTO messages (client_id, from_contact, to_member, via, at, subject, is_request, fyi, wants, \
             bypassed, wrong_channel, clock_from, reply_target, reply_by, start_by, due, rush, replied_at, \
             closed_at, started_at, delivered_at) VALUES (?1, ?2, 1, ?3, ?4, 'Hello', ?5, ?6, ?7, ?8, ?9, NULL, \
             ?10, ?11, ?12, ?13, ?14, ?15, NULL, ?16, ?17)",
        )?;
        for _ in 0..messages {
            let client = 1 + rng.below(clients as u64) as i64;
            // Messages over two years; the last days' ones are still open.
            let at = now - (rng.below(730 * DAY as u64) as i64);
            let bypassed = rng.below(20) == 0;
            let from = 2 * client - i64::from(!bypassed); // primary or staff
            let wrong = rng.below(50) == 0;
            let is_request = rng.below(10) < 3;
            let fyi = !is_request && rng.below(10) == 0;
            let (target, limit) = if fyi { (None, None) } else { (Some(at + DAY), Some(at + 2 * DAY)) };
            let (start_by, due) = if is_request { (Some(at + 2 * DAY), Some(at + 7 * DAY)) } else { (None, None) };
            let wants = (is_request && rng.below(10) == 0).then(|| at + 3 * DAY);
            let rush = wants.zip(due).is_some_and(|(w, d)| w < d);
            let recent = now - at < 3 * DAY;
            let forgotten = rng.below(200) == 0; // a few old ones never answered
            let replied = (!fyi && !recent && !forgotten).then(|| at + HOUR + rng.below(3 * DAY as u64) as i64);
            let delivered = (is_request && now - at > 8 * DAY && !forgotten).then(|| at + 6 * DAY);
            stmt.execute(rusqlite::params![
                client,
                from,
                if wrong { "phone" } else { "email" },
                at,
                is_request,
                fyi,
                wants,
                bypassed,
                wrong,
                target,
                limit,
                start_by,
                due,
                rush,
                replied,
                delivered.map(|d| d - 4 * DAY),
                delivered
            ])?;
        }
        Ok(())
    })?;
    println!("inserted {messages} messages in {:.1?}", started.elapsed());
    store.write(|tx| {
        // Two things owed per client; a few are late.
        let mut stmt = tx.conn().prepare_cached(
            "INSERT INTO waiting (client_id, what, due, received_on, created_at) VALUES (?1, 'copy', ?2, ?3, ?4)",
        )?;
        let today = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default().date_naive();
        for i in 0..2 * clients {
            let due = today - chrono::Days::new(rng.below(700));
            let received = (rng.below(100) != 0).then_some(due);
            stmt.execute(rusqlite::params![1 + i % clients, due, received, now - 800 * DAY])?;
        }
        Ok(())
    })?;
    Ok(())
}

fn check(path: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let config = Config::builtin(PathBuf::from("bench"));
    let out = Output::new(Format::Json, ColorChoice::Never, true);
    let ctx = Ctx::new(config, path.to_path_buf(), Some(AS_OF), chrono::Utc::now(), out)?;
    let store = ctx.store()?;
    let opened = started.elapsed();
    let flags = gather(&store.read(), &ctx, &Filter::default())?;
    let total = started.elapsed();
    let part = Instant::now();
    let since =
        ctx.cal.sub(ctx.now, expect::values::Duration::new(7, expect::values::Unit::Days)).fixed_offset();
    let own = expect::commands::message_ops::check_flags(&store.read(), &ctx, None, None, since)?;
    println!("  of which the message and waiting detectors: {} flags in {:.2?}", own.len(), part.elapsed());
    let mut by_code = std::collections::BTreeMap::new();
    for f in &flags {
        *by_code.entry(f.code.as_str()).or_insert(0) += 1;
    }
    println!("check: {} flags in {total:.2?} (open {opened:.2?}); {by_code:?}", flags.len());
    let kb = peak_memory_kb();
    println!("check peak memory (VmHWM): {}.{} MB", kb / 1024, kb % 1024 * 10 / 1024);
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: i64| {
        args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)?.parse().ok()).unwrap_or(default)
    };
    if let Some(i) = args.iter().position(|a| a == "--check-only") {
        return check(Path::new(&args[i + 1]));
    }
    let dir = tempfile::tempdir()?;
    // `--db PATH` keeps the database (and reuses it when it exists).
    let path = match args.iter().position(|a| a == "--db") {
        Some(i) => PathBuf::from(&args[i + 1]),
        None => dir.path().join("bench.db"),
    };
    if !path.exists() {
        build(&path, arg("--clients", 100_000), arg("--messages", 1_000_000))?;
    }
    println!("database: {} MB", std::fs::metadata(&path)?.len() / 1_000_000);
    // Time check in a fresh process, so the build does not count in its memory.
    for _ in 0..3 {
        let status =
            std::process::Command::new(std::env::current_exe()?).arg("--check-only").arg(&path).status()?;
        anyhow::ensure!(status.success(), "check failed");
    }
    Ok(())
}
