//! `expect remind`: for each overdue invoice, the reminder of the highest
//! step of the ladder it has reached, unless that step or a higher one was
//! already sent ([`reminders::due`]); the text is ready to paste into an
//! e-mail. Each reminder printed is recorded as sent (not with
//! `--dry-run`), so running it again, from cron too, prints nothing new.
//! `--out DIR` writes one text file per reminder (`<NUM>-<tone>.txt`),
//! `--eml DIR` one RFC 5322 message (`<NUM>-<tone>.eml`), `--maildir DIR`
//! a draft in a Maildir folder; a reminder is recorded only once its file
//! is written. `remind NUM` for a step already recorded says when, and
//! when the next one comes; `--again` prints the latest one as recorded.
//! Exit 1 when a reminder was due.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::book::reminders::{self, Due, Recorded, ReminderDue};
use crate::context::Ctx;
use crate::error::UserError;
use crate::files::{safe_name, Batch};
use crate::letters::email::{message, Mailbox};
use crate::output::Format;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this invoice
    pub number: Option<String>,
    /// Print the reminders without recording them as sent
    #[arg(long)]
    pub dry_run: bool,
    /// Print the latest reminder recorded for NUM once more, as recorded (records nothing)
    #[arg(long, requires = "number", conflicts_with_all = ["dry_run", "out", "eml", "maildir"])]
    pub again: bool,
    /// Write one text file per reminder into DIR, named <NUM>-<tone>.txt
    #[arg(long, value_name = "DIR", conflicts_with_all = ["eml", "maildir"])]
    pub out: Option<PathBuf>,
    /// Write one e-mail (RFC 5322) per reminder into DIR, named <NUM>-<tone>.eml
    #[arg(long, value_name = "DIR", conflicts_with = "maildir")]
    pub eml: Option<PathBuf>,
    /// Put each reminder as a draft e-mail into the Maildir folder DIR (DIR/cur)
    #[arg(long, value_name = "DIR")]
    pub maildir: Option<PathBuf>,
}

/// Where reminders go.
enum Sink<'a> {
    Print,
    Text(&'a Path),
    Eml(&'a Path),
    Maildir(&'a Path),
}

fn recorded_note(r: &Recorded) -> String {
    let next = match r.next {
        Some((tone, on)) => format!("the {tone} one is reached on {on}"),
        None => "it was the last step".to_string(),
    };
    format!("expect: the {} reminder of invoice {} was recorded on {}; {next}", r.tone, r.invoice, r.on)
}

/// What is missing to write `r` as an e-mail, in words, if anything.
fn missing_address(r: &ReminderDue) -> Option<String> {
    let mut missing = Vec::new();
    if r.from.email.is_none() {
        let fix = if r.from.role == "member me" {
            "`expect init --email ADDRESS`".to_string()
        } else {
            format!("an e-mail for {}", r.from.role)
        };
        missing.push(format!("the sender ({}) has no e-mail: add {fix}", r.from.role));
    }
    if r.to.email.is_none() {
        let client = &r.client;
        missing.push(format!(
            "{} has no e-mail: add one with `expect add-contact {client} \"Name <address>\" --primary`",
            r.to.role
        ));
    }
    (!missing.is_empty()).then(|| {
        format!("expect: reminder of invoice {} not written or recorded: {}", r.invoice, missing.join("; "))
    })
}

/// A Message-ID at the sender's domain, unique to this reminder.
fn message_id(r: &ReminderDue) -> String {
    let domain =
        r.from.email.as_deref().and_then(|e| e.rsplit_once('@')).map_or("expect.invalid", |(_, d)| d);
    format!("reminder.{}.{}.{}@{domain}", r.invoice_id, r.step, uuid::Uuid::new_v4().simple())
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let env = ctx.env();
        if self.again {
            let number = self.number.as_deref().unwrap_or_default();
            let Some(r) = reminders::latest(&ctx.store()?.read(), &env, number)? else {
                eprintln!("expect: no reminder of invoice {number} is recorded");
                return Ok(ExitCode::SUCCESS);
            };
            match &r.text {
                Some(text) => ctx.out.text(text.trim_end())?,
                None => eprintln!(
                    "expect: the {} reminder of invoice {number} was recorded without its text (by an earlier expect)",
                    r.tone
                ),
            }
            return Ok(ExitCode::SUCCESS);
        }
        let sink = match (&self.out, &self.eml, &self.maildir) {
            (Some(d), _, _) => Sink::Text(d),
            (_, Some(d), _) => Sink::Eml(d),
            (_, _, Some(d)) => Sink::Maildir(d),
            _ => Sink::Print,
        };
        let mut store = if self.dry_run { ctx.store()? } else { ctx.store_rw()? };
        let mut due = match reminders::due(&store.read(), &env, self.number.as_deref())? {
            Due::NotOverdue(number) => {
                eprintln!("expect: invoice {number} is not overdue");
                return Ok(ExitCode::SUCCESS);
            }
            Due::Recorded(r) => {
                eprintln!("{}", recorded_note(&r));
                return Ok(ExitCode::SUCCESS);
            }
            Due::NotYet { invoice, first } => {
                let when = first.map_or_else(
                    || "the reminder ladder has no steps".to_string(),
                    |day| format!("its first reminder is due on {day}"),
                );
                eprintln!("expect: invoice {invoice} is overdue; {when}");
                return Ok(ExitCode::SUCCESS);
            }
            Due::Send(list) => list,
        };
        let keys = ReminderDue::KEYS;
        if due.is_empty() {
            if ctx.out.format != Format::Table {
                ctx.out.with_keys(keys).list(&due, &[], |_| Vec::new())?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        let mut batch = Batch::new();
        if !self.dry_run {
            if let Some(skipped) = write(ctx, &sink, &mut batch, &mut due)? {
                for line in skipped {
                    eprintln!("{line}");
                }
            }
            store.write(|tx| reminders::record_reminders(tx, &env, &due))?;
        }
        batch.keep();
        match ctx.out.format {
            Format::Table => {
                let text = match sink {
                    _ if self.dry_run => {
                        due.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join("\n-----\n\n")
                    }
                    Sink::Print => {
                        due.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join("\n-----\n\n")
                    }
                    _ => due
                        .iter()
                        .map(|r| format!("wrote {}", r.file.as_deref().unwrap_or_default()))
                        .collect::<Vec<_>>()
                        .join("\n"),
                };
                if !text.is_empty() {
                    ctx.out.text(&text)?;
                }
            }
            _ => ctx.out.with_keys(keys).list(&due, &[], |_| Vec::new())?,
        }
        Ok(ExitCode::from(1))
    }
}

/// Writes each reminder where `sink` says; those that cannot be written
/// as e-mail (an address is missing) are dropped from `due` and said.
fn write(
    ctx: &Ctx,
    sink: &Sink<'_>,
    batch: &mut Batch,
    due: &mut Vec<ReminderDue>,
) -> anyhow::Result<Option<Vec<String>>> {
    let folder = |batch: &mut Batch, dir: &Path, flag: &str| {
        batch.folder(dir).map_err(|e| {
            UserError::new(format!("{flag} {}: {e}", dir.display()))
                .with_hint("give a folder, e.g. reminders")
        })
    };
    let mut skipped = Vec::new();
    match sink {
        Sink::Print => return Ok(None),
        Sink::Text(dir) => {
            folder(batch, dir, "--out")?;
            for r in due.iter_mut() {
                let path = dir.join(format!("{}-{}.txt", safe_name(&r.invoice), r.tone));
                batch.write(&path, r.text.as_bytes())?;
                r.file = Some(path.display().to_string());
            }
        }
        Sink::Eml(dir) | Sink::Maildir(dir) => {
            let maildir = matches!(sink, Sink::Maildir(_));
            let flag = if maildir { "--maildir" } else { "--eml" };
            folder(batch, dir, flag)?;
            if maildir {
                for sub in ["cur", "new", "tmp"] {
                    folder(batch, &dir.join(sub), flag)?;
                }
            }
            due.retain(|r| match missing_address(r) {
                Some(why) => {
                    skipped.push(why);
                    false
                }
                None => true,
            });
            for r in due.iter_mut() {
                let id = message_id(r);
                let from = Mailbox {
                    name: r.from.name.as_deref(),
                    email: r.from.email.as_deref().unwrap_or_default(),
                };
                let to =
                    Mailbox { name: r.to.name.as_deref(), email: r.to.email.as_deref().unwrap_or_default() };
                let bytes = message(from, to, &ctx.now, &id, &r.subject, &r.body);
                let name = if maildir {
                    format!("cur/{}.{}.expect:2,D", ctx.now_ts(), uuid::Uuid::new_v4().simple())
                } else {
                    format!("{}-{}.eml", safe_name(&r.invoice), r.tone)
                };
                let path = dir.join(name);
                batch.write(&path, &bytes)?;
                r.file = Some(path.display().to_string());
                r.message_id = Some(id);
            }
        }
    }
    Ok(Some(skipped))
}
