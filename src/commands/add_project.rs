//! `expect add-project`: a client's project and its ordered phases, each
//! with the amount it is invoiced for (milestone payments).

use std::process::ExitCode;

use crate::book::projects;
use crate::context::Ctx;
use crate::error::UserError;
use crate::values::MoneyInput;

use super::shared::{amount, text};

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

/// Parses `NAME=AMOUNT`.
fn phase(ctx: &Ctx, s: &str) -> Result<(String, MoneyInput), UserError> {
    let bad = || {
        UserError::new(format!(
            "--phase {s:?}: expected NAME=AMOUNT with an amount above zero, e.g. design=2000"
        ))
    };
    let (name, value) = s.rsplit_once('=').ok_or_else(bad)?;
    let name = text("--phase", name).map_err(|_| bad())?;
    let value = amount(ctx, &format!("--phase {name}="), value.trim()).map_err(|_| bad())?;
    Ok((name, value))
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let name = text("project name", &self.name)?;
        let phases = self.phases.iter().map(|p| phase(ctx, p)).collect::<Result<Vec<_>, _>>()?;
        for (i, (n, _)) in phases.iter().enumerate() {
            if phases[..i].iter().any(|(m, _)| m == n) {
                return Err(UserError::new(format!("--phase {n:?} is given twice"))
                    .with_hint("each phase of a project needs its own name")
                    .into());
            }
        }
        let added = ctx.store_rw()?.write(|tx| projects::add_project(tx, &self.client, &name, &phases))?;
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
