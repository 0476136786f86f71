//! Holiday files as calendar programs export them: Google Calendar, Apple
//! Calendar, Outlook and Thunderbird, with the recurrences, overrides and
//! all-day conventions each of them writes.

use chrono::{Datelike, NaiveDate};

use super::*;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The dates of `text` within `years`.
fn dates(text: &str, years: RangeInclusive<i32>) -> Vec<NaiveDate> {
    holidays_from_ics_in(text, years).unwrap_or_else(|e| panic!("{e}"))
}

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// Google Calendar: US Thanksgiving (4th Thursday of November), one year
/// cancelled by an override, one moved, one left out with EXDATE.
const GOOGLE: &str = "BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:Office holidays
X-WR-TIMEZONE:America/New_York
BEGIN:VEVENT
DTSTART;VALUE=DATE:20261126
DTEND;VALUE=DATE:20261127
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH
EXDATE;VALUE=DATE:20291122
DTSTAMP:20260110T150000Z
UID:7kukuqrfedlm2f9t0vphu7ou5k@google.com
CREATED:20260110T145900Z
DESCRIPTION:
LAST-MODIFIED:20260110T150000Z
LOCATION:
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Thanksgiving
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20271125
DTEND;VALUE=DATE:20271126
DTSTAMP:20260110T150000Z
UID:7kukuqrfedlm2f9t0vphu7ou5k@google.com
RECURRENCE-ID;VALUE=DATE:20271125
CREATED:20260110T145900Z
LAST-MODIFIED:20260110T150200Z
SEQUENCE:1
STATUS:CANCELLED
SUMMARY:Thanksgiving
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20281124
DTEND;VALUE=DATE:20281125
DTSTAMP:20260110T150000Z
UID:7kukuqrfedlm2f9t0vphu7ou5k@google.com
RECURRENCE-ID;VALUE=DATE:20281123
CREATED:20260110T145900Z
LAST-MODIFIED:20260110T150300Z
SEQUENCE:1
STATUS:CONFIRMED
SUMMARY:Thanksgiving (the day after this year)
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20260525
DTEND;VALUE=DATE:20260526
RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO;UNTIL=20280530
DTSTAMP:20260110T150000Z
UID:0q1r2s3t4u5v6w7x8y9z@google.com
SUMMARY:Memorial Day
TRANSP:TRANSPARENT
END:VEVENT
END:VCALENDAR
";

#[test]
fn google_thanksgiving_with_a_cancelled_a_moved_and_an_excluded_year() {
    let got = dates(&crlf(GOOGLE), 2026..=2030);
    let nov: Vec<_> = got.iter().copied().filter(|d| d.month() == 11).collect();
    assert_eq!(
        nov,
        vec![
            ymd(2026, 11, 26),
            // 2027-11-25 cancelled; 2028-11-23 moved to the 24th; 2029-11-22 excluded.
            ymd(2028, 11, 24),
            ymd(2030, 11, 28),
        ]
    );
    // Memorial Day, the last Monday of May, until 2028.
    let may: Vec<_> = got.iter().copied().filter(|d| d.month() == 5).collect();
    assert_eq!(may, vec![ymd(2026, 5, 25), ymd(2027, 5, 31), ymd(2028, 5, 29)]);
    // Without a window: every 4th Thursday of November from 2026 to 2100.
    let all = holidays_from_ics(GOOGLE).unwrap();
    assert_eq!(all.iter().filter(|d| d.month() == 11).count(), 75 - 2);
    assert_eq!(all.last(), Some(&ymd(2100, 11, 25)));
}

/// Apple Calendar: the UK Early May bank holiday (first Monday of May),
/// moved to Friday 8 May in 2020 for VE Day, and a two-day Easter closure
/// every year for three years.
const APPLE: &str = "BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Apple Inc.//macOS 14.5//EN
CALSCALE:GREGORIAN
BEGIN:VEVENT
CREATED:20190110T101010Z
UID:5C1E4A3B-7F7A-4D0B-9A51-2E7F0B1C9D11
RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=1MO
DTEND;VALUE=DATE:20190507
TRANSP:TRANSPARENT
X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC
SUMMARY:Early May bank holiday
LAST-MODIFIED:20190110T101010Z
DTSTAMP:20190110T101010Z
DTSTART;VALUE=DATE:20190506
SEQUENCE:0
END:VEVENT
BEGIN:VEVENT
CREATED:20190110T101010Z
UID:5C1E4A3B-7F7A-4D0B-9A51-2E7F0B1C9D11
DTEND;VALUE=DATE:20200509
TRANSP:TRANSPARENT
SUMMARY:Early May bank holiday (VE Day)
LAST-MODIFIED:20200101T090000Z
DTSTAMP:20200101T090000Z
DTSTART;VALUE=DATE:20200508
SEQUENCE:1
RECURRENCE-ID;VALUE=DATE:20200504
END:VEVENT
BEGIN:VEVENT
CREATED:20260110T101010Z
UID:9A0B1C2D-3E4F-5061-7283-94A5B6C7D8E9
RRULE:FREQ=MONTHLY;INTERVAL=12;COUNT=3;BYMONTHDAY=24,25
DTEND;VALUE=DATE:20261225
SUMMARY:Christmas Eve and Day
DTSTART;VALUE=DATE:20261224
END:VEVENT
END:VCALENDAR
";

#[test]
fn apple_early_may_bank_holiday_moved_for_ve_day() {
    let got = dates(APPLE, 2019..=2029);
    let may: Vec<_> = got.iter().copied().filter(|d| d.month() == 5).collect();
    assert_eq!(
        may,
        vec![
            ymd(2019, 5, 6),
            ymd(2020, 5, 8),
            ymd(2021, 5, 3),
            ymd(2022, 5, 2),
            ymd(2023, 5, 1),
            ymd(2024, 5, 6),
            ymd(2025, 5, 5),
            ymd(2026, 5, 4),
            ymd(2027, 5, 3),
            ymd(2028, 5, 1),
            ymd(2029, 5, 7),
        ]
    );
    let dec: Vec<_> = got.iter().copied().filter(|d| d.month() == 12).collect();
    // COUNT=3 occurrences: the 24th (DTSTART) and 25th of 2026, the 24th of 2027.
    assert_eq!(dec, vec![ymd(2026, 12, 24), ymd(2026, 12, 25), ymd(2027, 12, 24)]);
}

/// Outlook: all-day events as midnight-to-midnight times in a Windows
/// timezone (its TZID quoted or not), one written in UTC, and a weekly "summer Fridays" series
/// with an exception.
const OUTLOOK: &str = "BEGIN:VCALENDAR
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
VERSION:2.0
METHOD:PUBLISH
X-MS-OLK-FORCEINSPECTOROPEN:TRUE
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
CLASS:PUBLIC
CREATED:20260112T080000Z
DTEND;TZID=\"W. Europe Standard Time\":20261227T000000
DTSTAMP:20260112T080000Z
DTSTART;TZID=\"W. Europe Standard Time\":20261225T000000
LAST-MODIFIED:20260112T080000Z
PRIORITY:5
SEQUENCE:0
SUMMARY;LANGUAGE=de-de:Weihnachten
TRANSP:TRANSPARENT
UID:040000008200E00074C5B7101A82E00800000000D0E1A7A1B3A1DC01000000000000000
 010000000A1B2C3D4E5F60718293A4B5C6D7E8F90
X-MICROSOFT-CDO-BUSYSTATUS:FREE
X-MICROSOFT-CDO-IMPORTANCE:1
X-MICROSOFT-DISALLOW-COUNTER:FALSE
X-MS-OLK-AUTOFILLLOCATION:FALSE
X-MS-OLK-CONFTYPE:0
X-MICROSOFT-CDO-ALLDAYEVENT:TRUE
END:VEVENT
BEGIN:VEVENT
DTSTART:20261231T230000Z
DTEND:20270101T230000Z
SUMMARY:Neujahr
UID:outlook-newyear
X-MICROSOFT-CDO-ALLDAYEVENT:TRUE
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=W. Europe Standard Time:20260703T000000
DTEND;TZID=W. Europe Standard Time:20260704T000000
RRULE:FREQ=WEEKLY;UNTIL=20260730T220000Z;INTERVAL=1;BYDAY=FR;WKST=MO
EXDATE;TZID=\"W. Europe Standard Time\":20260717T000000
SUMMARY:Summer Friday
UID:outlook-summer-fridays
X-MICROSOFT-CDO-ALLDAYEVENT:TRUE
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=\"W. Europe Standard Time\":20261130T100000
DTEND;TZID=\"W. Europe Standard Time\":20261130T110000
RRULE:FREQ=DAILY;BYHOUR=10
SUMMARY:Stand-up (timed, not a holiday)
UID:outlook-standup
X-MICROSOFT-CDO-ALLDAYEVENT:FALSE
END:VEVENT
END:VCALENDAR
";

#[test]
fn outlook_all_day_events_written_as_times() {
    assert_eq!(
        dates(&crlf(OUTLOOK), 2026..=2027),
        vec![
            ymd(2026, 7, 3),
            ymd(2026, 7, 10),
            // 2026-07-17 excluded; UNTIL 2026-07-30 22:00 UTC is the 31st in Berlin, read as the 31st.
            ymd(2026, 7, 24),
            ymd(2026, 7, 31),
            ymd(2026, 12, 25),
            ymd(2026, 12, 26),
            ymd(2027, 1, 1),
        ]
    );
}

#[test]
fn all_day_events_written_in_utc_recur_on_their_local_day() {
    // A generator that writes Berlin midnights in UTC and marks them all-day.
    let text = "BEGIN:VCALENDAR
BEGIN:VEVENT
DTSTART:20261125T230000Z
DTEND:20261126T230000Z
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;UNTIL=20281122T230000Z
EXDATE:20271124T230000Z
SUMMARY:Thanksgiving in Berlin
X-MICROSOFT-CDO-ALLDAYEVENT:TRUE
END:VEVENT
END:VCALENDAR
";
    assert_eq!(holidays_from_ics(text).unwrap(), vec![ymd(2026, 11, 26), ymd(2028, 11, 23)]);
}

#[test]
fn plain_midnight_to_midnight_times_are_all_day() {
    let text = "BEGIN:VCALENDAR
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:20261224T000000
DTEND;TZID=Europe/Berlin:20261227T000000
SUMMARY:Closed
END:VEVENT
BEGIN:VEVENT
DTSTART:20261231T000000
DURATION:P1D
SUMMARY:Silvester
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:20261201T000000
DTEND;TZID=Europe/Berlin:20261201T120000
SUMMARY:Half a day is not a holiday
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:20261202T090000
DTEND;TZID=Europe/Berlin:20261203T000000
SUMMARY:Nor is a day that starts at nine
END:VEVENT
END:VCALENDAR
";
    assert_eq!(
        holidays_from_ics(text).unwrap(),
        vec![ymd(2026, 12, 24), ymd(2026, 12, 25), ymd(2026, 12, 26), ymd(2026, 12, 31)]
    );
}

/// Thunderbird: German Unity Day every year with one year left out, a
/// multi-day closure for three years, and its old prefixed TZID form.
const THUNDERBIRD: &str = "BEGIN:VCALENDAR
PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
VERSION:2.0
BEGIN:VTIMEZONE
TZID:Europe/Berlin
X-LIC-LOCATION:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
CREATED:20260105T090000Z
LAST-MODIFIED:20260105T090100Z
DTSTAMP:20260105T090100Z
UID:5b6a0c0e-1f2d-4c3b-8a9e-0d1c2b3a4f5e
SUMMARY:Tag der Deutschen Einheit
RRULE:FREQ=YEARLY
EXDATE;VALUE=DATE:20281003
DTSTART;VALUE=DATE:20261003
DTEND;VALUE=DATE:20261004
TRANSP:TRANSPARENT
X-MOZ-GENERATION:2
END:VEVENT
BEGIN:VEVENT
UID:9c8b7a6f-5e4d-3c2b-1a09-f8e7d6c5b4a3
SUMMARY:Betriebsferien
RRULE:FREQ=YEARLY;COUNT=3
DTSTART;VALUE=DATE:20261228
DTEND;VALUE=DATE:20270102
END:VEVENT
BEGIN:VEVENT
UID:0a1b2c3d-old-tzid
SUMMARY:Heiligabend
DTSTART;TZID=/mozilla.org/20070129_1/Europe/Berlin:20261224T000000
DTEND;TZID=/mozilla.org/20070129_1/Europe/Berlin:20261225T000000
RRULE:FREQ=YEARLY;UNTIL=20271223T230000Z
END:VEVENT
END:VCALENDAR
";

#[test]
fn thunderbird_exdate_multi_day_and_old_tzids() {
    let got = dates(THUNDERBIRD, 2026..=2030);
    let oct: Vec<_> = got.iter().copied().filter(|d| d.month() == 10).collect();
    assert_eq!(oct, vec![ymd(2026, 10, 3), ymd(2027, 10, 3), ymd(2029, 10, 3), ymd(2030, 10, 3)]);
    let closure: Vec<_> = got.iter().copied().filter(|d| d.month() == 1 || d.day() >= 28).collect();
    let mut want = Vec::new();
    for y in 2026..=2028 {
        want.extend((28..=31).map(|d| ymd(y, 12, d)));
        want.push(ymd(y + 1, 1, 1));
    }
    want.sort();
    assert_eq!(closure, want);
    // UNTIL 2027-12-23 23:00 UTC is midnight of the 24th in Berlin: 2027 counts.
    let eve: Vec<_> = got.iter().copied().filter(|d| d.month() == 12 && d.day() == 24).collect();
    assert_eq!(eve, vec![ymd(2026, 12, 24), ymd(2027, 12, 24)]);
}

#[test]
fn windows_bound_every_expansion() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:19000105\nRRULE:FREQ=WEEKLY\nSUMMARY:Fridays\nEND:VEVENT\nEND:VCALENDAR\n";
    let got = dates(text, 2026..=2026);
    // DTSTART itself, then the 52 Fridays of 2026.
    assert_eq!(got.len(), 53);
    assert_eq!(got[1], ymd(2026, 1, 2));
    assert_eq!(got.last(), Some(&ymd(2026, 12, 25)));
    let daily = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:00010101\nRRULE:FREQ=DAILY\nSUMMARY:Every day\nEND:VEVENT\nEND:VCALENDAR\n";
    let e = holidays_from_ics(daily).unwrap_err().0;
    assert!(e.starts_with("event \"Every day\": RRULE repeats more than 100000 times before 2101"), "{e}");
    let impossible = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\nSUMMARY:Never\nEND:VEVENT\nEND:VCALENDAR\n";
    assert_eq!(holidays_from_ics(impossible).unwrap(), vec![ymd(2026, 1, 1)]);
}

#[test]
fn rule_errors_name_the_event() {
    let err = |rule: &str| {
        let text = format!(
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nRRULE:{rule}\nSUMMARY:Xmas\nEND:VEVENT\nEND:VCALENDAR\n"
        );
        holidays_from_ics(&text).unwrap_err().0
    };
    assert!(err("FREQ=YEARLY;BYMONTH=13")
        .starts_with("event \"Xmas\": RRULE \"FREQ=YEARLY;BYMONTH=13\" is not supported ("));
    assert!(err("FREQ=SECONDLY").contains("expected FREQ=YEARLY, MONTHLY, WEEKLY or DAILY"));
    assert!(err("BYMONTH=12").contains("RRULE \"BYMONTH=12\" is not supported"));
    assert!(err("FREQ=YEARLY;INTERVAL=0").contains("INTERVAL must be 1 to 65535"));
    assert!(err("FREQ=YEARLY;UNTIL=2030").contains("RRULE UNTIL \"2030\" is not a date like 20301231"));
    assert!(err("FREQ=YEARLY;BYDAY=ÉTH").contains("is not supported"));
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nRRULE:FREQ=YEARLY\nEXDATE:2027-12-25\nSUMMARY:Xmas\nEND:VEVENT\nEND:VCALENDAR\n";
    assert_eq!(
        holidays_from_ics(text).unwrap_err().0,
        "event \"Xmas\": EXDATE \"2027-12-25\" is not a date like 20261225 or a date-time like 20261225T090000"
    );
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART;VALUE=DATE:20261225\nRECURRENCE-ID:soon\nSUMMARY:Moved\nEND:VEVENT\nEND:VCALENDAR\n";
    assert!(holidays_from_ics(text).unwrap_err().0.contains("event \"Moved\": RECURRENCE-ID \"soon\""));
}
