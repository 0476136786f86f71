//! `expect invoices`: every invoice issued by the as-of date with what is
//! paid and outstanding (principal only) and its status: `paid`, `open`,
//! `overdue` or `void`.

use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use crate::context::Ctx;
use crate::money::{standing, Invoice};
use crate::output::{Cell, Style};
use crate::store::invoices::{invoices, payment_versions, payments_by_invoice};
use crate::store::Db;
use crate::values::Money;

use super::find_client;
use super::overdue::rules_for;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    /// Only invoices with a principal balance
    #[arg(long)]
    pub open: bool,
}

/// One invoice as listed (the JSON keys of SPEC 6).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub invoice: String,
    pub client: String,
    pub currency: String,
    #[serde(serialize_with = "crate::output::money")]
    pub amount: Money,
    #[serde(serialize_with = "crate::output::money")]
    pub paid: Money,
    #[serde(serialize_with = "crate::output::money")]
    pub outstanding: Money,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    pub status: &'static str,
}

/// The invoices of one client (or all) as of the context's date; only
/// those with a principal balance when `open_only`.
pub fn list(db: &impl Db, ctx: &Ctx, client: Option<i64>, open_only: bool) -> anyhow::Result<Vec<Row>> {
    let as_of = ctx.today();
    let all = invoices(db, client, as_of)?;
    let mut ids: Vec<i64> = all.iter().map(|i| i.client_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let versions = payment_versions(db, &ids)?;
    let payments = payments_by_invoice(db, client, as_of)?;
    let mut out = Vec::new();
    for inv in all {
        let rules = rules_for(&versions, &inv);
        let pays = payments.get(&inv.id).map_or(&[][..], Vec::as_slice);
        let s = standing(&Invoice::new(inv.amount, &inv.currency, inv.due, &rules), pays, as_of).map_err(
            |e| anyhow::anyhow!("the payments of invoice {} exceed what it owed on {}", inv.number, e.on),
        )?;
        let (status, outstanding) = if inv.voided {
            ("void", Money::ZERO)
        } else if s.outstanding == Money::ZERO {
            ("paid", Money::ZERO)
        } else if s.overdue {
            ("overdue", s.outstanding)
        } else {
            ("open", s.outstanding)
        };
        if open_only && outstanding == Money::ZERO {
            continue;
        }
        out.push(Row {
            invoice: inv.number,
            client: inv.client,
            currency: inv.currency,
            amount: inv.amount,
            paid: s.paid,
            outstanding,
            issued: inv.issued,
            due: inv.due,
            status,
        });
    }
    Ok(out)
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let store = ctx.store()?;
        let db = store.read();
        let client = self.client.as_deref().map(|h| find_client(&db, h)).transpose()?;
        let rows = list(&db, ctx, client.map(|c| c.id), self.open)?;
        let headers = ["invoice", "client", "issued", "due", "amount", "paid", "outstanding", "status"];
        ctx.out.list(&rows, &headers, |r| {
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
