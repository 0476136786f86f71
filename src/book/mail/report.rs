//! What a run of `ingest` did: one row per message read that recorded
//! something, the counts behind the summary line of SPEC 12, and the
//! warnings (unreadable files, senders of two clients) to show.

use std::fmt;

use serde::Serialize;

/// What a message read recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// A new message from a client (`log`).
    Logged,
    /// A client's message recorded as a follow-up of an open one.
    FollowUp,
    /// Your mail marked a recorded message replied (`reply`).
    Replied,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Logged => "logged",
            Action::FollowUp => "follow-up",
            Action::Replied => "replied",
        }
    }
}

/// One message read that recorded something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IngestRow {
    /// Where it was read: a file, `mbox:N`, or `-`.
    pub file: String,
    /// Its Message-ID, or the digest it is known by without one.
    pub message_id: String,
    pub action: Action,
    /// The message recorded, or the one marked replied.
    pub id: i64,
    pub client: String,
    pub subject: String,
}

impl IngestRow {
    /// The keys of its JSON object (the CSV header, also of an empty list).
    pub const KEYS: &'static [&'static str] = &["file", "message_id", "action", "id", "client", "subject"];
}

/// How many messages went which way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub read: u64,
    pub logged: u64,
    pub follow_ups: u64,
    pub replies: u64,
    pub not_from_a_client: u64,
    pub automatic: u64,
    pub already_read: u64,
    pub unreadable: u64,
    pub replying_to_nothing: u64,
    /// Dated before their client was added (or before `--since`).
    pub too_early: u64,
}

impl Counts {
    pub fn skipped(&self) -> u64 {
        self.not_from_a_client
            + self.automatic
            + self.already_read
            + self.unreadable
            + self.replying_to_nothing
            + self.too_early
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestReport {
    pub rows: Vec<IngestRow>,
    pub counts: Counts,
    /// One line each, naming the file: what was skipped and why.
    pub warnings: Vec<String>,
}

/// `1 reply`, `12 replies`.
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary line of SPEC 12: `read 1204 messages: 37 logged, 2
/// follow-ups, 12 replies, 1153 skipped (1140 not from a client, 8
/// automatic, 3 already read, 1 unreadable, 1 your own mail replying to
/// nothing)`; the reasons that counted nothing are left out. `too_early`
/// words what was skipped for its date.
pub struct Summary<'a> {
    pub counts: &'a Counts,
    pub too_early: &'a str,
}

impl fmt::Display for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.counts;
        write!(
            f,
            "read {}: {} logged, {}, {}, {} skipped",
            count(c.read, "message", "messages"),
            c.logged,
            count(c.follow_ups, "follow-up", "follow-ups"),
            count(c.replies, "reply", "replies"),
            c.skipped()
        )?;
        let reasons: Vec<String> = [
            (c.not_from_a_client, "not from a client"),
            (c.too_early, self.too_early),
            (c.automatic, "automatic"),
            (c.already_read, "already read"),
            (c.unreadable, "unreadable"),
            (c.replying_to_nothing, "your own mail replying to nothing"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if !reasons.is_empty() {
            write!(f, " ({})", reasons.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_of_spec_12() {
        let c = Counts {
            read: 1204,
            logged: 37,
            follow_ups: 2,
            replies: 12,
            not_from_a_client: 1140,
            automatic: 8,
            already_read: 3,
            unreadable: 1,
            replying_to_nothing: 1,
            too_early: 0,
        };
        assert_eq!(
            Summary { counts: &c, too_early: "dated before their client was added" }.to_string(),
            "read 1204 messages: 37 logged, 2 follow-ups, 12 replies, 1153 skipped (1140 not from a client, \
             8 automatic, 3 already read, 1 unreadable, 1 your own mail replying to nothing)"
        );
        let one = Counts { read: 1, follow_ups: 1, ..Counts::default() };
        assert_eq!(
            Summary { counts: &one, too_early: "" }.to_string(),
            "read 1 message: 0 logged, 1 follow-up, 0 replies, 0 skipped"
        );
        let early = Counts { read: 3, replies: 1, too_early: 2, ..Counts::default() };
        assert_eq!(
            Summary { counts: &early, too_early: "dated before --since" }.to_string(),
            "read 3 messages: 0 logged, 0 follow-ups, 1 reply, 2 skipped (2 dated before --since)"
        );
    }

    #[test]
    fn actions_serialize_as_spec_words() {
        for a in [Action::Logged, Action::FollowUp, Action::Replied] {
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
    }
}
