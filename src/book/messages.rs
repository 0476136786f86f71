//! Messages and work requests: recording one as it arrives (its sender
//! matched to a contact, whether it bypassed the single point of contact
//! or came by a channel not agreed, and its deadlines in business time from
//! the rules in force at arrival; a follow-up of an open message has none
//! of its own), marking it replied, closed, started or delivered (a reply
//! or close answers a message and its follow-ups together), and listing
//! them.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::DateTime;
use chrono_tz::Tz;
use serde::Serialize;

pub use super::deadlines::{deadlines, Deadlines};

use super::clients::{find_client, find_member};
use super::error::Kind;
use super::{BookError, Env, Result};
use crate::flags::chaser::{chaser, FollowUp};
use crate::flags::communication::{client_late, message_flags, Clock, MessageFacts, OwedItem};
use crate::flags::Flag;
use crate::rules::{rules_on, RuleVersion, Rules};
use crate::store::clients::{find_contact, insert_contact, primary_contact, update_contact};
pub use crate::store::messages::Mark;
use crate::store::messages::{self as store_messages, MessageRow};
use crate::store::records::{ContactRecord, MessageRecord};
use crate::store::rules::versions;
use crate::store::waiting::late_items;
use crate::store::{Db, Tx};
use crate::values::{Duration, Person};

/// A message as listed and as `log` prints it in JSON (SPEC 7 keys first).
/// Replies, closes, starts and deliveries after the as-of time show as null.
#[derive(Debug, Clone, Serialize)]
pub struct MessageView {
    pub id: i64,
    pub client: String,
    pub from: String,
    pub to: String,
    pub via: String,
    #[serde(serialize_with = "super::ser::rfc3339")]
    pub at: DateTime<Tz>,
    pub subject: String,
    pub request: bool,
    #[serde(serialize_with = "super::ser::rfc3339_opt")]
    pub wants: Option<DateTime<Tz>>,
    #[serde(serialize_with = "super::ser::rfc3339_opt")]
    pub reply_target: Option<DateTime<Tz>>,
    #[serde(serialize_with = "super::ser::rfc3339_opt")]
    pub reply_by: Option<DateTime<Tz>>,
    #[serde(serialize_with = "super::ser::rfc3339_opt")]
    pub replied_at: Option<DateTime<Tz>>,
    #[serde(serialize_with = "super::ser::rfc3339_opt")]
    pub start_by: Option<DateTime<Tz>>,
    #[serde(serialize_with = "super::ser::rfc3339_opt")]
    pub started_at: Option<DateTime<Tz>>,
    #[serde(serialize_with = "super::ser::rfc3339_opt")]
    pub due: Option<DateTime<Tz>>,
    #[serde(serialize_with = "super::ser::rfc3339_opt")]
    pub delivered_at: Option<DateTime<Tz>>,
    pub fyi: bool,
    #[serde(serialize_with = "super::ser::rfc3339_opt")]
    pub closed_at: Option<DateTime<Tz>>,
    pub bypassed: bool,
    pub wrong_channel: bool,
    /// When the request's clock starts, if it arrived after a cutoff.
    #[serde(serialize_with = "super::ser::rfc3339_opt")]
    pub clock_from: Option<DateTime<Tz>>,
    pub rush: bool,
    /// Awaiting a reply or, for a request, its delivery (as of now).
    pub open: bool,
    /// The open message this one follows up (SPEC 12), or null.
    pub follow_up_of: Option<i64>,
}

impl MessageView {
    /// The keys of its JSON object (the CSV header, also of an empty list).
    pub const KEYS: &'static [&'static str] = &[
        "id",
        "client",
        "from",
        "to",
        "via",
        "at",
        "subject",
        "request",
        "wants",
        "reply_target",
        "reply_by",
        "replied_at",
        "start_by",
        "started_at",
        "due",
        "delivered_at",
        "fyi",
        "closed_at",
        "bypassed",
        "wrong_channel",
        "clock_from",
        "rush",
        "open",
        "follow_up_of",
    ];
}

impl MessageView {
    /// The view of a stored message as of the as-of time.
    pub fn new(env: &Env<'_>, m: &MessageRow) -> MessageView {
        let now = env.now_ts();
        let t = |v: Option<i64>| v.map(|ts| env.instant(ts));
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
            at: env.instant(m.at),
            subject: m.subject.clone(),
            request: m.request,
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
            open: awaiting_reply || (m.request && delivered.is_none()),
            follow_up_of: m.follow_up_of,
        }
    }

    /// Whether it awaits a reply (as of now).
    pub fn awaiting_reply(&self) -> bool {
        !self.fyi && self.replied_at.is_none() && self.closed_at.is_none()
    }
}

/// A message as it arrived, to record.
#[derive(Debug, Clone)]
pub struct Inbound {
    /// The client's handle.
    pub client: String,
    pub from: Person,
    /// The member it was sent to (default: the client's manager).
    pub to: Option<String>,
    /// The channel it came by (one channel name).
    pub via: String,
    pub at: DateTime<Tz>,
    pub subject: String,
    /// It asks for work.
    pub request: bool,
    /// When the client wants the work done (implies a request).
    pub wants: Option<DateTime<Tz>>,
    /// It needs no reply.
    pub fyi: bool,
    /// The Message-ID (or digest) of the mail it was read from (`ingest`).
    pub message_id: Option<String>,
    /// The open message it follows up: it then has no reply clock or
    /// deadlines of its own.
    pub follow_up_of: Option<i64>,
}

/// The client's contact for `person`: the one of that e-mail (or name),
/// filled in with what was not known yet (never overwritten), or a new,
/// non-primary contact.
pub fn contact_for(tx: &Tx<'_>, client_id: i64, person: &Person) -> Result<i64> {
    let (name, email) = (person.name.as_deref(), person.email.as_deref());
    if let Some(c) = find_contact(tx, client_id, name, email)? {
        let name = name.filter(|_| c.name.is_none());
        let email = email.filter(|_| c.email.is_none());
        if name.is_some() || email.is_some() {
            update_contact(tx, &c, name, email, false, None, None)?;
        }
        return Ok(c.id);
    }
    let new = ContactRecord {
        id: 0,
        client_id,
        name: name.map(Into::into),
        email: email.map(Into::into),
        primary: false,
        role: None,
        phone: None,
    };
    Ok(insert_contact(tx, &new)?)
}

/// Records an inbound message (`log`, `ingest`): matches the sender to a
/// contact, decides and keeps whether it bypassed the single point of
/// contact (from anyone but the primary contact, or to anyone but the
/// manager) or came by a channel not agreed, and its deadlines from the
/// rules in force when it arrived (none for a follow-up).
pub fn record_message(tx: &Tx<'_>, env: &Env<'_>, m: &Inbound) -> Result<MessageView> {
    let client = find_client(tx, &m.client)?;
    let to = match &m.to {
        Some(h) => find_member(tx, h)?.id,
        None => client.manager_id,
    };
    let from = contact_for(tx, client.id, &m.from)?;
    let primary = primary_contact(tx, client.id)?.map(|c| c.id);
    let bypassed = primary.is_some_and(|p| p != from) || to != client.manager_id;
    let rules = rules_on(&versions(tx, client.id)?, m.at.date_naive());
    let request = m.request || m.wants.is_some();
    let d = if m.follow_up_of.is_some() {
        Deadlines {
            clock_from: None,
            reply_target: None,
            reply_by: None,
            start_by: None,
            due: None,
            rush: false,
        }
    } else {
        deadlines(env.cal, &rules, &env.config.check_times, m.at, request, m.fyi, m.wants)
    };
    let ts = |t: Option<DateTime<Tz>>| t.map(|t| t.timestamp());
    let record = MessageRecord {
        id: 0,
        client_id: client.id,
        from_contact: from,
        to_member: to,
        via: m.via.clone(),
        at: m.at.timestamp(),
        subject: m.subject.clone(),
        request,
        fyi: m.fyi,
        wants: ts(m.wants),
        bypassed,
        wrong_channel: !rules.channels.contains(&m.via),
        clock_from: ts(d.clock_from),
        reply_target: ts(d.reply_target),
        reply_by: ts(d.reply_by),
        start_by: ts(d.start_by),
        due: ts(d.due),
        rush: d.rush,
        message_id: m.message_id.clone(),
        follow_up_of: m.follow_up_of,
        changed_at: Some(env.now_ts()),
        ..MessageRecord::default()
    };
    let id = store_messages::insert_message(tx, &record)?;
    Ok(MessageView::new(env, &find_message(tx, id)?))
}

/// The message `id`.
pub fn find_message(db: &impl Db, id: i64) -> Result<MessageRow> {
    store_messages::message(db, id)?.ok_or_else(|| BookError::unknown(Kind::Message, id.to_string()))
}

/// Records `mark` on message `id` at `at`: a reply (`record_reply`), a
/// close, a start or a delivery. Delivering also starts a request not
/// started yet, and answers it if nothing else did. A reply or close
/// answers the open message and its follow-ups together (SPEC 12).
pub fn record_mark(tx: &Tx<'_>, env: &Env<'_>, id: i64, mark: Mark, at: DateTime<Tz>) -> Result<MessageView> {
    let ts = at.timestamp();
    let m = find_message(tx, id)?;
    if matches!(mark, Mark::Started | Mark::Delivered) && !m.request {
        return Err(BookError::NotARequest(id));
    }
    let local = |ts: i64| env.instant(ts).format("%Y-%m-%d %H:%M").to_string();
    if ts < m.at {
        return Err(BookError::BeforeArrival { id, at: local(ts), arrived: local(m.at) });
    }
    let (already, what) = match mark {
        Mark::Replied => (m.replied_at, "answered"),
        Mark::Closed => (m.closed_at, "closed"),
        Mark::Started => (m.started_at, "started"),
        Mark::Delivered => (m.delivered_at, "delivered"),
    };
    if let Some(t) = already {
        return Err(BookError::AlreadyMarked { id, what, at: local(t) });
    }
    store_messages::set_mark(tx, id, mark, ts, env.now_ts())?;
    if mark == Mark::Delivered && m.started_at.is_none() {
        store_messages::set_mark(tx, id, Mark::Started, ts, env.now_ts())?;
    }
    let answers = match mark {
        Mark::Replied | Mark::Closed => Some(mark),
        Mark::Delivered if m.replied_at.is_none() && m.closed_at.is_none() && !m.fyi => {
            store_messages::set_mark(tx, id, Mark::Replied, ts, env.now_ts())?;
            Some(Mark::Replied)
        }
        _ => None,
    };
    if let Some(answer) = answers {
        answer_thread(tx, env, &m, answer, ts)?;
    }
    Ok(MessageView::new(env, &find_message(tx, id)?))
}

/// Marks the rest of `m`'s group (the open message it follows up, or its
/// own follow-ups) answered at `ts` too: each one not answered yet, at its
/// arrival when that is later.
fn answer_thread(tx: &Tx<'_>, env: &Env<'_>, m: &MessageRow, mark: Mark, ts: i64) -> Result<()> {
    let root = m.follow_up_of.unwrap_or(m.id);
    let mut group = store_messages::follow_ups(tx, root)?;
    if root != m.id {
        group.extend(store_messages::message(tx, root)?.map(|r| r.record));
    }
    for other in group.iter().filter(|o| o.id != m.id && !o.fyi) {
        if other.replied_at.is_none() && other.closed_at.is_none() {
            store_messages::set_mark(tx, other.id, mark, ts.max(other.at), env.now_ts())?;
        }
    }
    Ok(())
}

/// Records that you answered message `id` at `at` (`reply`).
pub fn record_reply(tx: &Tx<'_>, env: &Env<'_>, id: i64, at: DateTime<Tz>) -> Result<MessageView> {
    record_mark(tx, env, id, Mark::Replied, at)
}

/// Messages that arrived by now (of one client), oldest first; only open
/// ones with `open`.
pub fn list(db: &impl Db, env: &Env<'_>, client: Option<&str>, open: bool) -> Result<Vec<MessageView>> {
    let client = client.map(|h| find_client(db, h)).transpose()?;
    let rows = store_messages::messages(db, client.map(|c| c.id), open, env.now_ts())?;
    Ok(rows.iter().map(|m| MessageView::new(env, m)).collect())
}

/// A client's requests not delivered as of now.
pub fn open_requests(db: &impl Db, env: &Env<'_>, client_id: i64) -> Result<Vec<MessageView>> {
    Ok(store_messages::open_requests(db, client_id, env.now_ts())?
        .iter()
        .map(|m| MessageView::new(env, m))
        .collect())
}

/// The communication flags of `check`: those of every message it must look
/// at (open ones near or past a deadline, and those with an event since
/// `since`), and `client-late` for items the client owes.
pub fn flags(
    db: &impl Db,
    env: &Env<'_>,
    client: Option<i64>,
    soon: Option<Duration>,
    since: DateTime<Tz>,
) -> Result<Vec<Flag>> {
    let now = env.now;
    let horizon = env.cal.add(now, soon.unwrap_or(env.config.soon)).max(now);
    let clock = Clock { now, horizon };
    let since_ts = since.timestamp();
    let rows = store_messages::for_check(db, client, now.timestamp(), horizon.timestamp(), since_ts)?;
    let mut cache: HashMap<i64, Vec<RuleVersion>> = HashMap::new();
    let mut out = Vec::new();
    for m in &rows {
        // The rules at arrival only name things in the details of events
        // that will be listed.
        let needs_rules = m.at >= since_ts && (m.wrong_channel || m.rush || m.clock_from.is_some());
        let rules =
            if needs_rules { rules_at(db, &mut cache, m.client_id, env.instant(m.at))? } else { None };
        out.extend(message_flags(&facts(env, m, rules.as_ref()), &clock));
        if let (Some(of), Some(of_at), true) = (m.follow_up_of, m.of_at, m.at >= since_ts) {
            let promised = rules_at(db, &mut cache, m.client_id, env.instant(of_at))?;
            out.extend(chaser(&FollowUp {
                id: m.id,
                client: m.client.clone(),
                from: m.from_name.clone().or_else(|| m.from_email.clone()).unwrap_or_default(),
                at: env.instant(m.at),
                of,
                of_at: env.instant(of_at),
                of_target: m.of_target.map(|t| env.instant(t)),
                response: promised.map(|r| r.response.to_string()),
            }));
        }
    }
    let today = env.today();
    let items: Vec<OwedItem> = late_items(db, client, now.timestamp(), today)?
        .into_iter()
        .map(|w| OwedItem {
            id: w.id,
            late_from: env.start_of_day(w.due.succ_opt().unwrap_or(w.due)),
            due: w.due,
            received_on: w.received_on,
            what: w.record.what,
            client: w.client,
        })
        .collect();
    out.extend(client_late(&items, today));
    Ok(out)
}

/// The rules of client `client_id` in force at `at`, its versions read once
/// per client into `cache`; None for a client without rules.
fn rules_at(
    db: &impl Db,
    cache: &mut HashMap<i64, Vec<RuleVersion>>,
    client_id: i64,
    at: DateTime<Tz>,
) -> Result<Option<Rules>> {
    let all = match cache.entry(client_id) {
        Entry::Occupied(e) => e.into_mut(),
        Entry::Vacant(e) => e.insert(versions(db, client_id)?),
    };
    Ok((!all.is_empty()).then(|| rules_on(all, at.date_naive())))
}

fn facts(env: &Env<'_>, m: &MessageRow, rules: Option<&Rules>) -> MessageFacts {
    let t = |v: Option<i64>| v.map(|ts| env.instant(ts));
    MessageFacts {
        id: m.id,
        client: m.client.clone(),
        from: m.from(),
        to: m.to.clone(),
        primary: m.primary.clone(),
        manager: m.manager.clone(),
        via: m.via.clone(),
        at: env.instant(m.at),
        is_request: m.request,
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
