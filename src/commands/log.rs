//! `expect log CLIENT --from PERSON [--to MEMBER] [--via CHANNEL] [--at TIME]
//! [--request] [--wants TIME] [--fyi] SUBJECT...`: records an inbound message
//! with its deadlines, from the rules in force when it arrived. Whether it
//! bypassed the single point of contact or came by a channel not agreed is
//! decided, and kept, now.

use std::process::ExitCode;

use crate::calendar::TimeInput;
use crate::context::Ctx;
use crate::error::{parse_flag, UserError};
use crate::rules::{parse_channels, rules_on};
use crate::store::clients::{contacts, find_contact, insert_contact, update_contact, NewContact};
use crate::store::messages::{insert_message, NewMessage};
use crate::store::rules::versions;
use crate::values::{ParseError, Person};

use super::message_ops::{deadlines, find_message, MessageView};
use super::{find_client, find_member, text};

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
    /// When it arrived [default: now]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub at: Option<String>,
    /// It asks for work
    #[arg(long)]
    pub request: bool,
    /// When the client wants the work done (implies --request; relative to --at)
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
        let person = parse_flag("--from", &self.from, str::parse::<Person>)?;
        let via = parse_flag("--via", &self.via, |s| match parse_channels(s).as_deref() {
            Ok([one]) => Ok(one.clone()),
            _ => Err(ParseError::new("expected one channel name, e.g. email or basecamp")),
        })?;
        let subject = text("SUBJECT", &self.subject.join(" "))?;
        let at = match &self.at {
            Some(s) => ctx.past_time("--at", s)?,
            None => ctx.now,
        };
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
        let is_request = self.request || wants.is_some();
        let mut store = ctx.store()?;
        let row = store.write(|tx| {
            let client = find_client(tx, &self.client)?;
            let to = match &self.to {
                Some(h) => find_member(tx, h)?.id,
                None => client.manager_id,
            };
            let (name, email) = (person.name.as_deref(), person.email.as_deref());
            let from = match find_contact(tx, client.id, name, email)? {
                Some(c) => {
                    // Fill in what was not known yet; never overwrite.
                    let fill = NewContact {
                        name: name.filter(|_| c.name.is_none()),
                        email: email.filter(|_| c.email.is_none()),
                        ..NewContact::default()
                    };
                    if fill.name.is_some() || fill.email.is_some() {
                        update_contact(tx, &c, &fill)?;
                    }
                    c.id
                }
                None => insert_contact(tx, client.id, &NewContact { name, email, ..NewContact::default() })?,
            };
            let primary = contacts(tx, client.id)?.into_iter().find(|c| c.primary).map(|c| c.id);
            let bypassed = primary.is_some_and(|p| p != from) || to != client.manager_id;
            let rules = rules_on(&versions(tx, client.id)?, at.date_naive());
            let d = deadlines(&ctx.cal, &rules, &ctx.config.check_times, at, is_request, self.fyi, wants);
            let ts = |t: Option<chrono::DateTime<chrono_tz::Tz>>| t.map(|t| t.timestamp());
            let id = insert_message(
                tx,
                &NewMessage {
                    client_id: client.id,
                    from_contact: from,
                    to_member: to,
                    via: &via,
                    at: at.timestamp(),
                    subject: &subject,
                    is_request,
                    fyi: self.fyi,
                    wants: ts(wants),
                    bypassed,
                    wrong_channel: !rules.channels.contains(&via),
                    clock_from: ts(d.clock_from),
                    reply_target: ts(d.reply_target),
                    reply_by: ts(d.reply_by),
                    start_by: ts(d.start_by),
                    due: ts(d.due),
                    rush: d.rush,
                },
            )?;
            find_message(tx, id)
        })?;
        let view = MessageView::new(ctx, &row);
        ctx.out.record(&view, || format!("logged message {}", row.id))?;
        Ok(ExitCode::SUCCESS)
    }
}
