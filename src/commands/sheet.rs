//! `expect sheet CLIENT`: the client's expectations sheet in Markdown, from
//! the rules in force on the as-of date ([`contracts::sheet`]).

use std::process::ExitCode;

use crate::book::contracts;
use crate::context::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub client: String,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let sheet = contracts::sheet(&ctx.store()?.read(), &ctx.env(), &self.client)?;
        ctx.out.record(&sheet, || sheet.markdown.clone())?;
        Ok(ExitCode::SUCCESS)
    }
}
