//! `expect contracts`: the signed agreements on record (of one client, or
//! all), as of the as-of date: contracts signed after it are not shown.

use std::process::ExitCode;

use crate::book::contracts;
use crate::context::Ctx;
use crate::output::{Cell, Style};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client's contracts
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let rows = contracts::contracts(&ctx.store()?.read(), &ctx.env(), self.client.as_deref())?;
        ctx.out.with_keys(contracts::ContractView::KEYS).list(
            &rows,
            &["id", "client", "signed", "kind", "rate", "expires", "covers", "file"],
            |c| {
                vec![
                    c.id.to_string().into(),
                    c.client.clone().into(),
                    c.signed.to_string().into(),
                    c.kind.clone().unwrap_or_default().into(),
                    c.rate.map(|r| r.text(ctx.config.numbers)).unwrap_or_default().into(),
                    match c.expires {
                        Some(e) if !c.in_force => Cell::styled(e.to_string(), Style::Bad),
                        Some(e) => e.to_string().into(),
                        None => Cell::from(""),
                    },
                    c.covers.join(",").into(),
                    c.file.clone().unwrap_or_default().into(),
                ]
            },
        )?;
        Ok(ExitCode::SUCCESS)
    }
}
