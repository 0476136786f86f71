//! `expect unpay`: removes an invoice's latest payment (or its latest on a
//! given day), for a payment entered by mistake or returned.

use std::process::ExitCode;

use crate::book::invoices;
use crate::context::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The invoice number, e.g. INV-0001
    pub number: String,
    /// Remove the (latest) payment made on DATE (e.g. yesterday, last friday)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub on: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let on = self.on.as_deref().map(|d| ctx.date("--on", d)).transpose()?;
        let env = ctx.env();
        let removed = ctx.store_rw()?.write(|tx| invoices::unpay(tx, &env, &self.number, on))?;
        ctx.out.record(&removed, || {
            format!(
                "removed payment {} of {} {} on {} from {}; outstanding {} {}",
                removed.id,
                removed.currency,
                removed.amount.grouped(),
                removed.paid_on,
                removed.invoice,
                removed.currency,
                removed.outstanding.grouped()
            )
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
