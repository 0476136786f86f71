//! One invoice's standing on a day (SPEC 6). Payments pay the principal
//! first; what exceeds it pays the late fee, then the interest, each as
//! charged on the payment's day ([`super::accrual`] says what is charged
//! when). A waived charge counts as zero and takes no payment; more than
//! principal, fee and interest owed on the payment's day is [`Overpaid`].
//! `outstanding`, `overdue` and the status count every payment up to and
//! including the as-of date; the fee and interest use the balance of a day,
//! so the [`Standing::total_due`] of a day is exactly what settles the
//! invoice when paid that day.

use chrono::NaiveDate;

use super::accrual::Accrual;
use super::aging::Bucket;
use super::reference_rates::ReferenceRates;
use super::PaymentRules;
use crate::values::{Currency, Money, Percent, RateScheme};

/// A payment received on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payment {
    pub on: NaiveDate,
    pub amount: Money,
}

/// The charges of an invoice that are waived as of the evaluation date (the
/// caller leaves out waivers dated after it): a waived charge counts as
/// zero and no payment can go to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Waivers {
    pub fee: bool,
    pub interest: bool,
}

impl Waivers {
    /// Nothing waived.
    pub const NONE: Waivers = Waivers { fee: false, interest: false };
    /// Both charges.
    pub const BOTH: Waivers = Waivers { fee: true, interest: true };

    /// What is waived, as `invoices` JSON lists it: `[]`, `["fee"]`,
    /// `["interest"]` or both.
    pub fn names(self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.fee {
            out.push("fee");
        }
        if self.interest {
            out.push("interest");
        }
        out
    }
}

/// Written as its [`Waivers::names`], as `invoices` and `waive` list it.
impl serde::Serialize for Waivers {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.names().serialize(s)
    }
}

/// Where an invoice stands (SPEC 6 `status`; a void one is `void`, which
/// the caller knows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing owed at all.
    Paid,
    /// Principal paid; late fee or interest still owed.
    Charges,
    /// Principal owed, not overdue.
    Open,
    /// Principal owed past due date and grace.
    Overdue,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Paid => "paid",
            Status::Charges => "charges",
            Status::Open => "open",
            Status::Overdue => "overdue",
        }
    }
}

/// An invoice as the money rules see it.
#[derive(Debug, Clone, Copy)]
pub struct Invoice<'a> {
    /// The principal, in the currency's minor unit.
    pub amount: Money,
    /// It decides the minor unit of every figure and the statutory
    /// compensation.
    pub currency: Currency,
    pub due: NaiveDate,
    /// The payment rules in force on the issue date.
    pub rules: &'a PaymentRules,
    /// The reference rates of statutory interest.
    pub rates: &'a ReferenceRates,
    pub waivers: Waivers,
}

impl<'a> Invoice<'a> {
    /// An invoice with nothing waived, under the built-in reference rates.
    pub fn new(amount: Money, currency: Currency, due: NaiveDate, rules: &'a PaymentRules) -> Invoice<'a> {
        Invoice { amount, currency, due, rules, rates: ReferenceRates::builtin(), waivers: Waivers::NONE }
    }
}

/// A half-year whose reference rate is not known, for which the nearest
/// known rate was used (`check` raises `rate-unknown` for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownRate {
    pub scheme: RateScheme,
    /// The half-year's first day.
    pub from: NaiveDate,
    /// The rate used instead.
    pub used: Percent,
}

/// An invoice's standing on the as-of date.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The late fee charged so far, paid or not (zero when waived); frozen
    /// once the principal is paid.
    pub late_fee: Money,
    /// The interest charged so far, paid or not (zero when waived); frozen
    /// once the principal is paid.
    pub interest: Money,
    /// Of the late fee, what payments beyond the principal settled.
    pub fee_paid: Money,
    /// Of the interest, what payments beyond the principal settled.
    pub interest_paid: Money,
    pub bucket: Bucket,
    /// Overdue and `days_late ≥ suspend_after`.
    pub suspend: bool,
    /// The half-years of statutory interest accrued on a stand-in rate, in
    /// date order.
    pub unknown_rates: Vec<UnknownRate>,
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

    /// Late fee and interest charged and not yet paid or waived, whether or
    /// not the principal is paid.
    pub fn charges_owed(&self) -> Money {
        Money(self.fee_owed().0.saturating_add(self.interest_owed().0))
    }

    /// Everything still owed: principal, late fee and interest. As of a
    /// day, it is exactly what settles the invoice when paid that day, and
    /// the most a payment that day may be.
    ///
    /// Saturates at the largest amount rather than overflowing: reachable
    /// only with absurd rates over centuries.
    pub fn total_due(&self) -> Money {
        Money(self.outstanding.0.saturating_add(self.charges_owed().0))
    }

    /// Paid, charges owed, open or overdue.
    pub fn status(&self) -> Status {
        if self.outstanding > Money::ZERO {
            if self.overdue {
                Status::Overdue
            } else {
                Status::Open
            }
        } else if self.charges_owed() > Money::ZERO {
            Status::Charges
        } else {
            Status::Paid
        }
    }

    /// Whether the charges named in `waive` may be waived: not once a
    /// payment has paid any of them (SPEC 6: unpay first). Ask it of the
    /// standing on the waiver's date.
    pub fn can_waive(&self, waive: Waivers) -> bool {
        !(waive.fee && self.fee_paid > Money::ZERO || waive.interest && self.interest_paid > Money::ZERO)
    }
}

/// A payment would pay more than the principal, late fee and interest owed
/// on its day; `owed` is what could be paid that day before it (the
/// amount that settles everything then).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overpaid {
    pub on: NaiveDate,
    pub owed: Money,
}

/// The standing on `as_of` of `invoice` with `payments` (those dated after
/// `as_of` are ignored; the rest are applied in the order given among equal
/// dates). `Err` when a payment exceeds what was owed on its day.
pub fn standing(invoice: &Invoice<'_>, payments: &[Payment], as_of: NaiveDate) -> Result<Standing, Overpaid> {
    let mut sorted: Vec<Payment> = payments.iter().copied().filter(|p| p.on <= as_of).collect();
    sorted.sort_by_key(|p| p.on); // stable: keeps the given order on a day

    // The principal part of each payment.
    let mut remaining = invoice.amount.0;
    let mut parts: Vec<(NaiveDate, i64)> = Vec::with_capacity(sorted.len());
    let mut settled_on = None;
    for p in &sorted {
        let part = p.amount.0.min(remaining);
        remaining -= part;
        parts.push((p.on, part));
        if remaining == 0 && settled_on.is_none() {
            settled_on = Some(p.on);
        }
    }
    let accrual = Accrual::new(invoice, &parts);
    let waived = invoice.waivers;
    let fee_on = |day| if waived.fee { Money::ZERO } else { accrual.late_fee(day) };
    let interest_on = |day| if waived.interest { Money::ZERO } else { accrual.interest(day).0 };

    // What exceeds the principal pays the fee, then the interest, as charged that day.
    let (mut fee_paid, mut interest_paid) = (0_i64, 0_i64);
    let mut principal_left = invoice.amount.0;
    for (p, (_, part)) in sorted.iter().zip(&parts) {
        let extra = p.amount.0 - part;
        let before = principal_left;
        principal_left -= part;
        if extra == 0 {
            continue;
        }
        let fee_room = fee_on(p.on).0.saturating_sub(fee_paid);
        let interest_room = interest_on(p.on).0.saturating_sub(interest_paid);
        if extra > fee_room.saturating_add(interest_room) {
            let owed = before.saturating_add(fee_room).saturating_add(interest_room);
            return Err(Overpaid { on: p.on, owed: Money(owed) });
        }
        let to_fee = extra.min(fee_room);
        fee_paid += to_fee;
        interest_paid += extra - to_fee;
    }

    let (interest, unknown_rates) =
        if waived.interest { (Money::ZERO, Vec::new()) } else { accrual.interest(as_of) };
    let days_late = (as_of - invoice.due).num_days();
    let overdue = remaining > 0 && days_late > i64::from(invoice.rules.grace);
    Ok(Standing {
        paid: Money(invoice.amount.0 - remaining),
        outstanding: Money(remaining),
        settled_on,
        days_late,
        overdue,
        late_fee: fee_on(as_of),
        interest,
        fee_paid: Money(fee_paid),
        interest_paid: Money(interest_paid),
        bucket: Bucket::of(days_late),
        suspend: overdue && invoice.rules.suspend_after.is_some_and(|s| days_late >= i64::from(s)),
        unknown_rates,
    })
}
