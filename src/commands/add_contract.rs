//! `expect add-contract`: records a signed agreement and the topics of the
//! rules it covers (default: all). `--file` must name an existing file and
//! is stored as an absolute path.

use std::process::ExitCode;

use super::shared::amount;
use crate::book::contracts::{self, NewContract};
use crate::context::Ctx;
use crate::error::{parse_flag, UserError};
use crate::flags::contract::{parse_topics, Topic};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub client: String,
    /// When it was signed (e.g. yesterday, nov 2)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub signed: String,
    /// hourly, fixed or retainer
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// The agreed rate or price
    #[arg(long, value_name = "MONEY", allow_hyphen_values = true)]
    pub rate: Option<String>,
    /// The last day it is in force (e.g. dec 31, +52w) [default: never expires]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub expires: Option<String>,
    /// What it covers: contact, communication, payment, late-fee, interest,
    /// suspension, turnaround, rush, phases [default: all]
    #[arg(long, value_name = "TOPIC,...")]
    pub covers: Option<String>,
    /// The signed document
    #[arg(long, value_name = "PATH")]
    pub file: Option<std::path::PathBuf>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let signed = ctx.date("--signed", &self.signed)?;
        let kind = self
            .kind
            .as_deref()
            .map(|k| parse_flag("--kind", k, crate::values::codes::contract_kind))
            .transpose()?;
        let rate = self.rate.as_deref().map(|r| amount(ctx, "--rate", r)).transpose()?;
        let expires = self.expires.as_deref().map(|d| ctx.date("--expires", d)).transpose()?;
        if let (Some(e), Some(raw)) = (expires, &self.expires) {
            if e < signed {
                return Err(UserError::new(format!(
                    "--expires {raw:?}: the contract would expire ({e}) before it is signed ({signed})"
                ))
                .with_hint(format!("give a date on or after {signed}, e.g. --expires {}", year_after(signed)))
                .into());
            }
        }
        let covers = match &self.covers {
            Some(list) => parse_flag("--covers", list, parse_topics)?,
            None => Topic::ALL.to_vec(),
        };
        let file = self.file.as_deref().map(absolute_file).transpose()?;
        let new = NewContract { signed, kind, rate, expires, covers, file };
        let env = ctx.env();
        let view = ctx.store()?.write(|tx| contracts::add_contract(tx, &env, &self.client, &new))?;
        let line = format!("added contract {}", view.id);
        ctx.out.record(&view, || line)?;
        Ok(ExitCode::SUCCESS)
    }
}

/// The absolute path of an existing file, as text.
fn absolute_file(path: &std::path::Path) -> anyhow::Result<String> {
    let bad = |why: &str| {
        UserError::new(format!("--file {:?}: {why}", path.display().to_string()))
            .with_hint("give the path of the signed document, e.g. --file contracts/acme-2026.pdf")
    };
    let full = std::fs::canonicalize(path).map_err(|_| bad("no such file"))?;
    if !full.is_file() {
        return Err(bad("not a file").into());
    }
    let text = full.to_str().ok_or_else(|| bad("the path is not valid UTF-8"))?;
    // Stored and shown as one line, as import requires.
    crate::values::text::one_line(text).map_err(|e| bad(&e.0))?;
    Ok(text.to_string())
}

fn year_after(d: chrono::NaiveDate) -> chrono::NaiveDate {
    d.checked_add_months(chrono::Months::new(12)).unwrap_or(d)
}
