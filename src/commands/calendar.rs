//! `expect calendar [--ics]`: every open deadline as of now — invoice due
//! dates, reply limits, start-by and delivery times of requests, items the
//! client owes, contracts' last days and the last day to send notice of a
//! stricter rule change ([`reports::deadlines`]) — as a list, or as an
//! iCalendar feed to subscribe to ([`feed::ics`]: UIDs unique across
//! databases and stable across runs, an unchanged book giving the same
//! bytes). Rows carry the feed's `uid`, the `date` and, for a deadline at
//! an instant, its `time`. An invoice's item names the principal still
//! owed on the as-of date: plain (`2250.00 USD`) in JSON, CSV and the feed,
//! with thousands separators in the table.

use std::process::ExitCode;

use serde::Serialize;

use crate::book::reports::{self, When};
use crate::calendar::feed;
use crate::context::Ctx;
use crate::output::{Cell, Style};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print an iCalendar (.ics) feed instead of a list
    #[arg(long)]
    pub ics: bool,
}

/// The JSON keys of a listed row (the CSV header, also of an empty list).
const KEYS: &[&str] = &["uid", "kind", "client", "subject", "date", "time", "what"];

#[derive(Debug, Serialize)]
struct Row {
    uid: String,
    kind: &'static str,
    client: String,
    subject: String,
    /// `YYYY-MM-DD`: the day, or the local date of the instant.
    date: String,
    /// RFC 3339 for a deadline at an instant; null for an all-day one.
    time: Option<String>,
    /// Money without separators (SPEC 2).
    what: String,
    #[serde(skip)]
    shown_what: String,
    #[serde(skip)]
    overdue: bool,
    #[serde(skip)]
    shown_due: String,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let env = ctx.env();
        let today = ctx.today();
        let deadlines = reports::deadlines(&ctx.store()?.read(), &env)?;
        if self.ics {
            ctx.out.text(&feed::ics(&deadlines.items, &deadlines.book, ctx.config.numbers))?;
            return Ok(ExitCode::SUCCESS);
        }
        let now = ctx.now_ts();
        let rows: Vec<Row> = deadlines
            .items
            .iter()
            .map(|d| {
                let (date, time, shown_due, overdue) = match d.when {
                    When::Day(day) => (day.to_string(), None, day.to_string(), day < today),
                    When::At(ts) => {
                        let t = env.instant(ts);
                        let shown = t.format("%Y-%m-%d %H:%M").to_string();
                        (t.date_naive().to_string(), Some(t.to_rfc3339()), shown, ts < now)
                    }
                };
                Row {
                    uid: d.uid(&deadlines.book),
                    kind: d.kind.as_str(),
                    client: d.client.clone(),
                    subject: d.subject(),
                    date,
                    time,
                    what: d.what.plain(),
                    shown_what: d.what.text(ctx.config.numbers),
                    overdue,
                    shown_due,
                }
            })
            .collect();
        ctx.out.with_keys(KEYS).list(&rows, &["due", "kind", "client", "subject", "what"], |r| {
            vec![
                if r.overdue {
                    Cell::styled(r.shown_due.clone(), Style::Bad)
                } else {
                    r.shown_due.clone().into()
                },
                r.kind.into(),
                r.client.clone().into(),
                r.subject.clone().into(),
                r.shown_what.clone().into(),
            ]
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
