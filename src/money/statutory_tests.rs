//! The standing of an invoice under statutory interest: rates that change
//! at half-years, negative reference rates, days past the table, config
//! corrections and the fixed compensation. Every figure is computed by hand
//! in the comments (amounts in major units).

use super::standing_tests::{d, m, pay, rules};
use super::*;
use crate::values::{Currency, Money, Percent, RateScheme};

fn invoice<'a>(amount: Money, currency: &str, due: &str, r: &'a PaymentRules) -> Invoice<'a> {
    Invoice::new(amount, Currency::parse(currency).unwrap(), d(due), r)
}

#[test]
fn statutory_de_across_a_half_year_boundary() {
    // EUR 10,000.00 due 2025-06-20, unpaid on 2025-07-10.
    // 06-21..06-30: 10 days at 2.27% + 9 = 11.27%; 07-01..07-10: 10 days at 1.27% + 9 = 10.27%.
    // 10,000 × (10 × 0.1127 + 10 × 0.1027) / 365 = 10,000 × 2.154 / 365 = 21,540 / 365
    // = 59.0137... → 59.01. No late-fee rule: EUR 40.00 compensation.
    let r = rules("", "statutory-de", 0);
    let s = standing(&invoice(m("10000"), "EUR", "2025-06-20", &r), &[], d("2025-07-10")).unwrap();
    assert_eq!(s.interest, m("59.01"));
    assert_eq!(s.late_fee, m("40"));
    assert_eq!(s.total_due(), m("10099.01"));
    assert!(s.unknown_rates.is_empty());
    // With a partial payment on 06-25 (counting from 06-26):
    // 06-21..06-25 at 10,000 (5 days), 06-26..06-30 at 4,000 (5 days) at 11.27%,
    // 07-01..07-10 at 4,000 (10 days) at 10.27%:
    // (50,000 × 0.1127 + 20,000 × 0.1127 + 40,000 × 0.1027) / 365
    // = (5,635 + 2,254 + 4,108) / 365 = 11,997 / 365 = 32.8684... → 32.87.
    let paid = [pay("2025-06-25", "6000")];
    let s = standing(&invoice(m("10000"), "EUR", "2025-06-20", &r), &paid, d("2025-07-10")).unwrap();
    assert_eq!(s.interest, m("32.87"));
}

#[test]
fn a_negative_basiszinssatz_half_year() {
    // EUR 5,000.00 due 2020-03-31, unpaid on 2020-04-30: 30 days, Basiszinssatz -0.88%.
    // statutory-de-consumer: -0.88% + 5 = 4.12%: 5,000 × 30 × 0.0412 / 365 = 6,180 / 365
    // = 16.9315... → 16.93, and no compensation (§ 288 (5) BGB is for businesses).
    let consumer = rules("", "statutory-de-consumer", 0);
    let s = standing(&invoice(m("5000"), "EUR", "2020-03-31", &consumer), &[], d("2020-04-30")).unwrap();
    assert_eq!((s.interest, s.late_fee), (m("16.93"), Money::ZERO));
    // statutory-de: -0.88% + 9 = 8.12%: 5,000 × 30 × 0.0812 / 365 = 12,180 / 365
    // = 33.3698... → 33.37, and EUR 40.00.
    let business = rules("", "statutory-de", 0);
    let s = standing(&invoice(m("5000"), "EUR", "2020-03-31", &business), &[], d("2020-04-30")).unwrap();
    assert_eq!((s.interest, s.late_fee), (m("33.37"), m("40")));
}

#[test]
fn a_day_past_the_table_uses_the_nearest_rate_and_is_reported() {
    // EUR 10,000.00 due 2026-06-20, unpaid on 2026-07-10. 2026-07-01 is not in
    // the table: it takes 2026-01-01's 1.27%, so all 20 days at 10.27%:
    // 10,000 × 20 × 0.1027 / 365 = 20,540 / 365 = 56.2739... → 56.27.
    let r = rules("", "statutory-de", 0);
    let s = standing(&invoice(m("10000"), "EUR", "2026-06-20", &r), &[], d("2026-07-10")).unwrap();
    assert_eq!(s.interest, m("56.27"));
    let missing = UnknownRate { scheme: RateScheme::De, from: d("2026-07-01"), used: Percent(12_700) };
    assert_eq!(s.unknown_rates, vec![missing]);
    // Still due in 2027 (payments none): one report per half-year.
    let s = standing(&invoice(m("10000"), "EUR", "2026-06-20", &r), &[], d("2027-01-05")).unwrap();
    let from: Vec<NaiveDate> = s.unknown_rates.iter().map(|u| u.from).collect();
    assert_eq!(from, [d("2026-07-01"), d("2027-01-01")]);
    // A config entry for the half-year (a made-up 1.52%, for the test): known, and used:
    // 10 days at 10.27% + 10 days at 10.52%: 10,000 × (1.027 + 1.052) / 365 = 20,790 / 365
    // = 56.9589... → 56.96.
    let entry = ReferenceRate::new(RateScheme::De, d("2026-07-01"), Percent(15_200)).unwrap();
    let rates = ReferenceRates::with_overrides(&[entry]);
    let inv = Invoice { rates: &rates, ..invoice(m("10000"), "EUR", "2026-06-20", &r) };
    let s = standing(&inv, &[], d("2026-07-10")).unwrap();
    assert_eq!(s.interest, m("56.96"));
    assert!(s.unknown_rates.is_empty());
    // Nothing is reported for days without a balance, nor for waived interest.
    let settled = [pay("2026-06-25", "10000")];
    let s = standing(&invoice(m("10000"), "EUR", "2026-06-20", &r), &settled, d("2026-12-31")).unwrap();
    assert!(s.unknown_rates.is_empty());
    let waived = Invoice {
        waivers: Waivers { fee: false, interest: true },
        ..invoice(m("10000"), "EUR", "2026-06-20", &r)
    };
    assert!(standing(&waived, &[], d("2026-07-10")).unwrap().unknown_rates.is_empty());
}

#[test]
fn statutory_uk_compensation_follows_the_balance_of_the_first_overdue_day() {
    let r = rules("", "statutory-uk", 0);
    let fee = |amount: &str, paid: &[Payment]| {
        standing(&invoice(m(amount), "GBP", "2026-03-31", &r), paid, d("2026-04-30")).unwrap().late_fee
    };
    assert_eq!(fee("999.99", &[]), m("40"));
    assert_eq!(fee("1000.00", &[]), m("70"));
    assert_eq!(fee("9999.99", &[]), m("70"));
    assert_eq!(fee("10000.00", &[]), m("100"));
    // 10,500.00 with 600.00 paid on 03-20: 9,900.00 on 04-01, so GBP 70.
    assert_eq!(fee("10500", &[pay("2026-03-20", "600")]), m("70"));
    // Paid on 04-01 itself: it counts from 04-02, so 10,500.00 on 04-01: GBP 100.
    assert_eq!(fee("10500", &[pay("2026-04-01", "600")]), m("100"));
    // UK interest: 999.99 × 30 days × (3.75% + 8) / 365 = 9.6574... → 9.66.
    let s = standing(&invoice(m("999.99"), "GBP", "2026-03-31", &r), &[], d("2026-04-30")).unwrap();
    assert_eq!(s.interest, m("9.66"));
}

#[test]
fn compensation_only_where_no_late_fee_rule_and_in_the_schemes_currency() {
    let due = "2026-03-31";
    let on = d("2026-04-30");
    let fee = |late_fee: &str, interest: &str, currency: &str| {
        let r = rules(late_fee, interest, 0);
        standing(&invoice(m("500"), currency, due, &r), &[], on).unwrap().late_fee
    };
    assert_eq!(fee("", "statutory-eu", "EUR"), m("40"));
    assert_eq!(fee("", "statutory-de", "GBP"), Money::ZERO);
    assert_eq!(fee("", "statutory-uk", "EUR"), Money::ZERO);
    assert_eq!(fee("", "statutory-eu", "USD"), Money::ZERO);
    // A late-fee rule in force replaces the compensation.
    assert_eq!(fee("5%", "statutory-de", "EUR"), m("25"));
    assert_eq!(fee("10", "statutory-uk", "GBP"), m("10"));
    // Never before the invoice is overdue, nor when paid before the first overdue day.
    let r = rules("", "statutory-de", 0);
    let early = standing(&invoice(m("500"), "EUR", due, &r), &[], d("2026-03-31")).unwrap();
    assert_eq!(early.late_fee, Money::ZERO);
    let paid = [pay("2026-03-31", "500")];
    let s = standing(&invoice(m("500"), "EUR", due, &r), &paid, on).unwrap();
    assert_eq!((s.late_fee, s.interest), (Money::ZERO, Money::ZERO));
}
