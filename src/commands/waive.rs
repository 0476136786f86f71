//! `expect waive NUM [--fee] [--interest] [--reason TEXT] [--undo]`:
//! forgoes an invoice's late fee and/or interest (neither flag: both) from
//! today on, kept on record with its day; `--undo` takes the named waivers
//! back (neither flag: all), through [`charges::waive`]. A charge a
//! payment already went to cannot be waived (unpay first).

use std::process::ExitCode;

use crate::book::charges;
use crate::context::Ctx;
use crate::money::Waivers;

use super::shared::text;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The invoice number, e.g. INV-0001
    pub number: String,
    /// Waive the late fee (without --fee or --interest: both)
    #[arg(long)]
    pub fee: bool,
    /// Waive the interest (without --fee or --interest: both)
    #[arg(long)]
    pub interest: bool,
    /// Why it is waived
    #[arg(long, conflicts_with = "undo")]
    pub reason: Option<String>,
    /// Take the waiver back
    #[arg(long)]
    pub undo: bool,
}

fn words(charges: &[&str]) -> String {
    let named: Vec<&str> =
        charges.iter().map(|c| if *c == "fee" { "late fee" } else { "interest" }).collect();
    named.join(" and ")
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let reason = self.reason.as_deref().map(|r| text("--reason", r)).transpose()?;
        let which = Waivers { fee: self.fee, interest: self.interest };
        let env = ctx.env();
        let done = ctx
            .store_rw()?
            .write(|tx| charges::waive(tx, &env, &self.number, which, reason.as_deref(), self.undo))?;
        let n = ctx.config.numbers;
        ctx.out.record(&done, || {
            let what = words(&done.changed.names());
            let owed = if done.charges_owed.money.0 == 0 {
                "no late fee or interest owed".to_string()
            } else {
                format!("late fee and interest owed {}", done.charges_owed.text(n))
            };
            if done.undo {
                format!("took back the waiver of the {what} of invoice {}; {owed}", done.invoice)
            } else {
                format!("waived the {what} of invoice {} from {}; {owed}", done.invoice, done.on)
            }
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
