//! `expect dismiss KEY` / `expect undismiss KEY`: hide one flag of `check`
//! for good, or bring it back.

use std::process::ExitCode;

use chrono::DateTime;

use crate::context::Ctx;
use crate::error::UserError;
use crate::store::dismissals::{dismiss, dismissed, undismiss};

use super::check::{gather, Filter};

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
        let mut store = ctx.store()?;
        let key = self.key.trim().to_string();
        let everything = Filter {
            all: true,
            since: DateTime::from_timestamp(0, 0).map(|t| t.fixed_offset()),
            ..Filter::default()
        };
        let known = gather(&store.read(), ctx, &everything)?.into_iter().any(|f| f.key == key);
        if !known {
            return Err(UserError::new(format!("unknown flag key {key:?}"))
                .with_hint("`expect check --all --since 1970-01-01 --format json` lists the keys")
                .into());
        }
        let added = store.write(|tx| dismiss(tx, &key, ctx.now_ts()))?;
        let line = if added { format!("dismissed {key}") } else { format!("{key} was already dismissed") };
        ctx.out.record(&serde_json::json!({ "key": key, "dismissed": true, "changed": added }), || line)?;
        Ok(ExitCode::SUCCESS)
    }
}

impl UndismissArgs {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let mut store = ctx.store()?;
        let key = self.key.trim().to_string();
        if !dismissed(&store.read())?.contains(&key) {
            return Err(UserError::new(format!("flag key {key:?} is not dismissed"))
                .with_hint("`expect check --all` shows dismissed flags")
                .into());
        }
        store.write(|tx| undismiss(tx, &key))?;
        ctx.out.record(&serde_json::json!({ "key": key, "dismissed": false, "changed": true }), || {
            format!("undismissed {key}")
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
