//! `expect deadline DURATION [--from TIME] [--reply]`: when a deadline falls
//! by the business calendar (SPEC 4). A range prints its target and limit.

use std::process::ExitCode;

use crate::book::work;
use crate::context::Ctx;
use crate::error::parse_flag;
use crate::values::Span;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A duration or range: 4bh, 1bd, 1-2bd, 3d, 90m
    pub duration: String,
    /// Count from TIME (e.g. friday 16:00, tomorrow 9:00) [default: now]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub from: Option<String>,
    /// Start the clock at the first check time (config `check_times`)
    #[arg(long)]
    pub reply: bool,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let span = parse_flag("DURATION", &self.duration, str::parse::<Span>)?;
        let from = match &self.from {
            Some(s) => ctx.time("--from", s)?,
            None => ctx.now,
        };
        let view = work::deadline(&ctx.env(), span, from, self.reply);
        let local = |t: chrono::DateTime<chrono_tz::Tz>| t.format("%Y-%m-%dT%H:%M").to_string();
        ctx.out.record(&view, || match view.target {
            Some(t) => format!("target {}\nlimit  {}", local(t), local(view.deadline)),
            None => local(view.deadline),
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
