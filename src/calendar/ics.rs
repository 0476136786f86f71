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
    check_lines(text)?;
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
    let mut out = BTreeSet::new();
    collect(&cal.components, &mut out)?;
    Ok(out.into_iter().collect())
}

/// Checks the content lines (after unfolding) and the BEGIN/END nesting,
/// naming the physical line of the first problem.
fn check_lines(text: &str) -> Result<(), ParseError> {
    let mut logical: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = line.strip_prefix([' ', '\t']) {
            match logical.last_mut() {
                Some((_, prev)) => prev.push_str(rest),
                None => {
                    return Err(ParseError::new(format!(
                        "not an iCalendar file: line {} starts with a space",
                        i + 1
                    )))
                }
            }
        } else {
            logical.push((i + 1, line.to_string()));
        }
    }
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut seen_begin = false;
    for (n, line) in &logical {
        if line.trim().is_empty() {
            continue;
        }
        if !seen_begin && !line.trim().eq_ignore_ascii_case("BEGIN:VCALENDAR") {
            return Err(ParseError::new("not an iCalendar file: expected it to start with BEGIN:VCALENDAR"));
        }
        let name_end = line.find([':', ';']).unwrap_or(line.len());
        let name = &line[..name_end];
        let valid_name = !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && line.contains(':');
        if !valid_name {
            let shown: String = line.chars().take(40).collect();
            return Err(ParseError::new(format!(
                "not a valid iCalendar file: line {n} \"{shown}\" is not a NAME:VALUE line"
            )));
        }
        let value = line.split_once(':').map_or("", |(_, v)| v).trim();
        if name.eq_ignore_ascii_case("BEGIN") {
            seen_begin = true;
            open.push((*n, value.to_ascii_uppercase()));
        } else if name.eq_ignore_ascii_case("END") {
            match open.pop() {
                Some((_, b)) if b == value.to_ascii_uppercase() => {}
                Some((bn, b)) => {
                    return Err(ParseError::new(format!(
                    "not a valid iCalendar file: line {n} END:{value} does not close BEGIN:{b} of line {bn}"
                )))
                }
                None => {
                    return Err(ParseError::new(format!(
                        "not a valid iCalendar file: line {n} END:{value} has no BEGIN"
                    )))
                }
            }
        } else if open.is_empty() {
            return Err(ParseError::new(format!(
                "not a valid iCalendar file: line {n} is after the END of the calendar"
            )));
        }
    }
    if !seen_begin {
        return Err(ParseError::new("not an iCalendar file: expected it to start with BEGIN:VCALENDAR"));
    }
    if let Some((bn, b)) = open.last() {
        return Err(ParseError::new(format!(
            "not a valid iCalendar file: BEGIN:{b} of line {bn} has no END"
        )));
    }
    Ok(())
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
        .and_then(|x| x.val.as_ref().map(icalendar::parser::ParseString::as_str))
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
fn ymd(text: &str) -> Option<NaiveDate> {
    if text.len() != 8 || !text.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let year = text[0..4].parse().ok()?;
    let month = text[4..6].parse().ok()?;
    let day = text[6..8].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const SAMPLE: &str = "BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//holidays//EN
BEGIN:VEVENT
UID:xmas@test
DTSTART;VALUE=DATE:20261224
DTEND;VALUE=DATE:20261227
SUMMARY:Christmas break with a summary that is long enough to be folded ov
 er two lines
END:VEVENT
BEGIN:VEVENT
UID:meeting@test
DTSTART:20261130T100000Z
DTEND:20261130T110000Z
SUMMARY:A timed meeting
END:VEVENT
BEGIN:VEVENT
UID:ny@test
DTSTART;VALUE=DATE:20270101
SUMMARY:New Year
END:VEVENT
BEGIN:VEVENT
UID:easter@test
DTSTART:20270326
DURATION:P4D
SUMMARY:Easter
END:VEVENT
BEGIN:VEVENT
UID:tzid@test
DTSTART;TZID=Europe/Berlin:20261201T090000
SUMMARY:Timed with TZID
END:VEVENT
END:VCALENDAR
";

    #[test]
    fn all_day_events_only() {
        let got = holidays_from_ics(SAMPLE).unwrap();
        assert_eq!(holidays_from_ics(&SAMPLE.replace('\n', "\r\n")).unwrap(), got);
        assert_eq!(holidays_from_ics(&format!("\u{feff}{SAMPLE}\n\n")).unwrap(), got);
        assert_eq!(
            got,
            vec![
                ymd(2026, 12, 24),
                ymd(2026, 12, 25),
                ymd(2026, 12, 26),
                ymd(2027, 1, 1),
                ymd(2027, 3, 26),
                ymd(2027, 3, 27),
                ymd(2027, 3, 28),
                ymd(2027, 3, 29),
            ]
        );
    }

    #[test]
    fn bare_newlines_and_folded_property_names() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTST\n ART;VALUE=DATE:2026\n 1225\nSUMMARY:Xmas\nEND:VEVENT\nEND:VCALENDAR";
        assert_eq!(holidays_from_ics(text).unwrap(), vec![ymd(2026, 12, 25)]);
    }

    #[test]
    fn empty_calendar() {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
        assert_eq!(holidays_from_ics(text).unwrap(), Vec::<NaiveDate>::new());
    }

    #[test]
    fn yearly_rule_and_exdate() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250501\nRRULE:FREQ=YEARLY;COUNT=4\nEXDATE;VALUE=DATE:20260501\nSUMMARY:May Day\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20240229\nRRULE:FREQ=YEARLY;UNTIL=20321231\nSUMMARY:Leap\nEND:VEVENT\nEND:VCALENDAR\n";
        assert_eq!(
            holidays_from_ics(text).unwrap(),
            vec![
                ymd(2024, 2, 29),
                ymd(2025, 5, 1),
                ymd(2027, 5, 1),
                ymd(2028, 2, 29),
                ymd(2028, 5, 1),
                ymd(2032, 2, 29),
            ]
        );
        let open = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20251225\nRRULE:FREQ=YEARLY\nSUMMARY:Xmas\nEND:VEVENT\nEND:VCALENDAR\n";
        let got = holidays_from_ics(open).unwrap();
        assert_eq!(got.len(), 75);
        assert_eq!(got.last(), Some(&ymd(2099, 12, 25)));
    }

    #[test]
    fn errors_name_what_is_wrong() {
        let err = |t: &str| holidays_from_ics(t).unwrap_err().0;
        assert!(err("").contains("not an iCalendar file"));
        assert!(err("hello world").contains("not an iCalendar file"));
        assert_eq!(
            err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n"),
            "not a valid iCalendar file: line 3 END:VCALENDAR does not close BEGIN:VEVENT of line 2"
        );
        assert_eq!(
            err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:a\nbroken fold\nEND:VEVENT\nEND:VCALENDAR\n"),
            "not a valid iCalendar file: line 4 \"broken fold\" is not a NAME:VALUE line"
        );
        assert_eq!(
            err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VEVENT\n"),
            "not a valid iCalendar file: BEGIN:VCALENDAR of line 1 has no END"
        );
        let e = err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261332\nSUMMARY:Bad\nEND:VEVENT\nEND:VCALENDAR\n");
        assert!(e.contains("event \"Bad\": DTSTART \"20261332\""), "{e}");
        let e = err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:No start\nEND:VEVENT\nEND:VCALENDAR\n");
        assert_eq!(e, "event \"No start\" has no DTSTART");
        let e = err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nDTEND;VALUE=DATE:20261220\nSUMMARY:Back\nEND:VEVENT\nEND:VCALENDAR\n");
        assert!(e.contains("DTEND 20261220 is before DTSTART 20261225"), "{e}");
        let e = err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nRRULE:FREQ=WEEKLY\nSUMMARY:Weekly\nEND:VEVENT\nEND:VCALENDAR\n");
        assert!(e.contains("RRULE \"FREQ=WEEKLY\" is not supported"), "{e}");
        let e = err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nDURATION:1 day\nSUMMARY:Dur\nEND:VEVENT\nEND:VCALENDAR\n");
        assert!(e.contains("DURATION \"1 day\""), "{e}");
    }

    #[test]
    fn durations() {
        assert_eq!(duration_days("P1D"), Some(1));
        assert_eq!(duration_days("P2W"), Some(14));
        assert_eq!(duration_days("P1DT0H"), Some(1));
        assert_eq!(duration_days("PT24H"), Some(1));
        assert_eq!(duration_days("PT25H"), Some(2));
        assert_eq!(duration_days("P"), Some(0));
        assert_eq!(duration_days("P1"), None);
        assert_eq!(duration_days("1D"), None);
        assert_eq!(duration_days("PT"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        #[test]
        fn never_panics(
            lines in proptest::collection::vec(
                "(BEGIN:VEVENT|END:VEVENT|DTSTART(;VALUE=DATE)?:[0-9T]{0,10}|DTEND:[0-9]{0,9}|DURATION:[PTDWHMS0-9+-]{0,6}|RRULE:[A-Z=;0-9]{0,20}|EXDATE:[0-9,]{0,12}|SUMMARY:.{0,5}| [a-z]{0,3}|[A-Z;=:]{0,8})",
                0..12,
            )
        ) {
            let text = format!("BEGIN:VCALENDAR\n{}\nEND:VCALENDAR\n", lines.join("\n"));
            let _ = holidays_from_ics(&text);
        }
    }

    #[test]
    fn cancelled_events_are_ignored() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nSTATUS:CANCELLED\nEND:VEVENT\nEND:VCALENDAR\n";
        assert!(holidays_from_ics(text).unwrap().is_empty());
    }
}
