//! `expect request ID [--wants TIME]`: a logged message turns out to ask for
//! work; it becomes a request with start and delivery deadlines from the
//! rules in force when it arrived ([`requests::make_request`]).

use std::process::ExitCode;

use crate::book::{requests, BookError};
use crate::calendar::TimeInput;
use crate::context::Ctx;
use crate::error::{parse_flag, UserError};

use super::shared::record_id;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The message number (see `expect messages`)
    pub id: String,
    /// When the client wants the work done (e.g. friday 16:00, +2bd; +N counts from its arrival)
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub wants: Option<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let id = record_id(&self.id, "a message number, e.g. 12")?;
        let wants =
            self.wants.as_deref().map(|s| parse_flag("--wants", s, str::parse::<TimeInput>)).transpose()?;
        let env = ctx.env();
        let view = ctx.store()?.write(|tx| requests::make_request(tx, &env, id, wants.as_ref())).map_err(
            |e| match (e, self.wants.as_deref()) {
                (BookError::BadTime(why), Some(s)) => {
                    anyhow::Error::from(UserError::bad_value("--wants", s, &why))
                }
                (other, _) => other.into(),
            },
        )?;
        let due = view.due.map(|d| format!(", due {}", d.format("%Y-%m-%d %H:%M"))).unwrap_or_default();
        ctx.out.record(&view, || format!("message {id} is now a request{due}"))?;
        Ok(ExitCode::SUCCESS)
    }
}
