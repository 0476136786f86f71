//! The key of a message without a `Message-ID` (SPEC section 12): a SHA-256
//! digest of its `From`, `Date`, `Subject` and first 4 KiB of body.
//!
//! The digest must not change between versions of `expect` or of
//! `mail-parser`, or mail read before an upgrade would be read again after
//! it. So it is taken over the headers as written (unfolded and trimmed, not
//! decoded), with CR LF read as LF so the same message keeps its key whether
//! a Maildir holds it with CR LF or an mbox with LF; each field goes in with
//! its length, so no two different messages share an input.

use mail_parser::{HeaderName, Message};
use sha2::{Digest as _, Sha256};

use super::message::{first_header, raw_value};
use super::Mailbox;

/// What every digest key starts with. A real `Message-ID` has an `@`
/// (RFC 5322 `id-left "@" id-right`), which a digest key never has.
pub const DIGEST_PREFIX: &str = "sha256:";

/// How much of the body goes into the digest, in bytes (after CR LF is read
/// as LF).
const BODY_BYTES: usize = 4096;

/// `sha256:<64 hex digits>` for `message`, whose `From` is `from`.
pub(super) fn key(message: &Message<'_>, from: &Mailbox) -> String {
    let header = |name: HeaderName<'_>| {
        first_header(message, &name).map(|h| unfold(raw_value(message, h))).unwrap_or_default()
    };
    let mut hasher = Sha256::new();
    for field in [
        from.email_key.as_bytes(),
        &header(HeaderName::Date),
        &header(HeaderName::Subject),
        &body_start(message),
    ] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field);
    }
    let mut key = String::with_capacity(DIGEST_PREFIX.len() + 64);
    key.push_str(DIGEST_PREFIX);
    for byte in hasher.finalize() {
        key.push(char::from(HEX[usize::from(byte >> 4)]));
        key.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    key
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A header value without its line breaks, trimmed.
fn unfold(raw: &[u8]) -> Vec<u8> {
    let kept: Vec<u8> = raw.iter().copied().filter(|b| *b != b'\r' && *b != b'\n').collect();
    kept.trim_ascii().to_vec()
}

/// The first [`BODY_BYTES`] of the body, CR LF read as LF. The body starts
/// after the blank line that ends the headers.
fn body_start(message: &Message<'_>) -> Vec<u8> {
    let raw = message.raw_message();
    let headers_end = message.root_part().headers.iter().map(|h| h.offset_end as usize).max().unwrap_or(0);
    let rest = raw.get(headers_end..).unwrap_or_default();
    let body = rest.strip_prefix(b"\r\n").or_else(|| rest.strip_prefix(b"\n")).unwrap_or(rest);
    let mut out = Vec::with_capacity(BODY_BYTES.min(body.len()));
    let mut bytes = body.iter().copied().peekable();
    while out.len() < BODY_BYTES {
        match bytes.next() {
            Some(b'\r') if bytes.peek() == Some(&b'\n') => {}
            Some(b) => out.push(b),
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::mail::Mail;

    const MESSAGE: &str =
        "Date: Tue, 1 Dec 2026 08:15:00 +0100\nFrom: Acme Website <www-data@acme.example>\n\
                           Subject: New contact\n form entry\n\nName: Zoe\n";

    fn key(raw: &str) -> String {
        Mail::parse(raw.as_bytes()).unwrap().key
    }

    #[test]
    fn stable_and_exact() {
        // Pinned: a change here means every message without a Message-ID
        // would be read again after an upgrade.
        assert_eq!(key(MESSAGE), "sha256:1777fac3b7c94d1106c77f563e332a64c2a77ab0bda16c65a4b0cc764eaa48af");
    }

    #[test]
    fn line_ends_and_header_case_do_not_matter() {
        assert_eq!(key(&MESSAGE.replace('\n', "\r\n")), key(MESSAGE));
        assert_eq!(key(&MESSAGE.replace("Subject:", "SUBJECT:")), key(MESSAGE));
        assert_eq!(key(&MESSAGE.replace("www-data@acme", "WWW-Data@Acme")), key(MESSAGE));
    }

    #[test]
    fn every_field_counts() {
        let base = key(MESSAGE);
        for changed in [
            MESSAGE.replace("08:15:00", "08:15:01"),
            MESSAGE.replace("www-data", "www"),
            MESSAGE.replace("contact", "Contact"),
            MESSAGE.replace("Zoe", "Zoë"),
            MESSAGE.replace("Date: Tue, 1 Dec 2026 08:15:00 +0100\n", ""),
        ] {
            assert_ne!(key(&changed), base, "{changed}");
        }
    }

    #[test]
    fn only_the_first_4_kib_of_body_count() {
        let long = format!("{MESSAGE}{}", "x".repeat(5000));
        let longer = format!("{long}more");
        assert_eq!(key(&long), key(&longer));
        let crlf = format!("{}{}", MESSAGE.replace('\n', "\r\n"), "x\r\n".repeat(3000));
        let lf = format!("{MESSAGE}{}", "x\n".repeat(3000));
        assert_eq!(key(&crlf), key(&lf));
        assert_ne!(key(&lf), key(MESSAGE));
    }

    #[test]
    fn digests_never_look_like_message_ids() {
        let k = key(MESSAGE);
        assert_eq!(k.len(), "sha256:".len() + 64);
        assert!(!k.contains('@'));
        assert_eq!(Mail::parse(b"From: a@b\nMessage-ID: <sha256@x>\n\n").unwrap().key, "sha256@x");
    }
}
