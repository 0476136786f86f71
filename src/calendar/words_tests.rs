//! Tests of the natural TIME and DATE forms (SPEC 3): weekdays, `dec 4`,
//! `eod`/`eow`, times of day, and a date form followed by a time of day.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Weekday};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::tests::{at, hm, show, std_cal, ymd, ALL_DAYS, WEEKDAYS};
use super::words::parse_time_of_day;
use super::*;

fn p(s: &str) -> Result<TimeInput, crate::values::ParseError> {
    s.parse::<TimeInput>()
}

#[test]
fn parse_natural_forms() {
    let fri = DayName::Next(Weekday::Fri);
    assert_eq!(p("fri"), Ok(TimeInput::Day(fri)));
    assert_eq!(p("Friday"), Ok(TimeInput::Day(fri)));
    assert_eq!(p("NEXT FRIDAY"), Ok(TimeInput::Day(fri)));
    assert_eq!(p("  next   fri "), Ok(TimeInput::Day(fri)));
    assert_eq!(p("last friday"), Ok(TimeInput::Day(DayName::Last(Weekday::Fri))));
    assert_eq!(p("thurs"), Ok(TimeInput::Day(DayName::Next(Weekday::Thu))));
    let dec4 = DayName::OfYear { month: 12, day: 4 };
    for s in ["dec 4", "4 dec", "December 4", "4 DECEMBER", "dec 04"] {
        assert_eq!(p(s), Ok(TimeInput::Day(dec4)), "{s}");
    }
    assert_eq!(p("sept 30"), Ok(TimeInput::Day(DayName::OfYear { month: 9, day: 30 })));
    assert_eq!(p("feb 29"), Ok(TimeInput::Day(DayName::OfYear { month: 2, day: 29 })));
    assert_eq!(p("may 1"), Ok(TimeInput::Day(DayName::OfYear { month: 5, day: 1 })));
    assert_eq!(p("EOD"), Ok(TimeInput::EndOfDay));
    assert_eq!(p("eow"), Ok(TimeInput::EndOfWeek));
    assert_eq!(p("16:00"), Ok(TimeInput::DayAt(DayName::Today, hm(16, 0))));
    assert_eq!(p("4pm"), Ok(TimeInput::DayAt(DayName::Today, hm(16, 0))));
    assert_eq!(p("9:30AM"), Ok(TimeInput::DayAt(DayName::Today, hm(9, 30))));
    assert_eq!(p("tomorrow 12:00"), Ok(TimeInput::DayAt(DayName::Tomorrow, hm(12, 0))));
    assert_eq!(p("friday 16:00"), Ok(TimeInput::DayAt(fri, hm(16, 0))));
    assert_eq!(p("next fri 4pm"), Ok(TimeInput::DayAt(fri, hm(16, 0))));
    assert_eq!(p("dec 4 9:30"), Ok(TimeInput::DayAt(dec4, hm(9, 30))));
    assert_eq!(p("4 dec 9:30pm"), Ok(TimeInput::DayAt(dec4, hm(21, 30))));
    let dt = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    assert_eq!(p("2026-12-04 4pm"), Ok(TimeInput::At(dt("2026-12-04 16:00"))));
    assert_eq!(p("2026-12-04 9:30"), Ok(TimeInput::At(dt("2026-12-04 09:30"))));
    assert_eq!(p("today 12am"), Ok(TimeInput::DayAt(DayName::Today, hm(0, 0))));
    let hint =
        "expected a date or time like 2026-11-27, 2026-11-27T16:05, now, today, +2d, friday 16:00 or 4pm";
    for bad in [
        "this friday",
        "next",
        "last",
        "next today",
        "last dec 4",
        "fridays",
        "fri fri",
        "fri 4",
        "dec",
        "dec 32",
        "feb 30",
        "apr 31",
        "dec 0",
        "dec 4th",
        "dec 4 2026",
        "4 dec dec",
        "dec 4pm",
        "13pm",
        "0am",
        "12:60pm",
        "9:5am",
        "4 pm",
        "24:00",
        "16:00 friday",
        "eod 16:00",
        "now 16:00",
        "+2d 16:00",
        "noon",
        "friday 16:00 +01:00",
        "2026-12-04 4pm Z",
        "2026-12-04T4pm",
        "ｆｒｉ",
    ] {
        assert_eq!(p(bad).unwrap_err().0, hint, "{bad:?}");
    }
}

#[test]
fn times_of_day() {
    assert_eq!(parse_time_of_day("12am"), Some(hm(0, 0)));
    assert_eq!(parse_time_of_day("12:30am"), Some(hm(0, 30)));
    assert_eq!(parse_time_of_day("12pm"), Some(hm(12, 0)));
    assert_eq!(parse_time_of_day("12:45pm"), Some(hm(12, 45)));
    assert_eq!(parse_time_of_day("1am"), Some(hm(1, 0)));
    assert_eq!(parse_time_of_day("11pm"), Some(hm(23, 0)));
    assert_eq!(parse_time_of_day("09:30am"), Some(hm(9, 30)));
    assert_eq!(parse_time_of_day("0:00"), Some(hm(0, 0)));
    assert_eq!(parse_time_of_day("23:59:30"), NaiveTime::from_hms_opt(23, 59, 30));
    for bad in ["", "am", "pm", "13am", "00am", "123pm", "1:2pm", "1:60am", "16", "1600", "16:00:6", "16:00:"]
    {
        assert_eq!(parse_time_of_day(bad), None, "{bad:?}");
    }
}

/// Resolves `s` at `now` (local `YYYY-MM-DD HH:MM`) in `cal`, as RFC 3339.
fn resolved(cal: &Calendar, now: &str, s: &str) -> String {
    let v = p(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
    cal.resolve(&v, at(cal, now)).unwrap_or_else(|e| panic!("{s:?} at {now}: {e}")).to_rfc3339()
}

#[test]
fn on_a_friday_and_on_a_monday() {
    let cal = std_cal(Tz::UTC);
    let fri = "2026-11-27 16:00";
    let mon = "2026-11-30 10:00";
    let cases = [
        ("fri", "2026-12-04T00:00:00+00:00", "2026-12-04T00:00:00+00:00"),
        ("next friday", "2026-12-04T00:00:00+00:00", "2026-12-04T00:00:00+00:00"),
        ("last friday", "2026-11-20T00:00:00+00:00", "2026-11-27T00:00:00+00:00"),
        ("mon", "2026-11-30T00:00:00+00:00", "2026-12-07T00:00:00+00:00"),
        ("last monday", "2026-11-23T00:00:00+00:00", "2026-11-23T00:00:00+00:00"),
        ("sat", "2026-11-28T00:00:00+00:00", "2026-12-05T00:00:00+00:00"),
        ("friday 16:00", "2026-12-04T16:00:00+00:00", "2026-12-04T16:00:00+00:00"),
        ("friday 18:00", "2026-12-04T18:00:00+00:00", "2026-12-04T18:00:00+00:00"),
        ("last fri 8am", "2026-11-20T08:00:00+00:00", "2026-11-27T08:00:00+00:00"),
        ("dec 4", "2026-12-04T00:00:00+00:00", "2026-12-04T00:00:00+00:00"),
        ("jan 2", "2026-01-02T00:00:00+00:00", "2026-01-02T00:00:00+00:00"),
        ("27 nov 9:30", "2026-11-27T09:30:00+00:00", "2026-11-27T09:30:00+00:00"),
        ("eod", "2026-11-27T17:00:00+00:00", "2026-11-30T17:00:00+00:00"),
        ("eow", "2026-11-27T17:00:00+00:00", "2026-12-04T17:00:00+00:00"),
        ("16:00", "2026-11-27T16:00:00+00:00", "2026-11-30T16:00:00+00:00"),
        ("4pm", "2026-11-27T16:00:00+00:00", "2026-11-30T16:00:00+00:00"),
        ("9:30am", "2026-11-27T09:30:00+00:00", "2026-11-30T09:30:00+00:00"),
        ("12am", "2026-11-27T00:00:00+00:00", "2026-11-30T00:00:00+00:00"),
        ("12pm", "2026-11-27T12:00:00+00:00", "2026-11-30T12:00:00+00:00"),
        ("tomorrow 12:00", "2026-11-28T12:00:00+00:00", "2026-12-01T12:00:00+00:00"),
        ("yesterday 5pm", "2026-11-26T17:00:00+00:00", "2026-11-29T17:00:00+00:00"),
        ("2026-12-04 4pm", "2026-12-04T16:00:00+00:00", "2026-12-04T16:00:00+00:00"),
    ];
    for (s, on_fri, on_mon) in cases {
        assert_eq!(resolved(&cal, fri, s), on_fri, "{s} on a Friday");
        assert_eq!(resolved(&cal, mon, s), on_mon, "{s} on a Monday");
    }
}

#[test]
fn weekdays_are_never_today() {
    let cal = std_cal(Tz::UTC);
    // On a Friday, `friday` is next week's even when its time is still ahead.
    assert_eq!(resolved(&cal, "2026-11-27 00:00", "friday"), "2026-12-04T00:00:00+00:00");
    assert_eq!(resolved(&cal, "2026-11-27 08:00", "friday 23:00"), "2026-12-04T23:00:00+00:00");
    assert_eq!(resolved(&cal, "2026-11-27 23:59", "last friday 23:59"), "2026-11-20T23:59:00+00:00");
    // `next friday` on a Thursday is tomorrow.
    assert_eq!(resolved(&cal, "2026-11-26 16:00", "next friday"), "2026-11-27T00:00:00+00:00");
    assert_eq!(resolved(&cal, "2026-11-26 16:00", "last thursday"), "2026-11-19T00:00:00+00:00");
}

#[test]
fn day_of_the_year() {
    let cal = std_cal(Tz::UTC);
    // Today itself, and a day already past: still this year.
    assert_eq!(resolved(&cal, "2026-12-04 15:00", "dec 4"), "2026-12-04T00:00:00+00:00");
    assert_eq!(resolved(&cal, "2026-12-04 15:00", "dec 3 4pm"), "2026-12-03T16:00:00+00:00");
    assert_eq!(resolved(&cal, "2026-12-31 23:00", "jan 1"), "2026-01-01T00:00:00+00:00");
    assert_eq!(resolved(&cal, "2028-03-01 10:00", "feb 29"), "2028-02-29T00:00:00+00:00");
    let e = cal.resolve(&p("feb 29").unwrap(), at(&cal, "2027-03-01 10:00")).unwrap_err();
    assert_eq!(e.0, "2027 has no feb 29; expected a day of the year, e.g. dec 4");
}

#[test]
fn end_of_day() {
    let cal = std_cal(Tz::Europe__Berlin);
    let eod = |now: &str| show(cal.end_of_day(at(&cal, now)).unwrap());
    assert_eq!(eod("2026-11-30 08:00"), "2026-11-30 17:00");
    assert_eq!(eod("2026-11-30 16:59"), "2026-11-30 17:00");
    // After closing it is still today's closing time (SPEC: today's).
    assert_eq!(eod("2026-11-30 18:00"), "2026-11-30 17:00");
    assert_eq!(eod("2026-11-28 10:00"), "2026-11-30 17:00");
    assert_eq!(eod("2026-12-25 10:00"), "2026-12-28 17:00");
    assert_eq!(eod("2026-12-24 23:00"), "2026-12-24 17:00");
}

#[test]
fn end_of_week() {
    let cal = std_cal(Tz::Europe__Berlin);
    let eow = |now: &str| show(cal.end_of_week(at(&cal, now)).unwrap());
    assert_eq!(eow("2026-11-23 00:00"), "2026-11-27 17:00");
    assert_eq!(eow("2026-11-27 16:59"), "2026-11-27 17:00");
    // None left: from the closing time of the last working day on.
    assert_eq!(eow("2026-11-27 17:00"), "2026-12-04 17:00");
    assert_eq!(eow("2026-11-27 18:00"), "2026-12-04 17:00");
    assert_eq!(eow("2026-11-28 12:00"), "2026-12-04 17:00");
    assert_eq!(eow("2026-11-29 23:59"), "2026-12-04 17:00");
    // Friday 2026-12-25 is a holiday: Thursday is the week's last working day.
    assert_eq!(eow("2026-12-21 09:00"), "2026-12-24 17:00");
    assert_eq!(eow("2026-12-24 17:30"), "2027-01-01 17:00");
    // A week of holidays has no working day left: the week after.
    let week: Vec<NaiveDate> = (0..7).map(|i| ymd(2026, 11, 30) + TimeDelta::days(i)).collect();
    let cal = Calendar::new(Tz::Europe__Berlin, &WEEKDAYS, hm(9, 0), hm(17, 0), week).unwrap();
    assert_eq!(show(cal.end_of_week(at(&cal, "2026-11-28 10:00")).unwrap()), "2026-12-11 17:00");
    // Working days Mon-Sat: Saturday closes the week.
    let six = &ALL_DAYS[..6];
    let cal = Calendar::new(Tz::UTC, six, hm(9, 0), hm(13, 0), []).unwrap();
    assert_eq!(show(cal.end_of_week(at(&cal, "2026-11-27 18:00")).unwrap()), "2026-11-28 13:00");
}

#[test]
fn daylight_saving_weeks_in_berlin() {
    let cal = std_cal(Tz::Europe__Berlin);
    // Spring: 02:00-03:00 on Sunday 2026-03-29 does not exist.
    let fri = "2026-03-27 16:00";
    assert_eq!(resolved(&cal, fri, "sun"), "2026-03-29T00:00:00+01:00");
    assert_eq!(resolved(&cal, fri, "sun 3:30"), "2026-03-29T03:30:00+02:00");
    assert_eq!(resolved(&cal, fri, "mon 9am"), "2026-03-30T09:00:00+02:00");
    assert_eq!(resolved(&cal, fri, "eow"), "2026-03-27T17:00:00+01:00");
    assert_eq!(resolved(&cal, "2026-03-28 10:00", "eow"), "2026-04-03T17:00:00+02:00");
    let e = cal.resolve(&p("sun 2:30am").unwrap(), at(&cal, fri)).unwrap_err();
    assert_eq!(
        e.0,
        "2026-03-29T02:30 does not exist in Europe/Berlin (clocks jump forward), e.g. 2026-03-29T03:30"
    );
    assert!(cal.resolve(&p("mar 29 2:00").unwrap(), at(&cal, fri)).is_err());
    // Autumn: 02:00-03:00 on Sunday 2026-10-25 happens twice; the earlier.
    let fri = "2026-10-23 16:00";
    assert_eq!(resolved(&cal, fri, "sun 2:30"), "2026-10-25T02:30:00+02:00");
    assert_eq!(resolved(&cal, fri, "oct 25 3:00"), "2026-10-25T03:00:00+01:00");
    assert_eq!(resolved(&cal, "2026-10-26 10:00", "last fri 4pm"), "2026-10-23T16:00:00+02:00");
    assert_eq!(resolved(&cal, "2026-10-26 10:00", "eow"), "2026-10-30T17:00:00+01:00");
    assert_eq!(resolved(&cal, "2026-10-25 12:00", "eod"), "2026-10-26T17:00:00+01:00");
    // A closing time in the gap is the end of the gap.
    let cal = Calendar::new(Tz::Europe__Berlin, &ALL_DAYS, hm(0, 0), hm(2, 30), []).unwrap();
    assert_eq!(resolved(&cal, "2026-03-29 01:00", "eod"), "2026-03-29T03:00:00+02:00");
    assert_eq!(cal.end_of_day(at(&cal, "2026-03-29 01:00")), Ok(cal.closing_on_or_before(ymd(2026, 3, 29))));
}

#[test]
fn wants_with_natural_forms() {
    let cal = std_cal(Tz::Europe__Berlin);
    let now = at(&cal, "2026-11-30 12:00");
    let base = at(&cal, "2026-11-27 16:00");
    let w = |s: &str| show(cal.resolve_wants(&p(s).unwrap(), base, now).unwrap());
    assert_eq!(w("friday"), "2026-12-04 17:00");
    assert_eq!(w("last friday"), "2026-11-27 17:00");
    assert_eq!(w("sat"), "2026-12-04 17:00");
    assert_eq!(w("dec 26"), "2026-12-24 17:00");
    assert_eq!(w("friday 12:00"), "2026-12-04 12:00");
    assert_eq!(w("4pm"), "2026-11-30 16:00");
    assert_eq!(w("eod"), "2026-11-30 17:00");
    assert_eq!(w("eow"), "2026-12-04 17:00");
    assert_eq!(w("2026-12-04 9am"), "2026-12-04 09:00");
}

#[test]
fn dates_with_natural_forms() {
    let cal = std_cal(Tz::Europe__Berlin);
    let now = at(&cal, "2026-11-27 16:00");
    let pd = |s: &str| parse_date(s, &cal, now);
    assert_eq!(pd("friday"), Ok(ymd(2026, 12, 4)));
    assert_eq!(pd("Last Fri"), Ok(ymd(2026, 11, 20)));
    assert_eq!(pd("dec 4"), Ok(ymd(2026, 12, 4)));
    assert_eq!(pd("4 december"), Ok(ymd(2026, 12, 4)));
    assert_eq!(pd("jan 15"), Ok(ymd(2026, 1, 15)));
    assert_eq!(pd("eod"), Ok(ymd(2026, 11, 27)));
    assert_eq!(pd("eow"), Ok(ymd(2026, 11, 27)));
    assert_eq!(parse_date("eow", &cal, at(&cal, "2026-11-28 10:00")), Ok(ymd(2026, 12, 4)));
    let hint = "expected a date like 2026-11-27, today, friday, dec 4 or +30d";
    for bad in ["friday 16:00", "4pm", "16:00", "tomorrow 9am", "2026-12-04 4pm", "dec 4 9:30", "fri day"] {
        assert_eq!(pd(bad).unwrap_err().0, hint, "{bad:?}");
    }
    assert_eq!(
        parse_date("feb 29", &cal, now).unwrap_err().0,
        "2026 has no feb 29; expected a day of the year, e.g. dec 4"
    );
}

#[test]
fn natural_forms_display_canonically() {
    let cases = [
        ("Friday", "fri"),
        ("next friday", "fri"),
        ("LAST thurs", "last thu"),
        ("4 December", "dec 4"),
        ("tomorrow 4pm", "tomorrow 16:00"),
        ("9:05am", "today 09:05"),
        ("dec 4 9:30:15", "dec 4 09:30:15"),
        ("2026-12-04 12am", "2026-12-04T00:00"),
        ("eod", "eod"),
        ("EOW", "eow"),
    ];
    for (typed, shown) in cases {
        let v = p(typed).unwrap();
        assert_eq!(v.to_string(), shown, "{typed}");
        assert_eq!(p(shown), Ok(v), "{shown}");
    }
}

fn weekday_strategy() -> impl Strategy<Value = Weekday> {
    (0..7u8).prop_map(|i| ALL_DAYS[usize::from(i)])
}

fn day_name_strategy() -> impl Strategy<Value = DayName> {
    prop_oneof![
        Just(DayName::Today),
        Just(DayName::Yesterday),
        Just(DayName::Tomorrow),
        weekday_strategy().prop_map(DayName::Next),
        weekday_strategy().prop_map(DayName::Last),
        (1..=12u32, 1..=31u32).prop_map(|(month, day)| DayName::OfYear { month, day: day.min(28) }),
    ]
}

/// Spells a weekday form as a user might: any case, full or short names.
fn spell(form: u8, day: Weekday, full: bool, upper: bool) -> String {
    const FULL: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let name =
        if full { FULL[day.num_days_from_monday() as usize] } else { crate::values::weekday_abbrev(day) };
    let text = match form {
        0 => name.to_string(),
        1 => format!("next {name}"),
        _ => format!("last {name}"),
    };
    if upper {
        text.to_uppercase()
    } else {
        text
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsing_never_panics(
        s in any::<String>(),
        t in "((next|last|NEXT) )?[a-zA-Z]{0,9}( [0-9]{1,3})?( [0-9:]{0,6}(am|pm|AM)?)?",
        u in "[a-z0-9: ]{0,16}",
        now_min in -600_000_000i64..600_000_000,
    ) {
        let cal = std_cal(Tz::Europe__Berlin);
        let base = ymd(2026, 1, 1).and_time(NaiveTime::MIN);
        let now = Tz::Europe__Berlin.from_utc_datetime(&(base + TimeDelta::minutes(now_min)));
        for s in [&s, &t, &u] {
            if let Ok(v) = s.parse::<TimeInput>() {
                let _ = cal.resolve(&v, now);
                let _ = cal.resolve_wants(&v, now, now);
                let _ = v.to_string();
            }
            let _ = parse_date(s, &cal, now);
        }
    }

    #[test]
    fn weekdays_never_resolve_to_today(
        tz in 0..3usize,
        now_min in 0i64..4 * 366 * 1440,
        day in weekday_strategy(),
        form in 0..3u8,
        full in any::<bool>(),
        upper in any::<bool>(),
        time in proptest::option::of(0..24 * 60u32),
    ) {
        let cal = std_cal(super::tests::tzs()[tz]);
        let base = ymd(2025, 1, 1).and_time(NaiveTime::MIN);
        let now = cal.tz().from_utc_datetime(&(base + TimeDelta::minutes(now_min)));
        let today = now.date_naive();
        let mut text = spell(form, day, full, upper);
        if let Some(m) = time {
            text = format!("{text} {:02}:{:02}", m / 60, m % 60);
        }
        let v: TimeInput = text.parse().unwrap();
        let Ok(t) = cal.resolve(&v, now) else {
            // Only a local time in a daylight-saving gap is refused.
            prop_assert!(time.is_some(), "{}", text);
            return Ok(());
        };
        let got = t.date_naive();
        prop_assert_ne!(got, today, "{} at {}", text, now);
        prop_assert_eq!(got.weekday(), day, "{} at {}", text, now);
        let ahead = (got - today).num_days();
        if form == 2 {
            prop_assert!((-7..=-1).contains(&ahead), "{} at {} gave {}", text, now, t);
        } else {
            prop_assert!((1..=7).contains(&ahead), "{} at {} gave {}", text, now, t);
        }
        let date = parse_date(&text, &cal, now);
        if time.is_none() {
            prop_assert_eq!(date, Ok(got));
        } else {
            prop_assert!(date.is_err());
        }
    }

    #[test]
    fn natural_forms_round_trip(name in day_name_strategy(), secs in proptest::option::of(0..86_400u32), which in 0..3u8) {
        let v = match (which, secs) {
            (0, _) => TimeInput::Day(name),
            (1, Some(s)) => TimeInput::DayAt(name, NaiveTime::from_num_seconds_from_midnight_opt(s, 0).unwrap()),
            (1, None) => TimeInput::EndOfDay,
            _ => TimeInput::EndOfWeek,
        };
        let text = v.to_string();
        prop_assert_eq!(text.parse::<TimeInput>(), Ok(v), "{}", text);
    }
}
