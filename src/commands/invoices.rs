//! `expect invoices`: every invoice issued by the as-of date with what is
//! paid and outstanding of its principal, the late fee and interest still
//! owed, and its status: `paid`, `charges` (principal paid, charges owed),
//! `open`, `overdue` or `void`.

use std::process::ExitCode;

use crate::book::invoices;
use crate::context::Ctx;
use crate::output::{Cell, Style};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    /// Only invoices still owing something (open, overdue, charges)
    #[arg(long)]
    pub open: bool,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let rows = invoices::invoices(&ctx.store()?.read(), &ctx.env(), self.client.as_deref(), self.open)?;
        let headers =
            ["invoice", "client", "issued", "due", "amount", "paid", "outstanding", "charges", "status"];
        let n = ctx.config.numbers;
        ctx.out.with_keys(invoices::InvoiceLine::KEYS).list(&rows, &headers, |r| {
            let style = match r.status {
                "overdue" | "charges" => Style::Bad,
                "paid" => Style::Good,
                "void" => Style::Dim,
                _ => Style::Plain,
            };
            vec![
                r.invoice.as_str().into(),
                r.client.as_str().into(),
                r.issued.to_string().into(),
                r.due.to_string().into(),
                r.amount.text(n).into(),
                r.paid.text(n).into(),
                r.outstanding.text(n).into(),
                if r.charges_owed.money.0 == 0 {
                    "".into()
                } else {
                    Cell::styled(r.charges_owed.text(n), Style::Bad)
                },
                Cell::styled(r.status, style),
            ]
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
