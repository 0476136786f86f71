//! Money owed (SPEC 6): an invoice's standing on a day — principal paid and
//! outstanding, whether it is overdue, the late fee and interest it carries,
//! its aging bucket and whether service may be suspended — and the reminder
//! ladder with the texts it sends. Pure: values in, values out; no SQL, no
//! clock, no floating point.

pub mod invoice;
pub mod reminders;

use chrono::NaiveDate;

use crate::rules::{RuleVersion, Rules};
use crate::values::{Fee, Money, Rate, Terms};

pub use invoice::{standing, Bucket, Overpaid, Payment, Standing};

/// The rules an invoice is held to: those in force on its issue date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentRules {
    pub terms: Terms,
    /// Days after the due date before the invoice counts as overdue.
    pub grace: u32,
    pub late_fee: Option<Fee>,
    pub interest: Option<Rate>,
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
    use crate::rules::RulePatch;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn rules_follow_the_versions_in_force_on_the_date() {
        let mut first = RulePatch::default();
        first.set("late_fee", "5%").unwrap();
        first.set("grace", "3d").unwrap();
        first.set("terms", "net30").unwrap();
        let mut later = RulePatch::default();
        later.set("late_fee", "25.00").unwrap();
        let versions = vec![
            RuleVersion { id: 2, effective: Some(d("2026-12-01")), notified: None, patch: later },
            RuleVersion { id: 1, effective: None, notified: None, patch: first },
        ];
        let before = payment_rules_on(&versions, d("2026-11-30"));
        assert_eq!(before.late_fee.unwrap().to_string(), "5%");
        assert_eq!(before.grace, 3);
        let after = payment_rules_on(&versions, d("2026-12-01"));
        assert_eq!(after.late_fee.unwrap().to_string(), "25.00");
        assert_eq!(after.grace, 3);
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
    fn a_phase_is_paid_when_every_invoice_is_settled() {
        assert!(!phase_paid(&[], d("2026-11-01")));
        assert!(phase_paid(&[Some(d("2026-10-01"))], d("2026-11-01")));
        assert!(!phase_paid(&[Some(d("2026-10-01")), None], d("2026-11-01")));
        assert!(!phase_paid(&[Some(d("2026-11-02"))], d("2026-11-01")));
    }
}
