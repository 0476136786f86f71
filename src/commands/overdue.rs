//! `expect overdue`: invoices whose principal is unpaid past due date and
//! grace, most days late first, with late fee, interest, aging bucket and
//! whether service may be suspended; a totals line per currency in table
//! form; exit 1 when the list is not empty. Also the `overdue-invoice` and
//! `suspension-due` flags of `check`, from the same assessment.

use std::collections::{BTreeMap, HashMap};
use std::process::ExitCode;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::context::Ctx;
use crate::flags::money::{overdue_invoice, suspension_due, OverdueInvoice};
use crate::flags::Flag;
use crate::money::{payment_rules_on, standing, Bucket, Invoice, PaymentRules, Standing};
use crate::output::{Cell, Style};
use crate::rules::RuleVersion;
use crate::store::invoices::{past_due, payment_versions, InvoiceRow};
use crate::store::Db;
use crate::values::Money;

use super::find_client;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
}

/// An overdue invoice with the rules it is held to and its standing.
#[derive(Debug, Clone)]
pub struct Assessed {
    pub invoice: InvoiceRow,
    pub rules: PaymentRules,
    pub standing: Standing,
}

/// The payment rules an invoice is held to: those in force on its issue
/// date.
pub fn rules_for<S: std::hash::BuildHasher>(
    versions: &HashMap<i64, Vec<RuleVersion>, S>,
    invoice: &InvoiceRow,
) -> PaymentRules {
    versions.get(&invoice.client_id).map_or(PaymentRules::NONE, |v| payment_rules_on(v, invoice.issued))
}

/// Every invoice overdue on `as_of` (of one client, or all), most days late
/// first.
pub fn assess(db: &impl Db, as_of: NaiveDate, client: Option<i64>) -> anyhow::Result<Vec<Assessed>> {
    let candidates = past_due(db, as_of, client)?;
    let mut ids: Vec<i64> = candidates.iter().map(|c| c.invoice.client_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let versions = payment_versions(db, &ids)?;
    let mut out = Vec::new();
    for c in candidates {
        let rules = rules_for(&versions, &c.invoice);
        let standing = standing(
            &Invoice::new(c.invoice.amount, &c.invoice.currency, c.invoice.due, &rules),
            &c.payments,
            as_of,
        )
        .map_err(|e| {
            anyhow::anyhow!("the payments of invoice {} exceed what it owed on {}", c.invoice.number, e.on)
        })?;
        if standing.overdue {
            out.push(Assessed { invoice: c.invoice, rules, standing });
        }
    }
    out.sort_by(|a, b| {
        (b.standing.days_late, &a.invoice.number).cmp(&(a.standing.days_late, &b.invoice.number))
    });
    Ok(out)
}

/// The `overdue-invoice` and `suspension-due` flags as of the context's time.
pub fn flags(db: &impl Db, ctx: &Ctx, client: Option<i64>) -> anyhow::Result<Vec<Flag>> {
    let day =
        |d: NaiveDate, n: u32| ctx.cal.start_of_day(d.checked_add_days(Days::new(u64::from(n))).unwrap_or(d));
    let items: Vec<OverdueInvoice<_>> = assess(db, ctx.today(), client)?
        .into_iter()
        .map(|a| OverdueInvoice {
            overdue_since: day(a.invoice.due, a.rules.grace + 1),
            suspend: a.rules.suspend_after.filter(|_| a.standing.suspend).map(|s| (s, day(a.invoice.due, s))),
            client: a.invoice.client,
            number: a.invoice.number,
            currency: a.invoice.currency,
            due: a.invoice.due,
            days_late: a.standing.days_late,
            total_due: a.standing.total_due(),
        })
        .collect();
    let mut out = overdue_invoice(&items);
    out.extend(suspension_due(&items));
    Ok(out)
}

/// One line of the report (the JSON keys of SPEC 6).
#[derive(Debug, Serialize)]
pub struct Row {
    pub invoice: String,
    pub client: String,
    pub currency: String,
    #[serde(serialize_with = "crate::output::money")]
    pub amount: Money,
    #[serde(serialize_with = "crate::output::money")]
    pub paid: Money,
    #[serde(serialize_with = "crate::output::money")]
    pub outstanding: Money,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    pub days_late: i64,
    pub bucket: Bucket,
    #[serde(serialize_with = "crate::output::money")]
    pub late_fee: Money,
    #[serde(serialize_with = "crate::output::money")]
    pub interest: Money,
    #[serde(serialize_with = "crate::output::money")]
    pub total_due: Money,
    pub suspend: bool,
}

impl Row {
    fn new(a: &Assessed) -> Row {
        let s = &a.standing;
        Row {
            invoice: a.invoice.number.clone(),
            client: a.invoice.client.clone(),
            currency: a.invoice.currency.clone(),
            amount: a.invoice.amount,
            paid: s.paid,
            outstanding: s.outstanding,
            issued: a.invoice.issued,
            due: a.invoice.due,
            days_late: s.days_late,
            bucket: s.bucket,
            late_fee: s.fee_owed(),
            interest: s.interest_owed(),
            total_due: s.total_due(),
            suspend: s.suspend,
        }
    }
}

/// Totals per currency: outstanding, late fee, interest, total due.
fn totals(list: &[Assessed]) -> Vec<Vec<Cell>> {
    let mut sums: BTreeMap<&str, [i64; 4]> = BTreeMap::new();
    for a in list {
        let s = &a.standing;
        let e = sums.entry(a.invoice.currency.as_str()).or_default();
        for (sum, v) in e.iter_mut().zip([s.outstanding, s.fee_owed(), s.interest_owed(), s.total_due()]) {
            *sum = sum.saturating_add(v.0);
        }
    }
    sums.into_iter()
        .map(|(cur, v)| {
            vec![
                Cell::styled(format!("total {cur}"), Style::Dim),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
                Money(v[0]).grouped().into(),
                Money(v[1]).grouped().into(),
                Money(v[2]).grouped().into(),
                Cell::styled(Money(v[3]).grouped(), Style::Bad),
                "".into(),
            ]
        })
        .collect()
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let store = ctx.store()?;
        let db = store.read();
        let client = self.client.as_deref().map(|h| find_client(&db, h)).transpose()?;
        let list = assess(&db, ctx.today(), client.map(|c| c.id))?;
        let rows: Vec<Row> = list.iter().map(Row::new).collect();
        let headers = [
            "invoice",
            "client",
            "due",
            "days late",
            "bucket",
            "outstanding",
            "late fee",
            "interest",
            "total due",
            "suspend",
        ];
        ctx.out.list_with_footer(
            &rows,
            &headers,
            |r| {
                vec![
                    r.invoice.clone().into(),
                    r.client.clone().into(),
                    r.due.to_string().into(),
                    Cell::styled(r.days_late.to_string(), Style::Bad),
                    r.bucket.as_str().into(),
                    format!("{} {}", r.currency, r.outstanding.grouped()).into(),
                    r.late_fee.grouped().into(),
                    r.interest.grouped().into(),
                    Cell::styled(r.total_due.grouped(), Style::Bad),
                    if r.suspend { Cell::styled("yes", Style::Bad) } else { "".into() },
                ]
            },
            &totals(&list),
        )?;
        Ok(if rows.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
    }
}
