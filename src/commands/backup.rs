//! `expect backup FILE`: a consistent copy of the book, safe while other
//! commands run (the store's `backup_to`): a new SQLite file
//! (an existing one is refused), readable only by its owner; of a server
//! book, a file book with the same content.

use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use crate::context::Ctx;
use crate::error::UserError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The copy to write (must not exist yet)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Serialize)]
struct Done {
    backup: String,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        if self.file.exists() {
            return Err(UserError::new(format!("{} already exists", self.file.display()))
                .with_hint("choose a new file name; a backup never overwrites anything")
                .into());
        }
        let store = ctx.store()?;
        // The store removes what it made when it fails, and nothing else: a
        // file another process made meanwhile is refused, not removed.
        store
            .backup_to(&self.file)
            .map_err(|e| anyhow::Error::from(e).context(format!("backing up to {}", self.file.display())))?;
        let shown = self.file.display().to_string();
        ctx.out.record(&Done { backup: shown.clone() }, || format!("backed up to {shown}"))?;
        Ok(ExitCode::SUCCESS)
    }
}
