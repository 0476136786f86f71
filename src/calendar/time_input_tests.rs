//! Tests of TIME and DATE input: the ISO and relative forms, resolving,
//! `--wants`, DATE, round trips, and property tests (never a panic).

use chrono::{NaiveDateTime, NaiveTime, TimeDelta, TimeZone};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::tests::{at, d, hm, show, std_cal, ymd, WEEKDAYS};
use super::*;
use crate::values::{Duration, Unit};

#[test]
fn parse_time_inputs() {
    let p = |s: &str| s.parse::<TimeInput>();
    let dt = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
    assert_eq!(p("2026-11-27"), Ok(TimeInput::Date(ymd(2026, 11, 27))));
    assert_eq!(p("2026-11-27T16:05"), Ok(TimeInput::At(dt("2026-11-27 16:05:00"))));
    assert_eq!(p(" 2026-11-27 16:05 "), Ok(TimeInput::At(dt("2026-11-27 16:05:00"))));
    assert_eq!(p("2026-11-27T16:05:09"), Ok(TimeInput::At(dt("2026-11-27 16:05:09"))));
    let off = p("2026-11-27T16:05+03:00").unwrap();
    let TimeInput::AtOffset(x) = off else { panic!("{off:?}") };
    assert_eq!(x.to_rfc3339(), "2026-11-27T16:05:00+03:00");
    let TimeInput::AtOffset(x) = p("2026-11-27 16:05:30Z").unwrap() else { panic!() };
    assert_eq!(x.to_rfc3339(), "2026-11-27T16:05:30+00:00");
    let TimeInput::AtOffset(x) = p("2026-11-27T16:05-05:00").unwrap() else { panic!() };
    assert_eq!(x.to_rfc3339(), "2026-11-27T16:05:00-05:00");
    assert_eq!(p("NOW"), Ok(TimeInput::Now));
    assert_eq!(p("Today"), Ok(TimeInput::Day(DayName::Today)));
    assert_eq!(p("yesterday"), Ok(TimeInput::Day(DayName::Yesterday)));
    assert_eq!(p("TOMORROW"), Ok(TimeInput::Day(DayName::Tomorrow)));
    assert_eq!(p("+3d"), Ok(TimeInput::Relative { negative: false, d: d("3d") }));
    assert_eq!(p("-2w"), Ok(TimeInput::Relative { negative: true, d: d("2w") }));
    assert_eq!(p("+4h"), Ok(TimeInput::Relative { negative: false, d: d("4h") }));
    assert_eq!(p("+2bd"), Ok(TimeInput::Relative { negative: false, d: d("2bd") }));
    assert_eq!(p("+30m"), Ok(TimeInput::Relative { negative: false, d: d("30m") }));
    // A time from now carries its sign: `16h` is too easily meant as 16:00.
    assert_eq!(p("16h").unwrap_err().0, "expected +16h for 16h from now, or 16:00 for that time of day");
    assert_eq!(p("3d").unwrap_err().0, "expected +3d for 3d from now (or -3d before)");
    assert_eq!(p("2bd").unwrap_err().0, "expected +2bd for 2bd from now (or -2bd before)");
    assert_eq!(p("36h").unwrap_err().0, "expected +36h for 36h from now (or -36h before)");
    let hint =
        "expected a date or time like 2026-11-27, 2026-11-27T16:05, now, today, +2d, friday 16:00 or 4pm";
    for bad in [
        "",
        "2026-13-01",
        "2026-02-30",
        "2026-11-27T24:00",
        "2026-11-27T16",
        "26-11-27",
        "+",
        "+-3d",
        "+3x",
        "2026-11-27T16:05+24:00",
        "2026-11-27X16:05",
        "soon",
        "2026-11-27T16:05:60",
    ] {
        assert_eq!(p(bad).unwrap_err().0, hint, "{bad:?}");
    }
}

#[test]
fn resolve_time_inputs() {
    let cal = std_cal(Tz::Europe__Berlin);
    let now = at(&cal, "2026-11-27 16:00");
    let r = |s: &str| cal.resolve(&s.parse().unwrap(), now).map(show);
    assert_eq!(r("now").unwrap(), "2026-11-27 16:00");
    assert_eq!(r("today").unwrap(), "2026-11-27 00:00");
    assert_eq!(r("yesterday").unwrap(), "2026-11-26 00:00");
    assert_eq!(r("tomorrow").unwrap(), "2026-11-28 00:00");
    assert_eq!(r("2026-12-01").unwrap(), "2026-12-01 00:00");
    assert_eq!(r("+1bd").unwrap(), "2026-11-30 16:00");
    assert_eq!(r("-1bd").unwrap(), "2026-11-26 16:00");
    assert_eq!(r("+2d").unwrap(), "2026-11-29 16:00");
    assert_eq!(r("-30m").unwrap(), "2026-11-27 15:30");
    assert_eq!(r("2026-11-27T12:00Z").unwrap(), "2026-11-27 13:00");
    assert!(r("2026-03-29 02:30").unwrap_err().0.contains("does not exist in Europe/Berlin"));
    assert_eq!(
        cal.resolve(&"2026-10-25 02:30".parse().unwrap(), now).unwrap().to_rfc3339(),
        "2026-10-25T02:30:00+02:00"
    );
}

#[test]
fn date_alone_when_midnight_does_not_exist() {
    // Havana moves its clocks from 00:00 to 01:00 on 2026-03-08.
    let cal = Calendar::new(Tz::America__Havana, &WEEKDAYS, hm(9, 0), hm(17, 0), []).unwrap();
    let now = at(&cal, "2026-03-09 12:00");
    let t = cal.resolve(&"2026-03-08".parse().unwrap(), now).unwrap();
    assert_eq!(t.to_rfc3339(), "2026-03-08T01:00:00-04:00");
}

#[test]
fn resolve_wants_inputs() {
    let cal = std_cal(Tz::Europe__Berlin);
    let now = at(&cal, "2026-12-01 12:00");
    let base = at(&cal, "2026-11-27 16:00");
    let w = |s: &str| cal.resolve_wants(&s.parse().unwrap(), base, now).map(show);
    assert_eq!(w("2026-11-29").unwrap(), "2026-11-27 17:00");
    assert_eq!(w("2026-12-25").unwrap(), "2026-12-24 17:00");
    assert_eq!(w("today").unwrap(), "2026-12-01 17:00");
    assert_eq!(w("tomorrow").unwrap(), "2026-12-02 17:00");
    assert_eq!(w("+1bd").unwrap(), "2026-11-30 16:00");
    assert_eq!(w("+2d").unwrap(), "2026-11-29 16:00");
    assert_eq!(w("now").unwrap(), "2026-12-01 12:00");
    assert_eq!(w("2026-12-03T11:00").unwrap(), "2026-12-03 11:00");
}

#[test]
fn parse_dates() {
    let cal = std_cal(Tz::Europe__Berlin);
    let now = at(&cal, "2026-11-27 16:00");
    let p = |s: &str| parse_date(s, &cal, now);
    assert_eq!(p("2026-12-01"), Ok(ymd(2026, 12, 1)));
    assert_eq!(p("today"), Ok(ymd(2026, 11, 27)));
    assert_eq!(p("yesterday"), Ok(ymd(2026, 11, 26)));
    assert_eq!(p("tomorrow"), Ok(ymd(2026, 11, 28)));
    assert_eq!(p("+30d"), Ok(ymd(2026, 12, 27)));
    assert_eq!(p("-1w"), Ok(ymd(2026, 11, 20)));
    assert_eq!(p("+1bd"), Ok(ymd(2026, 11, 30)));
    let hint = "expected a date like 2026-11-27, today, friday, dec 4 or +30d";
    assert_eq!(p("2026-11-27T10:00").unwrap_err().0, hint);
    assert_eq!(p("someday").unwrap_err().0, hint);
}

fn offset_strategy() -> impl Strategy<Value = chrono::FixedOffset> {
    (-1439i32..=1439).prop_map(|m| chrono::FixedOffset::east_opt(m * 60).unwrap())
}

fn naive_strategy() -> impl Strategy<Value = NaiveDateTime> {
    (0i64..3_650_000, 0u32..86_400).prop_map(|(days, secs)| {
        (ymd(1, 1, 1) + TimeDelta::days(days))
            .and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn time_input_round_trips(naive in naive_strategy(), offset in offset_strategy(), kind in 0u8..3) {
        let v = match kind {
            0 => TimeInput::At(naive),
            1 => TimeInput::Date(naive.date()),
            _ => TimeInput::AtOffset(offset.from_local_datetime(&naive).single().unwrap()),
        };
        let text = v.to_string();
        let back: TimeInput = text.parse().unwrap();
        prop_assert_eq!(back, v, "{}", text);
        if let (TimeInput::AtOffset(a), TimeInput::AtOffset(b)) = (back, v) {
            prop_assert_eq!(a.offset(), b.offset());
            prop_assert_eq!(a.naive_local(), b.naive_local());
        }
    }

    #[test]
    fn relative_round_trips(negative in any::<bool>(), n in 0u32..=100_000, unit in 0usize..6) {
        let unit = [Unit::Minutes, Unit::Hours, Unit::Days, Unit::Weeks, Unit::BusinessHours, Unit::BusinessDays][unit];
        let v = TimeInput::Relative { negative, d: Duration::new(n, unit) };
        prop_assert_eq!(v.to_string().parse::<TimeInput>().unwrap(), v);
    }

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>(), t in "[0-9T: +\\-Zzbdhmw.]{0,30}") {
        let cal = std_cal(Tz::Europe__Berlin);
        let now = at(&cal, "2026-11-27 16:00");
        for s in [&s, &t] {
            if let Ok(v) = s.parse::<TimeInput>() {
                let _ = cal.resolve(&v, now);
                let _ = cal.resolve_wants(&v, now, now);
            }
            let _ = parse_date(s, &cal, now);
            let _ = holidays_from_ics(s);
        }
    }
}
