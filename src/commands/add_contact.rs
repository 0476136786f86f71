//! `expect add-contact`: a person at a client. `--primary` makes them the
//! single point of contact (moving it from whoever had it).

use std::process::ExitCode;

use serde::Serialize;

use crate::context::Ctx;
use crate::error::parse_flag;
use crate::store::clients::{find_contact, insert_contact, update_contact, NewContact};
use crate::values::Person;

use super::{find_client, text};

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

#[derive(Serialize)]
struct Made {
    id: i64,
    client: String,
    name: Option<String>,
    email: Option<String>,
    primary: bool,
    role: Option<String>,
    phone: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let person = parse_flag("contact", &self.person, str::parse::<Person>)?;
        let role = self.role.as_deref().map(|r| text("--role", r)).transpose()?;
        let phone = self.phone.as_deref().map(|p| text("--phone", p)).transpose()?;
        let mut store = ctx.store()?;
        let (made, updated) = store.write(|tx| {
            let client = find_client(tx, &self.client)?;
            let new = NewContact {
                name: person.name.as_deref(),
                email: person.email.as_deref(),
                primary: self.primary,
                role: role.as_deref(),
                phone: phone.as_deref(),
            };
            let existing = find_contact(tx, client.id, person.name.as_deref(), person.email.as_deref())?;
            let (id, updated) = match &existing {
                Some(c) => {
                    update_contact(tx, c, &new)?;
                    (c.id, true)
                }
                None => (insert_contact(tx, client.id, &new)?, false),
            };
            let c = crate::store::clients::contacts(tx, client.id)?
                .into_iter()
                .find(|c| c.id == id)
                .ok_or_else(|| anyhow::anyhow!("contact {id} vanished"))?;
            Ok((
                Made {
                    id,
                    client: client.handle,
                    name: c.name,
                    email: c.email,
                    primary: c.primary,
                    role: c.role,
                    phone: c.phone,
                },
                updated,
            ))
        })?;
        let who = Person { name: made.name.clone(), email: made.email.clone() }.to_string();
        let line = format!(
            "{} contact {who} of {}{}",
            if updated { "updated" } else { "added" },
            made.client,
            if made.primary { " (primary)" } else { "" }
        );
        ctx.out.record(&made, || line)?;
        Ok(ExitCode::SUCCESS)
    }
}
