//! Dates as invoicing programs and spreadsheets write them (SPEC 10):
//! `2026-11-30`, `11/30/2026` (slashes month first, or day first when the
//! file says so: `--dates dmy`) and `30.11.2026`; a day or month may have
//! one digit (`3/7/2026`), a year always has four.

use chrono::NaiveDate;

use crate::values::ParseError;

/// How dates with slashes are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// `MM/DD/YYYY`, as in the United States.
    #[default]
    MonthFirst,
    /// `DD/MM/YYYY`.
    DayFirst,
}

impl DateOrder {
    /// `mdy` or `dmy`.
    pub fn parse(s: &str) -> Result<DateOrder, ParseError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mdy" => Ok(DateOrder::MonthFirst),
            "dmy" => Ok(DateOrder::DayFirst),
            _ => Err(ParseError::new("expected mdy (11/30/2026) or dmy (30/11/2026), e.g. dmy")),
        }
    }

    fn slashes(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "MM/DD/YYYY",
            DateOrder::DayFirst => "DD/MM/YYYY",
        }
    }
}

/// A date read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not one of the forms.
    Form(ParseError),
    /// Slashes read month first, and the month is over 12: the file may be
    /// day first.
    MonthFirst(ParseError),
}

impl DateError {
    pub fn message(&self) -> &str {
        match self {
            DateError::Form(e) | DateError::MonthFirst(e) => &e.0,
        }
    }
}

/// One to `max` ASCII digits.
fn digits(s: &str, max: usize) -> Option<u32> {
    (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

/// Parses `s` as `YYYY-MM-DD`, slashes in `order`, or `DD.MM.YYYY`.
pub fn parse_date(s: &str, order: DateOrder) -> Result<NaiveDate, DateError> {
    let s = s.trim();
    let form = || {
        DateError::Form(ParseError::new(format!(
            "expected a date as YYYY-MM-DD, {} or DD.MM.YYYY, e.g. 2026-11-30",
            order.slashes()
        )))
    };
    let parts = |sep: char| -> Option<(&str, &str, &str)> {
        let mut it = s.split(sep);
        let p = (it.next()?, it.next()?, it.next()?);
        it.next().is_none().then_some(p)
    };
    let (year, month, day) = if let Some((y, m, d)) = parts('-') {
        (y.len() == 4).then_some(()).ok_or_else(form)?;
        (digits(y, 4), digits(m, 2).filter(|_| m.len() == 2), digits(d, 2).filter(|_| d.len() == 2))
    } else if let Some((a, b, y)) = parts('/') {
        (y.len() == 4).then_some(()).ok_or_else(form)?;
        let (m, d) = match order {
            DateOrder::MonthFirst => (a, b),
            DateOrder::DayFirst => (b, a),
        };
        (digits(y, 4), digits(m, 2), digits(d, 2))
    } else if let Some((d, m, y)) = parts('.') {
        (y.len() == 4).then_some(()).ok_or_else(form)?;
        (digits(y, 4), digits(m, 2), digits(d, 2))
    } else {
        return Err(form());
    };
    let (Some(year), Some(month), Some(day)) = (year, month, day) else {
        return Err(form());
    };
    if month == 0 || month > 12 {
        let e = ParseError::new(format!("there is no month {month}"));
        return Err(if s.contains('/') && order == DateOrder::MonthFirst && day <= 12 {
            DateError::MonthFirst(ParseError::new(format!("{} (slashes are read month first)", e.0)))
        } else {
            DateError::Form(e)
        });
    }
    NaiveDate::from_ymd_opt(year as i32, month, day)
        .filter(|_| year >= 1)
        .ok_or_else(|| DateError::Form(ParseError::new("not a day of the calendar")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_three_forms() {
        use DateOrder::{DayFirst, MonthFirst};
        assert_eq!(parse_date("2026-11-30", MonthFirst), Ok(d("2026-11-30")));
        assert_eq!(parse_date(" 11/30/2026 ", MonthFirst), Ok(d("2026-11-30")));
        assert_eq!(parse_date("3/7/2026", MonthFirst), Ok(d("2026-03-07")));
        assert_eq!(parse_date("3/7/2026", DayFirst), Ok(d("2026-07-03")));
        assert_eq!(parse_date("30/11/2026", DayFirst), Ok(d("2026-11-30")));
        assert_eq!(parse_date("30.11.2026", MonthFirst), Ok(d("2026-11-30")));
        assert_eq!(parse_date("1.2.2026", DayFirst), Ok(d("2026-02-01")));
        assert_eq!(DateOrder::parse("DMY"), Ok(DayFirst));
        assert!(DateOrder::parse("ymd").is_err());
    }

    #[test]
    fn anything_else_is_refused_with_the_forms() {
        use DateOrder::MonthFirst;
        for bad in [
            "",
            "2026-1-30",
            "26-11-30",
            "11/30/26",
            "2026/11/30",
            "30.11.26",
            "Nov 30, 2026",
            "2026-11-30T10:00",
            "1/2/3/2026",
            "+1/2/2026",
        ] {
            let e = parse_date(bad, MonthFirst).unwrap_err();
            assert_eq!(
                e.message(),
                "expected a date as YYYY-MM-DD, MM/DD/YYYY or DD.MM.YYYY, e.g. 2026-11-30",
                "{bad:?}"
            );
        }
        assert_eq!(
            parse_date("13/13/2026", MonthFirst),
            Err(DateError::Form(ParseError::new("there is no month 13")))
        );
        assert_eq!(
            parse_date("13/11/2026", MonthFirst),
            Err(DateError::MonthFirst(ParseError::new(
                "there is no month 13 (slashes are read month first)"
            )))
        );
        assert_eq!(parse_date("02/30/2026", MonthFirst).unwrap_err().message(), "not a day of the calendar");
        assert_eq!(parse_date("0000-01-01", MonthFirst).unwrap_err().message(), "not a day of the calendar");
        assert!(parse_date("2026-13-01", MonthFirst).is_err());
    }
}
