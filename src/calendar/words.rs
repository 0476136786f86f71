//! The natural forms of TIME and DATE (SPEC section 3): weekdays (`fri`,
//! `next friday`, `last friday`), a day of the current year (`dec 4`,
//! `4 dec`, `december 4`), `eod` and `eow`, a time of day alone (`16:00`,
//! `4pm`, `9:30am`), and a date form followed by a time of day
//! (`tomorrow 12:00`, `friday 16:00`, `2026-12-04 4pm`). Words are
//! case-insensitive; each value resolves against an explicit "now".
//!
//! The grammar is written by hand, on purpose. The date-parsing crates
//! looked at do not give exactly the SPEC meanings:
//!
//! - `interim` 0.2 (maintained, MSRV 1.81) resolves `friday 18:00` on a
//!   Friday at 16:00 to today and `last friday 08:00` on a Friday at 10:00
//!   to today (it compares the time of day when the weekday is today's),
//!   makes `next friday` mean the Friday of next week in its UK dialect, and
//!   accepts forms the SPEC does not have (`01/04/18`, `april`, `3 days`),
//!   which would then be guessed rather than refused. It has no `eod`/`eow`.
//! - `chrono-english` 0.2 is the unmaintained original of `interim`, with the
//!   same meanings, and refuses ambiguous local times instead of taking the
//!   earlier offset.
//! - `fuzzydate` 0.4 makes `next friday` / `last friday` the Friday of the
//!   next / previous ISO week (on a Thursday, `next friday` is 8 days away)
//!   and reads `Local::now()` in places.
//! - `two_timer` 2.2 (edition 2018, regex + pidgin + serde_json) returns
//!   ranges of naive times and by default resolves to the past; it knows no
//!   timezone, so the DST rules would still be ours.
//! - `dateparser` 0.3 parses absolute formats only (no weekdays) and guesses
//!   among many numeric layouts.
//!
//! Wrapping any of them would mean refusing most of what they accept and
//! correcting what they return; the forms here fit in a few small functions.

use std::fmt;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Timelike, Weekday};
use chrono_tz::Tz;

use super::{Calendar, LAST_DATE};
use crate::values::{parse_clock, parse_weekday, weekday_abbrev, ParseError};

/// A day named relative to the as-of date, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayName {
    /// `today`.
    Today,
    /// `yesterday`.
    Yesterday,
    /// `tomorrow`.
    Tomorrow,
    /// `fri`, `friday`, `next friday`: the next such day after today, 1 to 7
    /// days ahead (never today).
    Next(Weekday),
    /// `last friday`: the latest such day before today, 1 to 7 days back.
    Last(Weekday),
    /// `dec 4`, `4 dec`, `december 4`: that day of the as-of year, even when
    /// it is already past. `feb 29` is refused when resolved in a year
    /// without one.
    OfYear {
        /// 1 to 12.
        month: u32,
        /// 1 to the month's length (29 for February).
        day: u32,
    },
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Longest possible month lengths (February in a leap year).
const MONTH_DAYS: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// A month from its English name or three-letter abbreviation (`sept` too),
/// lower-case.
fn parse_month(s: &str) -> Option<u32> {
    let n = match s {
        "january" => 1,
        "february" => 2,
        "march" => 3,
        "april" => 4,
        "june" => 6,
        "july" => 7,
        "august" => 8,
        "sept" | "september" => 9,
        "october" => 10,
        "november" => 11,
        "december" => 12,
        _ => return MONTHS.iter().position(|m| *m == s).map(|i| i as u32 + 1),
    };
    Some(n)
}

/// A day of the month: one or two digits, within the month's longest length.
fn parse_month_day(s: &str, month: u32) -> Option<u32> {
    if !(1..=2).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day: u32 = s.parse().ok()?;
    let max = MONTH_DAYS.get(month.checked_sub(1)? as usize)?;
    (1..=*max).contains(&day).then_some(day)
}

/// A time of day, lower-case: `16:00`, `9:30`, `16:00:30` (24-hour), or
/// `4pm`, `9:30am`, `12am` (00:00), `12pm` (noon), hours 1 to 12.
pub(super) fn parse_time_of_day(s: &str) -> Option<NaiveTime> {
    if let Some((clock, pm)) =
        s.strip_suffix("am").map(|c| (c, false)).or_else(|| s.strip_suffix("pm").map(|c| (c, true)))
    {
        let (h, m) = match clock.split_once(':') {
            Some((h, m)) => (h, Some(m)),
            None => (clock, None),
        };
        if !(1..=2).contains(&h.len()) || !h.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let hour: u32 = h.parse().ok()?;
        if !(1..=12).contains(&hour) {
            return None;
        }
        let minute = match m {
            Some(m) if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) => m.parse().ok()?,
            Some(_) => return None,
            None => 0,
        };
        let hour = hour % 12 + if pm { 12 } else { 0 };
        return NaiveTime::from_hms_opt(hour, minute, 0);
    }
    if let Some((hm, sec)) = s.rsplit_once(':').filter(|(hm, _)| hm.contains(':')) {
        let t = parse_clock(hm).ok()?;
        if sec.len() != 2 || !sec.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return t.with_second(sec.parse().ok()?);
    }
    parse_clock(s).ok()
}

/// A named day from its words (lower-case).
fn parse_day(words: &[&str]) -> Option<DayName> {
    match words {
        ["today"] => Some(DayName::Today),
        ["yesterday"] => Some(DayName::Yesterday),
        ["tomorrow"] => Some(DayName::Tomorrow),
        [w] | ["next", w] => parse_weekday(w).map(DayName::Next),
        ["last", w] => parse_weekday(w).map(DayName::Last),
        [a, b] => {
            let (month, day) = match (parse_month(a), parse_month(b)) {
                (Some(m), None) => (m, parse_month_day(b, m)?),
                (None, Some(m)) => (m, parse_month_day(a, m)?),
                _ => return None,
            };
            Some(DayName::OfYear { month, day })
        }
        _ => None,
    }
}

/// What the natural forms parse to; `super::TimeInput` wraps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Words {
    Day(DayName),
    DayAt(DayName, NaiveTime),
    DateAt(NaiveDate, NaiveTime),
    EndOfDay,
    EndOfWeek,
}

/// The natural forms, or `None`. `iso_date` reads a `YYYY-MM-DD` word (for
/// `2026-12-04 4pm`).
pub(super) fn parse_words(s: &str, iso_date: impl Fn(&str) -> Option<NaiveDate>) -> Option<Words> {
    let lower = s.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    match words.as_slice() {
        ["eod"] => return Some(Words::EndOfDay),
        ["eow"] => return Some(Words::EndOfWeek),
        [one] => {
            if let Some(t) = parse_time_of_day(one) {
                return Some(Words::DayAt(DayName::Today, t));
            }
        }
        [date, time] => {
            if let (Some(d), Some(t)) = (iso_date(date), parse_time_of_day(time)) {
                return Some(Words::DateAt(d, t));
            }
        }
        _ => {}
    }
    if let Some(day) = parse_day(&words) {
        return Some(Words::Day(day));
    }
    let (last, rest) = words.split_last()?;
    let time = parse_time_of_day(last)?;
    parse_day(rest).map(|day| Words::DayAt(day, time))
}

impl fmt::Display for DayName {
    /// The canonical spelling: `today`, `fri`, `last fri`, `dec 4`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DayName::Today => f.write_str("today"),
            DayName::Yesterday => f.write_str("yesterday"),
            DayName::Tomorrow => f.write_str("tomorrow"),
            DayName::Next(w) => f.write_str(weekday_abbrev(*w)),
            DayName::Last(w) => write!(f, "last {}", weekday_abbrev(*w)),
            DayName::OfYear { month, day } => {
                let name = MONTHS.get(month.wrapping_sub(1) as usize).unwrap_or(&"?");
                write!(f, "{name} {day}")
            }
        }
    }
}

/// Writes a time of day as `HH:MM`, or `HH:MM:SS` when the seconds are not 0.
pub(super) fn write_time_of_day(f: &mut fmt::Formatter<'_>, t: NaiveTime) -> fmt::Result {
    if t.second() == 0 {
        write!(f, "{}", t.format("%H:%M"))
    } else {
        write!(f, "{}", t.format("%H:%M:%S"))
    }
}

fn out_of_range() -> ParseError {
    ParseError::new("date out of range; expected a year from 0001 to 9999")
}

impl Calendar {
    /// The local date `name` stands for, counted from the local date of
    /// `now`.
    pub fn day_named(&self, name: DayName, now: DateTime<Tz>) -> Result<NaiveDate, ParseError> {
        let today = now.with_timezone(&self.tz).date_naive();
        let shift = |days: i64| {
            let d = Days::new(days.unsigned_abs());
            if days >= 0 { today.checked_add_days(d) } else { today.checked_sub_days(d) }
                .ok_or_else(out_of_range)
        };
        match name {
            DayName::Today => Ok(today),
            DayName::Yesterday => shift(-1),
            DayName::Tomorrow => shift(1),
            DayName::Next(w) => match w.days_since(today.weekday()) {
                0 => shift(7),
                ahead => shift(i64::from(ahead)),
            },
            DayName::Last(w) => match today.weekday().days_since(w) {
                0 => shift(-7),
                back => shift(-i64::from(back)),
            },
            DayName::OfYear { month, day } => {
                NaiveDate::from_ymd_opt(today.year(), month, day).ok_or_else(|| {
                    ParseError::new(format!(
                        "{} has no {name}; expected a day of the year, e.g. dec 4",
                        today.year()
                    ))
                })
            }
        }
    }

    /// The closing instant of `day`'s business hours (the end of a gap when
    /// the closing time falls in one), or `None` on a non-working day.
    fn closing_of(&self, day: NaiveDate) -> Option<DateTime<Tz>> {
        self.spans(day).as_slice().last().map(|&(_, b)| self.at_utc(b))
    }

    /// How many days to look ahead for a working day: every week holds a
    /// configured day, and each holiday removes at most one.
    fn working_day_reach(&self) -> u64 {
        let holidays = u64::try_from(self.holidays.len()).unwrap_or(u64::MAX / 16);
        holidays.saturating_add(2).saturating_mul(7)
    }

    /// `eod`: today's closing time (even when it has passed); on a
    /// non-working day, the next working day's closing time.
    pub fn end_of_day(&self, now: DateTime<Tz>) -> Result<DateTime<Tz>, ParseError> {
        let mut day = now.with_timezone(&self.tz).date_naive();
        for _ in 0..=self.working_day_reach() {
            if day > LAST_DATE {
                break;
            }
            if let Some(c) = self.closing_of(day) {
                return Ok(c);
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        Err(out_of_range())
    }

    /// `eow`: the closing time of the last working day of the current
    /// Monday-Sunday week, or of the next week that has one when none is
    /// left. A day is left while its closing time is still ahead: at or
    /// after the closing time of the week's last working day (say Friday
    /// 17:00 or later, or on the weekend), `eow` is next week's.
    pub fn end_of_week(&self, now: DateTime<Tz>) -> Result<DateTime<Tz>, ParseError> {
        let now = now.with_timezone(&self.tz);
        let today = now.date_naive();
        let monday = today.checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())));
        let mut sunday = monday.and_then(|m| m.checked_add_days(Days::new(6))).ok_or_else(out_of_range)?;
        for _ in 0..=self.working_day_reach() / 7 {
            let last = (0..7u64)
                .filter_map(|back| sunday.checked_sub_days(Days::new(back)))
                .filter(|d| *d <= LAST_DATE)
                .find_map(|d| self.closing_of(d));
            if let Some(c) = last.filter(|c| *c > now) {
                return Ok(c);
            }
            sunday = sunday.checked_add_days(Days::new(7)).ok_or_else(out_of_range)?;
        }
        Err(out_of_range())
    }
}
