//! Waivers: the late fee or interest of an invoice forgone from a day on
//! (one of each at most per invoice), read for every report in one query.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::records::{Insert, WaiverRecord};
use super::sql::p;
use super::{conn, Db, StoreError, Tx};
use crate::money::Waivers;

/// An invoice's waivers, fee first.
pub fn waivers_of(db: &impl Db, invoice_id: i64) -> Result<Vec<WaiverRecord>, StoreError> {
    let sql = format!(
        "SELECT {} FROM waivers wv WHERE wv.invoice_id = ?1 ORDER BY wv.charge",
        WaiverRecord::COLUMNS
    );
    conn(db).all(&sql, p![invoice_id], |r| WaiverRecord::from_row(r, 0))
}

/// What is waived by `as_of` of every invoice (of one client, or all) that
/// has a waiver, by invoice id.
pub fn waivers_by_invoice(
    db: &impl Db,
    client: Option<i64>,
    as_of: NaiveDate,
) -> Result<HashMap<i64, Waivers>, StoreError> {
    let which = if client.is_some() { "i.client_id = ?1" } else { "CAST(?1 AS BIGINT) IS NULL" };
    let sql = format!(
        "SELECT wv.invoice_id, wv.charge FROM waivers wv JOIN invoices i ON i.id = wv.invoice_id \
         WHERE {which} AND wv.waived_on <= ?2"
    );
    let mut out: HashMap<i64, Waivers> = HashMap::new();
    conn(db).each(&sql, p![client, as_of], |r| {
        let w = out.entry(r.get(0)?).or_default();
        match r.text(1)? {
            Some("fee") => w.fee = true,
            Some("interest") => w.interest = true,
            _ => {}
        }
        Ok(())
    })?;
    Ok(out)
}

/// Every waiver with its day (of one client's invoices, or all), by
/// invoice id: what [`crate::money::owed_until`] needs.
pub fn waiver_days(
    db: &impl Db,
    client: Option<i64>,
) -> Result<HashMap<i64, Vec<(NaiveDate, Waivers)>>, StoreError> {
    let which = if client.is_some() { "i.client_id = ?1" } else { "CAST(?1 AS BIGINT) IS NULL" };
    let sql = format!(
        "SELECT wv.invoice_id, wv.charge, wv.waived_on FROM waivers wv JOIN invoices i ON i.id = wv.invoice_id \
         WHERE {which}"
    );
    let mut out: HashMap<i64, Vec<(NaiveDate, Waivers)>> = HashMap::new();
    conn(db).each(&sql, p![client], |r| {
        let fee = r.text(1)? == Some("fee");
        out.entry(r.get(0)?).or_default().push((r.get(2)?, Waivers { fee, interest: !fee }));
        Ok(())
    })?;
    Ok(out)
}

/// Records a waiver; returns its id.
pub fn insert_waiver(tx: &Tx<'_>, waiver: &WaiverRecord) -> Result<i64, StoreError> {
    waiver.insert(tx)
}

/// Takes back the waiver of `charge` (`fee` or `interest`) of an invoice.
pub fn delete_waiver(tx: &Tx<'_>, invoice_id: i64, charge: &str) -> Result<(), StoreError> {
    conn(tx).execute("DELETE FROM waivers WHERE invoice_id = ?1 AND charge = ?2", p![invoice_id, charge])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waivers_count_from_their_day() {
        let mut store = crate::store::testing::store();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        store
            .write(|tx| {
                let client = crate::store::testing::client(tx, "acme")?;
                conn(tx).execute(
                    "INSERT INTO invoices (id, client_id, number, amount, issued, due, terms, created_at) \
                     VALUES (7, ?1, 'INV-7', 100, '2026-01-01', '2026-01-31', 'net30', 0)",
                    p![client],
                )?;
                for (charge, on) in [("fee", "2026-02-10"), ("interest", "2026-03-01")] {
                    let w = WaiverRecord {
                        id: 0,
                        invoice_id: 7,
                        charge: charge.into(),
                        waived_on: d(on),
                        reason: None,
                        created_at: 0,
                    };
                    insert_waiver(tx, &w)?;
                }
                Ok::<_, StoreError>(())
            })
            .unwrap();
        let at = |day: &str| waivers_by_invoice(&store.read(), None, d(day)).unwrap().get(&7).copied();
        assert_eq!(at("2026-02-01"), None);
        assert_eq!(at("2026-02-10"), Some(Waivers { fee: true, interest: false }));
        assert_eq!(at("2026-03-01"), Some(Waivers::BOTH));
        store.write(|tx| delete_waiver(tx, 7, "fee")).unwrap();
        assert_eq!(waivers_of(&store.read(), 7).unwrap().len(), 1);
    }
}
