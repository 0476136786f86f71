//! `expect edit-client`: changes a client's name, manager or currency at
//! once, and its rules as a new version from an effective date (SPEC 5).
//! Without `--effective`, a stricter change takes effect `notice_period`
//! from today; anything else today. A date that matches an existing version
//! amends it.

use std::process::ExitCode;

use chrono::{Days, NaiveDate};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::parse_currency;
use crate::context::Ctx;
use crate::error::{parse_flag, UserError};
use crate::rules::{rules_on, RuleVersion};
use crate::store::clients::update_client;
use crate::store::rules::{insert_version, update_version, versions};

use super::rule_flags::RuleFlags;
use super::{find_client, find_member, text};

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
    /// New currency for new invoices
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    #[command(flatten)]
    pub rules: RuleFlags,
    /// When the rule change takes effect [default: today, or notice_period
    /// from today for a stricter change]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub effective: Option<String>,
    /// When the client was told of the change
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub notified: Option<String>,
}

/// What the edit did, as printed with `--format json`.
#[derive(Debug, Serialize)]
struct Edited {
    id: Option<i64>,
    client: String,
    effective: Option<NaiveDate>,
    notified: Option<NaiveDate>,
    amended: bool,
    changes: Map<String, Value>,
    stricter: Vec<&'static str>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let name = self.name.as_deref().map(|n| text("--name", n)).transpose()?;
        let currency =
            self.currency.as_deref().map(|c| parse_flag("--currency", c, parse_currency)).transpose()?;
        let patch = self.rules.patch()?;
        let effective = self.effective.as_deref().map(|d| ctx.date("--effective", d)).transpose()?;
        let notified = self.notified.as_deref().map(|d| ctx.date("--notified", d)).transpose()?;
        if patch.is_empty()
            && name.is_none()
            && currency.is_none()
            && self.manager.is_none()
            && notified.is_none()
        {
            return Err(UserError::new("nothing to change")
                .with_hint("name a rule (e.g. --late-fee 5%), --name, --manager, --currency or --notified")
                .into());
        }
        if patch.is_empty() && effective.is_some() && notified.is_none() {
            return Err(UserError::new("--effective needs a rule change to date")
                .with_hint("e.g. expect edit-client acme --late-fee 10% --effective 2027-01-01")
                .into());
        }
        let today = ctx.today();
        let mut store = ctx.store()?;
        let edited = store.write(|tx| {
            let client = find_client(tx, &self.handle)?;
            if name.is_some() || currency.is_some() || self.manager.is_some() {
                let manager = match &self.manager {
                    Some(m) => find_member(tx, m)?.id,
                    None => client.manager_id,
                };
                update_client(
                    tx,
                    client.id,
                    name.as_deref().unwrap_or(&client.name),
                    manager,
                    currency.as_deref().unwrap_or(&client.currency),
                )?;
            }
            if patch.is_empty() && notified.is_none() {
                return Ok(None);
            }
            let all = versions(tx, client.id)?;
            let date = match effective {
                Some(d) => d,
                None if patch.is_empty() => {
                    return Err(UserError::new("--notified needs --effective to name the change it is for")
                        .with_hint(format!("`expect show-client {}` lists upcoming changes", client.handle))
                        .into());
                }
                None => {
                    let before = rules_on(&all, today);
                    if patch.stricter_than(&before).is_empty() {
                        today
                    } else {
                        today.checked_add_days(Days::new(u64::from(before.notice_period))).unwrap_or(today)
                    }
                }
            };
            let before = rules_on(&all, date.pred_opt().unwrap_or(date));
            let existing: Option<&RuleVersion> = all.iter().find(|v| v.effective == Some(date));
            let (id, amended, merged, notice) = match existing {
                Some(v) => {
                    let mut merged = v.patch.clone();
                    merged.merge(&patch);
                    // Stricter than what the client was told clears the
                    // notice; milder than that keeps it.
                    let mut announced = before.clone();
                    v.patch.apply_to(&mut announced);
                    let stricter_now = !patch.stricter_than(&announced).is_empty();
                    let keep_notice = if stricter_now { None } else { v.notified };
                    let notice = notified.or(keep_notice);
                    update_version(tx, v.id, &merged, notice)?;
                    (v.id, true, merged, notice)
                }
                None if patch.is_empty() => {
                    return Err(UserError::new(format!(
                        "client {} has no rule change effective {date}",
                        client.handle
                    ))
                    .with_hint(format!("`expect show-client {}` lists upcoming changes", client.handle))
                    .into());
                }
                None => (
                    insert_version(tx, client.id, Some(date), notified, &patch, ctx.now_ts())?,
                    false,
                    patch.clone(),
                    notified,
                ),
            };
            let changes = merged
                .entries()
                .into_iter()
                .map(|(k, v)| (k.to_string(), if v.is_empty() { Value::Null } else { Value::String(v) }))
                .collect();
            Ok(Some(Edited {
                id: Some(id),
                client: client.handle,
                effective: Some(date),
                notified: notice,
                amended,
                changes,
                stricter: merged.stricter_than(&before),
            }))
        })?;
        let edited = edited.unwrap_or_else(|| Edited {
            id: None,
            client: self.handle.clone(),
            effective: None,
            notified: None,
            amended: false,
            changes: Map::new(),
            stricter: Vec::new(),
        });
        let line = describe(&edited, today);
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
