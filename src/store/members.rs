//! Team members: your side of every client.

use super::records::MemberRecord;
use super::sql::p;
use super::{conn, Db, StoreError, Tx};

fn select(filter: &str) -> String {
    format!("SELECT {} FROM members mb {filter}", MemberRecord::COLUMNS)
}

/// Looks a member up by handle.
pub fn member_by_handle(db: &impl Db, handle: &str) -> Result<Option<MemberRecord>, StoreError> {
    conn(db).opt(&select("WHERE mb.handle = ?1"), p![handle], |r| MemberRecord::from_row(r, 0))
}

/// Looks a member up by id.
pub fn member_by_id(db: &impl Db, id: i64) -> Result<Option<MemberRecord>, StoreError> {
    conn(db).opt(&select("WHERE mb.id = ?1"), p![id], |r| MemberRecord::from_row(r, 0))
}

/// Every member, by handle.
pub fn members(db: &impl Db) -> Result<Vec<MemberRecord>, StoreError> {
    conn(db).all(&select("ORDER BY mb.handle"), p![], |r| MemberRecord::from_row(r, 0))
}

/// Adds a member and returns it with its id.
pub fn insert_member(
    tx: &Tx<'_>,
    handle: &str,
    name: &str,
    email: Option<&str>,
) -> Result<MemberRecord, StoreError> {
    let mut m =
        MemberRecord { id: 0, handle: handle.into(), name: name.into(), email: email.map(Into::into) };
    m.id = m.insert(tx, false)?;
    Ok(m)
}

/// Sets a member's name and e-mail.
pub fn update_member(tx: &Tx<'_>, id: i64, name: &str, email: Option<&str>) -> Result<(), StoreError> {
    conn(tx).execute("UPDATE members SET name = ?2, email = ?3 WHERE id = ?1", p![id, name, email])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_added_found_and_updated() {
        let mut store = crate::store::testing::store();
        let sam = store.write(|tx| insert_member(tx, "sam", "Sam Lee", Some("sam@studio.example"))).unwrap();
        let db = store.read();
        assert_eq!(member_by_handle(&db, "sam").unwrap(), Some(sam.clone()));
        assert_eq!(member_by_id(&db, sam.id).unwrap().map(|m| m.handle), Some("sam".to_string()));
        assert_eq!(member_by_handle(&db, "nobody").unwrap(), None);
        let handles: Vec<String> = members(&db).unwrap().into_iter().map(|m| m.handle).collect();
        assert_eq!(handles, ["me", "sam"]);
        store.write(|tx| update_member(tx, sam.id, "Samantha Lee", None)).unwrap();
        let after = member_by_id(&store.read(), sam.id).unwrap().unwrap();
        assert_eq!((after.name.as_str(), after.email), ("Samantha Lee", None));
        let dup = store.write(|tx| insert_member(tx, "sam", "Again", None)).unwrap_err();
        assert!(matches!(dup, StoreError::Duplicate(ref c) if c == "members.handle"), "{dup:?}");
    }
}
