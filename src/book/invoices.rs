//! Invoices and payments: adding an invoice (its due date from the terms in
//! force on the issue date, its amount in the client's currency), paying it
//! (principal first, then late fee, then interest; more than all three is
//! refused; without an amount the principal, or once that is paid the
//! charges still owed), removing a payment, voiding; and [`Pricing`], what
//! every money report needs to know an invoice's standing: the payment
//! rules of its clients, the waivers in force and the reference rates.

use std::collections::HashMap;
use std::rc::Rc;

use chrono::NaiveDate;
use compact_str::ToCompactString as _;
use serde::Serialize;

use super::clients::find_client;
use super::error::Kind;
use super::projects::find_project;
use super::{BookError, Env, Result};
use crate::money::{
    owed_until, payment_rules_on, settled_on, standing, Invoice, Payment, PaymentRules, PaymentSchedule,
    ReferenceRates, Standing, Waivers,
};
use crate::rules::rules_on;
use crate::store::invoices::{self as store_invoices, InvoiceRow};
use crate::store::projects::phase_named;
use crate::store::records::{InvoiceRecord, PaymentRecord};
use crate::store::rules::{payment_versions_of, versions};
use crate::store::waivers::{waiver_days, waivers_by_invoice};
use crate::store::{Db, Tx};
use crate::values::{Amount, Currency, Decimal, Money, MoneyInput, Terms};

/// The invoice `number`.
pub fn find_invoice(db: &impl Db, number: &str) -> Result<InvoiceRow> {
    store_invoices::invoice_by_number(db, number)?.ok_or_else(|| BookError::unknown(Kind::Invoice, number))
}

pub(super) fn inconsistent(number: &str, on: NaiveDate) -> BookError {
    BookError::Inconsistent(format!("the payments of invoice {number} exceed what it owed on {on}"))
}

/// MONEY typed for `currency`, or the refusal that names it.
pub(super) fn amount_in(input: &MoneyInput, currency: Currency) -> Result<Money> {
    let refuse =
        |why: String| BookError::Amount { what: input.label.clone(), value: input.text.clone(), why };
    let money = input.in_currency(currency).map_err(|e| refuse(e.0))?;
    if money == Money::ZERO {
        return Err(refuse(format!("expected an amount above zero, e.g. {}", currency.example())));
    }
    Ok(money)
}

/// What the money reports need besides the invoices and their payments:
/// the payment rules of their clients, what is waived as of the report's
/// date (each read in one query), and the reference rates of statutory
/// interest (the config's).
pub struct Pricing<'a> {
    /// The payment rules of each client, by date.
    schedules: foldhash::HashMap<i64, PaymentSchedule>,
    waivers: HashMap<i64, Waivers>,
    pub rates: &'a ReferenceRates,
    /// The rules of an invoice whose client has no rule versions, shared.
    none: Rc<PaymentRules>,
}

impl<'a> Pricing<'a> {
    /// The rules of the clients of `invoices` and the waivers dated by
    /// `as_of` (of `client`'s invoices, or all).
    pub fn load<'i>(
        db: &impl Db,
        env: &Env<'a>,
        invoices: impl Iterator<Item = &'i InvoiceRow>,
        client: Option<i64>,
        as_of: NaiveDate,
    ) -> Result<Pricing<'a>> {
        let mut ids: Vec<i64> = invoices.map(|i| i.client_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let schedules =
            payment_versions_of(db, &ids)?.iter().map(|(id, v)| (*id, PaymentSchedule::new(v))).collect();
        Ok(Pricing {
            schedules,
            waivers: waivers_by_invoice(db, client, as_of)?,
            rates: &env.config.reference_rates,
            none: Rc::new(PaymentRules::NONE),
        })
    }

    /// The payment rules of `inv`.
    pub fn rules(&self, inv: &InvoiceRow) -> PaymentRules {
        self.schedules.get(&inv.client_id).map_or(PaymentRules::NONE, |s| s.on(inv.issued))
    }

    /// [`Pricing::rules`], shared with the other invoices under the same
    /// rules (held by every assessment of `overdue`).
    pub fn shared_rules(&self, inv: &InvoiceRow) -> Rc<PaymentRules> {
        match self.schedules.get(&inv.client_id) {
            Some(s) => s.shared_on(inv.issued),
            None => Rc::clone(&self.none),
        }
    }

    /// What is waived of `inv`.
    pub fn waivers(&self, inv: &InvoiceRow) -> Waivers {
        self.waivers.get(&inv.id).copied().unwrap_or_default()
    }

    /// The standing of `inv` under `rules` with `payments` on `as_of`.
    pub fn standing(
        &self,
        inv: &InvoiceRow,
        rules: &PaymentRules,
        payments: &[Payment],
        as_of: NaiveDate,
    ) -> Result<Standing> {
        let invoice = Invoice {
            rates: self.rates,
            waivers: self.waivers(inv),
            ..Invoice::new(inv.amount(), inv.currency, inv.due, rules)
        };
        standing(&invoice, payments, as_of).map_err(|e| inconsistent(&inv.number, e.on))
    }
}

/// One invoice with everything that decides what it owes, as the write
/// operations read it.
pub(super) struct Ledger {
    pub inv: InvoiceRow,
    pub rules: PaymentRules,
    pub payments: Vec<PaymentRecord>,
    /// Its waivers with their days.
    pub waivers: Vec<(NaiveDate, Waivers)>,
}

impl Ledger {
    pub fn read(db: &impl Db, number: &str) -> Result<Ledger> {
        let inv = find_invoice(db, number)?;
        let rules = payment_versions_of(db, &[inv.client_id])?
            .remove(&inv.client_id)
            .map_or(PaymentRules::NONE, |v| payment_rules_on(&v, inv.issued));
        let payments = store_invoices::payments(db, inv.id)?;
        let waivers = waiver_days(db, Some(inv.client_id))?.remove(&inv.id).unwrap_or_default();
        Ok(Ledger { inv, rules, payments, waivers })
    }

    pub fn pays(&self) -> Vec<Payment> {
        self.payments.iter().map(PaymentRecord::payment).collect()
    }

    /// The waivers in force on `day`.
    pub fn waived_on(&self, day: NaiveDate) -> Waivers {
        self.waivers.iter().filter(|(on, _)| *on <= day).fold(Waivers::NONE, |a, (_, w)| Waivers {
            fee: a.fee || w.fee,
            interest: a.interest || w.interest,
        })
    }

    /// The standing on `as_of` with `pays`, under the waivers of that day.
    pub fn standing(
        &self,
        env: &Env<'_>,
        pays: &[Payment],
        as_of: NaiveDate,
    ) -> std::result::Result<Standing, crate::money::Overpaid> {
        let inv = &self.inv;
        let invoice = Invoice {
            rates: &env.config.reference_rates,
            waivers: self.waived_on(as_of),
            ..Invoice::new(inv.amount(), inv.currency, inv.due, &self.rules)
        };
        standing(&invoice, pays, as_of)
    }

    /// The last day anything happened to it, and at least `today`.
    pub fn last_day(&self, pays: &[Payment], today: NaiveDate) -> NaiveDate {
        let last = pays.iter().map(|p| p.on).chain(self.waivers.iter().map(|w| w.0)).max();
        last.unwrap_or(today).max(today).max(self.inv.issued)
    }

    /// Keeps `settled_on` and `owed_until` what `pays` and the waivers give.
    pub fn store_derived(&self, tx: &Tx<'_>, env: &Env<'_>, pays: &[Payment]) -> Result<()> {
        let inv = &self.inv;
        let settled = settled_on(inv.amount(), pays);
        if settled != inv.settled_on {
            store_invoices::set_settled(tx, inv.id, settled)?;
        }
        let invoice = Invoice {
            rates: &env.config.reference_rates,
            ..Invoice::new(inv.amount(), inv.currency, inv.due, &self.rules)
        };
        store_invoices::set_owed_until(tx, inv.id, owed_until(&invoice, pays, &self.waivers))?;
        Ok(())
    }
}

/// A new invoice.
#[derive(Debug, Clone)]
pub struct NewInvoice {
    /// The client's handle.
    pub client: String,
    /// The amount as typed, in the client's currency.
    pub amount: MoneyInput,
    /// The number (default: the next of `INV-0001`, `INV-0002`, ...).
    pub number: Option<String>,
    pub issued: NaiveDate,
    /// The terms (default: the client's on the issue date).
    pub terms: Option<Terms>,
    /// The due date (default: from the terms); not before the issue date.
    pub due: Option<NaiveDate>,
    /// The project and phase it is for.
    pub phase: Option<(String, String)>,
}

/// An invoice as added.
#[derive(Debug, Clone, Serialize)]
pub struct Added {
    pub id: i64,
    pub invoice: String,
    pub client: String,
    pub currency: Currency,
    pub amount: Amount,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    pub terms: String,
    pub project: Option<String>,
    pub phase: Option<String>,
}

/// Records an invoice, its due date the one given or computed from the
/// terms (which are recorded either way).
pub fn add_invoice(tx: &Tx<'_>, env: &Env<'_>, new: &NewInvoice) -> Result<Added> {
    let client = find_client(tx, &new.client)?;
    if client.archived {
        return Err(BookError::Archived(client.handle.clone()));
    }
    let amount = amount_in(&new.amount, client.currency)?;
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
    let due = match new.due {
        Some(due) if due < new.issued => return Err(BookError::DueBeforeIssue { due, issued: new.issued }),
        Some(due) => due,
        None => terms.due_date(new.issued),
    };
    let record = InvoiceRecord {
        id: 0,
        client_id: client.id,
        number: number.as_str().into(),
        amount: Decimal::of(amount, client.currency),
        issued: new.issued,
        due,
        terms: terms.to_compact_string(),
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
        currency: client.currency,
        amount: client.currency.amount(amount),
        issued: new.issued,
        due,
        terms: record.terms.into(),
        project: phase.as_ref().map(|(p, _)| p.clone()),
        phase: phase.map(|(_, ph)| ph.name),
    })
}

/// A payment as recorded, with what the invoice owes after it.
#[derive(Debug, Clone, Serialize)]
pub struct Paid {
    pub id: i64,
    pub invoice: String,
    pub client: String,
    pub currency: Currency,
    pub amount: Amount,
    pub paid_on: NaiveDate,
    pub paid: Amount,
    pub outstanding: Amount,
    pub late_fee_owed: Amount,
    pub interest_owed: Amount,
    pub charges_owed: Amount,
}

/// Records a payment of `amount` on invoice `number`, dated `on`. Without
/// an amount it pays the principal balance, or once the principal is paid
/// the late fee and interest still owed; when nothing at all is owed it is
/// refused.
pub fn pay(
    tx: &Tx<'_>,
    env: &Env<'_>,
    number: &str,
    amount: Option<&MoneyInput>,
    on: NaiveDate,
) -> Result<Paid> {
    let ledger = Ledger::read(tx, number)?;
    let inv = &ledger.inv;
    if inv.voided() {
        return Err(BookError::Void(inv.number.to_string()));
    }
    if on < inv.issued {
        return Err(BookError::PaidBeforeIssue { invoice: inv.number.to_string(), on, issued: inv.issued });
    }
    let currency = inv.currency;
    let mut pays = ledger.pays();
    let today = env.today();
    let before = ledger
        .standing(env, &pays, ledger.last_day(&pays, today))
        .map_err(|e| inconsistent(&inv.number, e.on))?;
    let amount = match amount {
        Some(a) => amount_in(a, currency)?,
        None if before.outstanding > Money::ZERO => before.outstanding,
        None if before.charges_owed() > Money::ZERO => before.charges_owed(),
        None => return Err(BookError::NothingOwed { invoice: inv.number.to_string() }),
    };
    pays.push(Payment { on, amount });
    let after = match ledger.standing(env, &pays, ledger.last_day(&pays, today)) {
        Ok(s) => s,
        Err(e) if e.owed == Money::ZERO => {
            return Err(BookError::NothingOwedOn { invoice: inv.number.to_string(), on: e.on })
        }
        Err(e) => {
            let most = currency.amount(e.owed);
            return Err(BookError::Overpaid {
                invoice: inv.number.to_string(),
                on: e.on,
                most: most.text(env.config.numbers),
                typed: most.typed(env.config.numbers),
            });
        }
    };
    let record = PaymentRecord {
        id: 0,
        invoice_id: inv.id,
        amount: Decimal::of(amount, currency),
        paid_on: on,
        created_at: env.now_ts(),
    };
    let id = store_invoices::insert_payment(tx, &record)?;
    ledger.store_derived(tx, env, &pays)?;
    store_invoices::touch_invoice(tx, inv.id, env.now_ts())?;
    Ok(Paid {
        id,
        invoice: inv.number.to_string(),
        client: inv.client.to_string(),
        currency,
        amount: currency.amount(amount),
        paid_on: on,
        paid: currency.amount(after.paid),
        outstanding: currency.amount(after.outstanding),
        late_fee_owed: currency.amount(after.fee_owed()),
        interest_owed: currency.amount(after.interest_owed()),
        charges_owed: currency.amount(after.charges_owed()),
    })
}

/// A payment as removed.
#[derive(Debug, Clone, Serialize)]
pub struct Removed {
    pub id: i64,
    pub invoice: String,
    pub currency: Currency,
    pub amount: Amount,
    pub paid_on: NaiveDate,
    pub outstanding: Amount,
    pub charges_owed: Amount,
}

/// Removes invoice `number`'s latest payment (or its latest dated `on`).
pub fn unpay(tx: &Tx<'_>, env: &Env<'_>, number: &str, on: Option<NaiveDate>) -> Result<Removed> {
    let ledger = Ledger::read(tx, number)?;
    let inv = &ledger.inv;
    let Some(victim) = ledger.payments.iter().rev().find(|p| on.is_none_or(|d| p.paid_on == d)).copied()
    else {
        return Err(BookError::NoPayment {
            invoice: inv.number.to_string(),
            client: inv.client.to_string(),
            on,
        });
    };
    store_invoices::delete_payment(tx, victim.id)?;
    let rest: Vec<Payment> =
        ledger.payments.iter().filter(|p| p.id != victim.id).map(PaymentRecord::payment).collect();
    let after = ledger
        .standing(env, &rest, ledger.last_day(&rest, env.today()))
        .map_err(|_| BookError::UnpayOverpaid(inv.number.to_string()))?;
    ledger.store_derived(tx, env, &rest)?;
    store_invoices::touch_invoice(tx, inv.id, env.now_ts())?;
    Ok(Removed {
        id: victim.id,
        invoice: inv.number.to_string(),
        currency: inv.currency,
        amount: inv.currency.amount(victim.amount.minor()),
        paid_on: victim.paid_on,
        outstanding: inv.currency.amount(after.outstanding),
        charges_owed: inv.currency.amount(after.charges_owed()),
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
        return Err(BookError::AlreadyVoid(inv.number.to_string()));
    }
    store_invoices::void_invoice(tx, inv.id, env.now_ts(), reason)?;
    Ok(Voided {
        id: inv.id,
        invoice: inv.number.to_string(),
        client: inv.client.to_string(),
        status: "void",
        reason: reason.map(str::to_string),
    })
}

pub use super::invoice_list::{invoices, lines, InvoiceLine};
