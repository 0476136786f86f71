//! The config file (SPEC 1): where it is, its keys and their built-in
//! defaults, and validation that names the file, line and key of a bad value.
//! The money keys are read in [`money`].

mod money;

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;
use toml::Spanned;

use crate::calendar::{holidays_from_ics, Calendar};
use crate::error::UserError;
use crate::money::ReferenceRates;
use crate::rules::{builtin_defaults, Rules};
use crate::store::Location;
use crate::values::Handle;
use crate::values::{
    parse_clock, parse_hours_range, parse_weekday, Currency, Duration, Numbers, ParseError, Unit,
};

mod mail;

pub use mail::MailConfig;

/// The commented default config that `expect init` writes.
pub const DEFAULT_CONFIG: &str = include_str!("../examples/config.toml");

/// The tone of a reminder step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Friendly,
    Firm,
    Final,
}

impl Tone {
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Friendly => "friendly",
            Tone::Firm => "firm",
            Tone::Final => "final",
        }
    }

    fn parse(s: &str) -> Result<Tone, ParseError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "friendly" => Ok(Tone::Friendly),
            "firm" => Ok(Tone::Firm),
            "final" => Ok(Tone::Final),
            _ => Err(ParseError::new("expected friendly, firm or final, e.g. firm")),
        }
    }
}

/// One step of the reminder ladder: `after` days past the due date (and grace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReminderStep {
    pub after: u32,
    pub tone: Tone,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from (which may not exist).
    pub path: PathBuf,
    /// Whether the file exists (otherwise everything is built in).
    pub exists: bool,
    pub timezone: Tz,
    pub currency: Currency,
    /// How amounts are typed on the command line and shown in text.
    pub numbers: Numbers,
    /// The built-in reference rates with `[[reference_rates]]` added.
    pub reference_rates: ReferenceRates,
    pub soon: Duration,
    pub days: Vec<Weekday>,
    pub open: NaiveTime,
    pub close: NaiveTime,
    pub holidays: Vec<NaiveDate>,
    pub check_times: Vec<NaiveTime>,
    pub defaults: Rules,
    pub reminders: Vec<ReminderStep>,
    /// `database`: the book, when `--db` / `EXPECT_DB` do not name one (a
    /// path relative to the config's folder, or a server URI).
    pub database: Option<Location>,
    /// `me`: the handle of the team member this person is.
    pub me: Option<String>,
    /// `[mail]`: what `ingest` reads, and your own addresses.
    pub mail: MailConfig,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    database: Option<Spanned<String>>,
    me: Option<Spanned<String>>,
    timezone: Option<Spanned<String>>,
    currency: Option<Spanned<String>>,
    numbers: Option<Spanned<String>>,
    soon: Option<Spanned<String>>,
    #[serde(default)]
    calendar: RawCalendar,
    #[serde(default)]
    communication: RawCommunication,
    #[serde(default)]
    defaults: RawDefaults,
    reminders: Option<Vec<RawReminder>>,
    #[serde(default)]
    mail: mail::RawMail,
    reference_rates: Option<Vec<money::RawReferenceRate>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    days: Option<Spanned<Vec<String>>>,
    hours: Option<Spanned<String>>,
    holidays: Option<Spanned<Vec<String>>>,
    holidays_file: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommunication {
    check_times: Option<Spanned<Vec<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefaults {
    channels: Option<Spanned<Vec<String>>>,
    response: Option<Spanned<String>>,
    terms: Option<Spanned<String>>,
    grace: Option<Spanned<String>>,
    late_fee: Option<Spanned<String>>,
    interest: Option<Spanned<String>>,
    suspend_after: Option<Spanned<String>>,
    turnaround: Option<Spanned<String>>,
    start_within: Option<Spanned<String>>,
    cutoff: Option<Spanned<String>>,
    rush_fee: Option<Spanned<String>>,
    phase_gating: Option<Spanned<bool>>,
    notice_period: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReminder {
    after: Spanned<String>,
    tone: Spanned<String>,
}

/// Where the config is looked for: `--config` / `EXPECT_CONFIG`, else
/// `$XDG_CONFIG_HOME/expect/config.toml`.
pub fn default_path() -> anyhow::Result<PathBuf> {
    use etcetera::BaseStrategy as _;
    let xdg = etcetera::base_strategy::Xdg::new().context("finding your home folder")?;
    Ok(xdg.config_dir().join("expect").join("config.toml"))
}

/// The `database` key: a server URI (never with a password: the config
/// may be shared) or a path, relative to the config's folder (`~` is the
/// `home` folder).
fn database(
    c: &Checker<'_>,
    db: &Spanned<String>,
    home: Option<&Path>,
) -> Result<Option<Location>, UserError> {
    let given = db.get_ref().trim();
    if given.is_empty() {
        return Ok(None);
    }
    match Location::parse(std::ffi::OsStr::new(given))
        .map_err(|e| c.fail(db.span(), "database", "…", &e.to_string()))?
    {
        Location::Server(server) if server.has_password() => Err(c.fail(
            db.span(),
            "database",
            &server.to_string(),
            "a password does not belong in the config, which may be shared; put it in ~/.pgpass or PGPASSWORD",
        )),
        Location::Server(server) => Ok(Some(Location::Server(server))),
        Location::File(_) => {
            let base = c.path.parent().unwrap_or_else(|| Path::new("."));
            let path = mail::config_path(given, home, base).map_err(|e| c.fail(db.span(), "database", given, &e.0))?;
            Ok(Some(Location::File(path)))
        }
    }
}

/// Line (1-based) of a byte offset in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].bytes().filter(|b| *b == b'\n').count() + 1
}

/// The dotted key (`defaults.terms`) written on the line holding byte
/// `offset`, for errors toml reports by position only.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or("");
    let key = line.split_once('=')?.0.trim().trim_matches('"');
    if key.is_empty() {
        return None;
    }
    let section = text[..start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    Some(match section {
        Some(s) if !s.is_empty() => format!("{s}.{key}"),
        _ => key.to_string(),
    })
}

struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Checker<'_> {
    fn fail(&self, span: std::ops::Range<usize>, key: &str, value: &str, why: &str) -> UserError {
        UserError::new(format!(
            "{}:{}: {key} = {value:?}: {why}",
            self.path.display(),
            line_of(self.text, span.start)
        ))
    }

    fn check<T, V>(
        &self,
        key: &str,
        field: &Spanned<V>,
        shown: &str,
        parse: impl FnOnce(&V) -> Result<T, ParseError>,
    ) -> Result<T, UserError> {
        parse(field.get_ref()).map_err(|e| self.fail(field.span(), key, shown, &e.0))
    }
}

impl Config {
    /// The built-in defaults (no file).
    pub fn builtin(path: PathBuf) -> Config {
        Config {
            path,
            exists: false,
            timezone: system_timezone(),
            currency: Currency::USD,
            numbers: Numbers::default(),
            reference_rates: ReferenceRates::builtin().clone(),
            soon: Duration::new(4, Unit::BusinessHours),
            days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
            open: NaiveTime::from_hms_opt(9, 0, 0).expect("valid time"),
            close: NaiveTime::from_hms_opt(17, 0, 0).expect("valid time"),
            holidays: Vec::new(),
            check_times: Vec::new(),
            defaults: builtin_defaults(),
            reminders: vec![
                ReminderStep { after: 1, tone: Tone::Friendly },
                ReminderStep { after: 14, tone: Tone::Firm },
                ReminderStep { after: 30, tone: Tone::Final },
            ],
            database: None,
            me: None,
            mail: MailConfig::default(),
        }
    }

    /// Reads the config at `path`; a missing file means the built-in
    /// defaults (SPEC 1).
    pub fn load(path: &Path) -> anyhow::Result<Config> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Config::builtin(path.to_path_buf()));
            }
            Err(e) => {
                return Err(e).with_context(|| format!("reading config {}", path.display()));
            }
        };
        Config::parse(path, &text)
    }

    /// Validates config `text` read from `path`.
    pub fn parse(path: &Path, text: &str) -> anyhow::Result<Config> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            let key = key_at(text, at).map(|k| format!("{k}: ")).unwrap_or_default();
            UserError::new(format!("{}:{}: {key}{}", path.display(), line_of(text, at), e.message().trim()))
        })?;
        let c = Checker { path, text };
        let mut cfg = Config::builtin(path.to_path_buf());
        cfg.exists = true;
        let home = etcetera::home_dir().ok();

        if let Some(db) = &raw.database {
            cfg.database = database(&c, db, home.as_deref())?;
        }
        if let Some(me) = &raw.me {
            cfg.me = Some(c.check("me", me, me.get_ref(), |s| s.parse::<Handle>().map(Handle::into_string))?);
        }
        if let Some(tz) = &raw.timezone {
            if !tz.get_ref().trim().is_empty() {
                cfg.timezone = c.check("timezone", tz, tz.get_ref(), |s| {
                    s.trim()
                        .parse::<Tz>()
                        .map_err(|_| ParseError::new("expected an IANA timezone name, e.g. Europe/Berlin"))
                })?;
            }
        }
        if let Some(cur) = &raw.currency {
            cfg.currency = c.check("currency", cur, cur.get_ref(), |s| parse_currency(s))?;
        }
        cfg.numbers = money::numbers(&c, raw.numbers.as_ref())?;
        cfg.reference_rates = money::reference_rates(&c, raw.reference_rates.as_ref())?;
        if let Some(soon) = &raw.soon {
            cfg.soon = c.check("soon", soon, soon.get_ref(), |s| s.parse::<Duration>())?;
        }

        let cal = &raw.calendar;
        if let Some(days) = &cal.days {
            cfg.days = c.check("calendar.days", days, &days.get_ref().join(","), |list| {
                let mut out = Vec::new();
                for d in list {
                    let wd = parse_weekday(d)
                        .ok_or_else(|| ParseError::new("expected weekday names, e.g. [\"mon\", \"tue\"]"))?;
                    if !out.contains(&wd) {
                        out.push(wd);
                    }
                }
                if out.is_empty() {
                    return Err(ParseError::new("expected at least one working day, e.g. [\"mon\"]"));
                }
                Ok(out)
            })?;
        }
        if let Some(hours) = &cal.hours {
            (cfg.open, cfg.close) =
                c.check("calendar.hours", hours, hours.get_ref(), |s| parse_hours_range(s))?;
        }
        if let Some(list) = &cal.holidays {
            for h in list.get_ref() {
                let date = NaiveDate::parse_from_str(h.trim(), "%Y-%m-%d").map_err(|_| {
                    c.fail(list.span(), "calendar.holidays", h, "expected a date, e.g. 2026-12-25")
                })?;
                cfg.holidays.push(date);
            }
        }
        if let Some(file) = &cal.holidays_file {
            let name = file.get_ref().trim();
            if !name.is_empty() {
                let base = path.parent().unwrap_or_else(|| Path::new("."));
                let ics_path = base.join(name);
                let ics = std::fs::read_to_string(&ics_path).map_err(|e| {
                    c.fail(
                        file.span(),
                        "calendar.holidays_file",
                        name,
                        &format!("cannot read {}: {e}", ics_path.display()),
                    )
                })?;
                let dates = holidays_from_ics(&ics).map_err(|e| {
                    c.fail(
                        file.span(),
                        "calendar.holidays_file",
                        name,
                        &format!("{}: {e}", ics_path.display()),
                    )
                })?;
                cfg.holidays.extend(dates);
            }
        }
        if let Some(times) = &raw.communication.check_times {
            cfg.check_times =
                c.check("communication.check_times", times, &times.get_ref().join(","), |list| {
                    let mut out = list.iter().map(|t| parse_clock(t)).collect::<Result<Vec<_>, _>>()?;
                    out.sort();
                    out.dedup();
                    Ok(out)
                })?;
        }

        cfg.defaults = defaults_from(&c, &raw.defaults)?;
        cfg.mail =
            mail::mail_from(&c, &raw.mail, home.as_deref(), path.parent().unwrap_or_else(|| Path::new(".")))?;

        if let Some(steps) = &raw.reminders {
            let mut out = Vec::new();
            for s in steps {
                let after = c.check("reminders.after", &s.after, s.after.get_ref(), |v| {
                    Duration::parse_days(v).map(|d| d.n)
                })?;
                let tone = c.check("reminders.tone", &s.tone, s.tone.get_ref(), |v| Tone::parse(v))?;
                out.push(ReminderStep { after, tone });
            }
            out.sort_by_key(|s| s.after);
            cfg.reminders = out;
        }
        // The calendar must be buildable (opening before closing, a day).
        cfg.calendar().map_err(|e| UserError::new(format!("{}: {e}", path.display())))?;
        Ok(cfg)
    }

    /// The business-time engine for this config.
    pub fn calendar(&self) -> Result<Calendar, ParseError> {
        Calendar::new(self.timezone, &self.days, self.open, self.close, self.holidays.iter().copied())
    }
}

fn defaults_from(c: &Checker<'_>, raw: &RawDefaults) -> Result<Rules, UserError> {
    let mut patch = builtin_defaults().to_patch();
    let strings: [(&str, &Option<Spanned<String>>); 11] = [
        ("response", &raw.response),
        ("terms", &raw.terms),
        ("grace", &raw.grace),
        ("late_fee", &raw.late_fee),
        ("interest", &raw.interest),
        ("suspend_after", &raw.suspend_after),
        ("turnaround", &raw.turnaround),
        ("start_within", &raw.start_within),
        ("cutoff", &raw.cutoff),
        ("rush_fee", &raw.rush_fee),
        ("notice_period", &raw.notice_period),
    ];
    for (name, field) in strings {
        if let Some(v) = field {
            let key = format!("defaults.{name}");
            c.check(&key, v, v.get_ref(), |s| patch.set(name, s))?;
        }
    }
    if let Some(ch) = &raw.channels {
        c.check("defaults.channels", ch, &ch.get_ref().join(","), |list| {
            patch.set("channels", &list.join(","))
        })?;
    }
    if let Some(g) = &raw.phase_gating {
        patch.phase_gating = Some(*g.get_ref());
    }
    Ok(patch.complete().expect("defaults hold every rule"))
}

/// A currency code of ISO 4217 with a minor unit (the `iso_currency`
/// crate's table), in any case: `eur` is `EUR`.
pub fn parse_currency(s: &str) -> Result<Currency, ParseError> {
    Currency::parse(s)
}

/// The system's timezone: `TZ` when it names an IANA zone, else
/// `/etc/localtime`, else UTC.
pub fn system_timezone() -> Tz {
    if let Ok(tz) = std::env::var("TZ") {
        if let Ok(z) = tz.trim_start_matches(':').parse::<Tz>() {
            return z;
        }
    }
    iana_time_zone::get_timezone().ok().and_then(|name| name.parse::<Tz>().ok()).unwrap_or(Tz::UTC)
}

#[cfg(test)]
mod tests;
