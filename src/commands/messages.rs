//! `expect messages [--client C] [--open]`: the message log with each
//! message's deadlines (JSON keys of SPEC 7).

use std::process::ExitCode;

use chrono::DateTime;
use chrono_tz::Tz;

use crate::book::messages;
use crate::context::Ctx;
use crate::output::{Cell, Style};

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
        let rows = messages::list(&ctx.store()?.read(), &ctx.env(), self.client.as_deref(), self.open)?;
        let short =
            |t: Option<DateTime<Tz>>| t.map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
        ctx.out.with_keys(messages::MessageView::KEYS).list(
            &rows,
            &["id", "client", "at", "from", "subject", "reply by", "due", "status"],
            |r| {
                let status = if !r.open {
                    Cell::styled("done", Style::Dim)
                } else if r.awaiting_reply() {
                    Cell::styled("awaiting reply", Style::Warn)
                } else {
                    "to deliver".into()
                };
                vec![
                    r.id.to_string().into(),
                    r.client.clone().into(),
                    short(Some(r.at)).into(),
                    r.from.clone().into(),
                    r.subject.clone().into(),
                    short(r.reply_by).into(),
                    short(r.due).into(),
                    status,
                ]
            },
        )?;
        Ok(ExitCode::SUCCESS)
    }
}
