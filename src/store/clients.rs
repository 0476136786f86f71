//! Clients and their contacts.

use rusqlite::{params, OptionalExtension as _, Row};

use super::{Db, Tx};

/// A client as stored, with its manager's handle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRow {
    pub id: i64,
    pub handle: String,
    pub name: String,
    pub manager_id: i64,
    pub manager: String,
    pub currency: String,
    pub archived: bool,
}

const CLIENT_COLUMNS: &str =
    "c.id, c.handle, c.name, c.manager_id, m.handle AS manager, c.currency, c.archived \
     FROM clients c JOIN members m ON m.id = c.manager_id";

impl ClientRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(ClientRow {
            id: r.get("id")?,
            handle: r.get("handle")?,
            name: r.get("name")?,
            manager_id: r.get("manager_id")?,
            manager: r.get("manager")?,
            currency: r.get("currency")?,
            archived: r.get("archived")?,
        })
    }
}

/// A contact (a person at the client) as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRow {
    pub id: i64,
    pub client_id: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub primary: bool,
    pub role: Option<String>,
    pub phone: Option<String>,
}

impl ContactRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(ContactRow {
            id: r.get("id")?,
            client_id: r.get("client_id")?,
            name: r.get("name")?,
            email: r.get("email")?,
            primary: r.get("is_primary")?,
            role: r.get("role")?,
            phone: r.get("phone")?,
        })
    }

    /// `Jane Doe <jane@acme.example>`, or whichever part is known.
    pub fn display(&self) -> String {
        match (&self.name, &self.email) {
            (Some(n), Some(e)) => format!("{n} <{e}>"),
            (Some(n), None) => n.clone(),
            (None, Some(e)) => e.clone(),
            (None, None) => String::new(),
        }
    }
}

/// A contact to add.
#[derive(Debug, Clone, Default)]
pub struct NewContact<'a> {
    pub name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub primary: bool,
    pub role: Option<&'a str>,
    pub phone: Option<&'a str>,
}

/// Looks a client up by handle.
pub fn client_by_handle(db: &impl Db, handle: &str) -> anyhow::Result<Option<ClientRow>> {
    Ok(db
        .conn()
        .query_row(&format!("SELECT {CLIENT_COLUMNS} WHERE c.handle = ?1"), [handle], ClientRow::from_row)
        .optional()?)
}

/// Every client by handle; archived ones too with `all`.
pub fn clients(db: &impl Db, all: bool) -> anyhow::Result<Vec<ClientRow>> {
    let sql = format!("SELECT {CLIENT_COLUMNS} WHERE ?1 OR NOT c.archived ORDER BY c.handle");
    let mut stmt = db.conn().prepare(&sql)?;
    let rows = stmt.query_map([all], ClientRow::from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Adds a client; returns its id.
pub fn insert_client(
    tx: &Tx<'_>,
    handle: &str,
    name: &str,
    manager_id: i64,
    currency: &str,
    created_at: i64,
) -> anyhow::Result<i64> {
    tx.conn().execute(
        "INSERT INTO clients (handle, name, manager_id, currency, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![handle, name, manager_id, currency, created_at],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

/// Changes a client's name, manager and currency.
pub fn update_client(
    tx: &Tx<'_>,
    id: i64,
    name: &str,
    manager_id: i64,
    currency: &str,
) -> anyhow::Result<()> {
    tx.conn().execute(
        "UPDATE clients SET name = ?2, manager_id = ?3, currency = ?4 WHERE id = ?1",
        params![id, name, manager_id, currency],
    )?;
    Ok(())
}

/// Archives or restores a client.
pub fn set_archived(tx: &Tx<'_>, id: i64, archived: bool) -> anyhow::Result<()> {
    tx.conn().execute("UPDATE clients SET archived = ?2 WHERE id = ?1", params![id, archived])?;
    Ok(())
}

/// A client's contacts, the primary first.
pub fn contacts(db: &impl Db, client_id: i64) -> anyhow::Result<Vec<ContactRow>> {
    let mut stmt = db.conn().prepare(
        "SELECT id, client_id, name, email, is_primary, role, phone FROM contacts \
         WHERE client_id = ?1 ORDER BY is_primary DESC, id",
    )?;
    let rows = stmt.query_map([client_id], ContactRow::from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Finds a client's contact by e-mail (case-insensitive) when one is given,
/// else by name (case-insensitive).
pub fn find_contact(
    db: &impl Db,
    client_id: i64,
    name: Option<&str>,
    email: Option<&str>,
) -> anyhow::Result<Option<ContactRow>> {
    let sql =
        "SELECT id, client_id, name, email, is_primary, role, phone FROM contacts WHERE client_id = ?1 AND ";
    let found = if let Some(e) = email {
        db.conn()
            .query_row(
                &format!("{sql} email_key = lower(?2) ORDER BY id LIMIT 1"),
                params![client_id, e],
                ContactRow::from_row,
            )
            .optional()?
    } else {
        None
    };
    if found.is_some() || email.is_some() && found.is_none() && name.is_none() {
        return Ok(found);
    }
    let Some(n) = name else { return Ok(None) };
    Ok(db
        .conn()
        .query_row(
            &format!(
                "{sql} lower(name) = lower(?2) {} ORDER BY id LIMIT 1",
                if email.is_some() { "AND email IS NULL" } else { "" }
            ),
            params![client_id, n],
            ContactRow::from_row,
        )
        .optional()?)
}

/// Adds a contact; a new primary contact takes over from the old one.
pub fn insert_contact(tx: &Tx<'_>, client_id: i64, c: &NewContact<'_>) -> anyhow::Result<i64> {
    if c.primary {
        tx.conn()
            .execute("UPDATE contacts SET is_primary = 0 WHERE client_id = ?1 AND is_primary", [client_id])?;
    }
    tx.conn().execute(
        "INSERT INTO contacts (client_id, name, email, email_key, is_primary, role, phone) \
         VALUES (?1, ?2, ?3, lower(?3), ?4, ?5, ?6)",
        params![client_id, c.name, c.email, c.primary, c.role, c.phone],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

/// Updates an existing contact with what is newly known, and makes it the
/// primary when asked.
pub fn update_contact(tx: &Tx<'_>, existing: &ContactRow, c: &NewContact<'_>) -> anyhow::Result<()> {
    if c.primary && !existing.primary {
        tx.conn().execute(
            "UPDATE contacts SET is_primary = 0 WHERE client_id = ?1 AND is_primary",
            [existing.client_id],
        )?;
    }
    tx.conn().execute(
        "UPDATE contacts SET name = coalesce(?2, name), email = coalesce(email, ?3), email_key = lower(coalesce(email, ?3)), \
         is_primary = is_primary OR ?4, role = coalesce(?5, role), phone = coalesce(?6, phone) WHERE id = ?1",
        params![existing.id, c.name, c.email, c.primary, c.role, c.phone],
    )?;
    Ok(())
}

/// Active clients that have no primary contact: `(handle, name, created_at)`.
pub fn clients_without_primary(
    db: &impl Db,
    client: Option<i64>,
) -> anyhow::Result<Vec<(String, String, i64)>> {
    let mut stmt = db.conn().prepare(
        "SELECT c.handle, c.name, c.created_at FROM clients c WHERE NOT c.archived AND (?1 IS NULL OR c.id = ?1) \
         AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.client_id = c.id AND k.is_primary) ORDER BY c.handle",
    )?;
    let rows = stmt
        .query_map([client], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// How many of the client's invoices still have a principal balance.
pub fn unsettled_invoices(db: &impl Db, client_id: i64) -> anyhow::Result<i64> {
    Ok(db.conn().query_row(
        "SELECT count(*) FROM invoices WHERE client_id = ?1 AND settled_on IS NULL AND voided_at IS NULL",
        [client_id],
        |r| r.get(0),
    )?)
}
