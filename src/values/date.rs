//! Dates in the one form the book stores and every document and report
//! writes them, ISO `YYYY-MM-DD`, read and written without chrono's
//! format-string machinery (which costs more than reading the row itself
//! on a report of many invoices). Years outside 0..=9999 take chrono's own
//! forms.

use chrono::{DateTime, Datelike as _, FixedOffset, NaiveDate, Timelike as _};

/// `d` as `YYYY-MM-DD` written into `buf`; the text.
pub fn iso_date(d: NaiveDate, buf: &mut [u8; 10]) -> Option<&str> {
    write_iso_date(d, buf)?;
    std::str::from_utf8(buf).ok()
}

/// The bytes of [`iso_date`] (ASCII), for a text that holds more ([`iso_instant`]
/// makes its text once).
pub fn write_iso_date(d: NaiveDate, buf: &mut [u8]) -> Option<()> {
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
    Some(())
}

/// A date written as `YYYY-MM-DD` (as `NaiveDate`'s `Display`, which goes
/// through chrono's formatting a field at a time) in a sentence.
#[derive(Debug, Clone, Copy)]
pub struct IsoDate(pub NaiveDate);

impl std::fmt::Display for IsoDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match iso_date(self.0, &mut [0u8; 10]) {
            Some(text) => f.write_str(text),
            None => self.0.fmt(f),
        }
    }
}

/// `t` as RFC 3339 (`2026-11-30T16:00:00+01:00`), as chrono's
/// `to_rfc3339` writes it, into `buf` (ASCII); `None` when chrono's own form is
/// needed (a fraction of a second, a year outside 0..=9999, an offset of
/// seconds).
pub fn write_iso_instant(t: &DateTime<FixedOffset>, buf: &mut [u8; 25]) -> Option<()> {
    let local = t.naive_local();
    let offset = t.offset().local_minus_utc();
    if local.nanosecond() != 0 || offset % 60 != 0 {
        return None;
    }
    write_iso_date(local.date(), &mut buf[..10])?;
    let two = |n: u32, out: &mut [u8]| {
        out[0] = b'0' + (n / 10 % 10) as u8;
        out[1] = b'0' + (n % 10) as u8;
    };
    buf[10] = b'T';
    two(local.hour(), &mut buf[11..13]);
    buf[13] = b':';
    two(local.minute(), &mut buf[14..16]);
    buf[16] = b':';
    two(local.second(), &mut buf[17..19]);
    buf[19] = if offset < 0 { b'-' } else { b'+' };
    let minutes = offset.unsigned_abs() / 60;
    two(minutes / 60, &mut buf[20..22]);
    buf[22] = b':';
    two(minutes % 60, &mut buf[23..25]);
    Some(())
}

/// [`write_iso_instant`] as text.
pub fn iso_instant<'b>(t: &DateTime<FixedOffset>, buf: &'b mut [u8; 25]) -> Option<&'b str> {
    write_iso_instant(t, buf)?;
    std::str::from_utf8(buf).ok()
}

/// Serializes `t` as RFC 3339 ([`iso_instant`], else chrono's
/// `to_rfc3339`).
pub fn serialize_instant<S: serde::Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
    match iso_instant(t, &mut [0u8; 25]) {
        Some(text) => s.serialize_str(text),
        None => s.serialize_str(&t.to_rfc3339()),
    }
}

/// `d` as `YYYY-MM-DD` (chrono's form for other years).
pub fn date_string(d: NaiveDate) -> String {
    let mut buf = [0u8; 10];
    iso_date(d, &mut buf).map_or_else(|| d.format("%Y-%m-%d").to_string(), str::to_string)
}

/// Reads `YYYY-MM-DD`; any other shape as chrono's `%Y-%m-%d` reads it.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    parse_iso_date_bytes(s.as_bytes())
}

/// [`parse_iso_date`] of bytes (a stored column's) not yet known to be
/// UTF-8: `YYYY-MM-DD` is read from them as they are; anything else is
/// read as chrono reads it if it is UTF-8 text, and is no date otherwise.
pub fn parse_iso_date_bytes(b: &[u8]) -> Option<NaiveDate> {
    let fast = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !fast {
        return NaiveDate::parse_from_str(std::str::from_utf8(b).ok()?, "%Y-%m-%d").ok();
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
            assert_eq!(IsoDate(d).to_string(), d.to_string(), "{s}");
        }
        // Refused on the fast path (the YYYY-MM-DD shape, not a date) and
        // by chrono (any other shape).
        let fast_path = ["2026-02-30", "2026-13-01", "2026-00-10", "2026-11-00", "2026-04-31", "2025-02-29"];
        for bad in fast_path.into_iter().chain(["2026-1-01x", "", "abcd-ef-gh", "2026-11-2７"]) {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
        assert_eq!(parse_iso_date("2026-1-5"), NaiveDate::from_ymd_opt(2026, 1, 5));
        for t in [
            "2026-11-30T16:00:00+01:00",
            "2026-01-02T03:04:05Z",
            "1999-12-31T23:59:59-09:30",
            "2026-03-01T00:00:00.5+00:00",
        ] {
            let t = DateTime::parse_from_rfc3339(t).unwrap();
            let mut buf = [0u8; 25];
            let fast = iso_instant(&t, &mut buf).map(str::to_string);
            assert!(fast.is_none() || fast.as_deref() == Some(t.to_rfc3339().as_str()), "{t}");
            assert_eq!(fast.is_none(), t.timestamp_subsec_nanos() != 0, "{t}");
        }
        let far = NaiveDate::from_ymd_opt(12_345, 1, 2).unwrap();
        assert_eq!(date_string(far), far.format("%Y-%m-%d").to_string());
        let before = NaiveDate::from_ymd_opt(-44, 3, 15).unwrap();
        for d in [far, before] {
            assert_eq!(IsoDate(d).to_string(), d.to_string());
        }
    }
}
