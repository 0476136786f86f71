//! `expect signature [CLIENT]`: an e-mail signature / voicemail line from
//! the config's check times and the response promise (the client's rules
//! in force, or the config's default): "I check e-mail at 10:00 and 15:00
//! and reply within 1–2 business days." Also the plain-words phrasing of
//! durations that `sheet` and `notice` share.

use std::process::ExitCode;

use chrono::NaiveTime;
use serde::Serialize;

use crate::context::Ctx;
use crate::rules::rules_on;
use crate::store::rules::versions;
use crate::values::{Duration, Span, Unit};

use super::find_client;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Use this client's response promise [default: the config's]
    pub client: Option<String>,
}

#[derive(Debug, Serialize)]
struct SignatureView {
    client: Option<String>,
    check_times: Vec<String>,
    response: String,
    signature: String,
}

fn unit_words(unit: Unit, n: u32) -> &'static str {
    let one = n == 1;
    match unit {
        Unit::Minutes if one => "minute",
        Unit::Minutes => "minutes",
        Unit::Hours if one => "hour",
        Unit::Hours => "hours",
        Unit::Days if one => "day",
        Unit::Days => "days",
        Unit::Weeks if one => "week",
        Unit::Weeks => "weeks",
        Unit::BusinessHours if one => "business hour",
        Unit::BusinessHours => "business hours",
        Unit::BusinessDays if one => "business day",
        Unit::BusinessDays => "business days",
    }
}

/// `4 business hours`, `1 day`.
pub fn duration_words(d: Duration) -> String {
    format!("{} {}", d.n, unit_words(d.unit, d.n))
}

/// `1–2 business days` (an en dash between the ends), `4 business hours`.
pub fn span_words(s: Span) -> String {
    if s.is_range() {
        format!("{}–{} {}", s.low.n, s.high.n, unit_words(s.high.unit, s.high.n))
    } else {
        duration_words(s.high)
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The signature line for these check times and response promise.
pub fn signature_line(check_times: &[NaiveTime], response: Span) -> String {
    let within = span_words(response);
    if check_times.is_empty() {
        format!("I reply to e-mail within {within}.")
    } else {
        let times: Vec<String> = check_times.iter().map(|t| t.format("%H:%M").to_string()).collect();
        format!("I check e-mail at {} and reply within {within}.", join_words(&times))
    }
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let (client, response) = match &self.client {
            Some(h) => {
                let store = ctx.store()?;
                let db = store.read();
                let client = find_client(&db, h)?;
                let rules = rules_on(&versions(&db, client.id)?, ctx.today());
                (Some(client.handle), rules.response)
            }
            None => (None, ctx.config.defaults.response),
        };
        let mut times = ctx.config.check_times.clone();
        times.sort_unstable();
        let line = signature_line(&times, response);
        let sig = SignatureView {
            client,
            check_times: times.iter().map(|t| t.format("%H:%M").to_string()).collect(),
            response: response.to_string(),
            signature: line.clone(),
        };
        ctx.out.record(&sig, || line)?;
        Ok(ExitCode::SUCCESS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    #[test]
    fn lines() {
        let r: Span = "1-2bd".parse().unwrap();
        assert_eq!(
            signature_line(&[t("10:00"), t("15:00")], r),
            "I check e-mail at 10:00 and 15:00 and reply within 1–2 business days."
        );
        assert_eq!(signature_line(&[], r), "I reply to e-mail within 1–2 business days.");
        assert_eq!(
            signature_line(&[t("09:00"), t("12:00"), t("16:30")], "4bh".parse().unwrap()),
            "I check e-mail at 09:00, 12:00 and 16:30 and reply within 4 business hours."
        );
        assert_eq!(
            signature_line(&[t("10:00")], "1bd".parse().unwrap()),
            "I check e-mail at 10:00 and reply within 1 business day."
        );
        assert_eq!(span_words("2-3d".parse().unwrap()), "2–3 days");
        assert_eq!(span_words("6h".parse().unwrap()), "6 hours");
        assert_eq!(span_words("1w".parse().unwrap()), "1 week");
        assert_eq!(span_words("30m".parse().unwrap()), "30 minutes");
    }
}
