//! `expect show-client`: a client's rules in force, upcoming rule changes,
//! contacts and current flags.

use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::context::Ctx;
use crate::flags::Flag;
use crate::rules::{rules_on, upcoming, RulesView};
use crate::store::clients::contacts;
use crate::store::rules::versions;
use crate::store::Db;

use super::check::{gather, Filter};
use super::find_client;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub handle: String,
}

/// A contact as shown.
#[derive(Debug, Serialize)]
pub struct ContactView {
    pub name: Option<String>,
    pub email: Option<String>,
    pub primary: bool,
    pub role: Option<String>,
    pub phone: Option<String>,
}

/// A rule change that takes effect after the as-of date.
#[derive(Debug, Serialize)]
pub struct ChangeView {
    pub effective: NaiveDate,
    pub notified: Option<NaiveDate>,
    /// The rules it sets, in canonical form (`null`: cleared).
    pub changes: Map<String, Value>,
    /// The rules it makes stricter for the client (these need notice).
    pub stricter: Vec<&'static str>,
}

/// Everything `show-client` shows (the JSON of SPEC 5).
#[derive(Debug, Serialize)]
pub struct ClientView {
    pub id: i64,
    pub handle: String,
    pub name: String,
    pub manager: String,
    pub currency: String,
    pub archived: bool,
    pub contacts: Vec<ContactView>,
    /// The date the rules are in force on (the as-of date).
    pub as_of: NaiveDate,
    pub rules: RulesView,
    pub upcoming: Vec<ChangeView>,
    pub flags: Vec<Flag>,
    /// Requests not delivered yet.
    pub open_requests: Vec<super::message_ops::MessageView>,
    /// Invoices with a principal balance (the keys of `invoices`).
    pub open_invoices: Vec<super::invoices::Row>,
    /// Contracts signed by the as-of date (the keys of `contracts`).
    pub contracts: Vec<super::contracts::ContractView>,
}

/// Builds the view of client `handle` as of the context's time.
pub fn client_view(db: &impl Db, ctx: &Ctx, handle: &str) -> anyhow::Result<ClientView> {
    let client = find_client(db, handle)?;
    let all = versions(db, client.id)?;
    let today = ctx.today();
    let rules = rules_on(&all, today);
    let upcoming = upcoming(&all, today)
        .into_iter()
        .map(|v| {
            let effective = v.effective.unwrap_or(today);
            let before = rules_on(&all, effective.pred_opt().unwrap_or(effective));
            let changes = v
                .patch
                .entries()
                .into_iter()
                .map(|(k, val)| {
                    (k.to_string(), if val.is_empty() { Value::Null } else { Value::String(val) })
                })
                .collect();
            ChangeView { effective, notified: v.notified, changes, stricter: v.patch.stricter_than(&before) }
        })
        .collect();
    let contacts = contacts(db, client.id)?
        .into_iter()
        .map(|c| ContactView {
            name: c.name,
            email: c.email,
            primary: c.primary,
            role: c.role,
            phone: c.phone,
        })
        .collect();
    let open_requests = super::message_ops::open_request_views(db, ctx, client.id)?;
    let open_invoices = super::invoices::list(db, ctx, Some(client.id), true)?;
    let flags = if client.archived {
        Vec::new()
    } else {
        gather(db, ctx, &Filter { client: Some(client.id), ..Filter::default() })?
    };
    Ok(ClientView {
        id: client.id,
        handle: client.handle,
        name: client.name,
        manager: client.manager,
        currency: client.currency,
        archived: client.archived,
        contacts,
        as_of: today,
        rules: rules.view(),
        upcoming,
        flags,
        open_requests,
        open_invoices,
        contracts: super::contracts::views(db, ctx, Some(client.id))?,
    })
}

impl ClientView {
    /// The human-readable page.
    pub fn render(&self) -> String {
        let mut s = format!("{} — {}\n", self.handle, self.name);
        s += &format!("manager {}, currency {}", self.manager, self.currency);
        if self.archived {
            s += ", archived";
        }
        s += "\n\ncontacts:\n";
        if self.contacts.is_empty() {
            s += "  (none: add one with `expect add-contact HANDLE PERSON --primary`)\n";
        }
        for c in &self.contacts {
            let who = match (&c.name, &c.email) {
                (Some(n), Some(e)) => format!("{n} <{e}>"),
                (Some(n), None) => n.clone(),
                (None, Some(e)) => e.clone(),
                (None, None) => String::new(),
            };
            let mut extra = Vec::new();
            if c.primary {
                extra.push("primary".to_string());
            }
            extra.extend(c.role.clone());
            extra.extend(c.phone.clone());
            let extra = if extra.is_empty() { String::new() } else { format!(" ({})", extra.join(", ")) };
            s += &format!("  {}{who}{extra}\n", if c.primary { "* " } else { "  " });
        }
        s += &format!("\nrules in force on {}:\n", self.as_of);
        for (name, value) in self.rules.pairs() {
            s += &format!("  {name:<14} {value}\n");
        }
        if !self.upcoming.is_empty() {
            s += "\nupcoming changes:\n";
            for c in &self.upcoming {
                let what: Vec<String> =
                    c.changes.iter().map(|(k, v)| format!("{k} {}", v.as_str().unwrap_or("none"))).collect();
                let notice = match (c.stricter.is_empty(), c.notified) {
                    (true, _) => String::new(),
                    (false, Some(d)) => format!(" (stricter; client told {d})"),
                    (false, None) => " (stricter; client not told yet)".to_string(),
                };
                s += &format!("  from {}: {}{notice}\n", c.effective, what.join(", "));
            }
        }
        if !self.open_requests.is_empty() {
            s += "\nopen requests:\n";
            for r in &self.open_requests {
                let due = r.due.as_deref().map_or("", |d| d.get(..16).unwrap_or(d)).replace('T', " ");
                s += &format!("  {} {} (due {due})\n", r.id, r.subject);
            }
        }
        s += "\ncontracts:\n";
        if self.contracts.is_empty() {
            s += "  (none: record one with `expect add-contract HANDLE --signed DATE`)\n";
        }
        for c in &self.contracts {
            s += &format!("  {}\n", c.line());
        }
        if !self.open_invoices.is_empty() {
            s += "\nopen invoices:\n";
            for i in &self.open_invoices {
                s += &format!(
                    "  {} {} {} outstanding, due {} ({})\n",
                    i.invoice,
                    i.currency,
                    i.outstanding.grouped(),
                    i.due,
                    i.status
                );
            }
        }
        if !self.flags.is_empty() {
            s += "\nflags:\n";
            for f in &self.flags {
                s += &format!("  {} {}: {}\n", f.code, f.subject, f.detail);
            }
        }
        s
    }
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let store = ctx.store()?;
        let view = client_view(&store.read(), ctx, &self.handle)?;
        ctx.out.record(&view, || view.render())?;
        Ok(ExitCode::SUCCESS)
    }
}
