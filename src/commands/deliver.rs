//! `expect deliver ID [--at TIME]`: you delivered a request (and started it,
//! if no start was recorded).

use std::process::ExitCode;

use crate::book::messages::Mark;
use crate::context::Ctx;

use super::shared::mark;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The message number (see `expect messages`)
    pub id: String,
    /// When you delivered (e.g. 16:00, yesterday 17:30) [default: now]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub at: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        mark(ctx, &self.id, self.at.as_deref(), Mark::Delivered)
    }
}
