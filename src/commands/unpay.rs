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
        let n = ctx.config.numbers;
        ctx.out.record(&removed, || {
            let charges = if removed.charges_owed.money.0 == 0 {
                String::new()
            } else {
                format!("; late fee and interest owed {}", removed.charges_owed.text(n))
            };
            format!(
                "removed payment {} of {} on {} from {}; outstanding {}{charges}",
                removed.id,
                removed.amount.text(n),
                removed.paid_on,
                removed.invoice,
                removed.outstanding.text(n),
            )
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
