//! The date and date-time values of an event (`DTSTART`, `DTEND`, `EXDATE`,
//! `RDATE`, `RECURRENCE-ID`, the `UNTIL` of an `RRULE`), their
//! `DURATION`s, and the [`Frame`] that turns them into holiday dates.
//!
//! A value is read as written: a date, a local time (floating, or the wall
//! time of its `TZID`), or a UTC time (`Z`). A UTC time is converted to the
//! event's `TZID` when that is an IANA name (`Europe/Berlin`, also behind a
//! prefix such as Thunderbird's `/mozilla.org/20070129_1/Europe/Berlin`);
//! otherwise (no `TZID`, or a Windows name such as Outlook's `W. Europe
//! Standard Time`) it is taken to the nearest midnight, which recovers the
//! day of a local midnight written in UTC for any offset up to 12 hours.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// One date or date-time value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum When {
    /// `20261225` (or `VALUE=DATE`).
    Date(NaiveDate),
    /// `20261225T090000`: floating, or the wall time of the `TZID`.
    Local(NaiveDateTime),
    /// `20261225T090000Z`.
    Utc(NaiveDateTime),
}

/// `YYYYMMDD`.
pub(super) fn ymd(text: &str) -> Option<NaiveDate> {
    if text.len() != 8 || !text.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let year = text[0..4].parse().ok()?;
    let month = text[4..6].parse().ok()?;
    let day = text[6..8].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `HHMMSS`.
fn hms(text: &str) -> Option<NaiveTime> {
    if text.len() != 6 || !text.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    NaiveTime::from_hms_opt(text[0..2].parse().ok()?, text[2..4].parse().ok()?, text[4..6].parse().ok()?)
}

/// A value: `20261225`, `20261225T090000` or `20261225T090000Z`; with
/// `VALUE=DATE` only the first form. A `PERIOD` (`start/end`, in `RDATE`)
/// gives its start.
pub(super) fn parse_when(v: &str, value_type: Option<&str>) -> Option<When> {
    let v = v.trim();
    let v = v.split_once('/').map_or(v, |(start, _)| start);
    if !v.is_ascii() {
        return None;
    }
    let is_date_type = value_type.is_some_and(|t| t.eq_ignore_ascii_case("DATE"));
    if v.len() == 8 {
        return ymd(v).map(When::Date);
    }
    if is_date_type || v.len() < 15 {
        return None;
    }
    let date = ymd(&v[..8])?;
    if !v[8..9].eq_ignore_ascii_case("T") {
        return None;
    }
    let time = hms(&v[9..15])?;
    match &v[15..] {
        "" => Some(When::Local(date.and_time(time))),
        "Z" | "z" => Some(When::Utc(date.and_time(time))),
        _ => None,
    }
}

/// The timezone a `TZID` names, when chrono-tz knows it: the name itself,
/// quoted or not, or its tail after a `/`-separated prefix.
pub(super) fn zone(tzid: &str) -> Option<chrono_tz::Tz> {
    let name = tzid.trim().trim_matches('"');
    let mut rest = name;
    loop {
        if let Ok(tz) = rest.parse::<chrono_tz::Tz>() {
            return Some(tz);
        }
        rest = &rest[rest.find('/')? + 1..];
    }
}

/// The day nearest to `t`: its own date before noon, the next one from noon.
fn nearest_day(t: NaiveDateTime) -> NaiveDate {
    if t.time() >= NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN) {
        t.date().succ_opt().unwrap_or(t.date())
    } else {
        t.date()
    }
}

/// How the values of one event map to wall times and holiday dates.
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame {
    /// The event's timezone (its `DTSTART`'s `TZID`), when known.
    pub zone: Option<chrono_tz::Tz>,
    /// An Outlook all-day event (`X-MICROSOFT-CDO-ALLDAYEVENT:TRUE`): every
    /// time is taken to its nearest midnight.
    pub round: bool,
}

impl Frame {
    /// The wall time of `w` in the event's timezone (a date: its 00:00; a
    /// UTC time in an unknown zone: as written).
    pub fn wall(self, w: When) -> NaiveDateTime {
        match w {
            When::Date(d) => d.and_time(NaiveTime::MIN),
            When::Local(t) => t,
            When::Utc(t) => self.zone.map_or(t, |z| z.from_utc_datetime(&t).naive_local()),
        }
    }

    /// The holiday date `w` stands for.
    pub fn day(self, w: When) -> NaiveDate {
        match w {
            When::Date(d) => d,
            When::Utc(t) if self.zone.is_none() => nearest_day(t),
            _ if self.round => nearest_day(self.wall(w)),
            _ => self.wall(w).date(),
        }
    }
}

/// Seconds of a `DURATION` (`P1D`, `P2W`, `PT24H`, `P1DT12H`, `+P1D`);
/// `None` when malformed or negative.
pub(super) fn duration_secs(v: &str) -> Option<u64> {
    let v = v.trim();
    let v = v.strip_prefix('+').unwrap_or(v);
    let rest = v.strip_prefix('P').or_else(|| v.strip_prefix('p'))?;
    let (date_part, time_part) = match rest.find(['T', 't']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    if time_part.is_some_and(str::is_empty) {
        return None;
    }
    let mut secs: u64 = 0;
    let mut num = String::new();
    for (part, units) in [(date_part, "WD"), (time_part.unwrap_or(""), "HMS")] {
        for ch in part.chars() {
            if ch.is_ascii_digit() {
                num.push(ch);
                continue;
            }
            let unit = ch.to_ascii_uppercase();
            if !units.contains(unit) || num.is_empty() {
                return None;
            }
            let mult = match unit {
                'W' => 7 * 86_400,
                'D' => 86_400,
                'H' => 3600,
                'M' => 60,
                _ => 1,
            };
            secs = secs.checked_add(num.parse::<u64>().ok()?.checked_mul(mult)?)?;
            num.clear();
        }
        if !num.is_empty() {
            return None;
        }
    }
    Some(secs)
}

/// Whole days of an all-day `DURATION`; a time part rounds up to a day.
pub(super) fn duration_days(v: &str) -> Option<u64> {
    duration_secs(v).map(|s| s.div_ceil(86_400))
}
