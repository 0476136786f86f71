//! `expect start-phase`: records the day a project phase started. Under
//! phase gating, starting a phase while the previous one is unpaid is
//! recorded and flagged (`unpaid-phase`) until that phase is paid. Also the
//! `unpaid-phase` detector's data for `check`.

use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use crate::context::Ctx;
use crate::error::UserError;
use crate::flags::money::{unpaid_phase, UnpaidPhase};
use crate::flags::Flag;
use crate::money::{payment_rules_on, phase_paid};
use crate::store::invoices::payment_versions;
use crate::store::projects::{phase_named, phase_settlements, phases, set_started, started_phases};
use crate::store::Db;

use super::add_project::find_project;
use super::find_client;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project's name
    pub project: String,
    /// The phase's name
    pub phase: String,
    /// The day it started [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub on: Option<String>,
    /// The client, where two clients have a project of that name
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
}

#[derive(Debug, Serialize)]
struct PhaseStarted {
    id: i64,
    client: String,
    project: String,
    phase: String,
    started_on: NaiveDate,
    /// The previous phase, when it was unpaid under phase gating.
    unpaid_previous: Option<String>,
}

/// Whether phase `previous_id` was unpaid on `on` while gating was on, for a
/// phase of `client_id` started on `on`.
fn gated_and_unpaid(db: &impl Db, client_id: i64, previous_id: i64, on: NaiveDate) -> anyhow::Result<bool> {
    let versions = payment_versions(db, &[client_id])?;
    let gating = versions.get(&client_id).is_some_and(|v| payment_rules_on(v, on).phase_gating);
    Ok(gating && !phase_paid(&phase_settlements(db, previous_id, on)?, on))
}

/// The `unpaid-phase` flags as of the context's date: phases started under
/// gating while the previous phase was unpaid, which is still unpaid.
pub fn flags(db: &impl Db, ctx: &Ctx, client: Option<i64>) -> anyhow::Result<Vec<Flag>> {
    let today = ctx.today();
    // Phases whose previous phase is still unpaid (one indexed lookup each),
    // then the rules of their clients in one query.
    let mut open = Vec::new();
    for s in started_phases(db, client, today)? {
        if !phase_paid(&phase_settlements(db, s.previous_id, today)?, today) {
            open.push(s);
        }
    }
    let mut ids: Vec<i64> = open.iter().map(|s| s.client_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let versions = payment_versions(db, &ids)?;
    let mut items = Vec::new();
    for s in open {
        let gating =
            versions.get(&s.client_id).is_some_and(|v| payment_rules_on(v, s.started_on).phase_gating);
        if !gating || phase_paid(&phase_settlements(db, s.previous_id, s.started_on)?, s.started_on) {
            continue;
        }
        items.push(UnpaidPhase {
            client: s.client,
            project: s.project,
            phase: s.phase,
            previous: s.previous,
            started: ctx.cal.start_of_day(s.started_on),
        });
    }
    Ok(unpaid_phase(&items))
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let on = match &self.on {
            Some(d) => ctx.past_date("--on", d)?,
            None => ctx.today(),
        };
        let mut store = ctx.store_rw()?;
        let started = store.write(|tx| {
            let client = self.client.as_deref().map(|h| find_client(tx, h)).transpose()?;
            let project = find_project(tx, &self.project, client.map(|c| c.id))?;
            let phase = phase_named(tx, project.id, &self.phase)?.ok_or_else(|| {
                UserError::new(format!("project {} has no phase {:?}", project.name, self.phase)).with_hint(
                    format!(
                        "`expect invoices --client {}` and the project's phases name them",
                        project.client
                    ),
                )
            })?;
            if let Some(d) = phase.started_on {
                return Err(UserError::new(format!(
                    "phase {} of {} already started on {d}",
                    phase.name, project.name
                ))
                .into());
            }
            set_started(tx, phase.id, on)?;
            let previous = phases(tx, project.id)?.into_iter().find(|p| p.position == phase.position - 1);
            let unpaid_previous = match previous {
                Some(p) if gated_and_unpaid(tx, project.client_id, p.id, on)? => Some(p.name),
                _ => None,
            };
            Ok(PhaseStarted {
                id: phase.id,
                client: project.client,
                project: project.name,
                phase: phase.name,
                started_on: on,
                unpaid_previous,
            })
        })?;
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
