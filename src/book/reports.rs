//! The reports that read across areas: the open deadlines of `calendar`
//! (as a list and as an iCalendar feed) and both sides' record in
//! `scorecard`.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;

use super::clients::find_client;
use super::{Env, Result};
use crate::store::calendar::open_deadlines;
use crate::store::clients::clients;
use crate::store::scorecard::{self as facts, Kept, Paid};
use crate::store::Db;

pub use crate::store::calendar::{Kind, OpenDeadline, What, When};

/// Every open deadline as of now, by day; on a day, all-day items first,
/// then by time.
pub fn deadlines(db: &impl Db, env: &Env<'_>) -> Result<Vec<OpenDeadline>> {
    let mut list = open_deadlines(db, env.now_ts(), env.today())?;
    let order = |d: &OpenDeadline| -> (NaiveDate, i64, Kind, String) {
        match d.when {
            When::Day(day) => (day, i64::MIN, d.kind, d.reference.clone()),
            When::At(ts) => (env.instant(ts).date_naive(), ts, d.kind, d.reference.clone()),
        }
    };
    list.sort_by_cached_key(order);
    Ok(list)
}

/// `invoice INV-0001`, `message 12`, `waiting 3`: as `check` names them.
pub fn subject(d: &OpenDeadline) -> String {
    match d.kind {
        Kind::Invoice => format!("invoice {}", d.reference),
        Kind::Reply | Kind::Delivery => format!("message {}", d.reference),
        Kind::Waiting => format!("waiting {}", d.reference),
    }
}

/// The name of a deadline's kind: `invoice`, `reply`, `delivery`, `waiting`.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Invoice => "invoice",
        Kind::Reply => "reply",
        Kind::Delivery => "delivery",
        Kind::Waiting => "waiting",
    }
}

/// Money without separators, with its currency's decimals (`2250.00
/// USD`), or the text: for JSON, CSV and the feed.
pub fn what_plain(w: &What) -> String {
    match w {
        What::Text(t) => t.clone(),
        What::Owed { amount, currency } => match crate::values::Currency::parse(currency) {
            Ok(c) => format!("{} {c}", c.amount(*amount).plain()),
            Err(_) => currency.clone(),
        },
    }
}

/// What a deadline is about for people: the text, or the money as text
/// output writes it (`USD 2,250.00`).
pub fn what_text(w: &What, numbers: crate::values::Numbers) -> String {
    match w {
        What::Text(t) => t.clone(),
        What::Owed { amount, currency } => match crate::values::Currency::parse(currency) {
            Ok(c) => c.amount(*amount).text(numbers),
            Err(_) => currency.clone(),
        },
    }
}

/// One client's record over the period (SPEC 8).
#[derive(Debug, Clone, Serialize)]
pub struct ScoreLine {
    pub client: String,
    pub replies_on_time: Option<String>,
    pub deliveries_on_time: Option<String>,
    pub invoices_paid_on_time: Option<String>,
    pub average_days_late: Option<i64>,
    pub bypasses: i64,
}

impl ScoreLine {
    /// The keys of its JSON object (the CSV header, also of an empty list).
    pub const KEYS: &'static [&'static str] = &[
        "client",
        "replies_on_time",
        "deliveries_on_time",
        "invoices_paid_on_time",
        "average_days_late",
        "bypasses",
    ];
}

/// `on` of `total` as a whole percent, rounded half up; None when `total` is 0.
pub fn percent(on: u64, total: u64) -> Option<String> {
    (total > 0).then(|| format!("{}%", (on * 200 + total) / (total * 2)))
}

/// (kept by the limit, counted) of deadlines of yours.
pub fn kept_share(items: &[&Kept]) -> (u64, u64) {
    let on = items.iter().filter(|k| k.done.is_some_and(|d| d <= k.limit)).count();
    (on as u64, items.len() as u64)
}

/// The client's payment record as of `today`: (paid on time, counted,
/// average days late rounded half up). An invoice due today and not yet
/// settled is not counted yet.
pub fn payment_record(items: &[&Paid], today: NaiveDate) -> (u64, u64, Option<i64>) {
    let mut on_time = 0_u64;
    let mut counted = 0_u64;
    let mut late_days: Vec<i64> = Vec::new();
    for p in items {
        match p.settled {
            Some(s) if s <= p.due => {
                on_time += 1;
                counted += 1;
            }
            Some(s) => {
                counted += 1;
                late_days.push((s - p.due).num_days());
            }
            None if p.due < today => {
                counted += 1;
                late_days.push((today - p.due).num_days());
            }
            None => {}
        }
    }
    let n = late_days.len() as i64;
    let average = (n > 0).then(|| (late_days.iter().sum::<i64>() * 2 + n) / (n * 2));
    (on_time, counted, average)
}

fn group<T>(items: &[T], id: impl Fn(&T) -> i64) -> HashMap<i64, Vec<&T>> {
    let mut out: HashMap<i64, Vec<&T>> = HashMap::new();
    for item in items {
        out.entry(id(item)).or_default().push(item);
    }
    out
}

/// Both sides' record from `since` to now, per active client (or one).
///
/// What counts: a message (request) whose limit (due time) fell in the
/// period, or that was answered (delivered) in it; an invoice whose
/// principal was settled in the period (on time when by its due date, even
/// one due later), or that was due in it once its outcome is known
/// (settled, or its due date passed: late when not settled by it) — each
/// invoice once.
pub fn scorecard(
    db: &impl Db,
    env: &Env<'_>,
    client: Option<&str>,
    since: DateTime<Tz>,
) -> Result<Vec<ScoreLine>> {
    let (since_ts, now, today) = (since.timestamp(), env.now_ts(), env.today());
    let list = match client {
        Some(h) => vec![find_client(db, h)?],
        None => clients(db, false)?,
    };
    let only = list.first().filter(|_| client.is_some()).map(|c| c.id);
    let replies = facts::replies(db, only, since_ts, now)?;
    let deliveries = facts::deliveries(db, only, since_ts, now)?;
    let invoices = facts::invoices(db, only, since.date_naive(), today, now)?;
    let bypasses = facts::bypasses(db, only, since_ts, now)?;
    let (replies, deliveries) = (group(&replies, |k| k.client_id), group(&deliveries, |k| k.client_id));
    let invoices = group(&invoices, |p| p.client_id);
    Ok(list
        .into_iter()
        .map(|c| {
            let share = |m: &HashMap<i64, Vec<&Kept>>| {
                let (on, total) = kept_share(m.get(&c.id).map_or(&[][..], Vec::as_slice));
                percent(on, total)
            };
            let (paid, counted, average) =
                payment_record(invoices.get(&c.id).map_or(&[][..], Vec::as_slice), today);
            ScoreLine {
                replies_on_time: share(&replies),
                deliveries_on_time: share(&deliveries),
                invoices_paid_on_time: percent(paid, counted),
                average_days_late: average,
                bypasses: bypasses.get(&c.id).copied().unwrap_or(0),
                client: c.record.handle,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn percent_rounds_half_up_in_integers() {
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(5, 6).as_deref(), Some("83%"));
        assert_eq!(percent(1, 8).as_deref(), Some("13%")); // 12.5 -> 13
        assert_eq!(percent(1, 200).as_deref(), Some("1%")); // 0.5 -> 1
        assert_eq!(percent(1, 201).as_deref(), Some("0%"));
        assert_eq!(percent(2, 3).as_deref(), Some("67%"));
        assert_eq!(percent(3, 3).as_deref(), Some("100%"));
    }

    #[test]
    fn kept_by_the_limit_inclusive() {
        let k = |limit, done| Kept { client_id: 1, limit, done };
        let items = [k(100, Some(100)), k(100, Some(101)), k(100, None), k(100, Some(5))];
        assert_eq!(kept_share(&items.iter().collect::<Vec<_>>()), (2, 4));
    }

    #[test]
    fn payment_record_counts_known_outcomes() {
        let p = |due: &str, settled: Option<&str>| Paid {
            client_id: 1,
            due: day(due),
            settled: settled.map(day),
        };
        let items = [
            p("2026-11-01", Some("2026-11-01")), // on time
            p("2026-11-01", Some("2026-11-04")), // 3 days late
            p("2026-11-20", None),               // 7 days overdue on the 27th
            p("2026-11-27", None),               // due today: not counted yet
        ];
        let refs: Vec<&Paid> = items.iter().collect();
        // average of 3 and 7 is 5
        assert_eq!(payment_record(&refs, day("2026-11-27")), (1, 3, Some(5)));
        // 3 and 4 average 3.5 -> 4
        let items = [p("2026-11-01", Some("2026-11-04")), p("2026-11-01", Some("2026-11-05"))];
        assert_eq!(payment_record(&items.iter().collect::<Vec<_>>(), day("2026-11-27")), (0, 2, Some(4)));
        assert_eq!(payment_record(&[], day("2026-11-27")), (0, 0, None));
    }
}
