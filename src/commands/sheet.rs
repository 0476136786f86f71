//! `expect sheet CLIENT`: the client's expectations sheet in Markdown, from
//! the rules in force on the as-of date: who talks to whom, how to reach
//! you, when you reply, payment terms and what happens when payment is
//! late, turnaround, start, cut-off and rush. Every value is shown in its
//! canonical form (as typed: `net30`, `1-2bd`, `fri 16:00`) with its
//! meaning in plain words. Also the plain-words phrasing of rules that
//! `notice` shares.

use std::process::ExitCode;

use chrono::Weekday;
use serde::Serialize;

use crate::context::Ctx;
use crate::money::ReferenceRates;
use crate::rules::{rules_on, Rules, RulesView};
use crate::store::clients::contacts;
use crate::store::members::member_by_handle;
use crate::store::rules::versions;
use crate::values::{Cutoff, Fee, Rate, RatePeriod, Terms};

use super::find_client;
use super::signature::{duration_words, join_words, span_words};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub client: String,
}

#[derive(Debug, Serialize)]
struct Sheet {
    client: String,
    as_of: chrono::NaiveDate,
    rules: RulesView,
    markdown: String,
}

fn plural(n: u32, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// When an invoice on these terms is due, in words.
pub fn terms_words(t: Terms) -> String {
    match t {
        Terms::Receipt => "on the day it is issued".into(),
        Terms::Net(n) => format!("{} after it is issued", plural(n, "day")),
        Terms::Eom(0) => "on the last day of the month it is issued in".into(),
        Terms::Eom(n) => format!("{} after the end of the month it is issued in", plural(n, "day")),
    }
}

/// A late fee in words: `5% of the overdue balance`, `a flat 25.00`.
pub fn late_fee_words(f: Fee, currency: &str) -> String {
    match f {
        Fee::Percent(p) => format!("{p} of the overdue balance"),
        Fee::Flat(m) => format!("a flat {currency} {}", m.grouped()),
    }
}

/// An interest rate in words: `1.5% a month (18% a year)`.
pub fn interest_words(r: Rate) -> String {
    match r.per {
        RatePeriod::Month => format!("{} a month ({} a year)", r.percent, r.annual()),
        RatePeriod::Year => format!("{} a year", r.percent),
    }
}

/// A cut-off in words: `after 16:00 on Fridays`, `after 16:00 on working days`.
pub fn cutoff_words(c: Cutoff) -> String {
    let time = c.time.format("%H:%M");
    match c.weekday {
        Some(d) => format!("after {time} on {}s", weekday_name(d)),
        None => format!("after {time} on any working day"),
    }
}

/// A rush fee in words: `50% on top of the normal price`, `a flat 25.00`.
pub fn rush_fee_words(f: Fee, currency: &str) -> String {
    match f {
        Fee::Percent(p) => format!("{p} on top of the normal price"),
        Fee::Flat(m) => format!("a flat {currency} {} on top of the normal price", m.grouped()),
    }
}

/// The sheet in Markdown.
#[allow(clippy::too_many_arguments)]
pub fn render(
    name: &str,
    contact: Option<&str>,
    manager: &str,
    rules: &Rules,
    currency: &str,
    business_hours: &str,
    check_times: &[String],
    as_of: chrono::NaiveDate,
) -> String {
    let v = rules.view();
    let mut s = format!("# Working together: {name}\n\n");
    s += &format!("What we agreed, in force on {as_of}. Values in `code` are the terms as written.\n\n");

    s += "## Who talks to whom\n\n";
    s += &format!(
        "- **Your primary contact:** {}\n",
        contact.unwrap_or("not named yet (please tell us who it is)")
    );
    s += &format!("- **Your manager with us:** {manager}\n");
    s += "- Requests come from your primary contact and go to your manager with us, so nothing is lost \
          between people.\n\n";

    s += "## How to reach us\n\n";
    s += &format!(
        "- **Channels:** `{}`: please use {} only.\n",
        v.channels.join(","),
        join_words(&rules.channels)
    );
    s += &format!("- **Business hours:** {business_hours}.\n\n");

    s += "## When we reply\n\n";
    let response = if rules.response.is_range() {
        format!(
            "we aim to reply within {} and always within {}",
            duration_words(rules.response.low),
            duration_words(rules.response.high)
        )
    } else {
        format!("we reply within {}", span_words(rules.response))
    };
    s += &format!("- **Response:** `{}`: {response}.\n", v.response);
    if check_times.is_empty() {
        s += "- **Check times:** none set: we read messages through the business day.\n\n";
    } else {
        s += &format!(
            "- **Check times:** `{}`: we read messages at {}; the reply clock starts then.\n\n",
            check_times.join(","),
            join_words(check_times)
        );
    }

    s += "## Payment\n\n";
    s += &format!("- **Terms:** `{}`: an invoice is due {}.\n", v.terms, terms_words(rules.terms));
    s += &format!(
        "- **Grace:** `{}`: an invoice counts as late {} after its due date.\n",
        v.grace,
        plural(rules.grace + 1, "day")
    );
    s += "\n### When payment is late\n\n";
    s += &match rules.late_fee {
        Some(f) => format!(
            "- **Late fee:** `{f}`: {} is added once the invoice is late.\n",
            late_fee_words(f, currency)
        ),
        None => "- **Late fee:** none.\n".to_string(),
    };
    s += &match rules.interest {
        Some(r) => format!(
            "- **Interest:** `{r}`: {} on the overdue balance, while it is late.\n",
            interest_words(crate::money::statutory::rate_on(r, as_of, ReferenceRates::builtin()))
        ),
        None => "- **Interest:** none.\n".to_string(),
    };
    s += &match rules.suspend_after {
        Some(n) => format!(
            "- **Suspension:** `{n}d`: work may be paused once an invoice is {} late, until it is paid.\n",
            plural(n, "day")
        ),
        None => "- **Suspension:** none: work is not paused for late payment.\n".to_string(),
    };
    if rules.phase_gating {
        s += "- **Phases:** `on`: each project phase starts once the previous phase is paid.\n";
    } else {
        s += "- **Phases:** `off`: a phase may start before the previous one is paid.\n";
    }
    s += "\n## Turnaround\n\n";
    s += &format!(
        "- **Start:** `{}`: new work starts within {}.\n",
        v.start_within,
        duration_words(rules.start_within)
    );
    s += &format!(
        "- **Turnaround:** `{}`: work is delivered within {}.\n",
        v.turnaround,
        duration_words(rules.turnaround)
    );
    s += &match rules.cutoff {
        Some(c) => format!(
            "- **Cut-off:** `{c}`: requests that arrive {} count from the next business day.\n",
            cutoff_words(c)
        ),
        None => "- **Cut-off:** none.\n".to_string(),
    };
    s += &match rules.rush_fee {
        Some(f) => format!(
            "- **Rush:** `{f}`: work wanted sooner than the turnaround costs {}.\n",
            rush_fee_words(f, currency)
        ),
        None => {
            "- **Rush:** no rush fee; work wanted sooner than the turnaround is by arrangement.\n".to_string()
        }
    };
    s += &format!(
        "\n## Changes\n\n- **Notice:** `{}`: we announce any stricter change at least {} before it takes effect.\n",
        v.notice_period,
        plural(rules.notice_period, "day")
    );
    s
}

/// `Monday–Friday 09:00–17:00 (UTC)`.
pub fn business_hours(ctx: &Ctx) -> String {
    let days = ctx.cal.weekdays();
    let consecutive = days.windows(2).all(|w| w[1].num_days_from_monday() == w[0].num_days_from_monday() + 1);
    let names: Vec<String> = days.iter().map(|d| weekday_name(*d).to_string()).collect();
    let day_text = match (consecutive && days.len() > 2, days.first(), days.last()) {
        (true, Some(a), Some(b)) => format!("{}–{}", weekday_name(*a), weekday_name(*b)),
        _ => join_words(&names),
    };
    format!(
        "{day_text} {}–{} ({})",
        ctx.cal.open().format("%H:%M"),
        ctx.cal.close().format("%H:%M"),
        ctx.cal.tz()
    )
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let store = ctx.store()?;
        let db = store.read();
        let client = find_client(&db, &self.client)?;
        let today = ctx.today();
        let rules = rules_on(&versions(&db, client.id)?, today);
        let contact = contacts(&db, client.id)?.into_iter().find(|c| c.primary).map(|c| c.display());
        let manager = match member_by_handle(&db, &client.manager)? {
            Some(m) => match m.email {
                Some(e) => format!("{} <{e}>", m.name),
                None => m.name,
            },
            None => client.manager.clone(),
        };
        let mut times = ctx.config.check_times.clone();
        times.sort_unstable();
        let times: Vec<String> = times.iter().map(|t| t.format("%H:%M").to_string()).collect();
        let markdown = render(
            &client.name,
            contact.as_deref(),
            &manager,
            &rules,
            &client.currency,
            &business_hours(ctx),
            &times,
            today,
        );
        let sheet =
            Sheet { client: client.handle, as_of: today, rules: rules.view(), markdown: markdown.clone() };
        ctx.out.record(&sheet, || markdown)?;
        Ok(ExitCode::SUCCESS)
    }
}
