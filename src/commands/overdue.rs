//! `expect overdue`: invoices whose principal is unpaid past due date and
//! grace, most days late first ([`overdue::overdue`]), with late fee,
//! interest, aging bucket and whether service may be suspended; a totals
//! line per currency in table form; exit 1 when the list is not empty.

use std::process::ExitCode;

use crate::book::overdue::{self, OverdueLine};
use crate::context::Ctx;
use crate::output::{Cell, Style};
use crate::values::Numbers;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
}

/// The totals line of each currency: outstanding, late fee, interest,
/// total due.
fn totals(list: &[OverdueLine], n: Numbers) -> Vec<Vec<Cell>> {
    overdue::totals(list)
        .into_iter()
        .map(|(cur, v)| {
            vec![
                Cell::styled(format!("total {cur}"), Style::Dim),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
                cur.amount(v[0]).text(n).into(),
                cur.amount(v[1]).text(n).into(),
                cur.amount(v[2]).text(n).into(),
                Cell::styled(cur.amount(v[3]).text(n), Style::Bad),
                "".into(),
            ]
        })
        .collect()
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let rows = overdue::overdue(&ctx.store()?.read(), &ctx.env(), self.client.as_deref())?;
        let headers = [
            "invoice",
            "client",
            "due",
            "days late",
            "bucket",
            "outstanding",
            "late fee",
            "interest",
            "total due",
            "suspend",
        ];
        let n = ctx.config.numbers;
        ctx.out.with_keys(OverdueLine::KEYS).list_with_footer(
            &rows,
            &headers,
            |r| {
                vec![
                    r.invoice.as_str().into(),
                    r.client.as_str().into(),
                    r.due.to_string().into(),
                    Cell::styled(r.days_late.to_string(), Style::Bad),
                    r.bucket.as_str().into(),
                    r.outstanding.text(n).into(),
                    r.late_fee.text(n).into(),
                    r.interest.text(n).into(),
                    Cell::styled(r.total_due.text(n), Style::Bad),
                    if r.suspend { Cell::styled("yes", Style::Bad) } else { "".into() },
                ]
            },
            || totals(&rows, n),
        )?;
        Ok(if rows.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
    }
}
