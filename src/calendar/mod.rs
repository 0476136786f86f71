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

use chrono::{
    DateTime, Datelike, Days, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta,
    TimeZone, Timelike, Weekday,
};
use chrono_tz::Tz;

use crate::values::{Cutoff, Duration, ParseError, Unit};

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

    /// Closing time of the last working day at or before `date` (for
    /// `--wants DATE`). When the closing time falls in a daylight-saving gap,
    /// the end of the gap.
    pub fn closing_on_or_before(&self, date: NaiveDate) -> DateTime<Tz> {
        let mut day = date.min(LAST_DATE);
        loop {
            if let Some(&(_, b)) = self.spans(day).as_slice().last() {
                return self.at_utc(b);
            }
            match day.pred_opt() {
                Some(p) if p >= FIRST_DATE => day = p,
                _ => return self.keep_local(date.clamp(FIRST_DATE, LAST_DATE).and_time(self.close)),
            }
        }
    }

    /// Local wall time to instant. A time in a daylight-saving gap is an
    /// error; an ambiguous one (clocks going back) takes the earlier offset.
    pub fn local(&self, t: NaiveDateTime) -> Result<DateTime<Tz>, ParseError> {
        match self.tz.from_local_datetime(&t) {
            MappedLocalTime::Single(x) => Ok(x),
            MappedLocalTime::Ambiguous(a, b) => Ok(a.min(b)),
            MappedLocalTime::None => {
                let instead = self.keep_local(t);
                Err(ParseError::new(format!(
                    "{} does not exist in {} (clocks jump forward), e.g. {}",
                    t.format("%Y-%m-%dT%H:%M"),
                    self.tz.name(),
                    instead.format("%Y-%m-%dT%H:%M"),
                )))
            }
        }
    }

    /// The first instant of local `date` (00:00, or the end of a gap that
    /// swallows midnight; the earlier one when midnight repeats).
    pub fn start_of_day(&self, date: NaiveDate) -> DateTime<Tz> {
        self.keep_local(date.and_time(NaiveTime::MIN))
    }

    /// Local wall time to instant, never failing: a time in a gap moves
    /// forward by the gap (it is read with the offset before the change), an
    /// ambiguous one takes the earlier offset.
    pub fn keep_local(&self, t: NaiveDateTime) -> DateTime<Tz> {
        match self.tz.from_local_datetime(&t) {
            MappedLocalTime::Single(x) => x,
            MappedLocalTime::Ambiguous(a, b) => a.min(b),
            MappedLocalTime::None => {
                let before = t
                    .checked_sub_signed(TimeDelta::hours(MARGIN_HOURS))
                    .map_or(TimeDelta::zero(), |u| self.offset_at(u));
                match t.checked_sub_signed(before) {
                    Some(u) => self.at_utc(u),
                    None => self.at_utc(t),
                }
            }
        }
    }

    // ---- internals -------------------------------------------------------

    fn at_utc(&self, u: NaiveDateTime) -> DateTime<Tz> {
        self.tz.from_utc_datetime(&u)
    }

    /// UTC offset in force at UTC wall time `u`.
    fn offset_at(&self, u: NaiveDateTime) -> TimeDelta {
        TimeDelta::seconds(i64::from(self.tz.offset_from_utc_datetime(&u).fix().local_minus_utc()))
    }

    /// The first instant in `(a, b]` whose offset differs from `fa` (the
    /// offset at `a`), given that the offset at `b` differs; to the second.
    fn first_change(&self, a: NaiveDateTime, fa: TimeDelta, b: NaiveDateTime) -> NaiveDateTime {
        let (mut lo, mut hi) = (a, b);
        while (hi - lo).num_seconds() > 1 {
            let mid = lo + TimeDelta::seconds((hi - lo).num_seconds() / 2);
            if self.offset_at(mid) == fa {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        hi
    }

    /// The business intervals of local date `day` (empty on non-working
    /// days): the instants whose local date is `day` and local time is in
    /// `[open, close)`.
    fn spans(&self, day: NaiveDate) -> Spans {
        let mut out = Spans::new();
        if !self.is_working_day(day) {
            return out;
        }
        let no = day.and_time(self.open);
        let nc = day.and_time(self.close);
        let margin = TimeDelta::hours(MARGIN_HOURS);
        let (Some(wa), Some(wb)) = (no.checked_sub_signed(margin), nc.checked_add_signed(margin)) else {
            return out;
        };
        let fb = self.offset_at(wb);
        let (mut s, mut f) = (wa, self.offset_at(wa));
        let mut changes = 0;
        loop {
            let e = if f == fb || changes >= MAX_TRANSITIONS { wb } else { self.first_change(s, f, wb) };
            if let (Some(lo), Some(hi)) = (no.checked_sub_signed(f), nc.checked_sub_signed(f)) {
                out.push(lo.max(s), hi.min(e));
            }
            if e >= wb {
                return out;
            }
            changes += 1;
            s = e;
            f = self.offset_at(e);
        }
    }

    /// Whether the seven days from `day` hold no holiday and no offset change,
    /// so each configured day holds exactly one day length of business time.
    fn plain_week(&self, day: NaiveDate) -> bool {
        let Some(end) = day.checked_add_days(Days::new(7)) else {
            return false;
        };
        if self.holidays.range(day..end).next().is_some() {
            return false;
        }
        let margin = TimeDelta::hours(MARGIN_HOURS);
        let a = day.and_time(NaiveTime::MIN).checked_sub_signed(margin);
        let b = end.and_time(NaiveTime::MIN).checked_add_signed(margin);
        match (a, b) {
            (Some(a), Some(b)) => self.offset_at(a) == self.offset_at(b),
            _ => false,
        }
    }

    /// Business time in a plain week.
    fn week_length(&self) -> TimeDelta {
        let n = self.days.iter().filter(|d| **d).count() as i32;
        self.day_length() * n
    }

    fn last_instant(&self) -> DateTime<Tz> {
        let t = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
        self.keep_local(LAST_DATE.and_time(t))
    }

    fn first_instant(&self) -> DateTime<Tz> {
        self.keep_local(FIRST_DATE.and_time(NaiveTime::MIN))
    }

    fn clamp_max(&self, start: DateTime<Tz>) -> DateTime<Tz> {
        start.max(self.last_instant())
    }

    fn clamp_min(&self, start: DateTime<Tz>) -> DateTime<Tz> {
        start.min(self.first_instant())
    }

    fn add_elapsed(&self, start: DateTime<Tz>, secs: i64) -> DateTime<Tz> {
        let r = TimeDelta::try_seconds(secs).and_then(|d| start.checked_add_signed(d));
        match r {
            Some(r) if r.date_naive() > LAST_DATE => self.clamp_max(start),
            Some(r) if r.date_naive() < FIRST_DATE => self.clamp_min(start),
            Some(r) => r,
            None if secs >= 0 => self.clamp_max(start),
            None => self.clamp_min(start),
        }
    }

    /// Calendar days keeping the local clock time.
    fn shift_days(&self, start: DateTime<Tz>, days: i64) -> DateTime<Tz> {
        let local = start.naive_local();
        let shifted = if days >= 0 {
            local.checked_add_days(Days::new(days.unsigned_abs()))
        } else {
            local.checked_sub_days(Days::new(days.unsigned_abs()))
        };
        match shifted {
            Some(t) if t.date() > LAST_DATE => self.clamp_max(start),
            Some(t) if t.date() < FIRST_DATE => self.clamp_min(start),
            Some(t) => self.keep_local(t),
            None if days >= 0 => self.clamp_max(start),
            None => self.clamp_min(start),
        }
    }

    /// `secs` seconds of business time after `start`.
    fn add_business(&self, start: DateTime<Tz>, secs: i64) -> DateTime<Tz> {
        let Some(mut remaining) = TimeDelta::try_seconds(secs) else {
            return self.clamp_max(start);
        };
        let tu = start.naive_utc();
        let d0 = start.date_naive();
        let week = self.week_length();
        let mut day = prev_day(d0);
        loop {
            if day > LAST_DATE {
                return self.clamp_max(start);
            }
            let clear_of_start = day.signed_duration_since(d0).num_days() > 1;
            if clear_of_start && remaining > week && self.plain_week(day) {
                remaining -= week;
                match day.checked_add_days(Days::new(7)) {
                    Some(next) => day = next,
                    None => return self.clamp_max(start),
                }
                continue;
            }
            for &(a, b) in self.spans(day).as_slice() {
                let a = a.max(tu);
                if a < b {
                    let len = b - a;
                    if remaining <= len {
                        return self.at_utc(a + remaining);
                    }
                    remaining -= len;
                }
            }
            let Some(next) = day.succ_opt() else {
                return self.clamp_max(start);
            };
            day = next;
        }
    }

    /// Counts `secs` seconds of business time back from `start`.
    fn sub_business(&self, start: DateTime<Tz>, secs: i64) -> DateTime<Tz> {
        let Some(mut remaining) = TimeDelta::try_seconds(secs) else {
            return self.clamp_min(start);
        };
        let tu = start.naive_utc();
        let d0 = start.date_naive();
        let week = self.week_length();
        let mut day = d0.succ_opt().unwrap_or(d0);
        loop {
            if day < FIRST_DATE {
                return self.clamp_min(start);
            }
            // The week ending on `day` is [day - 6, day].
            let week_start = day.checked_sub_days(Days::new(6));
            let clear_of_start = d0.signed_duration_since(day).num_days() > 1;
            if let Some(ws) = week_start {
                if clear_of_start && remaining > week && self.plain_week(ws) {
                    remaining -= week;
                    match ws.pred_opt() {
                        Some(p) => day = p,
                        None => return self.clamp_min(start),
                    }
                    continue;
                }
            }
            for &(a, b) in self.spans(day).as_slice().iter().rev() {
                let b = b.min(tu);
                if a < b {
                    let len = b - a;
                    if remaining <= len {
                        return self.at_utc(b - remaining);
                    }
                    remaining -= len;
                }
            }
            let Some(prev) = day.pred_opt() else {
                return self.clamp_min(start);
            };
            day = prev;
        }
    }
}

fn prev_day(d: NaiveDate) -> NaiveDate {
    d.pred_opt().unwrap_or(d)
}
