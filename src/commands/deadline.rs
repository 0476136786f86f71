//! `expect deadline DURATION [--from TIME] [--reply]`: when a deadline falls
//! by the business calendar (SPEC 4). A range prints its target and limit.

use std::process::ExitCode;

use serde::Serialize;

use crate::context::Ctx;
use crate::error::parse_flag;
use crate::values::Span;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A duration or range: 4bh, 1bd, 1-2bd, 3d, 90m
    pub duration: String,
    /// Count from TIME [default: now]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub from: Option<String>,
    /// Start the clock at the first check time (config `check_times`)
    #[arg(long)]
    pub reply: bool,
}

#[derive(Debug, Serialize)]
struct View {
    from: String,
    start: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<String>,
    deadline: String,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let span = parse_flag("DURATION", &self.duration, str::parse::<Span>)?;
        let from = match &self.from {
            Some(s) => ctx.time("--from", s)?,
            None => ctx.now,
        };
        let clock = if self.reply { ctx.cal.reply_clock_start(from, &ctx.config.check_times) } else { from };
        let start = ctx.cal.clock_start(clock, span.limit());
        let deadline = ctx.cal.add(clock, span.limit());
        let target = span.is_range().then(|| ctx.cal.add(clock, span.target()));
        let local = |t: chrono::DateTime<chrono_tz::Tz>| t.format("%Y-%m-%dT%H:%M").to_string();
        let view = View {
            from: from.to_rfc3339(),
            start: start.to_rfc3339(),
            target: target.map(|t| t.to_rfc3339()),
            deadline: deadline.to_rfc3339(),
        };
        ctx.out.record(&view, || match target {
            Some(t) => format!("target {}\nlimit  {}", local(t), local(deadline)),
            None => local(deadline),
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
