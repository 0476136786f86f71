//! Benchmark of the money side (SPEC 11): builds a database of 100,000
//! clients and 1,000,000 invoices (with their payments) the way a user
//! would bring a book in, through `import` of one document
//! (`expect::book::data::import`), prints the `EXPLAIN QUERY PLAN` of the
//! overdue query, and times, each in a fresh process so the build does not
//! count in its memory: the overdue assessment (`book::overdue::assess`,
//! what `expect overdue` calls), the whole command rendered as JSON and as
//! a table (to /dev/null), `check`'s `gather`, and, when it is built, the
//! `expect` binary itself under `/usr/bin/time -v`. A client who pays late
//! pays what `overdue` quotes that day (principal, late fee and interest),
//! except one late payment in a hundred that pays the principal alone and
//! leaves its charges owed (`unpaid-charges`).
//!
//! Run: `CARGO_TARGET_DIR=/work/target-bench cargo build --release && \
//!       CARGO_TARGET_DIR=/work/target-bench cargo run --release --example bench_money`
//! (`-- --clients N --invoices N` for other sizes, `--keep PATH` to keep the database).

#![allow(clippy::cast_precision_loss)] // megabytes for display

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use chrono::{Days, NaiveDate};
use expect::book::check::{gather, Filter};
use expect::book::data::import;
use expect::book::overdue::assess;
use expect::config::Config;
use expect::context::Ctx;
use expect::money::{settled_on, Payment, PaymentRules};
use expect::output::{ColorChoice, Format, Output};
use expect::store::invoices::past_due_plan;
use expect::store::records::{ClientRecord, ContactRecord, ContractRecord, InvoiceRecord, PaymentRecord};
use expect::store::{Access, Location, Store};
use expect::values::{Currency, Decimal, Money, Numbers, Terms, Unit};

#[path = "support/bench.rs"]
mod bench;

use bench::{empty_document, payment_on, peak_memory_kb, rule_version, Lcg, AS_OF};

fn as_of_date() -> NaiveDate {
    chrono::DateTime::parse_from_rfc3339(AS_OF).expect("as-of").date_naive()
}

fn build(path: &Path, clients: i64, invoices: i64) -> anyhow::Result<()> {
    let started = Instant::now();
    let now = chrono::DateTime::parse_from_rfc3339(AS_OF)?.timestamp();
    let today = as_of_date();
    let mut rules = Config::builtin(PathBuf::from("bench")).defaults;
    rules.late_fee = Some("5%".parse()?);
    rules.interest = Some("1.5%/month".parse()?);
    rules.suspend_after = Some(60);
    rules.grace = 0;
    rules.terms = Terms::Net(30);
    let payment_rules = PaymentRules::from(&rules);
    let mut rng = Lcg(7);
    let (mut open, mut partial) = (0_u64, 0_u64);
    let mut doc = empty_document();
    let covers = "contact,communication,payment,late-fee,interest,suspension,turnaround,rush,phases";
    for id in 1..=clients {
        doc.clients.push(ClientRecord {
            id,
            handle: format!("c{id:06}"),
            name: format!("Client {id}"),
            manager_id: 1,
            currency: "USD".into(),
            archived: false,
            created_at: now,
        });
        doc.rule_versions.push(rule_version(id, id, &rules, now));
        doc.contacts.push(ContactRecord {
            id,
            client_id: id,
            name: Some("Boss".into()),
            email: Some(format!("boss@c{id}.example")),
            primary: true,
            role: None,
            phone: None,
        });
        doc.contracts.push(ContractRecord {
            id,
            client_id: id,
            signed: "2024-01-01".parse()?,
            kind: None,
            rate: None,
            expires: None,
            covers: covers.into(),
            file: None,
            changed_at: None,
        });
    }
    for id in 1..=invoices {
        let client_id = 1 + (id - 1) % clients;
        let issued = today.checked_sub_days(Days::new(rng.below(730))).expect("date");
        let due = Terms::Net(30).due_date(issued);
        let amount = Money(10_000 + rng.below(490_000) as i64);
        let unpaid = rng.below(100) < 3;
        let mut paid = None;
        if unpaid || due >= today {
            open += 1;
            if rng.below(3) == 0 && due < today {
                partial += 1;
                paid = Some((Money(amount.0 / 3), due));
            }
        } else {
            let on = due.checked_sub_days(Days::new(20)).expect("date") + Days::new(rng.below(35));
            let on = on.clamp(issued, today);
            paid = Some((payment_on(&mut rng, amount, due, &payment_rules, on), on));
        }
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
            created_at: now,
            changed_at: None,
        });
        if let Some((amount, paid_on)) = paid {
            let pid = doc.payments.len() as i64 + 1;
            let amount = Decimal::of(amount, Currency::USD);
            doc.payments.push(PaymentRecord { id: pid, invoice_id: id, amount, paid_on, created_at: now });
        }
    }
    let made = started.elapsed();
    let started = Instant::now();
    let mut store = Store::open(&Location::File(path.to_path_buf()), Access::Create)?;
    let counts = store.write(|tx| import(tx, expect::money::ReferenceRates::builtin(), &doc, false))?;
    println!(
        "built {clients} clients, {} invoices ({open} open, {partial} partly paid), {} payments: \
         document in {made:.1?}, import in {:.1?}",
        counts.invoices,
        doc.payments.len(),
        started.elapsed()
    );
    let started = Instant::now();
    store.analyze()?;
    println!("ANALYZE in {:.1?}", started.elapsed());
    Ok(())
}

fn ctx(path: &Path, format: Format) -> anyhow::Result<Ctx> {
    let mut config = Config::builtin(PathBuf::from("bench"));
    config.timezone = chrono_tz::UTC;
    let out = Output::new(format, ColorChoice::Never, false);
    Ctx::new(
        config,
        Location::File(path.to_path_buf()),
        "me".into(),
        Some(expect::context::AsOf { value: AS_OF, name: "--as-of" }),
        chrono::Utc::now(),
        out,
    )
}

fn plan(path: &Path) -> anyhow::Result<()> {
    let store = Store::open(&Location::File(path.to_path_buf()), Access::Existing)?;
    let rows = past_due_plan(&store.read(), as_of_date())?;
    println!("EXPLAIN QUERY PLAN of the overdue query:");
    for r in &rows {
        println!("  {r}");
    }
    let full_scan = rows.iter().any(|r| r.starts_with("SCAN i") || r.starts_with("SCAN invoices"));
    println!("full scan of invoices: {}", if full_scan { "YES" } else { "no" });
    Ok(())
}

/// One measurement, in this (fresh) process.
fn measure(what: &str, path: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    match what {
        "assess" => {
            let ctx = ctx(path, Format::Json)?;
            let store = ctx.store()?;
            let list = assess(&store.read(), &ctx.env(), ctx.today(), None)?;
            let total: i64 = list.iter().map(|a| a.standing.total_due().0).sum();
            eprintln!(
                "overdue (assess): {} invoices, total due {} in {:.0?}",
                list.len(),
                Currency::USD.amount(Money(total)).text(Numbers::Comma),
                started.elapsed()
            );
        }
        "overdue-json" | "overdue-table" => {
            let format = if what == "overdue-json" { Format::Json } else { Format::Table };
            let ctx = ctx(path, format)?;
            let code = expect::cli::dispatch(
                expect::cli::Command::Overdue(expect::commands::overdue::Args { client: None }),
                &ctx,
            )?;
            eprintln!(
                "overdue command ({what}, rendered to /dev/null): {code:?} in {:.0?}",
                started.elapsed()
            );
        }
        "check" => {
            let ctx = ctx(path, Format::Json)?;
            let store = ctx.store()?;
            let soon = Some(expect::values::Duration::new(4, Unit::BusinessHours));
            let flags = gather(&store.read(), &ctx.env(), &Filter { soon, ..Filter::default() })?;
            let mut by_code = std::collections::BTreeMap::new();
            for f in &flags {
                *by_code.entry(f.code.as_str()).or_insert(0) += 1;
            }
            eprintln!("check (gather): {} flags in {:.0?}; {by_code:?}", flags.len(), started.elapsed());
        }
        _ => anyhow::bail!("unknown measurement {what}"),
    }
    eprintln!("  peak memory (VmHWM): {:.1} MB", peak_memory_kb() as f64 / 1024.0);
    Ok(())
}

/// Runs the built `expect` binary under `/usr/bin/time -v`, stdout to /dev/null.
fn binary(path: &Path, args: &[&str]) -> anyhow::Result<()> {
    let exe = std::env::current_exe()?;
    let Some(bin) = exe.parent().and_then(Path::parent).map(|d| d.join("expect")).filter(|b| b.exists())
    else {
        println!("(the expect binary is not built next to this example: `cargo build --release` to time it)");
        return Ok(());
    };
    let started = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(&bin)
        .args([
            "--db",
            path.to_str().unwrap_or_default(),
            "--config",
            "/nonexistent/expect.toml",
            "--as-of",
            AS_OF,
        ])
        .args(args)
        .env("TZ", "UTC")
        .stdout(std::process::Stdio::null())
        .output()?;
    let wall = started.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    let rss = err
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    println!(
        "binary `expect {}`: exit {:?}, wall {wall:.0?}, max RSS {:.1} MB",
        args.join(" "),
        out.status.code(),
        rss / 1024.0
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: i64| {
        args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)?.parse().ok()).unwrap_or(default)
    };
    if let Some(i) = args.iter().position(|a| a == "--measure") {
        return measure(&args[i + 1], Path::new(&args[i + 2]));
    }
    let dir = tempfile::tempdir()?;
    let keep = args.iter().position(|a| a == "--keep").and_then(|i| args.get(i + 1)).map(PathBuf::from);
    let path = keep.clone().unwrap_or_else(|| dir.path().join("bench.db"));
    if !(keep.is_some() && path.exists()) {
        build(&path, arg("--clients", 100_000), arg("--invoices", 1_000_000))?;
    }
    println!("database: {:.0} MB", std::fs::metadata(&path)?.len() as f64 / 1e6);
    plan(&path)?;
    for what in ["assess", "overdue-json", "overdue-table", "check"] {
        for _ in 0..3 {
            let status = Command::new(std::env::current_exe()?)
                .arg("--measure")
                .arg(what)
                .arg(&path)
                .stdout(Stdio::null())
                .status()?;
            anyhow::ensure!(status.success(), "{what} failed");
        }
    }
    for a in [&["--format", "json", "overdue"][..], &["overdue"], &["--format", "json", "check"]] {
        binary(&path, a)?;
        binary(&path, a)?;
    }
    Ok(())
}
