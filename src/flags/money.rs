//! Flags about money (SPEC 8): `overdue-invoice`, `suspension-due` and
//! `unpaid-charges` on the client's side, `unpaid-phase` and `rate-unknown`
//! on yours. Built from plain data: the overdue invoices (with their
//! standing and the reminder sent), the invoices whose principal is paid
//! while charges are still owed, the half-years of statutory interest
//! accrued on a stand-in reference rate, and the phases started while the
//! previous phase was unpaid. Amounts come written out.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, TimeZone};

use super::{sentence, Code, Flag};
use crate::values::{Amount, Numbers, Percent, RateScheme};

/// Where an overdue invoice stands on the reminder ladder, when no step
/// is due to be sent now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ladder {
    /// No step reached yet: the first comes on that day.
    FirstOn(NaiveDate),
    /// The ladder has no steps.
    Empty,
}

/// The latest reminder recorded for an overdue invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminded {
    /// The tone of its step (`friendly`, `firm`, `final`).
    pub tone: String,
    pub on: NaiveDate,
    /// The tone of a higher step reached since and not yet sent.
    pub next_due: Option<&'static str>,
}

/// An overdue invoice as `check` sees it.
pub struct OverdueInvoice<'a, Tz: TimeZone> {
    pub client: &'a str,
    pub number: &'a str,
    pub due: NaiveDate,
    pub days_late: i64,
    /// Written out (`USD 1,081.16`) in the style of `numbers`.
    pub total_due: Amount,
    pub numbers: Numbers,
    /// The start of the first overdue day.
    pub overdue_since: DateTime<Tz>,
    /// `suspend_after`, with the start of the day it is reached, once reached.
    pub suspend: Option<(u32, DateTime<Tz>)>,
    pub reminded: Option<Reminded>,
    /// When nothing was sent: why no reminder is to be sent now, if so.
    pub ladder: Option<Ladder>,
}

/// `overdue-invoice`: the flag of an overdue invoice.
pub fn overdue_invoice<Tz: TimeZone>(i: &OverdueInvoice<'_, Tz>) -> Flag {
    Flag::on_invoice(Code::OverdueInvoice, i.client, i.number, &i.overdue_since, overdue_room(i), |detail| {
        overdue_detail(detail, i);
    })
}

/// The length of [`overdue_detail`]'s sentence: a flag's text is made the
/// size it will be (room to spare, in each of tens of thousands, was a
/// tenth of their memory).
fn overdue_room<Tz: TimeZone>(i: &OverdueInvoice<'_, Tz>) -> usize {
    const DATE: usize = 10;
    let n = i.number.len();
    let due = "invoice ".len() + n + " was due ".len() + DATE + " and is ".len() + digits(i.days_late);
    let owed = " days late: ".len() + i.total_due.text_len(i.numbers) + " now due; ".len();
    let then = match (&i.reminded, &i.ladder) {
        (None, None) => "send `expect remind `".len() + n,
        (None, Some(Ladder::FirstOn(_))) => "its first reminder is due on ".len() + DATE,
        (None, Some(Ladder::Empty)) => "the reminder ladder has no steps".len(),
        (Some(r), _) => {
            let next = r.next_due.map_or(0, |t| "; the  one is due: `expect remind `".len() + t.len() + n);
            "the  reminder was sent on ".len() + r.tone.len() + DATE + next
        }
    };
    due + owed + then
}

/// The length of `n` written in decimal, its sign included.
fn digits(n: i64) -> usize {
    n.unsigned_abs().checked_ilog10().unwrap_or(0) as usize + 1 + usize::from(n < 0)
}

/// The sentence of an `overdue-invoice` flag: what is due, and the
/// reminder to send next (or why none is).
fn overdue_detail<Tz: TimeZone>(detail: &mut String, i: &OverdueInvoice<'_, Tz>) {
    sentence!(detail; "invoice ", i.number, " was due ", i.due, " and is ", i.days_late, " days late: ");
    i.total_due.text_into(i.numbers, detail);
    detail.push_str(" now due; ");
    match &i.reminded {
        None => match i.ladder {
            None => sentence!(detail; "send `expect remind ", i.number, "`"),
            Some(Ladder::FirstOn(day)) => sentence!(detail; "its first reminder is due on ", day),
            Some(Ladder::Empty) => detail.push_str("the reminder ladder has no steps"),
        },
        Some(r) => {
            sentence!(detail; "the ", r.tone, " reminder was sent on ", r.on);
            if let Some(next) = r.next_due {
                sentence!(detail; "; the ", next, " one is due: `expect remind ", i.number, "`");
            }
        }
    }
}

/// `suspension-due`: the flag of an overdue invoice at or past
/// `suspend_after`, if it is.
pub fn suspension_due<Tz: TimeZone>(i: &OverdueInvoice<'_, Tz>) -> Option<Flag> {
    let (after, at) = i.suspend.as_ref()?;
    Some(Flag::on_invoice(
        Code::SuspensionDue,
        i.client,
        i.number,
        at,
        suspension_room(i, *after),
        |detail| {
            sentence!(detail; "invoice ", i.number, " is ", i.days_late, " days late (suspension after ", after, "d): ");
            sentence!(detail; "you may pause work for ", i.client, " until it is paid");
        },
    ))
}

/// The length of a `suspension-due` flag's sentence.
fn suspension_room<Tz: TimeZone>(i: &OverdueInvoice<'_, Tz>, after: u32) -> usize {
    "invoice  is  days late (suspension after d): ".len()
        + i.number.len()
        + digits(i.days_late)
        + digits(i64::from(after))
        + "you may pause work for  until it is paid".len()
        + i.client.len()
}

/// An invoice whose principal is paid while late fee or interest is still
/// owed (and not waived).
pub struct UnpaidCharges<Tz: TimeZone> {
    pub client: String,
    pub number: String,
    pub settled_on: NaiveDate,
    /// The start of the day the principal was paid.
    pub at: DateTime<Tz>,
    /// Written out: `USD 81.16`.
    pub owed: String,
}

/// `unpaid-charges`: one flag per such invoice.
pub fn unpaid_charges<Tz: TimeZone>(items: &[UnpaidCharges<Tz>]) -> Vec<Flag> {
    items
        .iter()
        .map(|i| {
            Flag::on_invoice(Code::UnpaidCharges, &i.client, &i.number, &i.at, 180, |detail| {
                let _ = write!(
                    detail,
                    "the principal of invoice {} was paid on {}, but {} of late fee and interest is still owed: \
                     `expect pay {}` settles it, `expect waive {}` forgoes it",
                    i.number, i.settled_on, i.owed, i.number, i.number
                );
            })
        })
        .collect()
}

/// A half-year of a reference rate that overdue invoices accrue statutory
/// interest on without it being known.
pub struct UnknownHalfYear<Tz: TimeZone> {
    pub scheme: RateScheme,
    /// The half-year's first day.
    pub from: NaiveDate,
    /// The rate that stood in (the nearest known).
    pub used: Percent,
    /// The handles of the clients whose invoices accrue on it.
    pub clients: Vec<String>,
    /// The start of the half-year's first day.
    pub at: DateTime<Tz>,
}

/// `rate-unknown`: one warning per scheme and half-year, naming the config
/// entry to add.
pub fn rate_unknown<Tz: TimeZone>(items: &[UnknownHalfYear<Tz>]) -> Vec<Flag> {
    items
        .iter()
        .filter_map(|u| {
            let first = u.clients.first()?;
            let name = match u.scheme {
                RateScheme::Eu => "the ECB main refinancing rate",
                RateScheme::De => "the Basiszinssatz",
                RateScheme::Uk => "the Bank of England base rate",
            };
            Some(Flag::new(
                Code::RateUnknown,
                first,
                &format!("scheme:{}:{}", u.scheme, u.from),
                format!("reference rate {} from {}", u.scheme, u.from),
                &u.at,
                format!(
                    "statutory interest accrues from {} on {name}, which expect does not know for that half-year, \
                     so {} stands in; add it to the config: [[reference_rates]] scheme = \"{}\" from = \"{}\" \
                     rate = \"...%\"",
                    u.from, u.used, u.scheme, u.from
                ),
            ))
        })
        .collect()
}

/// A phase started (under phase gating) while the previous one was unpaid,
/// and still unpaid.
pub struct UnpaidPhase<Tz: TimeZone> {
    pub client: String,
    pub project: String,
    pub phase: String,
    pub previous: String,
    /// Whether the previous phase has an invoice (issued, not void) yet.
    pub invoiced: bool,
    pub started: DateTime<Tz>,
}

/// `unpaid-phase`: one flag per such phase.
pub fn unpaid_phase<Tz: TimeZone>(items: &[UnpaidPhase<Tz>]) -> Vec<Flag> {
    items
        .iter()
        .map(|p| {
            Flag::new(
                Code::UnpaidPhase,
                &p.client,
                &format!("phase:{}:{}:{}", p.client, p.project, p.phase),
                format!("phase {} of {}", p.phase, p.project),
                &p.started,
                format!(
                    "phase {} of {} started while phase {} is unpaid: {} before going further \
                     (`expect projects --client {}` shows the phases)",
                    p.phase,
                    p.project,
                    p.previous,
                    if p.invoiced { "get its invoice paid" } else { "invoice it and get it paid" },
                    p.client
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    use crate::values::{Currency, Money};

    /// Invoice INV-0007 of acme, 70 days late and past suspension.
    fn inv_0007(
        at: DateTime<Utc>,
        reminded: Option<Reminded>,
        ladder: Option<Ladder>,
    ) -> OverdueInvoice<'static, Utc> {
        OverdueInvoice {
            client: "acme",
            number: "INV-0007",
            due: "2026-10-31".parse().unwrap(),
            days_late: 70,
            total_due: Currency::USD.amount(Money(108_092)),
            numbers: Numbers::Comma,
            overdue_since: at,
            suspend: Some((60, at)),
            reminded,
            ladder,
        }
    }

    /// The room made for a sentence is its length, in every branch.
    #[test]
    fn sentences_are_the_length_worked_out_for_them() {
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let day = "2026-11-02".parse().unwrap();
        let reminded = |next_due| Some(Reminded { tone: "friendly".into(), on: day, next_due });
        let cases = [
            (None, None),
            (None, Some(Ladder::FirstOn(day))),
            (None, Some(Ladder::Empty)),
            (reminded(None), None),
            (reminded(Some("final")), None),
        ];
        for (reminded, ladder) in cases {
            for (days_late, units, numbers) in
                [(70, 108_092, Numbers::Comma), (-3, 0, Numbers::Dot), (123_456, i64::MIN, Numbers::Space)]
            {
                let mut i = inv_0007(at, reminded.clone(), ladder);
                (i.days_late, i.total_due, i.numbers) =
                    (days_late, Currency::USD.amount(Money(units)), numbers);
                let f = overdue_invoice(&i);
                assert_eq!(overdue_room(&i), f.detail().len(), "{}", f.detail());
                i.suspend = Some((u32::MAX, at));
                let s = suspension_due(&i).unwrap();
                assert_eq!(suspension_room(&i, u32::MAX), s.detail().len(), "{}", s.detail());
            }
        }
    }

    #[test]
    fn keys_and_details() {
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let items = [
            inv_0007(at, None, None),
            OverdueInvoice {
                client: "acme",
                number: "INV-0008",
                due: "2026-10-31".parse().unwrap(),
                days_late: 10,
                total_due: Currency::USD.amount(Money(100)),
                numbers: Numbers::Comma,
                overdue_since: at,
                suspend: None,
                reminded: Some(Reminded {
                    tone: "friendly".into(),
                    on: "2026-11-02".parse().unwrap(),
                    next_due: None,
                }),
                ladder: None,
            },
        ];
        let f: Vec<Flag> = items.iter().map(overdue_invoice).collect();
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].key(), "overdue-invoice:invoice:INV-0007");
        assert!(f[0].detail().contains("USD 1,080.92 now due; send `expect remind INV-0007`"));
        assert!(f[1].detail().ends_with("the friendly reminder was sent on 2026-11-02"), "{}", f[1].detail());
        let charges = unpaid_charges(&[UnpaidCharges {
            client: "acme".into(),
            number: "INV-0003".into(),
            settled_on: "2026-11-12".parse().unwrap(),
            at,
            owed: "USD 81.16".into(),
        }]);
        assert_eq!(charges[0].key(), "unpaid-charges:invoice:INV-0003");
        assert!(
            charges[0].detail().contains("USD 81.16")
                && charges[0].detail().contains("`expect pay INV-0003`")
        );
        let rates = rate_unknown(&[UnknownHalfYear {
            scheme: RateScheme::De,
            from: "2026-07-01".parse().unwrap(),
            used: Percent(12_700),
            clients: vec!["acme".into()],
            at,
        }]);
        assert_eq!(rates[0].key(), "rate-unknown:scheme:de:2026-07-01");
        assert_eq!(rates[0].code, Code::RateUnknown);
        assert!(rates[0].detail().contains("scheme = \"de\" from = \"2026-07-01\""), "{}", rates[0].detail());
        let s: Vec<Flag> = items.iter().filter_map(suspension_due).collect();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].key(), "suspension-due:invoice:INV-0007");
        let phase = |invoiced| UnpaidPhase {
            client: "acme".into(),
            project: "site".into(),
            phase: "build".into(),
            previous: "design".into(),
            invoiced,
            started: at,
        };
        let p = unpaid_phase(&[phase(false), phase(true)]);
        assert_eq!(p[0].key(), "unpaid-phase:phase:acme:site:build");
        assert_eq!(p[0].code, Code::UnpaidPhase);
        assert_eq!(
            p[0].detail(),
            "phase build of site started while phase design is unpaid: invoice it and get it paid before \
             going further (`expect projects --client acme` shows the phases)"
        );
        assert!(p[1].detail().contains("design is unpaid: get its invoice paid before going further"));
    }

    #[test]
    fn each_reminder_state_has_its_sentence() {
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let item = |reminded, ladder| inv_0007(at, reminded, ladder);
        let sent =
            |next_due| Reminded { tone: "friendly".into(), on: "2026-11-02".parse().unwrap(), next_due };
        let head = "invoice INV-0007 was due 2026-10-31 and is 70 days late: USD 1,080.92 now due; ";
        let cases = [
            (item(None, None), "send `expect remind INV-0007`"),
            (
                item(None, Some(Ladder::FirstOn("2026-11-07".parse().unwrap()))),
                "its first reminder is due on 2026-11-07",
            ),
            (item(None, Some(Ladder::Empty)), "the reminder ladder has no steps"),
            (item(Some(sent(None)), None), "the friendly reminder was sent on 2026-11-02"),
            (
                item(Some(sent(Some("firm"))), None),
                "the friendly reminder was sent on 2026-11-02; the firm one is due: `expect remind INV-0007`",
            ),
        ];
        for (i, tail) in &cases {
            let f = overdue_invoice(i);
            assert_eq!(f.detail(), format!("{head}{tail}"));
            assert_eq!(
                (f.key(), f.client(), f.subject()),
                ("overdue-invoice:invoice:INV-0007", "acme", "invoice INV-0007")
            );
        }
        let s = suspension_due(&cases[0].0).unwrap();
        assert_eq!(
            s.detail(),
            "invoice INV-0007 is 70 days late (suspension after 60d): you may pause work for acme until it is paid"
        );
        assert_eq!((s.key(), s.subject()), ("suspension-due:invoice:INV-0007", "invoice INV-0007"));
    }
}
