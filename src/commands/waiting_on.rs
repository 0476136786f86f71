//! `expect waiting-on CLIENT WHAT --due DATE`: something the client owes you
//! (content, feedback, approval), due by the end of DATE.

use std::process::ExitCode;

use crate::book::work;
use crate::context::Ctx;

use super::shared::text;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub client: String,
    /// What they owe you, e.g. "homepage copy"
    pub what: String,
    /// The last day it is due, covering that whole day (e.g. friday, dec 4)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub due: String,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let what = text("WHAT", &self.what)?;
        let due = ctx.date("--due", &self.due)?;
        let env = ctx.env();
        let view = ctx.store()?.write(|tx| work::waiting_on(tx, &env, &self.client, &what, due))?;
        ctx.out.record(&view, || {
            format!("added waiting item {} ({} owes {}, due {})", view.id, view.client, view.what, view.due)
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
