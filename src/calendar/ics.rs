//! Holidays from an iCalendar (`.ics`) text: the all-day events of the
//! `holidays_file` (SPEC sections 1 and 4). Pure: the caller reads the file
//! and passes its text.
//!
//! Every `VEVENT` whose `DTSTART` is a date (`VALUE=DATE`, or an 8-digit
//! value) yields each date from `DTSTART` up to but excluding `DTEND`
//! (`DTEND` absent: `DURATION` in days/weeks if present, else one day).
//! Timed events and cancelled events are ignored. A yearly `RRULE`
//! (`FREQ=YEARLY` with optional `INTERVAL`, `COUNT`, `UNTIL`) repeats the
//! event, through 2099 when it has no end; `EXDATE` dates are left out. Any
//! other recurrence is an error, as is a malformed file.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use icalendar::parser::{read_calendar, unfold, Component, Property};

use crate::values::ParseError;

/// A single event may cover at most this many days.
const MAX_EVENT_DAYS: u64 = 3660;

/// Open-ended yearly holidays are repeated through this year.
const LAST_RECURRENCE_YEAR: i32 = 2099;

/// The dates of the all-day events in `text`, sorted and without duplicates.
pub fn holidays_from_ics(text: &str) -> Result<Vec<NaiveDate>, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut normal = unfold(text).replace("\r\n", "\n");
    // The parser wants nothing after the last END line but line breaks.
    let trimmed_len = normal.trim_end().len();
    normal.truncate(trimmed_len);
    normal.push('\n');
    if !normal.trim_start().to_ascii_uppercase().starts_with("BEGIN:") {
        return Err(ParseError::new("not an iCalendar file: expected it to start with BEGIN:VCALENDAR"));
    }
    let cal = read_calendar(&normal).map_err(|e| {
        let detail = e
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && *l != "error:")
            .unwrap_or("unreadable")
            .trim_start_matches("error:")
            .trim()
            .to_string();
        ParseError::new(format!("not a valid iCalendar file: {detail}"))
    })?;
    let mut out = BTreeSet::new();
    collect(&cal.components, &mut out)?;
    Ok(out.into_iter().collect())
}

fn collect(components: &[Component<'_>], out: &mut BTreeSet<NaiveDate>) -> Result<(), ParseError> {
    for c in components {
        if c.name.as_str().eq_ignore_ascii_case("VEVENT") {
            event_dates(c, out)?;
        }
        collect(&c.components, out)?;
    }
    Ok(())
}

fn prop<'c>(c: &'c Component<'_>, name: &str) -> Option<&'c Property<'c>> {
    c.properties.iter().find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn param<'p>(p: &'p Property<'_>, key: &str) -> Option<&'p str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|x| x.val.as_ref().map(|v| v.as_str()))
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

/// `YYYYMMDD`.
fn ymd(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let y = s[0..4].parse().ok()?;
    let m = s[4..6].parse().ok()?;
    let d = s[6..8].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// `Some(date)` for an all-day value, `None` for a date-time.
fn date_value(p: &Property<'_>, what: &str, ev: &Component<'_>) -> Result<Option<NaiveDate>, ParseError> {
    let v = p.val.as_str().trim();
    let value_type = param(p, "VALUE").map(str::to_ascii_uppercase);
    let timed = value_type.as_deref() == Some("DATE-TIME")
        || (value_type.is_none() && v.len() > 8 && v.as_bytes()[8] == b'T');
    if timed {
        return Ok(None);
    }
    match ymd(v) {
        Some(d) => Ok(Some(d)),
        None => Err(ParseError::new(format!("{}: {what} \"{v}\" is not a date like 20261225", label(ev)))),
    }
}

/// Whole days of an all-day `DURATION` (`P1D`, `P2W`, `P1DT0H`); a time part
/// rounds up to a whole day.
fn duration_days(v: &str) -> Option<u64> {
    let v = v.trim();
    let v = v.strip_prefix('+').unwrap_or(v);
    let rest = v.strip_prefix('P').or_else(|| v.strip_prefix('p'))?;
    let (date_part, time_part) = match rest.find(['T', 't']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let mut days: u64 = 0;
    let mut num = String::new();
    for ch in date_part.chars() {
        match ch {
            '0'..='9' => num.push(ch),
            'W' | 'w' => days = days.checked_add(num.parse::<u64>().ok()?.checked_mul(7)?)?,
            'D' | 'd' => days = days.checked_add(num.parse::<u64>().ok()?)?,
            _ => return None,
        }
        if !ch.is_ascii_digit() {
            num.clear();
        }
    }
    if !num.is_empty() {
        return None;
    }
    let mut secs: u64 = 0;
    if let Some(tp) = time_part {
        if tp.is_empty() {
            return None;
        }
        for ch in tp.chars() {
            let mult = match ch {
                '0'..='9' => {
                    num.push(ch);
                    continue;
                }
                'H' | 'h' => 3600,
                'M' | 'm' => 60,
                'S' | 's' => 1,
                _ => return None,
            };
            secs = secs.checked_add(num.parse::<u64>().ok()?.checked_mul(mult)?)?;
            num.clear();
        }
        if !num.is_empty() {
            return None;
        }
    }
    days.checked_add(secs.div_ceil(86_400))
}

/// The yearly recurrence of an event: the years (offsets from the first)
/// at which it repeats.
struct Yearly {
    interval: i32,
    count: Option<u32>,
    until: Option<NaiveDate>,
}

fn parse_rrule(v: &str, ev: &Component<'_>) -> Result<Yearly, ParseError> {
    let unsupported = || {
        ParseError::new(format!(
            "{}: RRULE \"{v}\" is not supported; expected a yearly rule like FREQ=YEARLY or list each date",
            label(ev)
        ))
    };
    let mut yearly = false;
    let mut rule = Yearly { interval: 1, count: None, until: None };
    for part in v.trim().split(';').filter(|p| !p.is_empty()) {
        let (k, val) = part.split_once('=').ok_or_else(unsupported)?;
        match k.trim().to_ascii_uppercase().as_str() {
            "FREQ" => yearly = val.trim().eq_ignore_ascii_case("YEARLY"),
            "INTERVAL" => {
                rule.interval =
                    val.trim().parse().ok().filter(|n| (1..=1000).contains(n)).ok_or_else(unsupported)?;
            }
            "COUNT" => rule.count = Some(val.trim().parse().map_err(|_| unsupported())?),
            "UNTIL" => {
                let val = val.trim();
                let head = val.get(..8).unwrap_or(val);
                rule.until = Some(ymd(head).ok_or_else(unsupported)?);
            }
            "WKST" => {}
            _ => return Err(unsupported()),
        }
    }
    if yearly {
        Ok(rule)
    } else {
        Err(unsupported())
    }
}

fn exdates(ev: &Component<'_>) -> BTreeSet<NaiveDate> {
    ev.properties
        .iter()
        .filter(|p| p.name.as_str().eq_ignore_ascii_case("EXDATE"))
        .flat_map(|p| p.val.as_str().split(','))
        .filter_map(|v| {
            let v = v.trim();
            ymd(v.get(..8).unwrap_or(v))
        })
        .collect()
}

fn event_dates(ev: &Component<'_>, out: &mut BTreeSet<NaiveDate>) -> Result<(), ParseError> {
    if prop(ev, "STATUS").is_some_and(|s| s.val.as_str().trim().eq_ignore_ascii_case("CANCELLED")) {
        return Ok(());
    }
    let Some(dtstart) = prop(ev, "DTSTART") else {
        return Err(ParseError::new(format!("{} has no DTSTART", label(ev))));
    };
    let Some(start) = date_value(dtstart, "DTSTART", ev)? else {
        return Ok(()); // a timed event
    };
    let days = if let Some(dtend) = prop(ev, "DTEND") {
        let Some(end) = date_value(dtend, "DTEND", ev)? else {
            return Err(ParseError::new(format!(
                "{}: DTSTART is a date but DTEND is a date-time",
                label(ev)
            )));
        };
        if end < start {
            return Err(ParseError::new(format!(
                "{}: DTEND {} is before DTSTART {}",
                label(ev),
                end.format("%Y%m%d"),
                start.format("%Y%m%d")
            )));
        }
        end.signed_duration_since(start).num_days().unsigned_abs().max(1)
    } else if let Some(dur) = prop(ev, "DURATION") {
        duration_days(dur.val.as_str())
            .ok_or_else(|| {
                ParseError::new(format!(
                    "{}: DURATION \"{}\" is not a duration like P1D",
                    label(ev),
                    dur.val.as_str().trim()
                ))
            })?
            .max(1)
    } else {
        1
    };
    if days > MAX_EVENT_DAYS {
        return Err(ParseError::new(format!(
            "{} lasts {days} days; expected at most {MAX_EVENT_DAYS}",
            label(ev)
        )));
    }
    let rule = match prop(ev, "RRULE") {
        Some(r) => Some(parse_rrule(r.val.as_str(), ev)?),
        None => None,
    };
    let excluded = exdates(ev);
    let mut occurrence = 0u32;
    let mut year = start.year();
    let mut first = start;
    loop {
        if !excluded.contains(&first) {
            let mut d = first;
            for _ in 0..days {
                out.insert(d);
                match d.succ_opt() {
                    Some(n) => d = n,
                    None => break,
                }
            }
        }
        let Some(rule) = &rule else { break };
        occurrence += 1;
        // The next valid date (a 29 February repeats only in leap years).
        let next = loop {
            year = year.saturating_add(rule.interval);
            if year > 9999 {
                break None;
            }
            if let Some(d) = NaiveDate::from_ymd_opt(year, start.month(), start.day()) {
                break Some(d);
            }
        };
        let Some(next) = next else { break };
        let done = rule.count.is_some_and(|c| occurrence >= c)
            || rule.until.is_some_and(|u| next > u)
            || (rule.count.is_none() && rule.until.is_none() && year > LAST_RECURRENCE_YEAR);
        if done {
            break;
        }
        first = next;
    }
    Ok(())
}
