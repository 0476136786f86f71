//! The deadlines feed (`expect calendar --ics`, SPEC 10): open deadlines
//! as values, and their iCalendar (RFC 5545) rendering. Pure: the caller
//! passes the book's id and each deadline's stamp, so the same book gives
//! the same bytes on every run.
//!
//! - UIDs are `<kind>-<reference>@<book id>`: stable across runs (the
//!   reference is the invoice number, message, item or contract number, or
//!   client and date of a rule change) and unique across databases (every
//!   book has its own random id).
//! - DTSTAMP is the deadline's stamp: when its record was made or last
//!   changed, never the time of the run.
//! - A deadline at an instant is a 15-minute event (`DURATION:PT15M`); a
//!   deadline on a day is an all-day event.
//! - DESCRIPTION says what is due, for whom, and the amount or subject,
//!   in words that stay true whenever the feed is read (nothing relative to
//!   now).

use chrono::{DateTime, Days, NaiveDate, Utc};
use icalendar::{Calendar, Component as _, EventLike as _, Property};

use crate::values::{Currency, Money, Numbers};

/// When a deadline falls: a whole day, or an instant (seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum When {
    Day(NaiveDate),
    At(i64),
}

/// What kind of deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An invoice's due date (the client's).
    Invoice,
    /// A message's reply limit (yours).
    Reply,
    /// The start-by time of a request not yet started (yours).
    Start,
    /// A request's delivery date (yours).
    Delivery,
    /// Something the client owes you.
    Waiting,
    /// The last day a contract is in force.
    Expiry,
    /// The last day to send notice of an upcoming stricter rule change.
    Notice,
}

impl Kind {
    /// `invoice`, `reply`, `start`, `delivery`, `waiting`, `expiry`, `notice`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Invoice => "invoice",
            Kind::Reply => "reply",
            Kind::Start => "start",
            Kind::Delivery => "delivery",
            Kind::Waiting => "waiting",
            Kind::Expiry => "expiry",
            Kind::Notice => "notice",
        }
    }
}

/// What a deadline is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// The message subject, the item owed, the contract or the change.
    Text(String),
    /// Of an invoice: the principal still owed on the as-of date.
    Owed { amount: Money, currency: String },
}

impl What {
    /// Money without separators, with its currency's decimals (`2250.00
    /// USD`), or the text: for JSON, CSV and the feed.
    pub fn plain(&self) -> String {
        match self {
            What::Text(t) => t.clone(),
            What::Owed { amount, currency } => match Currency::parse(currency) {
                Ok(c) => format!("{} {c}", c.amount(*amount).plain()),
                Err(_) => currency.clone(),
            },
        }
    }

    /// For people: the text, or the money as text output writes it (`USD
    /// 2,250.00`).
    pub fn text(&self, numbers: Numbers) -> String {
        match self {
            What::Text(t) => t.clone(),
            What::Owed { amount, currency } => match Currency::parse(currency) {
                Ok(c) => c.amount(*amount).text(numbers),
                Err(_) => currency.clone(),
            },
        }
    }
}

/// One open deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub kind: Kind,
    /// The invoice number; the message, item or contract number; for a
    /// rule change `<client>-<effective date>`.
    pub reference: String,
    /// The client's handle.
    pub client: String,
    pub what: What,
    pub when: When,
    /// When its record was made or last changed (seconds): the DTSTAMP.
    pub stamp: i64,
}

impl Deadline {
    /// `invoice INV-0001`, `message 12`, `waiting 3`, `contract 2`, `rule
    /// change 2027-01-01`: as `check` names them.
    pub fn subject(&self) -> String {
        match self.kind {
            Kind::Invoice => format!("invoice {}", self.reference),
            Kind::Reply | Kind::Start | Kind::Delivery => format!("message {}", self.reference),
            Kind::Waiting => format!("waiting {}", self.reference),
            Kind::Expiry => format!("contract {}", self.reference),
            Kind::Notice => {
                let date =
                    self.reference.strip_prefix(&format!("{}-", self.client)).unwrap_or(&self.reference);
                format!("rule change {date}")
            }
        }
    }

    /// A UID that stays the same for the same deadline across runs and
    /// differs between books.
    pub fn uid(&self, book: &str) -> String {
        format!("{}-{}@{book}", self.kind.as_str(), self.reference)
    }

    /// The event's title in a calendar program, money written as text
    /// output writes it (`USD 2,250.00`, in the `numbers` style).
    pub fn summary(&self, numbers: Numbers) -> String {
        let what = self.what.text(numbers);
        match self.kind {
            Kind::Invoice => format!("{} due from {} ({what})", self.reference, self.client),
            Kind::Reply => format!("Reply to {}: {what}", self.client),
            Kind::Start => format!("Start work for {}: {what}", self.client),
            Kind::Delivery => format!("Deliver to {}: {what}", self.client),
            Kind::Waiting => format!("{} owes: {what}", self.client),
            Kind::Expiry => format!("Contract {} with {} ends", self.reference, self.client),
            Kind::Notice => format!("Send {} notice of the {}", self.client, self.subject()),
        }
    }

    /// What is due, for whom, and the amount or subject.
    pub fn description(&self, numbers: Numbers) -> String {
        let (client, what, subject) = (&self.client, self.what.text(numbers), self.subject());
        match self.kind {
            Kind::Invoice => {
                format!("Invoice {} from {client} is due: {what} of its principal owed.", self.reference)
            }
            Kind::Reply => format!("Reply to {client} about {subject}: \"{what}\"."),
            Kind::Start => format!("Start the work {client} asked for in {subject}: \"{what}\"."),
            Kind::Delivery => format!("Deliver to {client} the work of {subject}: \"{what}\"."),
            Kind::Waiting => format!("{client} owes you {what} ({subject})."),
            Kind::Expiry => format!("Last day of contract {} with {client} ({what}).", self.reference),
            Kind::Notice => format!(
                "Last day to tell {client} of the stricter {subject} ({what}) with the notice agreed: \
                 expect notice {client}, then expect notice {client} --sent."
            ),
        }
    }
}

/// The iCalendar feed of `deadlines` (in the order given) of the book
/// `book`, amounts in the `numbers` style.
pub fn ics(deadlines: &[Deadline], book: &str, numbers: Numbers) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//expect//expect deadlines//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .name("expect deadlines");
    for d in deadlines {
        let mut event = icalendar::Event::new();
        event
            .uid(&d.uid(book))
            .timestamp(DateTime::from_timestamp(d.stamp, 0).unwrap_or_default())
            .summary(&d.summary(numbers))
            .description(&d.description(numbers));
        event.add_property("CATEGORIES", d.kind.as_str());
        match d.when {
            When::Day(day) => {
                // An all-day event ends (exclusively) the next day.
                event.starts(day).ends(day.checked_add_days(Days::new(1)).unwrap_or(day));
            }
            When::At(ts) => {
                event.starts(DateTime::<Utc>::from_timestamp(ts, 0).unwrap_or_default());
                event.add_property("DURATION", "PT15M");
            }
        }
        cal.push(event.done());
    }
    cal.to_string()
}

#[cfg(test)]
#[path = "feed_tests.rs"]
mod tests;
