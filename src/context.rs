//! What every command gets: the config, the business calendar, "now" (the
//! one place the clock is read, unless `--as-of` / `EXPECT_NOW` replaces it),
//! the database path and the output settings; and the parsing of the TIME
//! and DATE flags against them.

use std::path::PathBuf;

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::book::Env;
use crate::calendar::{parse_date, Calendar, TimeInput};
use crate::config::Config;
use crate::error::{parse_flag, UserError};
use crate::output::Output;
use crate::store::{Access, Store, StoreError};

/// Where a book is (a file, or a server URI): what `--db` names.
pub use crate::store::Location;

/// The raw as-of TIME and the name an error about it quotes: `--as-of`, or
/// `EXPECT_NOW` when it came from the environment.
#[derive(Debug, Clone, Copy)]
pub struct AsOf<'a> {
    pub value: &'a str,
    pub name: &'a str,
}

/// The resolved global settings of one run.
pub struct Ctx {
    pub config: Config,
    pub cal: Calendar,
    /// The as-of time: reports evaluate as if it were now.
    pub now: DateTime<Tz>,
    /// The book: `--db` / `EXPECT_DB`, else config `database`, else the
    /// default file.
    pub db: Location,
    /// The team member this person is: `EXPECT_ME`, else config `me`, else
    /// `me`.
    pub me: String,
    pub out: Output,
}

impl Ctx {
    /// Builds the context. `as_of` is the raw `--as-of` / `EXPECT_NOW`;
    /// `clock` is the real time, used when it is absent and as the base of
    /// relative values.
    pub fn new(
        config: Config,
        db: Location,
        me: String,
        as_of: Option<AsOf<'_>>,
        clock: DateTime<Utc>,
        out: Output,
    ) -> anyhow::Result<Ctx> {
        let cal = config.calendar().map_err(|e| UserError::new(format!("{}: {e}", config.path.display())))?;
        let clock = clock.with_timezone(&cal.tz());
        let now = match as_of {
            Some(AsOf { value, name }) => {
                let input = parse_flag(name, value, str::parse::<TimeInput>)?;
                cal.resolve(&input, clock).map_err(|e| UserError::bad_value(name, value, &e))?
            }
            None => clock,
        };
        Ok(Ctx { config, cal, now, db, me, out })
    }

    /// The as-of date in the configured timezone.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// The as-of time as stored (seconds since the epoch).
    pub fn now_ts(&self) -> i64 {
        self.now.timestamp()
    }

    /// Parses a TIME given to `flag`, relative to the as-of time.
    pub fn time(&self, flag: &str, s: &str) -> anyhow::Result<DateTime<Tz>> {
        let input = parse_flag(flag, s, str::parse::<TimeInput>)?;
        Ok(self.cal.resolve(&input, self.now).map_err(|e| UserError::bad_value(flag, s, &e))?)
    }

    /// Parses a DATE given to `flag`, relative to the as-of date.
    pub fn date(&self, flag: &str, s: &str) -> anyhow::Result<NaiveDate> {
        Ok(parse_flag(flag, s, |v| parse_date(v, &self.cal, self.now))?)
    }

    /// Parses the TIME of something that has happened (`--at`): not after
    /// the as-of time.
    pub fn past_time(&self, flag: &str, s: &str) -> anyhow::Result<DateTime<Tz>> {
        let t = self.time(flag, s)?;
        if t > self.now {
            return Err(future(
                flag,
                s,
                &t.format("%Y-%m-%d %H:%M").to_string(),
                &self.now.format("%Y-%m-%d %H:%M").to_string(),
            ));
        }
        Ok(t)
    }

    /// Parses the DATE of something that has happened (`--on`): not after
    /// the as-of date.
    pub fn past_date(&self, flag: &str, s: &str) -> anyhow::Result<NaiveDate> {
        let d = self.date(flag, s)?;
        if d > self.today() {
            return Err(future(flag, s, &d.to_string(), &self.today().to_string()));
        }
        Ok(d)
    }

    /// Opens the database for reading; a missing one is an error.
    pub fn store(&self) -> Result<Store, StoreError> {
        Ok(upgraded(Store::open(&self.db, Access::Existing)?))
    }

    /// Opens the database for writing, creating it on first use.
    pub fn store_rw(&self) -> Result<Store, StoreError> {
        Ok(upgraded(Store::open(&self.db, Access::Create)?))
    }

    /// What the operations are given: the as-of time, the calendar, the
    /// config.
    pub fn env(&self) -> Env<'_> {
        Env { now: self.now, cal: &self.cal, config: &self.config }
    }
}

/// Says on stderr what upgrading the database changed in its data.
fn upgraded(store: Store) -> Store {
    for line in store.upgrade_notes() {
        eprintln!("expect: upgraded {}: {line}", store.location());
    }
    store
}

fn future(flag: &str, given: &str, when: &str, now: &str) -> anyhow::Error {
    UserError::new(format!("{flag} {given:?}: {when} is in the future (now is {now})"))
        .with_hint("record it once it has happened, or move now with --as-of")
        .into()
}

/// Whether `s` names a server book (`postgres://`, `postgresql://`).
pub fn is_server_uri(s: &str) -> bool {
    crate::store::is_uri(s)
}

/// Opens the book for reading only, changing nothing (shell completion).
pub fn read_only_store(db: &Location) -> Result<Store, StoreError> {
    Store::open(db, Access::ReadOnly)
}

/// The default database path: `$XDG_DATA_HOME/expect/expect.db`.
pub fn default_db_path() -> anyhow::Result<PathBuf> {
    use etcetera::BaseStrategy as _;
    let xdg = etcetera::base_strategy::Xdg::new().context("finding your home folder")?;
    Ok(xdg.data_dir().join("expect").join("expect.db"))
}
