//! The standing of an invoice under fixed-rate rules: the worked example of
//! SPEC 6, the balance of a day, allocation, waivers and due dates. Every
//! figure is computed by hand in the comments (amounts in major units).

use chrono::NaiveDate;

use super::*;
use crate::values::{Currency, Money, Terms};

pub(super) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(super) fn m(s: &str) -> Money {
    s.parse().unwrap()
}

pub(super) fn pay(on: &str, amount: &str) -> Payment {
    Payment { on: d(on), amount: m(amount) }
}

pub(super) fn rules(late_fee: &str, interest: &str, grace: u32) -> PaymentRules {
    PaymentRules {
        terms: Terms::Net(30),
        grace,
        late_fee: (!late_fee.is_empty()).then(|| late_fee.parse().unwrap()),
        interest: (!interest.is_empty()).then(|| interest.parse().unwrap()),
        suspend_after: None,
        phase_gating: false,
    }
}

fn at(
    amount: &str,
    due: &str,
    r: &PaymentRules,
    pays: &[Payment],
    as_of: &str,
) -> Result<Standing, Overpaid> {
    standing(&Invoice::new(m(amount), Currency::USD, d(due), r), pays, d(as_of))
}

#[test]
fn the_worked_example_of_spec_6() {
    let due = Terms::Net(30).due_date(d("2026-10-01"));
    assert_eq!(due, d("2026-10-31"));
    let r = rules("5%", "1.5%/month", 0);
    let paid = [pay("2026-11-05", "500")];
    let s = at("1500", "2026-10-31", &r, &paid, "2026-11-10").unwrap();
    assert_eq!(s.days_late, 10);
    assert!(s.overdue);
    assert_eq!(s.paid, m("500"));
    assert_eq!(s.outstanding, m("1000"));
    // 5% of 1,500.00, the balance of 2026-11-01.
    assert_eq!(s.late_fee, m("75"));
    // The payment of 11-05 counts from 11-06:
    // (5 × 1,500 + 5 × 1,000) × 0.18 / 365 = 2,250 / 365 = 6.1643... → 6.16.
    assert_eq!(s.interest, m("6.16"));
    assert_eq!(s.total_due(), m("1081.16"));
    assert_eq!(s.charges_owed(), m("81.16"));
    assert_eq!(s.bucket.as_str(), "1-30");
}

#[test]
fn paying_the_quoted_total_on_the_day_settles_everything_and_a_cent_more_is_refused() {
    let r = rules("5%", "1.5%/month", 0);
    let all = [pay("2026-11-05", "500"), pay("2026-11-10", "1081.16")];
    for as_of in ["2026-11-10", "2026-12-31", "2027-06-30"] {
        let s = at("1500", "2026-10-31", &r, &all, as_of).unwrap();
        assert_eq!(s.outstanding, Money::ZERO, "{as_of}");
        assert_eq!((s.fee_owed(), s.interest_owed()), (Money::ZERO, Money::ZERO), "{as_of}");
        assert_eq!(s.total_due(), Money::ZERO, "{as_of}");
        // Charged, frozen at the day the principal was paid, and paid.
        assert_eq!((s.late_fee, s.interest), (m("75"), m("6.16")), "{as_of}");
        assert_eq!((s.fee_paid, s.interest_paid), (m("75"), m("6.16")), "{as_of}");
        assert_eq!(s.settled_on, Some(d("2026-11-10")));
        assert!(!s.overdue);
    }
    let more = [pay("2026-11-05", "500"), pay("2026-11-10", "1081.17")];
    let err = at("1500", "2026-10-31", &r, &more, "2026-11-10").unwrap_err();
    assert_eq!(err, Overpaid { on: d("2026-11-10"), owed: m("1081.16") });
}

#[test]
fn three_payments_each_day_checked_by_hand() {
    // 3,000.00 due 2026-03-31, late fee 2%, 12%/year; first overdue day 04-01.
    // Fee: 2% of 3,000.00 (the balance of 04-01) = 60.00.
    let r = rules("2%", "12%/year", 0);
    let p1 = pay("2026-04-10", "1000");
    let p2 = pay("2026-04-20", "1000");
    // 04-10: 04-01..04-10 at 3,000 = 10 days: 30,000 × 0.12 / 365 = 9.863... → 9.86.
    // The payment of that day counts from 04-11; outstanding counts it already.
    let s = at("3000", "2026-03-31", &r, &[p1], "2026-04-10").unwrap();
    assert_eq!((s.outstanding, s.late_fee, s.interest), (m("2000"), m("60"), m("9.86")));
    assert_eq!(s.total_due(), m("2069.86"));
    // 04-20: + 04-11..04-20 at 2,000 = 10 days:
    // (30,000 + 20,000) × 0.12 / 365 = 16.438... → 16.44.
    let s = at("3000", "2026-03-31", &r, &[p1, p2], "2026-04-20").unwrap();
    assert_eq!((s.outstanding, s.late_fee, s.interest), (m("1000"), m("60"), m("16.44")));
    assert_eq!(s.total_due(), m("1076.44"));
    // 05-05: + 04-21..05-05 at 1,000 = 15 days:
    // (30,000 + 20,000 + 15,000) × 0.12 / 365 = 21.369... → 21.37;
    // so 1,000.00 + 60.00 + 21.37 = 1,081.37 settles it that day.
    let s = at("3000", "2026-03-31", &r, &[p1, p2], "2026-05-05").unwrap();
    assert_eq!((s.outstanding, s.late_fee, s.interest), (m("1000"), m("60"), m("21.37")));
    assert_eq!(s.total_due(), m("1081.37"));
    let p3 = pay("2026-05-05", "1081.37");
    let s = at("3000", "2026-03-31", &r, &[p1, p2, p3], "2026-05-31").unwrap();
    assert_eq!((s.outstanding, s.total_due()), (Money::ZERO, Money::ZERO));
    assert_eq!((s.fee_paid, s.interest_paid), (m("60"), m("21.37")));
    assert_eq!(s.settled_on, Some(d("2026-05-05")));
    let over = pay("2026-05-05", "1081.38");
    let err = at("3000", "2026-03-31", &r, &[p1, p2, over], "2026-05-31").unwrap_err();
    assert_eq!(err, Overpaid { on: d("2026-05-05"), owed: m("1081.37") });
}

#[test]
fn paid_in_full_on_the_first_overdue_day_still_incurs_fee_and_interest() {
    // Due 10-31, paid 11-01: the balance of 11-01 is 1,000.00, so the invoice
    // incurs 5% = 50.00 and one day of interest, 1,000 × 0.18 / 365 = 0.49.
    let r = rules("5%", "18%/year", 0);
    let s = at("1000", "2026-10-31", &r, &[pay("2026-11-01", "1000")], "2026-12-01").unwrap();
    assert_eq!((s.outstanding, s.late_fee, s.interest), (Money::ZERO, m("50"), m("0.49")));
    assert_eq!(s.charges_owed(), m("50.49"));
    assert!(!s.overdue);
    // Paid with its charges that day, nothing is left.
    let s = at("1000", "2026-10-31", &r, &[pay("2026-11-01", "1050.49")], "2026-12-01").unwrap();
    assert_eq!(s.total_due(), Money::ZERO);
}

#[test]
fn not_overdue_on_the_due_date_nor_within_grace() {
    let r = rules("5%", "18%/year", 5);
    let s = at("1000", "2026-10-31", &r, &[], "2026-10-31").unwrap();
    assert!(!s.overdue);
    assert_eq!(s.bucket, Bucket::Current);
    let s = at("1000", "2026-10-31", &r, &[], "2026-11-05").unwrap();
    assert_eq!(s.days_late, 5);
    assert!(!s.overdue);
    assert_eq!((s.late_fee, s.interest), (Money::ZERO, Money::ZERO));
    assert_eq!(s.bucket, Bucket::Days1To30);
    // Day 6 is the first overdue day: fee, and interest from the day after due (6 days).
    let s = at("1000", "2026-10-31", &r, &[], "2026-11-06").unwrap();
    assert!(s.overdue);
    assert_eq!(s.late_fee, m("50"));
    // 1,000.00 × 6 × 0.18 / 365 = 2.9589... → 2.96.
    assert_eq!(s.interest, m("2.96"));
}

#[test]
fn paid_within_grace_or_on_the_due_date_owes_nothing_more() {
    let r = rules("5%", "18%/year", 5);
    let s = at("1000", "2026-10-31", &r, &[pay("2026-11-03", "1000")], "2027-03-01").unwrap();
    assert!(!s.overdue);
    assert_eq!((s.late_fee, s.interest), (Money::ZERO, Money::ZERO));
    assert_eq!(s.settled_on, Some(d("2026-11-03")));
    let r = rules("25", "1.5%/month", 0);
    let s = at("800", "2026-10-31", &r, &[pay("2026-10-31", "800")], "2027-01-31").unwrap();
    assert!(!s.overdue);
    assert_eq!(s.total_due(), Money::ZERO);
    assert_eq!((s.days_late, s.bucket), (92, Bucket::Over90));
}

#[test]
fn flat_fee_and_yearly_rate() {
    // 2,000.00 for 73 days at 10%/year = 40.00 exactly.
    let s = at("2000", "2026-01-31", &rules("25", "10%/year", 0), &[], "2026-04-14").unwrap();
    assert_eq!(s.days_late, 73);
    assert_eq!((s.late_fee, s.interest), (m("25"), m("40")));
    assert_eq!(s.total_due(), m("2065"));
    assert_eq!(s.bucket, Bucket::Days61To90);
}

#[test]
fn partial_payments_count_from_the_day_after() {
    let r = rules("5%", "18%/year", 0);
    let pays = [pay("2026-10-20", "200"), pay("2026-11-03", "300"), pay("2026-11-08", "250")];
    let s = at("1000", "2026-10-31", &r, &pays, "2026-11-10").unwrap();
    // Fee: 5% of 800.00, the balance of 2026-11-01.
    assert_eq!(s.late_fee, m("40"));
    // 11-01..11-03 at 800 (3 days), 11-04..11-08 at 500 (5), 11-09..11-10 at 250 (2):
    // (2,400 + 2,500 + 500) × 0.18 / 365 = 972 / 365 = 2.6630... → 2.66.
    assert_eq!(s.interest, m("2.66"));
    assert_eq!((s.paid, s.outstanding), (m("750"), m("250")));
    assert_eq!(s.total_due(), m("292.66"));
}

#[test]
fn fee_and_interest_freeze_when_the_principal_is_paid_and_are_settled_later() {
    let r = rules("5%", "18%/year", 0);
    let pays = [pay("2026-11-10", "1000")];
    let s = at("1000", "2026-10-31", &r, &pays, "2026-12-31").unwrap();
    assert!(!s.overdue);
    assert_eq!(s.late_fee, m("50"));
    // 10 days (11-01..11-10) at 1,000.00: 1,800 / 365 = 4.9315... → 4.93.
    assert_eq!(s.interest, m("4.93"));
    assert_eq!(s.charges_owed(), m("54.93"));
    let pays = [pay("2026-11-10", "1000"), pay("2026-12-01", "52")];
    let s = at("1000", "2026-10-31", &r, &pays, "2026-12-31").unwrap();
    assert_eq!((s.fee_paid, s.interest_paid), (m("50"), m("2")));
    assert_eq!(s.total_due(), m("2.93"));
    let pays = [pay("2026-11-10", "1000"), pay("2026-12-01", "54.94")];
    let err = at("1000", "2026-10-31", &r, &pays, "2026-12-31").unwrap_err();
    assert_eq!(err, Overpaid { on: d("2026-12-01"), owed: m("54.93") });
}

#[test]
fn a_payment_may_only_pay_what_is_charged_by_its_own_day() {
    let r = rules("5%", "18%/year", 0);
    // Before the invoice is overdue, nothing beyond the principal is owed.
    let err = at("100", "2026-10-31", &PaymentRules::NONE, &[pay("2026-10-01", "100.01")], "2026-10-01");
    assert_eq!(err.unwrap_err(), Overpaid { on: d("2026-10-01"), owed: m("100") });
    let err = at("1000", "2026-10-31", &r, &[pay("2026-10-30", "1000.01")], "2026-12-31").unwrap_err();
    assert_eq!(err, Overpaid { on: d("2026-10-30"), owed: m("1000") });
    // On 11-02: 50.00 fee + 2 days of interest, 1,000 × 2 × 0.18 / 365 = 0.99.
    let err = at("1000", "2026-10-31", &r, &[pay("2026-11-02", "1051")], "2026-12-31").unwrap_err();
    assert_eq!(err, Overpaid { on: d("2026-11-02"), owed: m("1050.99") });
}

#[test]
fn payments_after_the_as_of_date_are_ignored() {
    let s = at("100", "2026-10-31", &PaymentRules::NONE, &[pay("2026-11-20", "100")], "2026-11-10").unwrap();
    assert!(s.overdue);
    assert_eq!(s.outstanding, m("100"));
    assert_eq!(s.settled_on, None);
}

#[test]
fn waived_charges_count_as_zero_and_take_no_payment() {
    let r = rules("5%", "1.5%/month", 0);
    let inv = |waivers| Invoice { waivers, ..Invoice::new(m("1500"), Currency::USD, d("2026-10-31"), &r) };
    let paid = [pay("2026-11-05", "500")];
    let fee = Waivers { fee: true, interest: false };
    let s = standing(&inv(fee), &paid, d("2026-11-10")).unwrap();
    assert_eq!((s.late_fee, s.interest, s.total_due()), (Money::ZERO, m("6.16"), m("1006.16")));
    let both = Waivers { fee: true, interest: true };
    let s = standing(&inv(both), &paid, d("2026-11-10")).unwrap();
    assert_eq!((s.late_fee, s.interest, s.total_due()), (Money::ZERO, Money::ZERO, m("1000")));
    // With the fee waived, what exceeds the principal goes to the interest only.
    let settle = [pay("2026-11-05", "500"), pay("2026-11-10", "1006.16")];
    let s = standing(&inv(fee), &settle, d("2026-12-01")).unwrap();
    assert_eq!((s.fee_paid, s.interest_paid, s.total_due()), (Money::ZERO, m("6.16"), Money::ZERO));
    let over = [pay("2026-11-05", "500"), pay("2026-11-10", "1006.17")];
    let err = standing(&inv(fee), &over, d("2026-12-01")).unwrap_err();
    assert_eq!(err.owed, m("1006.16"));
}

#[test]
fn a_charge_a_payment_reached_cannot_be_waived() {
    let r = rules("5%", "1.5%/month", 0);
    let inv = Invoice::new(m("1500"), Currency::USD, d("2026-10-31"), &r);
    let fee = Waivers { fee: true, interest: false };
    let interest = Waivers { fee: false, interest: true };
    // Nothing beyond the principal paid: both may be waived.
    let s = standing(&inv, &[pay("2026-11-05", "500")], d("2026-11-10")).unwrap();
    assert!(s.can_waive(Waivers { fee: true, interest: true }));
    // 1,500.00 + 30.00 pays part of the fee: it stays; the interest may go.
    let s = standing(&inv, &[pay("2026-11-05", "1530")], d("2026-11-10")).unwrap();
    assert_eq!(s.fee_paid, m("30"));
    assert!(!s.can_waive(fee));
    assert!(s.can_waive(interest));
    assert!(s.can_waive(Waivers::NONE));
}

#[test]
fn suspension_once_days_late_reach_suspend_after() {
    let mut r = rules("", "", 0);
    r.suspend_after = Some(60);
    assert!(!at("10", "2026-09-01", &r, &[], "2026-10-30").unwrap().suspend);
    assert!(at("10", "2026-09-01", &r, &[], "2026-10-31").unwrap().suspend);
}

#[test]
fn rounding_is_half_away_from_zero_once() {
    // 36.50 × 1 day × 10%/year / 365 = 0.01 exactly; 18.25 gives 0.005 → 0.01.
    let r = rules("", "10%/year", 0);
    assert_eq!(at("18.25", "2026-10-31", &r, &[], "2026-11-01").unwrap().interest, m("0.01"));
    assert_eq!(at("18.24", "2026-10-31", &r, &[], "2026-11-01").unwrap().interest, m("0.00"));
}

#[test]
fn rules_follow_the_versions_in_force_on_the_date() {
    use crate::rules::RulePatch;
    let mut first = RulePatch::default();
    first.set("late_fee", "5%").unwrap();
    first.set("grace", "3d").unwrap();
    first.set("terms", "net30").unwrap();
    let mut later = RulePatch::default();
    later.set("late_fee", "25.00").unwrap();
    later.set("interest", "statutory-de").unwrap();
    let versions = vec![
        RuleVersion { id: 2, effective: Some(d("2026-12-01")), notified: None, patch: later },
        RuleVersion { id: 1, effective: None, notified: None, patch: first },
    ];
    let before = payment_rules_on(&versions, d("2026-11-30"));
    assert_eq!(before.late_fee.unwrap().to_string(), "5%");
    assert_eq!((before.grace, before.interest), (3, None));
    let after = payment_rules_on(&versions, d("2026-12-01"));
    assert_eq!(after.late_fee.unwrap().to_string(), "25.00");
    assert_eq!(after.interest.unwrap().to_string(), "statutory-de");
    assert_eq!(after.grace, 3);
}

#[test]
fn a_phase_is_paid_when_every_invoice_is_settled() {
    assert!(!phase_paid(&[], d("2026-11-01")));
    assert!(phase_paid(&[Some(d("2026-10-01"))], d("2026-11-01")));
    assert!(!phase_paid(&[Some(d("2026-10-01")), None], d("2026-11-01")));
    assert!(!phase_paid(&[Some(d("2026-11-02"))], d("2026-11-01")));
}

#[test]
fn due_dates_of_every_term_kind() {
    let cases = [
        ("receipt", "2026-01-31", "2026-01-31"),
        ("net30", "2026-01-29", "2026-02-28"),
        ("net30", "2026-01-30", "2026-03-01"),
        ("net30", "2026-01-31", "2026-03-02"),
        ("net30", "2028-01-31", "2028-03-01"),
        ("net15", "2028-02-14", "2028-02-29"),
        ("eom", "2028-02-10", "2028-02-29"),
        ("eom", "2026-02-28", "2026-02-28"),
        ("eom", "2026-03-31", "2026-03-31"),
        ("eom+10", "2026-01-29", "2026-02-10"),
        ("eom+30", "2026-01-31", "2026-03-02"),
        ("eom+1", "2028-02-29", "2028-03-01"),
        ("eom+15", "2026-12-30", "2027-01-15"),
    ];
    for (terms, issued, due) in cases {
        let t: Terms = terms.parse().unwrap();
        assert_eq!(t.due_date(d(issued)), d(due), "{terms} issued {issued}");
    }
}
