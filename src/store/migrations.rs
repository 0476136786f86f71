//! The ordered schema upgrades. Migration `i` takes a database from
//! version i to i + 1; each engine has its own commented `.sql` file for
//! each step (SQLite's in `sql/`, PostgreSQL's in `sql/pg/`), and both
//! fill a new book the same way ([`seed`]). Step 3 also converts amounts
//! kept in hundredths to each currency's minor unit, in Rust, and says what
//! changed (on SQLite: no server book predates that step).

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::{StoreError, APPLICATION_ID};
use crate::values::{Currency, Decimal, Fee, Money, Numbers};

/// The schema steps, in order; each is a commented `.sql` file.
const MIGRATIONS: &[&str] = &[
    include_str!("sql/0001_init.sql"),
    include_str!("sql/0002_mail_money_identity.sql"),
    include_str!("sql/0003_currency_minor_units.sql"),
    include_str!("sql/0004_invoice_counter.sql"),
    include_str!("sql/0005_scorecard_indexes.sql"),
    include_str!("sql/0006_open_invoices_covering.sql"),
];

/// The same steps for PostgreSQL.
pub const PG_MIGRATIONS: &[&str] = &[
    include_str!("sql/pg/0001_init.sql"),
    include_str!("sql/pg/0002_mail_money_identity.sql"),
    include_str!("sql/pg/0003_currency_minor_units.sql"),
    include_str!("sql/pg/0004_invoice_counter.sql"),
    include_str!("sql/pg/0005_scorecard_indexes.sql"),
    include_str!("sql/pg/0006_open_invoices_covering.sql"),
];

const _: () = assert!(MIGRATIONS.len() == PG_MIGRATIONS.len(), "every step has a PostgreSQL file");

/// What step `version` puts into the book besides its tables: member `me`
/// (step 1) and the book's random id, for calendar UIDs unique across
/// databases (step 2). A statement and its one text parameter, if any.
pub fn seed(version: u32) -> Option<(&'static str, Option<String>)> {
    match version {
        1 => Some(("INSERT INTO members (handle, name) VALUES ('me', 'Me')", None)),
        2 => {
            Some(("INSERT INTO book (key, value) VALUES ('id', ?1)", Some(uuid::Uuid::new_v4().to_string())))
        }
        _ => None,
    }
}

/// The tables of the current schema.
pub const TABLES: [&str; 16] = [
    "book",
    "client_domains",
    "clients",
    "contacts",
    "contracts",
    "dismissals",
    "invoices",
    "members",
    "messages",
    "payments",
    "phases",
    "projects",
    "reminders",
    "rule_versions",
    "waiting",
    "waivers",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Applies every migration the database lacks, each in its own immediate
/// transaction that first re-reads the version, so two processes opening a
/// new database at once never apply a step twice. Returns what the steps
/// changed in the data, in words (the amounts converted).
pub fn apply(conn: &mut Connection) -> Result<Vec<String>, StoreError> {
    let mut notes = Vec::new();
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        let version = i as u32 + 1;
        let step = |e: rusqlite::Error| StoreError::from(e).during(format!("applying schema step {version}"));
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(step)?;
        let current: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(step)?;
        if current >= version {
            continue;
        }
        tx.execute_batch(sql).map_err(step)?;
        if let Some((sql, param)) = seed(version) {
            tx.execute(sql, rusqlite::params_from_iter(param)).map_err(step)?;
        }
        if version == 3 {
            notes.extend(minor_units(&tx).map_err(step)?);
        }
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {version};"
        ))
        .map_err(step)?;
        tx.commit().map_err(step)?;
    }
    Ok(notes)
}

/// `hundredths` of a currency unit in minor units of `currency`, rounded
/// half away from zero.
fn from_hundredths(hundredths: i64, currency: Currency) -> Money {
    Decimal::new(hundredths, 2).rounded(currency.exponent())
}

/// Step 3: converts every amount of the clients whose currency has not two
/// decimals from hundredths to the currency's minor unit, keeps
/// `settled_on` true to the converted payments, and writes flat fees in the
/// rules with the currency's decimals. Returns a line per client converted
/// and one per amount that rounding changed.
fn minor_units(tx: &Transaction<'_>) -> rusqlite::Result<Vec<String>> {
    let mut notes = Vec::new();
    let clients: Vec<(i64, String, String)> = tx
        .prepare("SELECT id, handle, currency FROM clients ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (client, handle, code) in clients {
        let Ok(currency) = Currency::parse(&code) else { continue };
        if currency.exponent() == 2 {
            continue;
        }
        let mut rounded = 0;
        let tables: [(&str, &str, &str); 4] = [
            ("invoices", "amount", "SELECT id, amount, number FROM invoices WHERE client_id = ?1"),
            (
                "payments",
                "amount",
                "SELECT p.id, p.amount, i.number FROM payments p JOIN invoices i ON i.id = p.invoice_id \
                 WHERE i.client_id = ?1",
            ),
            (
                "phases",
                "amount",
                "SELECT ph.id, ph.amount, pj.name || '/' || ph.name FROM phases ph \
                 JOIN projects pj ON pj.id = ph.project_id WHERE pj.client_id = ?1",
            ),
            (
                "contracts",
                "rate",
                "SELECT id, rate, 'contract ' || id FROM contracts WHERE client_id = ?1 AND rate IS NOT NULL",
            ),
        ];
        for (table, column, select) in tables {
            let rows: Vec<(i64, i64, String)> = tx
                .prepare(select)?
                .query_map([client], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (id, hundredths, what) in rows {
                let minor = from_hundredths(hundredths, currency);
                tx.execute(&format!("UPDATE {table} SET {column} = ?2 WHERE id = ?1"), (id, minor.0))?;
                let was = Decimal::new(hundredths, 2);
                if was.to_minor(currency.exponent()) != Some(minor) {
                    rounded += 1;
                    notes.push(format!(
                        "  {table} {what}: {currency} {was} kept in hundredths is now {}",
                        currency.amount(minor).text(Numbers::Comma)
                    ));
                }
            }
        }
        settle_again(tx, client)?;
        flat_fees_in(tx, client, currency)?;
        notes.insert(
            notes.len() - rounded,
            format!(
                "client {handle}: amounts in {currency} now kept with {} decimal(s) instead of 2{}",
                currency.exponent(),
                if rounded == 0 { String::new() } else { format!("; {rounded} rounded:") }
            ),
        );
    }
    Ok(notes)
}

/// Recomputes `settled_on` of a client's invoices from their converted
/// payments (rounding may change when the principal is covered).
fn settle_again(tx: &Transaction<'_>, client: i64) -> rusqlite::Result<()> {
    let invoices: Vec<(i64, i64)> = tx
        .prepare("SELECT id, amount FROM invoices WHERE client_id = ?1")?
        .query_map([client], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, amount) in invoices {
        let pays: Vec<crate::money::Payment> = tx
            .prepare("SELECT amount, paid_on FROM payments WHERE invoice_id = ?1 ORDER BY paid_on, id")?
            .query_map([id], |r| {
                let on: String = r.get(1)?;
                Ok((r.get::<_, i64>(0)?, on))
            })?
            .filter_map(|r| {
                r.ok().and_then(|(a, on)| {
                    on.parse().ok().map(|on| crate::money::Payment { amount: Money(a), on })
                })
            })
            .collect();
        let settled = crate::money::settled_on(Money(amount), &pays).map(|d| d.to_string());
        tx.execute("UPDATE invoices SET settled_on = ?2 WHERE id = ?1", (id, settled))?;
    }
    Ok(())
}

/// Writes a client's flat late and rush fees with its currency's decimals
/// (`25.00` for JPY is `25`; one that does not fit is rounded).
fn flat_fees_in(tx: &Transaction<'_>, client: i64, currency: Currency) -> rusqlite::Result<()> {
    for column in ["late_fee", "rush_fee"] {
        let rows: Vec<(i64, String)> = tx
            .prepare(&format!(
                "SELECT id, {column} FROM rule_versions WHERE client_id = ?1 AND {column} <> ''"
            ))?
            .query_map([client], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, text) in rows {
            if let Ok(Fee::Flat(d)) = text.parse::<Fee>() {
                let fixed = Decimal::of(d.rounded(currency.exponent()), currency).to_string();
                tx.execute(&format!("UPDATE rule_versions SET {column} = ?2 WHERE id = ?1"), (id, fixed))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_in_order_to_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert!(apply(&mut conn).unwrap().is_empty());
        let v: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
        assert_eq!(id, APPLICATION_ID);
        let me: String = conn.query_row("SELECT handle FROM members", [], |r| r.get(0)).unwrap();
        assert_eq!(me, "me");
        // Applying again changes nothing.
        assert!(apply(&mut conn).unwrap().is_empty());
        let n: i64 = conn.query_row("SELECT count(*) FROM members", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
        let id: String = conn.query_row("SELECT value FROM book WHERE key = 'id'", [], |r| r.get(0)).unwrap();
        assert_eq!(id.len(), 36, "{id}");
    }

    #[test]
    fn a_schema_2_book_in_hundredths_is_converted_to_minor_units() {
        let mut conn = Connection::open_in_memory().unwrap();
        for (i, sql) in MIGRATIONS[..2].iter().enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.execute_batch(&format!("PRAGMA user_version = {};", i + 1)).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO members (id, handle, name) VALUES (1, 'me', 'Me');
             INSERT INTO clients (id, handle, name, manager_id, currency, created_at) VALUES
               (1, 'tokyo', 'Tokyo KK', 1, 'JPY', 0), (2, 'kuwait', 'Kuwait Co', 1, 'KWD', 0),
               (3, 'acme', 'Acme', 1, 'USD', 0);
             INSERT INTO rule_versions (id, client_id, created_at, late_fee) VALUES (1, 1, 0, '2500.00'), (2, 3, 0, '25.00');
             INSERT INTO invoices (id, client_id, number, amount, issued, due, terms, settled_on, created_at) VALUES
               (1, 1, 'T-1', 15000000, '2026-01-01', '2026-01-31', 'net30', '2026-02-01', 0),
               (2, 1, 'T-2', 10050, '2026-01-01', '2026-01-31', 'net30', NULL, 0),
               (3, 2, 'K-1', 1250, '2026-01-01', '2026-01-31', 'net30', NULL, 0),
               (4, 3, 'A-1', 150000, '2026-01-01', '2026-01-31', 'net30', NULL, 0);
             INSERT INTO payments (id, invoice_id, amount, paid_on, created_at) VALUES
               (1, 1, 15000000, '2026-02-01', 0);
             INSERT INTO contracts (id, client_id, signed, rate, covers) VALUES (1, 2, '2026-01-01', 1000, 'payment');",
        )
        .unwrap();
        let notes = apply(&mut conn).unwrap();
        let amounts: Vec<i64> = conn
            .prepare("SELECT amount FROM invoices ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        // JPY 150,000.00 → 150000; JPY 100.50 → 101 (half away from zero); KWD 12.50 → 12500; USD as is.
        assert_eq!(amounts, [150_000, 101, 12_500, 150_000]);
        let pay: i64 = conn.query_row("SELECT amount FROM payments", [], |r| r.get(0)).unwrap();
        assert_eq!(pay, 150_000);
        let settled: Option<String> =
            conn.query_row("SELECT settled_on FROM invoices WHERE id = 1", [], |r| r.get(0)).unwrap();
        assert_eq!(settled.as_deref(), Some("2026-02-01"));
        let rate: i64 = conn.query_row("SELECT rate FROM contracts", [], |r| r.get(0)).unwrap();
        assert_eq!(rate, 10_000);
        let fees: Vec<String> = conn
            .prepare("SELECT late_fee FROM rule_versions ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(fees, ["2500", "25.00"]);
        assert_eq!(
            notes,
            [
                "client tokyo: amounts in JPY now kept with 0 decimal(s) instead of 2; 1 rounded:",
                "  invoices T-2: JPY 100.50 kept in hundredths is now JPY 101",
                "client kuwait: amounts in KWD now kept with 3 decimal(s) instead of 2",
            ]
        );
    }
}
