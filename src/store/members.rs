//! Team members: your side of every client.

use rusqlite::{params, OptionalExtension as _, Row};
use serde::Serialize;

use super::{Db, Tx};

/// A member as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberRow {
    #[serde(skip)]
    pub id: i64,
    pub handle: String,
    pub name: String,
    pub email: Option<String>,
}

impl MemberRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(MemberRow {
            id: r.get("id")?,
            handle: r.get("handle")?,
            name: r.get("name")?,
            email: r.get("email")?,
        })
    }
}

/// Looks a member up by handle.
pub fn member_by_handle(db: &impl Db, handle: &str) -> anyhow::Result<Option<MemberRow>> {
    Ok(db
        .conn()
        .query_row(
            "SELECT id, handle, name, email FROM members WHERE handle = ?1",
            [handle],
            MemberRow::from_row,
        )
        .optional()?)
}

/// Looks a member up by id.
pub fn member_by_id(db: &impl Db, id: i64) -> anyhow::Result<MemberRow> {
    Ok(db.conn().query_row(
        "SELECT id, handle, name, email FROM members WHERE id = ?1",
        [id],
        MemberRow::from_row,
    )?)
}

/// Every member, by handle.
pub fn members(db: &impl Db) -> anyhow::Result<Vec<MemberRow>> {
    let mut stmt = db.conn().prepare("SELECT id, handle, name, email FROM members ORDER BY handle")?;
    let rows = stmt.query_map([], MemberRow::from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Adds a member and returns it.
pub fn insert_member(
    tx: &Tx<'_>,
    handle: &str,
    name: &str,
    email: Option<&str>,
) -> anyhow::Result<MemberRow> {
    tx.conn().execute(
        "INSERT INTO members (handle, name, email) VALUES (?1, ?2, ?3)",
        params![handle, name, email],
    )?;
    let id = tx.conn().last_insert_rowid();
    Ok(MemberRow { id, handle: handle.into(), name: name.into(), email: email.map(Into::into) })
}

/// Sets a member's name and e-mail.
pub fn update_member(tx: &Tx<'_>, id: i64, name: &str, email: Option<&str>) -> anyhow::Result<()> {
    tx.conn().execute("UPDATE members SET name = ?2, email = ?3 WHERE id = ?1", params![id, name, email])?;
    Ok(())
}

impl super::Store {
    /// Convenience for read-only commands.
    pub fn members(&self) -> anyhow::Result<Vec<MemberRow>> {
        members(&self.read())
    }
}
