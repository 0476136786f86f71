//! Unit tests of export.

use super::*;
use crate::store::import::{import, BadRecord, ImportError};

/// Every column of every table is in the document: a schema change that
/// adds one must extend the records too.
#[test]
fn the_document_covers_every_column() {
    let store = crate::store::testing::store();
    let db = store.read();
    let columns = conn(&db).columns().unwrap();
    assert!(columns.len() > 100, "{columns:?}");
    // Columns named differently in the document, or derived.
    let renamed = |t: &str, c: &str| match (t, c) {
        ("contacts", "is_primary") => Some("primary"),
        ("messages", "is_request") => Some("request"),
        // Derived and recomputed: the e-mail folded; how long charges were owed.
        ("contacts", "email_key") | ("invoices", "owed_until") => None,
        _ => Some(""),
    };
    let doc = serde_json::to_value(serde_json::from_str::<Document>(SAMPLE).unwrap()).unwrap();
    for (table, column) in columns {
        let Some(name) = renamed(&table, &column) else { continue };
        let name = if name.is_empty() { column.as_str() } else { name };
        let records = doc[&table].as_array().cloned().unwrap_or_default();
        assert!(
            records.iter().any(|r| r.get(name).is_some()),
            "{table}.{column} is missing from the export: {records:?}"
        );
    }
}

/// One record per table with every field set.
const SAMPLE: &str = r#"{
  "expect_export": 2,
  "book": [{"key": "id", "value": "0b9e2e5c-5a1b-4c1e-9a3e-6f1d2a7b8c90"}],
  "members": [{"id": 1, "handle": "me", "name": "Me", "email": "me@x.example"}],
  "clients": [{"id": 1, "handle": "acme", "name": "Acme", "manager_id": 1, "currency": "USD",
               "archived": true, "created_at": "2026-01-01T00:00:00Z"}],
  "contacts": [{"id": 1, "client_id": 1, "name": "Jane", "email": "j@a.example", "primary": true,
                "role": "cto", "phone": "1"}],
  "client_domains": [{"id": 1, "client_id": 1, "domain": "a.example"}],
  "rule_versions": [{"id": 1, "client_id": 1, "notified": "2026-01-01",
    "created_at": "2026-01-01T00:00:00Z", "channels": "email", "response": "1-2bd", "terms": "net30",
    "grace": "0d", "late_fee": "5%", "interest": "1.5%/month", "suspend_after": "60d",
    "turnaround": "5bd", "start_within": "2bd", "cutoff": "fri 16:00", "rush_fee": "50%",
    "phase_gating": "on", "notice_period": "30d", "changed_at": "2026-01-02T00:00:00Z"},
    {"id": 2, "client_id": 1, "effective": "2026-06-01", "created_at": "2026-01-01T00:00:00Z",
     "late_fee": ""}],
  "projects": [{"id": 1, "client_id": 1, "name": "Site"}],
  "phases": [{"id": 1, "project_id": 1, "position": 1, "name": "Design", "amount": "100.00",
              "started_on": "2026-01-02"}],
  "invoices": [{"id": 1, "client_id": 1, "number": "INV-0001", "amount": "100.00", "issued": "2026-01-01",
    "due": "2026-01-31", "terms": "net30", "phase_id": 1, "settled_on": "2026-01-05",
    "voided_at": "2026-01-06T00:00:00Z", "void_reason": "x", "created_at": "2026-01-01T00:00:00Z",
    "changed_at": "2026-01-06T00:00:00Z"}],
  "payments": [{"id": 1, "invoice_id": 1, "amount": "100.00", "paid_on": "2026-01-05",
                "created_at": "2026-01-05T00:00:00Z"}],
  "reminders": [{"id": 1, "invoice_id": 1, "step": 1, "tone": "friendly", "sent_at": "2026-01-05T00:00:00Z",
                 "text": "Dear Jane", "message_id": "r1@expect.example"}],
  "waivers": [{"id": 1, "invoice_id": 1, "charge": "fee", "waived_on": "2026-01-05", "reason": "goodwill",
               "created_at": "2026-01-05T00:00:00Z"}],
  "messages": [{"id": 1, "client_id": 1, "from_contact": 1, "to_member": 1, "via": "email",
    "at": "2026-01-05T00:00:00Z", "subject": "Hi", "request": true, "fyi": true,
    "wants": "2026-01-05T00:00:00Z", "bypassed": true, "wrong_channel": true,
    "clock_from": "2026-01-05T00:00:00Z", "reply_target": "2026-01-05T00:00:00Z",
    "reply_by": "2026-01-05T00:00:00Z", "start_by": "2026-01-05T00:00:00Z", "due": "2026-01-05T00:00:00Z",
    "rush": true, "replied_at": "2026-01-05T00:00:00Z", "closed_at": "2026-01-05T00:00:00Z",
    "started_at": "2026-01-05T00:00:00Z", "delivered_at": "2026-01-05T00:00:00Z",
    "message_id": "m1@a.example", "changed_at": "2026-01-05T00:00:00Z"},
    {"id": 2, "client_id": 1, "from_contact": 1, "to_member": 1, "via": "email",
    "at": "2026-01-05T01:00:00Z", "subject": "Hi again", "follow_up_of": 1}],
  "waiting": [{"id": 1, "client_id": 1, "what": "copy", "due": "2026-01-05", "received_on": "2026-01-06",
               "created_at": "2026-01-05T00:00:00Z", "changed_at": "2026-01-06T00:00:00Z"}],
  "contracts": [{"id": 1, "client_id": 1, "signed": "2026-01-01", "kind": "fixed", "rate": "10.00",
                 "expires": "2027-01-01", "covers": "payment", "file": "a.pdf",
                 "changed_at": "2026-01-01T00:00:00Z"}],
  "dismissals": [{"key": "no-contract:client:acme", "dismissed_at": "2026-01-05T00:00:00Z"}]
}"#;

#[test]
fn a_full_document_survives_import_and_export() {
    let doc: Document = serde_json::from_str(SAMPLE).unwrap();
    let mut store = crate::store::testing::store();
    store
        .write(|tx| {
            import(tx, &doc, false, crate::money::ReferenceRates::builtin())
                .map_err(|e| StoreError::Engine(format!("{e:?}")))
        })
        .unwrap();
    let back = store.snapshot(|db| export(db)).unwrap();
    assert_eq!(back, doc);
    let toml_text = toml::to_string(&back).unwrap();
    assert_eq!(toml::from_str::<Document>(&toml_text).unwrap(), doc);
}

/// The record that refuses an import of `doc` into a new book (written as
/// the `import` command writes into an empty book); `what` names the case.
fn refused(doc: &Document, what: &str) -> BadRecord {
    let mut store = crate::store::testing::store();
    store
        .write_bulk(|tx| match import(tx, doc, false, crate::money::ReferenceRates::builtin()) {
            Err(ImportError::Bad(b)) => Ok(b),
            other => panic!("{what}: {other:?}"),
        })
        .map_err(|e: StoreError| e)
        .unwrap()
}

#[test]
fn bad_references_name_the_record_and_field() {
    let mut doc: Document = serde_json::from_str(SAMPLE).unwrap();
    doc.messages[0].from_contact = 9;
    let err = refused(&doc, "from_contact");
    assert_eq!((err.table, err.index, err.field), ("messages", 0, Some("from_contact")));
    let mut doc: Document = serde_json::from_str(SAMPLE).unwrap();
    doc.rule_versions[0].terms = Some("net-30".into());
    let bad = refused(&doc, "a bad record");
    assert_eq!((bad.table, bad.field), ("rule_versions", Some("terms")));
    let mut doc: Document = serde_json::from_str(SAMPLE).unwrap();
    doc.invoices[0].settled_on = None;
    let bad = refused(&doc, "a bad record");
    assert_eq!((bad.table, bad.field), ("invoices", Some("settled_on")));
    assert_eq!(bad.message, "none does not match the payments, which settle the principal on 2026-01-05");
}

/// A document of version 1 kept every currency in hundredths: its amounts
/// come in with their currency's decimals, rounded, and what rounding
/// changed is said.
#[test]
fn a_version_1_document_is_brought_to_minor_units() {
    let mut doc: Document = serde_json::from_str(SAMPLE).unwrap();
    doc.expect_export = 1;
    doc.clients[0].currency = "JPY".into();
    doc.invoices[0].amount = "100.50".parse().unwrap();
    doc.payments[0].amount = "100.50".parse().unwrap();
    doc.phases[0].amount = "2000.00".parse().unwrap();
    let mut store = crate::store::testing::store();
    let counts = store
        .write(|tx| {
            import(tx, &doc, false, crate::money::ReferenceRates::builtin())
                .map_err(|e| StoreError::Engine(format!("{e:?}")))
        })
        .unwrap();
    assert_eq!(
        counts.converted,
        [
            "invoices[0].amount: JPY 100.50 kept in hundredths is now JPY 101",
            "payments[0].amount: JPY 100.50 kept in hundredths is now JPY 101"
        ]
    );
    let back = store.snapshot(|db| export(db)).unwrap();
    assert_eq!(back.expect_export, FORMAT_VERSION);
    assert_eq!(back.invoices[0].amount.to_string(), "101");
    assert_eq!(back.phases[0].amount.to_string(), "2000");
    assert_eq!(back.invoices[0].settled_on, doc.invoices[0].settled_on);
    // In a document of this version an amount must fit its currency.
    let mut doc: Document = serde_json::from_str(SAMPLE).unwrap();
    doc.clients[0].currency = "JPY".into();
    doc.phases[0].amount = "100.50".parse().unwrap();
    let mut store = crate::store::testing::store();
    let err = store
        .write(|tx| match import(tx, &doc, false, crate::money::ReferenceRates::builtin()) {
            Err(ImportError::Bad(b)) => Ok(b),
            other => panic!("{other:?}"),
        })
        .map_err(|e: StoreError| e)
        .unwrap();
    assert_eq!(err.to_string(), "phases[0].amount: \"100.50\": JPY has no decimals");
}

/// The foreign keys of the schema, as (table, column): those of a new file
/// book.
fn foreign_keys() -> Vec<(String, String)> {
    let schema = super::super::open::in_memory().unwrap();
    schema
        .all(
            "SELECT m.name, k.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) k \
             WHERE m.type = 'table' ORDER BY 1, 2",
            p![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// An import into an empty book writes with SQLite's own check of each
/// reference off (`Store::write_bulk`), so the import must refuse every
/// reference the schema has to a record the file does not hold: each is
/// tried, and the record and field are named.
#[test]
fn every_foreign_key_of_the_schema_is_checked_by_the_import() {
    let keys = foreign_keys();
    assert_eq!(keys.len(), 17, "{keys:?}");
    let sample: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    for (table, column) in keys {
        let mut value = sample.clone();
        let records = value[&table].as_array_mut().unwrap();
        let (index, record) = records
            .iter_mut()
            .enumerate()
            .find(|(_, r)| !r[&column].is_null())
            .unwrap_or_else(|| panic!("SAMPLE sets no {table}.{column}"));
        record[&column] = serde_json::json!(99);
        let doc: Document = serde_json::from_value(value).unwrap();
        let bad = refused(&doc, &format!("{table}.{column}"));
        assert_eq!((bad.table, bad.index, bad.field), (table.as_str(), index, Some(column.as_str())));
        assert!(bad.message.starts_with("99 is not the id of "), "{table}.{column}: {}", bad.message);
    }
}

/// `write_bulk` turns SQLite's reference check back on after it, whether
/// it committed or failed; `verify` names a row that names no row.
#[test]
fn the_reference_check_is_back_on_after_a_bulk_write() {
    let mut store = crate::store::Store::in_memory().unwrap();
    let doc: Document = serde_json::from_str(SAMPLE).unwrap();
    let rates = crate::money::ReferenceRates::builtin();
    store
        .write_bulk(|tx| import(tx, &doc, false, rates).map_err(|e| StoreError::Engine(format!("{e:?}"))))
        .unwrap();
    let dangling =
        "INSERT INTO payments (invoice_id, amount, paid_on, created_at) VALUES (99, 1, '2026-01-05', 0)";
    let refused = store.write(|tx| conn(tx).execute(dangling, p![])).unwrap_err();
    assert!(refused.to_string().contains("FOREIGN KEY"), "{refused}");
    let failed: Result<(), StoreError> =
        store.write_bulk(|_| Err(StoreError::Damaged("the writer failed".into())));
    assert!(failed.is_err());
    assert!(store.write(|tx| conn(tx).execute(dangling, p![])).is_err());
    // And after a writer that panics.
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _: Result<(), StoreError> = store.write_bulk(|_| panic!("the writer panicked"));
    }));
    assert!(panicked.is_err());
    assert!(store.write(|tx| conn(tx).execute(dangling, p![])).is_err());
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
    // Written with the check off, as a file changed by another program may be.
    store.conn.check_references(false).unwrap();
    store.write(|tx| conn(tx).execute(dangling, p![])).unwrap();
    store.conn.check_references(true).unwrap();
    assert_eq!(store.verify().unwrap(), ["payments row 2 names no invoices row"]);
}

/// A bulk write into a file book the store created, which no other
/// connection has open, goes through SQLite's rollback journal (each page
/// written once), and the file is back in WAL after it, whether the writer
/// committed, failed or panicked; with another connection open, or into a
/// file that was there before, the WAL is kept throughout.
#[test]
fn a_bulk_write_has_the_file_to_itself_or_keeps_the_wal() {
    use crate::store::{Access, Location, Store};
    let dir = tempfile::tempdir().unwrap();
    let location = Location::File(dir.path().join("book.db"));
    let mut store = Store::open(&location, Access::Create).unwrap();
    if store.conn.sqlite().is_none() {
        return;
    }
    let mode = |conn: &crate::store::Conn| {
        let c = conn.sqlite().unwrap();
        let journal: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        let synchronous: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        format!("{journal} {synchronous}")
    };
    let doc: Document = serde_json::from_str(SAMPLE).unwrap();
    let rates = crate::money::ReferenceRates::builtin();
    let during = store
        .write_bulk(|tx| {
            import(tx, &doc, false, rates).map_err(|e| StoreError::Engine(format!("{e:?}")))?;
            Ok::<_, StoreError>(mode(conn(tx)))
        })
        .unwrap();
    assert_eq!(during, "delete 2");
    assert_eq!(mode(&store.conn), "wal 1");
    assert!(!dir.path().join("book.db-journal").exists());

    let failed: Result<(), StoreError> = store.write_bulk(|_| Err(StoreError::Damaged("failed".into())));
    assert!(failed.is_err());
    assert_eq!(mode(&store.conn), "wal 1");
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _: Result<(), StoreError> = store.write_bulk(|_| panic!("the writer panicked"));
    }));
    assert!(panicked.is_err());
    assert_eq!(mode(&store.conn), "wal 1");

    // Another command has the book open: the WAL is kept, and what it
    // reads is the book as it was until the write commits.
    let other = Store::open(&location, Access::Existing).unwrap();
    let names = |s: &Store| {
        conn(&s.read())
            .one("SELECT group_concat(name, '|') FROM clients", p![], |r| r.get::<String>(0))
            .unwrap()
    };
    let before = names(&other);
    let during = store
        .write_bulk(|tx| {
            conn(tx).execute("UPDATE clients SET name = name || ' (renamed)'", p![])?;
            Ok::<_, StoreError>((mode(conn(tx)), names(&other)))
        })
        .unwrap();
    assert_eq!(during, ("wal 1".to_string(), before.clone()));
    assert_eq!(names(&other), format!("{} (renamed)", before.replace('|', " (renamed)|")));
    assert_eq!(mode(&store.conn), "wal 1");
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
    drop((store, other));

    // A file that was there before keeps the WAL: a refused import leaves
    // it as it was, to the byte.
    let path = dir.path().join("book.db");
    let mut store = Store::open(&location, Access::Create).unwrap();
    let before = std::fs::read(&path).unwrap();
    let during = store.write_bulk(|tx| Ok::<_, StoreError>(mode(conn(tx)))).unwrap();
    assert_eq!(during, "wal 1");
    let refused: Result<(), StoreError> = store.write_bulk(|tx| {
        conn(tx).execute("DELETE FROM dismissals", p![])?;
        Err(StoreError::Damaged("refused".into()))
    });
    assert!(refused.is_err());
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// Every command's connection reads through a page cache of 16 MB, on
/// the file's first opening and on any after.
#[test]
fn a_command_reads_through_a_page_cache_of_16_mb() {
    use crate::store::{Access, Location, Store};
    let dir = tempfile::tempdir().unwrap();
    let location = Location::File(dir.path().join("book.db"));
    let cache = |store: &Store| {
        let db = store.read();
        conn(&db).sqlite().map(|c| c.query_row("PRAGMA cache_size", [], |r| r.get::<_, i64>(0)).unwrap())
    };
    let Some(first) = cache(&Store::open(&location, Access::Create).unwrap()) else { return };
    assert_eq!(first, -16_384);
    assert_eq!(cache(&Store::open(&location, Access::Existing).unwrap()), Some(-16_384));
}

/// `backup` copies the book as it stands, what another connection has
/// committed but not yet moved out of the WAL included, into a private
/// file with nothing left beside it; the copy is sound and exports as the
/// book does.
#[test]
fn a_backup_is_the_book_as_committed_in_a_private_file() {
    use crate::store::{Access, Location, Store};
    let dir = tempfile::tempdir().unwrap();
    let location = Location::File(dir.path().join("book.db"));
    let mut store = Store::open(&location, Access::Create).unwrap();
    if store.conn.sqlite().is_none() {
        return;
    }
    let doc: Document = serde_json::from_str(SAMPLE).unwrap();
    let rates = crate::money::ReferenceRates::builtin();
    store
        .write_bulk(|tx| import(tx, &doc, false, rates).map_err(|e| StoreError::Engine(format!("{e:?}"))))
        .unwrap();
    // Committed by a connection that stays open: in the WAL, not the file.
    let mut other = Store::open(&location, Access::Existing).unwrap();
    other.write(|tx| conn(tx).execute("UPDATE clients SET name = 'Acme (in the WAL)'", p![])).unwrap();
    assert!(std::fs::metadata(dir.path().join("book.db-wal")).unwrap().len() > 0);
    let copy = dir.path().join("copy.db");
    store.backup_to(&copy).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("copy.db"))
        .collect();
    assert_eq!(beside, ["copy.db"]);
    let copied = Store::open(&Location::File(copy.clone()), Access::Existing).unwrap();
    assert_eq!(copied.verify().unwrap(), Vec::<String>::new());
    let name =
        |s: &Store| conn(&s.read()).one("SELECT name FROM clients", p![], |r| r.get::<String>(0)).unwrap();
    assert_eq!(name(&copied), "Acme (in the WAL)");
    let exported = |s: &Store| serde_json::to_string(&export(&s.read()).unwrap()).unwrap();
    assert_eq!(exported(&copied), exported(&store));
    // Never over a file that is there: it is left as it was.
    let before = std::fs::read(&copy).unwrap();
    assert!(store.backup_to(&copy).is_err());
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}
