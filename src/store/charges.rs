//! Keeping `invoices.owed_until` true: how long late fee or interest
//! outlived the day the principal was paid ([`crate::money::owed_until`]),
//! which `check` reads to find the charges still owed. The operations set
//! it for the invoice they change; [`recompute_owed_until`] brings it up to
//! date for every settled invoice of one client or of the whole book (after
//! a rule change or the upgrade that added it); an import works it out for
//! the invoices it adds as it reads them back (`import::settle`).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::rules::payment_versions_of;
use super::sql::p;
use super::waivers::waiver_days;
use super::{conn, StoreError, Tx};
use crate::money::{owed_until, Invoice, Payment, PaymentRules, PaymentSchedule, ReferenceRates};
use crate::values::{Currency, Money};

/// A settled invoice as the derivation needs it.
struct Settled {
    id: i64,
    client_id: i64,
    amount: Money,
    issued: NaiveDate,
    due: NaiveDate,
    currency: Currency,
    stored: Option<NaiveDate>,
    payments: Vec<Payment>,
}

/// Recomputes `owed_until` of every settled invoice (of `client`, or all)
/// under `rates`; returns how many changed.
pub fn recompute_owed_until(
    tx: &Tx<'_>,
    client: Option<i64>,
    rates: &ReferenceRates,
) -> Result<usize, StoreError> {
    let mut list: Vec<Settled> = Vec::new();
    // Two forms, so that one client's invoices are read through its index.
    let which = if client.is_some() { "i.client_id = ?1" } else { "CAST(?1 AS BIGINT) IS NULL" };
    let sql = format!(
        "SELECT i.id, i.client_id, i.amount, i.issued, i.due, i.owed_until, c.currency, p.amount, p.paid_on \
         FROM invoices i JOIN clients c ON c.id = i.client_id LEFT JOIN payments p ON p.invoice_id = i.id \
         WHERE {which} AND i.settled_on IS NOT NULL AND i.voided_at IS NULL ORDER BY i.id, p.paid_on, p.id"
    );
    conn(tx).each(&sql, p![client], |r| {
        let id: i64 = r.get(0)?;
        if list.last().is_none_or(|s| s.id != id) {
            list.push(Settled {
                id,
                client_id: r.get(1)?,
                amount: r.get(2)?,
                issued: r.get(3)?,
                due: r.get(4)?,
                stored: r.get(5)?,
                currency: r.get(6)?,
                payments: Vec::new(),
            });
        }
        let amount: Option<Money> = r.get(7)?;
        if let (Some(amount), Some(last)) = (amount, list.last_mut()) {
            last.payments.push(Payment { amount, on: r.get(8)? });
        }
        Ok(())
    })?;
    let mut ids: Vec<i64> = list.iter().map(|s| s.client_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let schedules: HashMap<i64, PaymentSchedule> =
        payment_versions_of(tx, &ids)?.iter().map(|(id, v)| (*id, PaymentSchedule::new(v))).collect();
    let waivers = waiver_days(tx, client)?;
    let mut changed = 0;
    for s in &list {
        let rules = schedules.get(&s.client_id).map_or(PaymentRules::NONE, |r| r.on(s.issued));
        let invoice = Invoice { rates, ..Invoice::new(s.amount, s.currency, s.due, &rules) };
        let cleared = owed_until(&invoice, &s.payments, waivers.get(&s.id).map_or(&[][..], Vec::as_slice));
        if cleared != s.stored {
            super::invoices::set_owed_until(tx, s.id, cleared)?;
            changed += 1;
        }
    }
    Ok(changed)
}
