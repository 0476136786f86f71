//! `expect waiting-on CLIENT WHAT --due DATE`: something the client owes you
//! (content, feedback, approval), due by the end of DATE.

use std::process::ExitCode;

use serde::Serialize;

use crate::context::Ctx;
use crate::store::waiting::{insert_item, WaitingRow};

use super::{find_client, text};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub client: String,
    /// What they owe you, e.g. "homepage copy"
    pub what: String,
    /// The last day it is due (it covers that whole day)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub due: String,
}

/// An item as listed (the JSON of SPEC 7).
#[derive(Debug, Serialize)]
pub struct ItemView {
    pub id: i64,
    pub client: String,
    pub what: String,
    pub due: chrono::NaiveDate,
    /// The day it came in, or null while it is owed (as of now).
    pub received: Option<chrono::NaiveDate>,
}

impl ItemView {
    pub fn new(ctx: &Ctx, w: WaitingRow) -> ItemView {
        let today = ctx.today();
        ItemView {
            id: w.id,
            client: w.client,
            what: w.what,
            due: w.due,
            received: w.received_on.filter(|d| *d <= today),
        }
    }
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let what = text("WHAT", &self.what)?;
        let due = ctx.date("--due", &self.due)?;
        let mut store = ctx.store()?;
        let row = store.write(|tx| {
            let client = find_client(tx, &self.client)?;
            let id = insert_item(tx, client.id, &what, due, ctx.now_ts())?;
            crate::store::waiting::item(tx, id)?.ok_or_else(|| anyhow::anyhow!("item {id} vanished"))
        })?;
        let view = ItemView::new(ctx, row);
        ctx.out.record(&view, || {
            format!("added waiting item {} ({} owes {}, due {})", view.id, view.client, view.what, view.due)
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
