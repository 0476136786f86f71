//! Keeping `invoices.owed_until` true: how long late fee or interest
//! outlived the day the principal was paid ([`crate::money::owed_until`]),
//! which `check` reads to find the charges still owed. The operations set
//! it for the invoice they change; [`recompute_owed_until`] brings it up to
//! date for every settled invoice of one client or of the whole book (after
//! a rule change, a merge or the upgrade that added it), and
//! [`owed_in_document`] computes it for an import.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::export::Document;
use super::rules::{payment_versions_of, version_of};
use super::sql::p;
use super::waivers::waiver_days;
use super::{conn, StoreError, Tx};
use crate::money::{
    owed_until, payment_rules_on, standing, Invoice, Payment, PaymentRules, ReferenceRates, Waivers,
};
use crate::rules::RuleVersion;
use crate::values::{Currency, Decimal, Money};

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
    let versions = payment_versions_of(tx, &ids)?;
    let waivers = waiver_days(tx, client)?;
    let mut changed = 0;
    for s in &list {
        let rules = versions
            .get(&s.client_id)
            .map_or(crate::money::PaymentRules::NONE, |v| payment_rules_on(v, s.issued));
        let invoice = Invoice { rates, ..Invoice::new(s.amount, s.currency, s.due, &rules) };
        let cleared = owed_until(&invoice, &s.payments, waivers.get(&s.id).map_or(&[][..], Vec::as_slice));
        if cleared != s.stored {
            super::invoices::set_owed_until(tx, s.id, cleared)?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// A document's money, ready for the arithmetic: each invoice's payment
/// rules, payments (with their place in the file) and waivers, every
/// amount in the minor unit of its client's currency (`legacy`: kept in
/// hundredths, as version 1 did, and rounded).
struct DocMoney {
    currency: HashMap<i64, Currency>,
    legacy: bool,
    versions: HashMap<i64, Vec<RuleVersion>>,
    /// By invoice id: (index in `doc.payments`, payment).
    payments: HashMap<i64, Vec<(usize, Payment)>>,
    waivers: HashMap<i64, Vec<(NaiveDate, Waivers)>>,
}

impl DocMoney {
    fn new<S: std::hash::BuildHasher>(
        doc: &Document,
        currency: &HashMap<i64, Currency, S>,
        legacy: bool,
    ) -> Self {
        let currency: HashMap<i64, Currency> = currency.iter().map(|(k, v)| (*k, *v)).collect();
        let mut versions: HashMap<i64, Vec<RuleVersion>> = HashMap::new();
        for v in &doc.rule_versions {
            if let Ok(version) = version_of(v) {
                versions.entry(v.client_id).or_default().push(version);
            }
        }
        let client_of: HashMap<i64, i64> = doc.invoices.iter().map(|i| (i.id, i.client_id)).collect();
        let mut money =
            DocMoney { currency, legacy, versions, payments: HashMap::new(), waivers: HashMap::new() };
        for (i, p) in doc.payments.iter().enumerate() {
            let c = money.cur(client_of.get(&p.invoice_id).copied().unwrap_or_default());
            let amount = money.minor(p.amount, c);
            money.payments.entry(p.invoice_id).or_default().push((i, Payment { on: p.paid_on, amount }));
        }
        for w in &doc.waivers {
            let fee = w.charge == "fee";
            money
                .waivers
                .entry(w.invoice_id)
                .or_default()
                .push((w.waived_on, Waivers { fee, interest: !fee }));
        }
        money
    }

    fn cur(&self, client: i64) -> Currency {
        self.currency.get(&client).copied().unwrap_or(Currency::USD)
    }

    fn minor(&self, d: Decimal, c: Currency) -> Money {
        if self.legacy {
            d.rounded(c.exponent())
        } else {
            d.to_minor(c.exponent()).unwrap_or_else(|| d.rounded(c.exponent()))
        }
    }

    fn rules(&self, inv: &crate::store::records::InvoiceRecord) -> PaymentRules {
        self.versions.get(&inv.client_id).map_or(PaymentRules::NONE, |v| payment_rules_on(v, inv.issued))
    }

    fn payments(&self, invoice: i64) -> Vec<Payment> {
        self.payments.get(&invoice).map_or_else(Vec::new, |list| list.iter().map(|(_, p)| *p).collect())
    }
}

/// The `owed_until` of each invoice of a document being imported into an
/// empty database (by its id in the file), from the document's own rules,
/// payments and waivers, with each amount in `currency` of its client
/// (`legacy`: kept in hundredths, as version 1 did, and rounded).
pub fn owed_in_document<S: std::hash::BuildHasher>(
    doc: &Document,
    currency: &HashMap<i64, Currency, S>,
    legacy: bool,
    rates: &ReferenceRates,
) -> HashMap<i64, Option<NaiveDate>> {
    let money = DocMoney::new(doc, currency, legacy);
    doc.invoices
        .iter()
        .filter(|i| i.settled_on.is_some() && i.voided_at.is_none())
        .map(|i| {
            let c = money.cur(i.client_id);
            let rules = money.rules(i);
            let invoice = Invoice { rates, ..Invoice::new(money.minor(i.amount, c), c, i.due, &rules) };
            let waivers = money.waivers.get(&i.id).map_or(&[][..], Vec::as_slice);
            (i.id, owed_until(&invoice, &money.payments(i.id), waivers))
        })
        .collect()
}

/// A payment of a document that pays more than its invoice owed on its
/// day (principal, late fee and interest, under the document's rules and
/// with every waiver of the invoice), as `pay` would refuse it: the
/// payment's place in the file and what its invoice could take that day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overpayment {
    pub index: usize,
    pub invoice: String,
    pub on: NaiveDate,
    pub owed: crate::values::Amount,
}

/// The first [`Overpayment`] of a document, if any.
pub fn overpaid_in_document<S: std::hash::BuildHasher>(
    doc: &Document,
    currency: &HashMap<i64, Currency, S>,
    legacy: bool,
    rates: &ReferenceRates,
) -> Option<Overpayment> {
    let money = DocMoney::new(doc, currency, legacy);
    for inv in doc.invoices.iter().filter(|i| money.payments.contains_key(&i.id)) {
        let c = money.cur(inv.client_id);
        let rules = money.rules(inv);
        let mut waived = Waivers { fee: false, interest: false };
        for (_, w) in money.waivers.get(&inv.id).map_or(&[][..], Vec::as_slice) {
            waived.fee |= w.fee;
            waived.interest |= w.interest;
        }
        let invoice = Invoice {
            rates,
            waivers: waived,
            ..Invoice::new(money.minor(inv.amount, c), c, inv.due, &rules)
        };
        let pays = &money.payments[&inv.id];
        let last = pays.iter().map(|(_, p)| p.on).max().unwrap_or(inv.issued);
        if let Err(over) = standing(&invoice, &money.payments(inv.id), last) {
            let index = pays.iter().rev().find(|(_, p)| p.on == over.on).map_or(0, |(i, _)| *i);
            return Some(Overpayment {
                index,
                invoice: inv.number.clone(),
                on: over.on,
                owed: c.amount(over.owed),
            });
        }
    }
    None
}
