//! One invoice's standing on a day (SPEC 6). Payments pay the principal
//! first; what exceeds it pays the late fee, then the interest. The late fee
//! is charged once, at the end of the first overdue day (the day after due
//! date + grace): the flat fee, or the percent of the principal balance then.
//! Interest is simple, day by day, `Σ balance × annual_rate / 365` from the
//! day after the due date up to and including the as-of date, on the
//! principal balance at the end of each day, counted only once the invoice
//! is overdue. Both stop accruing when the principal reaches zero and stay
//! owed. Every figure is rounded once, at the end, half away from zero.

use chrono::NaiveDate;
use serde::Serialize;

use super::PaymentRules;
use crate::values::{Money, Percent};

/// A payment received on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payment {
    pub on: NaiveDate,
    pub amount: Money,
}

/// The aging bucket of an invoice by days late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Bucket {
    #[serde(rename = "current")]
    Current,
    #[serde(rename = "1-30")]
    Days1To30,
    #[serde(rename = "31-60")]
    Days31To60,
    #[serde(rename = "61-90")]
    Days61To90,
    #[serde(rename = "90+")]
    Over90,
}

impl Bucket {
    /// `current` (≤ 0 days late), `1-30`, `31-60`, `61-90`, `90+`.
    pub fn of(days_late: i64) -> Bucket {
        match days_late {
            i64::MIN..=0 => Bucket::Current,
            1..=30 => Bucket::Days1To30,
            31..=60 => Bucket::Days31To60,
            61..=90 => Bucket::Days61To90,
            _ => Bucket::Over90,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Current => "current",
            Bucket::Days1To30 => "1-30",
            Bucket::Days31To60 => "31-60",
            Bucket::Days61To90 => "61-90",
            Bucket::Over90 => "90+",
        }
    }
}

impl std::fmt::Display for Bucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An invoice's standing on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Principal paid.
    pub paid: Money,
    /// Principal still owed.
    pub outstanding: Money,
    /// The day the principal was paid in full.
    pub settled_on: Option<NaiveDate>,
    /// As-of date − due date (negative before the due date).
    pub days_late: i64,
    /// Principal above zero and `days_late > grace`.
    pub overdue: bool,
    /// The late fee charged (paid or not).
    pub late_fee: Money,
    /// The interest accrued (paid or not).
    pub interest: Money,
    /// Of the late fee, what payments beyond the principal settled.
    pub fee_paid: Money,
    /// Of the interest, what payments beyond the principal settled.
    pub interest_paid: Money,
    pub bucket: Bucket,
    /// Overdue and `days_late ≥ suspend_after`.
    pub suspend: bool,
}

impl Standing {
    /// Late fee still owed.
    pub fn fee_owed(&self) -> Money {
        Money(self.late_fee.0.saturating_sub(self.fee_paid.0))
    }

    /// Interest still owed.
    pub fn interest_owed(&self) -> Money {
        Money(self.interest.0.saturating_sub(self.interest_paid.0))
    }

    /// Everything still owed: principal, late fee and interest.
    ///
    /// Saturates at the largest amount rather than overflowing: reachable
    /// only with absurd rates over centuries.
    pub fn total_due(&self) -> Money {
        Money(self.outstanding.0.saturating_add(self.fee_owed().0).saturating_add(self.interest_owed().0))
    }
}

/// A payment would pay more than the principal, late fee and interest
/// together; `owed` is what could still be paid before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overpaid {
    pub on: NaiveDate,
    pub owed: Money,
}

/// Divides with rounding half away from zero.
fn div_round(num: i128, den: i128) -> i128 {
    let half = den / 2;
    if num >= 0 {
        (num + half) / den
    } else {
        (num - half) / den
    }
}

fn to_money(v: i128) -> Money {
    Money(i64::try_from(v).unwrap_or(i64::MAX))
}

/// The principal balance at the end of `day`, given the principal part of
/// each payment in date order.
fn balance_end(amount: Money, parts: &[(NaiveDate, i64)], day: NaiveDate) -> i64 {
    amount.0 - parts.iter().filter(|(on, _)| *on <= day).map(|(_, p)| *p).sum::<i64>()
}

/// The standing on `as_of` of an invoice of `amount` due on `due`, held to
/// `rules`, with `payments` (those dated after `as_of` are ignored; the rest
/// are applied in the order given among equal dates). `Err` when a payment
/// exceeds what was owed.
pub fn standing(
    amount: Money,
    due: NaiveDate,
    rules: &PaymentRules,
    payments: &[Payment],
    as_of: NaiveDate,
) -> Result<Standing, Overpaid> {
    let mut sorted: Vec<Payment> = payments.iter().copied().filter(|p| p.on <= as_of).collect();
    sorted.sort_by_key(|p| p.on); // stable: keeps the given order on a day

    // The principal part of each payment, and what exceeded it.
    let mut remaining = amount.0;
    let mut parts: Vec<(NaiveDate, i64)> = Vec::with_capacity(sorted.len());
    let mut excess: Vec<(NaiveDate, i64)> = Vec::new();
    let mut settled_on = None;
    for p in &sorted {
        let part = p.amount.0.min(remaining);
        remaining -= part;
        parts.push((p.on, part));
        if p.amount.0 > part {
            excess.push((p.on, p.amount.0 - part));
        }
        if remaining == 0 && settled_on.is_none() {
            settled_on = Some(p.on);
        }
    }
    let outstanding = remaining;
    let days_late = (as_of - due).num_days();
    let grace = i64::from(rules.grace);
    let first_overdue = due.checked_add_days(chrono::Days::new(u64::from(rules.grace) + 1));
    let became_overdue = first_overdue.is_some_and(|f| f <= as_of && balance_end(amount, &parts, f) > 0);

    let late_fee = match (became_overdue, rules.late_fee, first_overdue) {
        (true, Some(fee), Some(f)) => fee.on(Money(balance_end(amount, &parts, f))),
        _ => Money::ZERO,
    };

    let interest = match (became_overdue, rules.interest) {
        (true, Some(rate)) => {
            // Σ balance × days, over the stretches where the balance is constant.
            let first = due.succ_opt().unwrap_or(due);
            let stop = as_of.succ_opt().unwrap_or(as_of);
            let mut bounds: Vec<NaiveDate> =
                parts.iter().map(|(on, _)| *on).filter(|on| *on > first && *on <= as_of).collect();
            bounds.dedup();
            bounds.push(stop);
            let mut cent_days: i128 = 0;
            let mut day = first;
            for bound in bounds {
                let balance = balance_end(amount, &parts, day);
                cent_days += i128::from(balance) * i128::from((bound - day).num_days());
                day = bound;
            }
            let den = 365 * i128::from(Percent::UNITS_PER_WHOLE);
            to_money(div_round(cent_days * i128::from(rate.annual().units()), den))
        }
        _ => Money::ZERO,
    };

    // What exceeded the principal pays the late fee, then the interest.
    let (mut fee_paid, mut interest_paid) = (0_i64, 0_i64);
    for (on, extra) in excess {
        let fee_room = late_fee.0 - fee_paid;
        let to_fee = extra.min(fee_room);
        fee_paid += to_fee;
        let rest = extra - to_fee;
        let interest_room = interest.0 - interest_paid;
        if rest > interest_room {
            return Err(Overpaid { on, owed: Money(fee_room + interest_room) });
        }
        interest_paid += rest;
    }

    let overdue = outstanding > 0 && days_late > grace;
    Ok(Standing {
        paid: Money(amount.0 - outstanding),
        outstanding: Money(outstanding),
        settled_on,
        days_late,
        overdue,
        late_fee,
        interest,
        fee_paid: Money(fee_paid),
        interest_paid: Money(interest_paid),
        bucket: Bucket::of(days_late),
        suspend: overdue && rules.suspend_after.is_some_and(|s| days_late >= i64::from(s)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Terms;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    fn pay(on: &str, amount: &str) -> Payment {
        Payment { on: d(on), amount: m(amount) }
    }

    fn rules(late_fee: &str, interest: &str, grace: u32) -> PaymentRules {
        PaymentRules {
            terms: Terms::Net(30),
            grace,
            late_fee: (!late_fee.is_empty()).then(|| late_fee.parse().unwrap()),
            interest: (!interest.is_empty()).then(|| interest.parse().unwrap()),
            suspend_after: None,
            phase_gating: false,
        }
    }

    #[test]
    fn the_worked_example_of_spec_6() {
        let issued = d("2026-10-01");
        let due = Terms::Net(30).due_date(issued);
        assert_eq!(due, d("2026-10-31"));
        let s = standing(
            m("1500"),
            due,
            &rules("5%", "1.5%/month", 0),
            &[pay("2026-11-05", "500")],
            d("2026-11-10"),
        )
        .unwrap();
        assert_eq!(s.days_late, 10);
        assert!(s.overdue);
        assert_eq!(s.paid.to_string(), "500.00");
        assert_eq!(s.outstanding.to_string(), "1000.00");
        assert_eq!(s.late_fee.to_string(), "75.00");
        assert_eq!(s.interest.to_string(), "5.92");
        assert_eq!(s.total_due().to_string(), "1080.92");
        assert_eq!(s.bucket.as_str(), "1-30");
    }

    #[test]
    fn not_overdue_on_the_due_date_nor_within_grace() {
        let r = rules("5%", "18%/year", 5);
        let due = d("2026-10-31");
        let s = standing(m("1000"), due, &r, &[], due).unwrap();
        assert!(!s.overdue);
        assert_eq!(s.bucket, Bucket::Current);
        let s = standing(m("1000"), due, &r, &[], d("2026-11-05")).unwrap();
        assert_eq!(s.days_late, 5);
        assert!(!s.overdue);
        assert_eq!(s.late_fee, Money::ZERO);
        assert_eq!(s.interest, Money::ZERO);
        assert_eq!(s.bucket, Bucket::Days1To30);
        // Day 6 is the first overdue day: fee, and interest from the day after due (6 days).
        let s = standing(m("1000"), due, &r, &[], d("2026-11-06")).unwrap();
        assert!(s.overdue);
        assert_eq!(s.late_fee.to_string(), "50.00");
        // 1000.00 × 6 × 0.18 / 365 = 2.9589...
        assert_eq!(s.interest.to_string(), "2.96");
    }

    #[test]
    fn paid_within_grace_is_never_overdue_and_owes_nothing_more() {
        let r = rules("5%", "18%/year", 5);
        let s =
            standing(m("1000"), d("2026-10-31"), &r, &[pay("2026-11-03", "1000")], d("2027-03-01")).unwrap();
        assert!(!s.overdue);
        assert_eq!(s.late_fee, Money::ZERO);
        assert_eq!(s.interest, Money::ZERO);
        assert_eq!(s.settled_on, Some(d("2026-11-03")));
    }

    #[test]
    fn paid_on_the_due_date_is_never_overdue() {
        let r = rules("25", "1.5%/month", 0);
        let s =
            standing(m("800"), d("2026-10-31"), &r, &[pay("2026-10-31", "800")], d("2027-01-31")).unwrap();
        assert!(!s.overdue);
        assert_eq!(s.total_due(), Money::ZERO);
        assert_eq!(s.days_late, 92);
        assert_eq!(s.bucket, Bucket::Over90);
    }

    #[test]
    fn flat_fee_and_yearly_rate() {
        let r = rules("25", "10%/year", 0);
        // 2000.00 for 73 days at 10%/year = 40.00 exactly.
        let s = standing(m("2000"), d("2026-01-31"), &r, &[], d("2026-04-14")).unwrap();
        assert_eq!(s.days_late, 73);
        assert_eq!(s.late_fee.to_string(), "25.00");
        assert_eq!(s.interest.to_string(), "40.00");
        assert_eq!(s.total_due().to_string(), "2065.00");
        assert_eq!(s.bucket, Bucket::Days61To90);
    }

    #[test]
    fn several_partial_payments() {
        let r = rules("5%", "18%/year", 0);
        let due = d("2026-10-31");
        let pays = [pay("2026-10-20", "200"), pay("2026-11-03", "300"), pay("2026-11-08", "250")];
        let s = standing(m("1000"), due, &r, &pays, d("2026-11-10")).unwrap();
        // Fee: 5% of 800.00 at the end of 2026-11-01.
        assert_eq!(s.late_fee.to_string(), "40.00");
        // Interest: (2 × 800 + 5 × 500 + 3 × 250) × 0.18 / 365 = 2.3917...
        assert_eq!(s.interest.to_string(), "2.39");
        assert_eq!(s.paid.to_string(), "750.00");
        assert_eq!(s.outstanding.to_string(), "250.00");
        assert_eq!(s.total_due().to_string(), "292.39");
    }

    #[test]
    fn fee_and_interest_stop_when_the_principal_is_paid_and_can_be_settled_later() {
        let r = rules("5%", "18%/year", 0);
        let due = d("2026-10-31");
        let pays = [pay("2026-11-10", "1000")];
        let s = standing(m("1000"), due, &r, &pays, d("2026-12-31")).unwrap();
        assert!(!s.overdue);
        assert_eq!(s.late_fee.to_string(), "50.00");
        // 9 days (11-01..11-09) at 1000.00: 4.4383...
        assert_eq!(s.interest.to_string(), "4.44");
        assert_eq!(s.total_due().to_string(), "54.44");
        let pays = [pay("2026-11-10", "1000"), pay("2026-12-01", "52")];
        let s = standing(m("1000"), due, &r, &pays, d("2026-12-31")).unwrap();
        assert_eq!(s.fee_paid.to_string(), "50.00");
        assert_eq!(s.interest_paid.to_string(), "2.00");
        assert_eq!(s.total_due().to_string(), "2.44");
        let pays = [pay("2026-11-10", "1000"), pay("2026-12-01", "54.45")];
        let err = standing(m("1000"), due, &r, &pays, d("2026-12-31")).unwrap_err();
        assert_eq!(err.owed.to_string(), "54.44");
    }

    #[test]
    fn paying_more_than_the_principal_with_nothing_else_owed_is_refused() {
        let err = standing(
            m("100"),
            d("2026-10-31"),
            &PaymentRules::NONE,
            &[pay("2026-10-01", "100.01")],
            d("2026-10-01"),
        )
        .unwrap_err();
        assert_eq!(err.owed, Money::ZERO);
    }

    #[test]
    fn payments_after_the_as_of_date_are_ignored() {
        let s = standing(
            m("100"),
            d("2026-10-31"),
            &PaymentRules::NONE,
            &[pay("2026-11-20", "100")],
            d("2026-11-10"),
        )
        .unwrap();
        assert!(s.overdue);
        assert_eq!(s.outstanding.to_string(), "100.00");
        assert_eq!(s.settled_on, None);
    }

    #[test]
    fn suspension_once_days_late_reach_suspend_after() {
        let mut r = rules("", "", 0);
        r.suspend_after = Some(60);
        let due = d("2026-09-01");
        assert!(!standing(m("10"), due, &r, &[], d("2026-10-30")).unwrap().suspend);
        assert!(standing(m("10"), due, &r, &[], d("2026-10-31")).unwrap().suspend);
    }

    #[test]
    fn rounding_is_half_away_from_zero_once() {
        // 36.50 × 1 day × 10%/year / 365 = 0.01 exactly; 18.25 gives 0.005 -> 0.01.
        let r = rules("", "10%/year", 0);
        let s = standing(m("18.25"), d("2026-10-31"), &r, &[], d("2026-11-01")).unwrap();
        assert_eq!(s.interest.to_string(), "0.01");
        let s = standing(m("18.24"), d("2026-10-31"), &r, &[], d("2026-11-01")).unwrap();
        assert_eq!(s.interest.to_string(), "0.00");
    }

    #[test]
    fn buckets() {
        assert_eq!(Bucket::of(-3), Bucket::Current);
        assert_eq!(Bucket::of(0), Bucket::Current);
        assert_eq!(Bucket::of(1), Bucket::Days1To30);
        assert_eq!(Bucket::of(30), Bucket::Days1To30);
        assert_eq!(Bucket::of(31), Bucket::Days31To60);
        assert_eq!(Bucket::of(60), Bucket::Days31To60);
        assert_eq!(Bucket::of(61), Bucket::Days61To90);
        assert_eq!(Bucket::of(90), Bucket::Days61To90);
        assert_eq!(Bucket::of(91), Bucket::Over90);
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
}
