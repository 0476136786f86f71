//! Invoices and their payments. `settled_on` (the day the principal was
//! paid in full, [`crate::money::settled_on`]) and `owed_until` (how long
//! late fee or interest outlived it, [`crate::money::owed_until`]) are kept
//! up to date by the operations that change payments, waivers and rules, so
//! the overdue report and the charges still owed read partial indexes
//! instead of summing every payment of every invoice.

use std::ops::Deref;

use chrono::NaiveDate;
use compact_str::CompactString;

use super::records::{invoice_columns, Insert, InvoiceRecord, PaymentRecord};
use super::sql::{p, Row, ToParam};
use super::{conn, Db, StoreError, Tx};
use crate::money::Payment;
use crate::values::{Currency, Money};

/// An invoice as stored, with its client's handle and currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRow {
    pub record: InvoiceRecord,
    pub client: CompactString,
    pub currency: Currency,
}

impl Deref for InvoiceRow {
    type Target = InvoiceRecord;
    fn deref(&self) -> &InvoiceRecord {
        &self.record
    }
}

impl InvoiceRow {
    /// Whether it was voided.
    pub fn voided(&self) -> bool {
        self.record.voided_at.is_some()
    }

    /// The principal, in minor units of its currency.
    pub fn amount(&self) -> Money {
        self.record.amount.minor()
    }
}

fn invoice_sql(filter: &str) -> String {
    format!("SELECT {}, c.currency, c.handle FROM {} {filter}", InvoiceRecord::COLUMNS, InvoiceRecord::FROM)
}

fn invoice_row(r: &Row<'_>) -> Result<InvoiceRow, StoreError> {
    Ok(InvoiceRow { record: InvoiceRecord::from_row(r, 0)?, currency: r.get(13)?, client: r.get(14)? })
}

/// Looks an invoice up by number.
pub fn invoice_by_number(db: &impl Db, number: &str) -> Result<Option<InvoiceRow>, StoreError> {
    conn(db).opt(&invoice_sql("WHERE i.number = ?1"), p![number], invoice_row)
}

/// Looks an invoice up by id.
pub fn invoice_by_id(db: &impl Db, id: i64) -> Result<Option<InvoiceRow>, StoreError> {
    conn(db).opt(&invoice_sql("WHERE i.id = ?1"), p![id], invoice_row)
}

/// The next free number of the `INV-0001` series: the book's counter
/// (`next_invoice`, one more than the highest `INV-` number ever written).
pub fn next_number(db: &impl Db) -> Result<String, StoreError> {
    let counter: Option<String> =
        conn(db).opt("SELECT value FROM book WHERE key = 'next_invoice'", p![], |r| r.get(0))?;
    let next = match counter {
        Some(v) => v.parse::<u64>().map_err(|_| StoreError::Damaged(format!("book next_invoice = {v:?}")))?,
        None => return Err(StoreError::Damaged("the book has no next_invoice".into())),
    };
    Ok(format!("INV-{next:04}"))
}

/// The number of the `INV-0001` series `number` is (`INV-` and 1 to 18
/// digits), if it is one.
fn series_number(number: &str) -> Option<i64> {
    number
        .strip_prefix("INV-")
        .filter(|d| (1..=18).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|d| d.parse().ok())
}

/// Raises the book's counter past the highest of `numbers` of the `INV-`
/// series (never lowers it), so no number is given twice.
pub fn note_numbers<'a>(tx: &Tx<'_>, numbers: impl Iterator<Item = &'a str>) -> Result<(), StoreError> {
    if let Some(highest) = numbers.filter_map(series_number).max() {
        conn(tx).execute(
            "UPDATE book SET value = CAST(?1 AS TEXT) WHERE key = 'next_invoice' AND CAST(value AS BIGINT) < ?1",
            p![highest + 1],
        )?;
    }
    Ok(())
}

/// Stores a new invoice (its `id` is ignored); returns the new id.
pub fn insert_invoice(tx: &Tx<'_>, invoice: &InvoiceRecord) -> Result<i64, StoreError> {
    // The counter first: on a server, two writers taking the same number
    // then conflict on the counter's row (and one is run again) instead of
    // the second failing on the invoice's unique number.
    note_numbers(tx, std::iter::once(invoice.number.as_str()))?;
    invoice.insert(tx)
}

/// Invoices issued on or before `as_of` (of one client, or all), by issue
/// date and number (the number's bytes, on every engine).
pub fn invoices(db: &impl Db, client: Option<i64>, as_of: NaiveDate) -> Result<Vec<InvoiceRow>, StoreError> {
    // Two forms, so that one client's list reads its index. Sorted here:
    // SQLite's sorter, holding every row whole and comparing the text of
    // each, was a seventh of `invoices`; most rows differ in their date.
    let which = if client.is_some() { "i.client_id = ?1" } else { "CAST(?1 AS BIGINT) IS NULL" };
    let sql = format!("SELECT {} FROM invoices i WHERE {which} AND i.issued <= ?2", InvoiceRecord::COLUMNS);
    let clients = clients(db, client, false)?;
    let mut rows = Vec::new();
    conn(db).each(&sql, p![client, as_of], |r| {
        rows.extend(invoice_of(r, &clients)?);
        Ok(())
    })?;
    crate::lists::sort_by_key_then_text(&mut rows, |r| r.issued, |r| &r.number);
    Ok(rows)
}

/// How many of the client's invoices still have a principal balance.
pub fn unsettled_invoices(db: &impl Db, client_id: i64) -> Result<i64, StoreError> {
    conn(db).one(
        "SELECT count(*) FROM invoices WHERE client_id = ?1 AND settled_on IS NULL AND voided_at IS NULL",
        p![client_id],
        |r| r.get(0),
    )
}

/// An invoice's payments, by date then entry.
pub fn payments(db: &impl Db, invoice_id: i64) -> Result<Vec<PaymentRecord>, StoreError> {
    let sql = format!(
        "SELECT {}, c.currency FROM {} WHERE p.invoice_id = ?1 ORDER BY p.paid_on, p.id",
        PaymentRecord::COLUMNS,
        PaymentRecord::FROM
    );
    conn(db).all(&sql, p![invoice_id], |r| PaymentRecord::from_row(r, 0))
}

/// Every payment dated on or before `as_of` (of one client's invoices, or
/// all), by invoice id.
fn payments_by_invoice(
    db: &impl Db,
    client: Option<i64>,
    as_of: NaiveDate,
) -> Result<PaymentsById, StoreError> {
    let which = if client.is_some() { "i.client_id = ?1" } else { "CAST(?1 AS BIGINT) IS NULL" };
    let sql = format!(
        "SELECT p.invoice_id, p.amount, p.paid_on FROM invoices i JOIN payments p ON p.invoice_id = i.id \
         WHERE {which} AND p.paid_on <= ?2 ORDER BY p.invoice_id, p.paid_on, p.id"
    );
    let mut out: foldhash::HashMap<i64, Vec<Payment>> = foldhash::HashMap::default();
    conn(db).each(&sql, p![client, as_of], |r| {
        out.entry(r.get(0)?).or_default().push(Payment { amount: r.get(1)?, on: r.get(2)? });
        Ok(())
    })?;
    Ok(out)
}

/// Payments by invoice id, each invoice's by date then entry.
pub type PaymentsById = foldhash::HashMap<i64, Vec<Payment>>;

/// The invoices of [`invoices`], and every payment dated on or before
/// `as_of` of them by invoice id (each by date then entry).
pub fn invoices_and_payments(
    db: &impl Db,
    client: Option<i64>,
    as_of: NaiveDate,
) -> Result<(Vec<InvoiceRow>, PaymentsById), StoreError> {
    let payments = payments_by_invoice(db, client, as_of)?;
    Ok((invoices(db, client, as_of)?, payments))
}

/// An invoice still open on some day, with its payments up to that day.
#[derive(Debug, Clone)]
pub struct OpenInvoice {
    pub invoice: InvoiceRow,
    pub payments: Vec<Payment>,
}

/// The columns [`open_invoices`] reads, from `$from` (an invoice `i`):
/// the invoice and each of its payments up to `?1` (none: NULLs). The
/// clients are read on their own ([`Clients`]).
macro_rules! open_rows {
    ($from:literal) => {
        concat!(
            "SELECT ",
            invoice_columns!(),
            ", p.amount, p.paid_on, p.id FROM ",
            $from,
            " LEFT JOIN payments p ON p.invoice_id = i.id AND p.paid_on <= ?1 "
        )
    };
}

/// Which invoices of `invoices_open_due` [`PAST_DUE_SQL`] reads.
macro_rules! past_due_open {
    () => {
        "WHERE i.settled_on IS NULL AND i.voided_at IS NULL AND i.due < ?1 AND i.issued <= ?1 \
           AND (i.client_id = ?2 OR ?2 IS NULL)"
    };
}

/// Which invoices of `invoices_settled` [`PAST_DUE_SQL`] reads (those
/// settled after `?1`, when it is a day past).
macro_rules! past_due_settled {
    () => {
        "WHERE i.settled_on > ?1 AND i.voided_at IS NULL AND i.due < ?1 AND i.issued <= ?1 \
           AND (i.client_id = ?2 OR ?2 IS NULL)"
    };
}

/// The SQL of [`past_due`]: invoices issued by `?1`, due before it, not
/// void, and not settled by it — read through the partial indexes on open
/// (`settled_on IS NULL`, which holds every column read) and on settled
/// invoices. `INDEXED BY` is SQLite's: without it SQLite's planner may
/// scan.
const PAST_DUE_SQL: &str = concat!(
    open_rows!("invoices i INDEXED BY invoices_open_due"),
    past_due_open!(),
    " UNION ALL ",
    open_rows!("invoices i INDEXED BY invoices_settled"),
    past_due_settled!()
);

/// A row when [`PAST_DUE_SQL`] would read any invoice: a seek into each
/// of its two indexes.
const ANY_PAST_DUE_SQL: &str = concat!(
    "SELECT 1 WHERE EXISTS (SELECT 1 FROM invoices i INDEXED BY invoices_open_due ",
    past_due_open!(),
    ") OR EXISTS (SELECT 1 FROM invoices i INDEXED BY invoices_settled ",
    past_due_settled!(),
    ")"
);

/// The currency and handle of clients by id: read once, instead of a join
/// that looked the client up for each invoice (a seventh of SQLite's work
/// on `overdue`). Sorted by id and looked up by halves: a table read by id
/// comes in that order, so it is made without hashing or growing a map
/// (growing one was 1.5% of `check`).
pub struct Clients(Vec<(i64, Currency, CompactString)>);

impl Clients {
    /// The currency and handle of client `id`, if among them.
    fn get(&self, id: i64) -> Option<(Currency, &CompactString)> {
        let at = self.0.binary_search_by_key(&id, |c| c.0).ok()?;
        let (_, currency, handle) = &self.0[at];
        Some((*currency, handle))
    }
}

/// [`Clients`]: one (or all), only the active ones when `active`.
fn clients(db: &impl Db, client: Option<i64>, active: bool) -> Result<Clients, StoreError> {
    let sql = if active {
        "SELECT id, currency, handle FROM clients WHERE archived = 0 AND (id = ?1 OR ?1 IS NULL) ORDER BY id"
    } else {
        "SELECT id, currency, handle FROM clients WHERE id = ?1 OR ?1 IS NULL ORDER BY id"
    };
    conn(db).all(sql, p![client], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map(Clients)
}

/// The invoice of the row `r` of an invoice's columns, with its client from
/// `clients`; `None` for a client not among them.
fn invoice_of(r: &Row<'_>, clients: &Clients) -> Result<Option<InvoiceRow>, StoreError> {
    let Some((currency, handle)) = clients.get(r.get(1)?) else { return Ok(None) };
    let record = InvoiceRecord::from_row_in(r, 0, currency)?;
    Ok(Some(InvoiceRow { record, currency, client: handle.clone() }))
}

/// Invoices of active clients with a principal balance on `as_of` that
/// were due before it (the candidates for `overdue`), with their payments
/// up to `as_of`, in no particular order.
pub fn past_due(db: &impl Db, as_of: NaiveDate, client: Option<i64>) -> Result<Vec<OpenInvoice>, StoreError> {
    open_invoices_if_any(db, ANY_PAST_DUE_SQL, PAST_DUE_SQL, as_of, client)
}

/// The invoices of active clients that `sql` reads (as [`open_invoices`]),
/// once `any` (the same filter, `?1` the as-of day and `?2` the client)
/// finds a row: on a day none is there (the quiet morning run) the clients
/// are not read, 100,000 of them in the benchmark book, 13 ms in `sqlite3`.
fn open_invoices_if_any(
    db: &impl Db,
    any: &str,
    sql: &str,
    as_of: NaiveDate,
    client: Option<i64>,
) -> Result<Vec<OpenInvoice>, StoreError> {
    if conn(db).opt(any, p![as_of, client], |_| Ok(()))?.is_none() {
        return Ok(Vec::new());
    }
    let clients = clients(db, client, true)?;
    open_invoices(db, sql, p![as_of, client], &clients)
}

/// The invoices of a query of [`PAST_DUE_SQL`]'s columns (an invoice's row
/// once per payment), each with its payments by date then entry, in the
/// order the engine reads them: every caller sorts what it keeps. The query
/// has no `ORDER BY`: sorting every joined row in the engine cost more than
/// reading them; the rows are grouped and the payments put in order here.
/// The invoices of clients not among `clients` are left out.
fn open_invoices(
    db: &impl Db,
    sql: &str,
    params: &[&dyn ToParam],
    clients: &Clients,
) -> Result<Vec<OpenInvoice>, StoreError> {
    let mut out: Vec<OpenInvoice> = Vec::new();
    // (invoice's place in `out`, paid on, payment id, amount)
    let mut pays: Vec<(usize, NaiveDate, i64, Money)> = Vec::new();
    // An invoice's rows come one after another from SQLite's nested loops
    // (a server may interleave them: `regroup` then joins them up).
    conn(db).each(sql, params, |r| {
        let id: i64 = r.get(0)?;
        if out.last().is_none_or(|o| o.invoice.id != id) {
            let Some(invoice) = invoice_of(r, clients)? else { return Ok(()) };
            out.push(OpenInvoice { invoice, payments: Vec::new() });
        }
        if let Some(amount) = r.get::<Option<Money>>(13)? {
            pays.push((out.len() - 1, r.get(14)?, r.get(15)?, amount));
        }
        Ok(())
    })?;
    regroup(&mut out, &mut pays);
    if !pays.is_sorted_by_key(|&(k, on, id, _)| (k, on, id)) {
        pays.sort_unstable_by_key(|&(k, on, id, _)| (k, on, id));
    }
    for (k, on, _, amount) in pays {
        out[k].payments.push(Payment { on, amount });
    }
    Ok(out)
}

/// Keeps one entry of each invoice read more than once (its rows were not
/// one after another), with the payments of all its entries. Checking costs
/// a sort of the ids; a map of every id, filled as the rows came, was 6% of
/// `overdue`'s page faults.
fn regroup(out: &mut Vec<OpenInvoice>, pays: &mut [(usize, NaiveDate, i64, Money)]) {
    let mut ids: Vec<i64> = out.iter().map(|o| o.invoice.id).collect();
    ids.sort_unstable();
    if !ids.windows(2).any(|w| w[0] == w[1]) {
        return;
    }
    // The first entry of each id, then each kept entry's new place.
    let mut first: foldhash::HashMap<i64, usize> = foldhash::HashMap::default();
    let canonical: Vec<usize> =
        out.iter().enumerate().map(|(k, o)| *first.entry(o.invoice.id).or_insert(k)).collect();
    let mut place = vec![usize::MAX; out.len()];
    let mut kept = 0;
    for (k, &c) in canonical.iter().enumerate() {
        if c == k {
            place[k] = kept;
            kept += 1;
        }
    }
    for p in pays.iter_mut() {
        p.0 = place[canonical[p.0]];
    }
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        canonical[k - 1] == k - 1
    });
}

/// The SQL of [`owing`]: invoices issued by `?1` and not void that still
/// owe something on it — a principal not settled by then, or late fee and
/// interest that outlived it (`owed_until`) — each part read through its
/// partial index (`INDEXED BY` is SQLite's, dropped on a server).
const OWING_SQL: &str = concat!(
    open_rows!("invoices i INDEXED BY invoices_open_due"),
    "WHERE i.settled_on IS NULL AND i.voided_at IS NULL AND i.issued <= ?1 \
       AND (i.client_id = ?2 OR ?2 IS NULL) \
    UNION ALL ",
    open_rows!("invoices i INDEXED BY invoices_settled"),
    "WHERE i.settled_on > ?1 AND i.voided_at IS NULL AND i.issued <= ?1 \
       AND (i.client_id = ?2 OR ?2 IS NULL) \
    UNION ALL ",
    open_rows!("invoices i INDEXED BY invoices_owed"),
    "WHERE i.owed_until > ?1 AND i.settled_on <= ?1 AND i.voided_at IS NULL AND i.issued <= ?1 \
       AND (i.client_id = ?2 OR ?2 IS NULL)"
);

/// Invoices of one client (or all) that may still owe something on
/// `as_of` (`invoices --open`), with their payments up to it, in no
/// particular order: a superset of those whose standing is not paid, read
/// without the paid ones (most of a book).
pub fn owing(db: &impl Db, client: Option<i64>, as_of: NaiveDate) -> Result<Vec<OpenInvoice>, StoreError> {
    let clients = clients(db, client, false)?;
    open_invoices(db, OWING_SQL, p![as_of, client], &clients)
}

/// How the engine runs the query of [`owing`] (for tests).
pub fn owing_plan(db: &impl Db, as_of: NaiveDate) -> Result<Vec<String>, StoreError> {
    conn(db).plan(OWING_SQL, p![as_of, None::<i64>])
}

/// How the engine runs the overdue query (for benchmarks and tests).
pub fn past_due_plan(db: &impl Db, as_of: NaiveDate) -> Result<Vec<String>, StoreError> {
    conn(db).plan(PAST_DUE_SQL, p![as_of, None::<i64>])
}

/// Records a payment (its `id` is ignored); returns the new id.
pub fn insert_payment(tx: &Tx<'_>, payment: &PaymentRecord) -> Result<i64, StoreError> {
    payment.insert(tx)
}

/// Removes a payment.
pub fn delete_payment(tx: &Tx<'_>, id: i64) -> Result<(), StoreError> {
    conn(tx).execute("DELETE FROM payments WHERE id = ?1", p![id])?;
    Ok(())
}

/// Sets the day the principal was paid in full (`None`: not paid).
pub fn set_settled(tx: &Tx<'_>, invoice_id: i64, settled_on: Option<NaiveDate>) -> Result<(), StoreError> {
    conn(tx).execute("UPDATE invoices SET settled_on = ?2 WHERE id = ?1", p![invoice_id, settled_on])?;
    Ok(())
}

/// Cancels an invoice.
pub fn void_invoice(tx: &Tx<'_>, invoice_id: i64, at: i64, reason: Option<&str>) -> Result<(), StoreError> {
    conn(tx).execute(
        "UPDATE invoices SET voided_at = ?2, void_reason = ?3, changed_at = ?2 WHERE id = ?1",
        p![invoice_id, at, reason],
    )?;
    Ok(())
}

/// Records that a command changed an invoice (its payments, say) at `now`.
pub fn touch_invoice(tx: &Tx<'_>, invoice_id: i64, now: i64) -> Result<(), StoreError> {
    conn(tx).execute("UPDATE invoices SET changed_at = ?2 WHERE id = ?1", p![invoice_id, now])?;
    Ok(())
}

/// Sets how long late fee or interest outlived the principal (`None`:
/// nothing did).
pub fn set_owed_until(tx: &Tx<'_>, invoice_id: i64, owed_until: Option<NaiveDate>) -> Result<(), StoreError> {
    conn(tx).execute("UPDATE invoices SET owed_until = ?2 WHERE id = ?1", p![invoice_id, owed_until])?;
    Ok(())
}

/// Which invoices of `invoices_owed` [`CHARGES_SQL`] reads.
macro_rules! charges_owed {
    () => {
        "WHERE i.owed_until IS NOT NULL AND i.voided_at IS NULL AND i.owed_until > ?1 AND i.settled_on <= ?1 \
           AND (i.client_id = ?2 OR ?2 IS NULL)"
    };
}

/// The SQL of [`charges_candidates`]: invoices whose principal was paid by
/// `?1` while late fee or interest was still owed after `?1`, read through
/// the partial index on `owed_until`.
const CHARGES_SQL: &str = concat!(open_rows!("invoices i INDEXED BY invoices_owed"), charges_owed!());

/// A row when [`CHARGES_SQL`] would read any invoice: a seek into its index.
const ANY_CHARGES_SQL: &str = concat!(
    "SELECT 1 WHERE EXISTS (SELECT 1 FROM invoices i INDEXED BY invoices_owed ",
    charges_owed!(),
    ")"
);

/// Invoices of active clients whose principal was paid by `as_of` and that
/// may still owe late fee or interest then (the candidates for
/// `unpaid-charges`), with their payments up to `as_of`.
pub fn charges_candidates(
    db: &impl Db,
    as_of: NaiveDate,
    client: Option<i64>,
) -> Result<Vec<OpenInvoice>, StoreError> {
    open_invoices_if_any(db, ANY_CHARGES_SQL, CHARGES_SQL, as_of, client)
}

/// How the engine runs the charges query (for tests).
pub fn charges_plan(db: &impl Db, as_of: NaiveDate) -> Result<Vec<String>, StoreError> {
    conn(db).plan(CHARGES_SQL, p![as_of, None::<i64>])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{Decimal, Money};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn invoice(client_id: i64, number: &str, amount: i64, issued: &str, due: &str) -> InvoiceRecord {
        InvoiceRecord {
            id: 0,
            client_id,
            number: number.into(),
            amount: Decimal::of(Money(amount), Currency::USD),
            issued: d(issued),
            due: d(due),
            terms: "net30".into(),
            phase_id: None,
            settled_on: None,
            voided_at: None,
            void_reason: None,
            created_at: 0,
            changed_at: None,
        }
    }

    #[test]
    fn the_past_due_query_reads_indexes_not_the_whole_table() {
        let store = crate::store::testing::store();
        let db = store.read();
        crate::store::testing::indexes_only(&db);
        let plan = past_due_plan(&db, d("2026-11-10")).unwrap();
        let text = plan.join("\n");
        assert!(text.contains("invoices_open_due"), "{text}");
        // Schema 6: the unsettled invoices are read from their index alone,
        // never looked up in the table.
        if crate::store::conn(&db).pg().is_none() {
            assert!(text.contains("SEARCH i USING COVERING INDEX invoices_open_due (due<?)"), "{text}");
            assert!(!text.contains("SEARCH c "), "the clients are read on their own: {text}");
        }
        assert!(text.contains("invoices_settled"), "{text}");
        assert!(!crate::store::testing::scans(&plan, "invoices"), "{text}");
        let plan = charges_plan(&db, d("2026-11-10")).unwrap();
        let text = plan.join("\n");
        assert!(text.contains("invoices_owed"), "{text}");
        assert!(!crate::store::testing::scans(&plan, "invoices"), "{text}");
        // invoices --open: the three partial indexes, never the paid rows.
        let plan = owing_plan(&db, d("2026-11-10")).unwrap();
        let text = plan.join("\n");
        for index in ["invoices_open_due", "invoices_settled", "invoices_owed"] {
            assert!(text.contains(index), "{index}: {text}");
        }
        // Reading all of the index of unsettled invoices (which holds what
        // the report reads, schema 6) is the point.
        let plan: Vec<String> = plan
            .into_iter()
            .filter(|l| l.trim() != "SCAN i USING COVERING INDEX invoices_open_due")
            .collect();
        assert!(!crate::store::testing::scans(&plan, "invoices"), "{text}");
    }

    #[test]
    fn invoices_payments_numbers_and_reminders() {
        let mut store = crate::store::testing::store();
        let (client, a, b) = store
            .write(|tx| {
                let client = crate::store::testing::client(tx, "acme")?;
                assert_eq!(next_number(tx)?, "INV-0001");
                let a =
                    insert_invoice(tx, &invoice(client, "INV-0009", 150_000, "2026-10-01", "2026-10-31"))?;
                let b = insert_invoice(tx, &invoice(client, "INV-X", 5_000, "2026-11-01", "2026-12-01"))?;
                let pay = |on: &str, amount: i64| PaymentRecord {
                    id: 0,
                    invoice_id: a,
                    amount: Decimal::of(Money(amount), Currency::USD),
                    paid_on: d(on),
                    created_at: 0,
                };
                insert_payment(tx, &pay("2026-11-05", 50_000))?;
                let late = insert_payment(tx, &pay("2026-11-20", 1_000))?;
                delete_payment(tx, late)?;
                Ok::<_, StoreError>((client, a, b))
            })
            .unwrap();
        let db = store.read();
        assert_eq!(next_number(&db).unwrap(), "INV-0010");
        let inv = invoice_by_number(&db, "INV-0009").unwrap().unwrap();
        assert_eq!((inv.id, inv.client.as_str(), inv.currency.code()), (a, "acme", "USD"));
        assert_eq!(invoices(&db, Some(client), d("2026-10-15")).unwrap().len(), 1);
        assert_eq!(
            invoices(&db, None, d("2026-11-15")).unwrap().iter().map(|i| i.id).collect::<Vec<_>>(),
            [a, b]
        );
        assert_eq!(
            payments(&db, a).unwrap().iter().map(|p| p.amount.minor()).collect::<Vec<_>>(),
            [Money(50_000)]
        );
        let by = payments_by_invoice(&db, None, d("2026-11-04")).unwrap();
        assert!(by.is_empty());
        let open = past_due(&db, d("2026-11-10"), None).unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].payments, [Payment { on: d("2026-11-05"), amount: Money(50_000) }]);
        assert_eq!(inv.amount(), Money(150_000));
        assert!(charges_candidates(&db, d("2026-11-10"), None).unwrap().is_empty());
        assert_eq!(unsettled_invoices(&db, client).unwrap(), 2);
        store.write(|tx| set_settled(tx, b, Some(d("2026-11-02")))).unwrap();
        store.write(|tx| void_invoice(tx, a, 5, Some("typo"))).unwrap();
        let db = store.read();
        assert_eq!(unsettled_invoices(&db, client).unwrap(), 0);
        assert!(invoice_by_number(&db, "INV-0009").unwrap().unwrap().voided());
        assert!(past_due(&db, d("2026-12-10"), None).unwrap().is_empty());
    }

    #[test]
    fn an_invoice_whose_rows_are_apart_is_read_once_with_all_its_payments() {
        let mut store = crate::store::testing::store();
        let (a, b, c) = store
            .write(|tx| {
                let client = crate::store::testing::client(tx, "acme")?;
                let a = insert_invoice(tx, &invoice(client, "INV-A", 150_000, "2026-10-01", "2026-10-31"))?;
                let b = insert_invoice(tx, &invoice(client, "INV-B", 5_000, "2026-10-01", "2026-10-31"))?;
                let c = insert_invoice(tx, &invoice(client, "INV-C", 7_000, "2026-10-01", "2026-10-31"))?;
                for (invoice_id, on, amount) in [
                    (a, "2026-11-01", 100),
                    (b, "2026-11-02", 200),
                    (a, "2026-11-03", 300),
                    (a, "2026-11-03", 400),
                    (c, "2026-11-04", 500),
                ] {
                    let pay = PaymentRecord {
                        id: 0,
                        invoice_id,
                        amount: Decimal::of(Money(amount), Currency::USD),
                        paid_on: d(on),
                        created_at: 0,
                    };
                    insert_payment(tx, &pay)?;
                }
                Ok::<_, StoreError>((a, b, c))
            })
            .unwrap();
        let db = store.read();
        // By payment date: a, b, a, a, c — invoice a's rows are apart, and
        // an entry comes after the one dropped.
        let sql = concat!(open_rows!("invoices i"), "ORDER BY p.paid_on, p.id");
        let mut read =
            open_invoices(&db, sql, p![d("2026-11-30")], &clients(&db, None, false).unwrap()).unwrap();
        read.sort_by_key(|o| o.invoice.id);
        let got: Vec<(i64, Vec<i64>)> =
            read.iter().map(|o| (o.invoice.id, o.payments.iter().map(|p| p.amount.0).collect())).collect();
        assert_eq!(got, [(a, vec![100, 300, 400]), (b, vec![200]), (c, vec![500])]);
        // Rows one after another need no regrouping, and get the same.
        let grouped = concat!(open_rows!("invoices i"), "ORDER BY i.id, p.paid_on, p.id");
        let again =
            open_invoices(&db, grouped, p![d("2026-11-30")], &clients(&db, None, false).unwrap()).unwrap();
        let same: Vec<(i64, Vec<i64>)> =
            again.iter().map(|o| (o.invoice.id, o.payments.iter().map(|p| p.amount.0).collect())).collect();
        assert_eq!(same, got);
    }

    #[test]
    fn an_archived_clients_invoices_are_not_past_due_but_still_owing() {
        let mut store = crate::store::testing::store();
        let (kept, archived) = store
            .write(|tx| {
                let acme = crate::store::testing::client(tx, "acme")?;
                let old = crate::store::testing::client(tx, "old")?;
                let kept = insert_invoice(tx, &invoice(acme, "INV-A", 10_000, "2026-10-01", "2026-10-31"))?;
                let archived =
                    insert_invoice(tx, &invoice(old, "INV-O", 20_000, "2026-10-01", "2026-10-31"))?;
                crate::store::clients::set_archived(tx, old, true)?;
                Ok::<_, StoreError>((kept, archived))
            })
            .unwrap();
        let db = store.read();
        let ids = |list: Vec<OpenInvoice>| {
            let mut ids: Vec<i64> = list.iter().map(|o| o.invoice.id).collect();
            ids.sort_unstable();
            ids
        };
        assert_eq!(ids(past_due(&db, d("2026-11-10"), None).unwrap()), [kept]);
        let mut both = vec![kept, archived];
        both.sort_unstable();
        assert_eq!(ids(owing(&db, None, d("2026-11-10")).unwrap()), both);
        assert_eq!(invoices(&db, None, d("2026-11-10")).unwrap().len(), 2);
    }

    #[test]
    fn a_day_with_nothing_past_due_reads_no_client() {
        let mut store = crate::store::testing::store();
        let (open, paid) = store
            .write(|tx| {
                let acme = crate::store::testing::client(tx, "acme")?;
                let open = insert_invoice(tx, &invoice(acme, "INV-A", 10_000, "2026-10-01", "2026-10-31"))?;
                let paid = insert_invoice(tx, &invoice(acme, "INV-B", 20_000, "2026-10-01", "2026-10-31"))?;
                set_settled(tx, paid, Some(d("2026-11-20")))?;
                Ok::<_, StoreError>((open, paid))
            })
            .unwrap();
        // The statements and the invoices of `past_due` on a day.
        let run = |store: &crate::store::Store, day: &str, client: Option<i64>| {
            let before = store.work().statements;
            let mut ids: Vec<i64> =
                past_due(&store.read(), d(day), client).unwrap().iter().map(|o| o.invoice.id).collect();
            ids.sort_unstable();
            (store.work().statements - before, ids)
        };
        // Before anything was due: one look, no clients, no rows.
        assert_eq!(run(&store, "2026-10-31", None), (1, vec![]));
        // The day after: the look, the clients, the invoices (INV-B was
        // not paid yet then: the second index answers).
        assert_eq!(run(&store, "2026-11-01", None), (3, vec![open, paid]));
        // Once INV-B is paid, INV-A alone; another client has none.
        assert_eq!(run(&store, "2026-11-25", None), (3, vec![open]));
        assert_eq!(run(&store, "2026-11-25", Some(open + paid + 100)), (1, vec![]));
        // Paid after the day asked about: found by the second index alone.
        store.write(|tx| set_settled(tx, open, Some(d("2026-11-22")))).unwrap();
        assert_eq!(run(&store, "2026-11-21", None), (3, vec![open]));
        assert_eq!(run(&store, "2026-11-25", None), (1, vec![]));
    }
}
