//! `expect pay`: a payment on an invoice (default: the principal balance,
//! today). It pays the principal first, then the late fee, then the
//! interest; more than all three together is refused. Also the shared
//! helpers of `pay` and `unpay`: finding an invoice and keeping its
//! `settled_on` right.

use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use crate::context::Ctx;
use crate::error::UserError;
use crate::money::{payment_rules_on, standing, Invoice, Payment, PaymentRules, Standing};
use crate::store::invoices::{
    insert_payment, invoice_by_number, payment_versions, payments, set_settled, InvoiceRow, PaymentRow,
};
use crate::store::{Db, Tx};
use crate::values::Money;

use super::add_invoice::positive_amount;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The invoice number, e.g. INV-0001
    pub number: String,
    /// The amount paid [default: the principal balance]
    pub amount: Option<String>,
    /// The day it was paid [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub on: Option<String>,
}

/// The invoice `number`, or an "unknown invoice" error.
pub fn find_invoice(db: &impl Db, number: &str) -> anyhow::Result<InvoiceRow> {
    invoice_by_number(db, number)?.ok_or_else(|| UserError::unknown("invoice", number, "invoices").into())
}

/// The payment rules an invoice is held to.
pub fn invoice_rules(db: &impl Db, inv: &InvoiceRow) -> anyhow::Result<PaymentRules> {
    let versions = payment_versions(db, &[inv.client_id])?;
    Ok(versions.get(&inv.client_id).map_or(PaymentRules::NONE, |v| payment_rules_on(v, inv.issued)))
}

/// The standing of an invoice with every payment in `pays` applied.
pub fn final_standing(
    inv: &InvoiceRow,
    rules: &PaymentRules,
    pays: &[Payment],
) -> Result<Standing, crate::money::Overpaid> {
    let last = pays.iter().map(|p| p.on).max().unwrap_or(inv.issued).max(inv.issued);
    standing(&Invoice::new(inv.amount, &inv.currency, inv.due, rules), pays, last)
}

/// Recomputes and stores the day the principal was paid in full.
pub fn store_settled(tx: &Tx<'_>, inv: &InvoiceRow, s: &Standing) -> anyhow::Result<()> {
    if s.settled_on != inv.settled_on {
        set_settled(tx, inv.id, s.settled_on)?;
    }
    Ok(())
}

#[derive(Debug, Serialize)]
struct PaymentOut {
    id: i64,
    invoice: String,
    client: String,
    currency: String,
    #[serde(serialize_with = "crate::output::money")]
    amount: Money,
    paid_on: NaiveDate,
    #[serde(serialize_with = "crate::output::money")]
    paid: Money,
    #[serde(serialize_with = "crate::output::money")]
    outstanding: Money,
    #[serde(serialize_with = "crate::output::money")]
    late_fee_owed: Money,
    #[serde(serialize_with = "crate::output::money")]
    interest_owed: Money,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let given = self.amount.as_deref().map(|a| positive_amount("AMOUNT", a)).transpose()?;
        let on = match &self.on {
            Some(d) => ctx.past_date("--on", d)?,
            None => ctx.today(),
        };
        let mut store = ctx.store_rw()?;
        let paid = store.write(|tx| {
            let inv = find_invoice(tx, &self.number)?;
            if inv.voided {
                return Err(UserError::new(format!("invoice {} is void", inv.number))
                    .with_hint("a void invoice takes no payments")
                    .into());
            }
            if on < inv.issued {
                return Err(UserError::new(format!(
                    "--on {}: the payment is dated before invoice {} was issued ({}), e.g. --on {}",
                    on, inv.number, inv.issued, inv.issued
                ))
                .into());
            }
            let rules = invoice_rules(tx, &inv)?;
            let mut pays: Vec<Payment> = payments(tx, inv.id)?.iter().map(PaymentRow::payment).collect();
            let before = final_standing(&inv, &rules, &pays)
                .map_err(|_| anyhow::anyhow!("the payments of invoice {} exceed what it owed", inv.number))?;
            let amount = match given {
                Some(a) => a,
                None if before.outstanding > Money::ZERO => before.outstanding,
                None => {
                    let owed = before.total_due();
                    let hint = if owed > Money::ZERO {
                        format!("give an AMOUNT to pay the late fee and interest still owed ({owed})")
                    } else {
                        "`expect unpay` removes a payment entered by mistake".to_string()
                    };
                    return Err(UserError::new(format!("invoice {} is already paid", inv.number))
                        .with_hint(hint)
                        .into());
                }
            };
            pays.push(Payment { on, amount });
            let after = final_standing(&inv, &rules, &pays).map_err(|_| {
                // What could be paid on that day: the principal left then, and
                // the fee and interest it leaves owed.
                let mut upto: Vec<Payment> =
                    pays[..pays.len() - 1].iter().copied().filter(|p| p.on <= on).collect();
                let left = standing(&Invoice::new(inv.amount, &inv.currency, inv.due, &rules), &upto, on)
                    .map(|s| s.outstanding)
                    .unwrap_or_default();
                upto.push(Payment { on, amount: left });
                let most = standing(&Invoice::new(inv.amount, &inv.currency, inv.due, &rules), &upto, on)
                    .map_or(left.0, |s| {
                        left.0.saturating_add(s.fee_owed().0).saturating_add(s.interest_owed().0)
                    });
                UserError::new(format!(
                    "AMOUNT {:?}: more than invoice {} owes if paid on {on} (at most {})",
                    self.amount.as_deref().unwrap_or_default(),
                    inv.number,
                    Money(most).grouped()
                ))
                .with_hint(format!(
                    "principal, late fee and interest together; paying the principal on {on} stops that \
                     day's interest. e.g. expect pay {} {} --on {on}",
                    inv.number,
                    Money(most)
                ))
            })?;
            let id = insert_payment(tx, inv.id, amount, on, ctx.now_ts())?;
            store_settled(tx, &inv, &after)?;
            // What is owed now, which for a payment dated back includes the
            // interest accrued since.
            let last = pays.iter().map(|p| p.on).max().unwrap_or(on);
            let after = standing(
                &Invoice::new(inv.amount, &inv.currency, inv.due, &rules),
                &pays,
                ctx.today().max(last),
            )
            .unwrap_or(after);
            Ok(PaymentOut {
                id,
                invoice: inv.number,
                client: inv.client,
                currency: inv.currency,
                amount,
                paid_on: on,
                paid: after.paid,
                outstanding: after.outstanding,
                late_fee_owed: after.fee_owed(),
                interest_owed: after.interest_owed(),
            })
        })?;
        ctx.out.record(&paid, || {
            format!(
                "recorded payment {} of {} {} on {} ({}); outstanding {} {}{}",
                paid.id,
                paid.currency,
                paid.amount.grouped(),
                paid.invoice,
                paid.paid_on,
                paid.currency,
                paid.outstanding.grouped(),
                match Money(paid.late_fee_owed.0.saturating_add(paid.interest_owed.0)) {
                    Money(0) => String::new(),
                    owed =>
                        format!("; late fee and interest still owed {} {}", paid.currency, owed.grouped()),
                }
            )
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
