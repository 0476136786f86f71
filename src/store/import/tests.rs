//! Unit tests of import: its work grows with the document, not with the
//! document times its payments, and a whole book comes in one transaction.

use super::*;
use crate::store::records::{InvoiceRecord, PaymentRecord};
use crate::store::testing;
use crate::values::{Decimal, Money};

/// A document of one client (with its complete rules) and `n` invoices,
/// every other one paid in full the day it was due.
fn document(n: usize) -> Document {
    let head = r#"{
      "expect_export": 2,
      "members": [{"id": 1, "handle": "me", "name": "Me"}],
      "clients": [{"id": 1, "handle": "acme", "name": "Acme", "manager_id": 1, "currency": "USD",
                   "created_at": "2026-01-01T00:00:00Z"}],
      "rule_versions": [{"id": 1, "client_id": 1, "created_at": "2026-01-01T00:00:00Z",
        "channels": "email", "response": "1-2bd", "terms": "net30", "grace": "0d", "late_fee": "none",
        "interest": "none", "suspend_after": "none", "turnaround": "5bd", "start_within": "2bd",
        "cutoff": "fri 16:00", "rush_fee": "none", "phase_gating": "off", "notice_period": "30d"}]
    }"#;
    let mut doc: Document = serde_json::from_str(head).unwrap();
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(d));
    let usd = |m: i64| Decimal::of(Money(m), crate::values::Currency::USD);
    for i in 0..n {
        let id = i as i64 + 1;
        let paid = i % 2 == 0;
        doc.invoices.push(InvoiceRecord {
            id,
            client_id: 1,
            number: compact_str::format_compact!("INV-{id:06}"),
            amount: usd(10_000),
            issued: day(0),
            due: day(30),
            terms: "net30".into(),
            phase_id: None,
            settled_on: paid.then(|| day(30)),
            voided_at: None,
            void_reason: None,
            created_at: 0,
            changed_at: None,
        });
        if paid {
            let pid = doc.payments.len() as i64 + 1;
            doc.payments.push(PaymentRecord {
                id: pid,
                invoice_id: id,
                amount: usd(10_000),
                paid_on: day(30),
                created_at: 0,
            });
        }
    }
    doc
}

/// The statements and transactions of importing `doc` into a new book.
fn work_of(doc: &Document) -> (crate::store::Work, i64) {
    let mut store = testing::store();
    let before = store.work();
    let rates = crate::money::ReferenceRates::builtin();
    store.write(|tx| import(tx, doc, false, rates)).unwrap();
    let after = store.work();
    let count: i64 = conn(&store.read()).one("SELECT count(*) FROM invoices", p![], |r| r.get(0)).unwrap();
    let work = crate::store::Work { statements: after.statements - before.statements };
    (work, count)
}

#[test]
fn the_statements_of_an_import_grow_with_its_batches_not_its_invoices() {
    // 2,000 invoices (1,000 paid) and ten times as many: the statements
    // are a handful per batch of a few hundred rows, whatever the number of
    // payments each invoice's check could have read.
    let (small, n) = work_of(&document(2_000));
    assert_eq!(n, 2_000);
    let (large, n) = work_of(&document(20_000));
    assert_eq!(n, 20_000);
    assert!(small.statements < 60, "{small:?}");
    assert!(large.statements < 250, "{large:?}");
    // Linear: ten times the records, at most about ten times the work.
    assert!(large.statements <= 10 * small.statements, "{small:?} {large:?}");
}

/// The transaction an import is given is the only one it writes in: when
/// that transaction fails after the import, nothing of it stays (a commit
/// on the way, after some batches, would have kept them).
#[test]
fn an_import_of_200000_invoices_runs_in_one_transaction() {
    const COUNT: &str = "SELECT count(*) FROM invoices";
    let mut store = testing::store();
    let doc = document(200_000);
    let rates = crate::money::ReferenceRates::builtin();
    let undone = store.write(|tx| {
        import(tx, &doc, false, rates)?;
        assert_eq!(conn(tx).one(COUNT, p![], |r| r.get::<i64>(0)).unwrap(), 200_000);
        Err::<(), ImportError>(crate::store::StoreError::Engine("undone".into()).into())
    });
    assert!(undone.is_err());
    assert_eq!(conn(&store.read()).one(COUNT, p![], |r| r.get::<i64>(0)).unwrap(), 0);
}

#[test]
fn a_refused_record_of_a_batch_is_named() {
    let mut doc = document(1_200);
    doc.invoices[700].number = doc.invoices[3].number.clone();
    let mut store = testing::store();
    let rates = crate::money::ReferenceRates::builtin();
    let err = store.write(|tx| import(tx, &doc, false, rates)).unwrap_err();
    match err {
        ImportError::Bad(b) => assert_eq!((b.table, b.index), ("invoices", 700), "{b}"),
        other => panic!("{other:?}"),
    }
    let count: i64 = conn(&store.read()).one("SELECT count(*) FROM invoices", p![], |r| r.get(0)).unwrap();
    assert_eq!(count, 0);
}

#[test]
fn the_payments_are_read_back_once_whatever_the_number_of_invoices() {
    // Every other invoice paid: n/2 payments, each read back once with its
    // invoice, for 2,000 invoices as for 20,000 (per invoice over all
    // payments it would be n * n/2).
    for n in [2_000, 20_000] {
        let doc = document(n);
        let mut store = testing::store();
        let rates = crate::money::ReferenceRates::builtin();
        let read = store
            .write(|tx| {
                let mut imp = Importer::begin(tx, doc.expect_export, false, rates)?;
                imp.part(0, &doc.members)?;
                imp.part(0, &doc.clients)?;
                imp.part(0, &doc.rule_versions)?;
                // In parts, as a streamed file comes.
                for (k, part) in doc.invoices.chunks(700).enumerate() {
                    imp.part(k * 700, part)?;
                }
                imp.part(0, &doc.payments)?;
                imp.reach(TABLES.len() - 1)?;
                let order = settle::Order { invoices: &imp.invoice_order, payments: &imp.payment_order };
                settle::settle(tx, 0, false, rates, &order)
            })
            .unwrap();
        assert_eq!(doc.payments.len(), n / 2);
        assert_eq!(read, doc.payments.len(), "{n} invoices");
    }
}

#[test]
fn tables_out_of_order_are_told_apart() {
    let doc = document(3);
    let mut store = testing::store();
    let rates = crate::money::ReferenceRates::builtin();
    let err = store
        .write(|tx| {
            let mut imp = Importer::begin(tx, 2, false, rates)?;
            imp.part(0, &doc.members)?;
            imp.part(0, &doc.clients)?;
            imp.part(0, &doc.rule_versions)?;
            imp.part(0, &doc.invoices)?;
            imp.part(0, &doc.clients).map(|()| 0)
        })
        .unwrap_err();
    assert!(matches!(err, ImportError::Unordered), "{err:?}");
}

#[test]
fn an_import_into_an_empty_book_leaves_every_index_it_found() {
    // The definitions of the book's indexes: SQLite's, or those of the
    // server schema the book is in.
    let indexes = |store: &crate::store::Store| -> Vec<String> {
        let db = store.read();
        let sql = if conn(&db).sqlite().is_some() {
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        } else {
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
        };
        let mut all: Vec<String> = conn(&db).all(sql, p![], |r| r.get(0)).unwrap();
        all.sort();
        all
    };
    let mut store = testing::store();
    let before = indexes(&store);
    // A plain index, of the kind an import into a file drops and makes
    // again, is among them (on both engines), so the comparison can fail.
    assert!(before.iter().any(|i| i.starts_with("CREATE INDEX invoices_open_due ")), "{before:?}");
    let rates = crate::money::ReferenceRates::builtin();
    store.write(|tx| import(tx, &document(100), false, rates)).unwrap();
    assert_eq!(indexes(&store), before);
}

#[test]
fn an_import_writes_every_table_of_the_schema() {
    let mut ours = TABLES;
    ours.sort_unstable();
    assert_eq!(ours, super::super::migrations::TABLES);
}
