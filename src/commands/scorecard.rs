//! `expect scorecard [--client C] [--since TIME]`: both sides' record over a
//! period (default: 90 days back), one row per active client
//! ([`reports::scorecard`]). Yours: the share of replies and of deliveries
//! made by their limit. Theirs: the share of invoices whose principal was
//! settled by the due date, the average days late of those paid late or
//! still unpaid, how often they went around the point of contact, and how
//! often they chased a message before the reply promised was due.

use std::process::ExitCode;

use crate::book::reports::{self, Share};
use crate::context::Ctx;
use crate::output::{Cell, Style};
use crate::values::{Duration, Unit};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    /// Start of the period (e.g. jan 1, last monday) [default: 90 days back]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub since: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let since = match self.since.as_deref() {
            Some(s) => ctx.time("--since", s)?,
            None => ctx.cal.sub(ctx.now, Duration::new(90, Unit::Days)),
        };
        let rows = reports::scorecard(&ctx.store()?.read(), &ctx.env(), self.client.as_deref(), since)?;
        let headers = [
            "client",
            "replies on time",
            "deliveries on time",
            "paid on time",
            "avg days late",
            "bypasses",
            "chasers",
        ];
        ctx.out.with_keys(reports::ScoreLine::KEYS).list(&rows, &headers, |r| {
            let pct = |v: &Option<Share>| {
                v.map_or_else(|| Cell::styled("-", Style::Dim), |s| Cell::from(s.percent()))
            };
            let count = |n: i64| if n > 0 { Cell::styled(n.to_string(), Style::Bad) } else { "0".into() };
            vec![
                r.client.clone().into(),
                pct(&r.replies_on_time),
                pct(&r.deliveries_on_time),
                pct(&r.invoices_paid_on_time),
                r.average_days_late.map_or_else(|| Cell::styled("-", Style::Dim), |d| d.to_string().into()),
                count(r.bypasses),
                count(r.chasers),
            ]
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
