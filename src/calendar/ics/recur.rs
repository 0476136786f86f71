//! Recurring holidays: an event's `RRULE`, expanded with the `rrule` crate
//! (RFC 5545 recurrence rules, a port of python-dateutil) within a window of
//! years.
//!
//! `FREQ=YEARLY`, `MONTHLY`, `WEEKLY` and `DAILY` are taken, with what
//! `rrule` understands of the rest (`BYDAY` with ordinals such as `4TH` or
//! `-1MO`, `BYMONTH`, `BYMONTHDAY`, `BYSETPOS`, `COUNT`, `INTERVAL`,
//! `WKST`, ...). The rule is expanded in the event's wall time (as if it were
//! UTC, so a daylight-saving change never moves a day), and each occurrence
//! is mapped to its holiday date by the event's [`Frame`]. `UNTIL` is read
//! here, not by `rrule` (which would read a floating `UNTIL` in the
//! machine's local timezone): an occurrence counts while its holiday date is
//! not after the date `UNTIL` stands for in the same frame. Expansion stops
//! at the end of the window, and after [`MAX_OCCURRENCES`] occurrences with
//! an error, so no rule can run for long.

use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone};
use rrule::{RRule, Unvalidated};

use super::times::{parse_when, Frame, When};
use crate::values::ParseError;

/// At most this many occurrences of one rule are looked at (a daily rule
/// from 1900 to 2100 has about 73,000).
pub(super) const MAX_OCCURRENCES: usize = 100_000;

/// A parsed `RRULE`, its `UNTIL` apart.
pub(super) struct Recurrence {
    rule: RRule<Unvalidated>,
    until: Option<When>,
}

/// Parses the value of an `RRULE` line; `label` names the event in errors.
pub(super) fn parse_rrule(value: &str, label: &str) -> Result<Recurrence, ParseError> {
    let v = value.trim();
    let refuse = |why: &str| {
        ParseError::new(format!(
            "{label}: RRULE \"{}\" is not supported{why}; expected FREQ=YEARLY, MONTHLY, WEEKLY or DAILY, \
             e.g. FREQ=YEARLY;BYMONTH=11;BYDAY=4TH",
            v.chars().take(80).collect::<String>()
        ))
    };
    if !v.is_ascii() || v.len() > 1000 {
        return Err(refuse(""));
    }
    let mut rest = Vec::new();
    let mut until = None;
    let mut freq = None;
    for part in v.split(';').filter(|p| !p.trim().is_empty()) {
        let (key, val) = part.split_once('=').ok_or_else(|| refuse(""))?;
        let key = key.trim().to_ascii_uppercase();
        let val = val.trim();
        match key.as_str() {
            "UNTIL" => {
                until = Some(parse_when(val, None).ok_or_else(|| {
                    ParseError::new(format!(
                        "{label}: RRULE UNTIL \"{val}\" is not a date like 20301231 or a date-time like \
                         20301231T235959Z"
                    ))
                })?);
                continue;
            }
            "FREQ" => freq = Some(val.to_ascii_uppercase()),
            "INTERVAL" if val.parse::<u16>().map_or(true, |n| n == 0) => {
                return Err(refuse(" (INTERVAL must be 1 to 65535)"))
            }
            _ => {}
        }
        rest.push(format!("{key}={val}"));
    }
    if !matches!(freq.as_deref(), Some("YEARLY" | "MONTHLY" | "WEEKLY" | "DAILY")) {
        return Err(refuse(""));
    }
    let rule = rest.join(";").parse::<RRule<Unvalidated>>().map_err(|e| refuse(&format!(" ({e})")))?;
    Ok(Recurrence { rule, until })
}

impl Recurrence {
    /// Calls `visit` with the holiday date of each occurrence from
    /// `start` (the event's wall start time) whose year is in `years`, in
    /// order, up to `UNTIL` and the end of `years`.
    pub(super) fn expand(
        self,
        start: NaiveDateTime,
        frame: Frame,
        years: &RangeInclusive<i32>,
        label: &str,
        mut visit: impl FnMut(NaiveDate) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        let until = self.until.map(|w| frame.day(w));
        let dtstart = rrule::Tz::UTC.from_utc_datetime(&start);
        let set = self
            .rule
            .build(dtstart)
            .map_err(|e| ParseError::new(format!("{label}: RRULE cannot be used ({e})")))?
            .limit();
        for (i, occurrence) in set.into_iter().enumerate() {
            if i >= MAX_OCCURRENCES {
                return Err(ParseError::new(format!(
                    "{label}: RRULE repeats more than {MAX_OCCURRENCES} times before {}; expected a \
                     holiday rule such as FREQ=YEARLY",
                    years.end().saturating_add(1)
                )));
            }
            let day = frame.day(When::Local(occurrence.naive_utc()));
            if day.year() > *years.end() || until.is_some_and(|u| day > u) {
                break;
            }
            if day.year() >= *years.start() {
                visit(day)?;
            }
        }
        Ok(())
    }
}
