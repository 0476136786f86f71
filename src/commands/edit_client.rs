//! `expect edit-client`: changes a client's name, manager, currency or mail
//! domains at once, and its rules as a new version from an effective date (SPEC 5),
//! through [`clients::edit_client`]. Without `--effective`, a stricter
//! change takes effect `notice_period` from today; anything else today. A
//! date that matches an existing version amends it.

use std::process::ExitCode;

use chrono::NaiveDate;

use crate::book::clients::{self, ClientEdit, Edited};
use crate::book::BookError;
use crate::config::parse_currency;
use crate::context::Ctx;
use crate::error::{parse_flag, UserError};

use super::rule_flags::RuleFlags;
use super::shared::{domains, text};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub handle: String,
    /// New full name
    #[arg(long)]
    pub name: Option<String>,
    /// New manager (a member handle)
    #[arg(long, value_name = "MEMBER")]
    pub manager: Option<String>,
    /// New currency (only while the client has no amounts on record)
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// Add a mail domain of the client's (repeatable)
    #[arg(long = "domain", value_name = "DOMAIN")]
    pub domains: Vec<String>,
    /// Remove one of the client's mail domains (repeatable)
    #[arg(long = "no-domain", value_name = "DOMAIN")]
    pub no_domains: Vec<String>,
    #[command(flatten)]
    pub rules: RuleFlags,
    /// When the rule change takes effect (e.g. next monday, +30d) [default: today, or
    /// notice_period from today for a stricter change]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub effective: Option<String>,
    /// When the client was told of the change (e.g. yesterday, last friday)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub notified: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let (rules, typed_fees) = self.rules.patch(ctx.config.numbers)?;
        let edit = ClientEdit {
            name: self.name.as_deref().map(|n| text("--name", n)).transpose()?,
            currency: self
                .currency
                .as_deref()
                .map(|c| parse_flag("--currency", c, parse_currency))
                .transpose()?,
            manager: self.manager.clone(),
            rules,
            typed_fees,
            effective: self.effective.as_deref().map(|d| ctx.date("--effective", d)).transpose()?,
            notified: self.notified.as_deref().map(|d| ctx.date("--notified", d)).transpose()?,
            add_domains: domains("--domain", &self.domains)?,
            remove_domains: domains("--no-domain", &self.no_domains)?,
        };
        if edit.rules.is_empty()
            && edit.name.is_none()
            && edit.currency.is_none()
            && edit.manager.is_none()
            && edit.notified.is_none()
            && edit.add_domains.is_empty()
            && edit.remove_domains.is_empty()
        {
            return Err(UserError::new("nothing to change")
                .with_hint(
                    "name a rule (e.g. --late-fee 5%), --name, --manager, --currency, --domain, --no-domain \
                     or --notified",
                )
                .into());
        }
        if edit.rules.is_empty() && edit.effective.is_some() && edit.notified.is_none() {
            return Err(UserError::new("--effective needs a rule change to date")
                .with_hint("e.g. expect edit-client acme --late-fee 10% --effective 2027-01-01")
                .into());
        }
        let env = ctx.env();
        let edited = ctx.store()?.write(|tx| clients::edit_client(tx, &env, &self.handle, &edit)).map_err(
            |e| match e {
                BookError::NoticeWithoutDate { client } => anyhow::Error::from(
                    UserError::new("--notified needs --effective to name the change it is for")
                        .with_hint(format!("`expect show-client {client}` lists upcoming changes")),
                ),
                other => other.into(),
            },
        )?;
        let line = describe(&edited, ctx.today());
        ctx.out.record(&edited, || line)?;
        Ok(ExitCode::SUCCESS)
    }
}

fn describe(e: &Edited, today: NaiveDate) -> String {
    let Some(date) = e.effective else {
        return format!("edited client {}", e.client);
    };
    let what: Vec<String> =
        e.changes.iter().map(|(k, v)| format!("{k} {}", v.as_str().unwrap_or("none"))).collect();
    let when = if date <= today { format!("in force from {date}") } else { format!("takes effect {date}") };
    let mut line = format!("edited client {}: {} {when}", e.client, what.join(", "));
    if !e.stricter.is_empty() && e.notified.is_none() {
        line += &format!(
            "\n  hint: this is stricter for the client ({}) and needs notice; tell them, then record it with \
             `expect notice {} --sent`",
            e.stricter.join(", "),
            e.client
        );
    }
    line
}
