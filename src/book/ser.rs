//! How the values of operation results are written in JSON and CSV
//! (SPEC 2): instants as RFC 3339 in the configured timezone
//! (`2026-11-30T16:00:00+01:00`), dates `YYYY-MM-DD` written without
//! chrono's formatting machinery. (Money is an [`Amount`], which writes
//! itself with its currency's decimals.)
//!
//! [`Amount`]: crate::values::Amount

use chrono::{DateTime, NaiveDate, TimeZone};
use serde::Serializer;

/// An instant as RFC 3339 with its offset.
pub fn rfc3339<Tz: TimeZone, S: Serializer>(t: &DateTime<Tz>, s: S) -> Result<S::Ok, S::Error>
where
    Tz::Offset: std::fmt::Display,
{
    crate::values::serialize_instant(&t.fixed_offset(), s)
}

/// [`rfc3339`] for an optional instant (`null` when there is none).
#[allow(clippy::ref_option)] // serde's calling convention
pub fn rfc3339_opt<Tz: TimeZone, S: Serializer>(t: &Option<DateTime<Tz>>, s: S) -> Result<S::Ok, S::Error>
where
    Tz::Offset: std::fmt::Display,
{
    match t {
        Some(t) => rfc3339(t, s),
        None => s.serialize_none(),
    }
}

/// A date as `YYYY-MM-DD`, as chrono writes it, without its formatter.
pub fn date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; 10];
    match crate::values::iso_date(*d, &mut buf) {
        Some(text) => s.serialize_str(text),
        None => s.collect_str(d),
    }
}
