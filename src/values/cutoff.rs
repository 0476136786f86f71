//! CUTOFF (SPEC section 3): `fri 16:00` (that weekday) or `16:00` (every
//! working day), and the clock helpers it is built from: weekday names,
//! `HH:MM` times of day and `09:00-17:00` opening hours.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{NaiveTime, Timelike, Weekday};

use super::ParseError;

const CUTOFF_HINT: &str = "expected a weekday and a time, or a time, e.g. \"fri 16:00\" or 16:00";
const CLOCK_HINT: &str = "expected a time of day, e.g. 16:00";
const HOURS_HINT: &str = "expected opening and closing times, e.g. 09:00-17:00";

/// A weekday from its English name or abbreviation, case-insensitive:
/// `mon`/`monday`, `tue`/`tues`/`tuesday`, `wed`/`wednesday`,
/// `thu`/`thur`/`thurs`/`thursday`, `fri`/`friday`, `sat`/`saturday`,
/// `sun`/`sunday`. Surrounding whitespace is ignored.
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s.trim().to_ascii_lowercase().as_str() {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// The canonical three-letter lower-case abbreviation: `mon` ... `sun`.
pub fn weekday_abbrev(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// A time of day `H:MM` or `HH:MM` (`9:30`, `09:30`, `16:00`), 00:00 to
/// 23:59; no seconds, `24:00` is refused. Surrounding whitespace is ignored.
pub fn parse_clock(s: &str) -> Result<NaiveTime, ParseError> {
    let hint = || ParseError::new(CLOCK_HINT);
    let (h, m) = s.trim().split_once(':').ok_or_else(hint)?;
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if !(1..=2).contains(&h.len()) || m.len() != 2 || !digits(h) || !digits(m) {
        return Err(hint());
    }
    let hour: u32 = h.parse().map_err(|_| hint())?;
    let minute: u32 = m.parse().map_err(|_| hint())?;
    if hour > 23 || minute > 59 {
        return Err(hint());
    }
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or_else(hint)
}

/// Opening hours `09:00-17:00` (spaces allowed around the `-`): the opening
/// and the closing time, the opening strictly before the closing.
pub fn parse_hours_range(s: &str) -> Result<(NaiveTime, NaiveTime), ParseError> {
    let hint = || ParseError::new(HOURS_HINT);
    let (open, close) = s.split_once('-').ok_or_else(hint)?;
    let open = parse_clock(open).map_err(|_| hint())?;
    let close = parse_clock(close).map_err(|_| hint())?;
    if open < close {
        Ok((open, close))
    } else {
        Err(hint())
    }
}

/// Writes a time as zero-padded `HH:MM` (seconds are dropped).
fn write_clock(f: &mut fmt::Formatter<'_>, t: NaiveTime) -> fmt::Result {
    write!(f, "{:02}:{:02}", t.hour(), t.minute())
}

/// The turnaround cut-off: requests after it start the next business day.
///
/// `fri 16:00` is weekly (after 16:00 on Fridays), `16:00` daily (after 16:00
/// on every working day). "No cut-off" is not a `Cutoff`: the caller keeps an
/// `Option<Cutoff>` and handles `""`/`none` itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cutoff {
    /// The weekday of a weekly cut-off, `None` for every working day.
    pub weekday: Option<Weekday>,
    /// The time of day (whole minutes when parsed).
    pub time: NaiveTime,
}

impl Cutoff {
    /// Whether changing from `other` to `self` moves the cut-off earlier,
    /// which is a stricter rule.
    ///
    /// Two daily cut-offs compare by time; two weekly ones by their place in
    /// a Monday-first week, then time; a change between a daily and a weekly
    /// cut-off always counts as earlier (a change of kind is stricter).
    pub fn is_earlier_than(self, other: Cutoff) -> bool {
        match (self.weekday, other.weekday) {
            (None, None) => self.time < other.time,
            (Some(a), Some(b)) => match a.num_days_from_monday().cmp(&b.num_days_from_monday()) {
                Ordering::Less => true,
                Ordering::Equal => self.time < other.time,
                Ordering::Greater => false,
            },
            _ => true,
        }
    }
}

impl FromStr for Cutoff {
    type Err = ParseError;

    /// `fri 16:00`, `Friday 16:00`, `FRI 9:30` or `16:00`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let hint = || ParseError::new(CUTOFF_HINT);
        let words: Vec<&str> = s.split_whitespace().collect();
        let (weekday, time) = match words.as_slice() {
            [time] => (None, *time),
            [day, time] => (Some(parse_weekday(day).ok_or_else(hint)?), *time),
            _ => return Err(hint()),
        };
        let time = parse_clock(time).map_err(|_| hint())?;
        Ok(Cutoff { weekday, time })
    }
}

impl fmt::Display for Cutoff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(day) = self.weekday {
            write!(f, "{} ", weekday_abbrev(day))?;
        }
        write_clock(f, self.time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("valid test time")
    }

    fn weekly(day: Weekday, h: u32, m: u32) -> Cutoff {
        Cutoff { weekday: Some(day), time: hm(h, m) }
    }

    fn daily(h: u32, m: u32) -> Cutoff {
        Cutoff { weekday: None, time: hm(h, m) }
    }

    #[test]
    fn weekdays() {
        assert_eq!(parse_weekday("mon"), Some(Weekday::Mon));
        assert_eq!(parse_weekday("Monday"), Some(Weekday::Mon));
        assert_eq!(parse_weekday("TUES"), Some(Weekday::Tue));
        assert_eq!(parse_weekday("thur"), Some(Weekday::Thu));
        assert_eq!(parse_weekday(" sun "), Some(Weekday::Sun));
        assert_eq!(parse_weekday("fr"), None);
        assert_eq!(parse_weekday("fridays"), None);
        assert_eq!(parse_weekday(""), None);
        assert_eq!(parse_weekday("1"), None);
        for day in
            [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun]
        {
            assert_eq!(parse_weekday(weekday_abbrev(day)), Some(day));
        }
        assert_eq!(weekday_abbrev(Weekday::Wed), "wed");
    }

    #[test]
    fn clocks() {
        assert_eq!(parse_clock("9:30"), Ok(hm(9, 30)));
        assert_eq!(parse_clock("09:30"), Ok(hm(9, 30)));
        assert_eq!(parse_clock("16:00"), Ok(hm(16, 0)));
        assert_eq!(parse_clock("00:00"), Ok(hm(0, 0)));
        assert_eq!(parse_clock("23:59"), Ok(hm(23, 59)));
        assert_eq!(parse_clock(" 7:05 "), Ok(hm(7, 5)));
        for bad in [
            "", "24:00", "16", "16:0", "16:000", "016:00", "16:60", "16.00", "16:00:00", "-1:00", "+1:00",
            "1 6:00", "4pm", ":30", "１6:00",
        ] {
            assert_eq!(parse_clock(bad), Err(ParseError::new(CLOCK_HINT)), "{bad:?}");
        }
    }

    #[test]
    fn hours_ranges() {
        assert_eq!(parse_hours_range("09:00-17:00"), Ok((hm(9, 0), hm(17, 0))));
        assert_eq!(parse_hours_range("9:30 - 17:45"), Ok((hm(9, 30), hm(17, 45))));
        assert_eq!(parse_hours_range("00:00-23:59"), Ok((hm(0, 0), hm(23, 59))));
        for bad in [
            "",
            "09:00",
            "17:00-09:00",
            "09:00-09:00",
            "09:00-24:00",
            "9-17",
            "09:00–17:00",
            "09:00-17:00-18:00",
            "09:00 17:00",
        ] {
            assert_eq!(parse_hours_range(bad), Err(ParseError::new(HOURS_HINT)), "{bad:?}");
        }
    }

    #[test]
    fn cutoff_parse_and_display() {
        let c = |s: &str| s.parse::<Cutoff>();
        assert_eq!(c("fri 16:00"), Ok(weekly(Weekday::Fri, 16, 0)));
        assert_eq!(c("Friday 16:00"), Ok(weekly(Weekday::Fri, 16, 0)));
        assert_eq!(c("FRI 16:00"), Ok(weekly(Weekday::Fri, 16, 0)));
        assert_eq!(c("  mon   9:30 "), Ok(weekly(Weekday::Mon, 9, 30)));
        assert_eq!(c("16:00"), Ok(daily(16, 0)));
        assert_eq!(c("9:30"), Ok(daily(9, 30)));
        for bad in [
            "",
            "none",
            "fri",
            "fri16:00",
            "16:00 fri",
            "fri 24:00",
            "fri 16",
            "fr 16:00",
            "fri sat 16:00",
            "friday at 16:00",
        ] {
            assert_eq!(c(bad), Err(ParseError::new(CUTOFF_HINT)), "{bad:?}");
        }
        assert_eq!(weekly(Weekday::Fri, 16, 0).to_string(), "fri 16:00");
        assert_eq!(daily(9, 5).to_string(), "09:05");
        assert_eq!(weekly(Weekday::Sun, 0, 0).to_string(), "sun 00:00");
    }

    #[test]
    fn earlier() {
        assert!(daily(15, 0).is_earlier_than(daily(16, 0)));
        assert!(!daily(16, 0).is_earlier_than(daily(16, 0)));
        assert!(!daily(17, 0).is_earlier_than(daily(16, 0)));
        assert!(weekly(Weekday::Thu, 18, 0).is_earlier_than(weekly(Weekday::Fri, 16, 0)));
        assert!(weekly(Weekday::Fri, 15, 0).is_earlier_than(weekly(Weekday::Fri, 16, 0)));
        assert!(!weekly(Weekday::Fri, 16, 0).is_earlier_than(weekly(Weekday::Fri, 16, 0)));
        assert!(!weekly(Weekday::Sat, 9, 0).is_earlier_than(weekly(Weekday::Fri, 16, 0)));
        assert!(weekly(Weekday::Mon, 9, 0).is_earlier_than(weekly(Weekday::Sun, 9, 0)));
        assert!(daily(16, 0).is_earlier_than(weekly(Weekday::Fri, 16, 0)));
        assert!(weekly(Weekday::Fri, 16, 0).is_earlier_than(daily(16, 0)));
    }

    fn arb_cutoff() -> impl Strategy<Value = Cutoff> {
        (proptest::option::of(0..7_u8), 0..24_u32, 0..60_u32).prop_map(|(day, h, m)| Cutoff {
            weekday: day.map(|d| Weekday::try_from(d).expect("0..7 is a weekday")),
            time: hm(h, m),
        })
    }

    proptest! {
        #[test]
        fn round_trips(c in arb_cutoff()) {
            prop_assert_eq!(c.to_string().parse::<Cutoff>(), Ok(c));
        }

        #[test]
        fn hours_round_trip(a in 0..24 * 60_u32, b in 0..24 * 60_u32) {
            let (open, close) = (hm(a / 60, a % 60), hm(b / 60, b % 60));
            let text = format!("{}-{}", open.format("%H:%M"), close.format("%H:%M"));
            let parsed = parse_hours_range(&text);
            if a < b {
                prop_assert_eq!(parsed, Ok((open, close)));
            } else {
                prop_assert!(parsed.is_err());
            }
        }

        #[test]
        fn earlier_is_irreflexive(c in arb_cutoff()) {
            prop_assert!(!c.is_earlier_than(c));
        }

        #[test]
        fn never_panics(s in any::<String>(), t in "[a-zA-Z]{0,4} ?[0-9:-]{0,8}") {
            for input in [&s, &t] {
                let _ = input.parse::<Cutoff>();
                let _ = parse_clock(input);
                let _ = parse_hours_range(input);
                let _ = parse_weekday(input);
            }
        }
    }
}
