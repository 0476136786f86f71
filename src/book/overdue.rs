//! Overdue invoices (SPEC 6): which invoices are overdue on the as-of date,
//! with late fee, interest, aging bucket and whether service may be
//! suspended, most days late first — the `overdue` report — and the
//! `overdue-invoice` / `suspension-due` flags of `check` from the same
//! assessment.

use chrono::NaiveDate;
use serde::Serialize;

use super::clients::find_client;
use super::invoices::rules_for;
use super::{BookError, Env, Result};
use crate::flags::money::{overdue_invoice, suspension_due, OverdueInvoice};
use crate::flags::Flag;
use crate::money::{first_overdue_day, standing, Bucket, Invoice, PaymentRules, Standing};
use crate::store::invoices::{self as store_invoices, InvoiceRow};
use crate::store::rules::payment_versions_of;
use crate::store::Db;
use crate::values::Money;

fn inconsistent(number: &str, on: NaiveDate) -> BookError {
    BookError::Inconsistent(format!("the payments of invoice {number} exceed what it owed on {on}"))
}

/// An overdue invoice with the rules it is held to and its standing.
#[derive(Debug, Clone)]
pub struct Assessed {
    pub invoice: InvoiceRow,
    pub rules: PaymentRules,
    pub standing: Standing,
}

/// Every invoice overdue on `as_of` (of one client, or all), most days late
/// first.
pub fn assess(db: &impl Db, as_of: NaiveDate, client: Option<i64>) -> Result<Vec<Assessed>> {
    let candidates = store_invoices::past_due(db, as_of, client)?;
    let mut ids: Vec<i64> = candidates.iter().map(|c| c.invoice.client_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let versions = payment_versions_of(db, &ids)?;
    let mut out = Vec::new();
    for c in candidates {
        let rules = rules_for(&versions, &c.invoice);
        let standing = standing(
            &Invoice::new(c.invoice.amount, &c.invoice.currency, c.invoice.due, &rules),
            &c.payments,
            as_of,
        )
        .map_err(|e| inconsistent(&c.invoice.number, e.on))?;
        if standing.overdue {
            out.push(Assessed { invoice: c.invoice, rules, standing });
        }
    }
    out.sort_by(|a, b| {
        (b.standing.days_late, &a.invoice.number).cmp(&(a.standing.days_late, &b.invoice.number))
    });
    Ok(out)
}

/// One line of `overdue` (the JSON keys of SPEC 6).
#[derive(Debug, Clone, Serialize)]
pub struct OverdueLine {
    pub invoice: String,
    pub client: String,
    pub currency: String,
    #[serde(serialize_with = "super::ser::money")]
    pub amount: Money,
    #[serde(serialize_with = "super::ser::money")]
    pub paid: Money,
    #[serde(serialize_with = "super::ser::money")]
    pub outstanding: Money,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    pub days_late: i64,
    pub bucket: Bucket,
    #[serde(serialize_with = "super::ser::money")]
    pub late_fee: Money,
    #[serde(serialize_with = "super::ser::money")]
    pub interest: Money,
    #[serde(serialize_with = "super::ser::money")]
    pub total_due: Money,
    pub suspend: bool,
}

impl OverdueLine {
    /// The keys of its JSON object (the CSV header, also of an empty list).
    pub const KEYS: &'static [&'static str] = &[
        "invoice",
        "client",
        "currency",
        "amount",
        "paid",
        "outstanding",
        "issued",
        "due",
        "days_late",
        "bucket",
        "late_fee",
        "interest",
        "total_due",
        "suspend",
    ];
}

impl OverdueLine {
    fn new(a: &Assessed) -> OverdueLine {
        let s = &a.standing;
        OverdueLine {
            invoice: a.invoice.number.clone(),
            client: a.invoice.client.clone(),
            currency: a.invoice.currency.clone(),
            amount: a.invoice.amount,
            paid: s.paid,
            outstanding: s.outstanding,
            issued: a.invoice.issued,
            due: a.invoice.due,
            days_late: s.days_late,
            bucket: s.bucket,
            late_fee: s.fee_owed(),
            interest: s.interest_owed(),
            total_due: s.total_due(),
            suspend: s.suspend,
        }
    }
}

/// The overdue invoices (of one client, by handle, or all) as of the as-of
/// date, most days late first.
pub fn overdue(db: &impl Db, env: &Env<'_>, client: Option<&str>) -> Result<Vec<OverdueLine>> {
    let client = client.map(|h| find_client(db, h)).transpose()?;
    Ok(assess(db, env.today(), client.map(|c| c.id))?.iter().map(OverdueLine::new).collect())
}

/// The `overdue-invoice` and `suspension-due` flags as of the as-of date.
pub fn flags(db: &impl Db, env: &Env<'_>, client: Option<i64>) -> Result<Vec<Flag>> {
    let day = |d: NaiveDate, n: u32| {
        env.start_of_day(d.checked_add_days(chrono::Days::new(u64::from(n))).unwrap_or(d))
    };
    let items: Vec<OverdueInvoice<_>> = assess(db, env.today(), client)?
        .into_iter()
        .map(|a| OverdueInvoice {
            overdue_since: env.start_of_day(first_overdue_day(a.invoice.due, a.rules.grace)),
            suspend: a.rules.suspend_after.filter(|_| a.standing.suspend).map(|s| (s, day(a.invoice.due, s))),
            client: a.invoice.client.clone(),
            number: a.invoice.record.number.clone(),
            currency: a.invoice.currency.clone(),
            due: a.invoice.due,
            days_late: a.standing.days_late,
            total_due: a.standing.total_due(),
        })
        .collect();
    let mut out = overdue_invoice(&items);
    out.extend(suspension_due(&items));
    Ok(out)
}
