//! Money owed (SPEC 6): an invoice's standing on a day — principal paid and
//! outstanding, whether it is overdue, the late fee and interest it carries
//! (fixed or statutory, with the reference-rate table behind the latter),
//! what of them is paid, owed or waived, its aging bucket and whether
//! service may be suspended — the reminder ladder with the texts it sends,
//! and the receivables as a ledger journal. Pure: values in, values out; no
//! SQL, no clock, no floating point; amounts in the currency's minor unit.

mod accrual;
mod aging;
pub mod invoice;
pub mod journal;
pub mod reference_rates;
pub mod reminders;
#[cfg(test)]
mod standing_tests;
pub mod statutory;
#[cfg(test)]
mod statutory_tests;

use std::rc::Rc;

use chrono::NaiveDate;

use crate::rules::{RuleVersion, Rules};
use crate::values::{Fee, Interest, Money, Terms};

pub use aging::Bucket;
pub use invoice::{standing, Invoice, Overpaid, Payment, Standing, Status, UnknownRate, Waivers};
pub use reference_rates::{ReferenceRate, ReferenceRates};
pub use statutory::StatutoryRate;

/// The rules an invoice is held to: those in force on its issue date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentRules {
    pub terms: Terms,
    /// Days after the due date before the invoice counts as overdue.
    pub grace: u32,
    pub late_fee: Option<Fee>,
    pub interest: Option<Interest>,
    /// Days late at which service may be suspended.
    pub suspend_after: Option<u32>,
    pub phase_gating: bool,
}

impl PaymentRules {
    /// No grace, no fee, no interest, no suspension, net 30.
    pub const NONE: PaymentRules = PaymentRules {
        terms: Terms::Net(30),
        grace: 0,
        late_fee: None,
        interest: None,
        suspend_after: None,
        phase_gating: false,
    };
}

impl From<&Rules> for PaymentRules {
    fn from(r: &Rules) -> PaymentRules {
        PaymentRules {
            terms: r.terms,
            grace: r.grace,
            late_fee: r.late_fee,
            interest: r.interest,
            suspend_after: r.suspend_after,
            phase_gating: r.phase_gating,
        }
    }
}

/// The payment rules in force on `date`: [`crate::rules::rules_on`], of
/// which the store may load just the payment columns (the other rules then
/// keep their defaults and are not read).
pub fn payment_rules_on(versions: &[RuleVersion], date: NaiveDate) -> PaymentRules {
    PaymentRules::from(&crate::rules::rules_on(versions, date))
}

/// A client's payment rules by date, worked out once from its rule
/// versions: [`PaymentSchedule::on`] is [`payment_rules_on`] of the same
/// versions, without sorting and applying them again for every invoice.
#[derive(Debug, Clone)]
pub struct PaymentSchedule {
    /// The versions in the order [`crate::rules::rules_on`] applies them
    /// (the first, then by effective date, in the given order on one day),
    /// each with the rules once it and all before it are applied.
    steps: Vec<(Option<NaiveDate>, Rc<PaymentRules>)>,
    /// The built-in defaults: the rules before any version applies.
    defaults: Rc<PaymentRules>,
}

impl PaymentSchedule {
    pub fn new(versions: &[RuleVersion]) -> PaymentSchedule {
        let mut sorted: Vec<&RuleVersion> = versions.iter().collect();
        sorted.sort_by_key(|v| v.effective); // stable, as rules_on sorts
        let mut rules = crate::rules::builtin_defaults();
        let defaults = Rc::new(PaymentRules::from(&rules));
        let steps = sorted
            .into_iter()
            .map(|v| {
                v.patch.apply_to(&mut rules);
                (v.effective, Rc::new(PaymentRules::from(&rules)))
            })
            .collect();
        PaymentSchedule { steps, defaults }
    }

    /// The payment rules in force on `date`. The versions `rules_on`
    /// applies (effective on or before `date`) are a prefix of the sorted
    /// ones, so the rules after the last of them are its answer.
    pub fn on(&self, date: NaiveDate) -> PaymentRules {
        *self.shared_on(date)
    }

    /// [`PaymentSchedule::on`], shared: the invoices issued under one
    /// version hold one copy of its rules.
    pub fn shared_on(&self, date: NaiveDate) -> Rc<PaymentRules> {
        match self.steps.partition_point(|(e, _)| e.is_none_or(|e| e <= date)) {
            0 => Rc::clone(&self.defaults),
            n => Rc::clone(&self.steps[n - 1].1),
        }
    }
}

/// The day the principal of an invoice of `amount` is paid in full by
/// `payments` (applied in date order, in the order given on one day), or
/// `None` while a balance remains. The one derivation of an invoice's
/// `settled_on`.
pub fn settled_on(amount: Money, payments: &[Payment]) -> Option<NaiveDate> {
    let mut sorted: Vec<&Payment> = payments.iter().collect();
    sorted.sort_by_key(|p| p.on); // stable: keeps the given order on a day
    let mut paid: i64 = 0;
    sorted.into_iter().find_map(|p| {
        paid = paid.saturating_add(p.amount.0);
        (paid >= amount.0).then_some(p.on)
    })
}

/// The first day an invoice owed nothing at all any more (principal, late
/// fee and interest paid or waived), given all its `payments` and its
/// `waivers` with their dates; `None` while something is owed. Amounts owed
/// only fall once the principal is paid (the charges are frozen then, and
/// each payment or waiver lowers them), so it is the first of the
/// settlement day and the later payment and waiver days on which nothing
/// is owed. The one derivation of an invoice's `cleared_on`.
pub fn cleared_on(
    invoice: &Invoice<'_>,
    payments: &[Payment],
    waivers: &[(NaiveDate, Waivers)],
) -> Option<NaiveDate> {
    let settled = settled_on(invoice.amount, payments)?;
    if settled < first_overdue_day(invoice.due, invoice.rules.grace) {
        return Some(settled); // paid before it could incur anything
    }
    let mut days: Vec<NaiveDate> =
        payments.iter().map(|p| p.on).chain(waivers.iter().map(|w| w.0)).filter(|d| *d > settled).collect();
    days.push(settled);
    days.sort_unstable();
    days.dedup();
    days.into_iter().find(|day| {
        let waived = waivers.iter().filter(|(on, _)| on <= day).fold(Waivers::NONE, |a, (_, w)| Waivers {
            fee: a.fee || w.fee,
            interest: a.interest || w.interest,
        });
        standing(&Invoice { waivers: waived, ..*invoice }, payments, *day)
            .is_ok_and(|s| s.total_due() == Money::ZERO)
    })
}

/// What [`owed_until`] says of charges not paid or waived yet.
pub fn still_owed() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// For an invoice whose principal is paid while late fee or interest
/// outlived that day: the first day nothing was owed any more
/// ([`cleared_on`]), or [`still_owed`] while something is; `None` when
/// nothing was owed once the principal was paid, or it is not paid. The
/// one derivation of an invoice's `owed_until`.
pub fn owed_until(
    invoice: &Invoice<'_>,
    payments: &[Payment],
    waivers: &[(NaiveDate, Waivers)],
) -> Option<NaiveDate> {
    let settled = settled_on(invoice.amount, payments)?;
    match cleared_on(invoice, payments, waivers) {
        Some(day) if day == settled => None,
        Some(day) => Some(day),
        None => Some(still_owed()),
    }
}

/// The first day an invoice due on `due` counts as overdue: the day after
/// due date + grace (SPEC 6). The one place that says when.
pub fn first_overdue_day(due: NaiveDate, grace: u32) -> NaiveDate {
    due.checked_add_days(chrono::Days::new(u64::from(grace) + 1)).unwrap_or(NaiveDate::MAX)
}

/// Whether a phase is paid on a day: it has at least one invoice, and none
/// of them has a principal balance. `invoices` holds, for each of the
/// phase's invoices issued by then and not void, the date its principal was
/// settled (if it was).
pub fn phase_paid(invoices: &[Option<NaiveDate>], on: NaiveDate) -> bool {
    !invoices.is_empty() && invoices.iter().all(|s| s.is_some_and(|d| d <= on))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_schedule_gives_the_rules_payment_rules_on_gives() {
        let version = |id: i64, effective: Option<&str>, edits: &[(&str, &str)]| {
            let mut patch = crate::rules::RulePatch::default();
            for (name, value) in edits {
                patch.set(name, value).unwrap();
            }
            RuleVersion { id, effective: effective.map(d), notified: None, patch }
        };
        let first = || {
            version(
                1,
                None,
                &[("terms", "net15"), ("grace", "3d"), ("late_fee", "5%"), ("phase_gating", "off")],
            )
        };
        let lists: Vec<Vec<RuleVersion>> = vec![
            vec![],
            vec![first()],
            // Out of order, two on one day (the later in the list wins), one
            // clearing a rule again.
            vec![
                version(4, Some("2026-06-01"), &[("grace", "10d"), ("late_fee", "none")]),
                first(),
                version(2, Some("2026-03-01"), &[("grace", "7d")]),
                version(3, Some("2026-03-01"), &[("grace", "9d"), ("interest", "1.5%/month")]),
            ],
            // No first version: the defaults fill in before the first date.
            vec![
                version(5, Some("2026-03-01"), &[("terms", "net45")]),
                version(6, Some("2026-03-01"), &[("terms", "net60"), ("suspend_after", "30d")]),
            ],
            // The same day's versions the other way round.
            vec![
                version(3, Some("2026-03-01"), &[("grace", "9d")]),
                version(2, Some("2026-03-01"), &[("grace", "7d")]),
                first(),
            ],
            // Two first versions.
            vec![first(), version(7, None, &[("grace", "1d")])],
        ];
        let days = [
            "0001-01-01",
            "2026-02-28",
            "2026-03-01",
            "2026-03-02",
            "2026-05-31",
            "2026-06-01",
            "2030-01-01",
        ];
        for versions in &lists {
            let schedule = PaymentSchedule::new(versions);
            for day in days {
                assert_eq!(schedule.on(d(day)), payment_rules_on(versions, d(day)), "{day} {versions:?}");
            }
            assert_eq!(schedule.on(NaiveDate::MIN), payment_rules_on(versions, NaiveDate::MIN));
            assert_eq!(schedule.on(NaiveDate::MAX), payment_rules_on(versions, NaiveDate::MAX));
        }
    }

    #[test]
    fn settled_on_is_the_day_the_principal_is_covered() {
        let pay = |on: &str, cents: i64| Payment { on: d(on), amount: Money(cents) };
        assert_eq!(settled_on(Money(150_000), &[]), None);
        assert_eq!(settled_on(Money(150_000), &[pay("2026-11-05", 50_000)]), None);
        let pays = [pay("2026-11-20", 100_000), pay("2026-11-05", 50_000)];
        assert_eq!(settled_on(Money(150_000), &pays), Some(d("2026-11-20")));
        // More than the principal (a late fee paid with it) settles it too.
        assert_eq!(settled_on(Money(150_000), &[pay("2026-11-10", 160_000)]), Some(d("2026-11-10")));
        assert_eq!(first_overdue_day(d("2026-10-31"), 0), d("2026-11-01"));
        assert_eq!(first_overdue_day(d("2026-10-31"), 5), d("2026-11-06"));
    }

    #[test]
    fn cleared_on_is_the_first_day_nothing_is_owed() {
        let pay = |on: &str, cents: i64| Payment { on: d(on), amount: Money(cents) };
        let rules = PaymentRules { late_fee: Some("5%".parse().unwrap()), ..PaymentRules::NONE };
        let inv = Invoice::new(Money(100_000), crate::values::Currency::USD, d("2026-10-31"), &rules);
        // Paid on time: cleared the day the principal is.
        assert_eq!(cleared_on(&inv, &[pay("2026-10-30", 100_000)], &[]), Some(d("2026-10-30")));
        // Paid late without the fee: owed until the fee is paid or waived.
        let late = [pay("2026-11-05", 100_000)];
        assert_eq!(cleared_on(&inv, &late, &[]), None);
        let fee = [pay("2026-11-05", 100_000), pay("2026-11-20", 5_000)];
        assert_eq!(cleared_on(&inv, &fee, &[]), Some(d("2026-11-20")));
        let waived = [(d("2026-11-12"), Waivers { fee: true, interest: false })];
        assert_eq!(cleared_on(&inv, &late, &waived), Some(d("2026-11-12")));
        // A waiver from before the principal was paid counts from that day.
        let early = [(d("2026-11-01"), Waivers::BOTH)];
        assert_eq!(cleared_on(&inv, &late, &early), Some(d("2026-11-05")));
        assert_eq!(cleared_on(&inv, &[], &early), None);
        // What is kept: nothing for the common case of nothing owed after the principal.
        assert_eq!(owed_until(&inv, &[pay("2026-10-30", 100_000)], &[]), None);
        assert_eq!(owed_until(&inv, &late, &[]), Some(still_owed()));
        assert_eq!(owed_until(&inv, &fee, &[]), Some(d("2026-11-20")));
        assert_eq!(owed_until(&inv, &[pay("2026-11-05", 105_000)], &[]), None);
    }
}
