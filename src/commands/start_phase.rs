//! `expect start-phase`: records the day a project phase started. Under
//! phase gating, starting a phase while the previous one is unpaid is
//! recorded and flagged (`unpaid-phase`) until that phase is paid.

use std::process::ExitCode;

use crate::book::projects;
use crate::context::Ctx;

use super::shared::on_or_today;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project's name
    pub project: String,
    /// The phase's name
    pub phase: String,
    /// The day it started (e.g. yesterday, last monday) [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub on: Option<String>,
    /// The client, where two clients have a project of that name
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let on = on_or_today(ctx, self.on.as_deref())?;
        let started = ctx
            .store_rw()?
            .write(|tx| projects::start_phase(tx, &self.project, &self.phase, self.client.as_deref(), on))?;
        if let Some(prev) = started.unpaid_previous.as_ref().filter(|_| !ctx.out.quiet) {
            eprintln!(
                "expect: warning: phase {prev} of {} is not paid yet: flagged unpaid-phase until it is",
                started.project
            );
        }
        ctx.out.record(&started, || {
            format!("started phase {} of {} on {}", started.phase, started.project, started.started_on)
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
