//! `expect clients`: the client list.

use std::process::ExitCode;

use serde::Serialize;

use crate::context::Ctx;
use crate::output::{Cell, Style};
use crate::store::clients::clients;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Archived clients too
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Serialize)]
struct Row {
    handle: String,
    name: String,
    manager: String,
    currency: String,
    archived: bool,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let store = ctx.store()?;
        let rows: Vec<Row> = clients(&store.read(), self.all)?
            .into_iter()
            .map(|c| Row {
                handle: c.handle,
                name: c.name,
                manager: c.manager,
                currency: c.currency,
                archived: c.archived,
            })
            .collect();
        let mut headers = vec!["handle", "name", "manager", "currency"];
        if self.all {
            headers.push("archived");
        }
        ctx.out.list(&rows, &headers, |r| {
            let mut cells: Vec<Cell> = vec![
                r.handle.clone().into(),
                r.name.clone().into(),
                r.manager.clone().into(),
                r.currency.clone().into(),
            ];
            if self.all {
                cells.push(if r.archived { Cell::styled("yes", Style::Dim) } else { "no".into() });
            }
            cells
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
