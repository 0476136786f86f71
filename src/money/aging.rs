//! The aging bucket of an invoice by days late (SPEC 6): `current` (≤ 0),
//! `1-30`, `31-60`, `61-90`, `90+`.

use serde::Serialize;

/// The aging bucket of an invoice by days late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Bucket {
    #[serde(rename = "current")]
    Current,
    #[serde(rename = "1-30")]
    Days1To30,
    #[serde(rename = "31-60")]
    Days31To60,
    #[serde(rename = "61-90")]
    Days61To90,
    #[serde(rename = "90+")]
    Over90,
}

impl Bucket {
    /// `current` (≤ 0 days late), `1-30`, `31-60`, `61-90`, `90+`.
    pub fn of(days_late: i64) -> Bucket {
        match days_late {
            i64::MIN..=0 => Bucket::Current,
            1..=30 => Bucket::Days1To30,
            31..=60 => Bucket::Days31To60,
            61..=90 => Bucket::Days61To90,
            _ => Bucket::Over90,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Current => "current",
            Bucket::Days1To30 => "1-30",
            Bucket::Days31To60 => "31-60",
            Bucket::Days61To90 => "61-90",
            Bucket::Over90 => "90+",
        }
    }
}

impl std::fmt::Display for Bucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets() {
        assert_eq!(Bucket::of(-3), Bucket::Current);
        assert_eq!(Bucket::of(0), Bucket::Current);
        assert_eq!(Bucket::of(1), Bucket::Days1To30);
        assert_eq!(Bucket::of(30), Bucket::Days1To30);
        assert_eq!(Bucket::of(31), Bucket::Days31To60);
        assert_eq!(Bucket::of(60), Bucket::Days31To60);
        assert_eq!(Bucket::of(61), Bucket::Days61To90);
        assert_eq!(Bucket::of(90), Bucket::Days61To90);
        assert_eq!(Bucket::of(91), Bucket::Over90);
        assert_eq!(Bucket::Over90.to_string(), "90+");
    }
}
