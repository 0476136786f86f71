//! Invoices, their payments and the reminders sent for them. `settled_on`
//! (the day the principal was paid in full) is kept up to date by the
//! commands that add or remove payments, so the overdue report reads the
//! partial indexes on open invoices instead of summing every payment.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension as _, Row};

use super::{Db, Tx};
use crate::money::Payment;
use crate::rules::{RulePatch, RuleVersion};
use crate::values::Money;

/// An invoice as stored, with its client's handle and currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRow {
    pub id: i64,
    pub client_id: i64,
    pub client: String,
    pub currency: String,
    pub number: String,
    pub amount: Money,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    pub terms: String,
    pub phase_id: Option<i64>,
    pub settled_on: Option<NaiveDate>,
    pub voided: bool,
}

const INVOICE_COLUMNS: &str =
    "i.id, i.client_id, c.handle, c.currency, i.number, i.amount, i.issued, i.due, \
     i.terms, i.phase_id, i.settled_on, i.voided_at IS NOT NULL";

impl InvoiceRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(InvoiceRow {
            id: r.get(0)?,
            client_id: r.get(1)?,
            client: r.get(2)?,
            currency: r.get(3)?,
            number: r.get(4)?,
            amount: Money(r.get(5)?),
            issued: r.get(6)?,
            due: r.get(7)?,
            terms: r.get(8)?,
            phase_id: r.get(9)?,
            settled_on: r.get(10)?,
            voided: r.get(11)?,
        })
    }
}

/// A payment as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentRow {
    pub id: i64,
    pub invoice_id: i64,
    pub amount: Money,
    pub paid_on: NaiveDate,
}

impl PaymentRow {
    pub fn payment(&self) -> Payment {
        Payment { on: self.paid_on, amount: self.amount }
    }
}

/// A new invoice.
#[derive(Debug, Clone)]
pub struct NewInvoice<'a> {
    pub client_id: i64,
    pub number: &'a str,
    pub amount: Money,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    pub terms: &'a str,
    pub phase_id: Option<i64>,
    pub created_at: i64,
}

/// Looks an invoice up by number.
pub fn invoice_by_number(db: &impl Db, number: &str) -> anyhow::Result<Option<InvoiceRow>> {
    let sql = format!(
        "SELECT {INVOICE_COLUMNS} FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.number = ?1"
    );
    Ok(db.conn().query_row(&sql, [number], InvoiceRow::from_row).optional()?)
}

/// The next free number of the `INV-0001` series: one more than the highest
/// `INV-` followed by digits.
pub fn next_number(db: &impl Db) -> anyhow::Result<String> {
    let mut stmt = db.conn().prepare(
        "SELECT number FROM invoices WHERE number GLOB 'INV-[0-9]*' ORDER BY length(number) DESC, number DESC",
    )?;
    let mut rows = stmt.query([])?;
    let mut highest: u64 = 0;
    while let Some(r) = rows.next()? {
        let n: String = r.get(0)?;
        if let Some(v) = n.strip_prefix("INV-").filter(|d| d.bytes().all(|b| b.is_ascii_digit())) {
            if let Ok(v) = v.parse::<u64>() {
                highest = v;
                break;
            }
        }
    }
    Ok(format!("INV-{:04}", highest + 1))
}

/// Stores a new invoice; returns its id.
pub fn insert_invoice(tx: &Tx<'_>, inv: &NewInvoice<'_>) -> anyhow::Result<i64> {
    tx.conn().execute(
        "INSERT INTO invoices (client_id, number, amount, issued, due, terms, phase_id, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            inv.client_id,
            inv.number,
            inv.amount.0,
            inv.issued,
            inv.due,
            inv.terms,
            inv.phase_id,
            inv.created_at
        ],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

/// Invoices issued on or before `as_of` (of one client, or all), by issue
/// date and number.
pub fn invoices(db: &impl Db, client: Option<i64>, as_of: NaiveDate) -> anyhow::Result<Vec<InvoiceRow>> {
    // Two forms, so that one client's list reads its index.
    let which = if client.is_some() { "i.client_id = ?1" } else { "?1 IS NULL" };
    let sql = format!(
        "SELECT {INVOICE_COLUMNS} FROM invoices i JOIN clients c ON c.id = i.client_id \
         WHERE {which} AND i.issued <= ?2 ORDER BY i.issued, i.number"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let rows =
        stmt.query_map(params![client, as_of], InvoiceRow::from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// An invoice's payments, by date then entry.
pub fn payments(db: &impl Db, invoice_id: i64) -> anyhow::Result<Vec<PaymentRow>> {
    let mut stmt = db.conn().prepare_cached(
        "SELECT id, invoice_id, amount, paid_on FROM payments WHERE invoice_id = ?1 ORDER BY paid_on, id",
    )?;
    let rows = stmt
        .query_map([invoice_id], |r| {
            Ok(PaymentRow {
                id: r.get(0)?,
                invoice_id: r.get(1)?,
                amount: Money(r.get(2)?),
                paid_on: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Every payment dated on or before `as_of` (of one client's invoices, or
/// all), by invoice id.
pub fn payments_by_invoice(
    db: &impl Db,
    client: Option<i64>,
    as_of: NaiveDate,
) -> anyhow::Result<HashMap<i64, Vec<Payment>>> {
    let which = if client.is_some() { "i.client_id = ?1" } else { "?1 IS NULL" };
    let mut stmt = db.conn().prepare(&format!(
        "SELECT p.invoice_id, p.amount, p.paid_on FROM invoices i JOIN payments p ON p.invoice_id = i.id \
         WHERE {which} AND p.paid_on <= ?2 ORDER BY p.invoice_id, p.paid_on, p.id"
    ))?;
    let mut rows = stmt.query(params![client, as_of])?;
    let mut out: HashMap<i64, Vec<Payment>> = HashMap::new();
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push(Payment { amount: Money(r.get(1)?), on: r.get(2)? });
    }
    Ok(out)
}

/// An invoice still open on some day, with its payments up to that day.
#[derive(Debug, Clone)]
pub struct OpenInvoice {
    pub invoice: InvoiceRow,
    pub payments: Vec<Payment>,
}

/// The SQL of [`past_due`]: invoices of active clients, issued by `?1`, due
/// before it, not void, and not settled by it — read through the partial
/// indexes on open (`settled_on IS NULL`) and on settled invoices.
pub const PAST_DUE_SQL: &str = "\
    WITH cand(id) AS ( \
        SELECT id FROM invoices INDEXED BY invoices_open_due \
         WHERE settled_on IS NULL AND voided_at IS NULL AND due < ?1 AND issued <= ?1 \
           AND (?2 IS NULL OR client_id = ?2) \
        UNION ALL \
        SELECT id FROM invoices INDEXED BY invoices_settled \
         WHERE settled_on > ?1 AND voided_at IS NULL AND due < ?1 AND issued <= ?1 \
           AND (?2 IS NULL OR client_id = ?2)) \
    SELECT i.id, i.client_id, c.handle, c.currency, i.number, i.amount, i.issued, i.due, i.terms, \
           i.phase_id, i.settled_on, 0, p.amount, p.paid_on \
      FROM cand JOIN invoices i ON i.id = cand.id JOIN clients c ON c.id = i.client_id \
      LEFT JOIN payments p ON p.invoice_id = i.id AND p.paid_on <= ?1 \
     WHERE NOT c.archived \
     ORDER BY i.id, p.paid_on, p.id";

/// Invoices with a principal balance on `as_of` that were due before it
/// (the candidates for `overdue`), with their payments up to `as_of`.
pub fn past_due(db: &impl Db, as_of: NaiveDate, client: Option<i64>) -> anyhow::Result<Vec<OpenInvoice>> {
    let mut stmt = db.conn().prepare(PAST_DUE_SQL)?;
    let mut rows = stmt.query(params![as_of, client])?;
    let mut out: Vec<OpenInvoice> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if out.last().is_none_or(|o| o.invoice.id != id) {
            out.push(OpenInvoice { invoice: InvoiceRow::from_row(r)?, payments: Vec::new() });
        }
        let amount: Option<i64> = r.get(12)?;
        if let (Some(a), Some(last)) = (amount, out.last_mut()) {
            last.payments.push(Payment { amount: Money(a), on: r.get(13)? });
        }
    }
    Ok(out)
}

/// The payment-rule columns of the rule versions of `clients`, by client.
/// The patches hold only `terms`, `grace`, `late_fee`, `interest`,
/// `suspend_after` and `phase_gating` (see [`crate::money::payment_rules_on`]).
pub fn payment_versions(db: &impl Db, clients: &[i64]) -> anyhow::Result<HashMap<i64, Vec<RuleVersion>>> {
    const NAMES: [&str; 6] = ["terms", "grace", "late_fee", "interest", "suspend_after", "phase_gating"];
    let ids = serde_json::to_string(clients)?;
    let mut stmt = db.conn().prepare(
        "SELECT client_id, id, effective, notified, terms, grace, late_fee, interest, suspend_after, phase_gating \
         FROM rule_versions WHERE client_id IN (SELECT value FROM json_each(?1))",
    )?;
    let mut rows = stmt.query([ids])?;
    let mut out: HashMap<i64, Vec<RuleVersion>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let mut patch = RulePatch::default();
        for (i, name) in NAMES.iter().enumerate() {
            let v: Option<String> = r.get(4 + i)?;
            if let Some(v) = v {
                patch
                    .set(name, &v)
                    .map_err(|e| anyhow::anyhow!("stored rule {name} = {v:?} is damaged: {e}"))?;
            }
        }
        out.entry(r.get(0)?).or_default().push(RuleVersion {
            id: r.get(1)?,
            effective: r.get(2)?,
            notified: r.get(3)?,
            patch,
        });
    }
    Ok(out)
}

/// Records a payment; returns its id.
pub fn insert_payment(
    tx: &Tx<'_>,
    invoice_id: i64,
    amount: Money,
    on: NaiveDate,
    created_at: i64,
) -> anyhow::Result<i64> {
    tx.conn().execute(
        "INSERT INTO payments (invoice_id, amount, paid_on, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![invoice_id, amount.0, on, created_at],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

/// Removes a payment.
pub fn delete_payment(tx: &Tx<'_>, id: i64) -> anyhow::Result<()> {
    tx.conn().execute("DELETE FROM payments WHERE id = ?1", [id])?;
    Ok(())
}

/// Sets the day the principal was paid in full (`None`: not paid).
pub fn set_settled(tx: &Tx<'_>, invoice_id: i64, settled_on: Option<NaiveDate>) -> anyhow::Result<()> {
    tx.conn()
        .execute("UPDATE invoices SET settled_on = ?2 WHERE id = ?1", params![invoice_id, settled_on])?;
    Ok(())
}

/// Cancels an invoice.
pub fn void_invoice(tx: &Tx<'_>, invoice_id: i64, at: i64, reason: Option<&str>) -> anyhow::Result<()> {
    tx.conn().execute(
        "UPDATE invoices SET voided_at = ?2, void_reason = ?3 WHERE id = ?1",
        params![invoice_id, at, reason],
    )?;
    Ok(())
}

/// The highest reminder step recorded for an invoice.
pub fn highest_reminder(db: &impl Db, invoice_id: i64) -> anyhow::Result<Option<u32>> {
    Ok(db
        .conn()
        .prepare_cached("SELECT max(step) FROM reminders WHERE invoice_id = ?1")?
        .query_row([invoice_id], |r| r.get(0))?)
}

/// Records a reminder as sent.
pub fn insert_reminder(tx: &Tx<'_>, invoice_id: i64, step: u32, tone: &str, at: i64) -> anyhow::Result<()> {
    tx.conn().execute(
        "INSERT OR IGNORE INTO reminders (invoice_id, step, tone, sent_at) VALUES (?1, ?2, ?3, ?4)",
        params![invoice_id, step, tone, at],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn the_past_due_query_reads_indexes_not_the_whole_table() {
        let store = Store::in_memory().unwrap();
        let db = store.read();
        let mut stmt = db.conn().prepare(&format!("EXPLAIN QUERY PLAN {PAST_DUE_SQL}")).unwrap();
        let plan: Vec<String> = stmt
            .query_map(params!["2026-11-10", None::<i64>], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let text = plan.join("\n");
        assert!(text.contains("invoices_open_due"), "{text}");
        assert!(text.contains("invoices_settled"), "{text}");
        assert!(!plan.iter().any(|l| l.starts_with("SCAN i") || l == "SCAN invoices"), "{text}");
    }
}
