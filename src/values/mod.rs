//! Parsing and canonical display of every value a user types on the command
//! line or in the config (SPEC section 3), and that a rule shows back in its
//! canonical form (SPEC section 5): durations and ranges, money and
//! currencies, fees, rates, payment terms, cut-offs, people, handles, mail
//! domains and one-line texts. Every parser returns a
//! [`ParseError`] whose message says what was expected, with an example, and
//! every type's `Display` output parses back to the same value. No floating
//! point is used anywhere.

pub mod codes;
mod currency;
mod cutoff;
mod date;
mod decimal;
mod domain;
mod duration;
mod error;
mod handle;
mod money;
mod near;
mod person;
mod rate;
mod terms;
pub mod text;

pub use currency::Currency;
pub use cutoff::{parse_clock, parse_hours_range, parse_weekday, weekday_abbrev, Cutoff};
pub use date::{
    date_string, iso_date, parse_iso_date, parse_iso_date_bytes, serialize_instant, write_iso_date,
    write_iso_instant, IsoDate,
};
pub use decimal::{Decimal, MoneyError, MoneyInput};
pub use domain::Domain;
pub use duration::{Duration, Span, Unit};
pub use error::ParseError;
pub use handle::Handle;
pub use money::{Amount, Money, Numbers, NARROW_SPACE};
pub use near::closest;
pub use person::{parse_email, Person};
pub use rate::{Fee, Interest, Percent, Rate, RatePeriod, RateScheme, Statutory};
pub use terms::Terms;
