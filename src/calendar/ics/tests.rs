//! Unit tests of reading holiday calendars (.ics): events, recurrences and their errors.

use super::*;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const SAMPLE: &str = "BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//holidays//EN
BEGIN:VEVENT
UID:xmas@test
DTSTART;VALUE=DATE:20261224
DTEND;VALUE=DATE:20261227
SUMMARY:Christmas break with a summary that is long enough to be folded ov
 er two lines
END:VEVENT
BEGIN:VEVENT
UID:meeting@test
DTSTART:20261130T100000Z
DTEND:20261130T110000Z
SUMMARY:A timed meeting
END:VEVENT
BEGIN:VEVENT
UID:ny@test
DTSTART;VALUE=DATE:20270101
SUMMARY:New Year
END:VEVENT
BEGIN:VEVENT
UID:easter@test
DTSTART:20270326
DURATION:P4D
SUMMARY:Easter
END:VEVENT
BEGIN:VEVENT
UID:tzid@test
DTSTART;TZID=Europe/Berlin:20261201T090000
SUMMARY:Timed with TZID
END:VEVENT
END:VCALENDAR
";

#[test]
fn all_day_events_only() {
    let got = holidays_from_ics(SAMPLE).unwrap();
    assert_eq!(holidays_from_ics(&SAMPLE.replace('\n', "\r\n")).unwrap(), got);
    assert_eq!(holidays_from_ics(&format!("\u{feff}{SAMPLE}\n\n")).unwrap(), got);
    assert_eq!(
        got,
        vec![
            ymd(2026, 12, 24),
            ymd(2026, 12, 25),
            ymd(2026, 12, 26),
            ymd(2027, 1, 1),
            ymd(2027, 3, 26),
            ymd(2027, 3, 27),
            ymd(2027, 3, 28),
            ymd(2027, 3, 29),
        ]
    );
}

#[test]
fn bare_newlines_and_folded_property_names() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTST\n ART;VALUE=DATE:2026\n 1225\nSUMMARY:Xmas\nEND:VEVENT\nEND:VCALENDAR";
    assert_eq!(holidays_from_ics(text).unwrap(), vec![ymd(2026, 12, 25)]);
}

#[test]
fn empty_calendar() {
    let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    assert_eq!(holidays_from_ics(text).unwrap(), Vec::<NaiveDate>::new());
}

#[test]
fn yearly_rule_and_exdate() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250501\nRRULE:FREQ=YEARLY;COUNT=4\nEXDATE;VALUE=DATE:20260501\nSUMMARY:May Day\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20240229\nRRULE:FREQ=YEARLY;UNTIL=20321231\nSUMMARY:Leap\nEND:VEVENT\nEND:VCALENDAR\n";
    assert_eq!(
        holidays_from_ics(text).unwrap(),
        vec![
            ymd(2024, 2, 29),
            ymd(2025, 5, 1),
            ymd(2027, 5, 1),
            ymd(2028, 2, 29),
            ymd(2028, 5, 1),
            ymd(2032, 2, 29),
        ]
    );
    let open = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20251225\nRRULE:FREQ=YEARLY\nSUMMARY:Xmas\nEND:VEVENT\nEND:VCALENDAR\n";
    let got = holidays_from_ics(open).unwrap();
    assert_eq!(got.len(), 76);
    assert_eq!(got.last(), Some(&ymd(2100, 12, 25)));
}

#[test]
fn errors_name_what_is_wrong() {
    let err = |t: &str| holidays_from_ics(t).unwrap_err().0;
    assert!(err("").contains("not an iCalendar file"));
    assert!(err("hello world").contains("not an iCalendar file"));
    assert_eq!(
        err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n"),
        "not a valid iCalendar file: line 3 END:VCALENDAR does not close BEGIN:VEVENT of line 2"
    );
    assert_eq!(
        err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:a\nbroken fold\nEND:VEVENT\nEND:VCALENDAR\n"),
        "not a valid iCalendar file: line 4 \"broken fold\" is not a NAME:VALUE line"
    );
    assert_eq!(
        err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VEVENT\n"),
        "not a valid iCalendar file: BEGIN:VCALENDAR of line 1 has no END"
    );
    let e = err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261332\nSUMMARY:Bad\nEND:VEVENT\nEND:VCALENDAR\n");
    assert!(e.contains("event \"Bad\": DTSTART \"20261332\""), "{e}");
    let e = err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:No start\nEND:VEVENT\nEND:VCALENDAR\n");
    assert_eq!(e, "event \"No start\" has no DTSTART");
    let e = err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nDTEND;VALUE=DATE:20261220\nSUMMARY:Back\nEND:VEVENT\nEND:VCALENDAR\n");
    assert!(e.contains("DTEND 20261220 is before DTSTART 20261225"), "{e}");
    let e = err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nRRULE:FREQ=HOURLY\nSUMMARY:Hourly\nEND:VEVENT\nEND:VCALENDAR\n");
    assert!(e.contains("event \"Hourly\": RRULE \"FREQ=HOURLY\" is not supported"), "{e}");
    let e = err("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nDURATION:1 day\nSUMMARY:Dur\nEND:VEVENT\nEND:VCALENDAR\n");
    assert!(e.contains("DURATION \"1 day\""), "{e}");
}

#[test]
fn durations() {
    assert_eq!(duration_days("P1D"), Some(1));
    assert_eq!(duration_days("P2W"), Some(14));
    assert_eq!(duration_days("P1DT0H"), Some(1));
    assert_eq!(duration_days("PT24H"), Some(1));
    assert_eq!(duration_days("PT25H"), Some(2));
    assert_eq!(duration_days("P"), Some(0));
    assert_eq!(duration_days("P1"), None);
    assert_eq!(duration_days("1D"), None);
    assert_eq!(duration_days("PT"), None);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics(
        lines in proptest::collection::vec(
            "(BEGIN:VEVENT|END:VEVENT|DTSTART(;VALUE=DATE)?:[0-9T]{0,10}|DTEND:[0-9]{0,9}|DURATION:[PTDWHMS0-9+-]{0,6}|RRULE:[A-Z=;0-9]{0,20}|EXDATE:[0-9,]{0,12}|SUMMARY:.{0,5}| [a-z]{0,3}|[A-Z;=:]{0,8})",
            0..12,
        )
    ) {
        let text = format!("BEGIN:VCALENDAR\n{}\nEND:VCALENDAR\n", lines.join("\n"));
        let _ = holidays_from_ics(&text);
    }

    #[test]
    fn well_formed_events_with_any_rule_never_panic(
        events in proptest::collection::vec(
            (
                "DTSTART(;VALUE=DATE:(19[7-9][0-9]|20[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])|;TZID=(Europe/Berlin|W\\. Europe Standard Time|Nowhere):(19[7-9][0-9]|20[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])T[0-2][0-9]0000|:(19[7-9][0-9]|20[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])T[0-9]{6}Z?)",
                "(|DTEND(;VALUE=DATE)?:(19[7-9][0-9]|20[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])(T[0-9]{6}Z?)?|DURATION:P[0-9]{1,2}[DW])",
                "(|RRULE:FREQ=(YEARLY|MONTHLY|WEEKLY|DAILY|HOURLY)(;BYDAY=(-?[0-9]{1,2})?(MO|TH|SU)(,FR)?)?(;BYMONTH=[0-9]{1,2})?(;BYMONTHDAY=-?[0-9]{1,2})?(;BYSETPOS=-?[0-9])?(;COUNT=[0-9]{1,3})?(;UNTIL=(19[7-9][0-9]|20[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])(T[0-9]{6}Z)?)?(;INTERVAL=[0-9]{1,2})?)",
                "(|EXDATE(;VALUE=DATE)?:(19[7-9][0-9]|20[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])(,(19[7-9][0-9]|20[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8]))?|RDATE:(19[7-9][0-9]|20[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])T000000|RECURRENCE-ID(;VALUE=DATE)?:(19[7-9][0-9]|20[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8]))",
                "(|STATUS:CANCELLED|X-MICROSOFT-CDO-ALLDAYEVENT:TRUE)",
                "UID:[ab]",
            ),
            0..5,
        )
    ) {
        let body: Vec<String> = events
            .iter()
            .map(|(start, end, rule, ex, status, uid)| {
                let lines: Vec<&str> = [start, end, rule, ex, status, uid].into_iter().map(String::as_str).filter(|l| !l.is_empty()).collect();
                format!("BEGIN:VEVENT\n{}\nEND:VEVENT", lines.join("\n"))
            })
            .collect();
        let text = format!("BEGIN:VCALENDAR\n{}\nEND:VCALENDAR\n", body.join("\n"));
        let _ = holidays_from_ics(&text);
        let _ = holidays_from_ics_in(&text, 2026..=2027);
    }
}

#[test]
fn cancelled_events_are_ignored() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nSTATUS:CANCELLED\nEND:VEVENT\nEND:VCALENDAR\n";
    assert!(holidays_from_ics(text).unwrap().is_empty());
}
