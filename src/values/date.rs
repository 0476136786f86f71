//! Dates in the one form the book stores and every document and report
//! writes them, ISO `YYYY-MM-DD`, read and written without chrono's
//! format-string machinery (which costs more than reading the row itself
//! on a report of many invoices). Years outside 0..=9999 take chrono's own
//! forms.

use chrono::{Datelike as _, NaiveDate};

/// `d` as `YYYY-MM-DD` written into `buf`; the text.
pub fn iso_date(d: NaiveDate, buf: &mut [u8; 10]) -> Option<&str> {
    let year = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    let digits = |n: u32, out: &mut [u8]| {
        let mut n = n;
        for b in out.iter_mut().rev() {
            *b = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    digits(year, &mut buf[0..4]);
    buf[4] = b'-';
    digits(d.month(), &mut buf[5..7]);
    buf[7] = b'-';
    digits(d.day(), &mut buf[8..10]);
    std::str::from_utf8(buf).ok()
}

/// `d` as `YYYY-MM-DD` (chrono's form for other years).
pub fn date_string(d: NaiveDate) -> String {
    let mut buf = [0u8; 10];
    iso_date(d, &mut buf).map_or_else(|| d.format("%Y-%m-%d").to_string(), str::to_string)
}

/// Reads `YYYY-MM-DD`; any other shape as chrono's `%Y-%m-%d` reads it.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let fast = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !fast {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    }
    let num = |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)).ok()?, num(5..7), num(8..10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_and_write_as_chrono_does() {
        for s in ["2026-11-27", "0001-01-01", "9999-12-31", "2024-02-29", "0000-03-01"] {
            let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
            assert_eq!(parse_iso_date(s), Some(d), "{s}");
            assert_eq!(date_string(d), d.format("%Y-%m-%d").to_string(), "{s}");
            assert_eq!(date_string(d), d.to_string(), "{s}");
        }
        for bad in ["2026-02-30", "2026-13-01", "2026-1-01x", "", "abcd-ef-gh", "2026-11-2７"] {
            assert_eq!(parse_iso_date(bad), NaiveDate::parse_from_str(bad, "%Y-%m-%d").ok(), "{bad}");
        }
        assert_eq!(parse_iso_date("2026-1-5"), NaiveDate::parse_from_str("2026-1-5", "%Y-%m-%d").ok());
        let far = NaiveDate::from_ymd_opt(12_345, 1, 2).unwrap();
        assert_eq!(date_string(far), far.format("%Y-%m-%d").to_string());
    }
}
