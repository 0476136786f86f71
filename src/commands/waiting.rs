//! `expect waiting [--client C] [--open]`: what clients owe you.

use std::process::ExitCode;

use crate::book::work;
use crate::context::Ctx;
use crate::output::{Cell, Style};

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
        let rows = work::waiting(&ctx.store()?.read(), &ctx.env(), self.client.as_deref(), self.open)?;
        let today = ctx.today();
        ctx.out.with_keys(work::ItemView::KEYS).list(
            &rows,
            &["id", "client", "what", "due", "received"],
            |r| {
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
            },
        )?;
        Ok(ExitCode::SUCCESS)
    }
}
