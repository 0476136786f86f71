//! `expect ingest [PATH...] [--dry-run] [--since TIME]`: reads mail (a
//! Maildir, an mbox, message files or folders of them, `-` for one message
//! on stdin; without PATH the config's `[mail] sources`) and records what
//! clients wrote and what you answered, through [`mail::ingest`] in one
//! transaction (rolled back with `--dry-run`). One row per message that
//! recorded something on stdout; warnings and the summary on stderr, with a
//! progress bar on a terminal while more than 1,000 files are read.

use std::io::{self, IsTerminal as _, Read as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::book::mail::{self, IngestOptions, IngestRow, Step, Summary};
use crate::book::BookError;
use crate::context::Ctx;
use crate::error::UserError;
use crate::mail::{Mails, SourceError};

#[derive(Debug, clap::Args)]
#[command(after_help = "Prints one row per message that recorded something (logged, follow-up, replied); \
    warnings and a summary go to stderr (the summary not with -q). Mail already read is skipped, so it may \
    run from cron over the same folders.")]
pub struct Args {
    /// Maildirs, mboxes, message files or folders of them; - reads one
    /// message on stdin [default: the config's [mail] sources]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Show what would be recorded, and record nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Read client mail from TIME on (e.g. jan 1, -30d), also mail from before the client was added
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub since: Option<String>,
}

/// More files than this, and a terminal, show a progress bar.
const BAR_AFTER: u64 = 1000;

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let since = self.since.as_deref().map(|s| ctx.time("--since", s)).transpose()?;
        let paths = if self.paths.is_empty() { ctx.config.mail.sources.clone() } else { self.paths };
        if paths.is_empty() {
            return Err(UserError::new("nothing to read: no PATH given and no [mail] sources configured")
                .with_hint(format!(
                    "name a Maildir, an mbox or a message file (- for stdin), or set [mail] sources in {}",
                    ctx.config.path.display()
                ))
                .into());
        }
        // Standard input is read once: a run done again reads the same mail.
        let stdin = if paths.iter().any(|p| p.as_os_str() == "-") {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| unreadable("-", &format!("cannot be read: {e}")))?;
            bytes
        } else {
            Vec::new()
        };
        let open_all = || paths.iter().map(|p| open(p, &stdin)).collect::<Result<Vec<Mails>, UserError>>();
        let sources = open_all()?;
        let files: usize = sources.iter().map(Mails::files_left).sum();
        let mut bar = Bar::new(files as u64);
        let env = ctx.env();
        let options = IngestOptions { since };
        let mut store = ctx.store()?;
        let mut step = |s: Step| bar.step(s);
        let outcome = if self.dry_run {
            store.rehearse(|tx| mail::ingest(tx, &env, sources, &options, &mut step))
        } else {
            // A shared book may run the transaction again (another writer
            // changed the same records): the sources are then read afresh.
            let mut first = Some(sources);
            store.write(|tx| {
                let sources = match first.take() {
                    Some(s) => s,
                    None => open_all().map_err(|e| BookError::Inconsistent(e.to_string()))?,
                };
                mail::ingest(tx, &env, sources, &options, &mut step)
            })
        };
        bar.done();
        let report = outcome.map_err(|e| match e {
            BookError::NotAMessage { origin, why } => anyhow::Error::from(
                UserError::new(format!("PATH {origin:?}: {why}"))
                    .with_hint("name a Maildir, an mbox, a folder of message files or one message file"),
            ),
            other => other.into(),
        })?;
        for w in &report.warnings {
            eprintln!("expect: warning: {w}");
        }
        ctx.out.with_keys(IngestRow::KEYS).list(
            &report.rows,
            &["file", "message id", "action", "id", "client", "subject"],
            |r| {
                vec![
                    r.file.clone().into(),
                    r.message_id.clone().into(),
                    r.action.as_str().into(),
                    r.id.to_string().into(),
                    r.client.clone().into(),
                    r.subject.clone().into(),
                ]
            },
        )?;
        if !ctx.out.quiet {
            let too_early =
                if since.is_some() { "dated before --since" } else { "dated before their client was added" };
            eprintln!("{}", Summary { counts: &report.counts, too_early });
            if self.dry_run {
                eprintln!("dry run: nothing was recorded");
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// The messages of one PATH (`-`: stdin); a PATH that does not exist or
/// cannot be read is bad input.
/// The messages of `path`; `-` is `stdin`, read before.
fn open(path: &Path, stdin: &[u8]) -> Result<Mails, UserError> {
    let opened =
        if path.as_os_str() == "-" { crate::mail::open_reader(stdin) } else { crate::mail::open(path) };
    opened.map_err(|e| {
        let why = match e {
            SourceError::NotFound(_) => "no such file or folder".to_string(),
            SourceError::Read { source, .. } => format!("cannot be read: {source}"),
        };
        unreadable(&path.display().to_string(), &why)
    })
}

fn unreadable(shown: &str, why: &str) -> UserError {
    UserError::new(format!("PATH {shown:?}: {why}")).with_hint(
        "name a Maildir (a folder with cur/ and new/), an mbox, a message file or a folder of them",
    )
}

/// The progress bar: on stderr, only on a terminal and once more than
/// [`BAR_AFTER`] files are to be read (or messages were read from an mbox).
struct Bar {
    line: ProgressBar,
    terminal: bool,
    shown: bool,
}

impl Bar {
    fn new(files: u64) -> Bar {
        let bar = ProgressBar::with_draw_target(Some(files), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{msg:9} [{bar:40}] {pos}/{len}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("reading");
        let mut b = Bar { line: bar, terminal: io::stderr().is_terminal(), shown: false };
        b.show_if(files);
        b
    }

    fn show_if(&mut self, n: u64) {
        if self.terminal && !self.shown && n > BAR_AFTER {
            self.line.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
    }

    fn step(&mut self, s: Step) {
        match s {
            Step::Read(n) => {
                self.show_if(n);
                if n > self.line.length().unwrap_or(0) {
                    self.line.set_length(n);
                }
                self.line.set_position(n);
            }
            Step::Recorded { done, of } => {
                if done == 1 {
                    self.line.set_message("recording");
                    self.line.set_length(of);
                }
                self.line.set_position(done);
            }
        }
    }

    fn done(&self) {
        self.line.finish_and_clear();
    }
}
