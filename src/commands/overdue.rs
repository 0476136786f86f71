//! `expect overdue`: invoices whose principal is unpaid past due date and
//! grace, most days late first ([`invoices::overdue`]), with late fee,
//! interest, aging bucket and whether service may be suspended; a totals
//! line per currency in table form; exit 1 when the list is not empty.

use std::collections::BTreeMap;
use std::process::ExitCode;

use crate::book::overdue::{self, OverdueLine};
use crate::context::Ctx;
use crate::output::{Cell, Style};
use crate::values::Money;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
}

/// Totals per currency: outstanding, late fee, interest, total due.
fn totals(list: &[OverdueLine]) -> Vec<Vec<Cell>> {
    let mut sums: BTreeMap<&str, [i64; 4]> = BTreeMap::new();
    for a in list {
        let e = sums.entry(a.currency.as_str()).or_default();
        for (sum, v) in e.iter_mut().zip([a.outstanding, a.late_fee, a.interest, a.total_due]) {
            *sum = sum.saturating_add(v.0);
        }
    }
    sums.into_iter()
        .map(|(cur, v)| {
            vec![
                Cell::styled(format!("total {cur}"), Style::Dim),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
                Money(v[0]).grouped().into(),
                Money(v[1]).grouped().into(),
                Money(v[2]).grouped().into(),
                Cell::styled(Money(v[3]).grouped(), Style::Bad),
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
        ctx.out.with_keys(OverdueLine::KEYS).list_with_footer(
            &rows,
            &headers,
            |r| {
                vec![
                    r.invoice.clone().into(),
                    r.client.clone().into(),
                    r.due.to_string().into(),
                    Cell::styled(r.days_late.to_string(), Style::Bad),
                    r.bucket.as_str().into(),
                    format!("{} {}", r.currency, r.outstanding.grouped()).into(),
                    r.late_fee.grouped().into(),
                    r.interest.grouped().into(),
                    Cell::styled(r.total_due.grouped(), Style::Bad),
                    if r.suspend { Cell::styled("yes", Style::Bad) } else { "".into() },
                ]
            },
            &totals(&rows),
        )?;
        Ok(if rows.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
    }
}
