//! Charges owed (SPEC 6): the late fee and interest still owed once the
//! principal is paid — never out of sight. The `unpaid-charges` flags of
//! `check`, and waiving (or taking back the waiver of) a late fee or
//! interest: kept on record with its day, refused for a charge a payment
//! already went to.

use serde::Serialize;

use super::invoices::{Ledger, Pricing};
use super::{BookError, Env, Result};
use crate::flags::money::{unpaid_charges, UnpaidCharges};
use crate::flags::Flag;
use crate::money::Waivers;
use crate::store::invoices::{self as store_invoices, charges_candidates};
use crate::store::records::WaiverRecord;
use crate::store::waivers::{delete_waiver, insert_waiver};
use crate::store::{Db, Tx};
use crate::values::{Amount, Money};

/// The `unpaid-charges` flags as of the as-of date: invoices whose
/// principal is paid while late fee or interest is still owed.
pub fn flags(db: &impl Db, env: &Env<'_>, client: Option<i64>) -> Result<Vec<Flag>> {
    let as_of = env.today();
    let candidates = charges_candidates(db, as_of, client)?;
    let pricing = Pricing::load(db, env, candidates.iter().map(|c| &c.invoice), client, as_of)?;
    let mut items = Vec::new();
    for c in &candidates {
        let rules = pricing.rules(&c.invoice);
        let s = pricing.standing(&c.invoice, &rules, &c.payments, as_of)?;
        let (Some(settled_on), true) = (s.settled_on, s.charges_owed() > Money::ZERO) else { continue };
        items.push(UnpaidCharges {
            client: c.invoice.client.to_string(),
            number: c.invoice.number.to_string(),
            settled_on,
            at: env.start_of_day(settled_on),
            owed: c.invoice.currency.amount(s.charges_owed()).text(env.config.numbers),
        });
    }
    Ok(unpaid_charges(&items))
}

/// What `waive` did.
#[derive(Debug, Clone, Serialize)]
pub struct Waived {
    pub invoice: String,
    pub client: String,
    /// The charges this command waived, or took back with `--undo`.
    pub changed: Waivers,
    pub undo: bool,
    /// What is waived now.
    pub waived: Waivers,
    pub on: chrono::NaiveDate,
    pub reason: Option<String>,
    pub late_fee: Amount,
    pub interest: Amount,
    pub charges_owed: Amount,
}

/// Waives the charges `which` names (neither: both) of invoice `number`
/// from today on; with `undo`, takes back those waivers (neither: all).
pub fn waive(
    tx: &Tx<'_>,
    env: &Env<'_>,
    number: &str,
    which: Waivers,
    reason: Option<&str>,
    undo: bool,
) -> Result<Waived> {
    let mut ledger = Ledger::read(tx, number)?;
    let inv = ledger.inv.clone();
    if inv.voided() {
        return Err(BookError::Void(inv.number.to_string()));
    }
    let today = env.today();
    let pays = ledger.pays();
    let present = ledger
        .waivers
        .iter()
        .fold(Waivers::NONE, |a, (_, w)| Waivers { fee: a.fee || w.fee, interest: a.interest || w.interest });
    let asked = if which == Waivers::NONE { Waivers::BOTH } else { which };
    let changed = if undo {
        let gone = Waivers { fee: asked.fee && present.fee, interest: asked.interest && present.interest };
        if gone == Waivers::NONE {
            return Err(BookError::NotWaived { invoice: inv.number.to_string(), charges: asked.names() });
        }
        for (charge, on) in [("fee", gone.fee), ("interest", gone.interest)] {
            if on {
                delete_waiver(tx, inv.id, charge)?;
            }
        }
        ledger.waivers.retain(|(_, w)| !(w.fee && gone.fee || w.interest && gone.interest));
        gone
    } else {
        let new = Waivers { fee: asked.fee && !present.fee, interest: asked.interest && !present.interest };
        if new == Waivers::NONE {
            return Err(BookError::AlreadyWaived { invoice: inv.number.to_string(), charges: asked.names() });
        }
        let now = ledger
            .standing(env, &pays, ledger.last_day(&pays, today))
            .map_err(|e| super::invoices::inconsistent(&inv.number, e.on))?;
        if !now.can_waive(new) {
            let (charge, paid) = if new.fee && now.fee_paid > Money::ZERO {
                ("late fee", now.fee_paid)
            } else {
                ("interest", now.interest_paid)
            };
            return Err(BookError::WaiverPaid {
                invoice: inv.number.to_string(),
                charge,
                paid: inv.currency.amount(paid).text(env.config.numbers),
            });
        }
        for (charge, on) in [("fee", new.fee), ("interest", new.interest)] {
            if on {
                let record = WaiverRecord {
                    id: 0,
                    invoice_id: inv.id,
                    charge: charge.into(),
                    waived_on: today,
                    reason: reason.map(str::to_string),
                    created_at: env.now_ts(),
                };
                insert_waiver(tx, &record)?;
                let one = Waivers { fee: charge == "fee", interest: charge == "interest" };
                ledger.waivers.push((today, one));
            }
        }
        new
    };
    ledger.store_derived(tx, env, &pays)?;
    store_invoices::touch_invoice(tx, inv.id, env.now_ts())?;
    let after = ledger
        .standing(env, &pays, ledger.last_day(&pays, today))
        .map_err(|e| super::invoices::inconsistent(&inv.number, e.on))?;
    let c = inv.currency;
    Ok(Waived {
        invoice: inv.number.to_string(),
        client: inv.client.to_string(),
        changed,
        undo,
        waived: ledger.waived_on(chrono::NaiveDate::MAX),
        on: today,
        reason: reason.map(str::to_string),
        late_fee: c.amount(after.late_fee),
        interest: c.amount(after.interest),
        charges_owed: c.amount(after.charges_owed()),
    })
}
