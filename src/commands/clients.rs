//! `expect clients`: the client list.

use std::process::ExitCode;

use serde::Serialize;

use crate::book::clients;
use crate::context::Ctx;
use crate::output::{Cell, Style};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Archived clients too
    #[arg(long)]
    pub all: bool,
}

/// The JSON keys of a listed row (the CSV header, also of an empty list).
const KEYS: &[&str] = &["handle", "name", "manager", "currency", "archived"];

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
        let rows: Vec<Row> = clients::clients(&ctx.store()?.read(), self.all)?
            .into_iter()
            .map(|c| Row {
                manager: c.manager,
                handle: c.record.handle,
                name: c.record.name,
                currency: c.record.currency,
                archived: c.record.archived,
            })
            .collect();
        let mut headers = vec!["handle", "name", "manager", "currency"];
        if self.all {
            headers.push("archived");
        }
        ctx.out.with_keys(KEYS).list(&rows, &headers, |r| {
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
