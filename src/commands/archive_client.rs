//! `expect archive-client` / `expect unarchive-client`: hide a client from
//! reports and flags (kept on record), or bring it back.

use std::process::ExitCode;

use crate::context::Ctx;
use crate::error::UserError;
use crate::store::clients::{set_archived, unsettled_invoices};

use super::find_client;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub handle: String,
}

#[derive(Debug, clap::Args)]
pub struct UnarchiveArgs {
    /// The client's handle
    pub handle: String,
}

fn set(ctx: &Ctx, handle: &str, archived: bool) -> anyhow::Result<ExitCode> {
    let mut store = ctx.store()?;
    let changed = store.write(|tx| {
        let client = find_client(tx, handle)?;
        if client.archived == archived {
            return Ok(false);
        }
        if archived {
            let open = unsettled_invoices(tx, client.id)?;
            if open > 0 {
                return Err(UserError::new(format!(
                    "client {handle} has {open} invoice{} with a balance",
                    if open == 1 { "" } else { "s" }
                ))
                .with_hint(format!(
                    "`expect invoices --client {handle} --open` lists them; pay or void them first"
                ))
                .into());
            }
        }
        set_archived(tx, client.id, archived)?;
        Ok(true)
    })?;
    let verb = if archived { "archived" } else { "unarchived" };
    let line = if changed {
        format!("{verb} client {handle}")
    } else {
        format!("client {handle} was already {}", if archived { "archived" } else { "active" })
    };
    ctx.out
        .record(&serde_json::json!({ "client": handle, "archived": archived, "changed": changed }), || {
            line
        })?;
    Ok(ExitCode::SUCCESS)
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        set(ctx, &self.handle, true)
    }
}

impl UnarchiveArgs {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        set(ctx, &self.handle, false)
    }
}
