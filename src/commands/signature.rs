//! `expect signature [CLIENT]`: an e-mail signature / voicemail line from
//! the config's check times and the response promise (the client's rules
//! in force, or the config's default): "I check e-mail at 10:00 and 15:00
//! and reply within 1–2 business days."

use std::process::ExitCode;

use crate::book::contracts;
use crate::context::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Use this client's response promise [default: the config's]
    pub client: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let env = ctx.env();
        let promise = match &self.client {
            Some(h) => Some(contracts::response_of(&ctx.store()?.read(), &env, h)?),
            None => None,
        };
        let sig = contracts::signature(&env, promise);
        ctx.out.record(&sig, || sig.signature.clone())?;
        Ok(ExitCode::SUCCESS)
    }
}
