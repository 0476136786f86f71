//! Phase two of `ingest`: the mail kept, in date order, recorded through the
//! operations of `log` and `reply`.
//!
//! - A client's mail in the thread of one of their messages still awaiting
//!   a reply (by `In-Reply-To`/`References`, or the same subject without
//!   reply prefixes within 14 days of that message) is a follow-up of the
//!   latest such one: its own row, no reply clock of its own, answered
//!   together with it.
//! - Your mail marks replied the recorded messages its thread names (at its
//!   `Date`, or at their arrival when your clock ran behind theirs); when it
//!   names only a reminder, the client's open message of the same subject.

use std::collections::{HashMap, HashSet};

use super::classify::Directory;
use super::report::{Action, IngestReport, IngestRow};
use super::{ClientMail, Pending, Step, Who};
use crate::book::messages::{record_mark, record_message, record_reply, Inbound, Mark};
use crate::book::{Env, Result};
use crate::mail::thread_subject;
use crate::store::mail::{awaiting_reply, message_by_key, reminder_by_key, subjects_since};
use crate::store::messages::message;
use crate::store::records::MessageRecord;
use crate::store::Tx;
use crate::values::{Duration, Unit};

/// How far back a thread is matched by subject.
const SUBJECT_WINDOW_DAYS: u32 = 14;

/// Records `pending` (sorted by date), counting into `report`. Your mail
/// that names nothing recorded yet is tried once more at the end (its
/// message may be dated a little after it).
pub(super) fn all(
    tx: &Tx<'_>,
    env: &Env<'_>,
    dir: &Directory,
    pending: &[Pending],
    report: &mut IngestReport,
    progress: &mut dyn FnMut(Step),
) -> Result<()> {
    let of = pending.len() as u64;
    let mut later = Vec::new();
    let mut subjects =
        Subjects { from: pending.first().map_or(0, |p| window_start(env, p.at)), ..Subjects::default() };
    for (done, p) in pending.iter().enumerate() {
        match &p.who {
            Who::Client(mail) => {
                let row = log(tx, env, dir, &mut subjects, p, mail)?;
                let counts = &mut report.counts;
                if row.action == Action::FollowUp {
                    counts.follow_ups += 1;
                } else {
                    counts.logged += 1;
                }
                report.rows.push(row);
            }
            Who::Own => match reply(tx, env, p)? {
                Replied::Row(row) => {
                    report.counts.replies += 1;
                    report.rows.push(row);
                }
                Replied::Already => report.counts.already_read += 1,
                Replied::Nothing => later.push(p),
            },
        }
        progress(Step::Recorded { done: done as u64 + 1, of });
    }
    for p in later {
        match reply(tx, env, p)? {
            Replied::Row(row) => {
                report.counts.replies += 1;
                report.rows.push(row);
            }
            Replied::Already => report.counts.already_read += 1,
            Replied::Nothing => report.counts.replying_to_nothing += 1,
        }
    }
    Ok(())
}

/// Records a client's mail as `log` would (`--via email --at DATE`), as a
/// follow-up when it is one.
fn log(
    tx: &Tx<'_>,
    env: &Env<'_>,
    dir: &Directory,
    subjects: &mut Subjects,
    p: &Pending,
    mail: &ClientMail,
) -> Result<IngestRow> {
    let client_id = mail.client_id;
    let client = dir.clients.get(&client_id).map(|c| c.handle.clone()).unwrap_or_default();
    let open = open_thread(tx, env, subjects, client_id, p)?;
    let inbound = Inbound {
        client: client.clone(),
        from: mail.from.clone(),
        to: dir.handles.get(&mail.to).cloned(),
        via: "email".into(),
        at: env.instant(p.at),
        subject: p.subject.clone(),
        request: false,
        wants: None,
        fyi: false,
        message_id: Some(p.key.clone()),
        follow_up_of: open.as_ref().map(|m| m.follow_up_of.unwrap_or(m.id)),
    };
    let view = record_message(tx, env, &inbound)?;
    subjects.add(client_id, view.id, p.at, &p.subject);
    // Answered after it arrived (a reply recorded by an earlier run): the
    // same answer covers it.
    if let Some(m) = &open {
        if let Some(t) = m.replied_at {
            record_mark(tx, env, view.id, Mark::Replied, env.instant(t.max(p.at)))?;
        } else if let Some(t) = m.closed_at {
            record_mark(tx, env, view.id, Mark::Closed, env.instant(t.max(p.at)))?;
        }
    }
    let action = if open.is_some() { Action::FollowUp } else { Action::Logged };
    Ok(IngestRow {
        file: p.origin.clone(),
        message_id: p.key.clone(),
        action,
        id: view.id,
        client,
        subject: p.subject.clone(),
    })
}

/// The latest of the client's messages still awaiting a reply at `p`'s
/// arrival that `p`'s thread names, or that has its subject (within 14
/// days).
fn open_thread(
    tx: &Tx<'_>,
    env: &Env<'_>,
    subjects: &mut Subjects,
    client_id: i64,
    p: &Pending,
) -> Result<Option<MessageRecord>> {
    let awaiting = |m: &MessageRecord| {
        m.client_id == client_id
            && !m.fyi
            && m.at <= p.at
            && m.replied_at.is_none_or(|t| t > p.at)
            && m.closed_at.is_none_or(|t| t > p.at)
    };
    let mut best: Option<MessageRecord> = None;
    let mut consider = |m: MessageRecord| {
        if best.as_ref().is_none_or(|b| (m.at, m.id) > (b.at, b.id)) {
            best = Some(m);
        }
    };
    for id in &p.thread {
        if let Some(m) = message_by_key(tx, id)?.filter(|m| awaiting(m)) {
            consider(m);
        }
    }
    let from = window_start(env, p.at);
    for id in subjects.candidates(tx, client_id, &p.subject, from, p.at)? {
        if let Some(m) = message(tx, id)?.map(|r| r.record).filter(|m| awaiting(m)) {
            consider(m);
            break;
        }
    }
    Ok(best)
}

/// A run's index of clients' messages by thread subject, so a mail is
/// matched by subject without reading every message of its client: each
/// client's messages since the run's earliest window are read once, and
/// what the run records is added.
#[derive(Debug, Default)]
struct Subjects {
    /// The start of the earliest window (14 days before the first mail).
    from: i64,
    loaded: HashSet<i64>,
    /// `(client, thread subject)` to `(arrival, id)`, in recording order.
    by: HashMap<(i64, String), Vec<(i64, i64)>>,
}

impl Subjects {
    fn add(&mut self, client_id: i64, id: i64, at: i64, subject: &str) {
        let key = thread_subject(subject);
        if !key.is_empty() {
            self.by.entry((client_id, key)).or_default().push((at, id));
        }
    }

    /// Ids of the client's messages of `subject`'s thread that arrived in
    /// `[from, to]`, latest first.
    fn candidates(
        &mut self,
        tx: &Tx<'_>,
        client_id: i64,
        subject: &str,
        from: i64,
        to: i64,
    ) -> Result<Vec<i64>> {
        if self.loaded.insert(client_id) {
            for (id, at, subject) in subjects_since(tx, client_id, self.from)? {
                self.add(client_id, id, at, &subject);
            }
        }
        let key = thread_subject(subject);
        let mut ids: Vec<(i64, i64)> = self
            .by
            .get(&(client_id, key))
            .map(|list| list.iter().copied().filter(|(at, _)| (from..=to).contains(at)).collect())
            .unwrap_or_default();
        ids.sort_unstable_by(|a, b| b.cmp(a));
        Ok(ids.into_iter().map(|(_, id)| id).collect())
    }
}

fn window_start(env: &Env<'_>, at: i64) -> i64 {
    env.cal.sub(env.instant(at), Duration::new(SUBJECT_WINDOW_DAYS, Unit::Days)).timestamp()
}

enum Replied {
    Row(IngestRow),
    /// What it answers was answered already.
    Already,
    Nothing,
}

/// Marks replied what your mail answers (see the module docs).
fn reply(tx: &Tx<'_>, env: &Env<'_>, p: &Pending) -> Result<Replied> {
    let mut named = Vec::new();
    for id in &p.thread {
        if let Some(m) = message_by_key(tx, id)? {
            named.push(m);
        }
    }
    if named.is_empty() {
        named = reminder_thread(tx, env, p)?;
    }
    if named.is_empty() {
        return Ok(Replied::Nothing);
    }
    let mut first = None;
    for m in &named {
        // Read afresh: replying to one answers its whole thread.
        let Some(now) = message(tx, m.id)? else { continue };
        if now.fyi || now.replied_at.is_some() || now.closed_at.is_some() {
            continue;
        }
        let view = record_reply(tx, env, m.id, env.instant(p.at.max(m.at)))?;
        first.get_or_insert(view);
    }
    Ok(match first {
        Some(view) => Replied::Row(IngestRow {
            file: p.origin.clone(),
            message_id: p.key.clone(),
            action: Action::Replied,
            id: view.id,
            client: view.client,
            subject: p.subject.clone(),
        }),
        None => Replied::Already,
    })
}

/// For your mail that names a reminder written as an e-mail: the latest of
/// that client's messages of the same subject within 14 days that awaited a
/// reply just before it (or that it answered already).
fn reminder_thread(tx: &Tx<'_>, env: &Env<'_>, p: &Pending) -> Result<Vec<MessageRecord>> {
    let subject = thread_subject(&p.subject);
    for id in &p.thread {
        let Some((client, _)) = reminder_by_key(tx, id)? else { continue };
        let before = p.at - 1;
        let found = awaiting_reply(tx, client, window_start(env, p.at), before)?
            .into_iter()
            .find(|m| !subject.is_empty() && thread_subject(&m.subject) == subject);
        return Ok(found.into_iter().collect());
    }
    Ok(Vec::new())
}
