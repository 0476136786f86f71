//! A server book's schema: found in the connection's current schema (the
//! first of its `search_path`, e.g. `?options=-csearch_path%3Dexpect`),
//! set up when that is empty, migrated in one transaction when older,
//! refused when newer or when it holds another program's tables, and
//! checked by `verify`.

use super::PgConn;
use crate::store::migrations::{seed, PG_MIGRATIONS, SCHEMA_VERSION, TABLES};
use crate::store::sql::Param;
use crate::store::{Access, StoreError};

/// Any key shared by the processes that might set up the same schema at
/// once: they take turns on this advisory lock.
const SETUP_LOCK: i64 = 0x4558_5043;

/// What the current schema holds.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    Empty,
    Book(i64),
    Other,
}

fn inspect(conn: &PgConn, at: &str) -> Result<Found, StoreError> {
    let schema = conn.first_column::<Option<String>>("SELECT CAST(current_schema() AS TEXT)", &[])?;
    let Some(schema) = schema.into_iter().next().flatten() else {
        return Err(StoreError::Server(format!(
            "{at}: the schema named by search_path does not exist; create it first (CREATE SCHEMA ...)"
        )));
    };
    let tables: Vec<String> = conn.first_column(
        "SELECT CAST(c.relname AS TEXT) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = ?1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')",
        &[Param::Text(&schema)],
    )?;
    if tables.is_empty() {
        return Ok(Found::Empty);
    }
    if !tables.iter().any(|t| t == "expect_schema") {
        return Ok(Found::Other);
    }
    let version: Vec<i64> =
        conn.first_column("SELECT version FROM expect_schema WHERE application = 'expect'", &[])?;
    Ok(version.first().map_or(Found::Other, |v| Found::Book(*v)))
}

/// The version of the book in the current schema, 0 when the schema is
/// empty; refused when it is newer than this build, broken, or another
/// program's.
fn version(conn: &PgConn, at: &str) -> Result<u32, StoreError> {
    match inspect(conn, at)? {
        Found::Empty => Ok(0),
        Found::Book(v) if v > i64::from(SCHEMA_VERSION) => {
            Err(StoreError::TooNew { at: at.to_string(), found: v, known: SCHEMA_VERSION })
        }
        Found::Book(v) if v < 1 => {
            Err(StoreError::NoSchema { at: at.to_string(), found: format!("expect_schema version {v}") })
        }
        Found::Book(v) => Ok(v as u32),
        Found::Other => Err(StoreError::ServerNotOurs(at.to_string())),
    }
}

/// Makes sure the server holds a current book: sets up an empty schema
/// and migrates an older one (each in one transaction, for a command that
/// may write), refuses anything else. The version it was brought up from,
/// if it was: 0 when it set the book up.
pub fn open(conn: &PgConn, at: &str, access: Access) -> Result<Option<u32>, StoreError> {
    let from = version(conn, at)?;
    if from == SCHEMA_VERSION {
        return Ok(None);
    }
    if from == 0 && access != Access::Create {
        return Err(StoreError::Empty(at.to_string()));
    }
    if from > 0 && access == Access::ReadOnly {
        return Err(StoreError::ReadOnly(format!(
            "{at} has schema {from} and needs upgrading to {SCHEMA_VERSION}; run any command that writes first"
        )));
    }
    conn.begin("BEGIN")?;
    let done = set_up(conn, at);
    match done {
        Ok(from) => conn.end("COMMIT").map(|()| Some(from)),
        Err(e) => {
            let _ = conn.end("ROLLBACK");
            Err(e)
        }
    }
}

/// Inside the setup transaction, once the lock is ours: what is there now
/// (another process may have set it up meanwhile) brought to the current
/// version.
fn set_up(conn: &PgConn, at: &str) -> Result<u32, StoreError> {
    conn.execute("SELECT pg_advisory_xact_lock(?1)", &[Param::Int(SETUP_LOCK)])?;
    let from = version(conn, at)?;
    for (i, sql) in PG_MIGRATIONS.iter().enumerate().skip(from as usize) {
        let version = i as u32 + 1;
        let step = |e: StoreError| e.during(format!("applying schema step {version} to {at}"));
        conn.batch(sql).map_err(step)?;
        if let Some((sql, param)) = seed(version) {
            let params: Vec<Param<'_>> = param.iter().map(|p| Param::Text(p)).collect();
            conn.execute(sql, &params).map_err(step)?;
        }
        if version == 1 {
            conn.execute("INSERT INTO expect_schema (application, version) VALUES ('expect', 1)", &[])
                .map_err(step)?;
        } else {
            conn.execute("UPDATE expect_schema SET version = ?1", &[Param::Int(i64::from(version))])
                .map_err(step)?;
        }
    }
    Ok(from)
}

/// What `verify` finds wrong with the server's book: missing tables or
/// indexes (the server itself keeps the rows consistent with the schema's
/// keys and checks).
pub fn verify(conn: &PgConn) -> Result<Vec<String>, StoreError> {
    let have: Vec<String> = conn.first_column(
        "SELECT CAST(c.relname AS TEXT) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 'p')",
        &[],
    )?;
    let mut problems = Vec::new();
    for want in TABLES.iter().copied().chain(["expect_schema"]) {
        if !have.iter().any(|t| t == want) {
            problems.push(format!("table {want} is missing"));
        }
    }
    for want in indexes() {
        if !have.iter().any(|t| t == want) {
            problems.push(format!("index {want} is missing"));
        }
    }
    let invalid: Vec<String> = conn.first_column(
        "SELECT CAST(c.relname AS TEXT) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND NOT i.indisvalid",
        &[],
    )?;
    problems.extend(invalid.into_iter().map(|i| format!("index {i} is invalid (REINDEX it)")));
    Ok(problems)
}

/// The names of the indexes the schema files create (a step may drop one
/// and create it again, changed).
fn indexes() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for line in PG_MIGRATIONS.iter().flat_map(|sql| sql.lines()) {
        if let Some(rest) = line.strip_prefix("DROP INDEX ") {
            let name = rest.trim_end_matches(';').trim();
            names.retain(|n| *n != name);
        } else if let Some(rest) =
            line.strip_prefix("CREATE UNIQUE INDEX ").or_else(|| line.strip_prefix("CREATE INDEX "))
        {
            names.extend(rest.split_whitespace().next());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_index_of_the_schema_is_known_to_verify() {
        let names = super::indexes();
        assert!(names.contains(&"invoices_open_due") && names.contains(&"messages_message_id"), "{names:?}");
        assert_eq!(names.len(), 29, "{names:?}");
    }
}
