//! `ingest` (SPEC 12): mail read from the mailbox, recorded as `log` and
//! `reply` would record it, through the same operations
//! ([`record_message`](super::messages::record_message) and
//! [`record_reply`](super::messages::record_reply)).
//!
//! A run reads every source, decides for each mail whether it is a
//! client's, yours, or to skip ([`classify`]), and keeps what will record
//! something; then it records those in date order (so a reply read from a
//! Sent folder answers the message it replies to even when the Sent folder
//! is read first, and a client's answer to your reply is a new message, not
//! a follow-up). A mail already read (its Message-ID or digest is kept with
//! what it recorded) is skipped, so a run may repeat over the same folders.
//! The caller runs it in one transaction: killed midway, nothing is kept.

mod classify;
mod record;
mod report;

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub use classify::{ClientInfo, Directory, Sender};
pub use report::{Action, Counts, IngestReport, IngestRow, Summary};

use super::{BookError, Env, Result};
use crate::mail::{Mail, Mails, RawMail, SourceError, SourceKind};
use crate::store::{self, Db, Tx};
use crate::values::Person;

/// How a run reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct IngestOptions {
    /// Read client mail from this time on, even mail from before the
    /// client was added (default: from when each client was added).
    pub since: Option<DateTime<Tz>>,
}

/// How far a run is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Messages read so far.
    Read(u64),
    /// Messages recorded so far, of how many to record.
    Recorded { done: u64, of: u64 },
}

/// A mail kept to be recorded.
#[derive(Debug, Clone)]
struct Pending {
    /// Where it came in the reading order (ties of date keep it).
    order: usize,
    origin: String,
    key: String,
    at: i64,
    subject: String,
    /// The ids its thread names, newest first.
    thread: Vec<String>,
    who: Who,
}

#[derive(Debug, Clone)]
enum Who {
    Client(ClientMail),
    Own,
}

/// A client's mail: whose it is, from whom, and the member it went to.
#[derive(Debug, Clone)]
struct ClientMail {
    client_id: i64,
    from: Person,
    to: i64,
}

/// Reads `sources` and records what they hold (see the module docs).
/// Sources that are one message (a file named as PATH, stdin) must be
/// messages: anything else is an error; inside a folder or mbox, a file
/// that is not a message is a warning and the run goes on.
pub fn ingest(
    tx: &Tx<'_>,
    env: &Env<'_>,
    sources: Vec<Mails>,
    options: &IngestOptions,
    progress: &mut dyn FnMut(Step),
) -> Result<IngestReport> {
    let dir = directory(tx, env)?;
    let mut run = Run {
        dir: &dir,
        options,
        report: IngestReport::default(),
        seen: HashSet::new(),
        warned: HashSet::new(),
    };
    let mut pending = Vec::new();
    for mails in sources {
        let strict = matches!(mails.kind(), None | Some(SourceKind::Message));
        for item in mails {
            run.report.counts.read += 1;
            progress(Step::Read(run.report.counts.read));
            let raw = match item {
                Ok(raw) => raw,
                Err(e) => {
                    let (origin, why) = match e {
                        SourceError::Read { origin, source } => (origin, source.to_string()),
                        SourceError::NotFound(origin) => (origin, "no such file or folder".to_string()),
                    };
                    run.unreadable(strict, origin, why)?;
                    continue;
                }
            };
            match Mail::parse(&raw.bytes) {
                Ok(mail) => {
                    if let Some(p) = run.classify(tx, env, &raw, mail, pending.len())? {
                        pending.push(p);
                    }
                }
                Err(e) => run.unreadable(strict, raw.origin, e.to_string())?,
            }
        }
    }
    pending.sort_by_key(|p| (p.at, p.order));
    record::all(tx, env, &dir, &pending, &mut run.report, progress)?;
    Ok(run.report)
}

/// The state of phase one: classifying what is read.
struct Run<'a> {
    dir: &'a Directory,
    options: &'a IngestOptions,
    report: IngestReport,
    /// Keys kept so far in this run (the same mail in two folders).
    seen: HashSet<String>,
    /// Addresses already warned of.
    warned: HashSet<String>,
}

impl Run<'_> {
    fn unreadable(&mut self, strict: bool, origin: String, why: String) -> Result<()> {
        if strict {
            return Err(BookError::NotAMessage { origin, why });
        }
        self.report.counts.unreadable += 1;
        self.report.warnings.push(format!("{origin}: {why}: skipped"));
        Ok(())
    }

    /// Decides what `mail` is; the mail to record, or None when it was
    /// counted as skipped.
    fn classify(
        &mut self,
        db: &impl Db,
        env: &Env<'_>,
        raw: &RawMail,
        mail: Mail,
        order: usize,
    ) -> Result<Option<Pending>> {
        let counts = &mut self.report.counts;
        if mail.automatic.is_some() {
            counts.automatic += 1;
            return Ok(None);
        }
        let thread = classify::thread_ids(&mail);
        let client_id = match classify::sender(self.dir, &mail.from) {
            Sender::Own => {
                if !self.seen.insert(mail.key.clone()) {
                    counts.already_read += 1;
                    return Ok(None);
                }
                let at = arrival(env, &mail, raw);
                return Ok(Some(Pending {
                    order,
                    origin: raw.origin.clone(),
                    key: mail.key,
                    at,
                    subject: mail.subject,
                    thread,
                    who: Who::Own,
                }));
            }
            Sender::Contact(c) | Sender::Domain(c) => c,
            Sender::Ambiguous(ids) => {
                counts.not_from_a_client += 1;
                if self.warned.insert(mail.from.email_key.clone()) {
                    let handles: Vec<&str> = ids
                        .iter()
                        .filter_map(|id| self.dir.clients.get(id))
                        .map(|c| c.handle.as_str())
                        .collect();
                    self.report.warnings.push(format!(
                        "{}: {} is a contact of {}: skipped (keep the address at one client)",
                        raw.origin,
                        mail.from.email,
                        handles.join(" and ")
                    ));
                }
                return Ok(None);
            }
            Sender::Unknown => {
                let Some(c) = reminded_client(db, self.dir, &mail, &thread)? else {
                    counts.not_from_a_client += 1;
                    return Ok(None);
                };
                c
            }
        };
        let Some(client) = self.dir.clients.get(&client_id) else {
            counts.not_from_a_client += 1;
            return Ok(None);
        };
        if self.seen.contains(&mail.key) || store::mail::is_read(db, &mail.key)? {
            counts.already_read += 1;
            return Ok(None);
        }
        let at = arrival(env, &mail, raw);
        let from_when = self.options.since.map_or(client.created_at, |s| s.timestamp());
        if at < from_when {
            counts.too_early += 1;
            return Ok(None);
        }
        self.seen.insert(mail.key.clone());
        let to = classify::recipient(self.dir, &mail.to, &mail.cc, client.manager_id);
        let from = person(&mail.from);
        Ok(Some(Pending {
            order,
            origin: raw.origin.clone(),
            key: mail.key,
            at,
            subject: mail.subject,
            thread,
            who: Who::Client(ClientMail { client_id, from, to }),
        }))
    }
}

/// The client of a reminder that an unknown sender's mail answers: by its
/// thread (a reminder written as an e-mail), else by an invoice number in
/// its subject.
fn reminded_client(db: &impl Db, dir: &Directory, mail: &Mail, thread: &[String]) -> Result<Option<i64>> {
    for id in thread {
        if let Some((client, _)) = store::mail::reminder_by_key(db, id)? {
            return Ok(Some(client));
        }
    }
    Ok(classify::invoice_client(dir, &mail.subject))
}

/// When a mail arrived: its `Date`, else the file's modification time (its
/// delivery time in a Maildir), else now; whole seconds.
fn arrival(env: &Env<'_>, mail: &Mail, raw: &RawMail) -> i64 {
    mail.date
        .map(|d| d.timestamp())
        .or_else(|| raw.mtime.map(|t| DateTime::<Utc>::from(t).timestamp()))
        .unwrap_or_else(|| env.now_ts())
}

/// The sender as PERSON: the address, and the display name when it is one
/// a person could type (at most 200 characters, no `<`, `>` or control
/// characters).
fn person(m: &crate::mail::Mailbox) -> Person {
    let name = m.name.as_deref().map(|n| n.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|n| {
        !n.is_empty()
            && n.chars().count() <= 200
            && !n.chars().any(|c| c.is_control() || matches!(c, '<' | '>'))
    });
    Person { name, email: Some(m.email.clone()) }
}

/// Everything a run needs to know of the book's people, read once.
fn directory(db: &impl Db, env: &Env<'_>) -> Result<Directory> {
    let mut dir = Directory::default();
    for m in store::members::members(db)? {
        if let Some(e) = &m.email {
            dir.own.insert(e.to_lowercase());
            dir.members.insert(e.to_lowercase(), m.id);
        }
        dir.handles.insert(m.id, m.handle);
    }
    dir.own.extend(env.config.mail.addresses.iter().map(|a| a.to_lowercase()));
    for (key, client) in store::mail::contact_keys(db)? {
        dir.contacts.entry(key).or_default().push(client);
    }
    dir.domains = store::domains::active_domains(db)?.into_iter().collect();
    for c in store::clients::clients(db, false)? {
        let info =
            ClientInfo { handle: c.handle.clone(), manager_id: c.manager_id, created_at: c.created_at };
        dir.clients.insert(c.id, info);
    }
    dir.reminded =
        store::mail::reminded_invoices(db)?.into_iter().map(|(n, c)| (n.to_lowercase(), c)).collect();
    Ok(dir)
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
