//! Exact values for every fixture under `tests/fixtures/mail/`: messages as
//! Thunderbird, Gmail, Outlook, Apple Mail, mutt and machines write them.

use chrono::{DateTime, FixedOffset};

use super::{Automatic, Mail, MailError, Mailbox};

macro_rules! fixture {
    ($name:literal) => {
        Mail::parse(include_bytes!(concat!("../../tests/fixtures/mail/", $name)))
    };
}

fn mb(name: Option<&str>, email: &str) -> Mailbox {
    Mailbox { name: name.map(str::to_string), email: email.to_string(), email_key: email.to_lowercase() }
}

fn at(rfc3339: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap()
}

fn strings(ids: &[&str]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

/// A mail with the given ids and no recipients, dates or thread: fields are
/// set per fixture with struct update syntax.
fn mail(id: &str, from: Mailbox, subject: &str) -> Mail {
    Mail {
        message_id: Some(id.to_string()),
        key: id.to_string(),
        from,
        to: vec![],
        cc: vec![],
        date: None,
        subject: subject.to_string(),
        in_reply_to: vec![],
        references: vec![],
        automatic: None,
    }
}

#[test]
fn thunderbird() {
    let id = "3f6a1c2e-9b7d-4e21-8a5f-0c4d2e1b7a90@studio.example";
    assert_eq!(
        fixture!("thunderbird.eml"),
        Ok(Mail {
            to: vec![
                mb(Some("Doe, Jane"), "jane@acme.example"),
                Mailbox {
                    name: Some("Bob Smith".to_string()),
                    email: "Bob.Smith@Acme.Example".to_string(),
                    email_key: "bob.smith@acme.example".to_string(),
                },
                mb(Some("Pat \"PJ\" O'Neil"), "pat@acme.example"),
            ],
            cc: vec![mb(None, "accounts@acme.example")],
            date: Some(at("2026-11-26T14:03:27+01:00")),
            in_reply_to: strings(&["7E2B9C41-5D3A-4F8E-9A61-2C0B8D4E3F17@acme.example"]),
            references: strings(&[
                "CAJx8p7QmZ4bq1YV=k3m9dXw_R2t+uE@mail.gmail.com",
                "7E2B9C41-5D3A-4F8E-9A61-2C0B8D4E3F17@acme.example",
            ]),
            ..mail(
                id,
                mb(Some("Sam Freelancer"), "sam@studio.example"),
                "Re: Website redesign — second draft ✓"
            )
        })
    );
}

#[test]
fn gmail_crlf_utf8_q() {
    let id = "CAJx8p7QmZ4bq1YV=k3m9dXw_R2t+uE@mail.gmail.com";
    let jane = Mailbox {
        name: Some("Jane Doe".to_string()),
        email: "Jane@Acme.Example".to_string(),
        email_key: "jane@acme.example".to_string(),
    };
    assert_eq!(
        fixture!("gmail.eml"),
        Ok(Mail {
            to: vec![mb(Some("Sam Freelancer"), "sam@studio.example")],
            cc: vec![mb(Some("Smith, Bob"), "bob@acme.example"), mb(Some("Zoë Ng"), "zoe@acme.example")],
            date: Some(at("2026-11-27T16:05:12+01:00")),
            ..mail(id, jane, "Kick-off call – café on Monday?")
        })
    );
}

#[test]
fn outlook_crlf_latin1_q() {
    let id = "AM0PR07MB4123E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0@AM0PR07MB4123.eurprd07.prod.outlook.com";
    assert_eq!(
        fixture!("outlook.eml"),
        Ok(Mail {
            to: vec![mb(Some("Sam Freelancer"), "sam@studio.example")],
            cc: vec![mb(Some("O'Neil, Pat"), "pat@acme.example"), mb(Some("Doe, Jane"), "jane@acme.example")],
            date: Some(at("2026-11-30T09:14:02+00:00")),
            in_reply_to: strings(&["20261129210133.GA4123@studio.example"]),
            references: strings(&["20261129210133.GA4123@studio.example"]),
            ..mail(
                id,
                mb(Some("Jürgen Müller"), "juergen.mueller@acme.example"),
                "AW: Angebot für die Website-Überarbeitung",
            )
        })
    );
}

#[test]
fn apple_mail_folded_subject() {
    let id = "7E2B9C41-5D3A-4F8E-9A61-2C0B8D4E3F17@acme.example";
    assert_eq!(
        fixture!("apple-mail.eml"),
        Ok(Mail {
            to: vec![mb(Some("Sam Freelancer"), "sam@studio.example")],
            date: Some(at("2026-11-28T10:30:45-05:00")),
            ..mail(
                id,
                mb(Some("Bob Smith"), "bob@acme.example"),
                "Invoice 2026-014 and the remaining deliverables for the spring campaign landing pages",
            )
        })
    );
}

#[test]
fn mutt_group_and_latin1_b() {
    let id = "20261129210133.GA4123@studio.example";
    let outlook = "AM0PR07MB4000A1B2C3D4E5F6@AM0PR07MB4000.eurprd07.prod.outlook.com";
    assert_eq!(
        fixture!("mutt.eml"),
        Ok(Mail {
            to: vec![mb(Some("Doe, Jane"), "jane@acme.example"), mb(Some("Bob Smith"), "bob@acme.example")],
            cc: vec![mb(Some("Jürgen Müller"), "juergen.mueller@acme.example")],
            date: Some(at("2026-11-29T22:01:33+01:00")),
            in_reply_to: strings(&[outlook]),
            references: strings(&[outlook]),
            ..mail(id, mb(Some("Sam Freelancer"), "sam@studio.example"), "Re: Änderungswünsche für Seite 3")
        })
    );
}

#[test]
fn latin1_b_subject_and_a_name_with_comma_and_quotes() {
    let pat = Mailbox {
        name: Some("O'Neil, Pat \"PJ\"".to_string()),
        email: "Pat.ONeil@Acme.Example".to_string(),
        email_key: "pat.oneil@acme.example".to_string(),
    };
    assert_eq!(
        fixture!("latin1-b-client.eml"),
        Ok(Mail {
            to: vec![
                mb(Some("Sam Lee"), "sam@studio.example"),
                mb(Some("Rivera, Alex"), "alex@studio.example")
            ],
            cc: vec![mb(Some("Doe, Jane"), "jane@acme.example"), mb(None, "accounts@acme.example")],
            date: Some(at("2026-12-02T08:30:00-05:00")),
            ..mail("CAF-pat-0001@mail.gmail.com", pat, "Änderung der Rechnung für März")
        })
    );
}

#[test]
fn obsolete_date_and_comment_name() {
    let id = "8611271605.AA01234@mail.acme.example";
    assert_eq!(
        fixture!("obsolete-date.eml"),
        Ok(Mail {
            to: vec![mb(None, "sam@studio.example")],
            date: Some(at("2026-11-27T16:05:00-05:00")),
            ..mail(id, mb(Some("Jane Doe"), "jane@acme.example"), "Re: Re[2]: RE : Fwd: logo files")
        })
    );
}

#[test]
fn missing_date() {
    let id = "mfp3f.20261130.0001@scanner.acme.example";
    assert_eq!(
        fixture!("no-date.eml"),
        Ok(Mail {
            to: vec![mb(None, "sam@studio.example")],
            ..mail(id, mb(Some("Acme Scanner"), "scanner@acme.example"), "Scanned document from MFP-3F")
        })
    );
}

#[test]
fn missing_message_id_gets_a_digest_key() {
    assert_eq!(
        fixture!("no-message-id.eml"),
        Ok(Mail {
            message_id: None,
            key: "sha256:88ef50b3d1df39a6d717809f598cb85e9cbe8efd92250bf9fdab6e50b2730968".to_string(),
            to: vec![mb(None, "sam@studio.example")],
            date: Some(at("2026-12-01T08:15:00+01:00")),
            ..mail(
                "",
                mb(Some("Acme Website"), "www-data@acme.example"),
                "New contact form entry: brief for the spring campaign",
            )
        })
    );
}

#[test]
fn auto_reply() {
    let id = "BN8PR11MB3601B2A7C5D9E0F1@BN8PR11MB3601.namprd11.prod.outlook.com";
    assert_eq!(
        fixture!("auto-reply.eml"),
        Ok(Mail {
            to: vec![mb(Some("Sam Freelancer"), "sam@studio.example")],
            date: Some(at("2026-12-01T09:00:03-05:00")),
            automatic: Some(Automatic::AutoSubmitted("auto-replied".to_string())),
            ..mail(id, mb(Some("Bob Smith"), "bob@acme.example"), "Automatic reply: Invoice 2026-014")
        })
    );
}

#[test]
fn mailing_list() {
    let id = "b7c1f3e0-2a44-4d6e-9c3b-5e8f0a1d2c34@acme.example";
    assert_eq!(
        fixture!("mailing-list.eml"),
        Ok(Mail {
            to: vec![mb(None, "dev@lists.acme.example")],
            date: Some(at("2026-12-02T11:20:00+01:00")),
            automatic: Some(Automatic::ListId("dev.lists.acme.example".to_string())),
            ..mail(id, mb(Some("Jane Doe"), "jane@acme.example"), "[acme-dev] Staging server moves on Friday")
        })
    );
}

#[test]
fn newsletter_bulk_and_split_utf8_b_words() {
    let id = "20261203070000.4711.news@mailer.acme.example";
    assert_eq!(
        fixture!("newsletter.eml"),
        Ok(Mail {
            to: vec![mb(None, "sam@studio.example")],
            date: Some(at("2026-12-03T07:00:00+00:00")),
            automatic: Some(Automatic::Precedence("bulk".to_string())),
            ..mail(id, mb(Some("Acme News"), "news@acme.example"), "📣 December offers for studios")
        })
    );
}

#[test]
fn bounce() {
    let id = "20261203094217.9E2D1C0A7F@mail.studio.example";
    assert_eq!(
        fixture!("bounce.eml"),
        Ok(Mail {
            to: vec![mb(None, "sam@studio.example")],
            date: Some(at("2026-12-03T10:42:17+01:00")),
            automatic: Some(Automatic::DeliveryReport),
            ..mail(
                id,
                mb(Some("Mail Delivery System"), "MAILER-DAEMON@mail.studio.example"),
                "Undelivered Mail Returned to Sender",
            )
        })
    );
}

#[test]
fn not_messages() {
    assert_eq!(fixture!("not-a-message.txt"), Err(MailError::NoHeaders));
    assert_eq!(fixture!("not-a-message.png"), Err(MailError::NoFrom));
}

#[test]
fn line_ends_do_not_change_a_message() {
    let crlf = include_bytes!("../../tests/fixtures/mail/outlook.eml");
    let lf: Vec<u8> = String::from_utf8_lossy(crlf).replace("\r\n", "\n").into_bytes();
    assert_eq!(Mail::parse(&lf), Mail::parse(crlf));
    let no_id = include_str!("../../tests/fixtures/mail/no-message-id.eml");
    assert_eq!(Mail::parse(no_id.replace('\n', "\r\n").as_bytes()), Mail::parse(no_id.as_bytes()));
}
