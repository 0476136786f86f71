//! `expect check`: every broken expectation as of now. It gathers the flags
//! of every detector, hides dismissed ones and past events older than
//! `--since`, and exits 1 when a violation is listed.

use std::process::ExitCode;

use chrono::{DateTime, FixedOffset};

use crate::context::Ctx;
use crate::error::parse_flag;
use crate::flags::contact::{no_contact, ClientWithoutContact};
use crate::flags::{self, Code, Flag, Severity};
use crate::output::{Cell, Style};
use crate::store::clients::clients_without_primary;
use crate::store::dismissals::dismissed;
use crate::store::Db;
use crate::values::{Duration, Unit};

use super::find_client;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    /// Only these codes, e.g. overdue-invoice,late-reply
    #[arg(long, value_name = "CODE,...")]
    pub only: Option<String>,
    /// List past events from TIME on [default: 7 days back]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Warn of deadlines this close [default: the config's `soon`]
    #[arg(long, value_name = "DURATION")]
    pub soon: Option<String>,
    /// Show dismissed flags too
    #[arg(long)]
    pub all: bool,
}

/// Which flags to gather.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub client: Option<i64>,
    pub only: Vec<Code>,
    /// Events before this are not listed (default: 7 days before as-of).
    pub since: Option<DateTime<FixedOffset>>,
    pub soon: Option<Duration>,
    /// Include dismissed flags.
    pub all: bool,
}

/// Every flag as of the context's time that passes `filter`, sorted.
pub fn gather(db: &impl Db, ctx: &Ctx, filter: &Filter) -> anyhow::Result<Vec<Flag>> {
    let since =
        filter.since.unwrap_or_else(|| ctx.cal.sub(ctx.now, Duration::new(7, Unit::Days)).fixed_offset());
    let mut out = Vec::new();

    let without: Vec<ClientWithoutContact<_>> = clients_without_primary(db, filter.client)?
        .into_iter()
        .map(|(handle, name, created)| ClientWithoutContact { handle, name, since: ctx.instant(created) })
        .collect();
    out.extend(no_contact(&without));
    out.extend(super::message_ops::check_flags(db, ctx, filter.client, filter.soon, since)?);
    out.extend(super::overdue::flags(db, ctx, filter.client)?);
    out.extend(super::start_phase::flags(db, ctx, filter.client)?);
    out.extend(super::contracts::check_flags(db, ctx, filter.client)?);

    debug_assert!(
        out.iter().all(|f| !f.event || f.code.can_be_event()),
        "an event flag of a state-only code"
    );
    out.retain(|f| filter.only.is_empty() || filter.only.contains(&f.code));
    out.retain(|f| !f.event || f.at >= since);
    let hidden = dismissed(db)?;
    if filter.all {
        for f in &mut out {
            f.dismissed = hidden.contains(&f.key);
        }
    } else {
        out.retain(|f| !hidden.contains(&f.key));
    }
    flags::sort(&mut out);
    Ok(out)
}

/// The exit status for a list of flags: 1 when an undismissed violation is
/// listed.
pub fn status(flags: &[Flag]) -> ExitCode {
    if flags.iter().any(|f| f.severity == Severity::Violation && !f.dismissed) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints flags in the chosen format.
pub fn print(ctx: &Ctx, flags: &[Flag]) -> anyhow::Result<()> {
    ctx.out.list(flags, &["at", "client", "code", "severity", "subject", "detail"], |f| {
        let style = match f.severity {
            Severity::Violation => Style::Bad,
            Severity::Warning => Style::Warn,
        };
        vec![
            f.at.format("%Y-%m-%d %H:%M").to_string().into(),
            f.client.clone().into(),
            Cell::styled(f.code.as_str(), style),
            Cell::styled(
                format!("{}{}", f.severity.as_str(), if f.dismissed { " (dismissed)" } else { "" }),
                if f.dismissed { Style::Dim } else { style },
            ),
            f.subject.clone().into(),
            f.detail.clone().into(),
        ]
    })
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let only = match &self.only {
            Some(list) => list
                .split(',')
                .map(|c| parse_flag("--only", c, str::parse::<Code>))
                .collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
        };
        let since = self.since.as_deref().map(|s| ctx.time("--since", s)).transpose()?;
        let soon =
            self.soon.as_deref().map(|s| parse_flag("--soon", s, str::parse::<Duration>)).transpose()?;
        let store = ctx.store()?;
        let db = store.read();
        let client = self.client.as_deref().map(|h| find_client(&db, h)).transpose()?;
        let filter = Filter {
            client: client.map(|c| c.id),
            only,
            since: since.map(|t| t.fixed_offset()),
            soon,
            all: self.all,
        };
        let flags = gather(&db, ctx, &filter)?;
        print(ctx, &flags)?;
        Ok(status(&flags))
    }
}
