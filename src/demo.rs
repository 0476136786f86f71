//! The demo data of SPEC 9, built through the same operations every
//! command uses, in one transaction against a fresh database, with every
//! date relative to the as-of time; its mail is a small Maildir written
//! into a folder and read by `ingest`'s operation ([`mail`]).

mod mail;

use std::path::Path;

use chrono::{DateTime, Datelike as _, Days, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;

use crate::book::clients::{self, ClientEdit, NewClient};
use crate::book::contracts::{self, NewContract};
use crate::book::invoices::{self, NewInvoice};
use crate::book::mail::IngestReport;
use crate::book::messages::{self, Inbound, Mark};
use crate::book::{projects, work, BookError, Env};
use crate::flags::contract::Topic;
use crate::rules::RulePatch;
use crate::store::{Store, Tx};
use crate::values::{Decimal, Duration, Handle, MoneyInput, Numbers, Person, Unit};

/// What a step of the demo needs: the transaction, the environment, and
/// times relative to now.
struct Demo<'a, 'b> {
    tx: &'a Tx<'b>,
    env: &'a Env<'a>,
}

fn person(s: &str) -> Person {
    s.parse().unwrap_or(Person { name: Some(s.to_string()), email: None })
}

fn handle(s: &str) -> Result<Handle, BookError> {
    s.parse().map_err(|e| BookError::Inconsistent(format!("demo handle {s:?}: {e}")))
}

fn domain(s: &str) -> Result<crate::values::Domain, BookError> {
    s.parse().map_err(|e| BookError::Inconsistent(format!("demo domain {s:?}: {e}")))
}

fn rules(pairs: &[(&str, &str)]) -> RulePatch {
    let mut patch = RulePatch::default();
    for (name, value) in pairs {
        // The demo's own constants: a typo here is caught by the demo test.
        let _ = patch.set(name, value);
    }
    patch
}

/// `units` whole units of the client's currency, as if typed.
fn money(units: i64) -> MoneyInput {
    MoneyInput {
        label: "demo amount".into(),
        text: units.to_string(),
        value: Decimal::new(units, 0),
        currency: None,
        numbers: Numbers::Comma,
    }
}

impl Demo<'_, '_> {
    /// `n` units of `unit` before now (`-3bd`).
    fn ago(&self, n: u32, unit: Unit) -> DateTime<Tz> {
        self.env.cal.sub(self.env.now, Duration::new(n, unit))
    }

    /// The date `n` days before today (`-45d`).
    fn days_ago(&self, n: u32) -> NaiveDate {
        self.ago(n, Unit::Days).date_naive()
    }

    /// The date `n` days after today (`+10d`).
    fn days_ahead(&self, n: u32) -> NaiveDate {
        self.env.cal.add(self.env.now, Duration::new(n, Unit::Days)).date_naive()
    }

    fn client(
        &self,
        h: &str,
        name: &str,
        contact: Option<&str>,
        manager: &str,
        pairs: &[(&str, &str)],
    ) -> Result<(), BookError> {
        let new = NewClient {
            handle: handle(h)?,
            name: name.into(),
            contact: contact.map(person),
            manager: manager.into(),
            currency: self.env.config.currency,
            rules: rules(pairs),
            domains: Vec::new(),
            typed_fees: Vec::new(),
        };
        clients::add_client(self.tx, self.env, &new).map(|_| ())
    }

    /// A message from `from` to the client's manager by e-mail, arrived `at`.
    fn message(client: &str, from: &str, at: DateTime<Tz>, subject: &str) -> Inbound {
        Inbound {
            client: client.into(),
            from: person(from),
            to: None,
            via: "email".into(),
            at,
            subject: subject.into(),
            request: false,
            wants: None,
            fyi: false,
            message_id: None,
            follow_up_of: None,
        }
    }

    fn log(&self, m: &Inbound) -> Result<i64, BookError> {
        Ok(messages::record_message(self.tx, self.env, m)?.id)
    }

    fn mark(&self, id: i64, mark: Mark, at: DateTime<Tz>) -> Result<(), BookError> {
        messages::record_mark(self.tx, self.env, id, mark, at).map(|_| ())
    }

    fn invoice(
        &self,
        client: &str,
        units: i64,
        issued_days_ago: u32,
        phase: Option<(&str, &str)>,
    ) -> Result<String, BookError> {
        let new = NewInvoice {
            client: client.into(),
            amount: money(units),
            number: None,
            issued: self.days_ago(issued_days_ago),
            terms: None,
            due: None,
            phase: phase.map(|(p, ph)| (p.to_string(), ph.to_string())),
        };
        Ok(invoices::add_invoice(self.tx, self.env, &new)?.invoice)
    }
}

/// Fills the (new, empty) database in `store` with the demo situations,
/// its Maildir written into `mail_dir` (a new or empty folder); returns what
/// reading the Maildir did.
pub fn build(store: &mut Store, env: &Env<'_>, mail_dir: &Path) -> Result<IngestReport, BookError> {
    store.write(|tx| {
        let d = Demo { tx, env };
        clients::update_me(tx, "me", Some("Alex Rivera"), Some("alex@studio.example"))?;
        clients::add_member(tx, &handle("sam")?, "Sam Lee", Some("sam@studio.example"))?;
        // A well-run client on net 30 with a late fee and interest.
        d.client(
            "acme",
            "Acme Corp",
            Some("Jane Doe <jane@acme.example>"),
            "me",
            &[("terms", "net30"), ("late_fee", "5%"), ("interest", "1.5%/month"), ("suspend_after", "60d")],
        )?;
        // Staff who write to a team member directly.
        d.client("globex", "Globex Ltd", Some("Hank Scorpio <hank@globex.example>"), "sam", &[])?;
        clients::add_contact(
            tx,
            "globex",
            &person("Frank Grimes <frank@globex.example>"),
            false,
            Some("junior designer"),
            None,
        )?;
        // A client on receipt terms, with Basecamp as a channel.
        d.client(
            "initech",
            "Initech",
            Some("Bill Lumbergh <bill@initech.example>"),
            "me",
            &[("terms", "receipt"), ("channels", "email,basecamp"), ("rush_fee", "50%")],
        )?;
        // A client nobody named a point of contact for.
        d.client("umbrella", "Umbrella Co", None, "me", &[("terms", "net15")])?;
        // A late-fee change not yet announced: effective in 10 days, stricter.
        let edit = ClientEdit {
            rules: rules(&[("late_fee", "10%")]),
            effective: Some(d.days_ahead(10)),
            ..ClientEdit::default()
        };
        clients::edit_client(tx, env, "acme", &edit)?;
        clients::edit_client(
            tx,
            env,
            "globex",
            &ClientEdit { add_domains: vec![domain("globex.example")?], ..ClientEdit::default() },
        )?;
        communication(&d)?;
        money_side(&d)?;
        contract_side(&d)?;
        mail::mailbox(&d, mail_dir)
    })
}

/// The money situations of SPEC 9: an acme invoice 10+ days late with a
/// late fee and interest (partly paid), one past `suspend_after`, an
/// initech invoice on receipt terms, a paid umbrella invoice, a globex
/// project whose second phase started while the first was unpaid, and an
/// acme invoice whose principal was paid late while its late fee and
/// interest are still owed.
fn money_side(d: &Demo<'_, '_>) -> Result<(), BookError> {
    let late = d.invoice("acme", 1500, 45, None)?;
    invoices::pay(d.tx, d.env, &late, Some(&money(500)), d.days_ago(8))?;
    d.invoice("acme", 800, 100, None)?;
    d.invoice("initech", 2400, 5, None)?;
    let paid = d.invoice("umbrella", 900, 40, None)?;
    invoices::pay(d.tx, d.env, &paid, None, d.days_ago(30))?;
    projects::add_project(
        d.tx,
        "globex",
        "website",
        &[("design".into(), money(2000)), ("build".into(), money(6000))],
    )?;
    d.invoice("globex", 2000, 20, Some(("website", "design")))?;
    projects::start_phase(d.tx, "website", "build", None, d.days_ago(3))?;
    let charges = d.invoice("acme", 600, 70, None)?;
    invoices::pay(d.tx, d.env, &charges, None, d.days_ago(25))?;
    Ok(())
}

/// The communication situations of SPEC 9: globex staff writing to a team
/// member directly, a Friday 16:00 request wanting same-day delivery (the
/// most recent Friday 16:00 at or before the as-of time), an unanswered
/// message past its reply limit, and requests late to start, late, and due.
fn communication(d: &Demo<'_, '_>) -> Result<(), BookError> {
    let cal = d.env.cal;
    let at_time = |day: NaiveDate, h: u32, m: u32| {
        cal.keep_local(day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()))
    };
    let today = d.env.today();
    let friday = (0..8)
        .filter_map(|back| today.checked_sub_days(Days::new(back)))
        .find(|day| day.weekday() == Weekday::Fri && at_time(*day, 16, 0) <= d.env.now)
        .unwrap_or(today);

    // Globex's junior designer writes to you instead of Hank writing to Sam.
    let frank = "Frank Grimes <frank@globex.example>";
    let tweak = d.log(&Inbound {
        to: Some("me".into()),
        ..Demo::message("globex", frank, d.ago(1, Unit::BusinessDays), "Can you tweak the logo colours?")
    })?;
    d.mark(tweak, Mark::Replied, d.ago(4, Unit::BusinessHours))?;
    // Friday 16:00: Initech phones Sam wanting it the same evening.
    let tps = d.log(&Inbound {
        to: Some("sam".into()),
        via: "phone".into(),
        wants: Some(at_time(friday, 21, 0)),
        ..Demo::message(
            "initech",
            "bill@initech.example",
            at_time(friday, 16, 0),
            "TPS report cover sheets, tonight",
        )
    })?;
    d.mark(tps, Mark::Replied, at_time(friday, 16, 30))?;
    let jane = "jane@acme.example";
    // Unanswered past its reply limit (1-2bd).
    d.log(&Demo::message("acme", jane, d.ago(3, Unit::BusinessDays), "Question about the last invoice"))?;
    // Past the reply target, not yet the limit.
    d.log(&Demo::message("acme", jane, d.ago(10, Unit::BusinessHours), "Can we move Thursday's call?"))?;
    // A request not started within 2bd and not delivered within 5bd.
    let redesign = d.log(&Inbound {
        request: true,
        ..Demo::message("acme", jane, d.ago(8, Unit::BusinessDays), "Landing page redesign")
    })?;
    d.mark(redesign, Mark::Replied, d.ago(8, Unit::BusinessDays))?;
    // A request due within the next few business hours.
    let banner = d.log(&Inbound {
        request: true,
        ..Demo::message("acme", jane, d.ago(38, Unit::BusinessHours), "Banner resize")
    })?;
    d.mark(banner, Mark::Replied, d.ago(37, Unit::BusinessHours))?;
    d.mark(banner, Mark::Started, d.ago(37, Unit::BusinessHours))?;
    // Something the client owes you, three days late.
    work::waiting_on(d.tx, d.env, "globex", "brand assets", d.days_ago(3))?;
    Ok(())
}

/// The contract situations of SPEC 9: acme's retainer leaves out the late
/// fee it charges (`contract-gap`), globex and initech are covered, and
/// umbrella has no contract at all (`no-contract`). acme's late-fee change,
/// not yet announced, is `unnotified-change`.
fn contract_side(d: &Demo<'_, '_>) -> Result<(), BookError> {
    let contract =
        |signed: u32, kind: &str, rate: i64, expires: Option<NaiveDate>, covers: Vec<Topic>| NewContract {
            signed: d.days_ago(signed),
            kind: Some(kind.into()),
            rate: Some(money(rate)),
            expires,
            covers,
            file: None,
        };
    let acme_covers = vec![
        Topic::Contact,
        Topic::Communication,
        Topic::Payment,
        Topic::Interest,
        Topic::Suspension,
        Topic::Turnaround,
        Topic::Rush,
        Topic::Phases,
    ];
    contracts::add_contract(d.tx, d.env, "acme", &contract(120, "retainer", 4000, None, acme_covers))?;
    contracts::add_contract(d.tx, d.env, "globex", &contract(60, "fixed", 8000, None, Topic::ALL.to_vec()))?;
    contracts::add_contract(
        d.tx,
        d.env,
        "initech",
        &contract(30, "hourly", 120, Some(d.days_ahead(335)), Topic::ALL.to_vec()),
    )?;
    Ok(())
}
