//! Reading mail (SPEC section 12), the pure layer under `expect ingest`:
//! [`Mail::parse`] turns one message's bytes into the few facts `ingest`
//! needs (who, to whom, when, the subject, the thread ids, whether a machine
//! sent it) and the [`Mail::key`] that makes re-reading a folder harmless.
//! Decoding is left to `mail-parser` (RFC 5322, RFC 2047 and charsets) and
//! `chrono` (obsolete RFC 822 dates); nothing here reads the clock, the
//! database or the network, and no body is kept.

mod address;
mod automatic;
mod digest;
mod message;

#[cfg(test)]
mod fixture_tests;

pub use address::Mailbox;
pub use automatic::Automatic;
pub use digest::DIGEST_PREFIX;
pub use message::{Mail, MailError};
