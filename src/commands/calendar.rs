//! `expect calendar [--ics]`: every open deadline as of now — invoice due
//! dates, reply limits of messages awaiting a reply, delivery dates of
//! undelivered requests, and items the client owes — as a list, or as an
//! iCalendar feed (RFC 5545) to subscribe to. Each item's UID is stable
//! across runs (`invoice-INV-0001@expect`), so a calendar app updates
//! events instead of duplicating them. An invoice's item names the
//! principal still owed on the as-of date: plain (`2250.00 USD`) in JSON,
//! CSV and the feed, with thousands separators in the table.

use std::process::ExitCode;

use chrono::{DateTime, Days, Utc};
use icalendar::{Calendar, Component as _, EventLike as _, Property};
use serde::Serialize;

use crate::book::reports::{self, kind_name, subject, what_plain, Kind, OpenDeadline, What, When};
use crate::context::Ctx;
use crate::output::{Cell, Style};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print an iCalendar (.ics) feed instead of a list
    #[arg(long)]
    pub ics: bool,
}

/// The JSON keys of a listed row (the CSV header, also of an empty list).
const KEYS: &[&str] = &["kind", "client", "subject", "due", "what"];

#[derive(Debug, Serialize)]
struct Row {
    kind: &'static str,
    client: String,
    subject: String,
    /// A date (`YYYY-MM-DD`) for all-day deadlines, else RFC 3339.
    due: String,
    /// Money without separators (SPEC 2).
    what: String,
    #[serde(skip)]
    shown_what: String,
    #[serde(skip)]
    overdue: bool,
    #[serde(skip)]
    shown_due: String,
}

/// A UID that stays the same for the same deadline across runs.
fn uid(d: &OpenDeadline) -> String {
    format!("{}-{}@expect", kind_name(d.kind), d.reference)
}

/// The event's title in a calendar app (money as in JSON: `2250.00 USD`).
fn summary(d: &OpenDeadline) -> String {
    let what = what_plain(&d.what);
    match d.kind {
        Kind::Invoice => format!("{} due from {} ({what})", d.reference, d.client),
        Kind::Reply => format!("Reply to {}: {what}", d.client),
        Kind::Delivery => format!("Deliver to {}: {what}", d.client),
        Kind::Waiting => format!("{} owes: {what}", d.client),
    }
}

/// Builds the iCalendar feed of `deadlines` (already in order), stamped
/// with the as-of time.
pub fn feed(deadlines: &[OpenDeadline], stamp: DateTime<Utc>) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//expect//expect deadlines//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .name("expect deadlines");
    for d in deadlines {
        let mut event = icalendar::Event::new();
        event.uid(&uid(d)).timestamp(stamp).summary(&summary(d));
        event.add_property("CATEGORIES", kind_name(d.kind));
        match d.when {
            When::Day(day) => {
                // An all-day event ends (exclusively) the next day.
                event.starts(day).ends(day.checked_add_days(Days::new(1)).unwrap_or(day));
            }
            When::At(ts) => {
                event.starts(DateTime::from_timestamp(ts, 0).unwrap_or_default());
            }
        }
        cal.push(event.done());
    }
    cal.to_string()
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let env = ctx.env();
        let today = ctx.today();
        let deadlines = reports::deadlines(&ctx.store()?.read(), &env)?;
        if self.ics {
            ctx.out.text(&feed(&deadlines, ctx.now.with_timezone(&Utc)))?;
            return Ok(ExitCode::SUCCESS);
        }
        let now = ctx.now_ts();
        let rows: Vec<Row> = deadlines
            .iter()
            .map(|d| {
                let (due, shown_due, overdue) = match d.when {
                    When::Day(day) => (day.to_string(), day.to_string(), day < today),
                    When::At(ts) => {
                        let t = env.instant(ts);
                        (t.to_rfc3339(), t.format("%Y-%m-%d %H:%M").to_string(), ts < now)
                    }
                };
                Row {
                    kind: kind_name(d.kind),
                    client: d.client.clone(),
                    subject: subject(d),
                    due,
                    what: what_plain(&d.what),
                    shown_what: match &d.what {
                        What::Text(t) => t.clone(),
                        owed @ What::Owed { .. } => reports::what_text(owed, ctx.config.numbers),
                    },
                    overdue,
                    shown_due,
                }
            })
            .collect();
        ctx.out.with_keys(KEYS).list(&rows, &["due", "kind", "client", "subject", "what"], |r| {
            vec![
                if r.overdue {
                    Cell::styled(r.shown_due.clone(), Style::Bad)
                } else {
                    r.shown_due.clone().into()
                },
                r.kind.into(),
                r.client.clone().into(),
                r.subject.clone().into(),
                r.shown_what.clone().into(),
            ]
        })?;
        Ok(ExitCode::SUCCESS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Money;
    use chrono::NaiveDate;

    fn item(kind: Kind, reference: &str, what: What, when: When) -> OpenDeadline {
        OpenDeadline { kind, reference: reference.into(), client: "acme".into(), what, when }
    }

    #[test]
    fn the_feed_is_rfc_5545_with_stable_uids_crlf_and_folded_lines() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let long = "Späte Lieferung; bitte prüfen, ob alles da ist — ".repeat(4);
        let items = [
            item(
                Kind::Invoice,
                "INV-0001",
                What::Owed { amount: Money(150_000), currency: "USD".into() },
                When::Day(day),
            ),
            item(Kind::Reply, "12", What::Text(long.clone()), When::At(1_796_400_000)),
        ];
        let stamp = DateTime::from_timestamp(1_795_780_800, 0).unwrap();
        let text = feed(&items, stamp);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
        assert!(text.ends_with("END:VCALENDAR\r\n"), "{text}");
        assert!(!text.replace("\r\n", "").contains('\n'), "bare LF in {text}");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "line of {} octets: {line:?}", line.len());
        }
        assert!(text.contains("UID:invoice-INV-0001@expect\r\n"), "{text}");
        assert!(text.contains("UID:reply-12@expect\r\n"), "{text}");
        assert!(text.contains("DTSTAMP:20261127T120000Z\r\n"), "{text}");
        assert!(text.contains("DTSTART;VALUE=DATE:20261201\r\n"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20261202\r\n"), "{text}");
        assert!(text.contains("DTSTART:20261204T160000Z\r\n"), "{text}");
        assert!(text.contains("SUMMARY:INV-0001 due from acme (1500.00 USD)\r\n"), "{text}");
        // Unfolding gives back the escaped summary.
        let unfolded = text.replace("\r\n ", "");
        let escaped = long.replace(',', "\\,").replace(';', "\\;");
        assert!(unfolded.contains(&format!("SUMMARY:Reply to acme: {escaped}\r\n")), "{unfolded}");
        // Same input, same output: nothing random, nothing from the clock.
        assert_eq!(text, feed(&items, stamp));
    }

    #[test]
    fn an_empty_feed_is_still_a_calendar() {
        let text = feed(&[], DateTime::from_timestamp(0, 0).unwrap());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{text}");
        assert!(!text.contains("VEVENT"));
    }
}
