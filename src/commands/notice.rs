//! `expect notice CLIENT [--sent [DATE]]`: without `--sent`, a polite,
//! specific letter (plain text, ready to paste into an e-mail) announcing
//! the client's upcoming rule changes ([`contracts::notice`]). With
//! `--sent`, records the notice date on every version not yet in force on
//! DATE that has none ([`contracts::send_notice`]). No upcoming change is
//! said on stderr, exit 0.

use std::process::ExitCode;

use crate::book::contracts;
use crate::context::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub client: String,
    /// Record that the notice was sent on DATE (e.g. yesterday, last monday; `--sent=-2d` for a
    /// relative date) [default: today]
    #[arg(long, value_name = "DATE", num_args = 0..=1, default_missing_value = "today")]
    pub sent: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        if let Some(raw) = &self.sent {
            let date = ctx.past_date("--sent", raw)?;
            let env = ctx.env();
            let recorded = ctx.store()?.write(|tx| contracts::send_notice(tx, &env, &self.client, date))?;
            if recorded.changes.is_empty() {
                eprintln!(
                    "expect: {} has no upcoming rule changes without a notice date; nothing recorded",
                    recorded.client
                );
                return Ok(ExitCode::SUCCESS);
            }
            let line =
                format!("recorded notice to {} of {} change(s)", recorded.client, recorded.changes.len());
            ctx.out.record(&recorded, || line)?;
            return Ok(ExitCode::SUCCESS);
        }
        let Some(notice) = contracts::notice(&ctx.store()?.read(), &ctx.env(), &self.client)? else {
            eprintln!("expect: {} has no upcoming rule changes to announce", self.client);
            return Ok(ExitCode::SUCCESS);
        };
        ctx.out.record(&notice, || notice.letter.clone())?;
        Ok(ExitCode::SUCCESS)
    }
}
