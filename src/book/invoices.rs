//! Invoices and payments: adding an invoice (its due date from the terms in
//! force on the issue date), paying it (principal first, then late fee,
//! then interest; more than all three is refused), removing a payment,
//! voiding; the `invoices` list and the `overdue` assessment, and the
//! `overdue-invoice` / `suspension-due` flags of `check` from it.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::clients::find_client;
use super::error::Kind;
use super::projects::find_project;
use super::{BookError, Env, Result};
use crate::money::{payment_rules_on, settled_on, standing, Invoice, Payment, PaymentRules, Standing};
use crate::rules::{rules_on, RuleVersion};
use crate::store::invoices::{self as store_invoices, InvoiceRow};
use crate::store::projects::phase_named;
use crate::store::records::{InvoiceRecord, PaymentRecord};
use crate::store::rules::{payment_versions_of, versions};
use crate::store::{Db, Tx};
use crate::values::{Money, Terms};

/// The invoice `number`.
pub fn find_invoice(db: &impl Db, number: &str) -> Result<InvoiceRow> {
    store_invoices::invoice_by_number(db, number)?.ok_or_else(|| BookError::unknown(Kind::Invoice, number))
}

/// The payment rules an invoice is held to: those in force on its issue
/// date.
pub fn rules_for<S: std::hash::BuildHasher>(
    versions: &HashMap<i64, Vec<RuleVersion>, S>,
    invoice: &InvoiceRow,
) -> PaymentRules {
    versions.get(&invoice.client_id).map_or(PaymentRules::NONE, |v| payment_rules_on(v, invoice.issued))
}

fn invoice_rules(db: &impl Db, inv: &InvoiceRow) -> Result<PaymentRules> {
    Ok(rules_for(&payment_versions_of(db, &[inv.client_id])?, inv))
}

fn inconsistent(number: &str, on: NaiveDate) -> BookError {
    BookError::Inconsistent(format!("the payments of invoice {number} exceed what it owed on {on}"))
}

/// A new invoice.
#[derive(Debug, Clone)]
pub struct NewInvoice {
    /// The client's handle.
    pub client: String,
    pub amount: Money,
    /// The number (default: the next of `INV-0001`, `INV-0002`, ...).
    pub number: Option<String>,
    pub issued: NaiveDate,
    /// The terms (default: the client's on the issue date).
    pub terms: Option<Terms>,
    /// The project and phase it is for.
    pub phase: Option<(String, String)>,
}

/// An invoice as added.
#[derive(Debug, Clone, Serialize)]
pub struct Added {
    pub id: i64,
    pub invoice: String,
    pub client: String,
    pub currency: String,
    #[serde(serialize_with = "super::ser::money")]
    pub amount: Money,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    pub terms: String,
    pub project: Option<String>,
    pub phase: Option<String>,
}

/// Records an invoice, its due date computed from the terms.
pub fn add_invoice(tx: &Tx<'_>, env: &Env<'_>, new: &NewInvoice) -> Result<Added> {
    let client = find_client(tx, &new.client)?;
    if client.archived {
        return Err(BookError::Archived(client.handle.clone()));
    }
    let number = match &new.number {
        Some(n) if store_invoices::invoice_by_number(tx, n)?.is_some() => {
            return Err(BookError::InvoiceExists(n.clone()))
        }
        Some(n) => n.clone(),
        None => store_invoices::next_number(tx)?,
    };
    let phase = match &new.phase {
        Some((p, ph)) => {
            let project = find_project(tx, p, Some(client.id))?;
            let phase = phase_named(tx, project.id, ph)?.ok_or_else(|| BookError::NoSuchPhase {
                client: client.handle.clone(),
                project: p.clone(),
                phase: ph.clone(),
            })?;
            Some((project.record.name, phase))
        }
        None => None,
    };
    let terms = match new.terms {
        Some(t) => t,
        None => rules_on(&versions(tx, client.id)?, new.issued).terms,
    };
    let due = terms.due_date(new.issued);
    let record = InvoiceRecord {
        id: 0,
        client_id: client.id,
        number: number.clone(),
        amount: new.amount,
        issued: new.issued,
        due,
        terms: terms.to_string(),
        phase_id: phase.as_ref().map(|(_, ph)| ph.id),
        settled_on: None,
        voided_at: None,
        void_reason: None,
        created_at: env.now_ts(),
        changed_at: None,
    };
    let id = store_invoices::insert_invoice(tx, &record)?;
    Ok(Added {
        id,
        invoice: number,
        client: client.handle.clone(),
        currency: client.currency.clone(),
        amount: new.amount,
        issued: new.issued,
        due,
        terms: record.terms,
        project: phase.as_ref().map(|(p, _)| p.clone()),
        phase: phase.map(|(_, ph)| ph.name),
    })
}

/// The standing of an invoice with every payment in `pays` applied.
fn final_standing(inv: &InvoiceRow, rules: &PaymentRules, pays: &[Payment]) -> Result<Standing> {
    let last = pays.iter().map(|p| p.on).max().unwrap_or(inv.issued).max(inv.issued);
    standing(&Invoice::new(inv.amount, &inv.currency, inv.due, rules), pays, last)
        .map_err(|e| inconsistent(&inv.number, e.on))
}

/// Keeps the invoice's `settled_on` what its payments give.
fn store_settled(tx: &Tx<'_>, inv: &InvoiceRow, pays: &[Payment]) -> Result<()> {
    let settled = settled_on(inv.amount, pays);
    if settled != inv.settled_on {
        store_invoices::set_settled(tx, inv.id, settled)?;
    }
    Ok(())
}

/// A payment as recorded, with what the invoice owes after it.
#[derive(Debug, Clone, Serialize)]
pub struct Paid {
    pub id: i64,
    pub invoice: String,
    pub client: String,
    pub currency: String,
    #[serde(serialize_with = "super::ser::money")]
    pub amount: Money,
    pub paid_on: NaiveDate,
    #[serde(serialize_with = "super::ser::money")]
    pub paid: Money,
    #[serde(serialize_with = "super::ser::money")]
    pub outstanding: Money,
    #[serde(serialize_with = "super::ser::money")]
    pub late_fee_owed: Money,
    #[serde(serialize_with = "super::ser::money")]
    pub interest_owed: Money,
}

/// Records a payment of `amount` (default: the principal balance) on
/// invoice `number`, dated `on`.
pub fn pay(tx: &Tx<'_>, env: &Env<'_>, number: &str, amount: Option<Money>, on: NaiveDate) -> Result<Paid> {
    let inv = find_invoice(tx, number)?;
    if inv.voided() {
        return Err(BookError::Void(inv.number.clone()));
    }
    if on < inv.issued {
        return Err(BookError::PaidBeforeIssue { invoice: inv.number.clone(), on, issued: inv.issued });
    }
    let rules = invoice_rules(tx, &inv)?;
    let mut pays: Vec<Payment> =
        store_invoices::payments(tx, inv.id)?.iter().map(PaymentRecord::payment).collect();
    let before = final_standing(&inv, &rules, &pays)?;
    let amount = match amount {
        Some(a) => a,
        None if before.outstanding > Money::ZERO => before.outstanding,
        None => return Err(BookError::AlreadyPaid { invoice: inv.number.clone(), owed: before.total_due() }),
    };
    pays.push(Payment { on, amount });
    let Ok(after) = final_standing(&inv, &rules, &pays) else {
        // What could be paid on that day: the principal left then, and the
        // fee and interest it leaves owed.
        let mut upto: Vec<Payment> = pays[..pays.len() - 1].iter().copied().filter(|p| p.on <= on).collect();
        let left = standing(&Invoice::new(inv.amount, &inv.currency, inv.due, &rules), &upto, on)
            .map(|s| s.outstanding)
            .unwrap_or_default();
        upto.push(Payment { on, amount: left });
        let most = standing(&Invoice::new(inv.amount, &inv.currency, inv.due, &rules), &upto, on)
            .map_or(left.0, |s| left.0.saturating_add(s.fee_owed().0).saturating_add(s.interest_owed().0));
        return Err(BookError::Overpaid { invoice: inv.number.clone(), on, most: Money(most) });
    };
    let record = PaymentRecord { id: 0, invoice_id: inv.id, amount, paid_on: on, created_at: env.now_ts() };
    let id = store_invoices::insert_payment(tx, &record)?;
    store_settled(tx, &inv, &pays)?;
    store_invoices::touch_invoice(tx, inv.id, env.now_ts())?;
    // What is owed now, which for a payment dated back includes the
    // interest accrued since.
    let last = pays.iter().map(|p| p.on).max().unwrap_or(on);
    let after =
        standing(&Invoice::new(inv.amount, &inv.currency, inv.due, &rules), &pays, env.today().max(last))
            .unwrap_or(after);
    Ok(Paid {
        id,
        invoice: inv.number.clone(),
        client: inv.client.clone(),
        currency: inv.currency.clone(),
        amount,
        paid_on: on,
        paid: after.paid,
        outstanding: after.outstanding,
        late_fee_owed: after.fee_owed(),
        interest_owed: after.interest_owed(),
    })
}

/// A payment as removed.
#[derive(Debug, Clone, Serialize)]
pub struct Removed {
    pub id: i64,
    pub invoice: String,
    pub currency: String,
    #[serde(serialize_with = "super::ser::money")]
    pub amount: Money,
    pub paid_on: NaiveDate,
    #[serde(serialize_with = "super::ser::money")]
    pub outstanding: Money,
}

/// Removes invoice `number`'s latest payment (or its latest dated `on`).
pub fn unpay(tx: &Tx<'_>, env: &Env<'_>, number: &str, on: Option<NaiveDate>) -> Result<Removed> {
    let inv = find_invoice(tx, number)?;
    let all = store_invoices::payments(tx, inv.id)?;
    let Some(victim) = all.iter().rev().find(|p| on.is_none_or(|d| p.paid_on == d)).copied() else {
        return Err(BookError::NoPayment { invoice: inv.number.clone(), client: inv.client.clone(), on });
    };
    store_invoices::delete_payment(tx, victim.id)?;
    let rest: Vec<Payment> = all.iter().filter(|p| p.id != victim.id).map(PaymentRecord::payment).collect();
    let rules = invoice_rules(tx, &inv)?;
    let after =
        final_standing(&inv, &rules, &rest).map_err(|_| BookError::UnpayOverpaid(inv.number.clone()))?;
    store_settled(tx, &inv, &rest)?;
    store_invoices::touch_invoice(tx, inv.id, env.now_ts())?;
    Ok(Removed {
        id: victim.id,
        invoice: inv.number.clone(),
        currency: inv.currency.clone(),
        amount: victim.amount,
        paid_on: victim.paid_on,
        outstanding: after.outstanding,
    })
}

/// An invoice as voided.
#[derive(Debug, Clone, Serialize)]
pub struct Voided {
    pub id: i64,
    pub invoice: String,
    pub client: String,
    pub status: &'static str,
    pub reason: Option<String>,
}

/// Cancels invoice `number`: kept, shown as void, counted nowhere.
pub fn void(tx: &Tx<'_>, env: &Env<'_>, number: &str, reason: Option<&str>) -> Result<Voided> {
    let inv = find_invoice(tx, number)?;
    if inv.voided() {
        return Err(BookError::AlreadyVoid(inv.number.clone()));
    }
    store_invoices::void_invoice(tx, inv.id, env.now_ts(), reason)?;
    Ok(Voided {
        id: inv.id,
        invoice: inv.number.clone(),
        client: inv.client.clone(),
        status: "void",
        reason: reason.map(str::to_string),
    })
}

/// One invoice as listed (the JSON keys of SPEC 6).
#[derive(Debug, Clone, Serialize)]
pub struct InvoiceLine {
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
    pub status: &'static str,
}

impl InvoiceLine {
    /// The keys of its JSON object (the CSV header, also of an empty list).
    pub const KEYS: &'static [&'static str] =
        &["invoice", "client", "currency", "amount", "paid", "outstanding", "issued", "due", "status"];
}

/// The invoices of one client (or all) as of the as-of date; only those
/// with a principal balance when `open_only`.
pub fn lines(db: &impl Db, env: &Env<'_>, client: Option<i64>, open_only: bool) -> Result<Vec<InvoiceLine>> {
    let as_of = env.today();
    let all = store_invoices::invoices(db, client, as_of)?;
    let mut ids: Vec<i64> = all.iter().map(|i| i.client_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let versions = payment_versions_of(db, &ids)?;
    let payments = store_invoices::payments_by_invoice(db, client, as_of)?;
    let mut out = Vec::new();
    for inv in all {
        let rules = rules_for(&versions, &inv);
        let pays = payments.get(&inv.id).map_or(&[][..], Vec::as_slice);
        let s = standing(&Invoice::new(inv.amount, &inv.currency, inv.due, &rules), pays, as_of)
            .map_err(|e| inconsistent(&inv.number, e.on))?;
        let (status, outstanding) = if inv.voided() {
            ("void", Money::ZERO)
        } else if s.outstanding == Money::ZERO {
            ("paid", Money::ZERO)
        } else if s.overdue {
            ("overdue", s.outstanding)
        } else {
            ("open", s.outstanding)
        };
        if open_only && outstanding == Money::ZERO {
            continue;
        }
        out.push(InvoiceLine {
            paid: s.paid,
            outstanding,
            issued: inv.issued,
            due: inv.due,
            status,
            amount: inv.amount,
            invoice: inv.record.number,
            client: inv.client,
            currency: inv.currency,
        });
    }
    Ok(out)
}

/// The invoices of one client (by handle, or all), as `invoices` lists them.
pub fn invoices(
    db: &impl Db,
    env: &Env<'_>,
    client: Option<&str>,
    open_only: bool,
) -> Result<Vec<InvoiceLine>> {
    let client = client.map(|h| find_client(db, h)).transpose()?;
    lines(db, env, client.map(|c| c.id), open_only)
}
