//! `expect projects`: every project's phases, in order, with what each is
//! worth, when it started, and whether it is invoiced and paid (as of now).

use std::process::ExitCode;

use crate::book::projects;
use crate::context::Ctx;
use crate::output::{Cell, Style};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client's projects
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let rows = projects::projects(&ctx.store()?.read(), &ctx.env(), self.client.as_deref())?;
        ctx.out.with_keys(projects::PhaseLine::KEYS).list(
            &rows,
            &["client", "project", "#", "phase", "amount", "started", "paid"],
            |r| {
                vec![
                    r.client.clone().into(),
                    r.project.clone().into(),
                    r.position.to_string().into(),
                    r.phase.clone().into(),
                    r.amount.text(ctx.config.numbers).into(),
                    r.started.map(|d| d.to_string()).unwrap_or_default().into(),
                    match (r.invoiced, r.paid) {
                        (_, true) => Cell::styled("paid", Style::Good),
                        (true, false) => Cell::styled("invoiced", Style::Warn),
                        (false, false) => Cell::styled("not invoiced", Style::Dim),
                    },
                ]
            },
        )?;
        Ok(ExitCode::SUCCESS)
    }
}
