//! Rule versions: stored one column per rule, in canonical text, and read
//! back as the domain's [`RuleVersion`]s.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::records::{Insert, RuleVersionRecord};
use super::sql::{p, Row, ToParam};
use super::{conn, Db, StoreError, Tx};
use crate::rules::{RulePatch, RuleVersion, RULE_NAMES};
use crate::values::ParseError;

/// The domain's version of a stored one; `Err` names the rule and value
/// that do not parse (`terms`, `"net-30"`).
pub fn version_of(rec: &RuleVersionRecord) -> Result<RuleVersion, (&'static str, String, ParseError)> {
    let mut patch = RulePatch::default();
    for (name, value) in RULE_NAMES.iter().zip(rec.rules()) {
        if let Some(v) = value {
            patch.set(name, v).map_err(|e| (*name, v.clone(), e))?;
        }
    }
    Ok(RuleVersion { id: rec.id, effective: rec.effective, notified: rec.notified, patch })
}

fn checked(rec: &RuleVersionRecord) -> Result<RuleVersion, StoreError> {
    version_of(rec).map_err(|(name, v, e)| StoreError::Damaged(format!("stored rule {name} = {v:?}: {e}")))
}

fn select(filter: &str) -> String {
    format!(
        "SELECT {} FROM rule_versions rv {filter} ORDER BY rv.client_id, coalesce(rv.effective, '')",
        RuleVersionRecord::COLUMNS
    )
}

/// A client's rule versions, the first (complete) one first.
pub fn versions(db: &impl Db, client_id: i64) -> Result<Vec<RuleVersion>, StoreError> {
    conn(db).all(&select("WHERE rv.client_id = ?1"), p![client_id], |r| {
        checked(&RuleVersionRecord::from_row(r, 0)?)
    })
}

/// Every client's rule versions, by client id.
pub fn all_versions(db: &impl Db) -> Result<HashMap<i64, Vec<RuleVersion>>, StoreError> {
    let mut out: HashMap<i64, Vec<RuleVersion>> = HashMap::new();
    conn(db).each(&select(""), p![], |r| {
        let rec = RuleVersionRecord::from_row(r, 0)?;
        out.entry(rec.client_id).or_default().push(checked(&rec)?);
        Ok(())
    })?;
    Ok(out)
}

/// How many ids one `IN (...)` list holds.
const CHUNK: usize = 500;

/// The rule versions of `clients`, by client id (read in a few queries,
/// whatever their number).
pub fn versions_of(db: &impl Db, clients: &[i64]) -> Result<HashMap<i64, Vec<RuleVersion>>, StoreError> {
    let mut out: HashMap<i64, Vec<RuleVersion>> = HashMap::new();
    for chunk in clients.chunks(CHUNK) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("?{i}")).collect();
        let params: Vec<&dyn ToParam> = chunk.iter().map(|id| id as &dyn ToParam).collect();
        conn(db).each(&select(&format!("WHERE rv.client_id IN ({})", marks.join(", "))), &params, |r| {
            let rec = RuleVersionRecord::from_row(r, 0)?;
            out.entry(rec.client_id).or_default().push(checked(&rec)?);
            Ok(())
        })?;
    }
    Ok(out)
}

/// The payment rules of the versions of `clients`, by client id: only
/// `terms`, `grace`, `late_fee`, `interest`, `suspend_after` and
/// `phase_gating` are read (see [`crate::money::payment_rules_on`]), which is
/// what the money reports over many invoices need.
pub fn payment_versions_of(
    db: &impl Db,
    clients: &[i64],
) -> Result<HashMap<i64, Vec<RuleVersion>>, StoreError> {
    const COLUMNS: &str =
        "SELECT client_id, id, effective, notified, terms, grace, late_fee, interest, suspend_after, phase_gating \
         FROM rule_versions";
    const NAMES: [&str; 6] = ["terms", "grace", "late_fee", "interest", "suspend_after", "phase_gating"];
    let mut out: HashMap<i64, Vec<RuleVersion>> = HashMap::new();
    let mut read = |r: &Row<'_>| {
        let mut patch = RulePatch::default();
        for (i, name) in NAMES.iter().enumerate() {
            if let Some(v) = r.text(4 + i)? {
                patch
                    .set(name, v)
                    .map_err(|e| StoreError::Damaged(format!("stored rule {name} = {v:?}: {e}")))?;
            }
        }
        out.entry(r.get(0)?).or_default().push(RuleVersion {
            id: r.get(1)?,
            effective: r.get(2)?,
            notified: r.get(3)?,
            patch,
        });
        Ok(())
    };
    if read_whole_table(db, clients)? {
        let wanted: foldhash::HashSet<i64> = clients.iter().copied().collect();
        conn(db).each(&format!("{COLUMNS} ORDER BY id"), p![], |r| {
            if wanted.contains(&r.get(0)?) {
                read(r)
            } else {
                Ok(())
            }
        })?;
        return Ok(out);
    }
    for chunk in clients.chunks(CHUNK) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("?{i}")).collect();
        let params: Vec<&dyn ToParam> = chunk.iter().map(|id| id as &dyn ToParam).collect();
        let sql = format!("{COLUMNS} WHERE client_id IN ({}) ORDER BY id", marks.join(", "));
        conn(db).each(&sql, &params, &mut read)?;
    }
    Ok(out)
}

/// Whether the rule versions of `clients` are best read as the whole table,
/// keeping theirs: when they would take more than one `IN` list and are at
/// least a quarter of the table's rows. On the 10,000-invoice book (1,000
/// clients, one version each) the two lists of 500 cost SQLite twice what
/// reading every row does: it sorts each list into a table of its own and
/// looks every id up.
fn read_whole_table(db: &impl Db, clients: &[i64]) -> Result<bool, StoreError> {
    if clients.len() <= CHUNK {
        return Ok(false);
    }
    let rows: i64 = conn(db).one("SELECT count(*) FROM rule_versions", p![], |r| r.get(0))?;
    Ok(rows <= (clients.len() as i64).saturating_mul(4))
}

/// Stores a new version; returns its id.
pub fn insert_version(
    tx: &Tx<'_>,
    client_id: i64,
    effective: Option<NaiveDate>,
    notified: Option<NaiveDate>,
    patch: &RulePatch,
    created_at: i64,
) -> Result<i64, StoreError> {
    RuleVersionRecord::new(0, client_id, effective, notified, patch, created_at).insert(tx)
}

/// Replaces a version's rules and notice date (amending it), by a command
/// run at `now`.
pub fn update_version(
    tx: &Tx<'_>,
    id: i64,
    patch: &RulePatch,
    notified: Option<NaiveDate>,
    now: i64,
) -> Result<(), StoreError> {
    let rec = RuleVersionRecord::new(id, 0, None, notified, patch, 0);
    let sets: Vec<String> = RULE_NAMES.iter().enumerate().map(|(i, n)| format!("{n} = ?{}", i + 3)).collect();
    let sql = format!(
        "UPDATE rule_versions SET notified = ?2, changed_at = ?16, {} WHERE id = ?1",
        sets.join(", ")
    );
    let mut params: Vec<&dyn ToParam> = vec![&id, &rec.notified];
    params.extend(rec.rules().into_iter().map(|v| v as &dyn ToParam));
    params.push(&now);
    conn(tx).execute(&sql, &params)?;
    Ok(())
}

/// Sets the notice date of a version, by a command run at `now`.
pub fn set_notified(tx: &Tx<'_>, id: i64, notified: NaiveDate, now: i64) -> Result<(), StoreError> {
    conn(tx).execute(
        "UPDATE rule_versions SET notified = ?2, changed_at = ?3 WHERE id = ?1",
        p![id, notified, now],
    )?;
    Ok(())
}

/// The clients (of one, or all) with a rule version after the first: the
/// only ones a rule change can need notice for.
pub fn clients_with_rule_changes(
    db: &impl Db,
    client: Option<i64>,
) -> Result<std::collections::HashSet<i64>, StoreError> {
    let ids = conn(db).all(
        "SELECT DISTINCT client_id FROM rule_versions WHERE effective IS NOT NULL AND (client_id = ?1 OR ?1 IS NULL)",
        p![client],
        |r| r.get(0),
    )?;
    Ok(ids.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_round_trip_and_amend() {
        let mut store = crate::store::testing::store();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let mut first = crate::rules::builtin_defaults().to_patch();
        first.set("late_fee", "5%").unwrap();
        let mut later = RulePatch::default();
        later.set("late_fee", "10%").unwrap();
        let (client, v2) = store
            .write(|tx| {
                let client = crate::store::testing::client(tx, "acme")?;
                insert_version(tx, client, None, None, &first, 0)?;
                let v2 = insert_version(tx, client, Some(d("2027-01-01")), None, &later, 0)?;
                Ok::<_, StoreError>((client, v2))
            })
            .unwrap();
        let vs = versions(&store.read(), client).unwrap();
        assert_eq!(vs.len(), 2);
        assert_eq!(vs[0].patch, first);
        assert_eq!((vs[1].id, vs[1].effective, &vs[1].patch), (v2, Some(d("2027-01-01")), &later));
        let mut amended = later.clone();
        amended.set("grace", "3d").unwrap();
        store.write(|tx| update_version(tx, v2, &amended, Some(d("2026-11-01")), 5)).unwrap();
        store.write(|tx| set_notified(tx, v2, d("2026-11-02"), 6)).unwrap();
        let db = store.read();
        let vs = versions_of(&db, &[client, 99]).unwrap();
        assert_eq!(vs[&client][1].patch, amended);
        assert_eq!(vs[&client][1].notified, Some(d("2026-11-02")));
        assert_eq!(all_versions(&db).unwrap()[&client].len(), 2);
        assert_eq!(clients_with_rule_changes(&db, None).unwrap().into_iter().collect::<Vec<_>>(), [client]);
    }

    /// The three ways of reading payment rules give what reading one
    /// client at a time gives: an `IN` list (500 clients or fewer), the
    /// whole table (more, and at least a quarter of its rows), and `IN`
    /// lists again when they are a small part of a large table.
    #[test]
    fn payment_versions_are_the_same_read_any_way() {
        let mut store = crate::store::testing::store();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let ids = store
            .write(|tx| {
                let mut ids = Vec::new();
                for n in 0..1_100 {
                    let client = crate::store::testing::client(tx, &format!("c{n}"))?;
                    let mut first = crate::rules::builtin_defaults().to_patch();
                    first.set("terms", &format!("net {}", n % 60)).unwrap();
                    insert_version(tx, client, None, None, &first, 0)?;
                    if n % 7 == 0 {
                        let mut later = RulePatch::default();
                        later.set("late_fee", "10%").unwrap();
                        later.set("rush_fee", "50%").unwrap();
                        insert_version(tx, client, Some(d("2027-01-01")), None, &later, 0)?;
                    }
                    ids.push(client);
                }
                Ok::<_, StoreError>(ids)
            })
            .unwrap();
        let one_by_one = {
            let db = store.read();
            let one_by_one: HashMap<i64, Vec<RuleVersion>> = ids
                .iter()
                .map(|id| (*id, payment_versions_of(&db, &[*id]).unwrap().remove(id).unwrap()))
                .collect();
            // Only the payment rules are read.
            assert_eq!(one_by_one[&ids[0]][1].patch.rush_fee, None);
            assert!(matches!(one_by_one[&ids[0]][1].patch.late_fee, Some(Some(_))));
            assert_eq!(one_by_one[&ids[7]].len(), 2);
            let read = |asked: &[i64]| {
                let before = conn(&db).work().statements;
                let got = payment_versions_of(&db, asked).unwrap();
                let want: HashMap<i64, Vec<RuleVersion>> =
                    asked.iter().map(|id| (*id, one_by_one[id].clone())).collect();
                assert_eq!(got, want, "{} clients", asked.len());
                conn(&db).work().statements - before
            };
            // 1,258 rows: one list for 500 clients; for 501 or more (and 1,258
            // is no more than four times 501), the count and the whole table.
            assert_eq!(read(&ids[..500]), 1);
            assert_eq!(read(&ids[..1_100]), 2);
            assert_eq!(read(&ids[100..601]), 2);
            // Only the clients asked for, none of the others (`read` compares
            // the whole map).
            assert_eq!(read(&ids[..1_000]), 2);
            one_by_one
        };
        // 2,258 rows, more than four times 501: the count and two lists.
        store
            .write(|tx| {
                let client = ids[1_099];
                for k in 0..1_000 {
                    let on = d("2027-02-01") + chrono::Days::new(k);
                    insert_version(tx, client, Some(on), None, &RulePatch::default(), 0)?;
                }
                Ok::<_, StoreError>(())
            })
            .unwrap();
        let db = store.read();
        let before = conn(&db).work().statements;
        let got = payment_versions_of(&db, &ids[..501]).unwrap();
        assert_eq!(conn(&db).work().statements - before, 3);
        assert_eq!(got.len(), 501);
        assert!(ids[..501].iter().all(|id| got[id] == one_by_one[id]));
    }
}
