//! TIME and DATE input (SPEC section 3): parsing `2026-11-27`,
//! `2026-11-27T16:05`, `now`, `+2bd`, and the natural forms of
//! [`words`](super::words) (`friday 16:00`, `dec 4`, `eow`, `4pm`) into a
//! [`TimeInput`], and resolving it to an instant against a [`Calendar`] and
//! an explicit "now" (the clock is never read here).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use chrono_tz::Tz;

use super::words::{parse_words, write_time_of_day, DayName, Words};
use super::Calendar;
use crate::values::{Duration, ParseError};

const TIME_HINT: &str =
    "expected a date or time like 2026-11-27, 2026-11-27T16:05, now, today, +2d, friday 16:00 or 4pm";
const DATE_HINT: &str = "expected a date like 2026-11-27, today, friday, dec 4 or +30d";

/// A TIME as typed, before it is resolved against a calendar and "now".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeInput {
    /// A local wall time without offset, in the configured timezone.
    At(NaiveDateTime),
    /// A time with an explicit UTC offset (`Z`, `+03:00`).
    AtOffset(DateTime<FixedOffset>),
    /// A date alone.
    Date(NaiveDate),
    /// `now`.
    Now,
    /// A named day alone, 00:00 of it: `today`, `tomorrow`, `friday`,
    /// `last friday`, `dec 4`.
    Day(DayName),
    /// A named day at a time of day: `tomorrow 12:00`, `friday 4pm`; a time
    /// of day alone (`16:00`) is today at that time.
    DayAt(DayName, NaiveTime),
    /// `eod`: see [`Calendar::end_of_day`].
    EndOfDay,
    /// `eow`: see [`Calendar::end_of_week`].
    EndOfWeek,
    /// `+3d`, `-2w`, `+2bd` (a bare `2bd` counts as `+2bd`).
    Relative {
        /// Whether it counts back (`-`).
        negative: bool,
        /// How far.
        d: Duration,
    },
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u32, |acc, c| acc * 10 + u32::from(c - b'0')))
}

/// `YYYY-MM-DD` at the start of `b`.
fn parse_ymd(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = digits(&b[0..4])?;
    let m = digits(&b[5..7])?;
    let d = digits(&b[8..10])?;
    // Year 0000 is not a year anyone means (and not in the Gregorian
    // calendar's count): bad input.
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d).filter(|_| y >= 1)
}

/// `HH:MM` or `HH:MM:SS`.
fn parse_hms(b: &[u8]) -> Option<NaiveTime> {
    match b.len() {
        5 if b[2] == b':' => NaiveTime::from_hms_opt(digits(&b[0..2])?, digits(&b[3..5])?, 0),
        8 if b[2] == b':' && b[5] == b':' => {
            NaiveTime::from_hms_opt(digits(&b[0..2])?, digits(&b[3..5])?, digits(&b[6..8])?)
        }
        _ => None,
    }
}

/// `Z`, `+HH:MM`, `-HH:MM`, `+HHMM`, `+HH`.
fn parse_offset(b: &[u8]) -> Option<FixedOffset> {
    if b == b"Z" || b == b"z" {
        return FixedOffset::east_opt(0);
    }
    let (&sign, rest) = b.split_first()?;
    let sign = match sign {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = match rest.len() {
        2 => (digits(rest)?, 0),
        4 => (digits(&rest[0..2])?, digits(&rest[2..4])?),
        5 if rest[2] == b':' => (digits(&rest[0..2])?, digits(&rest[3..5])?),
        _ => return None,
    };
    if h > 23 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * i32::try_from(h * 3600 + m * 60).ok()?)
}

/// A date, or a date and time with an optional offset.
fn parse_date_time(s: &str) -> Option<TimeInput> {
    let b = s.as_bytes();
    if b.len() < 10 {
        return None;
    }
    let date = parse_ymd(&b[..10])?;
    if b.len() == 10 {
        return Some(TimeInput::Date(date));
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let rest = &b[11..];
    // The clock part is 5 or 8 bytes; what follows is the offset.
    let clock_len = if rest.len() >= 8 && rest[5] == b':' { 8 } else { 5 };
    if rest.len() < clock_len {
        return None;
    }
    let time = parse_hms(&rest[..clock_len])?;
    let local = date.and_time(time);
    let offset = rest[clock_len..].trim_ascii_start();
    if offset.is_empty() {
        return Some(TimeInput::At(local));
    }
    let offset = parse_offset(offset)?;
    local.and_local_timezone(offset).single().map(TimeInput::AtOffset)
}

impl FromStr for TimeInput {
    type Err = ParseError;

    /// `2026-11-27`, `2026-11-27T16:05`, `2026-11-27 16:05`, optional `:SS`,
    /// optional offset (`Z`, `+03:00`, `-05:00`); `now`; `+3d`, `-2w`,
    /// `+4h`, `+2bd`, `+30m` (a bare `2bd` means `+2bd`); and the natural
    /// forms (any case): `today`, `yesterday`, `tomorrow`, `fri`, `friday`,
    /// `next friday`, `last friday`, `dec 4`, `4 dec`, `december 4`, `eod`,
    /// `eow`, `16:00`, `4pm`, `9:30am`, and any of the date forms followed by
    /// a time of day (`tomorrow 12:00`, `dec 4 9:30`, `2026-12-04 4pm`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("now") {
            return Ok(TimeInput::Now);
        }
        if let Some(v) = parse_date_time(t) {
            return Ok(v);
        }
        if let Some(w) = parse_words(t, |w| parse_ymd(w.as_bytes())) {
            return Ok(match w {
                Words::Day(d) => TimeInput::Day(d),
                Words::DayAt(d, time) => TimeInput::DayAt(d, time),
                Words::DateAt(d, time) => TimeInput::At(d.and_time(time)),
                Words::EndOfDay => TimeInput::EndOfDay,
                Words::EndOfWeek => TimeInput::EndOfWeek,
            });
        }
        let (sign, rest) = if let Some(r) = t.strip_prefix('+') {
            (Some(false), r)
        } else if let Some(r) = t.strip_prefix('-') {
            (Some(true), r)
        } else {
            (None, t)
        };
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            if let Ok(d) = rest.parse::<Duration>() {
                return match sign {
                    Some(negative) => Ok(TimeInput::Relative { negative, d }),
                    // `16h` is too easily meant as 16:00: a time from now
                    // carries its sign (SPEC 3 writes `+4h`).
                    None if rest
                        .strip_suffix('h')
                        .and_then(|n| n.parse::<u8>().ok())
                        .is_some_and(|n| n < 24) =>
                    {
                        Err(ParseError::new(format!(
                            "expected +{rest} for {rest} from now, or {}:00 for that time of day",
                            rest.trim_end_matches('h')
                        )))
                    }
                    None => Err(ParseError::new(format!(
                        "expected +{rest} for {rest} from now (or -{rest} before)"
                    ))),
                };
            }
        }
        Err(ParseError::new(TIME_HINT))
    }
}

fn write_local(f: &mut fmt::Formatter<'_>, t: NaiveDateTime) -> fmt::Result {
    if t.second() == 0 {
        write!(f, "{}", t.format("%Y-%m-%dT%H:%M"))
    } else {
        write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%S"))
    }
}

impl fmt::Display for TimeInput {
    /// The canonical spelling, which parses back to the same value (seconds
    /// are written only when not zero; sub-seconds are not written).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeInput::At(t) => write_local(f, *t),
            TimeInput::AtOffset(t) => {
                write_local(f, t.naive_local())?;
                write!(f, "{}", t.format("%:z"))
            }
            TimeInput::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            TimeInput::Now => f.write_str("now"),
            TimeInput::Day(d) => write!(f, "{d}"),
            TimeInput::DayAt(d, t) => {
                write!(f, "{d} ")?;
                write_time_of_day(f, *t)
            }
            TimeInput::EndOfDay => f.write_str("eod"),
            TimeInput::EndOfWeek => f.write_str("eow"),
            TimeInput::Relative { negative, d } => {
                write!(f, "{}{d}", if *negative { '-' } else { '+' })
            }
        }
    }
}

impl Calendar {
    /// Resolves `t` against `now`.
    ///
    /// A local time that does not exist (clocks jumping forward) is an error;
    /// an ambiguous one takes the earlier offset. A date alone (and a named
    /// day: `today`, `friday`, `dec 4`) means 00:00 local of that day (the
    /// first instant of the day if 00:00 does not exist). Named days, `eod`
    /// and `eow` count from the local date of `now`; relative values count
    /// from `now` with [`Calendar::add`] / [`Calendar::sub`].
    pub fn resolve(&self, t: &TimeInput, now: DateTime<Tz>) -> Result<DateTime<Tz>, ParseError> {
        let now = now.with_timezone(&self.tz);
        match *t {
            TimeInput::At(local) => self.local(local),
            TimeInput::AtOffset(x) => Ok(x.with_timezone(&self.tz)),
            TimeInput::Date(d) => Ok(self.start_of_day(d)),
            TimeInput::Now => Ok(now),
            TimeInput::Day(name) => Ok(self.start_of_day(self.day_named(name, now)?)),
            TimeInput::DayAt(name, time) => self.local(self.day_named(name, now)?.and_time(time)),
            TimeInput::EndOfDay => self.end_of_day(now),
            TimeInput::EndOfWeek => self.end_of_week(now),
            TimeInput::Relative { negative, d } => Ok(self.relative(now, negative, d)),
        }
    }

    /// Resolves a `--wants` value: a date alone (and a named day: `today`,
    /// `friday`, `dec 4`) means [`Calendar::closing_on_or_before`] that
    /// date; a relative value counts from `base` (the message's `--at`);
    /// anything else resolves like [`Calendar::resolve`] (named days count
    /// from `now`).
    pub fn resolve_wants(
        &self,
        t: &TimeInput,
        base: DateTime<Tz>,
        now: DateTime<Tz>,
    ) -> Result<DateTime<Tz>, ParseError> {
        let day = match *t {
            TimeInput::Date(d) => d,
            TimeInput::Day(name) => self.day_named(name, now)?,
            TimeInput::Relative { negative, d } => {
                return Ok(self.relative(base.with_timezone(&self.tz), negative, d))
            }
            _ => return self.resolve(t, now),
        };
        Ok(self.closing_on_or_before(day))
    }

    fn relative(&self, from: DateTime<Tz>, negative: bool, d: Duration) -> DateTime<Tz> {
        if negative {
            self.sub(from, d)
        } else {
            self.add(from, d)
        }
    }
}

/// Parses a DATE: `YYYY-MM-DD`; a named day (`today`, `yesterday`,
/// `tomorrow`, `friday`, `last friday`, `dec 4`, counted from the local date
/// of `now`); `now` (today); `eod` / `eow` (the date of that closing time);
/// or a relative value (`+30d`, `-2w`, `+5bd`), which is resolved from `now`
/// with the calendar (so `+5bd` counts business days) and then taken as a
/// local date. A value with a time of day (`2026-11-27T10:00`, `friday
/// 16:00`, `4pm`) is refused.
pub fn parse_date(s: &str, cal: &Calendar, now: DateTime<Tz>) -> Result<NaiveDate, ParseError> {
    let v: TimeInput = s.parse().map_err(|_| ParseError::new(DATE_HINT))?;
    match v {
        TimeInput::Date(d) => Ok(d),
        TimeInput::Day(name) => cal.day_named(name, now).map_err(|e| match name {
            DayName::OfYear { .. } => e,
            _ => ParseError::new(DATE_HINT),
        }),
        TimeInput::At(_) | TimeInput::AtOffset(_) | TimeInput::DayAt(..) => Err(ParseError::new(DATE_HINT)),
        TimeInput::Now | TimeInput::EndOfDay | TimeInput::EndOfWeek | TimeInput::Relative { .. } => {
            let t = cal.resolve(&v, now).map_err(|_| ParseError::new(DATE_HINT))?;
            Ok(t.with_timezone(&cal.tz()).date_naive())
        }
    }
}
