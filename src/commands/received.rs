//! `expect received ID [--on DATE]`: the client delivered what they owed.

use std::process::ExitCode;

use crate::context::Ctx;
use crate::error::{parse_flag, UserError};
use crate::store::waiting::{item, set_received};
use crate::values::ParseError;

use super::waiting_on::ItemView;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's number (see `expect waiting`)
    pub id: String,
    /// The day it came in [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub on: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let id = parse_flag("ID", &self.id, |v| {
            v.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| ParseError::new("expected an item number, e.g. 3"))
        })?;
        let on = match &self.on {
            Some(s) => ctx.past_date("--on", s)?,
            None => ctx.today(),
        };
        let mut store = ctx.store()?;
        let row = store.write(|tx| {
            let w = item(tx, id)?
                .ok_or_else(|| UserError::unknown("waiting item", &id.to_string(), "waiting"))?;
            if let Some(d) = w.received_on {
                return Err(UserError::new(format!("waiting item {id} was already received on {d}")).into());
            }
            set_received(tx, id, on)?;
            item(tx, id)?.ok_or_else(|| anyhow::anyhow!("item {id} vanished"))
        })?;
        let view = ItemView::new(ctx, row);
        ctx.out.record(&view, || format!("received waiting item {id} ({})", view.what))?;
        Ok(ExitCode::SUCCESS)
    }
}
