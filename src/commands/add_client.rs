//! `expect add-client`: a new client, their primary contact, their mail
//! domains and the rules agreed with them (defaults from the config),
//! through [`clients::add_client`].

use std::process::ExitCode;

use crate::book::clients::{self, NewClient};
use crate::config::parse_currency;
use crate::context::Ctx;
use crate::error::parse_flag;
use crate::values::Person;

use super::rule_flags::RuleFlags;
use super::shared::{domains, new_handle, text};

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
    /// Your team member who is the client's point of contact [default: you: `me`, or the config's `me`]
    #[arg(long, value_name = "MEMBER")]
    pub manager: Option<String>,
    /// Currency of the client's invoices [default: the config's]
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// A mail domain of the client's (repeatable): mail from a new address there is theirs
    #[arg(long = "domain", value_name = "DOMAIN")]
    pub domains: Vec<String>,
    #[command(flatten)]
    pub rules: RuleFlags,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let (rules, typed_fees) = self.rules.patch(ctx.config.numbers)?;
        let new = NewClient {
            handle: new_handle("client handle", &self.handle)?,
            name: text("--name", &self.name)?,
            contact: self
                .contact
                .as_deref()
                .map(|c| parse_flag("--contact", c, str::parse::<Person>))
                .transpose()?,
            manager: self.manager.unwrap_or_else(|| ctx.me.clone()),
            currency: match &self.currency {
                Some(c) => parse_flag("--currency", c, parse_currency)?,
                None => ctx.config.currency,
            },
            rules,
            typed_fees,
            domains: domains("--domain", &self.domains)?,
        };
        let env = ctx.env();
        let view = ctx.store_rw()?.write(|tx| clients::add_client(tx, &env, &new))?;
        ctx.out.record(&view, || format!("added client {}", view.handle))?;
        Ok(ExitCode::SUCCESS)
    }
}
