//! What an invoice has charged by a given day (SPEC 6), from the principal
//! part of each payment. The balance of a day is the principal owed at its
//! start: a payment counts from the day after it is made. The invoice incurs
//! its late fee and interest once the balance of its first overdue day (the
//! day after due date + grace) is above zero. The late fee is charged then,
//! on that balance; interest runs `Σ balance_of_day × annual_rate_of_day /
//! 365` from the day after the due date, each figure rounded once, at the
//! end, half away from zero. Both stop when the balance reaches zero.

use chrono::{Days, Months, NaiveDate};

use super::invoice::{Invoice, UnknownRate};
use super::reference_rates::half_year_start;
use super::statutory::{compensation, StatutoryRate};
use crate::values::{Interest, Money, Percent};

/// Divides with rounding half away from zero: the one rounding of money.
pub(super) fn div_round(num: i128, den: i128) -> i128 {
    let half = den / 2;
    if num >= 0 {
        (num + half) / den
    } else {
        (num - half) / den
    }
}

/// A figure in minor units, saturating instead of overflowing (reachable only
/// with absurd rates over centuries).
pub(super) fn to_money(v: i128) -> Money {
    Money(i64::try_from(v).unwrap_or(if v > 0 { i64::MAX } else { i64::MIN }))
}

/// One invoice's charges, day by day.
pub(super) struct Accrual<'a> {
    invoice: &'a Invoice<'a>,
    /// The principal part of each payment, in date order.
    parts: &'a [(NaiveDate, i64)],
    /// The day after due date + grace.
    first_overdue: Option<NaiveDate>,
}

impl<'a> Accrual<'a> {
    pub(super) fn new(invoice: &'a Invoice<'a>, parts: &'a [(NaiveDate, i64)]) -> Accrual<'a> {
        let first_overdue = invoice.due.checked_add_days(Days::new(u64::from(invoice.rules.grace) + 1));
        Accrual { invoice, parts, first_overdue }
    }

    /// The principal owed at the start of `day`.
    pub(super) fn balance_of_day(&self, day: NaiveDate) -> i64 {
        let paid: i64 = self.parts.iter().filter(|(on, _)| *on < day).map(|(_, p)| *p).sum();
        self.invoice.amount.0 - paid
    }

    /// The first overdue day, when the invoice has incurred its charges by
    /// `day`.
    fn incurred_by(&self, day: NaiveDate) -> Option<NaiveDate> {
        self.first_overdue.filter(|f| *f <= day && self.balance_of_day(*f) > 0)
    }

    /// The late fee charged by `day`: the rule's, or where it is none the
    /// statutory compensation of the interest rule's scheme.
    pub(super) fn late_fee(&self, day: NaiveDate) -> Money {
        let Some(first) = self.incurred_by(day) else {
            return Money::ZERO;
        };
        let balance = Money(self.balance_of_day(first));
        let rules = self.invoice.rules;
        match (rules.late_fee, rules.interest) {
            (Some(fee), _) => fee.on(balance, self.invoice.currency.exponent()),
            (None, Some(Interest::Statutory(s))) => compensation(s, self.invoice.currency, balance),
            (None, _) => Money::ZERO,
        }
    }

    /// The interest accrued up to and including `day`, with the half-years
    /// whose reference rate was not known and so taken from the nearest.
    pub(super) fn interest(&self, day: NaiveDate) -> (Money, Vec<UnknownRate>) {
        let mut unknown = Vec::new();
        let (Some(interest), Some(_), Some(first)) =
            (self.invoice.rules.interest, self.incurred_by(day), self.invoice.due.succ_opt())
        else {
            return (Money::ZERO, unknown);
        };
        // Σ balance × annual units × days, over stretches where both are constant.
        let mut total: i128 = 0;
        let mut start = first;
        while start <= day {
            let mut end = day.succ_opt().unwrap_or(day);
            for next in self.parts.iter().filter_map(|(on, _)| on.succ_opt()) {
                if next > start && next < end {
                    end = next;
                }
            }
            if interest.statutory().is_some() {
                if let Some(next) = half_year_start(start).checked_add_months(Months::new(6)) {
                    end = end.min(next);
                }
            }
            if end <= start {
                break; // the last representable day
            }
            let balance = self.balance_of_day(start);
            if balance > 0 {
                let rate = self.annual_units(interest, start, &mut unknown);
                total += i128::from(balance) * i128::from(rate) * i128::from((end - start).num_days());
            }
            start = end;
        }
        let den = 365 * i128::from(Percent::UNITS_PER_WHOLE);
        (to_money(div_round(total, den)), unknown)
    }

    /// The annual rate on `day` in units of [`Percent`]. A statutory rate
    /// below zero (a reference rate below minus the points) accrues nothing.
    fn annual_units(&self, interest: Interest, day: NaiveDate, unknown: &mut Vec<UnknownRate>) -> i64 {
        match interest {
            Interest::Rate(r) => r.annual().units(),
            Interest::Statutory(s) => {
                let rate = StatutoryRate::on(s, day, self.invoice.rates);
                if !rate.reference.known {
                    let missing = UnknownRate {
                        scheme: s.reference(),
                        from: half_year_start(day),
                        used: rate.reference.rate,
                    };
                    if !unknown.contains(&missing) {
                        unknown.push(missing);
                    }
                }
                rate.annual().units().max(0)
            }
        }
    }
}
