//! `expect archive-client` / `expect unarchive-client`: hide a client from
//! reports and flags (kept on record), or bring it back.

use std::process::ExitCode;

use crate::book::clients;
use crate::context::Ctx;

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
    let changed = ctx.store()?.write(|tx| clients::set_archived(tx, handle, archived))?;
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
