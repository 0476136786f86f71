//! The receivables journal (SPEC 10 `export --format journal`): every
//! invoice issued by the as-of date and not void, with its payments up to
//! then and the late fee and interest its standing gives (the same
//! [`Pricing`] as `invoices`: the payment rules of its issue date, the
//! waivers in force), handed to the pure renderer
//! [`crate::money::journal`].

use super::invoices::Pricing;
use super::{Env, Result};
use crate::money::journal::{Entry, Journal};
use crate::store::invoices as store_invoices;
use crate::store::Db;

/// The receivables as of the as-of date.
pub fn journal(db: &impl Db, env: &Env<'_>) -> Result<Journal> {
    let as_of = env.today();
    let (mut rows, mut payments) = store_invoices::invoices_and_payments(db, None, as_of)?;
    rows.retain(|inv| !inv.voided());
    let pricing = Pricing::load(db, env, rows.iter(), None, as_of)?;
    let mut entries = Vec::with_capacity(rows.len());
    for inv in rows {
        let pays = payments.remove(&inv.id).unwrap_or_default();
        let rules = pricing.rules(&inv);
        let standing = pricing.standing(&inv, &rules, &pays, as_of)?;
        let (due, amount) = (inv.due, inv.amount());
        let entry = Entry {
            currency: inv.currency,
            amount,
            issued: inv.record.issued,
            number: inv.record.number.into(),
            client: inv.client.into(),
            payments: pays,
            late_fee: None,
            interest: None,
        };
        entries.push(entry.with_charges(due, rules.grace, &standing, as_of));
    }
    Ok(Journal { as_of, entries })
}
