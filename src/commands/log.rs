//! `expect log CLIENT --from PERSON [--to MEMBER] [--via CHANNEL] [--at TIME]
//! [--request] [--wants TIME] [--fyi] SUBJECT...`: records an inbound message
//! (through [`messages::record_message`]) with its deadlines, from the rules
//! in force when it arrived.

use std::process::ExitCode;

use crate::book::messages::{self, Inbound};
use crate::calendar::TimeInput;
use crate::context::Ctx;
use crate::error::{parse_flag, UserError};
use crate::rules::parse_channels;
use crate::values::{ParseError, Person};

use super::shared::{at_or_now, text};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub client: String,
    /// The sender: "Jane Doe <jane@acme.example>", an e-mail, or a name
    #[arg(long, value_name = "PERSON")]
    pub from: String,
    /// The team member it was sent to [default: the client's manager]
    #[arg(long, value_name = "MEMBER")]
    pub to: Option<String>,
    /// The channel it came by
    #[arg(long, value_name = "CHANNEL", default_value = "email")]
    pub via: String,
    /// When it arrived (e.g. 9:30am, yesterday 16:00) [default: now]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub at: Option<String>,
    /// It asks for work
    #[arg(long)]
    pub request: bool,
    /// When the client wants the work done (e.g. friday 16:00, +2bd; implies --request; +N
    /// counts from --at)
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub wants: Option<String>,
    /// It needs no reply
    #[arg(long)]
    pub fyi: bool,
    /// What it is about
    #[arg(required = true, value_name = "SUBJECT")]
    pub subject: Vec<String>,
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let from = parse_flag("--from", &self.from, str::parse::<Person>)?;
        let via = parse_flag("--via", &self.via, |s| match parse_channels(s).as_deref() {
            Ok([one]) => Ok(one.clone()),
            _ => Err(ParseError::new("expected one channel name, e.g. email or basecamp")),
        })?;
        let subject = text("SUBJECT", &self.subject.join(" "))?;
        let at = at_or_now(ctx, self.at.as_deref())?;
        let wants = match &self.wants {
            Some(s) => {
                let input = parse_flag("--wants", s, str::parse::<TimeInput>)?;
                Some(
                    ctx.cal
                        .resolve_wants(&input, at, ctx.now)
                        .map_err(|e| UserError::bad_value("--wants", s, &e))?,
                )
            }
            None => None,
        };
        let inbound = Inbound {
            client: self.client,
            from,
            to: self.to,
            via,
            at,
            subject,
            request: self.request,
            wants,
            fyi: self.fyi,
            message_id: None,
            follow_up_of: None,
        };
        let env = ctx.env();
        let view = ctx.store()?.write(|tx| messages::record_message(tx, &env, &inbound))?;
        ctx.out.record(&view, || format!("logged message {}", view.id))?;
        Ok(ExitCode::SUCCESS)
    }
}
