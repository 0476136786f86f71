//! `expect show-client`: a client's rules in force, upcoming rule changes,
//! contacts and mail domains, open requests and invoices, contracts and current flags
//! ([`clients::client_view`]).

use std::borrow::Cow;
use std::process::ExitCode;

use crate::book::clients::{self, ClientView};
use crate::book::contracts::ContractView;
use crate::context::Ctx;
use crate::letters::flat_words;
use crate::values::{Currency, Fee, Numbers};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub handle: String,
}

/// The value of rule `name` as the page shows it: a flat fee as money is
/// written in text (`USD 25.00`, `JPY 2,000`), anything else as stored.
fn shown<'a>(name: &str, text: &'a str, currency: Currency, n: Numbers) -> Cow<'a, str> {
    match name {
        "late_fee" | "rush_fee" => match text.parse::<Fee>() {
            Ok(Fee::Flat(d)) => Cow::Owned(flat_words(d, currency, n)),
            _ => Cow::Borrowed(text),
        },
        _ => Cow::Borrowed(text),
    }
}

/// The human-readable page.
fn render(v: &ClientView, n: Numbers) -> String {
    let mut s = format!("{} — {}\n", v.handle, v.name);
    s += &format!("manager {}, currency {}", v.manager, v.currency);
    if v.archived {
        s += ", archived";
    }
    s += "\n\ncontacts:\n";
    if v.contacts.is_empty() {
        s += "  (none: add one with `expect add-contact HANDLE PERSON --primary`)\n";
    }
    for c in &v.contacts {
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
    if !v.domains.is_empty() {
        s += &format!("\nmail domains: {}\n", v.domains.join(", "));
    }
    s += &format!("\nrules in force on {}:\n", v.as_of);
    for (name, value) in v.rules.pairs() {
        s += &format!("  {name:<14} {}\n", shown(name, &value, v.currency, n));
    }
    if let Some(words) = &v.interest_words {
        s += &format!("  ({words})\n");
    }
    if !v.upcoming.is_empty() {
        s += "\nupcoming changes:\n";
        for c in &v.upcoming {
            let what: Vec<String> = c
                .changes
                .iter()
                .map(|(k, val)| format!("{k} {}", shown(k, val.as_str().unwrap_or("none"), v.currency, n)))
                .collect();
            let notice = match (c.stricter.is_empty(), c.notified) {
                (true, _) => String::new(),
                (false, Some(d)) => format!(" (stricter; client told {d})"),
                (false, None) => " (stricter; client not told yet)".to_string(),
            };
            s += &format!("  from {}: {}{notice}\n", c.effective, what.join(", "));
        }
    }
    if !v.open_requests.is_empty() {
        s += "\nopen requests:\n";
        for r in &v.open_requests {
            let due = r.due.map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
            s += &format!("  {} {} (due {due})\n", r.id, r.subject);
        }
    }
    s += "\ncontracts:\n";
    if v.contracts.is_empty() {
        s += "  (none: record one with `expect add-contract HANDLE --signed DATE`)\n";
    }
    for c in &v.contracts {
        s += &format!("  {}\n", contract_line(c, n));
    }
    if !v.open_invoices.is_empty() {
        s += "\nopen invoices:\n";
        for i in &v.open_invoices {
            let charges = if i.charges_owed.money.0 == 0 {
                String::new()
            } else {
                format!(", late fee and interest owed {}", i.charges_owed.text(n))
            };
            s += &format!(
                "  {} {} outstanding{charges}, due {} ({})\n",
                i.invoice,
                i.outstanding.text(n),
                i.due,
                i.status
            );
        }
    }
    if !v.flags.is_empty() {
        s += "\nflags:\n";
        for f in &v.flags {
            s += &format!("  {} {}: {}\n", f.code, f.subject(), f.detail());
        }
    }
    s
}

/// One line for text pages: `2 signed 2026-01-05, hourly 120.00, until
/// 2027-01-04 (expired): payment, late-fee`.
fn contract_line(c: &ContractView, n: Numbers) -> String {
    let mut s = format!("{} signed {}", c.id, c.signed);
    if let Some(k) = &c.kind {
        s += &format!(", {k}");
    }
    if let Some(r) = &c.rate {
        s += &format!(" {}", r.text(n));
    }
    if let Some(e) = c.expires {
        s += &format!(", until {e}");
    }
    if !c.in_force {
        s += " (expired)";
    }
    s += &format!(": {}", c.covers.join(", "));
    if let Some(f) = &c.file {
        s += &format!(" [{f}]");
    }
    s
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let view = clients::client_view(&ctx.store()?.read(), &ctx.env(), &self.handle)?;
        ctx.out.record(&view, || render(&view, ctx.config.numbers))?;
        Ok(ExitCode::SUCCESS)
    }
}
