//! `expect waiting [--client C] [--open]`: what clients owe you.

use std::process::ExitCode;

use crate::context::Ctx;
use crate::output::{Cell, Style};
use crate::store::waiting::items;

use super::find_client;
use super::waiting_on::ItemView;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    /// Only items not received yet
    #[arg(long)]
    pub open: bool,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let store = ctx.store()?;
        let db = store.read();
        let client = self.client.as_deref().map(|h| find_client(&db, h)).transpose()?;
        let today = ctx.today();
        let rows: Vec<ItemView> = items(&db, client.map(|c| c.id), self.open, ctx.now_ts(), today)?
            .into_iter()
            .map(|w| ItemView::new(ctx, w))
            .collect();
        ctx.out.list(&rows, &["id", "client", "what", "due", "received"], |r| {
            let received = match r.received {
                Some(d) => Cell::styled(d.to_string(), Style::Good),
                None if r.due < today => Cell::styled("late", Style::Bad),
                None => "owed".into(),
            };
            vec![
                r.id.to_string().into(),
                r.client.clone().into(),
                r.what.clone().into(),
                r.due.to_string().into(),
                received,
            ]
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
