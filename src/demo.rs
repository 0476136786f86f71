//! The demo data of SPEC 9, built by replaying ordinary commands (quietly)
//! against a fresh database, with every date relative to the as-of time.

use std::ffi::OsString;

use anyhow::Context as _;
use clap::Parser as _;

use crate::cli::{dispatch, Cli};
use crate::context::Ctx;

/// Runs one `expect` command line (without the program name) in `ctx`.
fn run(ctx: &Ctx, line: &[&str]) -> anyhow::Result<()> {
    let args = std::iter::once(OsString::from("expect")).chain(line.iter().map(OsString::from));
    let cli = Cli::try_parse_from(args).with_context(|| format!("demo step `expect {}`", line.join(" ")))?;
    dispatch(cli.command, ctx).with_context(|| format!("demo step `expect {}`", line.join(" ")))?;
    Ok(())
}

/// Fills the (new, empty) database of `ctx` with the demo situations.
/// `ctx.out` should be quiet: the steps' own confirmations are not shown.
pub fn build(ctx: &Ctx) -> anyhow::Result<()> {
    let steps: &[&[&str]] = &[
        &["init", "--name", "Alex Rivera", "--email", "alex@studio.example"],
        &["add-member", "sam", "--name", "Sam Lee", "--email", "sam@studio.example"],
        // A well-run client on net 30 with a late fee and interest.
        &[
            "add-client",
            "acme",
            "--name",
            "Acme Corp",
            "--contact",
            "Jane Doe <jane@acme.example>",
            "--terms",
            "net30",
            "--late-fee",
            "5%",
            "--interest",
            "1.5%/month",
            "--suspend-after",
            "60d",
        ],
        // Staff who write to a team member directly.
        &[
            "add-client",
            "globex",
            "--name",
            "Globex Ltd",
            "--contact",
            "Hank Scorpio <hank@globex.example>",
            "--manager",
            "sam",
        ],
        &["add-contact", "globex", "Frank Grimes <frank@globex.example>", "--role", "junior designer"],
        // A client on receipt terms, with Basecamp as a channel.
        &[
            "add-client",
            "initech",
            "--name",
            "Initech",
            "--contact",
            "Bill Lumbergh <bill@initech.example>",
            "--terms",
            "receipt",
            "--channels",
            "email,basecamp",
            "--rush-fee",
            "50%",
        ],
        // A client nobody named a point of contact for.
        &["add-client", "umbrella", "--name", "Umbrella Co", "--terms", "net15"],
        // A late-fee change not yet announced: effective in 10 days, stricter.
        &["edit-client", "acme", "--late-fee", "10%", "--effective", "+10d"],
    ];
    for step in steps {
        run(ctx, step)?;
    }
    communication(ctx)?;
    money(ctx)?;
    contracts(ctx)?;
    Ok(())
}

/// The money situations of SPEC 9: an acme invoice 10+ days late with a
/// late fee and interest (partly paid), one past `suspend_after`, an
/// initech invoice on receipt terms, a paid umbrella invoice, and a globex
/// project whose second phase started while the first was unpaid.
fn money(ctx: &Ctx) -> anyhow::Result<()> {
    let steps: &[&[&str]] = &[
        &["add-invoice", "acme", "1500", "--issued", "-45d"],
        &["pay", "INV-0001", "500", "--on", "-8d"],
        &["add-invoice", "acme", "800", "--issued", "-100d"],
        &["add-invoice", "initech", "2400", "--issued", "-5d"],
        &["add-invoice", "umbrella", "900", "--issued", "-40d"],
        &["pay", "INV-0004", "--on", "-30d"],
        &["add-project", "globex", "website", "--phase", "design=2000", "--phase", "build=6000"],
        &["add-invoice", "globex", "2000", "--issued", "-20d", "--project", "website", "--phase", "design"],
        &["start-phase", "website", "build", "--on", "-3d"],
    ];
    for step in steps {
        run(ctx, step)?;
    }
    Ok(())
}

/// The communication situations of SPEC 9: globex staff writing to a team
/// member directly, a Friday 16:00 request wanting same-day delivery (the
/// most recent Friday 16:00 at or before the as-of time), an unanswered
/// message past its reply limit, and requests late to start, late, and due.
fn communication(ctx: &Ctx) -> anyhow::Result<()> {
    use chrono::{Datelike as _, NaiveTime, Weekday};

    let last_message = || -> anyhow::Result<String> {
        let store = ctx.store()?;
        let id = crate::store::messages::last_id(&store.read())?.context("the demo logged no message")?;
        Ok(id.to_string())
    };
    let four_pm = NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default();
    let friday = (0..8)
        .filter_map(|back| ctx.today().checked_sub_days(chrono::Days::new(back)))
        .find(|d| d.weekday() == Weekday::Fri && ctx.cal.keep_local(d.and_time(four_pm)) <= ctx.now)
        .unwrap_or_else(|| ctx.today());
    let fri_at = format!("{friday}T16:00");
    let fri_wants = format!("{friday}T21:00");
    let fri_reply = format!("{friday}T16:30");

    // Globex's junior designer writes to you instead of Hank writing to Sam.
    run(
        ctx,
        &[
            "log",
            "globex",
            "--from",
            "Frank Grimes <frank@globex.example>",
            "--to",
            "me",
            "--at",
            "-1bd",
            "Can you tweak the logo colours?",
        ],
    )?;
    run(ctx, &["reply", &last_message()?, "--at", "-4bh"])?;
    // Friday 16:00: Initech phones Sam wanting it the same evening.
    run(
        ctx,
        &[
            "log",
            "initech",
            "--from",
            "bill@initech.example",
            "--to",
            "sam",
            "--via",
            "phone",
            "--at",
            &fri_at,
            "--wants",
            &fri_wants,
            "TPS report cover sheets, tonight",
        ],
    )?;
    run(ctx, &["reply", &last_message()?, "--at", &fri_reply])?;
    // Unanswered past its reply limit (1-2bd).
    run(
        ctx,
        &["log", "acme", "--from", "jane@acme.example", "--at", "-3bd", "Question about the last invoice"],
    )?;
    // Past the reply target, not yet the limit.
    run(
        ctx,
        &["log", "acme", "--from", "jane@acme.example", "--at", "-10bh", "Can we move Thursday's call?"],
    )?;
    // A request not started within 2bd and not delivered within 5bd.
    run(
        ctx,
        &["log", "acme", "--from", "jane@acme.example", "--request", "--at", "-8bd", "Landing page redesign"],
    )?;
    run(ctx, &["reply", &last_message()?, "--at", "-8bd"])?;
    // A request due within the next few business hours.
    run(ctx, &["log", "acme", "--from", "jane@acme.example", "--request", "--at", "-38bh", "Banner resize"])?;
    let banner = last_message()?;
    run(ctx, &["reply", &banner, "--at", "-37bh"])?;
    run(ctx, &["start", &banner, "--at", "-37bh"])?;
    // Something the client owes you, three days late.
    run(ctx, &["waiting-on", "globex", "brand assets", "--due", "-3d"])?;
    Ok(())
}

/// The contract situations of SPEC 9: acme's retainer leaves out the late
/// fee it charges (`contract-gap`), globex and initech are covered, and
/// umbrella has no contract at all (`no-contract`). acme's late-fee change,
/// not yet announced, is `unnotified-change`.
fn contracts(ctx: &Ctx) -> anyhow::Result<()> {
    let steps: &[&[&str]] = &[
        &[
            "add-contract",
            "acme",
            "--signed",
            "-120d",
            "--kind",
            "retainer",
            "--rate",
            "4000",
            "--covers",
            "contact,communication,payment,interest,suspension,turnaround,rush,phases",
        ],
        &["add-contract", "globex", "--signed", "-60d", "--kind", "fixed", "--rate", "8000"],
        &[
            "add-contract",
            "initech",
            "--signed",
            "-30d",
            "--kind",
            "hourly",
            "--rate",
            "120",
            "--expires",
            "+335d",
        ],
    ];
    for step in steps {
        run(ctx, step)?;
    }
    Ok(())
}
