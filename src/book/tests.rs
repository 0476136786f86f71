//! Unit tests of the operations, against an in-memory book at a fixed time:
//! what each decides (bypass, channel, deadlines, numbering, payments
//! allocation and refusals, rule versions and notice, phases, check).

use chrono::{DateTime, NaiveDate, TimeZone as _};
use chrono_tz::Tz;

use super::clients::{self, ClientEdit, NewClient};
use super::invoices::{self, NewInvoice};
use super::messages::{self, Inbound, Mark};
use super::{check, contracts, projects, work, BookError, Env};
use crate::calendar::Calendar;
use crate::config::Config;
use crate::rules::RulePatch;
use crate::store::testing::TestStore;
use crate::values::{Amount, Currency, Handle, Money, MoneyInput, Numbers, Person};

/// Friday 2026-11-27 12:00 UTC, the built-in config.
fn setup() -> (TestStore, Config, Calendar, DateTime<Tz>) {
    let config = Config::builtin("test".into());
    let mut config = config;
    config.timezone = Tz::UTC;
    let cal = config.calendar().unwrap();
    let now = Tz::UTC.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap();
    (crate::store::testing::store(), config, cal, now)
}

/// An amount as typed on the command line.
fn typed(s: &str) -> MoneyInput {
    MoneyInput::parse("AMOUNT", s, Numbers::Comma).unwrap()
}

/// `units` minor units of US dollars.
fn usd(units: i64) -> Amount {
    Currency::USD.amount(Money(units))
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn client(h: &str, contact: Option<&str>, pairs: &[(&str, &str)]) -> NewClient {
    let mut rules = RulePatch::default();
    for (k, v) in pairs {
        rules.set(k, v).unwrap();
    }
    NewClient {
        handle: h.parse::<Handle>().unwrap(),
        name: format!("{h} Corp"),
        contact: contact.map(|c| c.parse::<Person>().unwrap()),
        manager: "me".into(),
        currency: Currency::USD,
        rules,
        domains: Vec::new(),
        typed_fees: Vec::new(),
    }
}

fn inbound(client: &str, from: &str, at: DateTime<Tz>) -> Inbound {
    Inbound {
        client: client.into(),
        from: from.parse().unwrap(),
        to: None,
        via: "email".into(),
        at,
        subject: "Hello".into(),
        request: false,
        wants: None,
        fyi: false,
        message_id: None,
        follow_up_of: None,
    }
}

#[test]
fn a_message_is_judged_when_it_arrives() {
    let (mut store, config, cal, now) = setup();
    let env = Env { now, cal: &cal, config: &config };
    store
        .write(|tx| {
            clients::add_client(
                tx,
                &env,
                &client("acme", Some("Jane <jane@acme.example>"), &[("channels", "email")]),
            )?;
            clients::add_member(tx, &"sam".parse().unwrap(), "Sam", None)?;
            let ok = messages::record_message(tx, &env, &inbound("acme", "jane@acme.example", now))?;
            assert!(!ok.bypassed && !ok.wrong_channel);
            // 1-2bd from Friday 12:00: Monday 12:00 and Tuesday 12:00.
            assert_eq!(ok.reply_target.unwrap().to_rfc3339(), "2026-11-30T12:00:00+00:00");
            assert_eq!(ok.reply_by.unwrap().to_rfc3339(), "2026-12-01T12:00:00+00:00");
            // Someone else, to someone else, by phone: bypassed, wrong channel,
            // and the stranger is now a contact.
            let m = Inbound {
                to: Some("sam".into()),
                via: "phone".into(),
                ..inbound("acme", "Bob <bob@acme.example>", now)
            };
            let odd = messages::record_message(tx, &env, &m)?;
            assert!(odd.bypassed && odd.wrong_channel);
            assert_eq!(odd.from, "Bob <bob@acme.example>");
            // A request wanting it sooner than the turnaround is a rush.
            let r = Inbound {
                request: true,
                wants: Some(now + chrono::TimeDelta::hours(5)),
                ..inbound("acme", "jane@acme.example", now)
            };
            let rush = messages::record_message(tx, &env, &r)?;
            assert!(rush.request && rush.rush);
            assert_eq!(rush.due.unwrap().to_rfc3339(), "2026-12-04T12:00:00+00:00");
            Ok::<_, BookError>(())
        })
        .unwrap();
}

#[test]
fn marks_are_refused_before_arrival_twice_or_on_a_plain_message() {
    let (mut store, config, cal, now) = setup();
    let env = Env { now, cal: &cal, config: &config };
    store
        .write(|tx| {
            clients::add_client(tx, &env, &client("acme", Some("jane@acme.example"), &[]))?;
            let m = messages::record_message(tx, &env, &inbound("acme", "jane@acme.example", now))?;
            let early =
                messages::record_reply(tx, &env, m.id, now - chrono::TimeDelta::hours(1)).unwrap_err();
            assert!(matches!(early, BookError::BeforeArrival { .. }), "{early:?}");
            assert!(matches!(
                messages::record_mark(tx, &env, m.id, Mark::Started, now),
                Err(BookError::NotARequest(_))
            ));
            messages::record_reply(tx, &env, m.id, now)?;
            let again = messages::record_reply(tx, &env, m.id, now).unwrap_err();
            assert_eq!(
                again.to_string(),
                format!("message {} was already answered (2026-11-27 12:00)", m.id)
            );
            assert!(matches!(messages::record_reply(tx, &env, 99, now), Err(BookError::Unknown { .. })));
            Ok::<_, BookError>(())
        })
        .unwrap();
}

#[test]
fn invoices_are_numbered_and_paid_principal_first() {
    let (mut store, config, cal, now) = setup();
    let env = Env { now, cal: &cal, config: &config };
    store
        .write(|tx| {
            clients::add_client(
                tx,
                &env,
                &client("acme", None, &[("late_fee", "5%"), ("interest", "18%/year")]),
            )?;
            let new = |issued: &str| NewInvoice {
                client: "acme".into(),
                amount: typed("1000.00"),
                number: None,
                issued: d(issued),
                terms: None,
                due: None,
                phase: None,
            };
            assert_eq!(invoices::add_invoice(tx, &env, &new("2026-10-01"))?.invoice, "INV-0001");
            let second = invoices::add_invoice(tx, &env, &new("2026-11-20"))?;
            assert_eq!((second.invoice.as_str(), second.due), ("INV-0002", d("2026-12-20")));
            let dup = NewInvoice { number: Some("INV-0001".into()), ..new("2026-11-01") };
            assert!(matches!(invoices::add_invoice(tx, &env, &dup), Err(BookError::InvoiceExists(_))));
            // Due 2026-10-31; on 2026-11-10 the fee is 50.00 and 10 days of
            // interest 1000 × 0.18 × 10 / 365 = 4.93: at most 1,054.93.
            let too_much =
                invoices::pay(tx, &env, "INV-0001", Some(&typed("1054.94")), d("2026-11-10")).unwrap_err();
            assert_eq!(
                too_much.to_string(),
                "more than invoice INV-0001 owes if paid on 2026-11-10 (at most USD 1,054.93)"
            );
            let paid = invoices::pay(tx, &env, "INV-0001", Some(&typed("1054.93")), d("2026-11-10"))?;
            assert_eq!((paid.outstanding, paid.late_fee_owed, paid.interest_owed), (usd(0), usd(0), usd(0)));
            let early = invoices::pay(tx, &env, "INV-0002", None, d("2026-11-01")).unwrap_err();
            assert!(matches!(early, BookError::PaidBeforeIssue { .. }));
            let removed = invoices::unpay(tx, &env, "INV-0001", None)?;
            assert_eq!(removed.amount, usd(105_493));
            invoices::void(tx, &env, "INV-0002", Some("sent twice"))?;
            assert!(matches!(invoices::void(tx, &env, "INV-0002", None), Err(BookError::AlreadyVoid(_))));
            assert!(matches!(
                invoices::pay(tx, &env, "INV-0002", None, d("2026-11-25")),
                Err(BookError::Void(_))
            ));
            Ok::<_, BookError>(())
        })
        .unwrap();
}

#[test]
fn a_stricter_change_waits_for_its_notice_and_an_amendment_keeps_or_clears_it() {
    let (mut store, config, cal, now) = setup();
    let env = Env { now, cal: &cal, config: &config };
    store
        .write(|tx| {
            clients::add_client(tx, &env, &client("acme", None, &[("late_fee", "5%")]))?;
            let mut rules = RulePatch::default();
            rules.set("late_fee", "10%").unwrap();
            let edit = ClientEdit { rules: rules.clone(), ..ClientEdit::default() };
            let e = clients::edit_client(tx, &env, "acme", &edit)?;
            // 30 days of notice from 2026-11-27.
            assert_eq!((e.effective, e.stricter.clone()), (Some(d("2026-12-27")), vec!["late_fee"]));
            let sent = contracts::send_notice(tx, &env, "acme", d("2026-11-27"))?;
            assert_eq!(sent.changes, [d("2026-12-27")]);
            // Milder than announced: the notice stays; stricter: it goes.
            let mut milder = RulePatch::default();
            milder.set("late_fee", "8%").unwrap();
            let e = clients::edit_client(
                tx,
                &env,
                "acme",
                &ClientEdit { rules: milder, effective: Some(d("2026-12-27")), ..ClientEdit::default() },
            )?;
            assert_eq!((e.amended, e.notified), (true, Some(d("2026-11-27"))));
            let mut harsher = RulePatch::default();
            harsher.set("late_fee", "12%").unwrap();
            let e = clients::edit_client(
                tx,
                &env,
                "acme",
                &ClientEdit { rules: harsher, effective: Some(d("2026-12-27")), ..ClientEdit::default() },
            )?;
            assert_eq!(e.notified, None);
            let missing = ClientEdit { notified: Some(d("2026-11-27")), ..ClientEdit::default() };
            assert!(matches!(
                clients::edit_client(tx, &env, "acme", &missing),
                Err(BookError::NoticeWithoutDate { .. })
            ));
            Ok::<_, BookError>(())
        })
        .unwrap();
}

#[test]
fn a_phase_started_before_the_previous_is_paid_is_flagged_until_it_is() {
    let (mut store, config, cal, now) = setup();
    let env = Env { now, cal: &cal, config: &config };
    store
        .write(|tx| {
            clients::add_client(tx, &env, &client("globex", Some("hank@globex.example"), &[]))?;
            let phases = [("design".to_string(), typed("2000")), ("build".to_string(), typed("6000"))];
            projects::add_project(tx, "globex", "site", &phases)?;
            let inv = NewInvoice {
                client: "globex".into(),
                amount: typed("2000"),
                number: None,
                issued: d("2026-11-01"),
                terms: None,
                due: None,
                phase: Some(("site".into(), "design".into())),
            };
            invoices::add_invoice(tx, &env, &inv)?;
            let started = projects::start_phase(tx, "site", "build", None, d("2026-11-20"))?;
            assert_eq!(started.unpaid_previous.as_deref(), Some("design"));
            let flags = check::gather(tx, &env, &check::Filter::default())?;
            let keys: Vec<&str> =
                flags.iter().map(crate::flags::Flag::key).filter(|k| k.starts_with("unpaid-phase")).collect();
            assert_eq!(keys, ["unpaid-phase:phase:globex:site:build"]);
            invoices::pay(tx, &env, "INV-0001", None, d("2026-11-25"))?;
            let flags = check::gather(tx, &env, &check::Filter::default())?;
            assert!(!flags.iter().any(|f| f.key().starts_with("unpaid-phase")));
            let twice = projects::start_phase(tx, "site", "build", None, d("2026-11-21")).unwrap_err();
            assert_eq!(twice.to_string(), "phase build of site already started on 2026-11-20");
            Ok::<_, BookError>(())
        })
        .unwrap();
}

#[test]
fn waiting_items_and_dismissals() {
    let (mut store, config, cal, now) = setup();
    let env = Env { now, cal: &cal, config: &config };
    store
        .write(|tx| {
            clients::add_client(tx, &env, &client("acme", Some("jane@acme.example"), &[]))?;
            let item = work::waiting_on(tx, &env, "acme", "copy", d("2026-11-20"))?;
            let flags = check::gather(tx, &env, &check::Filter::default())?;
            let late = format!("client-late:waiting:{}", item.id);
            assert!(flags.iter().any(|f| f.key() == late), "{flags:?}");
            assert!(check::dismiss(tx, &env, &late)?);
            assert!(!check::dismiss(tx, &env, &late)?);
            assert!(!check::gather(tx, &env, &check::Filter::default())?.iter().any(|f| f.key() == late));
            assert!(matches!(check::dismiss(tx, &env, "no-such:key"), Err(BookError::UnknownFlag(_))));
            check::undismiss(tx, &late)?;
            assert!(matches!(check::undismiss(tx, &late), Err(BookError::NotDismissed(_))));
            let got = work::received(tx, &env, item.id, d("2026-11-26"))?;
            assert_eq!(got.received, Some(d("2026-11-26")));
            assert!(matches!(
                work::received(tx, &env, item.id, d("2026-11-27")),
                Err(BookError::AlreadyReceived { .. })
            ));
            Ok::<_, BookError>(())
        })
        .unwrap();
}

#[test]
fn clients_refuse_duplicates_and_archiving_with_a_balance() {
    let (mut store, config, cal, now) = setup();
    let env = Env { now, cal: &cal, config: &config };
    store
        .write(|tx| {
            let view = clients::add_client(tx, &env, &client("acme", Some("Jane <jane@acme.example>"), &[]))?;
            assert_eq!((view.contacts.len(), view.rules.terms.as_str()), (1, "net30"));
            assert!(matches!(
                clients::add_client(tx, &env, &client("acme", None, &[])),
                Err(BookError::ClientExists(_))
            ));
            let inv = NewInvoice {
                client: "acme".into(),
                amount: typed("0.01"),
                number: None,
                issued: d("2026-11-27"),
                terms: None,
                due: None,
                phase: None,
            };
            invoices::add_invoice(tx, &env, &inv)?;
            let refused = clients::set_archived(tx, "acme", true).unwrap_err();
            assert_eq!(refused.to_string(), "client acme has 1 invoice with a balance");
            invoices::pay(tx, &env, "INV-0001", None, d("2026-11-27"))?;
            assert!(clients::set_archived(tx, "acme", true)?);
            assert!(!clients::set_archived(tx, "acme", true)?);
            assert!(matches!(invoices::add_invoice(tx, &env, &inv), Err(BookError::Archived(_))));
            Ok::<_, BookError>(())
        })
        .unwrap();
}
