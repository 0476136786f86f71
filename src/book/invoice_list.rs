//! The `invoices` list (SPEC 6): every invoice issued by the as-of date
//! with what is paid and outstanding of its principal, its status (`paid`,
//! `charges`, `open`, `overdue`, `void`), the late fee and interest charged
//! so far, what of them is still owed, and what is waived. `show-client`
//! lists the same rows for a client's open invoices.

use chrono::NaiveDate;
use compact_str::CompactString;
use serde::Serialize;

use super::clients::find_client;
use super::invoices::Pricing;
use super::{Env, Result};
use crate::money::{Payment, Standing, Status, Waivers};
use crate::store::invoices::{self as store_invoices, InvoiceRow};
use crate::store::Db;
use crate::values::{Amount, Currency, Money};

/// One invoice as listed (the JSON keys of SPEC 6).
#[derive(Debug, Clone, Serialize)]
pub struct InvoiceLine {
    pub invoice: CompactString,
    pub client: CompactString,
    pub currency: Currency,
    pub amount: Amount,
    pub paid: Amount,
    pub outstanding: Amount,
    #[serde(serialize_with = "super::ser::date")]
    pub issued: NaiveDate,
    #[serde(serialize_with = "super::ser::date")]
    pub due: NaiveDate,
    pub status: &'static str,
    /// Charged so far, paid or not; zero when waived.
    pub late_fee: Amount,
    pub interest: Amount,
    /// Late fee and interest charged and not yet paid or waived.
    pub charges_owed: Amount,
    /// `fee`, `interest`: what is waived.
    /// (Two flags, written as the list of their names: a line fits where
    /// its invoice was read.)
    pub waived: Waivers,
}

// The condition of collecting the lines in place (see `lines`).
const _: () = assert!(
    std::mem::size_of::<InvoiceLine>() <= std::mem::size_of::<InvoiceRow>()
        && std::mem::align_of::<InvoiceLine>() == std::mem::align_of::<InvoiceRow>()
);

impl InvoiceLine {
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
        "status",
        "late_fee",
        "interest",
        "charges_owed",
        "waived",
    ];
}

/// The invoices of one client (or all) as of the as-of date; only those
/// still owing something (`open`, `overdue`, `charges`) when `open_only`.
/// The lines are made in the memory the invoices were read into.
pub fn lines(db: &impl Db, env: &Env<'_>, client: Option<i64>, open_only: bool) -> Result<Vec<InvoiceLine>> {
    let as_of = env.today();
    // The open ones are read with their payments, without the paid ones;
    // the whole list reads every invoice and every payment.
    if open_only {
        let mut owing = store_invoices::owing(db, client, as_of)?;
        // Numbers are unique: a total order.
        crate::lists::sort_by_key_then_text(&mut owing, |o| o.invoice.issued, |o| &o.invoice.number);
        let pricing = Pricing::load(db, env, owing.iter().map(|o| &o.invoice), client, as_of)?;
        crate::lists::try_filter_map(owing.into_iter(), |o| {
            line(&pricing, o.invoice, &o.payments, as_of, true)
        })
    } else {
        let (rows, mut payments) = store_invoices::invoices_and_payments(db, client, as_of)?;
        let pricing = Pricing::load(db, env, rows.iter(), client, as_of)?;
        crate::lists::try_filter_map(rows.into_iter(), |inv| {
            let pays = payments.remove(&inv.id).unwrap_or_default();
            line(&pricing, inv, &pays, as_of, false)
        })
    }
}

/// The line of `inv` with `pays`; `None` for one paid when `open_only`.
fn line(
    pricing: &Pricing<'_>,
    inv: InvoiceRow,
    pays: &[Payment],
    as_of: NaiveDate,
    open_only: bool,
) -> Result<Option<InvoiceLine>> {
    let rules = pricing.rules(&inv);
    let s = pricing.standing(&inv, &rules, pays, as_of)?;
    // A void invoice owes nothing, whatever was paid of it.
    let (status, standing) = if inv.voided() {
        ("void", None)
    } else {
        let status = s.status();
        if open_only && status == Status::Paid {
            return Ok(None);
        }
        (status.as_str(), Some(&s))
    };
    let c = inv.currency;
    let owed = |f: fn(&Standing) -> Money| c.amount(standing.map_or(Money::ZERO, f));
    Ok(Some(InvoiceLine {
        currency: c,
        amount: c.amount(inv.amount()),
        paid: c.amount(s.paid),
        outstanding: owed(|s| s.outstanding),
        issued: inv.record.issued,
        due: inv.record.due,
        status,
        late_fee: owed(|s| s.late_fee),
        interest: owed(|s| s.interest),
        charges_owed: owed(Standing::charges_owed),
        waived: pricing.waivers(&inv),
        invoice: inv.record.number,
        client: inv.client,
    }))
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
