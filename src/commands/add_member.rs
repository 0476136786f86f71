//! `expect add-member`: a member of your team.

use std::process::ExitCode;

use crate::book::clients;
use crate::context::Ctx;
use crate::error::parse_flag;
use crate::values::parse_email;

use super::shared::{new_handle, text};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Short unique name, e.g. sam
    pub handle: String,
    /// Full name
    #[arg(long)]
    pub name: String,
    /// E-mail address
    #[arg(long)]
    pub email: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let handle = new_handle("member handle", &self.handle)?;
        let name = text("--name", &self.name)?;
        let email = self.email.as_deref().map(|e| parse_flag("--email", e, parse_email)).transpose()?;
        let member = ctx.store_rw()?.write(|tx| clients::add_member(tx, &handle, &name, email.as_deref()))?;
        ctx.out.record(&member, || format!("added member {}", member.member.handle))?;
        Ok(ExitCode::SUCCESS)
    }
}
