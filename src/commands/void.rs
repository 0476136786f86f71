//! `expect void`: cancels an invoice. It is kept and shown as `void`, and
//! counts nowhere (not overdue, not owed, not a phase's invoice).

use std::process::ExitCode;

use crate::book::invoices;
use crate::context::Ctx;

use super::shared::text;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The invoice number, e.g. INV-0001
    pub number: String,
    /// Why it is cancelled
    #[arg(long)]
    pub reason: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let reason = self.reason.as_deref().map(|r| text("--reason", r)).transpose()?;
        let env = ctx.env();
        let voided = ctx.store_rw()?.write(|tx| invoices::void(tx, &env, &self.number, reason.as_deref()))?;
        ctx.out.record(&voided, || format!("voided invoice {}", voided.invoice))?;
        Ok(ExitCode::SUCCESS)
    }
}
