//! `expect remind`: for each overdue invoice, the reminder of the highest
//! step of the ladder it has reached, unless that step or a higher one was
//! already sent ([`reminders::due`]); the text is ready to paste into an
//! e-mail. Each reminder printed is recorded as sent (not with
//! `--dry-run`), so running it again, from cron too, prints nothing new.
//! `--out DIR` writes one file per reminder, `<NUM>-<tone>.txt`. Exit 1
//! when a reminder was due.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::book::reminders::{self, Due};
use crate::context::Ctx;
use crate::error::UserError;
use crate::output::Format;

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

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let env = ctx.env();
        let mut store = if self.dry_run { ctx.store()? } else { ctx.store_rw()? };
        let mut due = match reminders::due(&store.read(), &env, self.number.as_deref())? {
            Due::NotOverdue(number) => {
                eprintln!("expect: invoice {number} is not overdue");
                return Ok(ExitCode::SUCCESS);
            }
            Due::Send(list) => list,
        };
        let keys = reminders::ReminderDue::KEYS;
        if due.is_empty() {
            if ctx.out.format != Format::Table {
                ctx.out.with_keys(keys).list(&due, &[], |_| Vec::new())?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        let mut files = crate::files::Batch::new();
        if let Some(dir) = &self.out {
            if !dir.is_dir() {
                return Err(UserError::new(format!("--out {}: not a folder", dir.display()))
                    .with_hint("create it first, e.g. mkdir -p reminders")
                    .into());
            }
            for r in &mut due {
                // One file per invoice, inside DIR whatever its number holds.
                let path = dir.join(format!("{}-{}.txt", crate::files::safe_name(&r.invoice), r.tone));
                if !self.dry_run {
                    files.write(&path, r.text.as_bytes())?;
                }
                r.file = Some(path.display().to_string());
            }
        }
        if !self.dry_run {
            store.write(|tx| reminders::record_reminders(tx, &env, &due))?;
        }
        // Recorded: the files stay (a failure before this removes them).
        files.keep();
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
            _ => ctx.out.with_keys(keys).list(&due, &[], |_| Vec::new())?,
        }
        Ok(ExitCode::from(1))
    }
}
