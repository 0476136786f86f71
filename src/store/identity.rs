//! The book's own facts (table `book`): its random id, made when the
//! database is created and kept by export and import, so that what the book
//! names outside itself (calendar UIDs) is unique across databases.

use super::sql::p;
use super::{conn, Db, StoreError};

/// The book's id.
pub fn book_id(db: &impl Db) -> Result<String, StoreError> {
    conn(db)
        .opt("SELECT value FROM book WHERE key = 'id'", p![], |r| r.get(0))?
        .ok_or_else(|| StoreError::Damaged("the book has no id".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_new_book_gets_its_own_id() {
        let a = book_id(&crate::store::testing::store().read()).unwrap();
        let b = book_id(&crate::store::testing::store().read()).unwrap();
        assert_eq!(a.len(), 36);
        assert_ne!(a, b);
    }
}
