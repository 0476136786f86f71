//! After an import has written its invoices, payments and waivers: what
//! only an invoice's payments together can tell, read back once in invoice
//! order (one invoice's payments held at a time, never the document's):
//! that no payment came before its invoice or after its void, that
//! `settled_on` is the day the payments cover the principal (set from them
//! in a version-1 document, whose amounts were rounded), that no payment
//! pays more than its invoice owed that day, and how long charges outlived
//! the principal (`owed_until`).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::check::{bad, BadRecord};
use super::ImportError;
use crate::money::{
    owed_until, standing, Invoice, Payment, PaymentRules, PaymentSchedule, ReferenceRates, Waivers,
};
use crate::store::rules::payment_versions_of;
use crate::store::sql::p;
use crate::store::waivers::waiver_days;
use crate::store::{conn, invoices, Tx};
use crate::values::{Amount, Currency, Money, Numbers};

/// Where each written record came from: database ids in the order of the
/// file (0 for one a merge skipped), to name a refused record.
pub(super) struct Order<'a> {
    pub(super) invoices: &'a [i64],
    pub(super) payments: &'a [i64],
}

impl Order<'_> {
    fn index(list: &[i64], id: i64) -> usize {
        list.iter().position(|&x| x == id).unwrap_or(0)
    }
}

/// One invoice with its payments (id, payment, recorded at).
struct Group {
    id: i64,
    client_id: i64,
    amount: Money,
    issued: NaiveDate,
    due: NaiveDate,
    settled: Option<NaiveDate>,
    voided: Option<i64>,
    currency: Currency,
    payments: Vec<(i64, Payment, i64)>,
}

/// Checks and completes the invoices of ids from `first` on (all of an
/// import into an empty book; those a merge added); returns how many
/// payments it read (each once).
pub(super) fn settle(
    tx: &Tx<'_>,
    first: i64,
    legacy: bool,
    rates: &ReferenceRates,
    order: &Order<'_>,
) -> Result<usize, ImportError> {
    let mut read = 0;
    let clients: Vec<i64> = conn(tx).all(
        "SELECT DISTINCT client_id FROM invoices WHERE id >= ?1 ORDER BY client_id",
        p![first],
        |r| r.get(0),
    )?;
    // The payment rules of each client, worked out once by date, and read
    // a thousand clients at a time, so the versions of every client are
    // never held at once.
    let mut schedules: HashMap<i64, PaymentSchedule> = HashMap::with_capacity(clients.len());
    for part in clients.chunks(1_000) {
        for (client, list) in payment_versions_of(tx, part)? {
            schedules.insert(client, PaymentSchedule::new(&list));
        }
    }
    let waivers = waiver_days(tx, None)?;
    let mut problem: Option<Refusal> = None;
    let mut settled_now: Vec<(i64, Option<NaiveDate>)> = Vec::new();
    let mut owed: Vec<(i64, NaiveDate)> = Vec::new();
    let mut group: Option<Group> = None;
    let mut done = |g: Group, problem: &mut Option<Refusal>| {
        if problem.is_some() {
            return;
        }
        let rules = schedules.get(&g.client_id).map_or(PaymentRules::NONE, |s| s.on(g.issued));
        let waived = waivers.get(&g.id).map_or(&[][..], Vec::as_slice);
        match check(&g, legacy, rates, &rules, waived, order) {
            Err(refusal) => *problem = Some(refusal),
            Ok((settled, until)) => {
                if settled != g.settled {
                    settled_now.push((g.id, settled));
                }
                if let Some(d) = until {
                    owed.push((g.id, d));
                }
            }
        }
    };
    conn(tx).each(
        "SELECT i.id, i.client_id, i.amount, i.issued, i.due, i.settled_on, i.voided_at, c.currency, \
                p.id, p.amount, p.paid_on, p.created_at \
         FROM invoices i JOIN clients c ON c.id = i.client_id LEFT JOIN payments p ON p.invoice_id = i.id \
         WHERE i.id >= ?1 ORDER BY i.id",
        p![first],
        |r| {
            let id: i64 = r.get(0)?;
            if group.as_ref().is_none_or(|g| g.id != id) {
                if let Some(g) = group.take() {
                    done(g, &mut problem);
                }
                group = Some(Group {
                    id,
                    client_id: r.get(1)?,
                    amount: r.get(2)?,
                    issued: r.get(3)?,
                    due: r.get(4)?,
                    settled: r.get(5)?,
                    voided: r.get(6)?,
                    currency: r.get(7)?,
                    payments: Vec::new(),
                });
            }
            if let (Some(pid), Some(g)) = (r.get::<Option<i64>>(8)?, group.as_mut()) {
                read += 1;
                g.payments.push((pid, Payment { amount: r.get(9)?, on: r.get(10)? }, r.get(11)?));
            }
            Ok(())
        },
    )?;
    if let Some(g) = group.take() {
        done(g, &mut problem);
    }
    match problem {
        None => {}
        Some(Refusal::Bad(bad)) => return Err(bad.into()),
        Some(Refusal::Over { invoice, index, paid, on, owed }) => {
            // Named once the rows are read (a server reads one query at a time).
            let number: String =
                conn(tx).one("SELECT number FROM invoices WHERE id = ?1", p![invoice], |r| r.get(0))?;
            return Err(bad(
                "payments",
                index,
                Some("amount"),
                format!(
                    "{}: more than invoice {number} owed on {on} (at most {})",
                    paid.plain(),
                    owed.text(Numbers::Comma)
                ),
            )
            .into());
        }
    }
    for (id, settled) in settled_now {
        invoices::set_settled(tx, id, settled)?;
    }
    for (id, until) in owed {
        invoices::set_owed_until(tx, id, Some(until))?;
    }
    Ok(read)
}

/// Why the payments of an invoice are refused: a record, or payment
/// `index` paying `paid` on `on` when its invoice owed `owed`.
enum Refusal {
    Bad(BadRecord),
    Over { invoice: i64, index: usize, paid: Amount, on: NaiveDate, owed: Amount },
}

/// One invoice: its `settled_on` from the payments and its `owed_until`,
/// or the first record the payments show wrong.
fn check(
    g: &Group,
    legacy: bool,
    rates: &ReferenceRates,
    rules: &PaymentRules,
    waived: &[(NaiveDate, Waivers)],
    order: &Order<'_>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), Refusal> {
    let mut payments = g.payments.clone();
    // In the order of the file (ids ascending), which decides among
    // payments of one day.
    payments.sort_unstable_by_key(|(pid, _, _)| *pid);
    let payment_at = |pid: i64| Order::index(order.payments, pid);
    for (pid, p, created) in &payments {
        if p.on < g.issued {
            return Err(Refusal::Bad(bad(
                "payments",
                payment_at(*pid),
                Some("paid_on"),
                format!("{}: before its invoice was issued ({})", p.on, g.issued),
            )));
        }
        if g.voided.is_some_and(|v| *created > v) {
            return Err(Refusal::Bad(bad(
                "payments",
                payment_at(*pid),
                Some("invoice_id"),
                "a payment recorded after its invoice was voided: a void invoice takes no payments",
            )));
        }
    }
    let pays: Vec<Payment> = payments.iter().map(|(_, p, _)| *p).collect();
    let settled = crate::money::settled_on(g.amount, &pays);
    if settled != g.settled && !legacy {
        let show = |d: Option<NaiveDate>| d.map_or_else(|| "none".to_string(), |d| d.to_string());
        return Err(Refusal::Bad(bad(
            "invoices",
            Order::index(order.invoices, g.id),
            Some("settled_on"),
            format!(
                "{} does not match the payments, which settle the principal on {}",
                show(g.settled),
                show(settled)
            ),
        )));
    }
    if let Some(last) = pays.iter().map(|p| p.on).max() {
        let mut flags = Waivers { fee: false, interest: false };
        for (_, w) in waived {
            flags.fee |= w.fee;
            flags.interest |= w.interest;
        }
        let invoice = Invoice { rates, waivers: flags, ..Invoice::new(g.amount, g.currency, g.due, rules) };
        if let Err(over) = standing(&invoice, &pays, last) {
            // The last payment of that day in the file.
            let (pid, p, _) = payments.iter().rev().find(|(_, p, _)| p.on == over.on).unwrap_or(&payments[0]);
            return Err(Refusal::Over {
                invoice: g.id,
                index: payment_at(*pid),
                paid: g.currency.amount(p.amount),
                on: over.on,
                owed: g.currency.amount(over.owed),
            });
        }
    }
    let until = match settled {
        Some(_) if g.voided.is_none() => {
            let invoice = Invoice { rates, ..Invoice::new(g.amount, g.currency, g.due, rules) };
            owed_until(&invoice, &pays, waived)
        }
        _ => None,
    };
    Ok((settled, until))
}
