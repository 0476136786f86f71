//! Clients and their contacts.

use std::ops::Deref;

use super::records::{ClientRecord, ContactRecord, Insert};
use super::sql::{p, Row};
use super::{conn, Db, StoreError, Tx};
use crate::values::Currency;

/// A client as stored, with its manager's handle and its currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRow {
    pub record: ClientRecord,
    /// The manager's handle.
    pub manager: String,
    /// The currency of its amounts.
    pub currency: Currency,
}

impl Deref for ClientRow {
    type Target = ClientRecord;
    fn deref(&self) -> &ClientRecord {
        &self.record
    }
}

fn client_sql(filter: &str) -> String {
    format!(
        "SELECT {}, mb.handle FROM clients c JOIN members mb ON mb.id = c.manager_id {filter}",
        ClientRecord::COLUMNS
    )
}

fn client_row(r: &Row<'_>) -> Result<ClientRow, StoreError> {
    Ok(ClientRow { record: ClientRecord::from_row(r, 0)?, manager: r.get(7)?, currency: r.get(4)? })
}

/// Looks a client up by handle.
pub fn client_by_handle(db: &impl Db, handle: &str) -> Result<Option<ClientRow>, StoreError> {
    conn(db).opt(&client_sql("WHERE c.handle = ?1"), p![handle], client_row)
}

/// Looks a client up by id.
pub fn client_by_id(db: &impl Db, id: i64) -> Result<Option<ClientRow>, StoreError> {
    conn(db).opt(&client_sql("WHERE c.id = ?1"), p![id], client_row)
}

/// Every client by handle; archived ones too with `all`.
pub fn clients(db: &impl Db, all: bool) -> Result<Vec<ClientRow>, StoreError> {
    conn(db).all(&client_sql("WHERE (?1 = 1 OR c.archived = 0) ORDER BY c.handle"), p![all], client_row)
}

/// Whether a client has invoices, phases or a contract rate on record.
pub fn amounts_on_record(db: &impl Db, client_id: i64) -> Result<bool, StoreError> {
    conn(db).one(
        "SELECT EXISTS (SELECT 1 FROM invoices WHERE client_id = ?1) \
             OR EXISTS (SELECT 1 FROM phases ph JOIN projects pj ON pj.id = ph.project_id WHERE pj.client_id = ?1) \
             OR EXISTS (SELECT 1 FROM contracts WHERE client_id = ?1 AND rate IS NOT NULL)",
        p![client_id],
        |r| r.get(0),
    )
}

/// Adds a client (its `id` is ignored); returns the new id.
pub fn insert_client(tx: &Tx<'_>, client: &ClientRecord) -> Result<i64, StoreError> {
    client.insert(tx)
}

/// Changes a client's name, manager and currency.
pub fn update_client(
    tx: &Tx<'_>,
    id: i64,
    name: &str,
    manager_id: i64,
    currency: Currency,
) -> Result<(), StoreError> {
    conn(tx).execute(
        "UPDATE clients SET name = ?2, manager_id = ?3, currency = ?4 WHERE id = ?1",
        p![id, name, manager_id, currency],
    )?;
    Ok(())
}

/// Archives or restores a client.
pub fn set_archived(tx: &Tx<'_>, id: i64, archived: bool) -> Result<(), StoreError> {
    conn(tx).execute("UPDATE clients SET archived = ?2 WHERE id = ?1", p![id, archived])?;
    Ok(())
}

fn contact_sql(filter: &str) -> String {
    format!("SELECT {} FROM contacts k WHERE {filter}", ContactRecord::COLUMNS)
}

/// A client's contacts, the primary first.
pub fn contacts(db: &impl Db, client_id: i64) -> Result<Vec<ContactRecord>, StoreError> {
    conn(db).all(&contact_sql("k.client_id = ?1 ORDER BY k.is_primary DESC, k.id"), p![client_id], |r| {
        ContactRecord::from_row(r, 0)
    })
}

/// A client's primary contact, if one is named.
pub fn primary_contact(db: &impl Db, client_id: i64) -> Result<Option<ContactRecord>, StoreError> {
    conn(db).opt(&contact_sql("k.client_id = ?1 AND k.is_primary = 1"), p![client_id], |r| {
        ContactRecord::from_row(r, 0)
    })
}

/// Finds a client's contact by e-mail (case-insensitive) when one is given,
/// else by name (case-insensitive).
pub fn find_contact(
    db: &impl Db,
    client_id: i64,
    name: Option<&str>,
    email: Option<&str>,
) -> Result<Option<ContactRecord>, StoreError> {
    let from = |r: &Row<'_>| ContactRecord::from_row(r, 0);
    if let Some(e) = email {
        let key = ContactRecord::email_key(Some(e));
        let found = conn(db).opt(
            &contact_sql("k.client_id = ?1 AND k.email_key = ?2 ORDER BY k.id"),
            p![client_id, key],
            from,
        )?;
        if found.is_some() || name.is_none() {
            return Ok(found);
        }
    }
    let Some(n) = name else { return Ok(None) };
    // Names are compared case-folded by expect, not by the engine (whose
    // lower() differs between SQLite and a server's locale).
    let sql = if email.is_some() {
        contact_sql("k.client_id = ?1 AND k.name IS NOT NULL AND k.email IS NULL ORDER BY k.id")
    } else {
        contact_sql("k.client_id = ?1 AND k.name IS NOT NULL ORDER BY k.id")
    };
    let want = n.to_lowercase();
    let contacts = conn(db).all(&sql, p![client_id], from)?;
    Ok(contacts.into_iter().find(|k| k.name.as_deref().is_some_and(|name| name.to_lowercase() == want)))
}

/// Adds a contact (its `id` is ignored); a new primary contact takes over
/// from the old one. Returns the new id.
pub fn insert_contact(tx: &Tx<'_>, contact: &ContactRecord) -> Result<i64, StoreError> {
    if contact.primary {
        conn(tx).execute(
            "UPDATE contacts SET is_primary = 0 WHERE client_id = ?1 AND is_primary = 1",
            p![contact.client_id],
        )?;
    }
    contact.insert(tx)
}

/// Stores what is newly known of a contact (`name`, `role` and `phone`
/// replace, an `email` only fills a missing one) and makes it the primary
/// when `primary`.
pub fn update_contact(
    tx: &Tx<'_>,
    existing: &ContactRecord,
    name: Option<&str>,
    email: Option<&str>,
    primary: bool,
    role: Option<&str>,
    phone: Option<&str>,
) -> Result<(), StoreError> {
    if primary && !existing.primary {
        conn(tx).execute(
            "UPDATE contacts SET is_primary = 0 WHERE client_id = ?1 AND is_primary = 1",
            p![existing.client_id],
        )?;
    }
    let email = existing.email.as_deref().or(email);
    conn(tx).execute(
        "UPDATE contacts SET name = coalesce(?2, name), email = ?3, email_key = ?4, \
         is_primary = CASE WHEN ?5 = 1 THEN 1 ELSE is_primary END, role = coalesce(?6, role), phone = coalesce(?7, phone) WHERE id = ?1",
        p![existing.id, name, email, ContactRecord::email_key(email), primary, role, phone],
    )?;
    Ok(())
}

/// A contact by id.
pub fn contact_by_id(db: &impl Db, id: i64) -> Result<Option<ContactRecord>, StoreError> {
    conn(db).opt(&contact_sql("k.id = ?1"), p![id], |r| ContactRecord::from_row(r, 0))
}

/// Active clients that have no primary contact: `(handle, name, created_at)`.
pub fn clients_without_primary(
    db: &impl Db,
    client: Option<i64>,
) -> Result<Vec<(String, String, i64)>, StoreError> {
    conn(db).all(
        "SELECT c.handle, c.name, c.created_at FROM clients c WHERE c.archived = 0 AND (c.id = ?1 OR ?1 IS NULL) \
         AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.client_id = c.id AND k.is_primary = 1) ORDER BY c.handle",
        p![client],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(client_id: i64, name: Option<&str>, email: Option<&str>, primary: bool) -> ContactRecord {
        ContactRecord {
            id: 0,
            client_id,
            name: name.map(Into::into),
            email: email.map(Into::into),
            primary,
            role: None,
            phone: None,
        }
    }

    #[test]
    fn clients_and_contacts() {
        let mut store = crate::store::testing::store();
        let client = ClientRecord {
            id: 0,
            handle: "acme".into(),
            name: "Acme Corp".into(),
            manager_id: 1,
            currency: "USD".into(),
            archived: false,
            created_at: 100,
        };
        let (id, jane, bob) = store
            .write(|tx| {
                let id = insert_client(tx, &client)?;
                let jane =
                    insert_contact(tx, &contact(id, Some("Jane Doe"), Some("Jane@Acme.example"), true))?;
                let bob = insert_contact(tx, &contact(id, Some("Bob"), None, false))?;
                Ok::<_, StoreError>((id, jane, bob))
            })
            .unwrap();
        let db = store.read();
        let row = client_by_handle(&db, "acme").unwrap().unwrap();
        assert_eq!((row.id, row.manager.as_str(), row.created_at), (id, "me", 100));
        assert_eq!(client_by_id(&db, id).unwrap().map(|c| c.handle.clone()), Some("acme".into()));
        assert_eq!(find_contact(&db, id, None, Some("jane@ACME.example")).unwrap().map(|c| c.id), Some(jane));
        assert_eq!(find_contact(&db, id, Some("BOB"), None).unwrap().map(|c| c.id), Some(bob));
        assert_eq!(find_contact(&db, id, None, Some("x@acme.example")).unwrap(), None);
        assert_eq!(primary_contact(&db, id).unwrap().map(|c| c.id), Some(jane));
        assert!(clients_without_primary(&db, None).unwrap().is_empty());
        // A new primary takes over; an update fills in a missing e-mail only.
        store
            .write(|tx| {
                let b = contact_by_id(tx, bob)?.unwrap();
                update_contact(tx, &b, None, Some("bob@acme.example"), true, Some("cto"), None)
            })
            .unwrap();
        let db = store.read();
        let all = contacts(&db, id).unwrap();
        assert_eq!(all.iter().map(|c| (c.id, c.primary)).collect::<Vec<_>>(), [(bob, true), (jane, false)]);
        assert_eq!(all[0].email.as_deref(), Some("bob@acme.example"));
        assert_eq!(all[0].role.as_deref(), Some("cto"));
        assert_eq!(clients(&db, false).unwrap().len(), 1);
        store.write(|tx| set_archived(tx, id, true)).unwrap();
        assert!(clients(&store.read(), false).unwrap().is_empty());
        assert_eq!(clients(&store.read(), true).unwrap().len(), 1);
    }
}
