//! `expect add-invoice`: a new invoice ([`invoices::add_invoice`]). Its
//! number defaults to the next of `INV-0001`, `INV-0002`, ...; its due date
//! is `--due`, or computed from the terms in force on the issue date (or
//! `--terms`), and stored; the terms are recorded either way.

use std::process::ExitCode;

use crate::book::invoices::{self, NewInvoice};
use crate::book::BookError;
use crate::context::Ctx;
use crate::error::{parse_flag, UserError};
use crate::values::Terms;

use super::shared::amount;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub client: String,
    /// The amount in the client's currency, e.g. 1500, 1,500.50 or $1,500.50 (typed as config `numbers` says)
    #[arg(allow_negative_numbers = true)]
    pub amount: String,
    /// The invoice number [default: the next INV-0001, INV-0002, ...]
    #[arg(long, value_name = "NUM")]
    pub number: Option<String>,
    /// The issue date (e.g. yesterday, nov 30) [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub issued: Option<String>,
    /// Payment terms for this invoice [default: the client's terms on the issue date]
    #[arg(long, value_name = "TERMS")]
    pub terms: Option<String>,
    /// The due date, not before the issue date (e.g. dec 31, next friday) [default: from the terms]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub due: Option<String>,
    /// The project the invoice belongs to (with --phase)
    #[arg(long, value_name = "NAME", requires = "phase")]
    pub project: Option<String>,
    /// The project phase the invoice is for (with --project)
    #[arg(long, value_name = "NAME", requires = "project")]
    pub phase: Option<String>,
}

/// An invoice number (SPEC 6): up to 40 letters, digits and `-_./#`, e.g.
/// `INV-0042` or `2026/7`.
fn invoice_number(s: &str) -> Result<String, UserError> {
    parse_flag("--number", s, crate::values::codes::invoice_number)
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let new = NewInvoice {
            client: self.client.clone(),
            amount: amount(ctx, "AMOUNT", &self.amount)?,
            number: self.number.as_deref().map(invoice_number).transpose()?,
            issued: match &self.issued {
                Some(d) => ctx.date("--issued", d)?,
                None => ctx.today(),
            },
            terms: self
                .terms
                .as_deref()
                .map(|t| parse_flag("--terms", t, str::parse::<Terms>))
                .transpose()?,
            due: self.due.as_deref().map(|d| ctx.date("--due", d)).transpose()?,
            phase: self.project.clone().zip(self.phase.clone()),
        };
        let env = ctx.env();
        let added =
            ctx.store_rw()?.write(|tx| invoices::add_invoice(tx, &env, &new)).map_err(|e| match e {
                BookError::DueBeforeIssue { due, issued } => anyhow::Error::from(UserError::new(format!(
                    "--due {:?}: {due} is before the issue date ({issued}), e.g. --due {issued}",
                    self.due.as_deref().unwrap_or_default()
                ))),
                other => other.into(),
            })?;
        ctx.out.record(&added, || {
            format!(
                "added invoice {} ({}, {} due {})",
                added.invoice,
                added.client,
                added.amount.text(ctx.config.numbers),
                added.due
            )
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
