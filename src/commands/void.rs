//! `expect void`: cancels an invoice. It is kept and shown as `void`, and
//! counts nowhere (not overdue, not owed, not a phase's invoice).

use std::process::ExitCode;

use serde::Serialize;

use crate::context::Ctx;
use crate::error::UserError;
use crate::store::invoices::void_invoice;

use super::pay::find_invoice;
use super::text;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The invoice number, e.g. INV-0001
    pub number: String,
    /// Why it is cancelled
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Serialize)]
struct Voided {
    id: i64,
    invoice: String,
    client: String,
    status: &'static str,
    reason: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let reason = self.reason.as_deref().map(|r| text("--reason", r)).transpose()?;
        let mut store = ctx.store_rw()?;
        let voided = store.write(|tx| {
            let inv = find_invoice(tx, &self.number)?;
            if inv.voided {
                return Err(UserError::new(format!("invoice {} is already void", inv.number)).into());
            }
            void_invoice(tx, inv.id, ctx.now_ts(), reason.as_deref())?;
            Ok(Voided {
                id: inv.id,
                invoice: inv.number,
                client: inv.client,
                status: "void",
                reason: reason.clone(),
            })
        })?;
        ctx.out.record(&voided, || format!("voided invoice {}", voided.invoice))?;
        Ok(ExitCode::SUCCESS)
    }
}
