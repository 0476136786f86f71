//! `expect add-invoice`: a new invoice. Its number defaults to the next of
//! `INV-0001`, `INV-0002`, ...; its due date is computed from the terms in
//! force on the issue date (or `--terms`) and stored.

use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use crate::context::Ctx;
use crate::error::{parse_flag, UserError};
use crate::rules::rules_on;
use crate::store::invoices::{insert_invoice, invoice_by_number, next_number, NewInvoice};
use crate::store::projects::phase_named;
use crate::store::rules::versions;
use crate::values::{Money, Terms};

use super::add_project::find_project;
use super::find_client;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub client: String,
    /// The amount, e.g. 1500 or 1,500.50
    pub amount: String,
    /// The invoice number [default: the next INV-0001, INV-0002, ...]
    #[arg(long, value_name = "NUM")]
    pub number: Option<String>,
    /// The issue date [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub issued: Option<String>,
    /// Payment terms for this invoice [default: the client's terms on the issue date]
    #[arg(long, value_name = "TERMS")]
    pub terms: Option<String>,
    /// The project the invoice belongs to (with --phase)
    #[arg(long, value_name = "NAME", requires = "phase")]
    pub project: Option<String>,
    /// The project phase the invoice is for (with --project)
    #[arg(long, value_name = "NAME", requires = "project")]
    pub phase: Option<String>,
}

#[derive(Debug, Serialize)]
struct Added {
    id: i64,
    invoice: String,
    client: String,
    currency: String,
    #[serde(serialize_with = "crate::output::money")]
    amount: Money,
    issued: NaiveDate,
    due: NaiveDate,
    terms: String,
    project: Option<String>,
    phase: Option<String>,
}

/// Parses a positive MONEY given as `what`.
pub fn positive_amount(what: &str, s: &str) -> Result<Money, UserError> {
    let m = parse_flag(what, s, str::parse::<Money>)?;
    if m == Money::ZERO {
        return Err(UserError::new(format!("{what} {s:?}: expected an amount above zero, e.g. 1500")));
    }
    Ok(m)
}

/// An invoice number: any printable text without spaces (`INV-0042`,
/// `2026/7`), at most 64 characters.
fn invoice_number(s: &str) -> Result<String, UserError> {
    let t = s.trim();
    if t.is_empty() || t.len() > 64 || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(UserError::new(format!(
            "--number {s:?}: expected an invoice number without spaces, e.g. INV-0042"
        )));
    }
    Ok(t.to_string())
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let amount = positive_amount("AMOUNT", &self.amount)?;
        let issued = match &self.issued {
            Some(d) => ctx.date("--issued", d)?,
            None => ctx.today(),
        };
        let terms =
            self.terms.as_deref().map(|t| parse_flag("--terms", t, str::parse::<Terms>)).transpose()?;
        let number = self.number.as_deref().map(invoice_number).transpose()?;
        let mut store = ctx.store_rw()?;
        let added = store.write(|tx| {
            let client = find_client(tx, &self.client)?;
            if client.archived {
                return Err(UserError::new(format!("client {} is archived", client.handle))
                    .with_hint(format!("`expect unarchive-client {}` brings it back", client.handle))
                    .into());
            }
            let number = match &number {
                Some(n) => {
                    if invoice_by_number(tx, n)?.is_some() {
                        return Err(UserError::new(format!("invoice {n} already exists"))
                            .with_hint("leave out --number to get the next free number")
                            .into());
                    }
                    n.clone()
                }
                None => next_number(tx)?,
            };
            let phase = match (&self.project, &self.phase) {
                (Some(p), Some(ph)) => {
                    let project = find_project(tx, p, Some(client.id))?;
                    let phase = phase_named(tx, project.id, ph)?.ok_or_else(|| {
                        UserError::new(format!("project {p} has no phase {ph:?}"))
                            .with_hint("phases are named by `expect add-project ... --phase NAME=AMOUNT`")
                    })?;
                    Some((project.name, phase))
                }
                _ => None,
            };
            let terms = match terms {
                Some(t) => t,
                None => rules_on(&versions(tx, client.id)?, issued).terms,
            };
            let due = terms.due_date(issued);
            let terms_text = terms.to_string();
            let id = insert_invoice(
                tx,
                &NewInvoice {
                    client_id: client.id,
                    number: &number,
                    amount,
                    issued,
                    due,
                    terms: &terms_text,
                    phase_id: phase.as_ref().map(|(_, ph)| ph.id),
                    created_at: ctx.now_ts(),
                },
            )?;
            Ok(Added {
                id,
                invoice: number,
                client: client.handle,
                currency: client.currency,
                amount,
                issued,
                due,
                terms: terms_text,
                project: phase.as_ref().map(|(p, _)| p.clone()),
                phase: phase.map(|(_, ph)| ph.name),
            })
        })?;
        ctx.out.record(&added, || {
            format!(
                "added invoice {} ({}, {} {} due {})",
                added.invoice,
                added.client,
                added.currency,
                added.amount.grouped(),
                added.due
            )
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
