//! The reports that read across areas: the open deadlines of `calendar`
//! (as a list and as an iCalendar feed) and both sides' record in
//! `scorecard`.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;

use super::clients::find_client;
use super::{Env, Result};
use crate::money::PaymentSchedule;
use crate::rules::{notice_by, rules_before, upcoming};
use crate::store::calendar::{open_deadlines, rule_version_stamps};
use crate::store::clients::clients;
use crate::store::identity::book_id;
use crate::store::rules::{clients_with_rule_changes, payment_versions_of, versions};
use crate::store::scorecard::{self as facts, Kept, Paid};
use crate::store::Db;

pub use crate::calendar::feed::{Deadline, Kind, What, When};

/// The open deadlines of a book, and its id (for the feed's UIDs).
#[derive(Debug, Clone)]
pub struct Deadlines {
    pub book: String,
    pub items: Vec<Deadline>,
}

/// Every open deadline as of now, by day; on a day, all-day items first,
/// then by time: those the store keeps, and the last day to send notice of
/// each upcoming stricter rule change not yet announced.
pub fn deadlines(db: &impl Db, env: &Env<'_>) -> Result<Deadlines> {
    let mut list = open_deadlines(db, env.now_ts(), env.today())?;
    list.extend(notice_deadlines(db, env)?);
    let order = |d: &Deadline| -> (NaiveDate, i64, Kind, String) {
        match d.when {
            When::Day(day) => (day, i64::MIN, d.kind, d.reference.clone()),
            When::At(ts) => (env.instant(ts).date_naive(), ts, d.kind, d.reference.clone()),
        }
    };
    list.sort_by_cached_key(order);
    Ok(Deadlines { book: book_id(db)?, items: list })
}

/// For each active client's rule change effective after today that is
/// stricter than the rules before it and has no notice date yet: the last
/// day notice can go out, its effective date less the `notice_period` in
/// force the day before (SPEC 10).
fn notice_deadlines(db: &impl Db, env: &Env<'_>) -> Result<Vec<Deadline>> {
    let today = env.today();
    let changing = clients_with_rule_changes(db, None)?;
    let mut out = Vec::new();
    let mut stamps = None;
    for c in clients(db, false)?.into_iter().filter(|c| changing.contains(&c.id)) {
        let all = versions(db, c.id)?;
        for v in upcoming(&all, today) {
            let Some(effective) = v.effective else { continue };
            let before = rules_before(&all, effective);
            let stricter = v.patch.stricter_than(&before);
            if stricter.is_empty() || v.notified.is_some_and(|n| n <= today) {
                continue;
            }
            let changes = v.patch.describe(&stricter);
            if stamps.is_none() {
                stamps = Some(rule_version_stamps(db, env.now_ts())?);
            }
            out.push(Deadline {
                kind: Kind::Notice,
                reference: format!("{}-{effective}", c.record.handle),
                client: c.record.handle.clone(),
                what: What::Text(format!("{}; {}d notice", changes, before.notice_period)),
                when: When::Day(notice_by(effective, before.notice_period)),
                stamp: stamps.as_ref().and_then(|s| s.get(&v.id)).copied().unwrap_or_default(),
            });
        }
    }
    Ok(out)
}

/// One client's record over the period (SPEC 8).
#[derive(Debug, Clone, Serialize)]
pub struct ScoreLine {
    pub client: String,
    pub replies_on_time: Option<Share>,
    pub deliveries_on_time: Option<Share>,
    pub invoices_paid_on_time: Option<Share>,
    pub average_days_late: Option<i64>,
    pub bypasses: i64,
    /// Follow-ups that chased a message before its reply target.
    pub chasers: i64,
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
        "chasers",
    ];
}

/// A share from 0 to 1 in whole hundredths, rounded half away from zero:
/// a number with two decimals in JSON and CSV (`0.67`), a percent in text
/// (`67%`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share(u8);

impl Share {
    /// `on` of `total`; None when `total` is 0 (nothing to count).
    pub fn of(on: u64, total: u64) -> Option<Share> {
        (total > 0).then(|| Share(u8::try_from((on.min(total) * 200 + total) / (total * 2)).unwrap_or(100)))
    }

    /// `67%`.
    pub fn percent(self) -> String {
        format!("{}%", self.0)
    }
}

impl Share {
    /// `0.67`, `1.00`, `0.00`: the decimal written out, never a float.
    pub fn decimal(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl Serialize for Share {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        // A JSON number written with exactly two decimals (serde_json's
        // arbitrary_precision keeps its digits as they are).
        let n: serde_json::Number = self.decimal().parse().map_err(serde::ser::Error::custom)?;
        n.serialize(s)
    }
}

/// (kept by the limit, counted) of deadlines of yours.
pub fn kept_share(items: &[&Kept]) -> (u64, u64) {
    let on = items.iter().filter(|k| k.done.is_some_and(|d| d <= k.limit)).count();
    (on as u64, items.len() as u64)
}

/// The client's payment record as of `today`: (paid on time, counted,
/// average days late rounded half up). An invoice is on time when its
/// principal was settled by its due date plus the grace of `grace_of` (the
/// client's, in force on the issue date); its days late are counted from
/// the due date, an early payment as 0 (SPEC 8). An invoice not settled
/// is counted once its grace has run out, late by the days since its due
/// date; before that its outcome is not known yet.
pub fn payment_record(
    items: &[&Paid],
    grace_of: impl Fn(&Paid) -> u32,
    today: NaiveDate,
) -> (u64, u64, Option<i64>) {
    let mut on_time = 0_u64;
    let mut late_days: Vec<i64> = Vec::new();
    for p in items {
        let grace = i64::from(grace_of(p));
        let late = match p.settled {
            Some(s) => (s - p.due).num_days(),
            None if (today - p.due).num_days() > grace => (today - p.due).num_days(),
            None => continue,
        };
        if p.settled.is_some() && late <= grace {
            on_time += 1;
        }
        late_days.push(late.max(0));
    }
    let n = late_days.len() as i64;
    let average = (n > 0).then(|| (late_days.iter().sum::<i64>() * 2 + n) / (n * 2));
    (on_time, n as u64, average)
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
    let chasers = facts::chasers(db, only, since_ts, now)?;
    let (replies, deliveries) = (group(&replies, |k| k.client_id), group(&deliveries, |k| k.client_id));
    let invoices = group(&invoices, |p| p.client_id);
    let with_invoices: Vec<i64> = list.iter().map(|c| c.id).filter(|id| invoices.contains_key(id)).collect();
    let payment_versions = payment_versions_of(db, &with_invoices)?;
    Ok(list
        .into_iter()
        .map(|c| {
            let share = |m: &HashMap<i64, Vec<&Kept>>| {
                let (on, total) = kept_share(m.get(&c.id).map_or(&[][..], Vec::as_slice));
                Share::of(on, total)
            };
            let rules = PaymentSchedule::new(payment_versions.get(&c.id).map_or(&[][..], Vec::as_slice));
            let (paid, counted, average) = payment_record(
                invoices.get(&c.id).map_or(&[][..], Vec::as_slice),
                |p| rules.on(p.issued).grace,
                today,
            );
            ScoreLine {
                replies_on_time: share(&replies),
                deliveries_on_time: share(&deliveries),
                invoices_paid_on_time: Share::of(paid, counted),
                average_days_late: average,
                bypasses: bypasses.get(&c.id).copied().unwrap_or(0),
                chasers: chasers.get(&c.id).copied().unwrap_or(0),
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
    fn shares_round_half_away_from_zero_in_integers() {
        let pct = |on, total| Share::of(on, total).map(Share::percent);
        assert_eq!(Share::of(0, 0), None);
        assert_eq!(pct(5, 6).as_deref(), Some("83%"));
        assert_eq!(pct(1, 8).as_deref(), Some("13%")); // 12.5 -> 13
        assert_eq!(pct(1, 200).as_deref(), Some("1%")); // 0.5 -> 1
        assert_eq!(pct(1, 201).as_deref(), Some("0%"));
        assert_eq!(pct(2, 3).as_deref(), Some("67%"));
        assert_eq!(pct(3, 3).as_deref(), Some("100%"));
        let json = |on, total| serde_json::to_string(&Share::of(on, total)).unwrap();
        assert_eq!(json(2, 3), "0.67");
        assert_eq!(json(1, 8), "0.13");
        assert_eq!(json(0, 4), "0.00");
        assert_eq!(json(1, 2), "0.50");
        assert_eq!(json(3, 3), "1.00");
        assert_eq!(json(0, 0), "null");
        for n in 0..=100_u64 {
            assert_eq!(json(n, 100), format!("{}.{:02}", n / 100, n % 100));
        }
        // Through a JSON value too (the CSV writer reads rows that way).
        assert_eq!(serde_json::to_value(Share::of(1, 2)).unwrap().to_string(), "0.50");
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
            issued: day("2026-10-01"),
            due: day(due),
            settled: settled.map(day),
        };
        let none = |_: &Paid| 0;
        let items = [
            p("2026-11-01", Some("2026-10-30")), // early: 0 days late
            p("2026-11-01", Some("2026-11-04")), // 3 days late
            p("2026-11-20", None),               // 7 days overdue on the 27th
            p("2026-11-27", None),               // due today: not counted yet
        ];
        let refs: Vec<&Paid> = items.iter().collect();
        // (0 + 3 + 7) / 3 = 3.33 -> 3
        assert_eq!(payment_record(&refs, none, day("2026-11-27")), (1, 3, Some(3)));
        // 3 and 4 average 3.5 -> 4
        let items = [p("2026-11-01", Some("2026-11-04")), p("2026-11-01", Some("2026-11-05"))];
        assert_eq!(
            payment_record(&items.iter().collect::<Vec<_>>(), none, day("2026-11-27")),
            (0, 2, Some(4))
        );
        assert_eq!(payment_record(&[], none, day("2026-11-27")), (0, 0, None));
        // With 3 days of grace: paid 2 days after the due date is on time
        // (2 days late all the same), 4 days after is late; an open invoice
        // 3 days past due is not counted yet, 4 days past due is, as late.
        let grace = |_: &Paid| 3;
        let items = [p("2026-11-10", Some("2026-11-12")), p("2026-11-10", Some("2026-11-14"))];
        assert_eq!(
            payment_record(&items.iter().collect::<Vec<_>>(), grace, day("2026-11-27")),
            (1, 2, Some(3))
        );
        let open = [p("2026-11-24", None)];
        assert_eq!(payment_record(&open.iter().collect::<Vec<_>>(), grace, day("2026-11-27")), (0, 0, None));
        assert_eq!(
            payment_record(&open.iter().collect::<Vec<_>>(), grace, day("2026-11-28")),
            (0, 1, Some(4))
        );
    }
}
