//! Business time: the one engine every deadline calls (SPEC section 4).
//!
//! A [`Calendar`] knows the configured timezone, working days, opening and
//! closing time and holidays. [`Calendar::add`] turns a start and a
//! [`Duration`] into a deadline: `m`/`h` are elapsed time, `d`/`w` are
//! calendar days that keep the local clock time, and `bh`/`bd` count business
//! time. Business time is the set of instants whose local date is a working
//! day (a configured weekday that is not a holiday) and whose local clock time
//! is in `[open, close)`; it is measured as elapsed time, so on a day with a
//! daylight-saving change inside the hours the day holds the real number of
//! minutes between opening and closing. The engine steps whole days (and whole
//! weeks when nothing special happens in them), never minute by minute. It
//! never reads the clock: "now" is always a parameter. Results are clamped to
//! the years 0001..=9999 so that arithmetic far in the future never panics.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Weekday};
use chrono_tz::Tz;

use crate::values::{Cutoff, Duration, ParseError, Unit};

mod clock;
use clock::prev_day;
pub mod feed;
pub mod ics;
pub mod time_input;
pub mod words;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod time_input_tests;
#[cfg(test)]
mod words_tests;

pub use ics::{holidays_from_ics, holidays_from_ics_in, HOLIDAY_YEARS};
pub use time_input::{parse_date, TimeInput};
pub use words::DayName;

/// The first local date the engine computes with; earlier results are clamped.
pub const FIRST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The last local date the engine computes with; later results are clamped
/// (so every result prints with a four-digit year).
pub const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// How far (each side) around a day's hours to look for offset changes; more
/// than any UTC offset.
const MARGIN_HOURS: i64 = 26;

/// At most this many offset changes are looked for around one day.
const MAX_TRANSITIONS: usize = 3;

/// At most this many separate business intervals in one day (one more than
/// the transitions).
const MAX_SPANS: usize = MAX_TRANSITIONS + 1;

/// The business time of a working day and the timezone it is measured in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    tz: Tz,
    days: [bool; 7],
    open: NaiveTime,
    close: NaiveTime,
    holidays: BTreeSet<NaiveDate>,
}

/// The business intervals `[from, to)` of one day, as UTC wall times, in
/// order and disjoint. Usually one; more only when a clock change splits the
/// hours.
#[derive(Clone, Copy)]
struct Spans {
    items: [(NaiveDateTime, NaiveDateTime); MAX_SPANS],
    len: usize,
}

impl Spans {
    fn new() -> Self {
        Spans { items: [(NaiveDateTime::MIN, NaiveDateTime::MIN); MAX_SPANS], len: 0 }
    }

    fn as_slice(&self) -> &[(NaiveDateTime, NaiveDateTime)] {
        &self.items[..self.len]
    }

    /// Appends `[from, to)`, merging it with the previous interval when they
    /// touch.
    fn push(&mut self, from: NaiveDateTime, to: NaiveDateTime) {
        if from >= to {
            return;
        }
        if self.len > 0 && self.items[self.len - 1].1 == from {
            self.items[self.len - 1].1 = to;
        } else if self.len < MAX_SPANS {
            self.items[self.len] = (from, to);
            self.len += 1;
        }
    }
}

fn truncate_to_seconds(t: NaiveTime) -> NaiveTime {
    t.with_nanosecond(0).unwrap_or(t)
}

impl Calendar {
    /// A calendar open from `open` (included) to `close` (excluded) on `days`
    /// in `tz`, minus `holidays`. Refuses `open >= close` (hours must lie
    /// within one day) and an empty list of days. Sub-second parts of `open`
    /// and `close` are dropped.
    pub fn new(
        tz: Tz,
        days: &[Weekday],
        open: NaiveTime,
        close: NaiveTime,
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Calendar, ParseError> {
        let open = truncate_to_seconds(open);
        let close = truncate_to_seconds(close);
        if open >= close {
            return Err(ParseError::new(
                "expected the opening time before the closing time, e.g. 09:00-17:00",
            ));
        }
        if days.is_empty() {
            return Err(ParseError::new(
                "expected at least one working day, e.g. [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]",
            ));
        }
        let mut flags = [false; 7];
        for d in days {
            flags[d.num_days_from_monday() as usize] = true;
        }
        Ok(Calendar { tz, days: flags, open, close, holidays: holidays.into_iter().collect() })
    }

    /// The configured timezone.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// Opening time (local, included).
    pub fn open(&self) -> NaiveTime {
        self.open
    }

    /// Closing time (local, excluded).
    pub fn close(&self) -> NaiveTime {
        self.close
    }

    /// The configured working weekdays, Monday first.
    pub fn weekdays(&self) -> Vec<Weekday> {
        let mut out = Vec::new();
        let mut w = Weekday::Mon;
        for flag in self.days {
            if flag {
                out.push(w);
            }
            w = w.succ();
        }
        out
    }

    /// The holidays, in order.
    pub fn holidays(&self) -> &BTreeSet<NaiveDate> {
        &self.holidays
    }

    /// Length of one business day as written on the clock (`close - open`),
    /// e.g. 8 hours for 09:00-17:00: the size of `1bd`.
    pub fn day_length(&self) -> TimeDelta {
        self.close - self.open
    }

    /// Whether `d` is a configured weekday and not a holiday.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        self.days[d.weekday().num_days_from_monday() as usize] && !self.holidays.contains(&d)
    }

    /// Whether `t` is business time: `open <= local time < close` on a
    /// working day (local date and time in the calendar's timezone).
    pub fn is_business_instant(&self, t: DateTime<Tz>) -> bool {
        let local = t.with_timezone(&self.tz).naive_local();
        let time = local.time();
        self.is_working_day(local.date()) && self.open <= time && time < self.close
    }

    /// `t` itself when it is business time, else the next opening.
    pub fn next_business_instant(&self, t: DateTime<Tz>) -> DateTime<Tz> {
        let t = t.with_timezone(&self.tz);
        if self.is_business_instant(t) {
            t
        } else {
            self.next_opening(t)
        }
    }

    /// The first opening strictly after `t`: the start of the first interval
    /// of business time that begins after `t`. Normally the opening time of a
    /// working day; when the opening time falls in a daylight-saving gap it is
    /// the end of the gap, and when a clock change splits a day's hours in
    /// two, the start of the second part also counts as an opening. At 09:00
    /// on a working day this is the next working day's 09:00.
    pub fn next_opening(&self, t: DateTime<Tz>) -> DateTime<Tz> {
        let t = t.with_timezone(&self.tz);
        let tu = t.naive_utc();
        let mut day = prev_day(t.date_naive());
        loop {
            if day > LAST_DATE {
                return self.clamp_max(t);
            }
            for &(a, _) in self.spans(day).as_slice() {
                if a > tu {
                    return self.at_utc(a);
                }
            }
            let Some(next) = day.succ_opt() else {
                return self.clamp_max(t);
            };
            day = next;
        }
    }

    /// THE one function: the deadline `d` after `start` (SPEC 4).
    ///
    /// - `m`, `h`: elapsed time.
    /// - `d`, `w`: calendar days that keep the local clock time; a kept time
    ///   in a daylight-saving gap moves forward by the gap, one in an overlap
    ///   takes the earlier offset.
    /// - `bh`, `bd`: the instant at which `n` hours (`bd`: `n` × the day
    ///   length as written) of business time have passed since `start`; a
    ///   start outside business time counts from the next opening. A deadline
    ///   that falls exactly on a closing time is that closing time.
    ///
    /// Zero of any unit: `start` for `m`/`h`/`d`/`w`, and
    /// [`clock_start`](Self::clock_start) (`start` when it is business time,
    /// else the next opening) for `bh`/`bd`. Results after year 9999 are
    /// clamped to 9999-12-31 23:59:59 local (never before `start`).
    pub fn add(&self, start: DateTime<Tz>, d: Duration) -> DateTime<Tz> {
        let start = start.with_timezone(&self.tz);
        let n = i64::from(d.n);
        match d.unit {
            Unit::Minutes => self.add_elapsed(start, n * 60),
            Unit::Hours => self.add_elapsed(start, n * 3600),
            Unit::Days => self.shift_days(start, n),
            Unit::Weeks => self.shift_days(start, n * 7),
            Unit::BusinessHours => self.add_business(start, n * 3600),
            Unit::BusinessDays => self.add_business(start, n * self.day_length().num_seconds()),
        }
    }

    /// The inverse of [`add`](Self::add), for relative TIME like `-2bd`: the
    /// instant `d` before `start`.
    ///
    /// - `m`, `h`: elapsed time; `d`, `w`: calendar days back keeping the
    ///   local clock time (gap: forward by the gap; overlap: earlier offset).
    /// - `bh`, `bd`: counts `n` hours (`bd`: `n` day lengths) of business
    ///   time back from `start`; a `start` outside business time counts back
    ///   from the last closing before it. The result `T` is the latest
    ///   instant with `add(T, d) == start` when `start` is business time (but
    ///   not an opening) or a closing instant. When `start` is an opening or
    ///   outside business time, `add(T, d)` is the last closing before
    ///   `start` (the same moment of business time). When the count ends
    ///   exactly at an opening, `T` is that opening (not the closing before).
    /// - Zero of any unit: `start`.
    ///
    /// Results before year 0001 are clamped to 0001-01-01 00:00 local (never
    /// after `start`).
    pub fn sub(&self, start: DateTime<Tz>, d: Duration) -> DateTime<Tz> {
        let start = start.with_timezone(&self.tz);
        let n = i64::from(d.n);
        if n == 0 {
            return start;
        }
        match d.unit {
            Unit::Minutes => self.add_elapsed(start, -n * 60),
            Unit::Hours => self.add_elapsed(start, -n * 3600),
            Unit::Days => self.shift_days(start, -n),
            Unit::Weeks => self.shift_days(start, -n * 7),
            Unit::BusinessHours => self.sub_business(start, n * 3600),
            Unit::BusinessDays => self.sub_business(start, n * self.day_length().num_seconds()),
        }
    }

    /// Where the clock of `d` starts: the first business instant at or after
    /// `start` for `bh`/`bd`, `start` itself for other units (the `start` of
    /// `expect deadline --format json`).
    pub fn clock_start(&self, start: DateTime<Tz>, d: Duration) -> DateTime<Tz> {
        if d.unit.is_business() {
            self.next_business_instant(start)
        } else {
            start.with_timezone(&self.tz)
        }
    }

    /// Reply clock start with check times: the first check time at or after
    /// `arrival` that falls on a working day (check times need not be within
    /// business hours); `arrival` itself when `check_times` is empty. A check
    /// time in a daylight-saving gap moves forward by the gap.
    pub fn reply_clock_start(&self, arrival: DateTime<Tz>, check_times: &[NaiveTime]) -> DateTime<Tz> {
        let arrival = arrival.with_timezone(&self.tz);
        if check_times.is_empty() {
            return arrival;
        }
        let mut day = prev_day(arrival.date_naive());
        loop {
            if day > LAST_DATE {
                return self.clamp_max(arrival);
            }
            if self.is_working_day(day) {
                let best = check_times
                    .iter()
                    .map(|ct| self.keep_local(day.and_time(*ct)))
                    .filter(|c| *c >= arrival)
                    .min();
                if let Some(best) = best {
                    return best;
                }
            }
            let Some(next) = day.succ_opt() else {
                return self.clamp_max(arrival);
            };
            day = next;
        }
    }

    /// If a request arriving at `arrival` falls at or after a cutoff and
    /// before the next opening, that next opening; else `None`.
    ///
    /// `Cutoff { weekday: Some(Fri), time: 16:00 }` is Fridays at 16:00;
    /// `weekday: None` is every working day. A cutoff on a non-working day (not
    /// a configured day, or a holiday) does not apply. Precisely: `Some(o)`
    /// when some applicable cutoff instant `c` has `c <= arrival < o`, where
    /// `o` is the first opening strictly after `c` (equivalently the first
    /// opening after `arrival`).
    pub fn after_cutoff(&self, arrival: DateTime<Tz>, cutoff: &Cutoff) -> Option<DateTime<Tz>> {
        let arrival = arrival.with_timezone(&self.tz);
        let tu = arrival.naive_utc();
        let d0 = arrival.date_naive();
        // The last opening at or before `arrival`; a cutoff counts only if it
        // is at or after it.
        // Every week holds a configured day, and each holiday removes at most
        // one: an opening exists within this many days back (if any does).
        let holidays = u64::try_from(self.holidays.len()).unwrap_or(u64::MAX / 16);
        let reach = holidays.saturating_add(2).saturating_mul(7);
        let mut last_opening: Option<NaiveDateTime> = None;
        let mut day = d0.succ_opt().unwrap_or(d0);
        let mut scanned = 0u64;
        loop {
            if let Some(&(a, _)) = self.spans(day).as_slice().iter().rev().find(|s| s.0 <= tu) {
                last_opening = Some(a);
                break;
            }
            scanned += 1;
            match day.pred_opt() {
                Some(p) if p >= FIRST_DATE && scanned <= reach => day = p,
                _ => break,
            }
        }
        let from_day = match last_opening {
            Some(a) => prev_day(self.at_utc(a).date_naive()),
            None => day,
        };
        let mut day = from_day;
        let to_day = d0.succ_opt().unwrap_or(d0);
        while day <= to_day {
            let applies = self.is_working_day(day) && cutoff.weekday.is_none_or(|w| w == day.weekday());
            if applies {
                let c = self.keep_local(day.and_time(cutoff.time)).naive_utc();
                if c <= tu && last_opening.is_none_or(|a| c >= a) {
                    return Some(self.next_opening(arrival));
                }
            }
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
        None
    }
}
