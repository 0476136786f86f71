//! `expect messages [--client C] [--open]`: the message log with each
//! message's deadlines (JSON keys of SPEC 7).

use std::process::ExitCode;

use crate::context::Ctx;
use crate::output::{Cell, Style};
use crate::store::messages::messages;

use super::find_client;
use super::message_ops::MessageView;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    /// Only messages awaiting a reply or, for requests, delivery
    #[arg(long)]
    pub open: bool,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let store = ctx.store()?;
        let db = store.read();
        let client = self.client.as_deref().map(|h| find_client(&db, h)).transpose()?;
        let now = ctx.now_ts();
        let rows: Vec<MessageView> = messages(&db, client.map(|c| c.id), self.open, now)?
            .iter()
            .map(|m| MessageView::new(ctx, m))
            .collect();
        let short = |t: &Option<String>| {
            t.as_deref()
                .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
                .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default()
        };
        ctx.out.list(
            &rows,
            &["id", "client", "at", "from", "subject", "reply by", "due", "status"],
            |r| {
                let status = if !r.open {
                    Cell::styled("done", Style::Dim)
                } else if !r.fyi && r.replied_at.is_none() && r.closed_at.is_none() {
                    Cell::styled("awaiting reply", Style::Warn)
                } else {
                    "to deliver".into()
                };
                vec![
                    r.id.to_string().into(),
                    r.client.clone().into(),
                    short(&Some(r.at.clone())).into(),
                    r.from.clone().into(),
                    r.subject.clone().into(),
                    short(&r.reply_by).into(),
                    short(&r.due).into(),
                    status,
                ]
            },
        )?;
        Ok(ExitCode::SUCCESS)
    }
}
