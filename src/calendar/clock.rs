//! Local time and the arithmetic under [`Calendar::add`] and
//! [`Calendar::sub`]: wall times in the configured timezone (gaps and
//! overlaps), a day's business spans, and stepping business time forward
//! and back day by day and week by week.

use chrono::{
    DateTime, Days, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone,
};
use chrono_tz::Tz;

use super::{Calendar, Spans, FIRST_DATE, LAST_DATE, MARGIN_HOURS, MAX_TRANSITIONS};
use crate::values::ParseError;

impl Calendar {
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

    pub(super) fn at_utc(&self, u: NaiveDateTime) -> DateTime<Tz> {
        self.tz.from_utc_datetime(&u)
    }

    /// UTC offset in force at UTC wall time `u`.
    pub(super) fn offset_at(&self, u: NaiveDateTime) -> TimeDelta {
        TimeDelta::seconds(i64::from(self.tz.offset_from_utc_datetime(&u).fix().local_minus_utc()))
    }

    /// The first instant in `(a, b]` whose offset differs from `fa` (the
    /// offset at `a`), given that the offset at `b` differs; to the second.
    pub(super) fn first_change(&self, a: NaiveDateTime, fa: TimeDelta, b: NaiveDateTime) -> NaiveDateTime {
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
    pub(super) fn spans(&self, day: NaiveDate) -> Spans {
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
    pub(super) fn plain_week(&self, day: NaiveDate) -> bool {
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
    pub(super) fn week_length(&self) -> TimeDelta {
        let n = self.days.iter().filter(|d| **d).count() as i32;
        self.day_length() * n
    }

    pub(super) fn last_instant(&self) -> DateTime<Tz> {
        let t = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
        self.keep_local(LAST_DATE.and_time(t))
    }

    pub(super) fn first_instant(&self) -> DateTime<Tz> {
        self.keep_local(FIRST_DATE.and_time(NaiveTime::MIN))
    }

    pub(super) fn clamp_max(&self, start: DateTime<Tz>) -> DateTime<Tz> {
        start.max(self.last_instant())
    }

    pub(super) fn clamp_min(&self, start: DateTime<Tz>) -> DateTime<Tz> {
        start.min(self.first_instant())
    }

    pub(super) fn add_elapsed(&self, start: DateTime<Tz>, secs: i64) -> DateTime<Tz> {
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
    pub(super) fn shift_days(&self, start: DateTime<Tz>, days: i64) -> DateTime<Tz> {
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
    pub(super) fn add_business(&self, start: DateTime<Tz>, secs: i64) -> DateTime<Tz> {
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
    pub(super) fn sub_business(&self, start: DateTime<Tz>, secs: i64) -> DateTime<Tz> {
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

pub(super) fn prev_day(d: NaiveDate) -> NaiveDate {
    d.pred_opt().unwrap_or(d)
}
