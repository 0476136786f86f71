//! A letter as an e-mail (RFC 5322), built with `mail-builder`: From, To,
//! Date, Message-ID, Subject and a UTF-8 text body, ready for a mail
//! program to open or send. Pure: values in, bytes out.

use chrono::{DateTime, TimeZone};
use mail_builder::headers::address::Address;
use mail_builder::headers::raw::Raw;
use mail_builder::MessageBuilder;

/// One person on a message.
#[derive(Debug, Clone, Copy)]
pub struct Mailbox<'a> {
    pub name: Option<&'a str>,
    pub email: &'a str,
}

impl<'a> From<Mailbox<'a>> for Address<'a> {
    fn from(m: Mailbox<'a>) -> Address<'a> {
        Address::new_address(m.name, m.email)
    }
}

/// The message from `from` to `to` sent at `date` (its Date header in
/// `date`'s offset, as a mail program writes it), known by `message_id`
/// (without `<>`).
pub fn message<Tz: TimeZone>(
    from: Mailbox<'_>,
    to: Mailbox<'_>,
    date: &DateTime<Tz>,
    message_id: &str,
    subject: &str,
    body: &str,
) -> Vec<u8> {
    let built = MessageBuilder::new()
        .from(from)
        .to(to)
        // In the sender's own offset (mail-builder's Date writes UTC only).
        .header("Date", Raw::new(date.fixed_offset().to_rfc2822()))
        .message_id(message_id)
        .subject(subject)
        .text_body(body);
    // Writing into memory cannot fail.
    built.write_to_vec().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_reads_back() {
        let at = chrono::Utc.with_ymd_and_hms(2026, 11, 10, 9, 30, 0).unwrap();
        let bytes = message(
            Mailbox { name: Some("Alex Rivera"), email: "alex@studio.example" },
            Mailbox { name: Some("Jane Doe"), email: "jane@acme.example" },
            &at,
            "r1.abc@studio.example",
            "Friendly reminder: invoice INV-0001 was due 2026-10-31",
            "Hello Jane Doe,\n\nTotal now due: EUR 1.081,16 — thank you.\n",
        );
        let m = mail_parser::MessageParser::default().parse(&bytes).unwrap();
        assert_eq!(m.from().and_then(|a| a.first()).and_then(|a| a.address()), Some("alex@studio.example"));
        assert_eq!(m.to().and_then(|a| a.first()).and_then(|a| a.address()), Some("jane@acme.example"));
        assert_eq!(m.message_id(), Some("r1.abc@studio.example"));
        assert_eq!(m.subject(), Some("Friendly reminder: invoice INV-0001 was due 2026-10-31"));
        assert_eq!(m.date().map(mail_parser::DateTime::to_timestamp), Some(at.timestamp()));
        assert!(m.body_text(0).unwrap().contains("EUR 1.081,16 — thank you."));
        assert!(String::from_utf8_lossy(&bytes).contains("Date: Tue, 10 Nov 2026 09:30:00 +0000\r\n"));
    }

    #[test]
    fn the_date_is_in_the_senders_offset() {
        let berlin = chrono_tz::Europe::Berlin.with_ymd_and_hms(2026, 11, 10, 9, 30, 0).unwrap();
        let me = Mailbox { name: None, email: "alex@studio.example" };
        let bytes = message(me, me, &berlin, "r2.abc@studio.example", "Hi", "Hello\n");
        assert!(String::from_utf8_lossy(&bytes).contains("Date: Tue, 10 Nov 2026 09:30:00 +0100\r\n"));
        let m = mail_parser::MessageParser::default().parse(&bytes).unwrap();
        assert_eq!(m.date().map(mail_parser::DateTime::to_timestamp), Some(berlin.timestamp()));
    }
}
