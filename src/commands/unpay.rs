//! `expect unpay`: removes an invoice's latest payment (or its latest on a
//! given day), for a payment entered by mistake or returned.

use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use crate::context::Ctx;
use crate::error::UserError;
use crate::money::Payment;
use crate::store::invoices::{delete_payment, payments, PaymentRow};
use crate::values::Money;

use super::pay::{final_standing, find_invoice, invoice_rules, store_settled};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The invoice number, e.g. INV-0001
    pub number: String,
    /// Remove the (latest) payment made on DATE
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub on: Option<String>,
}

#[derive(Debug, Serialize)]
struct Removed {
    id: i64,
    invoice: String,
    currency: String,
    #[serde(serialize_with = "crate::output::money")]
    amount: Money,
    paid_on: NaiveDate,
    #[serde(serialize_with = "crate::output::money")]
    outstanding: Money,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let on = self.on.as_deref().map(|d| ctx.date("--on", d)).transpose()?;
        let mut store = ctx.store_rw()?;
        let removed = store.write(|tx| {
            let inv = find_invoice(tx, &self.number)?;
            let all = payments(tx, inv.id)?;
            let Some(victim) = all.iter().rev().find(|p| on.is_none_or(|d| p.paid_on == d)).copied() else {
                let what = on.map_or(String::new(), |d| format!(" on {d}"));
                return Err(UserError::new(format!("invoice {} has no payment{what}", inv.number))
                    .with_hint(format!("`expect invoices --client {}` shows what is paid", inv.client))
                    .into());
            };
            delete_payment(tx, victim.id)?;
            let rest: Vec<Payment> =
                all.iter().filter(|p| p.id != victim.id).map(PaymentRow::payment).collect();
            let rules = invoice_rules(tx, &inv)?;
            let after = final_standing(&inv, &rules, &rest).map_err(|_| {
                UserError::new(format!("removing that payment would leave invoice {} overpaid", inv.number))
            })?;
            store_settled(tx, &inv, &after)?;
            Ok(Removed {
                id: victim.id,
                invoice: inv.number,
                currency: inv.currency.clone(),
                amount: victim.amount,
                paid_on: victim.paid_on,
                outstanding: after.outstanding,
            })
        })?;
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
