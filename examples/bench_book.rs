//! Benchmark of the whole SPEC 11 book: writes a document of 100,000
//! clients, 1,000,000 invoices (with their payments: a late payer pays what
//! `overdue` quotes that day, one in a hundred the principal alone) and
//! 1,000,000 messages, brings it in the way a user would (`expect import`), and times
//! the release binary on it — import, overdue, check, invoices --open,
//! calendar --ics, scorecard, backup, and ingest of a 100,000-message
//! Maildir when the build has `ingest` — each with its CPU time and peak
//! memory (`/usr/bin/time -v`), beside the floor: `sqlite3` reading the
//! same rows. A second, small book (1,000 clients, 10,000 invoices all
//! overdue) gives the ratio of `overdue --format json` to `sqlite3 -json`.
//! With `--writers`, eight `add-client` loops run during an `import
//! --merge` of the big document (their failures counted), then during a
//! `backup` of the book (the online backup in one step, beside `VACUUM
//! INTO` and the backup API in steps). With `--server URI` (a PostgreSQL
//! server, e.g. `postgres://postgres@%2Ftmp`), the same book is moved onto
//! a schema of its own there and back: each step timed, the exports
//! compared byte for byte, and import, overdue, check and backup timed on
//! the server beside `psql` reading the rows.
//!
//! Run: `cargo build --release && cargo run --release --example bench_book`
//! (`-- --clients N --invoices N --messages N` for other sizes, `--keep DIR`
//! to keep the files, `--writers` for the concurrency check, `--server URI`).

#![allow(clippy::cast_precision_loss)] // seconds and megabytes for display

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use chrono::{Days, NaiveDate};
use expect::config::Config;
use expect::money::{settled_on, Payment, PaymentRules};
use expect::store::records::{
    ClientRecord, ContactRecord, ContractRecord, InvoiceRecord, MessageRecord, PaymentRecord,
};
use expect::values::{Currency, Decimal, Money, Terms};

#[path = "support/bench.rs"]
mod bench;
#[path = "support/book_writers.rs"]
mod writers;

use bench::{empty_document, payment_on, rule_version, Lcg, AS_OF};

const DAY: i64 = 86_400;

/// The sizes of the book.
struct Size {
    clients: i64,
    invoices: i64,
    messages: i64,
    /// Of the invoices, those left overdue (the rest paid).
    overdue_share: u64,
}

fn as_of() -> (i64, NaiveDate) {
    let t = chrono::DateTime::parse_from_rfc3339(AS_OF).expect("as-of");
    (t.timestamp(), t.date_naive())
}

/// Writes the book as one JSON document.
fn write_book(path: &Path, size: &Size) -> anyhow::Result<()> {
    let (now, today) = as_of();
    let mut rules = Config::builtin(PathBuf::from("bench")).defaults;
    rules.late_fee = Some("5%".parse()?);
    rules.interest = Some("1.5%/month".parse()?);
    rules.suspend_after = Some(60);
    rules.terms = Terms::Net(30);
    let payment_rules = PaymentRules::from(&rules);
    let mut rng = Lcg(11);
    let mut doc = empty_document();
    let covers = "contact,communication,payment,late-fee,interest,suspension,turnaround,rush,phases";
    for c in 1..=size.clients {
        doc.clients.push(ClientRecord {
            id: c,
            handle: format!("c{c:06}"),
            name: format!("Client {c}"),
            manager_id: 1,
            currency: "USD".into(),
            archived: false,
            created_at: now - 800 * DAY,
        });
        doc.rule_versions.push(rule_version(c, c, &rules, now - 800 * DAY));
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
        doc.contracts.push(ContractRecord {
            id: c,
            client_id: c,
            signed: "2024-01-01".parse()?,
            kind: None,
            rate: None,
            expires: None,
            covers: covers.into(),
            file: None,
            changed_at: None,
        });
    }
    for id in 1..=size.invoices {
        let client_id = 1 + (id - 1) % size.clients;
        let issued = today.checked_sub_days(Days::new(40 + rng.below(690))).expect("date");
        let due = Terms::Net(30).due_date(issued);
        let amount = Money(10_000 + rng.below(490_000) as i64);
        let paid = (rng.below(100) >= size.overdue_share).then(|| {
            let on = (due.checked_sub_days(Days::new(20)).expect("date") + Days::new(rng.below(35)))
                .clamp(issued, today);
            (payment_on(&mut rng, amount, due, &payment_rules, on), on)
        });
        let pays: Vec<Payment> = paid.iter().map(|&(amount, on)| Payment { on, amount }).collect();
        doc.invoices.push(InvoiceRecord {
            id,
            client_id,
            number: compact_str::format_compact!("INV-{id:07}"),
            amount: Decimal::of(amount, Currency::USD),
            issued,
            due,
            terms: "net30".into(),
            phase_id: None,
            settled_on: settled_on(amount, &pays),
            voided_at: None,
            void_reason: None,
            created_at: now - 800 * DAY,
            changed_at: None,
        });
        if let Some((amount, paid_on)) = paid {
            let pid = doc.payments.len() as i64 + 1;
            doc.payments.push(PaymentRecord {
                id: pid,
                invoice_id: id,
                amount: Decimal::of(amount, Currency::USD),
                paid_on,
                created_at: now - DAY,
            });
        }
    }
    for id in 1..=size.messages {
        let client = 1 + rng.below(size.clients as u64) as i64;
        let at = now - (rng.below(730 * DAY as u64) as i64) - DAY;
        let request = rng.below(10) < 3;
        let recent = now - at < 3 * DAY;
        doc.messages.push(MessageRecord {
            id,
            client_id: client,
            from_contact: 2 * client - i64::from(rng.below(20) == 0),
            to_member: 1,
            via: "email".into(),
            at,
            subject: "Hello".into(),
            request,
            reply_target: Some(at + DAY),
            reply_by: Some(at + 2 * DAY),
            start_by: request.then_some(at + 2 * DAY),
            due: request.then_some(at + 7 * DAY),
            replied_at: (!recent).then(|| at + 3600),
            started_at: (request && !recent).then(|| at + DAY),
            delivered_at: (request && now - at > 8 * DAY).then(|| at + 6 * DAY),
            ..MessageRecord::default()
        });
    }
    std::fs::write(path, serde_json::to_vec(&doc)?)?;
    Ok(())
}

/// One timed run: wall and CPU seconds, peak memory.
struct Timed {
    wall: f64,
    cpu: f64,
    rss_mb: f64,
    status: Option<i32>,
}

/// Runs `program args` under `/usr/bin/time -v`, stdout to /dev/null.
fn timed(program: &Path, args: &[&str], env: &[(&str, &str)]) -> anyhow::Result<Timed> {
    let started = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(program)
        .args(args)
        .envs(env.iter().copied())
        .env("TZ", "UTC")
        .stdout(Stdio::null())
        .output()?;
    let wall = started.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    let field = |name: &str| -> f64 {
        err.lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    Ok(Timed {
        wall,
        cpu: field("User time (seconds): ") + field("System time (seconds): "),
        rss_mb: field("Maximum resident set size (kbytes): ") / 1024.0,
        status: out.status.code(),
    })
}

/// The median of `n` runs.
fn median(n: usize, mut run: impl FnMut() -> anyhow::Result<Timed>) -> anyhow::Result<Timed> {
    let mut all = (0..n).map(|_| run()).collect::<anyhow::Result<Vec<_>>>()?;
    // By wall time: `time` counts CPU in hundredths, too coarse for small runs.
    all.sort_by(|a, b| a.wall.total_cmp(&b.wall));
    Ok(all.swap_remove(n / 2))
}

fn row(what: &str, t: &Timed) {
    println!(
        "| {what:<44} | {:>8.3} | {:>8.3} | {:>8.1} | {:>4} |",
        t.wall,
        t.cpu,
        t.rss_mb,
        t.status.map_or_else(|| "-".into(), |s| s.to_string())
    );
}

fn expect_bin() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let bin = exe.parent().and_then(Path::parent).map(|d| d.join("expect")).filter(|b| b.exists());
    bin.ok_or_else(|| anyhow::anyhow!("build the binary first: cargo build --release"))
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: i64| {
        args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)?.parse().ok()).unwrap_or(default)
    };
    let tmp = tempfile::tempdir()?;
    let dir = match args.iter().position(|a| a == "--keep") {
        Some(i) => PathBuf::from(&args[i + 1]),
        None => tmp.path().to_path_buf(),
    };
    std::fs::create_dir_all(&dir)?;
    let bin = expect_bin()?;
    let sqlite3 = PathBuf::from("sqlite3");
    let size = Size {
        clients: arg("--clients", 100_000),
        invoices: arg("--invoices", 1_000_000),
        messages: arg("--messages", 1_000_000),
        overdue_share: 3,
    };
    let book = dir.join("book.json");
    let started = Instant::now();
    write_book(&book, &size)?;
    println!(
        "document: {} clients, {} invoices, {} messages, {:.0} MB, written in {:.1?}",
        size.clients,
        size.invoices,
        size.messages,
        std::fs::metadata(&book)?.len() as f64 / 1e6,
        started.elapsed()
    );
    let db = dir.join("book.db");
    let _ = std::fs::remove_file(&db);
    let db_s = db.to_str().unwrap_or_default().to_string();
    let run = |extra: &[&str]| run_expect(&bin, &db_s, extra, &[]);
    println!("| {:<44} | {:>8} | {:>8} | {:>8} | {:>4} |", "what", "wall s", "CPU s", "peak MB", "exit");
    println!(
        "|{}|{}|{}|{}|{}|",
        "-".repeat(46),
        "-".repeat(10),
        "-".repeat(10),
        "-".repeat(10),
        "-".repeat(6)
    );
    row("import (the whole book)", &run(&["import", book.to_str().unwrap_or_default()])?);
    let sq = |sql: &str| timed(&sqlite3, &["-json", &db_s, sql], &[]);
    row("floor: sqlite3 -json select * from invoices", &median(3, || sq("SELECT * FROM invoices"))?);
    row("floor: sqlite3 select count(*) from messages", &median(3, || sq("SELECT count(*) FROM messages"))?);
    for (what, extra) in [
        ("overdue --format json", &["--format", "json", "overdue"][..]),
        ("overdue (table)", &["overdue"]),
        ("check --format json", &["--format", "json", "check"]),
        ("invoices --open --format json", &["--format", "json", "invoices", "--open"]),
        ("calendar --ics", &["calendar", "--ics"]),
        ("scorecard --format json", &["--format", "json", "scorecard"]),
    ] {
        row(what, &median(3, || run(extra))?);
    }
    let copy = dir.join("copy.db");
    let _ = std::fs::remove_file(&copy);
    row("backup", &run(&["backup", copy.to_str().unwrap_or_default()])?);
    let has_ingest = Command::new(&bin)
        .args(["ingest", "--help"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?
        .success();
    if has_ingest {
        let maildir = dir.join("Maildir");
        write_maildir(&maildir, 100_000, size.clients)?;
        let m = maildir.to_str().unwrap_or_default();
        row("ingest 100,000 messages (first run)", &run(&["-q", "ingest", m])?);
        row("ingest the same again (all read)", &run(&["-q", "ingest", m])?);
    } else {
        println!("(this build has no `ingest`: skipped)");
    }
    if let Some(i) = args.iter().position(|a| a == "--server") {
        server_book(&dir, &bin, &db_s, &args[i + 1])?;
    }
    small_book_ratio(&dir, &bin)?;
    if args.iter().any(|a| a == "--writers") {
        writers::during_import(&dir, &bin, &book)?;
        writers::backup(&dir, &bin, &db)?;
    }
    Ok(())
}

/// A Maildir of `n` messages from the clients' bosses (new/ and cur/).
fn write_maildir(dir: &Path, n: i64, clients: i64) -> anyhow::Result<()> {
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    let mut rng = Lcg(5);
    for i in 0..n {
        let c = 1 + rng.below(clients as u64) as i64;
        let text = format!(
            "From: Boss <boss@c{c}.example>\r\nTo: me@studio.example\r\nSubject: Question {i}\r\n\
             Date: Thu, 26 Nov 2026 10:{:02}:00 +0000\r\nMessage-ID: <m{i}@c{c}.example>\r\n\r\nHello\r\n",
            i % 60
        );
        let sub = if i % 2 == 0 { "cur" } else { "new" };
        std::fs::write(dir.join(sub).join(format!("17643{i:08}.M{i}P1.bench:2,S")), text)?;
    }
    Ok(())
}

/// SPEC 11 / issue 12: `overdue --format json` on 10,000 invoices, all
/// overdue, of 1,000 clients, against `sqlite3 -json` reading them.
fn small_book_ratio(dir: &Path, bin: &Path) -> anyhow::Result<()> {
    let book = dir.join("small.json");
    write_book(&book, &Size { clients: 1_000, invoices: 10_000, messages: 0, overdue_share: 100 })?;
    let db = dir.join("small.db");
    let _ = std::fs::remove_file(&db);
    let db_s = db.to_str().unwrap_or_default();
    run_expect(bin, db_s, &["import", book.to_str().unwrap_or_default()], &[])?;
    let floor = median(15, || timed(Path::new("sqlite3"), &["-json", db_s, "SELECT * FROM invoices"], &[]))?;
    row("small: floor sqlite3 -json (10,000 invoices)", &floor);
    for (what, extra) in [
        ("small: overdue --format json", &["--format", "json", "overdue"][..]),
        ("small: invoices --format json", &["--format", "json", "invoices"]),
        ("small: messages --format json", &["--format", "json", "messages"]),
        ("small: check --format json", &["--format", "json", "check"]),
        ("small: overdue -q", &["-q", "overdue"]),
    ] {
        let t = median(15, || run_expect(bin, db_s, extra, &[]))?;
        row(what, &t);
        println!(
            "|   ratio to the floor (wall) {:>17.2} |          |          |          |      |",
            t.wall / floor.wall
        );
    }
    Ok(())
}

/// Issue 13: the file book moved to a schema of its own on the server at
/// `base` and back, each step timed and the exports compared; the reports
/// and backup timed there, beside `psql` reading the invoice rows.
fn server_book(dir: &Path, bin: &Path, file_db: &str, base: &str) -> anyhow::Result<()> {
    let schema = format!("bench_{}", std::process::id());
    let psql = |db: &str, sql: &str| -> anyhow::Result<()> {
        let ok = Command::new("psql").args(["-qAt", "-d", db, "-c", sql]).stdout(Stdio::null()).status()?;
        anyhow::ensure!(ok.success(), "psql {sql:?} failed");
        Ok(())
    };
    let admin = format!("{}/postgres", base.trim_end_matches('/'));
    psql(&admin, &format!("CREATE SCHEMA {schema}"))?;
    // Dropped however this ends.
    let _schema = DropSchema(&admin, schema.clone());
    let uri = format!("{admin}?options=-csearch_path%3D{schema}");
    let env = [("EXPECT_ME", "me")];
    let run = |db: &str, extra: &[&str]| run_expect(bin, db, extra, &env);
    // Export to a file, as `expect export > FILE` does.
    let export = |db: &str, to: &Path| -> anyhow::Result<f64> {
        let started = Instant::now();
        let done = Command::new(bin)
            .args(expect_args(db, &["export", "--format", "json"]))
            .envs(env)
            .stdout(std::fs::File::create(to)?)
            .status()?;
        anyhow::ensure!(done.success(), "export of {db} failed");
        Ok(started.elapsed().as_secs_f64())
    };
    let from_file = dir.join("from-file.json");
    let from_server = dir.join("from-server.json");
    let back_db = dir.join("back.db");
    let _ = std::fs::remove_file(&back_db);
    let back = back_db.to_str().unwrap_or_default();
    let from_back = dir.join("from-back.json");
    let t_file = export(file_db, &from_file)?;
    // The file book as it is now (with the mail ingested above), moved.
    row(
        "server: import of the file's export",
        &run(&uri, &["import", from_file.to_str().unwrap_or_default()])?,
    );
    let floor = median(3, || {
        timed(Path::new("psql"), &["-qAt", "-d", &uri, "-c", "SELECT row_to_json(i) FROM invoices i"], &[])
    })?;
    row("server: floor psql row_to_json(invoices)", &floor);
    for (what, extra) in [
        ("server: overdue --format json", &["--format", "json", "overdue"][..]),
        ("server: overdue (table)", &["overdue"]),
        ("server: check --format json", &["--format", "json", "check"]),
        ("server: invoices --open --format json", &["--format", "json", "invoices", "--open"]),
    ] {
        row(what, &median(3, || run(&uri, extra))?);
    }
    let copy = dir.join("server-copy.db");
    let _ = std::fs::remove_file(&copy);
    row("server: backup to a file book", &run(&uri, &["backup", copy.to_str().unwrap_or_default()])?);
    let t_server = export(&uri, &from_server)?;
    let t_import_back = run(back, &["import", from_server.to_str().unwrap_or_default()])?;
    let t_back = export(back, &from_back)?;
    // Compared as `cmp` would, a block at a time.
    let same = |left: &Path, right: &Path| -> anyhow::Result<bool> {
        use std::io::Read as _;
        let (mut left, mut right) = (std::fs::File::open(left)?, std::fs::File::open(right)?);
        let (mut ours, mut theirs) = (vec![0_u8; 1 << 20], vec![0_u8; 1 << 20]);
        loop {
            let read = left.read(&mut ours)?;
            if read == 0 {
                return Ok(right.read(&mut theirs[..1])? == 0);
            }
            if right.read_exact(&mut theirs[..read]).is_err() || ours[..read] != theirs[..read] {
                return Ok(false);
            }
        }
    };
    println!(
        "move: export of the file {t_file:.1} s; import into the server (above); export of the server \
         {t_server:.1} s; import into a new file {:.1} s; its export {t_back:.1} s; \
         file = server: {}, server = back: {}",
        t_import_back.wall,
        same(&from_file, &from_server)?,
        same(&from_server, &from_back)?
    );
    Ok(())
}

/// A schema of the server at `.0`, named `.1`, dropped with it.
struct DropSchema<'a>(&'a str, String);

impl Drop for DropSchema<'_> {
    fn drop(&mut self) {
        let sql = format!("SET client_min_messages = warning; DROP SCHEMA {} CASCADE", self.1);
        let _ = Command::new("psql").args(["-qAt", "-d", self.0, "-c", &sql]).stdout(Stdio::null()).status();
    }
}

/// The arguments of an `expect` run on book `db` at the benchmark's time,
/// with no config.
fn expect_args(db: &str, extra: &[&str]) -> Vec<String> {
    ["--db", db, "--config", "/nonexistent/expect.toml", "--as-of", AS_OF]
        .iter()
        .chain(extra)
        .map(ToString::to_string)
        .collect()
}

/// `expect` with those arguments, timed.
fn run_expect(bin: &Path, db: &str, extra: &[&str], env: &[(&str, &str)]) -> anyhow::Result<Timed> {
    let a = expect_args(db, extra);
    timed(bin, &a.iter().map(String::as_str).collect::<Vec<_>>(), env)
}
