//! Rule versions: stored one column per rule, in canonical text.

use std::collections::HashMap;

use anyhow::Context as _;
use chrono::NaiveDate;
use rusqlite::{params, params_from_iter, Row};

use super::{Db, Tx};
use crate::rules::{RulePatch, RuleVersion, RULE_NAMES};

fn version_from_row(r: &Row<'_>) -> anyhow::Result<(i64, RuleVersion)> {
    let mut patch = RulePatch::default();
    for name in RULE_NAMES {
        let value: Option<String> = r.get(name)?;
        if let Some(v) = value {
            patch.set(name, &v).map_err(|e| anyhow::anyhow!("stored rule {name} = {v:?} is damaged: {e}"))?;
        }
    }
    let client_id: i64 = r.get("client_id")?;
    Ok((
        client_id,
        RuleVersion { id: r.get("id")?, effective: r.get("effective")?, notified: r.get("notified")?, patch },
    ))
}

fn select_sql(filter: &str) -> String {
    format!(
        "SELECT id, client_id, effective, notified, {} FROM rule_versions {filter} ORDER BY client_id, coalesce(effective, '')",
        RULE_NAMES.join(", ")
    )
}

/// A client's rule versions, the first (complete) one first.
pub fn versions(db: &impl Db, client_id: i64) -> anyhow::Result<Vec<RuleVersion>> {
    let mut stmt = db.conn().prepare(&select_sql("WHERE client_id = ?1"))?;
    let mut rows = stmt.query([client_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(version_from_row(r).context("reading rule versions")?.1);
    }
    Ok(out)
}

/// Every client's rule versions, by client id.
pub fn all_versions(db: &impl Db) -> anyhow::Result<HashMap<i64, Vec<RuleVersion>>> {
    let mut stmt = db.conn().prepare(&select_sql(""))?;
    let mut rows = stmt.query([])?;
    let mut out: HashMap<i64, Vec<RuleVersion>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let (client, v) = version_from_row(r).context("reading rule versions")?;
        out.entry(client).or_default().push(v);
    }
    Ok(out)
}

/// Stores a new version; returns its id.
pub fn insert_version(
    tx: &Tx<'_>,
    client_id: i64,
    effective: Option<NaiveDate>,
    notified: Option<NaiveDate>,
    patch: &RulePatch,
    created_at: i64,
) -> anyhow::Result<i64> {
    let entries = patch.entries();
    let mut cols = vec!["client_id", "effective", "notified", "created_at"];
    cols.extend(entries.iter().map(|(n, _)| *n));
    let marks = (1..=cols.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    let sql = format!("INSERT INTO rule_versions ({}) VALUES ({marks})", cols.join(", "));
    let mut values: Vec<rusqlite::types::Value> = vec![
        client_id.into(),
        effective.map(|d| d.to_string()).into(),
        notified.map(|d| d.to_string()).into(),
        created_at.into(),
    ];
    values.extend(entries.into_iter().map(|(_, v)| v.into()));
    tx.conn().execute(&sql, params_from_iter(values))?;
    Ok(tx.conn().last_insert_rowid())
}

/// Replaces a version's rules and notice date (amending it).
pub fn update_version(
    tx: &Tx<'_>,
    id: i64,
    patch: &RulePatch,
    notified: Option<NaiveDate>,
) -> anyhow::Result<()> {
    let entries = patch.entries();
    let sets: Vec<String> = RULE_NAMES.iter().enumerate().map(|(i, n)| format!("{n} = ?{}", i + 3)).collect();
    let sql = format!("UPDATE rule_versions SET notified = ?2, {} WHERE id = ?1", sets.join(", "));
    let mut values: Vec<rusqlite::types::Value> = vec![id.into(), notified.map(|d| d.to_string()).into()];
    for name in RULE_NAMES {
        let v = entries.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
        values.push(v.into());
    }
    tx.conn().execute(&sql, params_from_iter(values))?;
    Ok(())
}

/// Sets the notice date of a version.
pub fn set_notified(tx: &Tx<'_>, id: i64, notified: NaiveDate) -> anyhow::Result<()> {
    tx.conn().execute("UPDATE rule_versions SET notified = ?2 WHERE id = ?1", params![id, notified])?;
    Ok(())
}
