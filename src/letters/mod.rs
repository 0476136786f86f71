//! The texts `expect` writes for clients and their building blocks: rules
//! in plain words (`net30` is "30 days after it is issued"), the
//! expectations sheet, the notice of rule changes, the signature line, and
//! a letter as an e-mail.
//! Pure: values in, text out. (Reminder letters live with the dunning
//! ladder in [`crate::money::reminders`].)

pub mod email;
pub mod notice;
pub mod sheet;

use chrono::{NaiveDate, NaiveTime, Weekday};

use crate::calendar::Calendar;
use crate::money::statutory::{rate_on, scheme_words, StatutoryRate};
use crate::money::ReferenceRates;
use crate::values::{
    Currency, Cutoff, Duration, Fee, Interest, Numbers, Rate, RatePeriod, Span, Terms, Unit,
};

pub fn plural(n: u32, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

pub fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// When an invoice on these terms is due, in words.
pub fn terms_words(t: Terms) -> String {
    match t {
        Terms::Receipt => "on the day it is issued".into(),
        Terms::Net(n) => format!("{} after it is issued", plural(n, "day")),
        Terms::Eom(0) => "on the last day of the month it is issued in".into(),
        Terms::Eom(n) => format!("{} after the end of the month it is issued in", plural(n, "day")),
    }
}

/// A flat fee as an amount of `currency`: `USD 25.00`.
pub fn flat_words(f: crate::values::Decimal, currency: Currency, numbers: Numbers) -> String {
    currency.amount(f.rounded(currency.exponent())).text(numbers)
}

/// A late fee in words: `5% of the overdue balance`, `a flat USD 25.00`.
pub fn late_fee_words(f: Fee, currency: Currency, numbers: Numbers) -> String {
    match f {
        Fee::Percent(p) => format!("{p} of the overdue balance"),
        Fee::Flat(d) => format!("a flat {}", flat_words(d, currency, numbers)),
    }
}

/// An interest rate in words: `1.5% a month (18% a year)`.
pub fn interest_words(r: Rate) -> String {
    match r.per {
        RatePeriod::Month => format!("{} a month ({} a year)", r.percent, r.annual()),
        RatePeriod::Year => format!("{} a year", r.percent),
    }
}

/// An interest rule in words on `day`: a fixed rate as `1.5% a month (18%
/// a year)`; a statutory scheme with its law and the rate in force that
/// day as reference rate + points = rate (`... the Basiszinssatz + 9
/// points; on 2025-03-01: 2.27% + 9 points = 11.27% a year`).
pub fn interest_rule_words(rule: Interest, day: NaiveDate, rates: &ReferenceRates) -> String {
    match rule {
        Interest::Rate(r) => interest_words(r),
        Interest::Statutory(s) => {
            format!("{}; on {day}: {} a year", scheme_words(s), StatutoryRate::on(s, day, rates))
        }
    }
}

/// The rate an interest rule charges on `day`, as a fixed rate (see
/// [`rate_on`]).
pub fn rate_of(rule: Interest, day: NaiveDate, rates: &ReferenceRates) -> Rate {
    rate_on(rule, day, rates)
}

/// A cut-off in words: `after 16:00 on Fridays`, `after 16:00 on working days`.
pub fn cutoff_words(c: Cutoff) -> String {
    let time = c.time.format("%H:%M");
    match c.weekday {
        Some(d) => format!("after {time} on {}s", weekday_name(d)),
        None => format!("after {time} on any working day"),
    }
}

/// A rush fee in words: `50% on top of the normal price`, `a flat USD
/// 25.00 on top of the normal price`.
pub fn rush_fee_words(f: Fee, currency: Currency, numbers: Numbers) -> String {
    match f {
        Fee::Percent(p) => format!("{p} on top of the normal price"),
        Fee::Flat(d) => format!("a flat {} on top of the normal price", flat_words(d, currency, numbers)),
    }
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

/// `Monday–Friday 09:00–17:00 (UTC)`.
pub fn business_hours(cal: &Calendar) -> String {
    let days = cal.weekdays();
    let consecutive = days.windows(2).all(|w| w[1].num_days_from_monday() == w[0].num_days_from_monday() + 1);
    let names: Vec<String> = days.iter().map(|d| weekday_name(*d).to_string()).collect();
    let day_text = match (consecutive && days.len() > 2, days.first(), days.last()) {
        (true, Some(a), Some(b)) => format!("{}–{}", weekday_name(*a), weekday_name(*b)),
        _ => join_words(&names),
    };
    format!("{day_text} {}–{} ({})", cal.open().format("%H:%M"), cal.close().format("%H:%M"), cal.tz())
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
