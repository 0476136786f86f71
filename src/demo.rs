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
    Ok(())
}
