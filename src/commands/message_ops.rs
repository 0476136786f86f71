//! What the message commands share: the deadlines of a new message (from
//! the rules in force at arrival, with the business calendar), the JSON view
//! of a message, marking a message replied / closed / started / delivered,
//! and the communication flags `check` gathers.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveTime};
use chrono_tz::Tz;
use serde::Serialize;

use crate::calendar::Calendar;
use crate::context::Ctx;
use crate::error::{parse_flag, UserError};
use crate::flags::communication::{client_late, message_flags, Clock, MessageFacts, OwedItem};
use crate::flags::Flag;
use crate::rules::{rules_on, RuleVersion, Rules};
use crate::store::messages::{for_check, message, open_requests, set_mark, Mark, MessageRow};
use crate::store::rules::versions;
use crate::store::waiting::late_items;
use crate::store::Db;
use crate::values::Duration;

/// The deadlines of a message, decided when it is logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// The next opening when a request arrived at or after a cutoff.
    pub clock_from: Option<DateTime<Tz>>,
    pub reply_target: Option<DateTime<Tz>>,
    pub reply_by: Option<DateTime<Tz>>,
    pub start_by: Option<DateTime<Tz>>,
    pub due: Option<DateTime<Tz>>,
    /// `wants` is earlier than `due`.
    pub rush: bool,
}

/// Deadlines of a message arriving at `at` under `rules` (those in force at
/// arrival): the reply from the reply clock start (check times apply), start
/// and delivery of a request from its arrival or, after a cutoff, from the
/// next opening. A `--fyi` message has no reply deadline.
pub fn deadlines(
    cal: &Calendar,
    rules: &Rules,
    check_times: &[NaiveTime],
    at: DateTime<Tz>,
    is_request: bool,
    fyi: bool,
    wants: Option<DateTime<Tz>>,
) -> Deadlines {
    let (reply_target, reply_by) = if fyi {
        (None, None)
    } else {
        let clock = cal.reply_clock_start(at, check_times);
        (Some(cal.add(clock, rules.response.target())), Some(cal.add(clock, rules.response.limit())))
    };
    if !is_request {
        return Deadlines {
            clock_from: None,
            reply_target,
            reply_by,
            start_by: None,
            due: None,
            rush: false,
        };
    }
    let clock_from = rules.cutoff.as_ref().and_then(|c| cal.after_cutoff(at, c));
    let base = clock_from.unwrap_or(at);
    let due = cal.add(base, rules.turnaround);
    Deadlines {
        clock_from,
        reply_target,
        reply_by,
        start_by: Some(cal.add(base, rules.start_within)),
        due: Some(due),
        rush: wants.is_some_and(|w| w < due),
    }
}

/// A message as listed and as `log` prints it in JSON (SPEC 7 keys first).
/// Replies, closes, starts and deliveries after the as-of time show as null.
#[derive(Debug, Clone, Serialize)]
pub struct MessageView {
    pub id: i64,
    pub client: String,
    pub from: String,
    pub to: String,
    pub via: String,
    pub at: String,
    pub subject: String,
    pub request: bool,
    pub wants: Option<String>,
    pub reply_target: Option<String>,
    pub reply_by: Option<String>,
    pub replied_at: Option<String>,
    pub start_by: Option<String>,
    pub started_at: Option<String>,
    pub due: Option<String>,
    pub delivered_at: Option<String>,
    pub fyi: bool,
    pub closed_at: Option<String>,
    pub bypassed: bool,
    pub wrong_channel: bool,
    /// When the request's clock starts, if it arrived after a cutoff.
    pub clock_from: Option<String>,
    pub rush: bool,
    /// Awaiting a reply or, for a request, its delivery (as of now).
    pub open: bool,
}

impl MessageView {
    pub fn new(ctx: &Ctx, m: &MessageRow) -> MessageView {
        let now = ctx.now_ts();
        let t = |v: Option<i64>| v.map(|ts| ctx.rfc3339(ts));
        let done = |v: Option<i64>| v.filter(|ts| *ts <= now);
        let replied = done(m.replied_at);
        let closed = done(m.closed_at);
        let delivered = done(m.delivered_at);
        let awaiting_reply = !m.fyi && replied.is_none() && closed.is_none();
        MessageView {
            id: m.id,
            client: m.client.clone(),
            from: m.from(),
            to: m.to.clone(),
            via: m.via.clone(),
            at: ctx.rfc3339(m.at),
            subject: m.subject.clone(),
            request: m.is_request,
            wants: t(m.wants),
            reply_target: t(m.reply_target),
            reply_by: t(m.reply_by),
            replied_at: t(replied),
            start_by: t(m.start_by),
            started_at: t(done(m.started_at)),
            due: t(m.due),
            delivered_at: t(delivered),
            fyi: m.fyi,
            closed_at: t(closed),
            bypassed: m.bypassed,
            wrong_channel: m.wrong_channel,
            clock_from: t(m.clock_from),
            rush: m.rush,
            open: awaiting_reply || (m.is_request && delivered.is_none()),
        }
    }
}

/// The message id given as `ID`.
pub fn parse_id(s: &str) -> Result<i64, UserError> {
    parse_flag("ID", s, |v| {
        v.trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| crate::values::ParseError::new("expected a message number, e.g. 12"))
    })
}

/// The message `id`, or an "unknown message" error.
pub fn find_message(db: &impl Db, id: i64) -> anyhow::Result<MessageRow> {
    message(db, id)?.ok_or_else(|| UserError::unknown("message", &id.to_string(), "messages").into())
}

/// Records `mark` on message `id` at `at` (default now) and prints the
/// confirmation; delivering also starts a request not started yet.
pub fn mark(ctx: &Ctx, id: &str, at: Option<&str>, mark: Mark) -> anyhow::Result<()> {
    let id = parse_id(id)?;
    let when = match at {
        Some(s) => ctx.past_time("--at", s)?,
        None => ctx.now,
    };
    let ts = when.timestamp();
    let mut store = ctx.store()?;
    let row = store.write(|tx| {
        let m = find_message(tx, id)?;
        if matches!(mark, Mark::Started | Mark::Delivered) && !m.is_request {
            return Err(UserError::new(format!("message {id} is not a request"))
                .with_hint("only requests (logged with --request or --wants) are started and delivered")
                .into());
        }
        if ts < m.at {
            return Err(UserError::new(format!(
                "--at {}: before message {id} arrived ({})",
                ctx.local(ts),
                ctx.local(m.at)
            ))
            .with_hint("give the time it happened, e.g. --at now")
            .into());
        }
        let (already, what) = match mark {
            Mark::Replied => (m.replied_at, "answered"),
            Mark::Closed => (m.closed_at, "closed"),
            Mark::Started => (m.started_at, "started"),
            Mark::Delivered => (m.delivered_at, "delivered"),
        };
        if let Some(t) = already {
            return Err(UserError::new(format!("message {id} was already {what} ({})", ctx.local(t))).into());
        }
        set_mark(tx, id, mark, ts)?;
        if mark == Mark::Delivered && m.started_at.is_none() {
            set_mark(tx, id, Mark::Started, ts)?;
        }
        // Delivering the work answers the request, if nothing else did.
        if mark == Mark::Delivered && m.replied_at.is_none() && m.closed_at.is_none() && !m.fyi {
            set_mark(tx, id, Mark::Replied, ts)?;
        }
        find_message(tx, id)
    })?;
    let view = MessageView::new(ctx, &row);
    let verb = match mark {
        Mark::Replied => "replied to",
        Mark::Closed => "closed",
        Mark::Started => "started",
        Mark::Delivered => "delivered",
    };
    ctx.out.record(&view, || format!("{verb} message {id}"))
}

/// A client's requests not delivered as of now.
pub fn open_request_views(db: &impl Db, ctx: &Ctx, client_id: i64) -> anyhow::Result<Vec<MessageView>> {
    Ok(open_requests(db, client_id, ctx.now_ts())?.iter().map(|m| MessageView::new(ctx, m)).collect())
}

/// The communication flags of `check`: those of every message it must look
/// at (open ones near or past a deadline, and those with an event since
/// `since`), and `client-late` for items the client owes.
pub fn check_flags(
    db: &impl Db,
    ctx: &Ctx,
    client: Option<i64>,
    soon: Option<Duration>,
    since: DateTime<FixedOffset>,
) -> anyhow::Result<Vec<Flag>> {
    let now = ctx.now;
    let horizon = ctx.cal.add(now, soon.unwrap_or(ctx.config.soon)).max(now);
    let clock = Clock { now, horizon };
    let since_ts = since.timestamp();
    let rows = for_check(db, client, now.timestamp(), horizon.timestamp(), since_ts)?;
    let mut cache: HashMap<i64, Vec<RuleVersion>> = HashMap::new();
    let mut out = Vec::new();
    for m in &rows {
        // The rules at arrival only name things in the details of events
        // that will be listed.
        let needs_rules = m.at >= since_ts && (m.wrong_channel || m.rush || m.clock_from.is_some());
        let rules = if needs_rules {
            let all = match cache.entry(m.client_id) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(versions(db, m.client_id)?),
            };
            (!all.is_empty()).then(|| rules_on(all, ctx.instant(m.at).date_naive()))
        } else {
            None
        };
        out.extend(message_flags(&facts(ctx, m, rules.as_ref()), &clock));
    }
    let today = ctx.today();
    let items: Vec<OwedItem> = late_items(db, client, now.timestamp(), today)?
        .into_iter()
        .map(|w| OwedItem {
            id: w.id,
            client: w.client,
            what: w.what,
            due: w.due,
            received_on: w.received_on,
            late_from: ctx.cal.start_of_day(w.due.succ_opt().unwrap_or(w.due)),
        })
        .collect();
    out.extend(client_late(&items, today));
    Ok(out)
}

fn facts(ctx: &Ctx, m: &MessageRow, rules: Option<&Rules>) -> MessageFacts {
    let t = |v: Option<i64>| v.map(|ts| ctx.instant(ts));
    MessageFacts {
        id: m.id,
        client: m.client.clone(),
        from: m.from(),
        to: m.to.clone(),
        primary: m.primary.clone(),
        manager: m.manager.clone(),
        via: m.via.clone(),
        at: ctx.instant(m.at),
        is_request: m.is_request,
        fyi: m.fyi,
        wants: t(m.wants),
        bypassed: m.bypassed,
        wrong_channel: m.wrong_channel,
        rush: m.rush,
        clock_from: t(m.clock_from),
        reply_target: t(m.reply_target),
        reply_by: t(m.reply_by),
        start_by: t(m.start_by),
        due: t(m.due),
        replied_at: t(m.replied_at),
        closed_at: t(m.closed_at),
        started_at: t(m.started_at),
        delivered_at: t(m.delivered_at),
        channels: rules.map(|r| r.channels.clone()).unwrap_or_default(),
        cutoff: rules.and_then(|r| r.cutoff),
        rush_fee: rules.and_then(|r| r.rush_fee),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{Cutoff, Unit};
    use chrono::{TimeZone, Weekday};

    fn cal() -> Calendar {
        Calendar::new(
            Tz::UTC,
            &[Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
            NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            [chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()],
        )
        .unwrap()
    }

    #[test]
    fn friday_afternoon_request() {
        let cal = cal();
        let mut rules = crate::config::Config::builtin("x".into()).defaults;
        rules.turnaround = Duration::new(2, Unit::BusinessDays);
        rules.cutoff =
            Some(Cutoff { weekday: Some(Weekday::Fri), time: NaiveTime::from_hms_opt(16, 0, 0).unwrap() });
        let at = Tz::UTC.with_ymd_and_hms(2026, 11, 27, 16, 0, 0).unwrap();
        let wants = Tz::UTC.with_ymd_and_hms(2026, 11, 27, 21, 0, 0).unwrap();
        let d = deadlines(&cal, &rules, &[], at, true, false, Some(wants));
        let s = |t: Option<DateTime<Tz>>| t.unwrap().format("%Y-%m-%d %H:%M").to_string();
        assert_eq!(s(d.clock_from), "2026-11-30 09:00");
        assert_eq!(s(d.due), "2026-12-01 17:00");
        assert_eq!(s(d.start_by), "2026-12-01 17:00");
        assert_eq!(s(d.reply_target), "2026-11-30 16:00");
        assert_eq!(s(d.reply_by), "2026-12-01 16:00");
        assert!(d.rush);
    }
}
