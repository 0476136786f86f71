//! Projects and their ordered phases (milestone payments): adding a project,
//! starting a phase (under phase gating, starting one while the previous is
//! unpaid is recorded and flagged `unpaid-phase` until it is paid), the
//! `projects` list, and the `unpaid-phase` flags of `check`.

use chrono::NaiveDate;
use serde::Serialize;

use super::clients::find_client;
use super::error::Kind;
use super::{BookError, Env, Result};
use crate::flags::money::{unpaid_phase, UnpaidPhase};
use crate::flags::Flag;
use crate::money::{payment_rules_on, phase_paid};
use crate::store::projects::{self as store_projects, ProjectRow};
use crate::store::records::PhaseRecord;
use crate::store::rules::payment_versions_of;
use crate::store::{Db, Tx};
use crate::values::{Amount, Decimal, MoneyInput};

/// The project `name` (of `client` when given); an error when unknown, or
/// when several clients have a project of that name and none was named.
pub fn find_project(db: &impl Db, name: &str, client: Option<i64>) -> Result<ProjectRow> {
    let mut found = store_projects::projects_named(db, name, client)?;
    match found.len() {
        0 => Err(BookError::unknown(Kind::Project, name)),
        1 => Ok(found.remove(0)),
        _ => Err(BookError::AmbiguousProject {
            name: name.to_string(),
            owners: found.into_iter().map(|p| p.client).collect(),
        }),
    }
}

/// A phase as added.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseOut {
    pub position: i64,
    pub name: String,
    pub amount: Amount,
}

/// A project as added.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectAdded {
    pub id: i64,
    pub client: String,
    pub project: String,
    pub phases: Vec<PhaseOut>,
}

/// Records a project of `client` and its phases, in order.
pub fn add_project(
    tx: &Tx<'_>,
    client: &str,
    name: &str,
    phases: &[(String, MoneyInput)],
) -> Result<ProjectAdded> {
    let client = find_client(tx, client)?;
    if !store_projects::projects_named(tx, name, Some(client.id))?.is_empty() {
        return Err(BookError::ProjectExists { client: client.handle.clone(), name: name.to_string() });
    }
    let id = store_projects::insert_project(tx, client.id, name)?;
    let mut out = Vec::new();
    for (i, (pname, typed)) in phases.iter().enumerate() {
        let position = i as i64 + 1;
        let amount = super::invoices::amount_in(typed, client.currency)?;
        let phase = PhaseRecord {
            id: 0,
            project_id: id,
            position,
            name: pname.clone(),
            amount: Decimal::of(amount, client.currency),
            started_on: None,
        };
        store_projects::insert_phase(tx, &phase)?;
        out.push(PhaseOut { position, name: pname.clone(), amount: client.currency.amount(amount) });
    }
    Ok(ProjectAdded { id, client: client.handle.clone(), project: name.to_string(), phases: out })
}

/// A phase as started.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseStarted {
    pub id: i64,
    pub client: String,
    pub project: String,
    pub phase: String,
    pub started_on: NaiveDate,
    /// The previous phase, when it was unpaid under phase gating.
    pub unpaid_previous: Option<String>,
}

/// Whether phase `previous_id` was unpaid on `on` while gating was on, for a
/// phase of `client_id` started on `on`.
fn gated_and_unpaid(db: &impl Db, client_id: i64, previous_id: i64, on: NaiveDate) -> Result<bool> {
    let versions = payment_versions_of(db, &[client_id])?;
    let gating = versions.get(&client_id).is_some_and(|v| payment_rules_on(v, on).phase_gating);
    Ok(gating && !phase_paid(&store_projects::phase_settlements(db, previous_id, on)?, on))
}

/// Records that `phase` of `project` (of `client`, where two clients have
/// a project of that name) started on `on`.
pub fn start_phase(
    tx: &Tx<'_>,
    project: &str,
    phase: &str,
    client: Option<&str>,
    on: NaiveDate,
) -> Result<PhaseStarted> {
    let client = client.map(|h| find_client(tx, h)).transpose()?;
    let project = find_project(tx, project, client.map(|c| c.id))?;
    let phase =
        store_projects::phase_named(tx, project.id, phase)?.ok_or_else(|| BookError::NoSuchPhase {
            client: project.client.clone(),
            project: project.name.clone(),
            phase: phase.to_string(),
        })?;
    if let Some(d) = phase.started_on {
        return Err(BookError::PhaseStarted { project: project.name.clone(), phase: phase.name, on: d });
    }
    store_projects::set_started(tx, phase.id, on)?;
    let previous =
        store_projects::phases(tx, project.id)?.into_iter().find(|p| p.position == phase.position - 1);
    let unpaid_previous = match previous {
        Some(p) if gated_and_unpaid(tx, project.client_id, p.id, on)? => Some(p.name),
        _ => None,
    };
    Ok(PhaseStarted {
        id: phase.id,
        client: project.client.clone(),
        project: project.record.name.clone(),
        phase: phase.name,
        started_on: on,
        unpaid_previous,
    })
}

/// One phase of a project as listed.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseLine {
    pub client: String,
    pub project: String,
    pub phase: String,
    pub position: i64,
    pub amount: Amount,
    pub started: Option<NaiveDate>,
    pub invoiced: bool,
    pub paid: bool,
}

impl PhaseLine {
    /// The keys of its JSON object (the CSV header, also of an empty list).
    pub const KEYS: &'static [&'static str] =
        &["client", "project", "phase", "position", "amount", "started", "invoiced", "paid"];
}

/// Every project's phases (of one client), in order, as of the as-of date.
pub fn projects(db: &impl Db, env: &Env<'_>, client: Option<&str>) -> Result<Vec<PhaseLine>> {
    let client = client.map(|h| find_client(db, h)).transpose()?;
    let today = env.today();
    let mut rows = Vec::new();
    for project in store_projects::all_projects(db, client.map(|c| c.id))? {
        for phase in store_projects::phases(db, project.id)? {
            let settled = store_projects::phase_settlements(db, phase.id, today)?;
            rows.push(PhaseLine {
                client: project.client.clone(),
                project: project.name.clone(),
                phase: phase.name,
                position: phase.position,
                amount: project.currency.amount(phase.amount.minor()),
                started: phase.started_on.filter(|d| *d <= today),
                invoiced: !settled.is_empty(),
                paid: phase_paid(&settled, today),
            });
        }
    }
    Ok(rows)
}

/// The `unpaid-phase` flags as of the as-of date: phases started under
/// gating while the previous phase was unpaid, which is still unpaid.
pub fn flags(db: &impl Db, env: &Env<'_>, client: Option<i64>) -> Result<Vec<Flag>> {
    let today = env.today();
    // Phases whose previous phase is still unpaid (one indexed lookup each),
    // then the rules of their clients in one query.
    let mut open = Vec::new();
    for s in store_projects::started_phases(db, client, today)? {
        if !phase_paid(&store_projects::phase_settlements(db, s.previous_id, today)?, today) {
            open.push(s);
        }
    }
    let mut ids: Vec<i64> = open.iter().map(|s| s.client_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let versions = payment_versions_of(db, &ids)?;
    let mut items = Vec::new();
    for s in open {
        let gating =
            versions.get(&s.client_id).is_some_and(|v| payment_rules_on(v, s.started_on).phase_gating);
        if !gating
            || phase_paid(&store_projects::phase_settlements(db, s.previous_id, s.started_on)?, s.started_on)
        {
            continue;
        }
        items.push(UnpaidPhase {
            invoiced: !store_projects::phase_settlements(db, s.previous_id, today)?.is_empty(),
            started: env.start_of_day(s.started_on),
            client: s.client,
            project: s.project,
            phase: s.phase,
            previous: s.previous,
        });
    }
    Ok(unpaid_phase(&items))
}
