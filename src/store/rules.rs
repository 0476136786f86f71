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
    version_of(rec).map_err(|(name, v, e)| damaged(name, &v, &e))
}

/// The error of a stored rule that does not parse.
fn damaged(name: &str, v: &str, e: &ParseError) -> StoreError {
    StoreError::Damaged(format!("stored rule {name} = {v:?}: {e}"))
}

/// Every column of the versions that pass `filter`, a client's versions
/// one after another, its first (complete) one first, then by effective
/// date (one a day: a unique index), then as stored.
fn select(filter: &str) -> String {
    format!(
        "SELECT {} FROM rule_versions rv {filter} ORDER BY rv.client_id, coalesce(rv.effective, ''), rv.id",
        RuleVersionRecord::COLUMNS
    )
}

/// A client's rule versions, the first (complete) one first.
pub fn versions(db: &impl Db, client_id: i64) -> Result<Vec<RuleVersion>, StoreError> {
    conn(db).all(&select("WHERE rv.client_id = ?1"), p![client_id], |r| {
        checked(&RuleVersionRecord::from_row(r, 0)?)
    })
}

/// How many ids one `IN (...)` list holds.
const CHUNK: usize = 500;

/// The rule versions of `clients`, by client id, each client's in the
/// order of [`versions`] (read in a few queries, whatever their number).
pub fn versions_of(db: &impl Db, clients: &[i64]) -> Result<HashMap<i64, Vec<RuleVersion>>, StoreError> {
    let mut out: HashMap<i64, Vec<RuleVersion>> = HashMap::new();
    each_version_of(db, clients, select, 1, |r| {
        let rec = RuleVersionRecord::from_row(r, 0)?;
        out.entry(rec.client_id).or_default().push(checked(&rec)?);
        Ok(())
    })?;
    Ok(out)
}

/// The payment rules of the versions of `clients`, by client id: only
/// `terms`, `grace`, `late_fee`, `interest`, `suspend_after` and
/// `phase_gating` are read (see [`crate::money::payment_rules_on`]), which is
/// what the money reports over many invoices need. Each client's versions
/// are in the order they were stored.
pub fn payment_versions_of(
    db: &impl Db,
    clients: &[i64],
) -> Result<HashMap<i64, Vec<RuleVersion>>, StoreError> {
    const NAMES: [&str; 6] = ["terms", "grace", "late_fee", "interest", "suspend_after", "phase_gating"];
    let select = |filter: &str| {
        format!(
            "SELECT rv.client_id, rv.id, rv.effective, rv.notified, rv.terms, rv.grace, rv.late_fee, \
             rv.interest, rv.suspend_after, rv.phase_gating FROM rule_versions rv {filter} ORDER BY rv.id"
        )
    };
    let mut out: HashMap<i64, Vec<RuleVersion>> = HashMap::new();
    // Most versions hold the rules of the one before (the defaults, a
    // studio's usual terms): the rules of the texts read last are kept.
    let mut last: Option<([Option<String>; 6], RulePatch)> = None;
    each_version_of(db, clients, select, 0, |r| {
        let mut texts = [None; 6];
        for (i, t) in texts.iter_mut().enumerate() {
            *t = r.text(4 + i)?;
        }
        let same = |kept: &[Option<String>; 6]| kept.iter().map(Option::as_deref).eq(texts.iter().copied());
        let patch = match &last {
            Some((kept, patch)) if same(kept) => patch.clone(),
            _ => {
                let mut patch = RulePatch::default();
                for (name, v) in NAMES.iter().zip(texts) {
                    if let Some(v) = v {
                        patch.set(name, v).map_err(|e| damaged(name, v, &e))?;
                    }
                }
                last = Some((texts.map(|t| t.map(str::to_string)), patch.clone()));
                patch
            }
        };
        // Room for one at first: most clients have one version, and a
        // list's first room of four was a tenth of `overdue`'s page faults
        // on a book of 10,000 overdue invoices.
        out.entry(r.get(0)?).or_insert_with(|| Vec::with_capacity(1)).push(RuleVersion {
            id: r.get(1)?,
            effective: r.get(2)?,
            notified: r.get(3)?,
            patch,
        });
        Ok(())
    })?;
    Ok(out)
}

/// Calls `read` on each row of `select(filter)` whose client id (column
/// `client_at`) is one of `clients`, in the query's order: the filter is
/// `IN` lists of [`CHUNK`] ids, or none (the whole table is read, the other
/// clients' rows skipped) when that is cheaper ([`read_whole_table`]).
fn each_version_of(
    db: &impl Db,
    clients: &[i64],
    select: impl Fn(&str) -> String,
    client_at: usize,
    mut read: impl FnMut(&Row<'_>) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    if read_whole_table(db, clients)? {
        let wanted: foldhash::HashSet<i64> = clients.iter().copied().collect();
        return conn(db).each(&select(""), p![], |r| {
            if wanted.contains(&r.get(client_at)?) {
                read(r)
            } else {
                Ok(())
            }
        });
    }
    for chunk in clients.chunks(CHUNK) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("?{i}")).collect();
        let params: Vec<&dyn ToParam> = chunk.iter().map(|id| id as &dyn ToParam).collect();
        conn(db).each(
            &select(&format!("WHERE rv.client_id IN ({})", marks.join(", "))),
            &params,
            &mut read,
        )?;
    }
    Ok(())
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
        assert_eq!(versions_of(&db, &[client]).unwrap()[&client].len(), 2);
        assert_eq!(clients_with_rule_changes(&db, None).unwrap().into_iter().collect::<Vec<_>>(), [client]);
    }

    type ReadMany =
        fn(&crate::store::Reader<'_>, &[i64]) -> Result<HashMap<i64, Vec<RuleVersion>>, StoreError>;

    /// Both readers of many clients' versions, each with the one that reads
    /// one client: every rule and [`versions`], and the payment rules.
    const READERS: [(&str, ReadMany, ReadMany); 2] = [
        (
            "every rule",
            |db, ids| versions_of(db, ids),
            |db, ids| Ok(HashMap::from([(ids[0], versions(db, ids[0])?)])),
        ),
        ("payment rules", |db, ids| payment_versions_of(db, ids), |db, ids| payment_versions_of(db, ids)),
    ];

    /// The three ways of reading many clients' versions give what reading
    /// one client at a time gives, in the same order: an `IN` list (500
    /// clients or fewer), the whole table (more, and at least a quarter of
    /// its rows), and `IN` lists again when they are a small part of a
    /// large table.
    #[test]
    fn versions_of_many_clients_are_the_same_read_any_way() {
        let mut store = crate::store::testing::store();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let ids = store
            .write(|tx| {
                let mut ids = Vec::new();
                for n in 0..1_100 {
                    let client = crate::store::testing::client(tx, &format!("c{n}"))?;
                    let mut first = crate::rules::builtin_defaults().to_patch();
                    // Three clients in a row on the same terms: versions read
                    // after one of the same rules.
                    first.set("terms", &format!("net {}", (n / 3) % 60)).unwrap();
                    insert_version(tx, client, None, None, &first, 0)?;
                    if n % 7 == 0 {
                        let mut later = RulePatch::default();
                        later.set("late_fee", "10%").unwrap();
                        later.set("rush_fee", "50%").unwrap();
                        insert_version(tx, client, Some(d("2027-01-01")), None, &later, 0)?;
                    }
                    if n % 11 == 0 {
                        // Changes stored after a later one.
                        for (on, fee) in [("2026-12-01", "15%"), ("2026-06-01", "20%")] {
                            let mut earlier = RulePatch::default();
                            earlier.set("late_fee", fee).unwrap();
                            insert_version(tx, client, Some(d(on)), None, &earlier, 0)?;
                        }
                    }
                    ids.push(client);
                }
                Ok::<_, StoreError>(ids)
            })
            .unwrap();
        let mut one_by_one = Vec::new();
        {
            let db = store.read();
            for (what, many, one) in READERS {
                let each: HashMap<i64, Vec<RuleVersion>> =
                    ids.iter().map(|id| (*id, one(&db, &[*id]).unwrap().remove(id).unwrap())).collect();
                let read = |asked: &[i64]| {
                    let before = conn(&db).work().statements;
                    let got = many(&db, asked).unwrap();
                    let want: HashMap<i64, Vec<RuleVersion>> =
                        asked.iter().map(|id| (*id, each[id].clone())).collect();
                    assert_eq!(got, want, "{what}, {} clients", asked.len());
                    conn(&db).work().statements - before
                };
                // 1,458 rows: one list for 500 clients; for 501 or more (and
                // 1,458 is no more than four times 501), the count and the
                // whole table.
                assert_eq!(read(&ids[..500]), 1, "{what}");
                assert_eq!(read(&ids[..1_100]), 2, "{what}");
                assert_eq!(read(&ids[100..601]), 2, "{what}");
                // Only the clients asked for, none of the others (`read`
                // compares the whole map).
                assert_eq!(read(&ids[..1_000]), 2, "{what}");
                one_by_one.push(each);
            }
        }
        let (every, payment) = (&one_by_one[0], &one_by_one[1]);
        // Every rule: the first version, then by effective day. Payment
        // rules: in the order stored, and only they are read.
        let days = |vs: &[RuleVersion]| vs.iter().map(|v| v.effective).collect::<Vec<_>>();
        let late_fees =
            |vs: &[RuleVersion]| vs.iter().map(|v| v.patch.late_fee.is_some()).collect::<Vec<_>>();
        let (june, december, january) = (Some(d("2026-06-01")), Some(d("2026-12-01")), Some(d("2027-01-01")));
        assert_eq!(days(&every[&ids[0]]), [None, june, december, january]);
        assert_eq!(days(&payment[&ids[0]]), [None, january, december, june]);
        assert_eq!(late_fees(&every[&ids[77]]), [true, true, true, true]);
        assert!(every[&ids[7]][1].patch.rush_fee.is_some());
        assert_eq!(payment[&ids[7]][1].patch.rush_fee, None);
        assert_eq!((every[&ids[1]].len(), every[&ids[7]].len(), every[&ids[11]].len()), (1, 2, 3));
        // 2,458 rows, more than four times 501: the count and two lists.
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
        for ((what, many, _), each) in READERS.into_iter().zip(&one_by_one) {
            let before = conn(&db).work().statements;
            let got = many(&db, &ids[..501]).unwrap();
            assert_eq!(conn(&db).work().statements - before, 3, "{what}");
            assert_eq!(got.len(), 501, "{what}");
            assert!(ids[..501].iter().all(|id| got[id] == each[id]), "{what}");
        }
    }
}
