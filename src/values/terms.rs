//! Payment TERMS (SPEC section 3): `receipt`, `netN`, `eom` and `eom+N`, the
//! due date they give for an issue date, and whether one set of terms is
//! shorter than another (an earlier due date for some issue date, SPEC
//! section 5).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};

use super::ParseError;

const TERMS_HINT: &str = "expected receipt, netN, eom or eom+N, e.g. net30";

/// The largest N accepted in `netN` and `eom+N` (about ten years).
const MAX_DAYS: u32 = 3650;

/// When an invoice falls due, counted from its issue date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Terms {
    /// `receipt`: due the day it is issued.
    Receipt,
    /// `netN`: due N days after issue.
    Net(u32),
    /// `eom` (0) or `eom+N`: due N days after the last day of the issue
    /// month.
    Eom(u32),
}

impl Terms {
    /// The due date of an invoice issued on `issued`.
    ///
    /// `receipt` is the issue date, `netN` N days later, `eom` the last day
    /// of the issue month and `eom+N` N days after that. A date past the end
    /// of chrono's calendar saturates at [`NaiveDate::MAX`].
    pub fn due_date(self, issued: NaiveDate) -> NaiveDate {
        let after =
            |d: NaiveDate, n: u32| d.checked_add_days(Days::new(u64::from(n))).unwrap_or(NaiveDate::MAX);
        match self {
            Terms::Receipt => issued,
            Terms::Net(n) => after(issued, n),
            Terms::Eom(n) => after(end_of_month(issued), n),
        }
    }

    /// Whether these terms are shorter than `other`: for some issue date they
    /// give an earlier due date.
    ///
    /// Counting days from the issue date, `netN` is always N, and `eom+N` is
    /// N plus the days left in the month, from 0 (issued on the last day) to
    /// 30 (issued on the 1st of a 31-day month). Hence `netA` is shorter than
    /// `netB` iff A < B, than `eom+B` iff A < B + 30; `eom+A` is shorter than
    /// `netB` or `eom+B` iff A < B. `receipt` counts as `net0`.
    pub fn is_shorter_than(self, other: Terms) -> bool {
        match (self.offset(), other.offset()) {
            ((false, a), (true, b)) => u64::from(a) < u64::from(b) + 30,
            ((_, a), (_, b)) => a < b,
        }
    }

    /// `(is end of month, N)`, with `receipt` as `net0`.
    fn offset(self) -> (bool, u32) {
        match self {
            Terms::Receipt => (false, 0),
            Terms::Net(n) => (false, n),
            Terms::Eom(n) => (true, n),
        }
    }
}

/// The last day of `d`'s month.
fn end_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1)
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .and_then(|next| next.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// A day count of at most [`MAX_DAYS`], digits only.
fn parse_days(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u32>().ok().filter(|n| *n <= MAX_DAYS)
}

impl FromStr for Terms {
    type Err = ParseError;

    /// Case-insensitive: `receipt` (also `due-on-receipt`, `due on
    /// receipt`), `net30`, `net 30`, `eom`, `eom+10` (spaces allowed around
    /// the `+`); N at most 3650.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let t = words.join(" ");
        let parsed = match t.as_str() {
            "receipt" | "due-on-receipt" | "due on receipt" => Some(Terms::Receipt),
            "eom" => Some(Terms::Eom(0)),
            _ => {
                if let Some(n) = t.strip_prefix("net") {
                    parse_days(n.trim_start()).map(Terms::Net)
                } else if let Some(n) = t.strip_prefix("eom") {
                    n.trim_start().strip_prefix('+').and_then(|n| parse_days(n.trim_start())).map(Terms::Eom)
                } else {
                    None
                }
            }
        };
        parsed.ok_or_else(|| ParseError::new(TERMS_HINT))
    }
}

impl fmt::Display for Terms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Terms::Receipt => f.write_str("receipt"),
            Terms::Net(n) => write!(f, "net{n}"),
            Terms::Eom(0) => f.write_str("eom"),
            Terms::Eom(n) => write!(f, "eom+{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn parse_good() {
        let t = |s: &str| s.parse::<Terms>();
        assert_eq!(t("receipt"), Ok(Terms::Receipt));
        assert_eq!(t("Receipt"), Ok(Terms::Receipt));
        assert_eq!(t("due-on-receipt"), Ok(Terms::Receipt));
        assert_eq!(t("Due on  receipt"), Ok(Terms::Receipt));
        assert_eq!(t("net30"), Ok(Terms::Net(30)));
        assert_eq!(t("net 30"), Ok(Terms::Net(30)));
        assert_eq!(t("NET30"), Ok(Terms::Net(30)));
        assert_eq!(t(" Net 15 "), Ok(Terms::Net(15)));
        assert_eq!(t("net0"), Ok(Terms::Net(0)));
        assert_eq!(t("net3650"), Ok(Terms::Net(3650)));
        assert_eq!(t("eom"), Ok(Terms::Eom(0)));
        assert_eq!(t("EOM"), Ok(Terms::Eom(0)));
        assert_eq!(t("eom+10"), Ok(Terms::Eom(10)));
        assert_eq!(t("eom + 10"), Ok(Terms::Eom(10)));
        assert_eq!(t("eom+0"), Ok(Terms::Eom(0)));
    }

    #[test]
    fn parse_bad() {
        for bad in [
            "", "net", "net-30", "net30d", "net 3651", "net99999", "net+30", "eom+", "eom10", "eom-5",
            "eom+1.5", "net 3 0", "n30", "30", "receipts", "due", "net１", "eom+10d",
        ] {
            assert_eq!(
                bad.parse::<Terms>(),
                Err(ParseError::new("expected receipt, netN, eom or eom+N, e.g. net30")),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn display() {
        assert_eq!(Terms::Receipt.to_string(), "receipt");
        assert_eq!(Terms::Net(30).to_string(), "net30");
        assert_eq!(Terms::Eom(0).to_string(), "eom");
        assert_eq!(Terms::Eom(10).to_string(), "eom+10");
    }

    #[test]
    fn due_dates() {
        let issued = date(2026, 10, 1);
        assert_eq!(Terms::Receipt.due_date(issued), issued);
        assert_eq!(Terms::Net(30).due_date(issued), date(2026, 10, 31));
        assert_eq!(Terms::Net(0).due_date(issued), issued);
        assert_eq!(Terms::Eom(0).due_date(issued), date(2026, 10, 31));
        assert_eq!(Terms::Eom(10).due_date(issued), date(2026, 11, 10));
        assert_eq!(Terms::Eom(0).due_date(date(2024, 2, 10)), date(2024, 2, 29));
        assert_eq!(Terms::Eom(0).due_date(date(2025, 2, 28)), date(2025, 2, 28));
        assert_eq!(Terms::Eom(0).due_date(date(2026, 12, 5)), date(2026, 12, 31));
        assert_eq!(Terms::Eom(1).due_date(date(2026, 12, 5)), date(2027, 1, 1));
        assert_eq!(Terms::Net(15).due_date(date(2026, 12, 20)), date(2027, 1, 4));
        assert_eq!(Terms::Eom(0).due_date(NaiveDate::MAX), NaiveDate::MAX);
        assert_eq!(Terms::Net(3650).due_date(NaiveDate::MAX), NaiveDate::MAX);
        assert_eq!(Terms::Eom(0).due_date(date(-5, 12, 3)), date(-5, 12, 31));
    }

    #[test]
    fn shorter() {
        use Terms::{Eom, Net, Receipt};
        assert!(Net(15).is_shorter_than(Net(30)));
        assert!(!Net(30).is_shorter_than(Net(30)));
        assert!(!Net(30).is_shorter_than(Net(15)));
        assert!(Receipt.is_shorter_than(Net(1)));
        assert!(!Receipt.is_shorter_than(Receipt));
        assert!(!Net(0).is_shorter_than(Receipt));
        assert!(Receipt.is_shorter_than(Eom(0)));
        assert!(!Eom(0).is_shorter_than(Receipt));
        assert!(Net(30).is_shorter_than(Eom(1)));
        assert!(Net(29).is_shorter_than(Eom(0)));
        assert!(!Net(30).is_shorter_than(Eom(0)));
        assert!(Eom(0).is_shorter_than(Net(1)));
        assert!(!Eom(1).is_shorter_than(Net(1)));
        assert!(Eom(0).is_shorter_than(Eom(10)));
        assert!(!Eom(10).is_shorter_than(Eom(10)));
    }

    /// Brute force over every issue date of one leap-year cycle and more.
    fn shorter_by_search(a: Terms, b: Terms) -> bool {
        let mut d = date(2024, 1, 1);
        while d <= date(2027, 12, 31) {
            if a.due_date(d) < b.due_date(d) {
                return true;
            }
            d = d.succ_opt().expect("in range");
        }
        false
    }

    #[test]
    fn shorter_matches_search_for_small_terms() {
        let mut all = vec![Terms::Receipt];
        for n in [0, 1, 2, 15, 28, 29, 30, 31, 32, 45, 59, 60, 61] {
            all.push(Terms::Net(n));
            all.push(Terms::Eom(n));
        }
        for &a in &all {
            for &b in &all {
                assert_eq!(a.is_shorter_than(b), shorter_by_search(a, b), "{a} < {b}");
            }
        }
    }

    fn arb_terms() -> impl Strategy<Value = Terms> {
        prop_oneof![
            Just(Terms::Receipt),
            (0..=MAX_DAYS).prop_map(Terms::Net),
            (0..=MAX_DAYS).prop_map(Terms::Eom),
        ]
    }

    proptest! {
        #[test]
        fn round_trips(t in arb_terms()) {
            prop_assert_eq!(t.to_string().parse::<Terms>(), Ok(t));
        }

        #[test]
        fn shorter_agrees_with_due_dates(a in arb_terms(), b in arb_terms()) {
            prop_assert_eq!(a.is_shorter_than(b), shorter_by_search(a, b));
        }

        #[test]
        fn never_panics(s in any::<String>(), t in "(net|eom|NET|eom\\+| )[0-9 +]{0,8}") {
            let _ = s.parse::<Terms>();
            let _ = t.parse::<Terms>();
        }

        #[test]
        fn due_date_is_never_before_issue(t in arb_terms(), days in 0..200_000_i64) {
            let issued = date(1900, 1, 1) + chrono::Duration::days(days);
            prop_assert!(t.due_date(issued) >= issued);
        }
    }
}
