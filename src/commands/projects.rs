//! `expect projects`: every project's phases, in order, with what each is
//! worth, when it started, and whether it is invoiced and paid (as of now).

use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use crate::context::Ctx;
use crate::money::phase_paid;
use crate::output::{Cell, Style};
use crate::store::projects::{all_projects, phase_settlements, phases};
use crate::values::Money;

use super::find_client;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client's projects
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
}

/// One phase of a project.
#[derive(Debug, Serialize)]
struct Row {
    client: String,
    project: String,
    phase: String,
    position: i64,
    #[serde(serialize_with = "crate::output::money")]
    amount: Money,
    started: Option<NaiveDate>,
    invoiced: bool,
    paid: bool,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let store = ctx.store()?;
        let db = store.read();
        let client = self.client.as_deref().map(|h| find_client(&db, h)).transpose()?;
        let today = ctx.today();
        let mut rows = Vec::new();
        for project in all_projects(&db, client.map(|c| c.id))? {
            for phase in phases(&db, project.id)? {
                let settled = phase_settlements(&db, phase.id, today)?;
                rows.push(Row {
                    client: project.client.clone(),
                    project: project.name.clone(),
                    phase: phase.name,
                    position: phase.position,
                    amount: phase.amount,
                    started: phase.started_on.filter(|d| *d <= today),
                    invoiced: !settled.is_empty(),
                    paid: phase_paid(&settled, today),
                });
            }
        }
        ctx.out.list(&rows, &["client", "project", "#", "phase", "amount", "started", "paid"], |r| {
            vec![
                r.client.clone().into(),
                r.project.clone().into(),
                r.position.to_string().into(),
                r.phase.clone().into(),
                r.amount.grouped().into(),
                r.started.map(|d| d.to_string()).unwrap_or_default().into(),
                match (r.invoiced, r.paid) {
                    (_, true) => Cell::styled("paid", Style::Good),
                    (true, false) => Cell::styled("invoiced", Style::Warn),
                    (false, false) => Cell::styled("not invoiced", Style::Dim),
                },
            ]
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
