//! Projects and their ordered phases (milestone payments), and what the
//! `unpaid-phase` flag needs to know about them.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension as _};

use super::{Db, Tx};
use crate::values::Money;

/// A project, with its client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRow {
    pub id: i64,
    pub client_id: i64,
    pub client: String,
    pub name: String,
}

/// A phase of a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhaseRow {
    pub id: i64,
    pub project_id: i64,
    pub position: i64,
    pub name: String,
    pub amount: Money,
    pub started_on: Option<NaiveDate>,
}

/// Projects named `name` (of one client, or any).
pub fn projects_named(db: &impl Db, name: &str, client: Option<i64>) -> anyhow::Result<Vec<ProjectRow>> {
    let mut stmt = db.conn().prepare(
        "SELECT p.id, p.client_id, c.handle, p.name FROM projects p JOIN clients c ON c.id = p.client_id \
         WHERE p.name = ?1 AND (?2 IS NULL OR p.client_id = ?2) ORDER BY c.handle",
    )?;
    let rows = stmt
        .query_map(params![name, client], |r| {
            Ok(ProjectRow { id: r.get(0)?, client_id: r.get(1)?, client: r.get(2)?, name: r.get(3)? })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Every project (of one client, or all), by client handle and name.
pub fn all_projects(db: &impl Db, client: Option<i64>) -> anyhow::Result<Vec<ProjectRow>> {
    let mut stmt = db.conn().prepare(
        "SELECT p.id, p.client_id, c.handle, p.name FROM projects p JOIN clients c ON c.id = p.client_id \
         WHERE ?1 IS NULL OR p.client_id = ?1 ORDER BY c.handle, p.name",
    )?;
    let rows = stmt
        .query_map(params![client], |r| {
            Ok(ProjectRow { id: r.get(0)?, client_id: r.get(1)?, client: r.get(2)?, name: r.get(3)? })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Adds a project; returns its id.
pub fn insert_project(tx: &Tx<'_>, client_id: i64, name: &str) -> anyhow::Result<i64> {
    tx.conn().execute("INSERT INTO projects (client_id, name) VALUES (?1, ?2)", params![client_id, name])?;
    Ok(tx.conn().last_insert_rowid())
}

/// Adds a phase at `position` (from 1); returns its id.
pub fn insert_phase(
    tx: &Tx<'_>,
    project_id: i64,
    position: i64,
    name: &str,
    amount: Money,
) -> anyhow::Result<i64> {
    tx.conn().execute(
        "INSERT INTO phases (project_id, position, name, amount) VALUES (?1, ?2, ?3, ?4)",
        params![project_id, position, name, amount.0],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

fn phase_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PhaseRow> {
    Ok(PhaseRow {
        id: r.get(0)?,
        project_id: r.get(1)?,
        position: r.get(2)?,
        name: r.get(3)?,
        amount: Money(r.get(4)?),
        started_on: r.get(5)?,
    })
}

/// A project's phases, in order.
pub fn phases(db: &impl Db, project_id: i64) -> anyhow::Result<Vec<PhaseRow>> {
    let mut stmt = db.conn().prepare(
        "SELECT id, project_id, position, name, amount, started_on FROM phases WHERE project_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([project_id], phase_from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The phase `name` of a project.
pub fn phase_named(db: &impl Db, project_id: i64, name: &str) -> anyhow::Result<Option<PhaseRow>> {
    Ok(db
        .conn()
        .query_row(
            "SELECT id, project_id, position, name, amount, started_on FROM phases WHERE project_id = ?1 AND name = ?2",
            params![project_id, name],
            phase_from_row,
        )
        .optional()?)
}

/// Records the day a phase started.
pub fn set_started(tx: &Tx<'_>, phase_id: i64, on: NaiveDate) -> anyhow::Result<()> {
    tx.conn().execute("UPDATE phases SET started_on = ?2 WHERE id = ?1", params![phase_id, on])?;
    Ok(())
}

/// For each invoice of a phase issued on or before `as_of` and not void, the
/// day its principal was settled (if it was).
pub fn phase_settlements(
    db: &impl Db,
    phase_id: i64,
    as_of: NaiveDate,
) -> anyhow::Result<Vec<Option<NaiveDate>>> {
    let mut stmt = db.conn().prepare_cached(
        "SELECT settled_on FROM invoices WHERE phase_id = ?1 AND voided_at IS NULL AND issued <= ?2",
    )?;
    let rows = stmt.query_map(params![phase_id, as_of], |r| r.get(0))?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// A started phase after the first, with the phase before it.
#[derive(Debug, Clone)]
pub struct StartedPhase {
    pub client_id: i64,
    pub client: String,
    pub project: String,
    pub phase: String,
    pub started_on: NaiveDate,
    pub previous_id: i64,
    pub previous: String,
}

/// Phases after the first started on or before `as_of`, of active clients
/// (one client, or all).
pub fn started_phases(
    db: &impl Db,
    client: Option<i64>,
    as_of: NaiveDate,
) -> anyhow::Result<Vec<StartedPhase>> {
    let mut stmt = db.conn().prepare(
        "SELECT c.id, c.handle, p.name, ph.name, ph.started_on, prev.id, prev.name \
           FROM phases ph JOIN projects p ON p.id = ph.project_id JOIN clients c ON c.id = p.client_id \
           JOIN phases prev ON prev.project_id = ph.project_id AND prev.position = ph.position - 1 \
          WHERE ph.started_on IS NOT NULL AND ph.started_on <= ?2 AND NOT c.archived \
            AND (?1 IS NULL OR c.id = ?1) \
          ORDER BY c.handle, p.name, ph.position",
    )?;
    let rows = stmt
        .query_map(params![client, as_of], |r| {
            Ok(StartedPhase {
                client_id: r.get(0)?,
                client: r.get(1)?,
                project: r.get(2)?,
                phase: r.get(3)?,
                started_on: r.get(4)?,
                previous_id: r.get(5)?,
                previous: r.get(6)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
