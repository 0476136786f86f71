//! Reading mail (SPEC section 12), the pure layer under `expect ingest`:
//! [`source`] finds the messages of a PATH (a Maildir, an mbox, a folder of
//! message files, one file, or stdin) and hands them over one at a time as
//! [`RawMail`] bytes; [`Mail::parse`] turns those bytes into the few facts
//! `ingest` needs (who, to whom, when, the subject, the thread ids, whether
//! a machine sent it) and the [`Mail::key`] that makes re-reading a folder
//! harmless; [`thread`] holds the subject and domain rules that match mail to
//! clients and threads. Decoding is left to `mail-parser` (RFC 5322, RFC 2047
//! and charsets) and `chrono` (obsolete RFC 822 dates); nothing here reads
//! the clock, the database or the network, and no body is kept.

mod address;
mod automatic;
mod digest;
mod mbox;
mod message;
pub mod source;
pub mod thread;

#[cfg(test)]
mod fixture_tests;

pub use address::Mailbox;
pub use automatic::Automatic;
pub use digest::DIGEST_PREFIX;
pub use mbox::MboxReader;
pub use message::{Mail, MailError};
pub use source::{kind_of, open, open_reader, Mails, RawMail, SourceError, SourceKind, BODY_READ_BYTES};
pub use thread::{domain_of, is_public_domain, thread_subject};
