//! `expect check`: every broken expectation as of now ([`check::gather`]),
//! dismissed ones and past events older than `--since` hidden; exit 1 when
//! a violation is listed.

use std::process::ExitCode;

use crate::book::check::{self, Filter};
use crate::book::clients::find_client;
use crate::context::Ctx;
use crate::error::parse_flag;
use crate::flags::Code;
use crate::values::Duration;

use super::shared::{print_flags, status};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    /// Only these codes, e.g. overdue-invoice,late-reply
    #[arg(long, value_name = "CODE,...")]
    pub only: Option<String>,
    /// List past events from TIME on (e.g. last monday, -2w) [default: 7 days back]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Warn of deadlines this close [default: the config's `soon`]
    #[arg(long, value_name = "DURATION")]
    pub soon: Option<String>,
    /// Show dismissed flags too
    #[arg(long)]
    pub all: bool,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let only = match &self.only {
            Some(list) => list
                .split(',')
                .map(|c| parse_flag("--only", c, str::parse::<Code>))
                .collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
        };
        let since = self.since.as_deref().map(|s| ctx.time("--since", s)).transpose()?;
        let soon =
            self.soon.as_deref().map(|s| parse_flag("--soon", s, str::parse::<Duration>)).transpose()?;
        let store = ctx.store()?;
        let db = store.read();
        let client = self.client.as_deref().map(|h| find_client(&db, h)).transpose()?;
        let filter = Filter { client: client.map(|c| c.id), only, since, soon, all: self.all };
        let flags = check::gather(&db, &ctx.env(), &filter)?;
        print_flags(&ctx.out, &flags)?;
        Ok(status(&flags))
    }
}
