//! The deadlines of a message or request, decided once when it arrives
//! (SPEC 7): the reply target and limit from the reply clock start (check
//! times apply), and a request's start and delivery from its arrival or,
//! when it came at or after a cutoff, from the next opening.

use chrono::{DateTime, NaiveTime};
use chrono_tz::Tz;

use crate::calendar::Calendar;
use crate::rules::Rules;

/// The deadlines of a message, decided when it is logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// The next opening when a request arrived at or after a cutoff.
    pub clock_from: Option<DateTime<Tz>>,
    pub reply_target: Option<DateTime<Tz>>,
    pub reply_by: Option<DateTime<Tz>>,
    pub start_by: Option<DateTime<Tz>>,
    pub due: Option<DateTime<Tz>>,
    /// `wants` is earlier than `due`.
    pub rush: bool,
}

/// Deadlines of a message arriving at `at` under `rules` (those in force at
/// arrival): the reply from the reply clock start (check times apply), start
/// and delivery of a request from its arrival or, after a cutoff, from the
/// next opening. A `--fyi` message has no reply deadline.
pub fn deadlines(
    cal: &Calendar,
    rules: &Rules,
    check_times: &[NaiveTime],
    at: DateTime<Tz>,
    is_request: bool,
    fyi: bool,
    wants: Option<DateTime<Tz>>,
) -> Deadlines {
    let (reply_target, reply_by) = if fyi {
        (None, None)
    } else {
        let clock = cal.reply_clock_start(at, check_times);
        (Some(cal.add(clock, rules.response.target())), Some(cal.add(clock, rules.response.limit())))
    };
    if !is_request {
        return Deadlines {
            clock_from: None,
            reply_target,
            reply_by,
            start_by: None,
            due: None,
            rush: false,
        };
    }
    let clock_from = rules.cutoff.as_ref().and_then(|c| cal.after_cutoff(at, c));
    let base = clock_from.unwrap_or(at);
    let due = cal.add(base, rules.turnaround);
    Deadlines {
        clock_from,
        reply_target,
        reply_by,
        start_by: Some(cal.add(base, rules.start_within)),
        due: Some(due),
        rush: wants.is_some_and(|w| w < due),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{Cutoff, Duration, Unit};
    use chrono::{TimeZone, Weekday};

    fn cal() -> Calendar {
        Calendar::new(
            Tz::UTC,
            &[Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
            NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            [chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()],
        )
        .unwrap()
    }

    #[test]
    fn friday_afternoon_request() {
        let cal = cal();
        let mut rules = crate::config::Config::builtin("x".into()).defaults;
        rules.turnaround = Duration::new(2, Unit::BusinessDays);
        rules.cutoff =
            Some(Cutoff { weekday: Some(Weekday::Fri), time: NaiveTime::from_hms_opt(16, 0, 0).unwrap() });
        let at = Tz::UTC.with_ymd_and_hms(2026, 11, 27, 16, 0, 0).unwrap();
        let wants = Tz::UTC.with_ymd_and_hms(2026, 11, 27, 21, 0, 0).unwrap();
        let d = deadlines(&cal, &rules, &[], at, true, false, Some(wants));
        let s = |t: Option<DateTime<Tz>>| t.unwrap().format("%Y-%m-%d %H:%M").to_string();
        assert_eq!(s(d.clock_from), "2026-11-30 09:00");
        assert_eq!(s(d.due), "2026-12-01 17:00");
        assert_eq!(s(d.start_by), "2026-12-01 17:00");
        assert_eq!(s(d.reply_target), "2026-11-30 16:00");
        assert_eq!(s(d.reply_by), "2026-12-01 16:00");
        assert!(d.rush);
    }
}
