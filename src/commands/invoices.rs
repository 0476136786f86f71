//! `expect invoices`: every invoice issued by the as-of date with what is
//! paid and outstanding (principal only) and its status: `paid`, `open`,
//! `overdue` or `void`.

use std::process::ExitCode;

use crate::book::invoices;
use crate::context::Ctx;
use crate::output::{Cell, Style};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    /// Only invoices with a principal balance
    #[arg(long)]
    pub open: bool,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let rows = invoices::invoices(&ctx.store()?.read(), &ctx.env(), self.client.as_deref(), self.open)?;
        let headers = ["invoice", "client", "issued", "due", "amount", "paid", "outstanding", "status"];
        ctx.out.with_keys(invoices::InvoiceLine::KEYS).list(&rows, &headers, |r| {
            let style = match r.status {
                "overdue" => Style::Bad,
                "paid" => Style::Good,
                "void" => Style::Dim,
                _ => Style::Plain,
            };
            vec![
                r.invoice.clone().into(),
                r.client.clone().into(),
                r.issued.to_string().into(),
                r.due.to_string().into(),
                format!("{} {}", r.currency, r.amount.grouped()).into(),
                r.paid.grouped().into(),
                r.outstanding.grouped().into(),
                Cell::styled(r.status, style),
            ]
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
