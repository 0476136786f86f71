//! Clients' mail domains (`add-client --domain`, SPEC 5 and 12): lower-case,
//! exact (no subdomains), each belonging to one client (the table's unique
//! index says so too).

use super::records::{ClientDomainRecord, Insert};
use super::sql::p;
use super::{conn, Db, StoreError, Tx};

/// A client's domains, in byte order.
pub fn domains(db: &impl Db, client_id: i64) -> Result<Vec<String>, StoreError> {
    conn(db).all(
        "SELECT domain FROM client_domains WHERE client_id = ?1 ORDER BY domain",
        p![client_id],
        |r| r.get(0),
    )
}

/// The client that has `domain` (lower-case): `(client id, handle)`.
pub fn domain_owner(db: &impl Db, domain: &str) -> Result<Option<(i64, String)>, StoreError> {
    conn(db).opt(
        "SELECT c.id, c.handle FROM client_domains cd JOIN clients c ON c.id = cd.client_id WHERE cd.domain = ?1",
        p![domain],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Gives `domain` (lower-case, owned by no client) to client `client_id`;
/// returns the new row's id.
pub fn add_domain(tx: &Tx<'_>, client_id: i64, domain: &str) -> Result<i64, StoreError> {
    ClientDomainRecord { id: 0, client_id, domain: domain.to_string() }.insert(tx)
}

/// Takes `domain` from client `client_id`; false when it had no such domain.
pub fn remove_domain(tx: &Tx<'_>, client_id: i64, domain: &str) -> Result<bool, StoreError> {
    let n = conn(tx)
        .execute("DELETE FROM client_domains WHERE client_id = ?1 AND domain = ?2", p![client_id, domain])?;
    Ok(n > 0)
}

/// Every domain of an active client: `(domain, client id)`, by domain.
pub fn active_domains(db: &impl Db) -> Result<Vec<(String, i64)>, StoreError> {
    conn(db).all(
        "SELECT cd.domain, cd.client_id FROM client_domains cd JOIN clients c ON c.id = cd.client_id \
         WHERE c.archived = 0 ORDER BY cd.domain",
        p![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{clients, testing};

    #[test]
    fn domains_belong_to_one_client() {
        let mut store = crate::store::testing::store();
        let (acme, globex) = store
            .write(|tx| {
                let acme = testing::client(tx, "acme")?;
                let globex = testing::client(tx, "globex")?;
                add_domain(tx, acme, "acme.example")?;
                add_domain(tx, acme, "acme-mail.example")?;
                add_domain(tx, globex, "globex.example")?;
                Ok::<_, StoreError>((acme, globex))
            })
            .unwrap();
        let db = store.read();
        assert_eq!(domains(&db, acme).unwrap(), ["acme-mail.example", "acme.example"]);
        assert_eq!(domain_owner(&db, "acme.example").unwrap(), Some((acme, "acme".to_string())));
        assert_eq!(domain_owner(&db, "mail.acme.example").unwrap(), None);
        assert_eq!(
            active_domains(&db).unwrap(),
            [
                ("acme-mail.example".into(), acme),
                ("acme.example".into(), acme),
                ("globex.example".into(), globex)
            ]
        );
        // A second owner is refused by the unique index.
        let dup = store.write(|tx| add_domain(tx, globex, "acme.example")).unwrap_err();
        assert!(matches!(dup, StoreError::Duplicate(ref c) if c == "client_domains.domain"), "{dup:?}");
        // Removing: only the owner's; archived clients' domains are not active.
        assert!(!store.write(|tx| remove_domain(tx, globex, "acme.example")).unwrap());
        assert!(store.write(|tx| remove_domain(tx, acme, "acme-mail.example")).unwrap());
        store.write(|tx| clients::set_archived(tx, globex, true)).unwrap();
        assert_eq!(active_domains(&store.read()).unwrap(), [("acme.example".into(), acme)]);
        assert_eq!(domains(&store.read(), acme).unwrap(), ["acme.example"]);
    }
}
