//! Overdue invoices (SPEC 6): which invoices are overdue on the as-of date,
//! with late fee, interest, aging bucket and whether service may be
//! suspended, most days late first — the `overdue` report — and the flags
//! of `check` from the same assessment: `overdue-invoice` (naming the
//! reminder sent, once one is), `suspension-due`, and `rate-unknown` for
//! statutory interest accrued on a half-year the reference rates lack.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::rc::Rc;

use chrono::NaiveDate;
use compact_str::CompactString;
use serde::Serialize;

use super::clients::find_client;
use super::invoices::Pricing;
use super::{Env, Result};
use crate::flags::money::{
    overdue_invoice, rate_unknown, suspension_due, Ladder, OverdueInvoice, Reminded, UnknownHalfYear,
};
use crate::flags::Flag;
use crate::money::reminders::step_due;
use crate::money::{first_overdue_day, Bucket, PaymentRules, Standing};
use crate::store::invoices::{self as store_invoices, InvoiceRow, OpenInvoice};
use crate::store::reminders::latest_reminders;
use crate::store::Db;
use crate::values::{Amount, Currency, Money};

/// An overdue invoice with the rules it is held to and its standing. The
/// rules are shared with the invoices under the same ones and the standing
/// is boxed, so that an assessment fits where its candidate was read: the
/// list of assessments is made in the candidates' own memory (a second list
/// beside them was a third of `overdue`'s page faults on a book of 10,000
/// overdue invoices).
#[derive(Debug, Clone)]
pub struct Assessed {
    pub invoice: InvoiceRow,
    pub rules: Rc<PaymentRules>,
    pub standing: Box<Standing>,
}

// The condition of the standard library's collecting in place.
const _: () = assert!(
    std::mem::size_of::<Assessed>() <= std::mem::size_of::<OpenInvoice>()
        && std::mem::align_of::<Assessed>() == std::mem::align_of::<OpenInvoice>()
);

/// What `make` makes of every invoice overdue on `as_of` (of one client,
/// or all), most days late (`days_late` of what it made) first, then by
/// `number` (unique: a total order); made where the candidates were read.
fn overdue_as<T>(
    db: &impl Db,
    env: &Env<'_>,
    as_of: NaiveDate,
    client: Option<i64>,
    make: impl Fn(InvoiceRow, Rc<PaymentRules>, Standing) -> T,
    days_late: impl Fn(&T) -> i64,
    number: impl Fn(&T) -> &str,
) -> Result<Vec<T>> {
    let candidates = store_invoices::past_due(db, as_of, client)?;
    let pricing = Pricing::load(db, env, candidates.iter().map(|c| &c.invoice), client, as_of)?;
    let mut out = crate::lists::try_filter_map(candidates.into_iter(), |c: OpenInvoice| -> Result<_> {
        let rules = pricing.shared_rules(&c.invoice);
        let standing = pricing.standing(&c.invoice, &rules, &c.payments, as_of)?;
        Ok(standing.overdue.then(|| make(c.invoice, rules, standing)))
    })?;
    crate::lists::sort_by_key_then_text(&mut out, |t| Reverse(days_late(t)), number);
    Ok(out)
}

/// Every invoice overdue on `as_of` (of one client, or all), most days late
/// first.
pub fn assess(db: &impl Db, env: &Env<'_>, as_of: NaiveDate, client: Option<i64>) -> Result<Vec<Assessed>> {
    overdue_as(
        db,
        env,
        as_of,
        client,
        |invoice, rules, standing| Assessed { invoice, rules, standing: Box::new(standing) },
        |a| a.standing.days_late,
        |a| &a.invoice.number,
    )
}

/// One line of `overdue` (the JSON keys of SPEC 6). It takes its invoice's
/// number and handle, and fits where the invoice was read: the list is made
/// in the candidates' own memory.
#[derive(Debug, Clone, Serialize)]
pub struct OverdueLine {
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
    pub days_late: i64,
    pub bucket: Bucket,
    pub late_fee: Amount,
    pub interest: Amount,
    pub total_due: Amount,
    pub suspend: bool,
}

const _: () = assert!(
    std::mem::size_of::<OverdueLine>() <= std::mem::size_of::<OpenInvoice>()
        && std::mem::align_of::<OverdueLine>() == std::mem::align_of::<OpenInvoice>()
);

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

    fn new(invoice: InvoiceRow, s: &Standing) -> OverdueLine {
        let c = invoice.currency;
        OverdueLine {
            currency: c,
            amount: c.amount(invoice.amount()),
            paid: c.amount(s.paid),
            outstanding: c.amount(s.outstanding),
            issued: invoice.issued,
            due: invoice.due,
            days_late: s.days_late,
            bucket: s.bucket,
            late_fee: c.amount(s.fee_owed()),
            interest: c.amount(s.interest_owed()),
            total_due: c.amount(s.total_due()),
            suspend: s.suspend,
            invoice: invoice.record.number,
            client: invoice.client,
        }
    }
}

/// What `overdue` lists, summed per currency: outstanding, late fee,
/// interest and total due.
pub fn totals(list: &[OverdueLine]) -> BTreeMap<Currency, [Money; 4]> {
    let mut sums: BTreeMap<Currency, [Money; 4]> = BTreeMap::new();
    for l in list {
        let e = sums.entry(l.currency).or_default();
        for (sum, v) in e.iter_mut().zip([l.outstanding, l.late_fee, l.interest, l.total_due]) {
            *sum = sum.plus(v.money);
        }
    }
    sums
}

/// The overdue invoices (of one client, by handle, or all) as of the as-of
/// date, most days late first.
pub fn overdue(db: &impl Db, env: &Env<'_>, client: Option<&str>) -> Result<Vec<OverdueLine>> {
    let client = client.map(|h| find_client(db, h)).transpose()?;
    overdue_as(
        db,
        env,
        env.today(),
        client.map(|c| c.id),
        |invoice, _, standing| OverdueLine::new(invoice, &standing),
        |l| l.days_late,
        |l| &l.invoice,
    )
}

/// The `overdue-invoice`, `suspension-due` and `rate-unknown` flags as of
/// the as-of date. Each invoice is assessed and flagged in one step: its
/// standing is not kept (holding every one was an eighth of `check`'s
/// memory on a book of 10,000 overdue invoices), and the flags need no
/// order (`check` sorts them).
pub fn flags(db: &impl Db, env: &Env<'_>, client: Option<i64>) -> Result<Vec<Flag>> {
    // The start of a day in the user's zone, worked out once a day: the
    // invoices of a book fall due on a few hundred days.
    let mut starts: foldhash::HashMap<NaiveDate, chrono::DateTime<chrono_tz::Tz>> =
        foldhash::HashMap::default();
    let mut start_of = |d: NaiveDate| *starts.entry(d).or_insert_with(|| env.start_of_day(d));
    let as_of = env.today();
    let candidates = store_invoices::past_due(db, as_of, client)?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let pricing = Pricing::load(db, env, candidates.iter().map(|c| &c.invoice), client, as_of)?;
    let sent = latest_reminders(db, env.now_ts())?;
    let numbers = env.config.numbers;
    let mut unknown: BTreeMap<(crate::values::RateScheme, NaiveDate), UnknownHalfYear<chrono_tz::Tz>> =
        BTreeMap::new();
    // Two flags at most an invoice, nearly every one overdue on a bad day:
    // room for both (the room no flag takes is never touched), so the list
    // is not moved as it grows.
    let mut out = Vec::with_capacity(2 * candidates.len());
    for c in &candidates {
        let (invoice, rules) = (&c.invoice, pricing.rules(&c.invoice));
        let s = pricing.standing(invoice, &rules, &c.payments, as_of)?;
        if !s.overdue {
            continue;
        }
        for u in &s.unknown_rates {
            let e = unknown.entry((u.scheme, u.from)).or_insert_with(|| UnknownHalfYear {
                scheme: u.scheme,
                from: u.from,
                used: u.used,
                clients: Vec::new(),
                at: env.start_of_day(u.from),
            });
            e.clients.push(invoice.client.to_string());
        }
        let reminded = sent.get(&invoice.id).map(|r| Reminded {
            tone: r.tone.clone(),
            on: env.instant(r.sent_at).date_naive(),
            next_due: step_due(&env.config.reminders, s.days_late, rules.grace, u32::try_from(r.step).ok())
                .map(|(_, step)| step.tone.as_str()),
        });
        let steps = &env.config.reminders;
        let ladder = match steps.first() {
            None => Some(Ladder::Empty),
            Some(_) if reminded.is_some() || step_due(steps, s.days_late, rules.grace, None).is_some() => {
                None
            }
            Some(first) => {
                Some(Ladder::FirstOn(super::reminders::reached_on(invoice.due, rules.grace, first.after)))
            }
        };
        let item = OverdueInvoice {
            ladder,
            overdue_since: start_of(first_overdue_day(invoice.due, rules.grace)),
            suspend: rules.suspend_after.filter(|_| s.suspend).map(|n| {
                let day =
                    invoice.due.checked_add_days(chrono::Days::new(u64::from(n))).unwrap_or(invoice.due);
                (n, start_of(day))
            }),
            client: &invoice.client,
            number: &invoice.record.number,
            due: invoice.due,
            days_late: s.days_late,
            total_due: invoice.currency.amount(s.total_due()),
            numbers,
            reminded,
        };
        out.push(overdue_invoice(&item));
        out.extend(suspension_due(&item));
    }
    let mut unknown: Vec<UnknownHalfYear<chrono_tz::Tz>> = unknown.into_values().collect();
    for u in &mut unknown {
        u.clients.sort();
    }
    out.extend(rate_unknown(&unknown));
    Ok(out)
}
