//! A client's money and its currency: flat fees typed for the client are
//! checked against its currency and kept with its decimals, and the
//! currency cannot change while amounts in it are on record (they are kept
//! in its minor unit, which another currency would misread).

use super::{BookError, Env, Result};
use crate::rules::RulePatch;
use crate::store::clients::{self as store_clients, ClientRow};
use crate::store::rules::versions;
use crate::store::{Db, Tx};
use crate::values::{Currency, Fee, MoneyInput};

/// Checks flat fees typed for a client of `currency`, and brings the flat
/// fees of `patch` to the currency's decimals (`25.00` is JPY `25`).
pub(super) fn fees_in(currency: Currency, typed: &[MoneyInput], patch: &mut RulePatch) -> Result<()> {
    for t in typed {
        super::invoices::amount_in(t, currency)?;
    }
    for (name, rule) in [("late_fee", &mut patch.late_fee), ("rush_fee", &mut patch.rush_fee)] {
        if let Some(Some(fee)) = rule {
            let fixed = fee.in_decimals(currency.exponent()).ok_or_else(|| BookError::FeeDecimals {
                rule: name,
                value: fee.to_string(),
                currency: currency.to_string(),
            })?;
            *rule = Some(Some(fixed));
        }
    }
    Ok(())
}

/// Whether a client has amounts on record in its currency: invoices,
/// phases, a contract rate or a flat fee in its rules.
pub(super) fn money_on_record(db: &impl Db, client_id: i64) -> Result<bool> {
    let flat = |f: &Option<Option<Fee>>| matches!(f, Some(Some(Fee::Flat(_))));
    Ok(store_clients::amounts_on_record(db, client_id)?
        || versions(db, client_id)?.iter().any(|v| flat(&v.patch.late_fee) || flat(&v.patch.rush_fee)))
}

/// The currency `client` has after an edit naming `new`: refused while
/// amounts in the current one are on record.
pub(super) fn currency_after(db: &impl Db, client: &ClientRow, new: Option<Currency>) -> Result<Currency> {
    let currency = new.unwrap_or(client.currency);
    if currency != client.currency && money_on_record(db, client.id)? {
        return Err(BookError::CurrencyInUse {
            client: client.handle.clone(),
            currency: client.currency.to_string(),
        });
    }
    Ok(currency)
}

/// After a change of a client's rules: what its settled invoices still owe
/// may follow other rules now.
pub(super) fn rules_changed(tx: &Tx<'_>, env: &Env<'_>, client_id: i64) -> Result<()> {
    crate::store::charges::recompute_owed_until(tx, Some(client_id), &env.config.reference_rates)?;
    Ok(())
}
