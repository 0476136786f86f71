//! `expect add-client`: a new client, their primary contact and the rules
//! agreed with them (defaults from the config).

use std::process::ExitCode;

use crate::config::parse_currency;
use crate::context::Ctx;
use crate::error::{parse_flag, UserError};
use crate::store::clients::{client_by_handle, insert_client, insert_contact, NewContact};
use crate::store::rules::insert_version;
use crate::values::Person;

use super::rule_flags::RuleFlags;
use super::show_client::client_view;
use super::{find_member, new_handle, text};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Short unique name: lower-case letters, digits and dashes, e.g. acme
    pub handle: String,
    /// The client's full name
    #[arg(long)]
    pub name: String,
    /// The client's single point of contact, e.g. "Jane Doe <jane@acme.example>"
    #[arg(long, value_name = "PERSON")]
    pub contact: Option<String>,
    /// Your team member who is the client's point of contact
    #[arg(long, value_name = "MEMBER", default_value = "me")]
    pub manager: String,
    /// Currency of the client's invoices [default: the config's]
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    #[command(flatten)]
    pub rules: RuleFlags,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let handle = new_handle("client handle", &self.handle)?;
        let name = text("--name", &self.name)?;
        let contact =
            self.contact.as_deref().map(|c| parse_flag("--contact", c, str::parse::<Person>)).transpose()?;
        let currency = match &self.currency {
            Some(c) => parse_flag("--currency", c, parse_currency)?,
            None => ctx.config.currency.clone(),
        };
        let patch = self.rules.patch()?;
        let mut rules = ctx.config.defaults.clone();
        patch.apply_to(&mut rules);

        let mut store = ctx.store_rw()?;
        let view = store.write(|tx| {
            if client_by_handle(tx, handle.as_str())?.is_some() {
                return Err(UserError::new(format!("client {:?} already exists", handle.as_str()))
                    .with_hint(format!("`expect edit-client {handle}` changes it"))
                    .into());
            }
            let manager = find_member(tx, &self.manager)?;
            let id = insert_client(tx, handle.as_str(), &name, manager.id, &currency, ctx.now_ts())?;
            insert_version(tx, id, None, None, &rules.to_patch(), ctx.now_ts())?;
            if let Some(p) = &contact {
                let new = NewContact {
                    name: p.name.as_deref(),
                    email: p.email.as_deref(),
                    primary: true,
                    ..NewContact::default()
                };
                insert_contact(tx, id, &new)?;
            }
            client_view(tx, ctx, handle.as_str())
        })?;
        ctx.out.record(&view, || format!("added client {}", view.handle))?;
        Ok(ExitCode::SUCCESS)
    }
}
