//! Flags about messages, requests and what the client owes (SPEC 7 and 8):
//! `bypassed-contact`, `wrong-channel`, `after-cutoff`, `rush-request`,
//! `late-reply`, `reply-due`, `late-start`, `late-delivery`, `delivery-due`
//! and `client-late`. Pure: the caller passes the stored facts and the
//! as-of time; whatever happened after it is ignored here.

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;

use super::{Code, Flag};
use crate::values::{Cutoff, Fee};

/// Everything the detectors need to know about one message.
#[derive(Debug, Clone)]
pub struct MessageFacts {
    pub id: i64,
    pub client: String,
    /// The sender, as `Name <email>`.
    pub from: String,
    /// The member it was sent to.
    pub to: String,
    /// The client's primary contact and your manager for it.
    pub primary: Option<String>,
    pub manager: String,
    pub via: String,
    pub at: DateTime<Tz>,
    pub is_request: bool,
    pub fyi: bool,
    pub wants: Option<DateTime<Tz>>,
    /// Decided when logged.
    pub bypassed: bool,
    pub wrong_channel: bool,
    pub rush: bool,
    /// The next opening when the request arrived after a cutoff.
    pub clock_from: Option<DateTime<Tz>>,
    pub reply_target: Option<DateTime<Tz>>,
    pub reply_by: Option<DateTime<Tz>>,
    pub start_by: Option<DateTime<Tz>>,
    pub due: Option<DateTime<Tz>>,
    pub replied_at: Option<DateTime<Tz>>,
    pub closed_at: Option<DateTime<Tz>>,
    pub started_at: Option<DateTime<Tz>>,
    pub delivered_at: Option<DateTime<Tz>>,
    /// From the rules in force at arrival, where known (for the details).
    pub channels: Vec<String>,
    pub cutoff: Option<Cutoff>,
    pub rush_fee: Option<Fee>,
}

/// The as-of time and how far ahead `check` warns (`now` + `soon`).
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub now: DateTime<Tz>,
    pub horizon: DateTime<Tz>,
}

fn local(t: DateTime<Tz>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// `t` if it happened by `now`.
fn by(t: Option<DateTime<Tz>>, now: DateTime<Tz>) -> Option<DateTime<Tz>> {
    t.filter(|t| *t <= now)
}

/// The earliest of two optional instants.
fn first(a: Option<DateTime<Tz>>, b: Option<DateTime<Tz>>) -> Option<DateTime<Tz>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl MessageFacts {
    fn flag(&self, code: Code, at: &DateTime<Tz>, detail: String) -> Flag {
        Flag::new(
            code,
            &self.client,
            &format!("message:{}", self.id),
            format!("message {}", self.id),
            at,
            detail,
        )
    }

    fn what(&self) -> &'static str {
        if self.is_request {
            "request"
        } else {
            "message"
        }
    }
}

/// Who wrote to whom, once, and what the agreed route is: `request 2: Bill
/// Lumbergh <bill@initech.example> wrote to sam, not to the manager me: ...`.
fn bypass_detail(m: &MessageFacts) -> String {
    let from_primary = m.primary.as_ref().is_some_and(|p| p.eq_ignore_ascii_case(&m.from));
    let contact = m.primary.as_deref().unwrap_or("not named yet");
    let wrong = match (from_primary, m.to == m.manager) {
        (true, _) => format!(", not to the manager {}", m.manager),
        (false, true) => format!(", but the primary contact is {contact}"),
        (false, false) => format!("; the agreed route is {contact} writing to the manager {}", m.manager),
    };
    let (what, id, from, to, client) = (m.what(), m.id, &m.from, &m.to, &m.client);
    format!("{what} {id}: {from} wrote to {to}{wrong}: remind {client} of the agreed route")
}

/// Every flag of one message as of `clock.now`. Replies, closes, starts and
/// deliveries after `now` are treated as not (yet) made.
pub fn message_flags(m: &MessageFacts, clock: &Clock) -> Vec<Flag> {
    let now = clock.now;
    let mut out = Vec::new();
    if m.at > now {
        return out;
    }
    let id = m.id;
    let what = m.what();
    if m.bypassed {
        out.push(m.flag(Code::BypassedContact, &m.at, bypass_detail(m)).as_event());
    }
    if m.wrong_channel {
        let agreed =
            if m.channels.is_empty() { String::new() } else { format!(" ({})", m.channels.join(", ")) };
        out.push(
            m.flag(
                Code::WrongChannel,
                &m.at,
                format!(
                    "{what} {id} came by {}, not an agreed channel{agreed}: answer through an agreed one",
                    m.via
                ),
            )
            .as_event(),
        );
    }
    if m.is_request {
        if let Some(from) = m.clock_from {
            let cutoff = m.cutoff.map(|c| format!(" {c}")).unwrap_or_default();
            out.push(
                m.flag(
                    Code::AfterCutoff,
                    &m.at,
                    format!(
                        "request {id} arrived {} after the{cutoff} cut-off: its clock starts {}",
                        local(m.at),
                        local(from)
                    ),
                )
                .as_event(),
            );
        }
        if m.rush {
            let wants = m.wants.map(local).unwrap_or_default();
            let due = m.due.map(local).unwrap_or_default();
            let fee = match m.rush_fee {
                Some(f) => format!("the rush fee of {f} applies if you take it on"),
                None => "no rush fee is agreed: decline or agree one first".to_string(),
            };
            out.push(
                m.flag(
                    Code::RushRequest,
                    &m.at,
                    format!(
                        "request {id} wants delivery by {wants}, before the turnaround deadline {due}; {fee}"
                    ),
                )
                .as_event(),
            );
        }
    }
    reply_flags(m, clock, &mut out);
    if m.is_request {
        work_flags(m, clock, &mut out);
    }
    out
}

fn reply_flags(m: &MessageFacts, clock: &Clock, out: &mut Vec<Flag>) {
    let now = clock.now;
    let (Some(limit), false) = (m.reply_by, m.fyi) else { return };
    let id = m.id;
    let what = m.what();
    let replied = by(m.replied_at, now);
    let closed = by(m.closed_at, now);
    match first(replied, closed) {
        Some(t) if t > limit => {
            let how = if replied == Some(t) { "answered" } else { "closed" };
            out.push(
                m.flag(
                    Code::LateReply,
                    &t,
                    format!(
                        "{what} {id} from {} was {how} {}, after the reply limit {}",
                        m.from,
                        local(t),
                        local(limit)
                    ),
                )
                .as_event(),
            );
        }
        Some(_) => {}
        None if now > limit => out.push(m.flag(
            Code::LateReply,
            &limit,
            format!(
                "{what} {id} from {} ({}) has had no reply; the limit was {}: reply now",
                m.from,
                local(m.at),
                local(limit)
            ),
        )),
        None => {
            let target = m.reply_target.unwrap_or(limit);
            if now > target || limit <= clock.horizon {
                let at = if now > target { target } else { limit };
                out.push(m.flag(
                    Code::ReplyDue,
                    &at,
                    format!("reply to {what} {id} from {} by {}", m.from, local(limit)),
                ));
            }
        }
    }
}

fn work_flags(m: &MessageFacts, clock: &Clock, out: &mut Vec<Flag>) {
    let now = clock.now;
    let id = m.id;
    let delivered = by(m.delivered_at, now);
    let started = first(by(m.started_at, now), delivered);
    if let Some(start_by) = m.start_by {
        match started {
            Some(t) if t > start_by => out.push(
                m.flag(
                    Code::LateStart,
                    &t,
                    format!("request {id} was started {}, after its start-by {}", local(t), local(start_by)),
                )
                .as_event(),
            ),
            None if now > start_by => out.push(m.flag(
                Code::LateStart,
                &start_by,
                format!(
                    "request {id} ({}) should have started by {}: start it",
                    m.subject_hint(),
                    local(start_by)
                ),
            )),
            _ => {}
        }
    }
    if let Some(due) = m.due {
        match delivered {
            Some(t) if t > due => out.push(
                m.flag(
                    Code::LateDelivery,
                    &t,
                    format!("request {id} was delivered {}, after its due time {}", local(t), local(due)),
                )
                .as_event(),
            ),
            None if now > due => out.push(m.flag(
                Code::LateDelivery,
                &due,
                format!(
                    "request {id} ({}) was due {}: deliver it or tell {} when it will be ready",
                    m.subject_hint(),
                    local(due),
                    m.client
                ),
            )),
            None if due <= clock.horizon => out.push(m.flag(
                Code::DeliveryDue,
                &due,
                format!("request {id} ({}) is due {}", m.subject_hint(), local(due)),
            )),
            _ => {}
        }
    }
}

impl MessageFacts {
    fn subject_hint(&self) -> String {
        format!("from {}", self.from)
    }
}

/// Something the client owes you.
#[derive(Debug, Clone)]
pub struct OwedItem {
    pub id: i64,
    pub client: String,
    pub what: String,
    /// The last day it was due (it covers that whole day).
    pub due: NaiveDate,
    pub received_on: Option<NaiveDate>,
    /// The start of the day after `due`: when it became late.
    pub late_from: DateTime<Tz>,
}

/// `client-late`: items not received by `today` whose due date is before it.
pub fn client_late(items: &[OwedItem], today: NaiveDate) -> Vec<Flag> {
    items
        .iter()
        .filter(|i| i.due < today && i.received_on.is_none_or(|r| r > today))
        .map(|i| {
            Flag::new(
                Code::ClientLate,
                &i.client,
                &format!("waiting:{}", i.id),
                format!("waiting {}", i.id),
                &i.late_from,
                format!(
                    "{} owes you {} (due {}): chase it, and move your own dates that depend on it",
                    i.client, i.what, i.due
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(d: u32, h: u32) -> DateTime<Tz> {
        Tz::UTC.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap()
    }

    fn msg() -> MessageFacts {
        MessageFacts {
            id: 12,
            client: "acme".into(),
            from: "Jane <jane@acme.example>".into(),
            to: "me".into(),
            primary: Some("Jane <jane@acme.example>".into()),
            manager: "me".into(),
            via: "email".into(),
            at: t(1, 10),
            is_request: true,
            fyi: false,
            wants: None,
            bypassed: false,
            wrong_channel: false,
            rush: false,
            clock_from: None,
            reply_target: Some(t(2, 10)),
            reply_by: Some(t(3, 10)),
            start_by: Some(t(3, 10)),
            due: Some(t(8, 10)),
            replied_at: None,
            closed_at: None,
            started_at: None,
            delivered_at: None,
            channels: vec!["email".into()],
            cutoff: None,
            rush_fee: None,
        }
    }

    fn codes(m: &MessageFacts, now: DateTime<Tz>, horizon: DateTime<Tz>) -> Vec<(String, String, bool)> {
        message_flags(m, &Clock { now, horizon })
            .into_iter()
            .map(|f| (f.key().to_string(), f.at.to_rfc3339(), f.event))
            .collect()
    }

    #[test]
    fn reply_due_then_late_then_late_event() {
        let m = msg();
        assert!(codes(&m, t(1, 12), t(1, 16)).is_empty());
        // The target has passed; the limit is within soon.
        assert_eq!(
            codes(&m, t(3, 8), t(3, 12)),
            vec![("reply-due:message:12".to_string(), "2026-12-02T10:00:00+00:00".to_string(), false)]
        );
        let late = codes(&m, t(3, 11), t(3, 15));
        assert!(late.contains(&("late-reply:message:12".into(), "2026-12-03T10:00:00+00:00".into(), false)));
        assert!(!late.iter().any(|f| f.0.starts_with("reply-due")));
        let mut replied = m.clone();
        replied.replied_at = Some(t(4, 9));
        let ev = codes(&replied, t(4, 10), t(4, 14));
        assert!(ev.contains(&("late-reply:message:12".into(), "2026-12-04T09:00:00+00:00".into(), true)));
        // Replayed before the reply: still the state flag.
        assert!(codes(&replied, t(3, 11), t(3, 15)).iter().any(|f| f.0 == "late-reply:message:12" && !f.2));
    }

    #[test]
    fn delivery_due_gives_way_to_late_delivery() {
        let mut m = msg();
        m.replied_at = Some(t(1, 11));
        m.started_at = Some(t(2, 9));
        assert_eq!(
            codes(&m, t(8, 8), t(8, 12)),
            vec![("delivery-due:message:12".to_string(), "2026-12-08T10:00:00+00:00".to_string(), false)]
        );
        assert_eq!(
            codes(&m, t(8, 11), t(8, 15)),
            vec![("late-delivery:message:12".to_string(), "2026-12-08T10:00:00+00:00".to_string(), false)]
        );
        m.delivered_at = Some(t(9, 9));
        assert_eq!(
            codes(&m, t(9, 10), t(9, 14)),
            vec![("late-delivery:message:12".to_string(), "2026-12-09T09:00:00+00:00".to_string(), true)]
        );
    }

    #[test]
    fn fyi_and_arrival_events() {
        let mut m = msg();
        m.is_request = false;
        m.fyi = true;
        m.bypassed = true;
        m.wrong_channel = true;
        m.via = "phone".into();
        let flags = message_flags(&m, &Clock { now: t(10, 9), horizon: t(10, 13) });
        let keys: Vec<_> = flags.iter().map(super::super::Flag::key).collect();
        assert_eq!(keys, ["bypassed-contact:message:12", "wrong-channel:message:12"]);
        assert!(flags.iter().all(|f| f.event));
    }

    #[test]
    fn rush_detail_names_the_fee() {
        let mut m = msg();
        m.rush = true;
        m.wants = Some(t(1, 21));
        m.rush_fee = Some("50%".parse().unwrap());
        let f = message_flags(&m, &Clock { now: t(1, 11), horizon: t(1, 15) });
        let rush = f.iter().find(|f| f.code == Code::RushRequest).unwrap();
        assert!(rush.detail().contains("rush fee of 50%"), "{}", rush.detail());
    }

    #[test]
    fn client_late_from_the_day_after() {
        let item = OwedItem {
            id: 3,
            client: "acme".into(),
            what: "copy".into(),
            due: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            received_on: None,
            late_from: t(2, 0),
        };
        assert!(client_late(std::slice::from_ref(&item), item.due).is_empty());
        let f = client_late(std::slice::from_ref(&item), item.due.succ_opt().unwrap());
        assert_eq!(f[0].key(), "client-late:waiting:3");
        let mut got = item.clone();
        got.received_on = Some(item.due);
        assert!(client_late(&[got], item.due.succ_opt().unwrap()).is_empty());
    }
}
