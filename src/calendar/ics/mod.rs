//! Holidays from an iCalendar (`.ics`) text: the all-day events of the
//! `holidays_file` (SPEC sections 1 and 4), as Google Calendar, Apple
//! Calendar, Outlook and Thunderbird export them. Pure: the caller reads the
//! file and passes its text.
//!
//! - An event whose `DTSTART` is a date (`VALUE=DATE`, or an 8-digit value)
//!   gives each date from `DTSTART` up to but excluding `DTEND` (`DTEND`
//!   absent: `DURATION` in days/weeks if present, else one day).
//! - A timed event counts as all-day when it runs from a midnight to a
//!   midnight (`DTEND` or a whole-day `DURATION`, wall times as written), or
//!   when it is marked `X-MICROSOFT-CDO-ALLDAYEVENT:TRUE` (or
//!   `X-MICROSOFT-MSNCALENDAR-ALLDAYEVENT:TRUE`), whose times are taken to
//!   their nearest midnight (see `times.rs` for UTC times). Other timed
//!   events are ignored, recurring or not.
//! - An `RRULE` repeats the event (see `recur.rs`); `RDATE` adds dates,
//!   `EXDATE` removes them. Recurrences give only the dates whose year is
//!   in the window, [`HOLIDAY_YEARS`] unless the caller passes one to
//!   [`holidays_from_ics_in`]; dates written in the file (`DTSTART`,
//!   `RDATE`, a single event) count wherever they are.
//! - An event with a `RECURRENCE-ID` replaces that occurrence of the event
//!   with the same `UID`: the occurrence gives way to the override's own
//!   dates (none when the override is timed or `STATUS:CANCELLED`).
//!   `RANGE=THISANDFUTURE` is read as that one occurrence.
//! - A `STATUS:CANCELLED` event gives no dates.
//!
//! A malformed file, value or rule is an error that names the event.

use std::collections::{BTreeSet, HashMap};
use std::ops::RangeInclusive;

use chrono::{NaiveDate, NaiveTime, TimeDelta};
use icalendar::parser::{read_calendar, unfold, Component, Property};

use crate::values::ParseError;

mod lines;
mod recur;
mod times;

#[cfg(test)]
mod export_tests;
#[cfg(test)]
mod tests;

use times::{duration_days, duration_secs, parse_when, zone, Frame, When};

/// A single event may cover at most this many days.
const MAX_EVENT_DAYS: u64 = 3660;

/// A file may give at most this many holiday dates (counting repeats).
const MAX_DATES: usize = 500_000;

/// The years recurring holidays are expanded in by [`holidays_from_ics`]:
/// wide enough for any deadline the tool computes, small enough to hold as a
/// set of dates.
pub const HOLIDAY_YEARS: RangeInclusive<i32> = 1970..=2100;

/// The dates of the all-day events in `text`, sorted and without duplicates;
/// recurrences are expanded within [`HOLIDAY_YEARS`].
pub fn holidays_from_ics(text: &str) -> Result<Vec<NaiveDate>, ParseError> {
    holidays_from_ics_in(text, HOLIDAY_YEARS)
}

/// The dates of the all-day events in `text`, sorted and without duplicates;
/// recurrences give only dates whose year is in `years`.
pub fn holidays_from_ics_in(text: &str, years: RangeInclusive<i32>) -> Result<Vec<NaiveDate>, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut normal = unfold(text).replace("\r\n", "\n");
    // The parser wants nothing after the last END line but line breaks.
    let trimmed_len = normal.trim_end().len();
    normal.truncate(trimmed_len);
    normal.push('\n');
    lines::check_lines(text)?;
    let cal = read_calendar(&normal).map_err(|e| {
        // nom's report: "0: at line N, in ...:\n<line>\n^"; keep the line.
        let mut lines = e.lines();
        let detail = lines
            .find_map(|l| {
                l.split_once("at line ")
                    .map(|(_, rest)| rest.split(',').next().unwrap_or("").trim().to_string())
            })
            .map_or_else(String::new, |n| format!(" near line {n}"));
        ParseError::new(format!("not a valid iCalendar file{detail}"))
    })?;
    let mut events = Vec::new();
    gather(&cal.components, &mut events);
    // The occurrences each UID's overrides replace.
    let mut replaced: HashMap<String, Vec<When>> = HashMap::new();
    for ev in &events {
        if let (Some(uid), Some(rid)) = (prop(ev, "UID"), prop(ev, "RECURRENCE-ID")) {
            let when = when_of(rid, "RECURRENCE-ID", ev)?;
            replaced.entry(uid.val.as_str().trim().to_string()).or_default().push(when);
        }
    }
    let mut out = Dates { set: BTreeSet::new(), added: 0 };
    for ev in &events {
        let uid = prop(ev, "UID").map(|u| u.val.as_str().trim());
        let moved = uid.and_then(|u| replaced.get(u)).map_or(&[][..], Vec::as_slice);
        event_dates(ev, moved, &years, &mut out)?;
    }
    Ok(out.set.into_iter().collect())
}

/// The holiday dates found so far, and how many were added (repeats too).
struct Dates {
    set: BTreeSet<NaiveDate>,
    added: usize,
}

impl Dates {
    /// Adds `days` dates from `first`.
    fn add(&mut self, first: NaiveDate, days: u64, label: &str) -> Result<(), ParseError> {
        let mut d = first;
        for _ in 0..days {
            self.added += 1;
            if self.added > MAX_DATES {
                return Err(ParseError::new(format!(
                    "{label}: the file gives more than {MAX_DATES} holiday dates; expected a list of holidays"
                )));
            }
            self.set.insert(d);
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        Ok(())
    }
}

fn gather<'a>(components: &'a [Component<'a>], out: &mut Vec<&'a Component<'a>>) {
    for c in components {
        if c.name.as_str().eq_ignore_ascii_case("VEVENT") {
            out.push(c);
        }
        gather(&c.components, out);
    }
}

fn prop<'c>(c: &'c Component<'_>, name: &str) -> Option<&'c Property<'c>> {
    c.properties.iter().find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn props<'c>(c: &'c Component<'_>, name: &'c str) -> impl Iterator<Item = &'c Property<'c>> {
    c.properties.iter().filter(move |p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn param<'p>(p: &'p Property<'_>, key: &str) -> Option<&'p str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|x| x.val.as_ref().map(icalendar::parser::ParseString::as_str))
}

fn is_true(c: &Component<'_>, name: &str) -> bool {
    prop(c, name).is_some_and(|p| p.val.as_str().trim().eq_ignore_ascii_case("TRUE"))
}

/// How an event is named in errors.
fn label(c: &Component<'_>) -> String {
    match prop(c, "SUMMARY") {
        Some(s) if !s.val.as_str().trim().is_empty() => {
            format!("event \"{}\"", s.val.as_str().trim())
        }
        _ => match prop(c, "UID") {
            Some(u) => format!("event {}", u.val.as_str().trim()),
            None => "an event".to_string(),
        },
    }
}

fn bad_value(what: &str, v: &str, ev: &Component<'_>) -> ParseError {
    let v: String = v.trim().chars().take(80).collect();
    ParseError::new(format!(
        "{}: {what} \"{v}\" is not a date like 20261225 or a date-time like 20261225T090000",
        label(ev)
    ))
}

/// The one value of a property such as `DTSTART`.
fn when_of(p: &Property<'_>, what: &str, ev: &Component<'_>) -> Result<When, ParseError> {
    parse_when(p.val.as_str(), param(p, "VALUE")).ok_or_else(|| bad_value(what, p.val.as_str(), ev))
}

/// Every value of the (comma-separated, repeatable) property `what`.
fn whens(ev: &Component<'_>, what: &'static str) -> Result<Vec<When>, ParseError> {
    let mut out = Vec::new();
    for p in props(ev, what) {
        for v in p.val.as_str().split(',').filter(|v| !v.trim().is_empty()) {
            out.push(parse_when(v, param(p, "VALUE")).ok_or_else(|| bad_value(what, v, ev))?);
        }
    }
    Ok(out)
}

/// The holiday part of an event: its frame, first day, wall start time and
/// length in days.
struct Span {
    frame: Frame,
    first: NaiveDate,
    start: chrono::NaiveDateTime,
    days: u64,
}

/// The all-day span of `ev`, or `None` for a timed event.
fn span(ev: &Component<'_>) -> Result<Option<Span>, ParseError> {
    let Some(dtstart) = prop(ev, "DTSTART") else {
        return Err(ParseError::new(format!("{} has no DTSTART", label(ev))));
    };
    let start = when_of(dtstart, "DTSTART", ev)?;
    let round =
        is_true(ev, "X-MICROSOFT-CDO-ALLDAYEVENT") || is_true(ev, "X-MICROSOFT-MSNCALENDAR-ALLDAYEVENT");
    let frame = Frame { zone: param(dtstart, "TZID").and_then(zone), round };
    let first = frame.day(start);
    let wall = frame.wall(start);
    let end = match prop(ev, "DTEND") {
        Some(p) => Some(when_of(p, "DTEND", ev)?),
        None => None,
    };
    let bad_duration = |v: &str| {
        ParseError::new(format!("{}: DURATION \"{}\" is not a duration like P1D", label(ev), v.trim()))
    };
    let days = if let When::Date(d) = start {
        match end {
            Some(When::Date(e)) => {
                if e < d {
                    return Err(ParseError::new(format!(
                        "{}: DTEND {} is before DTSTART {}",
                        label(ev),
                        e.format("%Y%m%d"),
                        d.format("%Y%m%d")
                    )));
                }
                e.signed_duration_since(d).num_days().unsigned_abs().max(1)
            }
            Some(_) => {
                return Err(ParseError::new(format!(
                    "{}: DTSTART is a date but DTEND is a date-time",
                    label(ev)
                )))
            }
            None => match prop(ev, "DURATION") {
                Some(p) => duration_days(p.val.as_str()).ok_or_else(|| bad_duration(p.val.as_str()))?.max(1),
                None => 1,
            },
        }
    } else {
        if !round && wall.time() != NaiveTime::MIN {
            return Ok(None);
        }
        let end_wall = match (end, prop(ev, "DURATION")) {
            (Some(e), _) => frame.wall(e),
            (None, Some(p)) => {
                let secs = duration_secs(p.val.as_str()).ok_or_else(|| bad_duration(p.val.as_str()))?;
                let step = i64::try_from(secs).ok().and_then(TimeDelta::try_seconds);
                step.and_then(|s| wall.checked_add_signed(s)).ok_or_else(|| bad_duration(p.val.as_str()))?
            }
            (None, None) if round => wall,
            (None, None) => return Ok(None),
        };
        if round {
            let last = frame.day(When::Local(end_wall));
            if last < first {
                return Err(ParseError::new(format!("{}: DTEND is before DTSTART", label(ev))));
            }
            last.signed_duration_since(first).num_days().unsigned_abs().max(1)
        } else if end_wall > wall && end_wall.time() == NaiveTime::MIN {
            end_wall.date().signed_duration_since(wall.date()).num_days().unsigned_abs()
        } else {
            return Ok(None);
        }
    };
    if days > MAX_EVENT_DAYS {
        return Err(ParseError::new(format!(
            "{} lasts {days} days; expected at most {MAX_EVENT_DAYS}",
            label(ev)
        )));
    }
    // A rounded event recurs from its day's midnight, so that a rule such as
    // BYDAY=4TH picks the day meant, not the day of a UTC time.
    let start = if round { first.and_time(NaiveTime::MIN) } else { wall };
    Ok(Some(Span { frame, first, start, days }))
}

/// Adds the dates of `ev`; `moved` are its occurrences that overrides
/// (events with the same `UID` and a `RECURRENCE-ID`) replace.
fn event_dates(
    ev: &Component<'_>,
    moved: &[When],
    years: &RangeInclusive<i32>,
    out: &mut Dates,
) -> Result<(), ParseError> {
    if prop(ev, "STATUS").is_some_and(|s| s.val.as_str().trim().eq_ignore_ascii_case("CANCELLED")) {
        return Ok(());
    }
    let Some(span) = span(ev)? else {
        return Ok(()); // a timed event
    };
    let name = label(ev);
    if prop(ev, "RECURRENCE-ID").is_some() {
        return out.add(span.first, span.days, &name);
    }
    let excluded: BTreeSet<NaiveDate> =
        whens(ev, "EXDATE")?.into_iter().chain(moved.iter().copied()).map(|w| span.frame.day(w)).collect();
    let mut add =
        |day: NaiveDate| if excluded.contains(&day) { Ok(()) } else { out.add(day, span.days, &name) };
    add(span.first)?;
    for w in whens(ev, "RDATE")? {
        add(span.frame.day(w))?;
    }
    if let Some(rule) = prop(ev, "RRULE") {
        let rule = recur::parse_rrule(rule.val.as_str(), &name)?;
        // The first occurrence is DTSTART itself, added above.
        let first = span.first;
        rule.expand(
            span.start,
            span.frame,
            years,
            &name,
            |day| if day == first { Ok(()) } else { add(day) },
        )?;
    }
    Ok(())
}
