//! `expect pay NUM [AMOUNT] [--on DATE]`: a payment on an invoice (default:
//! the principal balance, or once that is paid the late fee and interest
//! still owed; today), through [`invoices::pay`]. It pays the principal
//! first, then the late fee, then the interest; more than all three
//! together is refused.

use std::process::ExitCode;

use crate::book::{invoices, BookError};
use crate::context::Ctx;
use crate::error::UserError;
use crate::values::Money;

use super::shared::{amount, on_or_today};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The invoice number, e.g. INV-0001
    pub number: String,
    /// The amount paid, e.g. 1500 or 1,500.50 [default: the principal balance; once that is paid, the late fee and interest still owed]
    #[arg(allow_negative_numbers = true)]
    pub amount: Option<String>,
    /// The day it was paid (e.g. yesterday, last friday) [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub on: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let given = self.amount.as_deref().map(|a| amount(ctx, "AMOUNT", a)).transpose()?;
        let on = on_or_today(ctx, self.on.as_deref())?;
        let env = ctx.env();
        let paid = ctx.store_rw()?.write(|tx| invoices::pay(tx, &env, &self.number, given.as_ref(), on)).map_err(|e| match e {
            BookError::PaidBeforeIssue { invoice, on, issued } => anyhow::Error::from(UserError::new(format!(
                "--on {on}: the payment is dated before invoice {invoice} was issued ({issued}), e.g. --on {issued}"
            ))),
            BookError::Overpaid { invoice, on, most, typed } => anyhow::Error::from(
                UserError::new(format!(
                    "AMOUNT {:?}: more than invoice {invoice} owes if paid on {on} (at most {most})",
                    self.amount.as_deref().unwrap_or_default(),
                ))
                .with_hint(format!(
                    "principal, late fee and interest together; paying the principal on {on} stops that \
                     day's interest. e.g. expect pay {invoice} {typed} --on {on}"
                )),
            ),
            other => other.into(),
        })?;
        let n = ctx.config.numbers;
        ctx.out.record(&paid, || {
            format!(
                "recorded payment {} of {} on {} ({}); outstanding {}{}",
                paid.id,
                paid.amount.text(n),
                paid.invoice,
                paid.paid_on,
                paid.outstanding.text(n),
                if paid.charges_owed.money == Money::ZERO {
                    String::new()
                } else {
                    format!("; late fee and interest still owed {}", paid.charges_owed.text(n))
                }
            )
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
