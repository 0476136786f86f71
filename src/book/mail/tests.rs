//! `ingest` against an in-memory book at a fixed time: who mail is from,
//! follow-ups and chasers, replies, reminders, skipping and reading twice.

use std::io::Cursor;
use std::path::PathBuf;

use chrono::TimeZone as _;
use chrono_tz::Tz;

use super::*;
use crate::book::check::{gather, Filter};
use crate::book::clients::{add_client, add_member, edit_client, ClientEdit, NewClient};
use crate::book::messages::{self, MessageView};
use crate::config::Config;
use crate::mail::open_reader;
use crate::rules::RulePatch;
use crate::store::records::{InvoiceRecord, ReminderRecord};
use crate::store::testing::TestStore;
use crate::store::Store;

/// Monday 2026-11-30 12:00 UTC.
fn config() -> Config {
    let mut c = Config::builtin(PathBuf::from("test"));
    c.timezone = Tz::UTC;
    c.mail.addresses = vec!["hello@studio.example".into()];
    c
}

fn t(d: u32, h: u32, m: u32) -> DateTime<Tz> {
    Tz::UTC.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap()
}

/// A book with me (alex@), sam (sam@); acme (Jane primary, domain
/// acme.example, managed by me) and globex (Hank, managed by sam), both added
/// on 2026-11-02; pat@gmail.com a contact of both.
fn book(config: &Config) -> TestStore {
    let cal = config.calendar().unwrap();
    let env = Env { now: t(2, 9, 0), cal: &cal, config };
    let mut store = crate::store::testing::store();
    store
        .write(|tx| {
            crate::book::clients::update_me(tx, "me", Some("Alex"), Some("alex@studio.example"))?;
            add_member(tx, &"sam".parse().unwrap(), "Sam", Some("sam@studio.example"))?;
            for (handle, contact, manager, domains) in [
                ("acme", "Jane Doe <jane@acme.example>", "me", vec!["acme.example".parse().unwrap()]),
                ("globex", "Hank <hank@globex.example>", "sam", vec![]),
            ] {
                let new = NewClient {
                    handle: handle.parse().unwrap(),
                    name: handle.into(),
                    contact: Some(contact.parse().unwrap()),
                    manager: manager.into(),
                    currency: crate::values::Currency::USD,
                    rules: RulePatch::default(),
                    domains,
                    typed_fees: Vec::new(),
                };
                add_client(tx, &env, &new)?;
                crate::book::clients::add_contact(
                    tx,
                    handle,
                    &"pat@gmail.com".parse().unwrap(),
                    false,
                    None,
                    None,
                )?;
            }
            Ok::<_, BookError>(())
        })
        .unwrap();
    store
}

/// One message: `From`, `To`, `Date` (day, hour, minute of November),
/// `Subject`, and extra header lines.
fn mail(from: &str, to: &str, at: (u32, u32, u32), subject: &str, extra: &str) -> String {
    let date = t(at.0, at.1, at.2).to_rfc2822();
    format!("From: {from}\nTo: {to}\nDate: {date}\nSubject: {subject}\n{extra}\nbody\n")
}

struct Ran {
    report: IngestReport,
}

fn ingest_at(
    store: &mut Store,
    config: &Config,
    now: DateTime<Tz>,
    messages: &[String],
    since: Option<DateTime<Tz>>,
) -> Ran {
    let cal = config.calendar().unwrap();
    let env = Env { now, cal: &cal, config };
    let sources: Vec<Mails> =
        messages.iter().map(|m| open_reader(Cursor::new(m.clone().into_bytes())).unwrap()).collect();
    let mut sources = Some(sources);
    let report = store
        .write(|tx| {
            let sources = sources.take().expect("one run: a test book has no other writer");
            ingest(tx, &env, sources, &IngestOptions { since }, &mut |_| {})
        })
        .unwrap_or_else(|e| panic!("{e}"));
    Ran { report }
}

fn list(store: &Store, config: &Config, now: DateTime<Tz>) -> Vec<MessageView> {
    let cal = config.calendar().unwrap();
    messages::list(&store.read(), &Env { now, cal: &cal, config }, None, false).unwrap()
}

fn flag_keys(store: &Store, config: &Config, now: DateTime<Tz>) -> Vec<String> {
    let cal = config.calendar().unwrap();
    gather(&store.read(), &Env { now, cal: &cal, config }, &Filter::default())
        .unwrap()
        .into_iter()
        .filter(|f| !f.key().starts_with("no-contract"))
        .map(|f| f.key().to_string())
        .collect()
}

#[path = "thread_tests.rs"]
mod thread;

fn actions(r: &Ran) -> Vec<(Action, i64, &str)> {
    r.report.rows.iter().map(|row| (row.action, row.id, row.client.as_str())).collect()
}

#[test]
fn who_mail_is_from() {
    let config = config();
    let mut store = book(&config);
    let run = ingest_at(
        &mut store,
        &config,
        t(30, 12, 0),
        &[
            mail(
                "Jane Doe <JANE@acme.example>",
                "alex@studio.example",
                (27, 9, 0),
                "Logo",
                "Message-ID: <1@acme>",
            ),
            // A new address at acme's domain: a new contact with its name.
            mail(
                "\"Smith, Bob\" <bob@acme.example>",
                "alex@studio.example",
                (27, 10, 0),
                "Fonts",
                "Message-ID: <2@acme>",
            ),
            mail(
                "Hank <hank@globex.example>",
                "Sam <sam@studio.example>",
                (27, 11, 0),
                "Hi",
                "Message-ID: <3@g>",
            ),
            mail("pat@gmail.com", "alex@studio.example", (27, 12, 0), "Both", "Message-ID: <4@g>"),
            mail("pat@gmail.com", "alex@studio.example", (27, 13, 0), "Both again", "Message-ID: <5@g>"),
            mail("zed@elsewhere.example", "alex@studio.example", (27, 14, 0), "Spam", "Message-ID: <6@e>"),
            mail(
                "jane@acme.example",
                "alex@studio.example",
                (27, 15, 0),
                "Away",
                "Auto-Submitted: auto-replied",
            ),
            // Before acme was added (2026-11-02).
            mail("jane@acme.example", "alex@studio.example", (1, 9, 0), "Old", "Message-ID: <7@acme>"),
        ],
        None,
    );
    assert_eq!(
        actions(&run),
        [(Action::Logged, 1, "acme"), (Action::Logged, 2, "acme"), (Action::Logged, 3, "globex")]
    );
    let c = run.report.counts;
    assert_eq!((c.read, c.logged, c.not_from_a_client, c.automatic, c.too_early), (8, 3, 3, 1, 1));
    assert_eq!(
        run.report.warnings,
        ["-: pat@gmail.com is a contact of acme and globex: skipped (keep the address at one client)"]
    );
    let m = list(&store, &config, t(30, 12, 0));
    assert_eq!(m[0].from, "Jane Doe <jane@acme.example>");
    assert!(!m[0].bypassed);
    assert_eq!(m[1].from, "Smith, Bob <bob@acme.example>");
    assert!(m[1].bypassed, "not the primary contact");
    assert_eq!((m[2].to.as_str(), m[2].bypassed), ("sam", false));
    assert_eq!(m[0].at, t(27, 9, 0));
    // --since reads the old one too.
    let run = ingest_at(
        &mut store,
        &config,
        t(30, 12, 0),
        &[mail("jane@acme.example", "alex@studio.example", (1, 9, 0), "Old", "Message-ID: <7@acme>")],
        Some(t(1, 0, 0)),
    );
    assert_eq!(actions(&run), [(Action::Logged, 4, "acme")]);
}

#[test]
fn to_whom_decides_bypass() {
    let config = config();
    let mut store = book(&config);
    ingest_at(
        &mut store,
        &config,
        t(30, 12, 0),
        &[
            // To sam only: bypasses the manager (me).
            mail("jane@acme.example", "sam@studio.example", (27, 9, 0), "A", "Message-ID: <a@x>"),
            // The manager in Cc: to the manager.
            mail(
                "jane@acme.example",
                "sam@studio.example",
                (27, 9, 1),
                "B",
                "Message-ID: <b@x>\nCc: alex@studio.example",
            ),
            // An alias: no member named, the manager.
            mail("jane@acme.example", "hello@studio.example", (27, 9, 2), "C", "Message-ID: <c@x>"),
        ],
        None,
    );
    let m = list(&store, &config, t(30, 12, 0));
    let got: Vec<(&str, bool)> = m.iter().map(|m| (m.to.as_str(), m.bypassed)).collect();
    assert_eq!(got, [("sam", true), ("me", false), ("me", false)]);
}

#[test]
fn a_named_file_must_be_a_message_a_folder_may_hold_others() {
    let config = config();
    let mut store = book(&config);
    let cal = config.calendar().unwrap();
    let env = Env { now: t(30, 12, 0), cal: &cal, config: &config };
    let err = store
        .write(|tx| {
            let sources = vec![open_reader(Cursor::new(b"just words\n".to_vec())).unwrap()];
            ingest(tx, &env, sources, &IngestOptions::default(), &mut |_| {})
        })
        .unwrap_err();
    assert_eq!(err.to_string(), "-: not a message: no header lines");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.eml"), mail("jane@acme.example", "x@y.example", (27, 9, 0), "Hi", ""))
        .unwrap();
    std::fs::write(dir.path().join("b.txt"), "notes\n").unwrap();
    let mut steps = Vec::new();
    let report = store
        .write(|tx| {
            let sources = vec![crate::mail::open(dir.path()).unwrap()];
            ingest(tx, &env, sources, &IngestOptions::default(), &mut |s| steps.push(s))
        })
        .unwrap();
    assert_eq!(report.counts.logged, 1);
    assert_eq!(report.counts.unreadable, 1);
    assert_eq!(
        report.warnings,
        [format!("{}: not a message: no header lines: skipped", dir.path().join("b.txt").display())]
    );
    assert_eq!(steps, [Step::Read(1), Step::Read(2), Step::Recorded { done: 1, of: 1 }]);
    // Without a Message-ID the digest names it: read again, it is known.
    assert!(report.rows[0].message_id.starts_with("sha256:"));
    let again = store
        .write(|tx| {
            ingest(
                tx,
                &env,
                vec![crate::mail::open(dir.path()).unwrap()],
                &IngestOptions::default(),
                &mut |_| {},
            )
        })
        .unwrap();
    assert_eq!((again.counts.logged, again.counts.already_read), (0, 1));
}

#[test]
fn the_same_mail_in_two_folders_is_recorded_once() {
    let config = config();
    let mut store = book(&config);
    let one =
        mail("jane@acme.example", "alex@studio.example", (27, 9, 0), "Twice", "Message-ID: <twice@acme>");
    let sent = mail(
        "alex@studio.example",
        "jane@acme.example",
        (27, 10, 0),
        "Re: Twice",
        "Message-ID: <r@st>\nIn-Reply-To: <twice@acme>",
    );
    let run = ingest_at(&mut store, &config, t(30, 12, 0), &[one.clone(), sent.clone(), one, sent], None);
    assert_eq!(actions(&run), [(Action::Logged, 1, "acme"), (Action::Replied, 1, "acme")]);
    assert_eq!(run.report.counts.already_read, 2);
}
