//! Contracts: the signed agreements behind a client's rules, with the topics
//! they cover (stored comma-separated, in canonical form), and the cheap
//! reads `check` makes of every client (contracts, active clients).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::records::{ContractRecord, Insert};
use super::sql::{p, Row};
use super::{conn, Db, StoreError, Tx};
use crate::flags::contract::{parse_topics, ContractTerms, Topic, TopicSet};
use crate::values::{Amount, Currency};

/// A contract as stored, with its client's handle and its topics parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractRow {
    pub id: i64,
    pub client_id: i64,
    pub client: String,
    pub signed: NaiveDate,
    pub kind: Option<String>,
    pub currency: Currency,
    pub rate: Option<Amount>,
    pub expires: Option<NaiveDate>,
    pub covers: Vec<Topic>,
    pub file: Option<String>,
}

impl ContractRow {
    fn from_row(r: &Row<'_>) -> Result<Self, StoreError> {
        let rec = ContractRecord::from_row(r, 0)?;
        let covers = parse_topics(&rec.covers)
            .map_err(|e| StoreError::Damaged(format!("stored contract topics {:?}: {e}", rec.covers)))?;
        Ok(ContractRow {
            id: rec.id,
            client_id: rec.client_id,
            client: r.get(10)?,
            signed: rec.signed,
            kind: rec.kind,
            currency: r.get(9)?,
            rate: rec.rate.map(|d| r.get::<Currency>(9).map(|c| c.amount(d.minor()))).transpose()?,
            expires: rec.expires,
            covers,
            file: rec.file,
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

/// The `covers` column of a set of topics.
pub fn covers_text(topics: &[Topic]) -> String {
    topics.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")
}

/// Adds a contract (its `id` is ignored); returns the new id.
pub fn insert_contract(tx: &Tx<'_>, c: &ContractRecord) -> Result<i64, StoreError> {
    c.insert(tx)
}

/// Contracts signed on or before `as_of` (of one client, or all), by client
/// handle, signing date and id.
pub fn contracts(
    db: &impl Db,
    client: Option<i64>,
    as_of: NaiveDate,
) -> Result<Vec<ContractRow>, StoreError> {
    let which = if client.is_some() { "ct.client_id = ?1" } else { "CAST(?1 AS BIGINT) IS NULL" };
    let sql = format!(
        "SELECT {}, c.currency, c.handle FROM contracts ct JOIN clients c ON c.id = ct.client_id \
         WHERE {which} AND ct.signed <= ?2 ORDER BY c.handle, ct.signed, ct.id",
        ContractRecord::COLUMNS
    );
    conn(db).all(&sql, p![client, as_of], ContractRow::from_row)
}

/// Every contract signed on or before `as_of`, as the detectors see them, by
/// client id: one query for `check`.
pub fn contract_terms(
    db: &impl Db,
    client: Option<i64>,
    as_of: NaiveDate,
) -> Result<HashMap<i64, Vec<ContractTerms>>, StoreError> {
    let sql = "SELECT client_id, signed, expires, covers FROM contracts \
               WHERE (client_id = ?1 OR ?1 IS NULL) AND signed <= ?2";
    let mut out: HashMap<i64, Vec<ContractTerms>> = HashMap::new();
    let damaged = |what: &str, v: &str| StoreError::Damaged(format!("stored contract {what} {v:?}"));
    // Most contracts cover what the one before covers: its topics are kept.
    let mut last: Option<(String, TopicSet)> = None;
    conn(db).each(sql, p![client, as_of], |r| {
        let covers = r.text(3)?.unwrap_or_default();
        let topics = match &last {
            Some((text, topics)) if text == covers => *topics,
            _ => {
                let topics = covers
                    .split(',')
                    .map(|t| {
                        // Stored canonically; anything else (say, imported) parses leniently.
                        let exact = Topic::ALL.into_iter().find(|x| x.as_str() == t);
                        exact.or_else(|| t.parse().ok()).ok_or_else(|| damaged("topics", covers))
                    })
                    .collect::<Result<TopicSet, StoreError>>()?;
                last = Some((covers.to_string(), topics));
                topics
            }
        };
        let terms = ContractTerms { signed: r.get(1)?, expires: r.get(2)?, covers: topics };
        out.entry(r.get(0)?).or_default().push(terms);
        Ok(())
    })?;
    Ok(out)
}

/// An active client as the contract flags see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveClient {
    pub id: i64,
    pub handle: String,
    pub name: String,
    pub created_at: i64,
    /// Whether it has a project (phase gating needs cover only then).
    pub has_projects: bool,
}

/// Active clients (of one, or all), by handle: the clients the contract
/// flags look at.
pub fn active_clients(db: &impl Db, client: Option<i64>) -> Result<Vec<ActiveClient>, StoreError> {
    conn(db).all(
        "SELECT c.id, c.handle, c.name, c.created_at, \
                CASE WHEN EXISTS (SELECT 1 FROM projects pj WHERE pj.client_id = c.id) THEN 1 ELSE 0 END \
         FROM clients c WHERE c.archived = 0 AND (c.id = ?1 OR ?1 IS NULL) ORDER BY c.handle",
        p![client],
        |r| {
            Ok(ActiveClient {
                id: r.get(0)?,
                handle: r.get(1)?,
                name: r.get(2)?,
                created_at: r.get(3)?,
                has_projects: r.get(4)?,
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contracts_round_trip_and_respect_as_of() {
        let mut store = crate::store::testing::store();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        store
            .write(|tx| {
                let id = crate::store::testing::client(tx, "acme")?;
                let contract = |signed: &str, covers: &[Topic], expires: Option<&str>| ContractRecord {
                    id: 0,
                    client_id: id,
                    signed: d(signed),
                    kind: None,
                    rate: None,
                    expires: expires.map(d),
                    covers: covers_text(covers),
                    file: None,
                    changed_at: None,
                };
                insert_contract(
                    tx,
                    &ContractRecord {
                        kind: Some("hourly".into()),
                        rate: Some(crate::values::Decimal::new(12_000, 2)),
                        ..contract("2026-01-01", &[Topic::Payment, Topic::LateFee], None)
                    },
                )?;
                insert_contract(
                    tx,
                    &ContractRecord {
                        file: Some("/tmp/x.pdf".into()),
                        ..contract("2026-12-01", &Topic::ALL, Some("2027-12-01"))
                    },
                )?;
                // The topics of the first again, after others, then twice in
                // a row: each read as it is.
                for signed in ["2026-11-15", "2026-11-20"] {
                    insert_contract(tx, &contract(signed, &[Topic::Payment, Topic::LateFee], None))?;
                }
                Ok::<_, StoreError>(())
            })
            .unwrap();
        let db = store.read();
        let all = contracts(&db, None, d("2026-11-27")).unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].covers, vec![Topic::Payment, Topic::LateFee]);
        assert_eq!(all[0].rate, Some(Currency::USD.amount(crate::values::Money(12_000))));
        assert_eq!(contracts(&db, Some(all[0].client_id), d("2026-12-01")).unwrap().len(), 4);
        let mut terms =
            contract_terms(&db, None, d("2026-12-01")).unwrap().remove(&all[0].client_id).unwrap();
        terms.sort_by_key(|t| t.signed);
        let two: TopicSet = [Topic::Payment, Topic::LateFee].into_iter().collect();
        let covers: Vec<TopicSet> = terms.iter().map(|t| t.covers).collect();
        assert_eq!(covers, [two, two, two, Topic::ALL.into_iter().collect()]);
        assert_eq!(active_clients(&db, None).unwrap()[0].handle, "acme");
    }
}
