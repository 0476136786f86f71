//! Contracts: the signed agreements behind a client's rules, with the topics
//! they cover (stored comma-separated, in canonical form), and the cheap
//! reads `check` makes of every client (contracts, clients with rule
//! changes, active clients).

use std::collections::{HashMap, HashSet};

use anyhow::Context as _;
use chrono::NaiveDate;
use rusqlite::{params, Row};

use super::{Db, Tx};
use crate::flags::contract::{parse_topics, ContractTerms, Topic, TopicSet};
use crate::values::Money;

/// A contract as stored, with its client's handle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractRow {
    pub id: i64,
    pub client_id: i64,
    pub client: String,
    pub signed: NaiveDate,
    pub kind: Option<String>,
    pub rate: Option<Money>,
    pub expires: Option<NaiveDate>,
    pub covers: Vec<Topic>,
    pub file: Option<String>,
}

impl ContractRow {
    fn from_row(r: &Row<'_>) -> anyhow::Result<Self> {
        let covers: String = r.get("covers")?;
        Ok(ContractRow {
            id: r.get("id")?,
            client_id: r.get("client_id")?,
            client: r.get("handle")?,
            signed: r.get("signed")?,
            kind: r.get("kind")?,
            rate: r.get::<_, Option<i64>>("rate")?.map(Money),
            expires: r.get("expires")?,
            covers: parse_topics(&covers)
                .map_err(|e| anyhow::anyhow!("stored contract topics {covers:?} are damaged: {e}"))?,
            file: r.get("file")?,
        })
    }

    /// What the `check` detectors need.
    pub fn terms(&self) -> ContractTerms {
        ContractTerms {
            signed: self.signed,
            expires: self.expires,
            covers: self.covers.iter().copied().collect(),
        }
    }
}

/// A contract to add.
#[derive(Debug, Clone)]
pub struct NewContract<'a> {
    pub client_id: i64,
    pub signed: NaiveDate,
    pub kind: Option<&'a str>,
    pub rate: Option<Money>,
    pub expires: Option<NaiveDate>,
    pub covers: &'a [Topic],
    pub file: Option<&'a str>,
}

/// Adds a contract; returns its id.
pub fn insert_contract(tx: &Tx<'_>, c: &NewContract<'_>) -> anyhow::Result<i64> {
    let covers = c.covers.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",");
    tx.conn().execute(
        "INSERT INTO contracts (client_id, signed, kind, rate, expires, covers, file) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![c.client_id, c.signed, c.kind, c.rate.map(|m| m.0), c.expires, covers, c.file],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

/// Contracts signed on or before `as_of` (of one client, or all), by client
/// handle, signing date and id.
pub fn contracts(db: &impl Db, client: Option<i64>, as_of: NaiveDate) -> anyhow::Result<Vec<ContractRow>> {
    let which = if client.is_some() { "k.client_id = ?1" } else { "?1 IS NULL" };
    let sql = format!(
        "SELECT k.id, k.client_id, c.handle, k.signed, k.kind, k.rate, k.expires, k.covers, k.file \
         FROM contracts k JOIN clients c ON c.id = k.client_id \
         WHERE {which} AND k.signed <= ?2 ORDER BY c.handle, k.signed, k.id"
    );
    let mut stmt = db.conn().prepare(&sql)?;
    let mut rows = stmt.query(params![client, as_of])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(ContractRow::from_row(r).context("reading contracts")?);
    }
    Ok(out)
}

/// Every contract signed on or before `as_of`, as the detectors see them, by
/// client id: one query for `check`.
pub fn contract_terms(
    db: &impl Db,
    client: Option<i64>,
    as_of: NaiveDate,
) -> anyhow::Result<HashMap<i64, Vec<ContractTerms>>> {
    let sql = "SELECT client_id, signed, expires, covers FROM contracts \
               WHERE (?1 IS NULL OR client_id = ?1) AND signed <= ?2";
    let mut stmt = db.conn().prepare(sql)?;
    let mut rows = stmt.query(params![client, as_of])?;
    let mut out: HashMap<i64, Vec<ContractTerms>> = HashMap::new();
    let damaged = |what: &str, v: &str| anyhow::anyhow!("stored contract {what} {v:?} is damaged");
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> anyhow::Result<Option<&str>> {
            r.get_ref(i)?.as_str_or_null().context("reading contracts")
        };
        let signed = text(1)?.unwrap_or_default();
        let expires = text(2)?;
        let covers = text(3)?.unwrap_or_default();
        let terms = ContractTerms {
            signed: signed.parse().map_err(|_| damaged("date", signed))?,
            expires: expires.map(|e| e.parse().map_err(|_| damaged("date", e))).transpose()?,
            covers: covers
                .split(',')
                .map(|t| {
                    // Stored canonically; anything else (say, imported) parses leniently.
                    let exact = Topic::ALL.into_iter().find(|x| x.as_str() == t);
                    exact.or_else(|| t.parse().ok()).ok_or_else(|| damaged("topics", covers))
                })
                .collect::<anyhow::Result<TopicSet>>()?,
        };
        out.entry(r.get(0)?).or_default().push(terms);
    }
    Ok(out)
}

/// The clients (of one, or all) with a rule version after the first: the
/// only ones a rule change can need notice for.
pub fn clients_with_rule_changes(db: &impl Db, client: Option<i64>) -> anyhow::Result<HashSet<i64>> {
    let mut stmt = db.conn().prepare(
        "SELECT DISTINCT client_id FROM rule_versions WHERE effective IS NOT NULL AND (?1 IS NULL OR client_id = ?1)",
    )?;
    let ids = stmt.query_map([client], |r| r.get(0))?.collect::<Result<HashSet<i64>, _>>()?;
    Ok(ids)
}

/// Active clients (of one, or all) as `(id, handle, name, created_at)`, by
/// handle: the clients the contract flags look at.
pub fn active_clients(db: &impl Db, client: Option<i64>) -> anyhow::Result<Vec<(i64, String, String, i64)>> {
    let mut stmt = db.conn().prepare(
        "SELECT id, handle, name, created_at FROM clients \
         WHERE NOT archived AND (?1 IS NULL OR id = ?1) ORDER BY handle",
    )?;
    let rows = stmt
        .query_map([client], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn contracts_round_trip_and_respect_as_of() {
        let mut store = Store::in_memory().unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        store
            .write(|tx| {
                tx.conn().execute(
                    "INSERT INTO clients (handle, name, manager_id, currency, created_at) \
                     VALUES ('acme', 'Acme', (SELECT id FROM members WHERE handle = 'me'), 'USD', 0)",
                    [],
                )?;
                let id = tx.conn().last_insert_rowid();
                insert_contract(
                    tx,
                    &NewContract {
                        client_id: id,
                        signed: d("2026-01-01"),
                        kind: Some("hourly"),
                        rate: Some(Money(12_000)),
                        expires: None,
                        covers: &[Topic::Payment, Topic::LateFee],
                        file: None,
                    },
                )?;
                insert_contract(
                    tx,
                    &NewContract {
                        client_id: id,
                        signed: d("2026-12-01"),
                        kind: None,
                        rate: None,
                        expires: Some(d("2027-12-01")),
                        covers: &Topic::ALL,
                        file: Some("/tmp/x.pdf"),
                    },
                )?;
                Ok(())
            })
            .unwrap();
        let db = store.read();
        let all = contracts(&db, None, d("2026-11-27")).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].covers, vec![Topic::Payment, Topic::LateFee]);
        assert_eq!(all[0].rate, Some(Money(12_000)));
        assert_eq!(contracts(&db, Some(all[0].client_id), d("2026-12-01")).unwrap().len(), 2);
        let terms = contract_terms(&db, None, d("2026-12-01")).unwrap();
        assert_eq!(terms[&all[0].client_id].len(), 2);
    }
}
