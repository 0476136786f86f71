//! `expect members`: your team.

use std::process::ExitCode;

use crate::book::clients;
use crate::context::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let members = clients::members(&ctx.store()?.read())?;
        ctx.out.with_keys(clients::MemberView::KEYS).list(&members, &["handle", "name", "email"], |m| {
            vec![m.handle.clone().into(), m.name.clone().into(), m.email.clone().unwrap_or_default().into()]
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
