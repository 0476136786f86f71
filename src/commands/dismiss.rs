//! `expect dismiss KEY` / `expect undismiss KEY`: hide one flag of `check`
//! for good, or bring it back.

use std::process::ExitCode;

use crate::book::check;
use crate::context::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The flag's key, as `check --format json` shows it, e.g. late-reply:message:12
    pub key: String,
}

#[derive(Debug, clap::Args)]
pub struct UndismissArgs {
    /// The key of a dismissed flag
    pub key: String,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let key = self.key.trim().to_string();
        let env = ctx.env();
        let added = ctx.store()?.write(|tx| check::dismiss(tx, &env, &key))?;
        let line = if added { format!("dismissed {key}") } else { format!("{key} was already dismissed") };
        ctx.out.record(&serde_json::json!({ "key": key, "dismissed": true, "changed": added }), || line)?;
        Ok(ExitCode::SUCCESS)
    }
}

impl UndismissArgs {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let key = self.key.trim().to_string();
        ctx.store()?.write(|tx| check::undismiss(tx, &key))?;
        ctx.out.record(&serde_json::json!({ "key": key, "dismissed": false, "changed": true }), || {
            format!("undismissed {key}")
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
