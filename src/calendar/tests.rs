//! Tests of the business-time engine: SPEC 4's worked examples, edge cases
//! and property tests against a minute-by-minute brute force.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Weekday};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::*;
use crate::values::{Cutoff, Duration, Unit};

pub(super) const WEEKDAYS: [Weekday; 5] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];
pub(super) const ALL_DAYS: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

pub(super) fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 09:00-17:00 Mon-Fri, holiday 2026-12-25.
pub(super) fn std_cal(tz: Tz) -> Calendar {
    Calendar::new(tz, &WEEKDAYS, hm(9, 0), hm(17, 0), [ymd(2026, 12, 25)]).unwrap()
}

pub(super) fn at(cal: &Calendar, s: &str) -> DateTime<Tz> {
    let fmt = if s.len() > 16 { "%Y-%m-%d %H:%M:%S" } else { "%Y-%m-%d %H:%M" };
    cal.local(NaiveDateTime::parse_from_str(s, fmt).unwrap()).unwrap()
}

pub(super) fn show(t: DateTime<Tz>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

pub(super) fn d(s: &str) -> Duration {
    s.parse().unwrap()
}

pub(super) fn tzs() -> [Tz; 3] {
    [Tz::Europe__Berlin, Tz::UTC, Tz::America__New_York]
}

// ---- SPEC 4 worked examples --------------------------------------------

#[test]
fn worked_examples() {
    for tz in tzs() {
        let cal = std_cal(tz);
        let cases = [
            ("2026-11-27 16:00", "1bd", "2026-11-30 16:00"),
            ("2026-11-27 18:30", "1bd", "2026-11-30 17:00"),
            ("2026-12-24 12:00", "2bd", "2026-12-29 12:00"),
        ];
        for (from, dur, want) in cases {
            assert_eq!(show(cal.add(at(&cal, from), d(dur))), want, "{tz} {from} + {dur}");
        }
    }
}

#[test]
fn worked_example_with_check_times() {
    for tz in tzs() {
        let cal = std_cal(tz);
        let arrival = at(&cal, "2026-11-27 16:00");
        let start = cal.reply_clock_start(arrival, &[hm(10, 0), hm(15, 0)]);
        assert_eq!(show(start), "2026-11-30 10:00");
        assert_eq!(show(cal.add(start, d("1bd"))), "2026-12-01 10:00");
    }
}

// ---- add ------------------------------------------------------------------

#[test]
fn deadline_on_closing_time_is_closing_time() {
    let cal = std_cal(Tz::Europe__Berlin);
    assert_eq!(show(cal.add(at(&cal, "2026-11-30 09:00"), d("8bh"))), "2026-11-30 17:00");
    assert_eq!(show(cal.add(at(&cal, "2026-11-30 09:00"), d("1bd"))), "2026-11-30 17:00");
    assert_eq!(show(cal.add(at(&cal, "2026-11-30 16:00"), d("1bh"))), "2026-11-30 17:00");
    assert_eq!(show(cal.add(at(&cal, "2026-11-30 12:00"), d("5bh"))), "2026-11-30 17:00");
    assert_eq!(show(cal.add(at(&cal, "2026-11-30 12:00"), d("6bh"))), "2026-12-01 10:00");
    // Starting at closing time counts from the next opening.
    assert_eq!(show(cal.add(at(&cal, "2026-11-30 17:00"), d("1bh"))), "2026-12-01 10:00");
    // Friday's closing, not Monday's opening.
    assert_eq!(show(cal.add(at(&cal, "2026-11-27 09:00"), d("1bd"))), "2026-11-27 17:00");
    assert_eq!(show(cal.add(at(&cal, "2026-11-23 09:00"), d("5bd"))), "2026-11-27 17:00");
}

#[test]
fn starts_on_weekends_and_holidays() {
    let cal = std_cal(Tz::Europe__Berlin);
    assert_eq!(show(cal.add(at(&cal, "2026-11-28 10:00"), d("1bh"))), "2026-11-30 10:00");
    assert_eq!(show(cal.add(at(&cal, "2026-11-29 23:59"), d("1bd"))), "2026-11-30 17:00");
    assert_eq!(show(cal.add(at(&cal, "2026-12-25 10:00"), d("1bd"))), "2026-12-28 17:00");
    assert_eq!(show(cal.add(at(&cal, "2026-12-24 16:30"), d("1bh"))), "2026-12-28 09:30");
    assert_eq!(show(cal.add(at(&cal, "2026-11-30 07:00"), d("2bh"))), "2026-11-30 11:00");
}

#[test]
fn zero_durations() {
    let cal = std_cal(Tz::Europe__Berlin);
    let sat = at(&cal, "2026-11-28 10:00");
    let mon = at(&cal, "2026-11-30 10:00");
    assert_eq!(show(cal.add(sat, d("0bh"))), "2026-11-30 09:00");
    assert_eq!(show(cal.add(sat, d("0bd"))), "2026-11-30 09:00");
    assert_eq!(cal.add(mon, d("0bd")), mon);
    for u in ["0m", "0h", "0d", "0w"] {
        assert_eq!(cal.add(sat, d(u)), sat);
        assert_eq!(cal.sub(sat, d(u)), sat);
    }
    assert_eq!(cal.sub(sat, d("0bd")), sat);
}

#[test]
fn elapsed_and_calendar_units() {
    let cal = std_cal(Tz::Europe__Berlin);
    let t = at(&cal, "2026-11-27 16:00");
    assert_eq!(show(cal.add(t, d("90m"))), "2026-11-27 17:30");
    assert_eq!(show(cal.add(t, d("10h"))), "2026-11-28 02:00");
    assert_eq!(show(cal.add(t, d("2d"))), "2026-11-29 16:00");
    assert_eq!(show(cal.add(t, d("1w"))), "2026-12-04 16:00");
}

#[test]
fn days_across_dst_keep_local_time() {
    let cal = std_cal(Tz::Europe__Berlin);
    // Spring forward: 23 hours later, same clock time.
    let t = at(&cal, "2026-03-28 16:00");
    let r = cal.add(t, d("1d"));
    assert_eq!(r.to_rfc3339(), "2026-03-29T16:00:00+02:00");
    assert_eq!(r - t, TimeDelta::hours(23));
    // Fall back: 25 hours later.
    let t = at(&cal, "2026-10-24 16:00");
    let r = cal.add(t, d("1d"));
    assert_eq!(r.to_rfc3339(), "2026-10-25T16:00:00+01:00");
    assert_eq!(r - t, TimeDelta::hours(25));
    // Weeks too.
    let t = at(&cal, "2026-03-25 09:00");
    assert_eq!(cal.add(t, d("1w")).to_rfc3339(), "2026-04-01T09:00:00+02:00");
    assert_eq!(cal.sub(cal.add(t, d("1w")), d("1w")), t);
}

#[test]
fn kept_time_in_gap_moves_forward_and_overlap_takes_earlier() {
    let cal = std_cal(Tz::Europe__Berlin);
    let t = at(&cal, "2026-03-28 02:30");
    assert_eq!(cal.add(t, d("1d")).to_rfc3339(), "2026-03-29T03:30:00+02:00");
    let t = at(&cal, "2026-03-30 02:30");
    assert_eq!(cal.sub(t, d("1d")).to_rfc3339(), "2026-03-29T03:30:00+02:00");
    let t = at(&cal, "2026-10-24 02:30");
    assert_eq!(cal.add(t, d("1d")).to_rfc3339(), "2026-10-25T02:30:00+02:00");
}

#[test]
fn local_gap_is_an_error_and_overlap_takes_earlier() {
    let cal = std_cal(Tz::Europe__Berlin);
    let gap = NaiveDateTime::parse_from_str("2026-03-29 02:30", "%Y-%m-%d %H:%M").unwrap();
    let err = cal.local(gap).unwrap_err();
    assert_eq!(
        err.0,
        "2026-03-29T02:30 does not exist in Europe/Berlin (clocks jump forward), e.g. 2026-03-29T03:30"
    );
    let overlap = NaiveDateTime::parse_from_str("2026-10-25 02:30", "%Y-%m-%d %H:%M").unwrap();
    assert_eq!(cal.local(overlap).unwrap().to_rfc3339(), "2026-10-25T02:30:00+02:00");
}

#[test]
fn business_hours_on_dst_days_are_elapsed_time() {
    // New York, 01:00-04:00 every day: the spring day holds 2 hours, the
    // autumn day 4.
    let cal = Calendar::new(Tz::America__New_York, &ALL_DAYS, hm(1, 0), hm(4, 0), []).unwrap();
    let spring = at(&cal, "2026-03-08 01:00");
    assert_eq!(cal.add(spring, d("2bh")).to_rfc3339(), "2026-03-08T04:00:00-04:00");
    assert_eq!(cal.add(spring, d("3bh")).to_rfc3339(), "2026-03-09T02:00:00-04:00");
    assert_eq!(cal.add(spring, d("1bd")).to_rfc3339(), "2026-03-09T02:00:00-04:00");
    let autumn = at(&cal, "2026-11-01 01:00");
    assert_eq!(autumn.to_rfc3339(), "2026-11-01T01:00:00-04:00");
    assert_eq!(cal.add(autumn, d("1bd")).to_rfc3339(), "2026-11-01T03:00:00-05:00");
    assert_eq!(cal.add(autumn, d("4bh")).to_rfc3339(), "2026-11-01T04:00:00-05:00");
    assert_eq!(cal.add(autumn, d("5bh")).to_rfc3339(), "2026-11-02T02:00:00-05:00");
    // Berlin, 00:00-23:00 on the spring Sunday: 22 hours.
    let cal = Calendar::new(Tz::Europe__Berlin, &ALL_DAYS, hm(0, 0), hm(23, 0), []).unwrap();
    let t = at(&cal, "2026-03-29 00:00");
    assert_eq!(show(cal.add(t, d("22bh"))), "2026-03-29 23:00");
    assert_eq!(show(cal.add(t, d("1bd"))), "2026-03-30 01:00");
}

#[test]
fn opening_inside_a_gap_starts_at_the_gap_end() {
    // Berlin, 02:30-05:00: on 2026-03-29 business time runs 03:00-05:00.
    let cal = Calendar::new(Tz::Europe__Berlin, &ALL_DAYS, hm(2, 30), hm(5, 0), []).unwrap();
    let t = at(&cal, "2026-03-29 00:00");
    assert_eq!(cal.next_business_instant(t).to_rfc3339(), "2026-03-29T03:00:00+02:00");
    assert_eq!(show(cal.add(t, d("2bh"))), "2026-03-29 05:00");
    assert_eq!(show(cal.add(t, d("3bh"))), "2026-03-30 03:30");
}

#[test]
fn large_and_absurd_durations_do_not_hang_or_panic() {
    let cal = std_cal(Tz::Europe__Berlin);
    let t = at(&cal, "2026-11-27 16:00");
    let r = cal.add(t, Duration::new(100_000, Unit::BusinessDays));
    assert!(r.year() > 2400 && r.year() < 2450, "{r}");
    assert_eq!(cal.sub(r, Duration::new(100_000, Unit::BusinessDays)), t);
    let r = cal.add(t, Duration::new(100_000, Unit::BusinessHours));
    assert_eq!(cal.sub(r, Duration::new(100_000, Unit::BusinessHours)), t);
    for unit in [Unit::Minutes, Unit::Hours, Unit::Days, Unit::Weeks, Unit::BusinessHours, Unit::BusinessDays]
    {
        let big = Duration::new(u32::MAX, unit);
        let r = cal.add(t, big);
        assert!(r >= t);
        assert!(r.year() <= 9999, "{unit:?} {r}");
        let s = cal.sub(t, big);
        assert!(s <= t);
        assert!(s.year() >= 1, "{unit:?} {s}");
    }
    let late = at(&cal, "9999-12-31 10:00");
    assert!(cal.add(late, d("3bd")) >= late);
    assert!(cal.next_opening(late) >= late);
    assert!(cal.reply_clock_start(late, &[hm(8, 0)]) >= late);
    let _ = cal.closing_on_or_before(NaiveDate::MAX);
    let _ = cal.closing_on_or_before(NaiveDate::MIN);
    let _ = cal.after_cutoff(late, &Cutoff { weekday: None, time: hm(16, 0) });
    let early = at(&cal, "0001-01-01 10:00");
    let _ = cal.sub(early, d("3bd"));
    let _ = cal.after_cutoff(early, &Cutoff { weekday: None, time: hm(16, 0) });
}

// ---- sub, clock start, closing --------------------------------------------

#[test]
fn sub_is_the_inverse() {
    let cal = std_cal(Tz::Europe__Berlin);
    assert_eq!(show(cal.sub(at(&cal, "2026-11-30 16:00"), d("1bd"))), "2026-11-27 16:00");
    assert_eq!(show(cal.sub(at(&cal, "2026-12-29 12:00"), d("2bd"))), "2026-12-24 12:00");
    assert_eq!(show(cal.sub(at(&cal, "2026-11-30 09:00"), d("1bh"))), "2026-11-27 16:00");
    assert_eq!(show(cal.sub(at(&cal, "2026-11-30 10:00"), d("1bh"))), "2026-11-30 09:00");
    assert_eq!(show(cal.sub(at(&cal, "2026-11-27 17:00"), d("1bd"))), "2026-11-27 09:00");
    // From outside business time: from the last closing.
    assert_eq!(show(cal.sub(at(&cal, "2026-11-28 12:00"), d("1bd"))), "2026-11-27 09:00");
    assert_eq!(show(cal.sub(at(&cal, "2026-11-28 12:00"), d("2bh"))), "2026-11-27 15:00");
    assert_eq!(show(cal.sub(at(&cal, "2026-11-29 16:00"), d("2d"))), "2026-11-27 16:00");
    assert_eq!(show(cal.sub(at(&cal, "2026-11-29 16:00"), d("2h"))), "2026-11-29 14:00");
}

#[test]
fn clock_start_and_next_opening() {
    let cal = std_cal(Tz::Europe__Berlin);
    let sat = at(&cal, "2026-11-28 10:00");
    assert_eq!(show(cal.clock_start(sat, d("1bd"))), "2026-11-30 09:00");
    assert_eq!(show(cal.clock_start(sat, d("4bh"))), "2026-11-30 09:00");
    assert_eq!(cal.clock_start(sat, d("1d")), sat);
    let mon = at(&cal, "2026-11-30 09:00");
    assert_eq!(cal.clock_start(mon, d("1bd")), mon);
    assert!(cal.is_business_instant(mon));
    assert!(!cal.is_business_instant(at(&cal, "2026-11-30 17:00")));
    assert!(!cal.is_business_instant(at(&cal, "2026-12-25 10:00")));
    assert_eq!(show(cal.next_opening(mon)), "2026-12-01 09:00");
    assert_eq!(show(cal.next_opening(at(&cal, "2026-11-30 08:59"))), "2026-11-30 09:00");
    assert_eq!(show(cal.next_opening(at(&cal, "2026-12-24 12:00"))), "2026-12-28 09:00");
    assert!(cal.is_working_day(ymd(2026, 12, 24)));
    assert!(!cal.is_working_day(ymd(2026, 12, 25)));
    assert!(!cal.is_working_day(ymd(2026, 12, 26)));
}

#[test]
fn closing_on_or_before() {
    let cal = std_cal(Tz::Europe__Berlin);
    assert_eq!(show(cal.closing_on_or_before(ymd(2026, 11, 29))), "2026-11-27 17:00");
    assert_eq!(show(cal.closing_on_or_before(ymd(2026, 11, 30))), "2026-11-30 17:00");
    assert_eq!(show(cal.closing_on_or_before(ymd(2026, 12, 27))), "2026-12-24 17:00");
}

#[test]
fn reply_clock_start_cases() {
    let cal = std_cal(Tz::Europe__Berlin);
    let checks = [hm(15, 0), hm(10, 0)];
    let t = at(&cal, "2026-11-30 10:00");
    assert_eq!(cal.reply_clock_start(t, &checks), t);
    assert_eq!(cal.reply_clock_start(t, &[]), t);
    assert_eq!(show(cal.reply_clock_start(at(&cal, "2026-11-30 10:01"), &checks)), "2026-11-30 15:00");
    assert_eq!(show(cal.reply_clock_start(at(&cal, "2026-11-30 07:00"), &checks)), "2026-11-30 10:00");
    assert_eq!(show(cal.reply_clock_start(at(&cal, "2026-12-24 16:00"), &checks)), "2026-12-28 10:00");
    // Check times need not be within business hours.
    assert_eq!(show(cal.reply_clock_start(at(&cal, "2026-11-30 17:30"), &[hm(20, 0)])), "2026-11-30 20:00");
}

// ---- cutoff -----------------------------------------------------------------

fn cut(weekday: Option<Weekday>, h: u32) -> Cutoff {
    Cutoff { weekday, time: hm(h, 0) }
}

#[test]
fn friday_cutoff() {
    for tz in tzs() {
        let cal = std_cal(tz);
        let fri = cut(Some(Weekday::Fri), 16);
        let ac = |s: &str| cal.after_cutoff(at(&cal, s), &fri).map(show);
        assert_eq!(ac("2026-11-27 15:59"), None);
        assert_eq!(ac("2026-11-27 16:00").as_deref(), Some("2026-11-30 09:00"));
        assert_eq!(ac("2026-11-27 23:00").as_deref(), Some("2026-11-30 09:00"));
        assert_eq!(ac("2026-11-28 10:00").as_deref(), Some("2026-11-30 09:00"));
        assert_eq!(ac("2026-11-30 08:00").as_deref(), Some("2026-11-30 09:00"));
        assert_eq!(ac("2026-11-30 09:00"), None);
        assert_eq!(ac("2026-12-01 17:30"), None);
    }
}

#[test]
fn daily_cutoff() {
    let cal = std_cal(Tz::Europe__Berlin);
    let daily = cut(None, 16);
    let ac = |s: &str| cal.after_cutoff(at(&cal, s), &daily).map(show);
    assert_eq!(ac("2026-12-01 17:30").as_deref(), Some("2026-12-02 09:00"));
    assert_eq!(ac("2026-12-01 16:30").as_deref(), Some("2026-12-02 09:00"));
    assert_eq!(ac("2026-12-01 15:30"), None);
    assert_eq!(ac("2026-12-02 03:00").as_deref(), Some("2026-12-02 09:00"));
    assert_eq!(ac("2026-12-24 16:00").as_deref(), Some("2026-12-28 09:00"));
    // Sunday is not a working day, but Friday's cutoff still holds.
    assert_eq!(ac("2026-11-29 18:00").as_deref(), Some("2026-11-30 09:00"));
}

#[test]
fn cutoff_on_a_non_working_day_does_not_apply() {
    let cal = std_cal(Tz::Europe__Berlin);
    // 2026-12-25 is a Friday and a holiday.
    let fri = cut(Some(Weekday::Fri), 16);
    assert_eq!(cal.after_cutoff(at(&cal, "2026-12-25 17:00"), &fri), None);
    assert_eq!(cal.after_cutoff(at(&cal, "2026-12-26 10:00"), &fri), None);
    // Saturday is not a configured day: a Saturday cutoff never applies.
    let sat = cut(Some(Weekday::Sat), 10);
    for s in ["2026-11-28 10:00", "2026-11-28 12:00", "2026-11-29 12:00", "2026-11-30 08:00"] {
        assert_eq!(cal.after_cutoff(at(&cal, s), &sat), None, "{s}");
    }
}

#[test]
fn cutoff_after_a_long_run_of_holidays() {
    // Mondays only, three Monday holidays in a row: Monday 2026-11-23's
    // cutoff still holds on Sunday 2026-12-20.
    let holidays = [ymd(2026, 11, 30), ymd(2026, 12, 7), ymd(2026, 12, 14)];
    let cal = Calendar::new(Tz::Europe__Berlin, &[Weekday::Mon], hm(9, 0), hm(17, 0), holidays).unwrap();
    let daily = cut(None, 16);
    let got = cal.after_cutoff(at(&cal, "2026-12-20 10:00"), &daily).map(show);
    assert_eq!(got.as_deref(), Some("2026-12-21 09:00"));
    assert_eq!(cal.after_cutoff(at(&cal, "2026-11-23 15:00"), &daily), None);
}

// ---- calendar construction ----------------------------------------------------

#[test]
fn new_validates() {
    assert!(Calendar::new(Tz::UTC, &WEEKDAYS, hm(17, 0), hm(9, 0), []).is_err());
    assert!(Calendar::new(Tz::UTC, &WEEKDAYS, hm(9, 0), hm(9, 0), []).is_err());
    assert!(Calendar::new(Tz::UTC, &[], hm(9, 0), hm(17, 0), []).is_err());
    let cal = std_cal(Tz::UTC);
    assert_eq!(cal.tz(), Tz::UTC);
    assert_eq!(cal.open(), hm(9, 0));
    assert_eq!(cal.close(), hm(17, 0));
    assert_eq!(cal.weekdays(), WEEKDAYS.to_vec());
    assert_eq!(cal.day_length(), TimeDelta::hours(8));
}

// ---- property tests -------------------------------------------------------------

/// Minute-by-minute oracle: walk minute instants from `start`, counting the
/// minutes whose local time is in `[open, close)` on a working day; the
/// deadline is the instant right after the `minutes`-th counted minute.
fn brute_force(
    cal: &Calendar,
    days: &[Weekday],
    holidays: &[NaiveDate],
    start: DateTime<Tz>,
    minutes: i64,
) -> DateTime<Tz> {
    let mut t = start;
    let mut count = 0;
    loop {
        let local = t.naive_local();
        let working = days.contains(&local.weekday()) && !holidays.contains(&local.date());
        if working && cal.open() <= local.time() && local.time() < cal.close() {
            count += 1;
            if count == minutes {
                return t + TimeDelta::minutes(1);
            }
        }
        t += TimeDelta::minutes(1);
    }
}

/// Timezones with hours that straddle their clock changes, and plain ones.
/// A timezone, its opening and its closing time (hour, minute).
type Setup = (Tz, (u32, u32), (u32, u32));

const SETUPS: [Setup; 10] = [
    (Tz::UTC, (9, 0), (17, 0)),
    (Tz::UTC, (0, 0), (23, 59)),
    (Tz::Europe__Berlin, (9, 0), (17, 0)),
    (Tz::Europe__Berlin, (0, 0), (23, 0)),
    (Tz::Europe__Berlin, (1, 30), (3, 15)),
    (Tz::Europe__Berlin, (2, 0), (3, 0)),
    (Tz::America__New_York, (0, 0), (23, 0)),
    (Tz::America__New_York, (1, 0), (4, 0)),
    (Tz::America__New_York, (1, 30), (2, 30)),
    (Tz::America__New_York, (0, 45), (1, 30)),
];

fn setup_calendar(setup: usize, day_mask: u8, holidays: &[NaiveDate]) -> (Calendar, Vec<Weekday>) {
    let (tz, (oh, om), (ch, cm)) = SETUPS[setup];
    let days: Vec<Weekday> =
        ALL_DAYS.iter().enumerate().filter(|(i, _)| day_mask & (1 << i) != 0).map(|(_, w)| *w).collect();
    let cal = Calendar::new(tz, &days, hm(oh, om), hm(ch, cm), holidays.iter().copied()).unwrap();
    (cal, days)
}

/// Total business minutes of `n` units, capped so that the brute force walks
/// at most about eight weeks.
fn capped_minutes(cal: &Calendar, days: usize, bd: bool, n: u32) -> (Duration, i64) {
    let day_min = cal.day_length().num_minutes();
    let budget = 8 * days as i64 * day_min;
    if bd {
        let n = i64::from(n).min((budget / day_min).max(1));
        (Duration::new(n as u32, Unit::BusinessDays), n * day_min)
    } else {
        let n = i64::from(n).min((budget / 60).max(1));
        (Duration::new(n as u32, Unit::BusinessHours), n * 60)
    }
}

fn minute_instant(tz: Tz, base: NaiveDateTime, minutes: i64) -> DateTime<Tz> {
    use chrono::TimeZone;
    tz.from_utc_datetime(&(base + TimeDelta::minutes(minutes)))
}

fn base_2025() -> NaiveDateTime {
    ymd(2025, 1, 1).and_time(NaiveTime::MIN)
}

/// Dates around the 2025-2028 clock changes of Berlin and New York.
fn dst_dates() -> Vec<NaiveDate> {
    let mut v = Vec::new();
    for y in 2025..=2028 {
        for (m, from, to) in [(3, 8, 14), (3, 25, 31), (10, 25, 31), (11, 1, 7)] {
            for day in from..=to {
                v.push(ymd(y, m, day));
            }
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn add_matches_brute_force(
        setup in 0..SETUPS.len(),
        day_mask in 1u8..128,
        holiday_offsets in prop::collection::vec(0i64..4 * 366, 0..40),
        start_min in 0i64..4 * 366 * 1440,
        bd in any::<bool>(),
        n in 1u32..=240,
    ) {
        let holidays: Vec<NaiveDate> = holiday_offsets.iter().map(|o| ymd(2025, 1, 1) + TimeDelta::days(*o)).collect();
        let (cal, days) = setup_calendar(setup, day_mask, &holidays);
        let n = if bd { n.div_ceil(8) } else { n };
        let (dur, minutes) = capped_minutes(&cal, days.len(), bd, n);
        let start = minute_instant(cal.tz(), base_2025(), start_min);
        let want = brute_force(&cal, &days, &holidays, start, minutes);
        prop_assert_eq!(cal.add(start, dur), want, "{} {}", start, dur);
    }

    #[test]
    fn add_matches_brute_force_around_dst(
        setup in 2..SETUPS.len(),
        day_mask in 1u8..128,
        dst_index in 0usize..224,
        holiday in prop::option::of(0usize..224),
        start_min in -3i64 * 1440..3 * 1440,
        bd in any::<bool>(),
        n in 1u32..=48,
    ) {
        let dates = dst_dates();
        let holidays: Vec<NaiveDate> = holiday.map(|h| dates[h % dates.len()]).into_iter().collect();
        let (cal, days) = setup_calendar(setup, day_mask, &holidays);
        let n = if bd { n.div_ceil(8) } else { n };
        let (dur, minutes) = capped_minutes(&cal, days.len(), bd, n);
        let base = dates[dst_index % dates.len()].and_time(NaiveTime::MIN);
        let start = minute_instant(cal.tz(), base, start_min);
        let want = brute_force(&cal, &days, &holidays, start, minutes);
        prop_assert_eq!(cal.add(start, dur), want, "{} {}", start, dur);
    }

    #[test]
    fn sub_then_add_round_trips(
        setup in 0..SETUPS.len(),
        day_mask in 1u8..128,
        holiday_offsets in prop::collection::vec(0i64..4 * 366, 0..40),
        start_secs in 0i64..4 * 366 * 86_400,
        bd in any::<bool>(),
        n in 0u32..=500,
    ) {
        let holidays: Vec<NaiveDate> = holiday_offsets.iter().map(|o| ymd(2025, 1, 1) + TimeDelta::days(*o)).collect();
        let (cal, _) = setup_calendar(setup, day_mask, &holidays);
        let unit = if bd { Unit::BusinessDays } else { Unit::BusinessHours };
        let dur = Duration::new(n, unit);
        let t = cal.next_business_instant(
            {
                use chrono::TimeZone;
                cal.tz().from_utc_datetime(&(base_2025() + TimeDelta::seconds(start_secs)))
            },
        );
        prop_assert!(cal.is_business_instant(t));
        let back = cal.sub(t, dur);
        prop_assert!(back <= t);
        let fwd = cal.add(back, dur);
        if fwd != t {
            // `t` is an opening: the same business moment as the closing
            // before it, which is what `add` returns.
            prop_assert!(!cal.is_business_instant(t - TimeDelta::seconds(1)), "{} {} back {} fwd {}", t, dur, back, fwd);
            prop_assert!(fwd < t);
            prop_assert_eq!(cal.next_business_instant(fwd), t);
        }
    }

    #[test]
    fn days_keep_local_time(
        setup in 0..SETUPS.len(),
        start_min in 0i64..4 * 366 * 1440,
        n in 0u32..=400,
        weeks in any::<bool>(),
    ) {
        let (cal, _) = setup_calendar(setup, 31, &[]);
        let start = minute_instant(cal.tz(), base_2025(), start_min);
        let dur = Duration::new(n, if weeks { Unit::Weeks } else { Unit::Days });
        let r = cal.add(start, dur);
        let days = i64::from(n) * if weeks { 7 } else { 1 };
        prop_assert_eq!(r.date_naive(), start.date_naive() + TimeDelta::days(days));
        let want = cal.keep_local(r.date_naive().and_time(start.time()));
        prop_assert_eq!(r, want);
        if cal.tz().from_local_datetime(&r.date_naive().and_time(start.time())).single().is_some() {
            prop_assert_eq!(r.time(), start.time());
        }
    }

    #[test]
    fn next_business_instant_is_business(
        setup in 0..SETUPS.len(),
        day_mask in 1u8..128,
        start_min in 0i64..4 * 366 * 1440,
    ) {
        let (cal, _) = setup_calendar(setup, day_mask, &[]);
        let start = minute_instant(cal.tz(), base_2025(), start_min);
        let t = cal.next_business_instant(start);
        prop_assert!(t >= start);
        prop_assert!(cal.is_business_instant(t));
        let o = cal.next_opening(start);
        prop_assert!(o > start);
        prop_assert!(cal.is_business_instant(o));
        prop_assert!(t <= o);
    }
}
