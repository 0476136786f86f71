//! Projects and their ordered phases (milestone payments), and what the
//! `unpaid-phase` flag needs to know about them.

use std::ops::Deref;

use chrono::NaiveDate;

use super::records::{PhaseRecord, ProjectRecord};
use super::sql::{p, Row};
use super::{conn, Db, StoreError, Tx};

/// A project, with its client's handle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRow {
    pub record: ProjectRecord,
    pub client: String,
    /// The client's currency: its phases' amounts are in it.
    pub currency: crate::values::Currency,
}

impl Deref for ProjectRow {
    type Target = ProjectRecord;
    fn deref(&self) -> &ProjectRecord {
        &self.record
    }
}

fn project_sql(filter: &str) -> String {
    format!(
        "SELECT {}, c.handle, c.currency FROM projects pj JOIN clients c ON c.id = pj.client_id {filter}",
        ProjectRecord::COLUMNS
    )
}

fn project_row(r: &Row<'_>) -> Result<ProjectRow, StoreError> {
    Ok(ProjectRow { record: ProjectRecord::from_row(r, 0)?, client: r.get(3)?, currency: r.get(4)? })
}

/// Projects named `name` (of one client, or any), by client handle.
pub fn projects_named(db: &impl Db, name: &str, client: Option<i64>) -> Result<Vec<ProjectRow>, StoreError> {
    let sql = project_sql("WHERE pj.name = ?1 AND (pj.client_id = ?2 OR ?2 IS NULL) ORDER BY c.handle");
    conn(db).all(&sql, p![name, client], project_row)
}

/// Every project (of one client, or all), by client handle and name.
pub fn all_projects(db: &impl Db, client: Option<i64>) -> Result<Vec<ProjectRow>, StoreError> {
    let sql = project_sql("WHERE pj.client_id = ?1 OR ?1 IS NULL ORDER BY c.handle, pj.name");
    conn(db).all(&sql, p![client], project_row)
}

/// Whether a client has any project.
pub fn has_projects(db: &impl Db, client_id: i64) -> Result<bool, StoreError> {
    Ok(conn(db).opt("SELECT 1 FROM projects WHERE client_id = ?1", p![client_id], |_| Ok(()))?.is_some())
}

/// Adds a project; returns its id.
pub fn insert_project(tx: &Tx<'_>, client_id: i64, name: &str) -> Result<i64, StoreError> {
    ProjectRecord { id: 0, client_id, name: name.to_string() }.insert(tx, false)
}

/// Adds a phase (its `id` is ignored); returns the new id.
pub fn insert_phase(tx: &Tx<'_>, phase: &PhaseRecord) -> Result<i64, StoreError> {
    phase.insert(tx, false)
}

fn phase_sql(filter: &str) -> String {
    format!("SELECT {}, c.currency FROM {} WHERE {filter}", PhaseRecord::COLUMNS, PhaseRecord::FROM)
}

/// A project's phases, in order.
pub fn phases(db: &impl Db, project_id: i64) -> Result<Vec<PhaseRecord>, StoreError> {
    conn(db).all(&phase_sql("ph.project_id = ?1 ORDER BY ph.position"), p![project_id], |r| {
        PhaseRecord::from_row(r, 0)
    })
}

/// The phase `name` of a project.
pub fn phase_named(db: &impl Db, project_id: i64, name: &str) -> Result<Option<PhaseRecord>, StoreError> {
    conn(db).opt(&phase_sql("ph.project_id = ?1 AND ph.name = ?2"), p![project_id, name], |r| {
        PhaseRecord::from_row(r, 0)
    })
}

/// Records the day a phase started.
pub fn set_started(tx: &Tx<'_>, phase_id: i64, on: NaiveDate) -> Result<(), StoreError> {
    conn(tx).execute("UPDATE phases SET started_on = ?2 WHERE id = ?1", p![phase_id, on])?;
    Ok(())
}

/// For each invoice of a phase issued on or before `as_of` and not void, the
/// day its principal was settled (if it was).
pub fn phase_settlements(
    db: &impl Db,
    phase_id: i64,
    as_of: NaiveDate,
) -> Result<Vec<Option<NaiveDate>>, StoreError> {
    conn(db).all(
        "SELECT settled_on FROM invoices WHERE phase_id = ?1 AND voided_at IS NULL AND issued <= ?2",
        p![phase_id, as_of],
        |r| r.get(0),
    )
}

/// A started phase after the first, with the phase before it.
#[derive(Debug, Clone, PartialEq, Eq)]
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
) -> Result<Vec<StartedPhase>, StoreError> {
    conn(db).all(
        "SELECT c.id, c.handle, pj.name, ph.name, ph.started_on, prev.id, prev.name \
           FROM phases ph JOIN projects pj ON pj.id = ph.project_id JOIN clients c ON c.id = pj.client_id \
           JOIN phases prev ON prev.project_id = ph.project_id AND prev.position = ph.position - 1 \
          WHERE ph.started_on IS NOT NULL AND ph.started_on <= ?2 AND c.archived = 0 \
            AND (c.id = ?1 OR ?1 IS NULL) \
          ORDER BY c.handle, pj.name, ph.position",
        p![client, as_of],
        |r| {
            Ok(StartedPhase {
                client_id: r.get(0)?,
                client: r.get(1)?,
                project: r.get(2)?,
                phase: r.get(3)?,
                started_on: r.get(4)?,
                previous_id: r.get(5)?,
                previous: r.get(6)?,
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Money;

    #[test]
    fn projects_phases_and_starts() {
        let mut store = crate::store::testing::store();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let (client, build) = store
            .write(|tx| {
                let client = crate::store::testing::client(tx, "globex")?;
                let project = insert_project(tx, client, "website")?;
                let phase = |position: i64, name: &str| PhaseRecord {
                    id: 0,
                    project_id: project,
                    position,
                    name: name.into(),
                    amount: crate::values::Decimal::of(Money(200_000), crate::values::Currency::USD),
                    started_on: None,
                };
                insert_phase(tx, &phase(1, "design"))?;
                let build = insert_phase(tx, &phase(2, "build"))?;
                set_started(tx, build, d("2026-11-20"))?;
                Ok::<_, StoreError>((client, build))
            })
            .unwrap();
        let db = store.read();
        let found = projects_named(&db, "website", None).unwrap();
        assert_eq!((found.len(), found[0].client.as_str()), (1, "globex"));
        assert!(has_projects(&db, client).unwrap());
        let names: Vec<String> = phases(&db, found[0].id).unwrap().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["design", "build"]);
        assert_eq!(phase_named(&db, found[0].id, "build").unwrap().map(|p| p.id), Some(build));
        let started = started_phases(&db, None, d("2026-11-27")).unwrap();
        assert_eq!(
            started.iter().map(|s| (s.phase.as_str(), s.previous.as_str())).collect::<Vec<_>>(),
            [("build", "design")]
        );
        assert!(started_phases(&db, None, d("2026-11-19")).unwrap().is_empty());
        assert!(phase_settlements(&db, started[0].previous_id, d("2026-11-27")).unwrap().is_empty());
        assert_eq!(all_projects(&db, Some(client)).unwrap().len(), 1);
    }
}
