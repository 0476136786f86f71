//! `expect add-project`: a client's project and its ordered phases, each
//! with the amount it is invoiced for (milestone payments).

use std::process::ExitCode;

use serde::Serialize;

use crate::context::Ctx;
use crate::error::{parse_flag, UserError};
use crate::store::projects::{insert_phase, insert_project, projects_named, ProjectRow};
use crate::store::Db;
use crate::values::Money;

use super::{find_client, text};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub client: String,
    /// The project's name
    pub name: String,
    /// A phase and its amount, in order, e.g. --phase design=2000 --phase build=6000
    #[arg(long = "phase", value_name = "NAME=AMOUNT", required = true)]
    pub phases: Vec<String>,
}

#[derive(Debug, Serialize)]
struct PhaseOut {
    position: i64,
    name: String,
    amount: String,
}

#[derive(Debug, Serialize)]
struct Added {
    id: i64,
    client: String,
    project: String,
    phases: Vec<PhaseOut>,
}

/// The project `name` (of `client` when given); an error when unknown, or
/// when several clients have a project of that name and none was named.
pub fn find_project(db: &impl Db, name: &str, client: Option<i64>) -> anyhow::Result<ProjectRow> {
    let mut found = projects_named(db, name, client)?;
    match found.len() {
        0 => Err(UserError::new(format!("unknown project {name:?}"))
            .with_hint("`expect add-project CLIENT NAME --phase NAME=AMOUNT` adds one")
            .into()),
        1 => Ok(found.remove(0)),
        _ => {
            let owners: Vec<String> = found.into_iter().map(|p| p.client).collect();
            Err(UserError::new(format!("several clients have a project {name:?}: {}", owners.join(", ")))
                .with_hint("pick one with --client CLIENT")
                .into())
        }
    }
}

/// Parses `NAME=AMOUNT`.
fn phase(s: &str) -> Result<(String, Money), UserError> {
    let bad = || {
        UserError::new(format!(
            "--phase {s:?}: expected NAME=AMOUNT with an amount above zero, e.g. design=2000"
        ))
    };
    let (name, amount) = s.rsplit_once('=').ok_or_else(bad)?;
    let name = text("--phase", name).map_err(|_| bad())?;
    let amount = parse_flag("--phase", amount.trim(), str::parse::<Money>).map_err(|_| bad())?;
    if amount == Money::ZERO {
        return Err(bad());
    }
    Ok((name, amount))
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let name = text("project name", &self.name)?;
        let phases = self.phases.iter().map(|p| phase(p)).collect::<Result<Vec<_>, _>>()?;
        for (i, (n, _)) in phases.iter().enumerate() {
            if phases[..i].iter().any(|(m, _)| m == n) {
                return Err(UserError::new(format!("--phase {n:?} is given twice"))
                    .with_hint("each phase of a project needs its own name")
                    .into());
            }
        }
        let mut store = ctx.store_rw()?;
        let added = store.write(|tx| {
            let client = find_client(tx, &self.client)?;
            if !projects_named(tx, &name, Some(client.id))?.is_empty() {
                return Err(UserError::new(format!(
                    "client {} already has a project {name:?}",
                    client.handle
                ))
                .with_hint("choose another name")
                .into());
            }
            let id = insert_project(tx, client.id, &name)?;
            let mut out = Vec::new();
            for (i, (pname, amount)) in phases.iter().enumerate() {
                let position = i as i64 + 1;
                insert_phase(tx, id, position, pname, *amount)?;
                out.push(PhaseOut { position, name: pname.clone(), amount: amount.to_string() });
            }
            Ok(Added { id, client: client.handle, project: name.clone(), phases: out })
        })?;
        ctx.out.record(&added, || {
            let n = added.phases.len();
            format!(
                "added project {} for {} ({n} phase{})",
                added.project,
                added.client,
                if n == 1 { "" } else { "s" }
            )
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
