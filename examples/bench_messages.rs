//! Benchmark of the message side of `check` (SPEC 11): builds a database of
//! 100,000 clients and 1,000,000 messages through `import` of one document
//! (`expect::book::data::import`, the way a user brings a book in), then, in
//! a fresh process, times `check`'s `gather` (the same operation `expect
//! check` calls) and prints its peak memory.
//!
//! Run: `CARGO_TARGET_DIR=/work/target-bench cargo run --release --example bench_messages`
//! (`-- --clients N --messages N` for other sizes, `-- --db PATH` to keep the
//! database and reuse it).

use std::path::{Path, PathBuf};
use std::time::Instant;

use expect::book::check::{gather, Filter};
use expect::book::data::import;
use expect::config::Config;
use expect::context::Ctx;
use expect::output::{ColorChoice, Format, Output};
use expect::store::records::{ClientRecord, ContactRecord, MessageRecord, WaitingRecord};
use expect::store::{Access, Location, Store};

#[path = "support/bench.rs"]
mod bench;

use bench::{empty_document, peak_memory_kb, rule_version, Lcg, AS_OF};

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

fn build(path: &Path, clients: i64, messages: i64) -> anyhow::Result<()> {
    let started = Instant::now();
    let now = chrono::DateTime::parse_from_rfc3339(AS_OF)?.timestamp();
    let rules = Config::builtin(PathBuf::from("bench")).defaults;
    let mut doc = empty_document();
    for c in 1..=clients {
        doc.clients.push(ClientRecord {
            id: c,
            handle: format!("c{c:06}"),
            name: format!("Client {c}"),
            manager_id: 1,
            currency: "USD".into(),
            archived: false,
            created_at: now - 800 * DAY,
        });
        let contact = |id: i64, name: Option<&str>, email: String, primary: bool| ContactRecord {
            id,
            client_id: c,
            name: name.map(Into::into),
            email: Some(email),
            primary,
            role: None,
            phone: None,
        };
        doc.contacts.push(contact(2 * c - 1, Some("Boss"), format!("boss@c{c}.example"), true));
        doc.contacts.push(contact(2 * c, None, format!("staff@c{c}.example"), false));
        doc.rule_versions.push(rule_version(c, c, &rules, now - 800 * DAY));
    }
    let mut rng = Lcg(42);
    for id in 1..=messages {
        let client = 1 + rng.below(clients as u64) as i64;
        // Messages over two years; the last days' ones are still open.
        let at = now - (rng.below(730 * DAY as u64) as i64);
        let bypassed = rng.below(20) == 0;
        let from = 2 * client - i64::from(!bypassed); // primary or staff
        let wrong = rng.below(50) == 0;
        let request = rng.below(10) < 3;
        let fyi = !request && rng.below(10) == 0;
        let (target, limit) = if fyi { (None, None) } else { (Some(at + DAY), Some(at + 2 * DAY)) };
        let (start_by, due) = if request { (Some(at + 2 * DAY), Some(at + 7 * DAY)) } else { (None, None) };
        let wants = (request && rng.below(10) == 0).then(|| at + 3 * DAY);
        let rush = wants.zip(due).is_some_and(|(w, d)| w < d);
        let recent = now - at < 3 * DAY;
        let forgotten = rng.below(200) == 0; // a few old ones never answered
        let replied = (!fyi && !recent && !forgotten).then(|| at + HOUR + rng.below(3 * DAY as u64) as i64);
        let delivered = (request && now - at > 8 * DAY && !forgotten).then(|| at + 6 * DAY);
        doc.messages.push(MessageRecord {
            id,
            client_id: client,
            from_contact: from,
            to_member: 1,
            via: if wrong { "phone" } else { "email" }.into(),
            at,
            subject: "Hello".into(),
            request,
            fyi,
            wants,
            bypassed,
            wrong_channel: wrong,
            clock_from: None,
            reply_target: target,
            reply_by: limit,
            start_by,
            due,
            rush,
            replied_at: replied,
            closed_at: None,
            started_at: delivered.map(|d| d - 4 * DAY),
            delivered_at: delivered,
            message_id: None,
            follow_up_of: None,
            changed_at: None,
        });
    }
    // Two things owed per client; a few are late.
    let today = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default().date_naive();
    for i in 0..2 * clients {
        let due = today - chrono::Days::new(rng.below(700));
        let received_on = (rng.below(100) != 0).then_some(due);
        doc.waiting.push(WaitingRecord {
            id: i + 1,
            client_id: 1 + i % clients,
            what: "copy".into(),
            due,
            received_on,
            created_at: now - 800 * DAY,
            changed_at: None,
        });
    }
    let made = started.elapsed();
    let started = Instant::now();
    let mut store = Store::open(&Location::File(path.to_path_buf()), Access::Create)?;
    store.write(|tx| import(tx, expect::money::ReferenceRates::builtin(), &doc, false))?;
    println!(
        "built {clients} clients and {messages} messages: document in {made:.1?}, import in {:.1?}",
        started.elapsed()
    );
    Ok(())
}

fn check(path: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let config = Config::builtin(PathBuf::from("bench"));
    let out = Output::new(Format::Json, ColorChoice::Never, true);
    let ctx = Ctx::new(
        config,
        Location::File(path.to_path_buf()),
        "me".into(),
        Some(expect::context::AsOf { value: AS_OF, name: "--as-of" }),
        chrono::Utc::now(),
        out,
    )?;
    let store = ctx.store()?;
    let opened = started.elapsed();
    let env = ctx.env();
    let flags = gather(&store.read(), &env, &Filter::default())?;
    let total = started.elapsed();
    let part = Instant::now();
    let since = ctx.cal.sub(ctx.now, expect::values::Duration::new(7, expect::values::Unit::Days));
    let own = expect::book::messages::flags(&store.read(), &env, None, None, since)?;
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
