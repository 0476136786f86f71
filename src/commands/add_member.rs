//! `expect add-member`: a member of your team.

use std::process::ExitCode;

use crate::context::Ctx;
use crate::error::{parse_flag, UserError};
use crate::store::members::{insert_member, member_by_handle};
use crate::values::parse_email;

use super::{new_handle, text};

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

/// What `--format json` prints: the member with its id.
#[derive(serde::Serialize)]
struct Made<'a> {
    id: i64,
    #[serde(flatten)]
    member: &'a crate::store::MemberRow,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let handle = new_handle("member handle", &self.handle)?;
        let name = text("--name", &self.name)?;
        let email = self.email.as_deref().map(|e| parse_flag("--email", e, parse_email)).transpose()?;
        let mut store = ctx.store_rw()?;
        let member = store.write(|tx| {
            if member_by_handle(tx, handle.as_str())?.is_some() {
                return Err(UserError::new(format!("member {:?} already exists", handle.as_str()))
                    .with_hint("`expect members` lists them")
                    .into());
            }
            insert_member(tx, handle.as_str(), &name, email.as_deref())
        })?;
        ctx.out
            .record(&Made { id: member.id, member: &member }, || format!("added member {}", member.handle))?;
        Ok(ExitCode::SUCCESS)
    }
}
