//! DURATION and duration ranges (`2bd`, `1-2bd`, `30d`), SPEC section 3.

use std::fmt;
use std::str::FromStr;

use super::ParseError;

/// The unit of a [`Duration`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// `m`: elapsed minutes.
    Minutes,
    /// `h`: elapsed hours.
    Hours,
    /// `d`: calendar days that keep the local clock time.
    Days,
    /// `w`: calendar weeks that keep the local clock time.
    Weeks,
    /// `bh`: business hours.
    BusinessHours,
    /// `bd`: business days (`closing - opening` business hours each).
    BusinessDays,
}

impl Unit {
    /// The suffix written after the number.
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Minutes => "m",
            Unit::Hours => "h",
            Unit::Days => "d",
            Unit::Weeks => "w",
            Unit::BusinessHours => "bh",
            Unit::BusinessDays => "bd",
        }
    }

    /// Whether this unit counts business time.
    pub fn is_business(self) -> bool {
        matches!(self, Unit::BusinessHours | Unit::BusinessDays)
    }

    fn from_suffix(s: &str) -> Option<Unit> {
        Some(match s {
            "m" => Unit::Minutes,
            "h" => Unit::Hours,
            "d" => Unit::Days,
            "w" => Unit::Weeks,
            "bh" => Unit::BusinessHours,
            "bd" => Unit::BusinessDays,
            _ => return None,
        })
    }
}

/// A whole number of some unit: `30d`, `4bh`, `2bd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    pub n: u32,
    pub unit: Unit,
}

const DURATION_HINT: &str = "expected a whole number and a unit (m, h, d, w, bh, bd), e.g. 2bd";
const MAX_N: u32 = 100_000;

impl Duration {
    pub const fn new(n: u32, unit: Unit) -> Self {
        Self { n, unit }
    }

    /// Whole calendar days of a `d` or `w` duration, `None` for other units.
    pub fn calendar_days(self) -> Option<i64> {
        match self.unit {
            Unit::Days => Some(i64::from(self.n)),
            Unit::Weeks => Some(i64::from(self.n) * 7),
            _ => None,
        }
    }

    /// Parses a duration that must be in days (`grace`, `suspend_after`,
    /// `notice_period`): `30d` (or whole weeks, `2w`). A bare number is
    /// refused: its unit must be said.
    pub fn parse_days(s: &str) -> Result<Duration, ParseError> {
        let t = s.trim();
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseError::new(format!("a number of days needs its unit, e.g. {t}d")));
        }
        match t.parse::<Duration>() {
            Ok(d) if d.unit == Unit::Days => Ok(d),
            // Capped so that the result's `Display` parses back.
            Ok(d) if d.unit == Unit::Weeks && d.n <= MAX_N / 7 => Ok(Duration::new(d.n * 7, Unit::Days)),
            _ => Err(ParseError::new("expected a number of days, e.g. 30d")),
        }
    }
}

fn parse_count(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u32>().ok().filter(|n| *n <= MAX_N)
}

fn split_number(s: &str) -> Option<(&str, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit())?;
    Some((&s[..end], &s[end..]))
}

impl FromStr for Duration {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let (num, unit) = split_number(t).ok_or_else(|| ParseError::new(DURATION_HINT))?;
        let n = parse_count(num).ok_or_else(|| ParseError::new(DURATION_HINT))?;
        let unit = Unit::from_suffix(unit).ok_or_else(|| ParseError::new(DURATION_HINT))?;
        Ok(Duration { n, unit })
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.n, self.unit.suffix())
    }
}

/// A duration or a range of one unit: `1-2bd` (target 1bd, limit 2bd) or `2bd`
/// (target and limit both 2bd).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub low: Duration,
    pub high: Duration,
}

const SPAN_HINT: &str = "expected a duration or a range in one unit (m, h, d, w, bh, bd), e.g. 1-2bd or 4bh";

impl Span {
    /// The low end: when the promise is met comfortably.
    pub fn target(self) -> Duration {
        self.low
    }

    /// The high end: past it the promise is broken.
    pub fn limit(self) -> Duration {
        self.high
    }

    pub fn is_range(self) -> bool {
        self.low != self.high
    }
}

impl From<Duration> for Span {
    fn from(d: Duration) -> Self {
        Span { low: d, high: d }
    }
}

impl FromStr for Span {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let Some((lo, rest)) = t.split_once('-') else {
            return t.parse::<Duration>().map(Span::from).map_err(|_| ParseError::new(SPAN_HINT));
        };
        let high: Duration = rest.parse().map_err(|_| ParseError::new(SPAN_HINT))?;
        let lo = lo.trim();
        let low = match lo.parse::<Duration>() {
            Ok(d) => d,
            Err(_) => Duration::new(parse_count(lo).ok_or_else(|| ParseError::new(SPAN_HINT))?, high.unit),
        };
        if low.unit != high.unit {
            return Err(ParseError::new("expected both ends of the range in the same unit, e.g. 1-2bd"));
        }
        if low.n > high.n {
            return Err(ParseError::new("expected the low end first, e.g. 1-2bd"));
        }
        Ok(Span { low, high })
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_range() {
            write!(f, "{}-{}", self.low.n, self.high)
        } else {
            write!(f, "{}", self.high)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const UNITS: [Unit; 6] =
        [Unit::Minutes, Unit::Hours, Unit::Days, Unit::Weeks, Unit::BusinessHours, Unit::BusinessDays];

    fn d(n: u32, unit: Unit) -> Duration {
        Duration::new(n, unit)
    }

    #[test]
    fn duration_good() {
        assert_eq!("30d".parse(), Ok(d(30, Unit::Days)));
        assert_eq!("4bh".parse(), Ok(d(4, Unit::BusinessHours)));
        assert_eq!("2bd".parse(), Ok(d(2, Unit::BusinessDays)));
        assert_eq!("15m".parse(), Ok(d(15, Unit::Minutes)));
        assert_eq!("4h".parse(), Ok(d(4, Unit::Hours)));
        assert_eq!("2w".parse(), Ok(d(2, Unit::Weeks)));
        assert_eq!("0d".parse(), Ok(d(0, Unit::Days)));
        assert_eq!(" 2bd ".parse(), Ok(d(2, Unit::BusinessDays)));
        assert_eq!("100000m".parse(), Ok(d(100_000, Unit::Minutes)));
    }

    #[test]
    fn duration_bad() {
        for bad in [
            "", "bd", "2", "-1d", "+1d", "1.5bd", "2 bd", "2BD", "2x", "2dd", "100001m", "9999999d", "1-2bd",
            "d2", "２d",
        ] {
            assert_eq!(bad.parse::<Duration>(), Err(ParseError::new(DURATION_HINT)), "{bad:?}");
        }
    }

    #[test]
    fn duration_display_and_helpers() {
        assert_eq!(d(30, Unit::Days).to_string(), "30d");
        assert_eq!(d(2, Unit::BusinessDays).to_string(), "2bd");
        assert_eq!(d(4, Unit::BusinessHours).to_string(), "4bh");
        assert_eq!(d(3, Unit::Days).calendar_days(), Some(3));
        assert_eq!(d(2, Unit::Weeks).calendar_days(), Some(14));
        assert_eq!(d(2, Unit::Hours).calendar_days(), None);
        assert!(Unit::BusinessHours.is_business());
        assert!(!Unit::Days.is_business());
    }

    #[test]
    fn parse_days() {
        assert_eq!(Duration::parse_days("30d"), Ok(d(30, Unit::Days)));
        assert_eq!(Duration::parse_days("30").unwrap_err().0, "a number of days needs its unit, e.g. 30d");
        assert_eq!(Duration::parse_days("2w"), Ok(d(14, Unit::Days)));
        assert_eq!(Duration::parse_days("0d"), Ok(d(0, Unit::Days)));
        assert_eq!(Duration::parse_days("14285w"), Ok(d(99_995, Unit::Days)));
        for bad in ["", "2bd", "4h", "-1d", "1.5d", "d", "100001d", "14286w"] {
            assert_eq!(
                Duration::parse_days(bad),
                Err(ParseError::new("expected a number of days, e.g. 30d")),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn span_good() {
        let bd = |n| d(n, Unit::BusinessDays);
        assert_eq!("1-2bd".parse(), Ok(Span { low: bd(1), high: bd(2) }));
        assert_eq!("1bd-2bd".parse(), Ok(Span { low: bd(1), high: bd(2) }));
        assert_eq!("2bd".parse(), Ok(Span::from(bd(2))));
        assert_eq!("2-2bd".parse(), Ok(Span::from(bd(2))));
        assert_eq!("0-4h".parse(), Ok(Span { low: d(0, Unit::Hours), high: d(4, Unit::Hours) }));
        let s: Span = "1-2bd".parse().expect("valid");
        assert_eq!(s.target(), bd(1));
        assert_eq!(s.limit(), bd(2));
        assert!(s.is_range());
        assert!(!Span::from(bd(2)).is_range());
    }

    #[test]
    fn span_bad() {
        for bad in ["1-2", "bd", "-1d", "1.5bd", "2 bd", "", "1-", "-", "1--2bd", "1-2-3bd", "a-2bd"] {
            assert_eq!(bad.parse::<Span>(), Err(ParseError::new(SPAN_HINT)), "{bad:?}");
        }
        assert_eq!("2-1bd".parse::<Span>(), Err(ParseError::new("expected the low end first, e.g. 1-2bd")));
        assert_eq!(
            "1h-2bd".parse::<Span>(),
            Err(ParseError::new("expected both ends of the range in the same unit, e.g. 1-2bd"))
        );
    }

    #[test]
    fn span_display() {
        let bd = |n| d(n, Unit::BusinessDays);
        assert_eq!(Span { low: bd(1), high: bd(2) }.to_string(), "1-2bd");
        assert_eq!(Span::from(bd(2)).to_string(), "2bd");
        assert_eq!(Span::from(d(30, Unit::Days)).to_string(), "30d");
    }

    fn arb_unit() -> impl Strategy<Value = Unit> {
        proptest::sample::select(UNITS.to_vec())
    }

    fn arb_duration() -> impl Strategy<Value = Duration> {
        (0..=MAX_N, arb_unit()).prop_map(|(n, unit)| Duration::new(n, unit))
    }

    fn arb_span() -> impl Strategy<Value = Span> {
        (0..=MAX_N, 0..=MAX_N, arb_unit()).prop_map(|(a, b, unit)| Span {
            low: Duration::new(a.min(b), unit),
            high: Duration::new(a.max(b), unit),
        })
    }

    proptest! {
        #[test]
        fn duration_round_trips(x in arb_duration()) {
            prop_assert_eq!(x.to_string().parse::<Duration>(), Ok(x));
        }

        #[test]
        fn span_round_trips(x in arb_span()) {
            prop_assert_eq!(x.to_string().parse::<Span>(), Ok(x));
        }

        #[test]
        fn parsed_days_round_trip(s in "[0-9]{1,6}(d|w)?") {
            if let Ok(x) = Duration::parse_days(&s) {
                prop_assert_eq!(x.unit, Unit::Days);
                prop_assert_eq!(x.to_string().parse::<Duration>(), Ok(x));
            }
        }

        #[test]
        fn never_panics(s in any::<String>(), t in "[0-9]{0,7}-?[0-9]{0,7}(m|h|d|w|bh|bd|b|x)?") {
            for input in [&s, &t] {
                let _ = input.parse::<Duration>();
                let _ = input.parse::<Span>();
                let _ = Duration::parse_days(input);
            }
        }
    }
}
