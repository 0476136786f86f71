//! `expect import-invoices FILE.csv [--dry-run] [--column KEY=HEADER ...]
//! [--dates dmy] [--numbers STYLE]`: invoices kept in another program,
//! from its CSV export ([`crate::invoice_file`] reads it), recorded in one
//! transaction by [`invoice_import::import_invoices`]; `--dry-run` rehearses
//! it and rolls back. A bad row is refused naming the file, its line and
//! column, and nothing is written.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::book::invoice_import::{self, Imported, Outcome};
use crate::book::BookError;
use crate::context::Ctx;
use crate::error::{parse_flag, UserError};
use crate::invoice_file::{self, BadCell, ColumnError, DateOrder, Key, Options, ReadError};
use crate::values::text::Quoted;
use crate::values::{Numbers, ParseError};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A CSV file with a header row, as invoicing programs export it
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Read and check everything, record nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The header of the column holding KEY (number, client, amount, issued, due, paid, paid_on, currency),
    /// e.g. amount=Sum
    #[arg(long = "column", value_name = "KEY=HEADER")]
    pub columns: Vec<String>,
    /// How dates with slashes are read: mdy (11/30/2026) or dmy (30/11/2026) [default: mdy]
    #[arg(long, value_name = "ORDER")]
    pub dates: Option<String>,
    /// How the file types amounts: "1,234.56", "1.234,56" or "1 234,56" [default: config numbers]
    #[arg(long, value_name = "STYLE")]
    pub numbers: Option<String>,
}

/// `KEY=HEADER`.
fn column(s: &str) -> Result<(Key, String), UserError> {
    parse_flag("--column", s, |v| {
        let (key, header) =
            v.split_once('=').ok_or_else(|| ParseError::new("expected KEY=HEADER, e.g. amount=Sum"))?;
        if header.trim().is_empty() {
            return Err(ParseError::new("expected a header after =, e.g. amount=Sum"));
        }
        Ok((Key::parse(key)?, header.to_string()))
    })
}

/// `"a", "b" or "c"`.
fn either(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|a| Quoted(a).to_string()).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// `"a" and "b"`.
fn quoted_list(names: &[String], sep: &str) -> String {
    names.iter().map(|h| Quoted(h).to_string()).collect::<Vec<_>>().join(sep)
}

impl Args {
    fn options(&self, ctx: &Ctx) -> Result<Options, UserError> {
        Ok(Options {
            columns: self.columns.iter().map(|c| column(c)).collect::<Result<_, _>>()?,
            dates: self
                .dates
                .as_deref()
                .map(|d| parse_flag("--dates", d, DateOrder::parse))
                .transpose()?
                .unwrap_or_default(),
            numbers: match &self.numbers {
                Some(n) => parse_flag("--numbers", n, Numbers::parse)?,
                None => ctx.config.numbers,
            },
        })
    }

    /// `FILE line L, column "C": why`, with the hint that nothing was
    /// imported.
    fn bad_cell(&self, bad: &BadCell) -> anyhow::Error {
        let hint = if bad.day_first {
            "nothing was imported; if the file's dates are day first (30/11/2026), add --dates dmy"
                .to_string()
        } else if let Some(n) = bad.numbers {
            format!(
                "nothing was imported; if the file's amounts are written {0}, add --numbers \"{0}\"",
                n.as_str()
            )
        } else {
            "nothing was imported; fix the file and run again".to_string()
        };
        UserError::new(format!("{} {bad}", self.file.display())).with_hint(hint).into()
    }

    fn bad_columns(&self, e: &ColumnError) -> anyhow::Error {
        let file = self.file.display();
        let error = match e {
            ColumnError::Missing(key) => UserError::new(format!(
                "{file} line 1: no column for {key}: expected a header {}",
                either(key.aliases())
            ))
            .with_hint(format!("name the file's column with --column {key}=HEADER")),
            ColumnError::NotInFile { key, header, headers } => {
                const SHOWN: usize = 20;
                let mut known = quoted_list(&headers[..headers.len().min(SHOWN)], ", ");
                if headers.len() > SHOWN {
                    known.push_str(", …");
                }
                UserError::new(format!(
                    "--column {}: {file} has no column {}",
                    Quoted(&format!("{key}={header}")),
                    Quoted(header)
                ))
                .with_hint(format!("its header row names {known}"))
            }
            ColumnError::Ambiguous { key, headers } => UserError::new(format!(
                "{file} line 1: columns {} could each hold {key}",
                quoted_list(headers, " and ")
            ))
            .with_hint(format!("name one with --column {key}=HEADER")),
        };
        error.into()
    }

    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let options = self.options(ctx)?;
        let bytes = std::fs::read(&self.file).with_context(|| format!("reading {}", self.file.display()))?;
        let sheet = invoice_file::read(&bytes, &options).map_err(|e| match e {
            ReadError::Cell(bad) => self.bad_cell(&bad),
            ReadError::Columns(e) => self.bad_columns(&e),
        })?;
        let env = ctx.env();
        let mut store = ctx.store()?;
        let outcome: Result<Outcome, BookError> = if self.dry_run {
            store.rehearse(|tx| invoice_import::import_invoices(tx, &env, &sheet))
        } else {
            store.write(|tx| invoice_import::import_invoices(tx, &env, &sheet))
        };
        let outcome = outcome.map_err(|e| match e {
            BookError::BadRow(bad) => self.bad_cell(&bad),
            other => other.into(),
        })?;
        if !outcome.skipped.is_empty() {
            let n = outcome.skipped.len();
            eprintln!(
                "expect: skipped {n} invoice{} already recorded: {}",
                if n == 1 { "" } else { "s" },
                outcome.skipped.join(", ")
            );
        }
        if self.dry_run {
            eprintln!("expect: dry run: nothing was recorded");
        }
        let n = ctx.config.numbers;
        ctx.out.with_keys(Imported::KEYS).list(
            &outcome.recorded,
            &["invoice", "client", "issued", "due", "amount", "paid"],
            |r| {
                vec![
                    r.invoice.clone().into(),
                    r.client.clone().into(),
                    r.issued.to_string().into(),
                    r.due.to_string().into(),
                    r.amount.text(n).into(),
                    r.paid.text(n).into(),
                ]
            },
        )?;
        Ok(ExitCode::SUCCESS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_key_equals_header() {
        assert_eq!(column("amount=Sum Total").unwrap(), (Key::Amount, "Sum Total".to_string()));
        assert_eq!(column("paid_on=Bezahlt am").unwrap(), (Key::PaidOn, "Bezahlt am".to_string()));
        assert!(column("amount").unwrap_err().message.contains("expected KEY=HEADER"));
        assert!(column("price=Sum")
            .unwrap_err()
            .message
            .starts_with("--column \"price=Sum\": expected number"));
        assert!(column("amount= ").is_err());
    }
}
