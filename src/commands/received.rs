//! `expect received ID [--on DATE]`: the client delivered what they owed.

use std::process::ExitCode;

use crate::book::work;
use crate::context::Ctx;

use super::shared::{on_or_today, record_id};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's number (see `expect waiting`)
    pub id: String,
    /// The day it came in (e.g. yesterday, last friday) [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub on: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let id = record_id(&self.id, "an item number, e.g. 3")?;
        let on = on_or_today(ctx, self.on.as_deref())?;
        let env = ctx.env();
        let view = ctx.store()?.write(|tx| work::received(tx, &env, id, on))?;
        ctx.out.record(&view, || format!("received waiting item {id} ({})", view.what))?;
        Ok(ExitCode::SUCCESS)
    }
}
