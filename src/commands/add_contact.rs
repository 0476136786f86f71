//! `expect add-contact`: a person at a client. `--primary` makes them the
//! single point of contact (moving it from whoever had it).

use std::process::ExitCode;

use crate::book::clients;
use crate::context::Ctx;
use crate::error::parse_flag;
use crate::values::Person;

use super::shared::text;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub client: String,
    /// "Jane Doe <jane@acme.example>", an e-mail, or a name
    pub person: String,
    /// Make this person the client's single point of contact
    #[arg(long)]
    pub primary: bool,
    /// Their role, e.g. "art director"
    #[arg(long)]
    pub role: Option<String>,
    /// Their phone number
    #[arg(long)]
    pub phone: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let person = parse_flag("contact", &self.person, str::parse::<Person>)?;
        let role = self.role.as_deref().map(|r| text("--role", r)).transpose()?;
        let phone = self.phone.as_deref().map(|p| text("--phone", p)).transpose()?;
        let made = ctx.store()?.write(|tx| {
            clients::add_contact(tx, &self.client, &person, self.primary, role.as_deref(), phone.as_deref())
        })?;
        let who = Person { name: made.name.clone(), email: made.email.clone() }.to_string();
        let line = format!(
            "{} contact {who} of {}{}",
            if made.updated { "updated" } else { "added" },
            made.client,
            if made.primary { " (primary)" } else { "" }
        );
        ctx.out.record(&made, || line)?;
        Ok(ExitCode::SUCCESS)
    }
}
