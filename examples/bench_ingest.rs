//! Benchmark of `expect ingest` (SPEC 11 and 12): writes its own Maildir of
//! 100,000 messages (an INBOX and a Sent folder, as a year of a small
//! studio's mail: clients' mail from their contacts and new addresses at
//! their domains, follow-ups, your replies, strangers, newsletters and
//! bounces, bodies of 1 to 12 KiB), builds a book of 40 clients through the
//! operations, then times, each in a fresh process pinned to one core
//! (`taskset -c 0` where it exists), a first run that records and a second
//! run over the same files (all already read), with each run's peak memory.
//! It also times the floor: `cat` reading every file once. Wall time counts
//! waiting for a busy core too; the time on the CPU does not.
//!
//! Run: `CARGO_TARGET_DIR=/work/target-mail-bench cargo run --release --example bench_ingest`
//! (`-- --messages N` for another size, `-- --dir PATH` to keep the files).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use expect::book::clients::{add_client, add_member, update_me, NewClient};
use expect::book::mail::{ingest, IngestOptions, Summary};
use expect::book::{BookError, Env};
use expect::config::Config;
use expect::context::Ctx;
use expect::output::{ColorChoice, Format, Output};
use expect::rules::RulePatch;
use expect::store::{Access, Location, Store};

#[path = "support/bench.rs"]
mod bench;

use bench::{peak_memory_kb, Lcg, AS_OF};

const CLIENTS: u64 = 40;
const DAY: i64 = 86_400;

/// The book: you and a colleague, 40 clients each with a primary contact,
/// two more people and a domain, added a year before the as-of time.
fn build_book(db: &Path) -> anyhow::Result<()> {
    let config = Config::builtin(PathBuf::from("bench"));
    let cal = config.calendar()?;
    let now = chrono::DateTime::parse_from_rfc3339(AS_OF)?.with_timezone(&cal.tz());
    let env = Env { now: now - chrono::Duration::days(400), cal: &cal, config: &config };
    let mut store = Store::open(&Location::File(db.to_path_buf()), Access::Create)?;
    store.write(|tx| {
        update_me(tx, "me", Some("Sam Freelancer"), Some("sam@studio.example"))?;
        add_member(
            tx,
            &"alex".parse().map_err(|_| BookError::Inconsistent("handle".into()))?,
            "Alex",
            Some("alex@studio.example"),
        )?;
        for c in 0..CLIENTS {
            let new = NewClient {
                handle: format!("client{c:02}")
                    .parse()
                    .map_err(|_| BookError::Inconsistent("handle".into()))?,
                name: format!("Client {c}"),
                contact: Some(
                    format!("Boss {c} <boss@c{c}.example>")
                        .parse()
                        .map_err(|_| BookError::Inconsistent("person".into()))?,
                ),
                manager: if c % 3 == 0 { "alex" } else { "me" }.into(),
                currency: expect::values::Currency::USD,
                rules: RulePatch::default(),
                typed_fees: Vec::new(),
                domains: vec![format!("c{c}.example")
                    .parse()
                    .map_err(|_| BookError::Inconsistent("domain".into()))?],
            };
            add_client(tx, &env, &new)?;
            for who in ["pm", "design"] {
                let person = format!("{who}@c{c}.example")
                    .parse()
                    .map_err(|_| BookError::Inconsistent("person".into()))?;
                expect::book::clients::add_contact(tx, &format!("client{c:02}"), &person, false, None, None)?;
            }
        }
        Ok::<_, BookError>(())
    })?;
    Ok(())
}

/// Writes `n` messages into `dir`/INBOX and `dir`/Sent over the year before
/// the as-of time, in delivery order.
fn write_maildir(dir: &Path, n: u64) -> anyhow::Result<(u64, u64)> {
    for folder in ["INBOX", "Sent"] {
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(dir.join(folder).join(sub))?;
        }
    }
    let end = chrono::DateTime::parse_from_rfc3339(AS_OF)?.timestamp() - DAY;
    let step = (365 * DAY) / i64::try_from(n)?;
    let mut rng = Lcg(7);
    let filler = "All work and no play makes a long e-mail body. ".repeat(300);
    let (mut inbox, mut sent) = (0, 0);
    // The latest client message per client, for follow-ups and replies.
    let mut last: Vec<Option<(u64, String)>> = vec![None; CLIENTS as usize];
    for i in 0..n {
        let at = end - 365 * DAY + i64::try_from(i)? * step;
        let date = chrono::DateTime::from_timestamp(at, 0).unwrap_or_default().to_rfc2822();
        let c = rng.below(CLIENTS);
        let roll = rng.below(100);
        let body = &filler[..1024 + usize::try_from(rng.below(11 * 1024))?];
        let (folder, headers) = match roll {
            // A client writes: the boss, a colleague, or someone new at the domain.
            0..=49 => {
                let from = match rng.below(10) {
                    0..=5 => format!("Boss {c} <boss@c{c}.example>"),
                    6..=8 => format!("pm@c{c}.example"),
                    _ => format!("\"Staff, New {i}\" <new{i}@c{c}.example>"),
                };
                let subject = format!("Project {c}: topic {i}");
                last[usize::try_from(c)?] = Some((i, subject.clone()));
                ("INBOX", format!("From: {from}\nTo: Sam <sam@studio.example>\nSubject: {subject}\nMessage-ID: <m{i}@c{c}.example>\n"))
            }
            // A follow-up in the thread of their latest message.
            50..=54 => match &last[usize::try_from(c)?] {
                Some((j, subject)) => ("INBOX", format!(
                    "From: Boss {c} <boss@c{c}.example>\nTo: sam@studio.example\nSubject: Re: {subject}\n\
                     Message-ID: <m{i}@c{c}.example>\nIn-Reply-To: <m{j}@c{c}.example>\nReferences: <m{j}@c{c}.example>\n"
                )),
                None => ("INBOX", format!("From: stranger{i}@example.net\nTo: sam@studio.example\nSubject: Hello\nMessage-ID: <x{i}@example.net>\n")),
            },
            // You answer their latest message.
            55..=74 => match last[usize::try_from(c)?].take() {
                Some((j, subject)) => ("Sent", format!(
                    "From: Sam <sam@studio.example>\nTo: boss@c{c}.example\nSubject: Re: {subject}\n\
                     Message-ID: <s{i}@studio.example>\nIn-Reply-To: <m{j}@c{c}.example>\nReferences: <m{j}@c{c}.example>\n"
                )),
                None => ("Sent", format!("From: sam@studio.example\nTo: friend@example.net\nSubject: Lunch\nMessage-ID: <s{i}@studio.example>\n")),
            },
            // Strangers, newsletters, bounces.
            75..=89 => ("INBOX", format!("From: Someone <someone{}@example.net>\nTo: sam@studio.example\nSubject: Offer {i}\nMessage-ID: <x{i}@example.net>\n", i % 977)),
            90..=97 => ("INBOX", format!(
                "From: News <news@lists.example>\nTo: sam@studio.example\nSubject: Issue {i}\nMessage-ID: <n{i}@lists.example>\n\
                 List-Id: News <news.lists.example>\nPrecedence: list\n"
            )),
            _ => ("INBOX", format!(
                "From: MAILER-DAEMON@mail.studio.example\nTo: sam@studio.example\nSubject: Undelivered Mail\n\
                 Message-ID: <b{i}@mail.studio.example>\nAuto-Submitted: auto-replied\n\
                 Content-Type: multipart/report; report-type=delivery-status; boundary=b\n"
            )),
        };
        if folder == "INBOX" {
            inbox += 1;
        } else {
            sent += 1;
        }
        let text = format!("Date: {date}\n{headers}MIME-Version: 1.0\n\n{body}\n");
        std::fs::write(dir.join(folder).join("cur").join(format!("{at}.M{i}P1.bench:2,S")), text)?;
    }
    Ok((inbox, sent))
}

/// In a fresh process: one run of `ingest` over `dir`'s INBOX and Sent.
fn run_once(db: &Path, dir: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let config = Config::builtin(PathBuf::from("bench"));
    let out = Output::new(Format::Table, ColorChoice::Never, true);
    let as_of = expect::context::AsOf { value: AS_OF, name: "--as-of" };
    let ctx = Ctx::new(
        config,
        Location::File(db.to_path_buf()),
        "me".into(),
        Some(as_of),
        chrono::Utc::now(),
        out,
    )?;
    let env = ctx.env();
    let since = Some(env.now - chrono::Duration::days(400));
    let report = ctx.store()?.write(|tx| {
        let open = |name: &str| {
            expect::mail::open(&dir.join(name)).map_err(|e| BookError::Inconsistent(e.to_string()))
        };
        ingest(tx, &env, vec![open("INBOX")?, open("Sent")?], &IngestOptions { since }, &mut |_| {})
    })?;
    let took = started.elapsed();
    let kb = peak_memory_kb();
    println!(
        "  {took:.2?} wall, {:.2?} on the CPU, peak memory {}.{} MB: {}",
        cpu_time(),
        kb / 1024,
        kb % 1024 * 10 / 1024,
        Summary { counts: &report.counts, too_early: "too old" }
    );
    Ok(())
}

/// The time this process has spent on a CPU so far (Linux
/// `/proc/self/schedstat`), which waiting for a busy core does not count.
fn cpu_time() -> std::time::Duration {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(std::time::Duration::ZERO, std::time::Duration::from_nanos)
}

/// Runs this benchmark again with `args`, on core 0 when `taskset` exists.
fn pinned(args: &[&str]) -> anyhow::Result<()> {
    let me = std::env::current_exe()?;
    let status = if Path::new("/usr/bin/taskset").exists() {
        Command::new("/usr/bin/taskset").arg("-c").arg("0").arg(&me).args(args).status()?
    } else {
        Command::new(&me).args(args).status()?
    };
    anyhow::ensure!(status.success(), "{args:?} failed");
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--run-once") {
        return run_once(Path::new(&args[i + 1]), Path::new(&args[i + 2]));
    }
    let n: u64 = args
        .iter()
        .position(|a| a == "--messages")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(100_000);
    let tmp = tempfile::tempdir()?;
    let dir = match args.iter().position(|a| a == "--dir") {
        Some(i) => PathBuf::from(&args[i + 1]),
        None => tmp.path().join("Mail"),
    };
    if !dir.join("INBOX").exists() {
        let started = Instant::now();
        let (inbox, sent) = write_maildir(&dir, n)?;
        println!("wrote {n} messages ({inbox} in INBOX, {sent} in Sent) in {:.1?}", started.elapsed());
    }
    let db = tmp.path().join("bench.db");
    build_book(&db)?;
    let floor = Instant::now();
    let cat = format!("find {} -type f -print0 | xargs -0 cat > /dev/null", dir.display());
    let status = Command::new("/usr/bin/taskset")
        .args(["-c", "0", "sh", "-c", &cat])
        .status()
        .or_else(|_| Command::new("sh").args(["-c", &cat]).status())?;
    anyhow::ensure!(status.success(), "cat failed");
    println!("floor: cat of every file, one core: {:.2?}", floor.elapsed());
    let (db_s, dir_s) = (db.display().to_string(), dir.display().to_string());
    println!("first run (records), one core:");
    pinned(&["--run-once", &db_s, &dir_s])?;
    println!("second run (all already read), one core:");
    pinned(&["--run-once", &db_s, &dir_s])?;
    println!("database: {} MB", std::fs::metadata(&db)?.len() / 1_000_000);
    Ok(())
}
