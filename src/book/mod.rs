//! The operations: every way in (a command, `ingest`, `import`, the demo)
//! records and reads through these functions, so the same input is held to
//! the same rules whichever way it comes. Each takes the store (a reader or
//! its transaction), an [`Env`] with the resolved time and the calendar and
//! config values, and typed inputs; it decides, writes through the store,
//! and returns typed results or a [`BookError`]. No printing, no command
//! line, no clock: the caller passes "now" down.

pub mod charges;
pub mod check;
mod client_money;
pub mod clients;
pub mod contracts;
pub mod data;
pub mod deadlines;
pub mod domains;
pub mod error;
pub mod invoice_import;
mod invoice_list;
pub mod invoices;
pub mod journal;
pub mod mail;
pub mod messages;
pub mod names;
pub mod overdue;
pub mod projects;
pub mod reminders;
pub mod reports;
pub mod requests;
pub mod ser;
pub mod work;

#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;

pub use error::BookError;

use crate::calendar::Calendar;
use crate::config::Config;

/// What every operation is given besides the store and its inputs.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    /// The as-of time: what "now" is for this run.
    pub now: DateTime<Tz>,
    /// The business calendar.
    pub cal: &'a Calendar,
    /// The configuration (defaults, check times, reminders, ...).
    pub config: &'a Config,
}

impl Env<'_> {
    /// The as-of date in the configured timezone.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// The as-of time as stored (seconds since the epoch).
    pub fn now_ts(&self) -> i64 {
        self.now.timestamp()
    }

    /// A stored instant in the configured timezone.
    pub fn instant(&self, ts: i64) -> DateTime<Tz> {
        DateTime::from_timestamp(ts, 0).unwrap_or_default().with_timezone(&self.cal.tz())
    }

    /// The start (00:00) of a day in the configured timezone.
    pub fn start_of_day(&self, date: NaiveDate) -> DateTime<Tz> {
        self.cal.start_of_day(date)
    }
}

/// The result of every operation.
pub type Result<T, E = BookError> = std::result::Result<T, E>;
