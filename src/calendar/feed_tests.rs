//! Unit tests of the feed.

use super::*;

fn item(kind: Kind, reference: &str, what: What, when: When) -> Deadline {
    Deadline { kind, reference: reference.into(), client: "acme".into(), what, when, stamp: 1_795_780_800 }
}

fn sample() -> Vec<Deadline> {
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let long = "Späte Lieferung; bitte prüfen, ob alles da ist — ".repeat(4);
    vec![
        item(
            Kind::Invoice,
            "INV-0001",
            What::Owed { amount: Money(150_000), currency: "USD".into() },
            When::Day(day),
        ),
        item(Kind::Reply, "12", What::Text(long), When::At(1_796_400_000)),
        item(Kind::Notice, "acme-2027-01-01", What::Text("late_fee 10%".into()), When::Day(day)),
    ]
}

#[test]
fn the_feed_is_rfc_5545_with_stable_uids_crlf_and_folded_lines() {
    let items = sample();
    let text = ics(&items, "b00k", Numbers::default());
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.ends_with("END:VCALENDAR\r\n"), "{text}");
    assert!(!text.replace("\r\n", "").contains('\n'), "bare LF in {text}");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line:?}", line.len());
    }
    assert!(text.contains("UID:invoice-INV-0001@b00k\r\n"), "{text}");
    assert!(text.contains("UID:reply-12@b00k\r\n"), "{text}");
    assert!(text.contains("UID:notice-acme-2027-01-01@b00k\r\n"), "{text}");
    assert_eq!(text.matches("DTSTAMP:20261127T120000Z\r\n").count(), 3, "{text}");
    assert!(text.contains("DTSTART;VALUE=DATE:20261201\r\n"), "{text}");
    assert!(text.contains("DTEND;VALUE=DATE:20261202\r\n"), "{text}");
    assert!(
        text.contains("DTSTART:20261204T160000Z\r\nDURATION:PT15M\r\n")
            || text.contains("DURATION:PT15M\r\n")
    );
    assert_eq!(text.matches("DURATION:PT15M\r\n").count(), 1, "only the timed event: {text}");
    assert!(text.contains("SUMMARY:INV-0001 due from acme (USD 1\\,500.00)\r\n"), "{text}");
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains(
            "DESCRIPTION:Invoice INV-0001 from acme is due: USD 1\\,500.00 of its principal owed.\r\n"
        ),
        "{unfolded}"
    );
    assert!(unfolded.contains("SUMMARY:Send acme notice of the rule change 2027-01-01\r\n"), "{unfolded}");
    // Unfolding gives back the escaped summary.
    let escaped = items[1].what.plain().replace(',', "\\,").replace(';', "\\;");
    assert!(unfolded.contains(&format!("SUMMARY:Reply to acme: {escaped}\r\n")), "{unfolded}");
    // Same input, same output: nothing random, nothing from the clock.
    assert_eq!(text, ics(&items, "b00k", Numbers::default()));
    assert_ne!(text, ics(&items, "other", Numbers::default()));
}

#[test]
fn an_empty_feed_is_still_a_calendar() {
    let text = ics(&[], "b00k", Numbers::default());
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{text}");
    assert!(!text.contains("VEVENT"));
}

#[test]
fn subjects_name_the_record() {
    let items = sample();
    assert_eq!(items[0].subject(), "invoice INV-0001");
    assert_eq!(items[1].subject(), "message 12");
    assert_eq!(items[2].subject(), "rule change 2027-01-01");
}
