//! `expect remind`: for each overdue invoice, the reminder of the highest
//! step of the ladder it has reached, unless that step or a higher one was
//! already sent; the text is ready to paste into an e-mail. Each reminder
//! printed is recorded as sent (not with `--dry-run`), so running it again,
//! from cron too, prints nothing new. `--out DIR` writes one file per
//! reminder, `<NUM>-<tone>.txt`. Exit 1 when a reminder was due.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;

use crate::context::Ctx;
use crate::error::UserError;
use crate::money::reminders::{step_due, Letter};
use crate::money::{ReferenceRates, StatutoryRate};
use crate::output::Format;
use crate::store::clients::contacts;
use crate::store::invoices::{highest_reminder, insert_reminder};
use crate::store::members::member_by_id;
use crate::store::Db;
use crate::values::Interest;

use super::find_client;
use super::overdue::{assess, Assessed};
use super::pay::find_invoice;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this invoice
    pub number: Option<String>,
    /// Print the reminders without recording them as sent
    #[arg(long)]
    pub dry_run: bool,
    /// Write one file per reminder into DIR, named <NUM>-<tone>.txt
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// One reminder due.
#[derive(Debug, Serialize)]
struct Reminder {
    #[serde(skip)]
    invoice_id: i64,
    invoice: String,
    client: String,
    step: u32,
    tone: &'static str,
    days_late: i64,
    total_due: String,
    file: Option<String>,
    text: String,
}

fn letter(db: &impl Db, ctx: &Ctx, a: &Assessed) -> anyhow::Result<Letter> {
    let client = find_client(db, &a.invoice.client)?;
    let contact = contacts(db, client.id)?.into_iter().find(|c| c.primary).and_then(|c| c.name);
    let sender = member_by_id(db, client.manager_id)?.name;
    let s = &a.standing;
    Ok(Letter {
        number: a.invoice.number.clone(),
        client_name: client.name,
        contact,
        sender,
        currency: a.invoice.currency.clone(),
        amount: a.invoice.amount,
        paid: s.paid,
        outstanding: s.outstanding,
        issued: a.invoice.issued,
        due: a.invoice.due,
        days_late: s.days_late,
        late_fee: s.fee_owed(),
        interest: s.interest_owed(),
        total_due: s.total_due(),
        as_of: ctx.today(),
        terms: a.invoice.terms.parse().unwrap_or(a.rules.terms),
        grace: a.rules.grace,
        late_fee_rule: a.rules.late_fee,
        interest_rule: a.rules.interest,
        statutory_rate: a
            .rules
            .interest
            .and_then(Interest::statutory)
            .map(|s| StatutoryRate::on(s, ctx.today(), ReferenceRates::builtin())),
        suspend_after: a.rules.suspend_after,
    })
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let mut store = if self.dry_run { ctx.store()? } else { ctx.store_rw()? };
        let mut due = Vec::new();
        {
            let db = store.read();
            let mut list = assess(&db, ctx.today(), None)?;
            if let Some(n) = &self.number {
                let inv = find_invoice(&db, n)?;
                list.retain(|a| a.invoice.id == inv.id);
                if list.is_empty() {
                    eprintln!("expect: invoice {} is not overdue", inv.number);
                    return Ok(ExitCode::SUCCESS);
                }
            }
            for a in &list {
                let sent = highest_reminder(&db, a.invoice.id)?;
                let Some((step, s)) =
                    step_due(&ctx.config.reminders, a.standing.days_late, a.rules.grace, sent)
                else {
                    continue;
                };
                let text = letter(&db, ctx, a)?.text(s.tone);
                due.push(Reminder {
                    invoice_id: a.invoice.id,
                    invoice: a.invoice.number.clone(),
                    client: a.invoice.client.clone(),
                    step,
                    tone: s.tone.as_str(),
                    days_late: a.standing.days_late,
                    total_due: a.standing.total_due().to_string(),
                    file: None,
                    text,
                });
            }
        }
        if due.is_empty() {
            if ctx.out.format == Format::Json {
                ctx.out.text("[]")?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        if let Some(dir) = &self.out {
            if !dir.is_dir() {
                return Err(UserError::new(format!("--out {}: not a folder", dir.display()))
                    .with_hint("create it first, e.g. mkdir -p reminders")
                    .into());
            }
            for r in &mut due {
                // Numbers from an imported file may hold anything: keep the
                // file inside DIR.
                let name: String = r
                    .invoice
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' })
                    .collect();
                let path = dir.join(format!("{}-{}.txt", name.trim_start_matches('.'), r.tone));
                std::fs::write(&path, &r.text).with_context(|| format!("writing {}", path.display()))?;
                r.file = Some(path.display().to_string());
            }
        }
        if !self.dry_run {
            let now = ctx.now_ts();
            store.write(|tx| {
                for r in &due {
                    insert_reminder(tx, r.invoice_id, r.step, r.tone, now)?;
                }
                Ok(())
            })?;
        }
        match ctx.out.format {
            Format::Table => {
                let text = if self.out.is_some() {
                    due.iter()
                        .map(|r| format!("wrote {}", r.file.as_deref().unwrap_or_default()))
                        .collect::<Vec<_>>()
                        .join("\n")
                } else {
                    due.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join("\n-----\n\n")
                };
                ctx.out.text(&text)?;
            }
            _ => ctx.out.list(&due, &[], |_| Vec::new())?,
        }
        Ok(ExitCode::from(1))
    }
}
