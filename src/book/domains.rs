//! A client's mail domains (SPEC 5 and 12): mail from a new address there is
//! theirs. A domain belongs to one client, and a public mail provider's
//! (gmail.com, outlook.com, ...) to none: its addresses say nothing about
//! who they work for, so such people are added as contacts instead.

use super::{BookError, Result};
use crate::mail::is_public_domain;
use crate::store::domains as store_domains;
use crate::store::{Db, Tx};
use crate::values::Domain;

/// Gives client `client_id` (handle `client`) the domains `add` and takes
/// `remove` from it. Adding one it has already changes nothing; one of
/// another client, or a public one, is refused; removing one it lacks is
/// refused.
pub fn change_domains(
    tx: &Tx<'_>,
    client_id: i64,
    client: &str,
    add: &[Domain],
    remove: &[Domain],
) -> Result<()> {
    for d in remove {
        if !store_domains::remove_domain(tx, client_id, d.as_str())? {
            return Err(BookError::NoSuchDomain { client: client.to_string(), domain: d.to_string() });
        }
    }
    for d in add {
        if is_public_domain(d.as_str()) {
            return Err(BookError::PublicDomain(d.to_string()));
        }
        match store_domains::domain_owner(tx, d.as_str())? {
            Some((owner, _)) if owner == client_id => {}
            Some((_, owner)) => return Err(BookError::DomainTaken { domain: d.to_string(), owner }),
            None => {
                store_domains::add_domain(tx, client_id, d.as_str())?;
            }
        }
    }
    Ok(())
}

/// Client `client_id`'s domains, in byte order.
pub fn domains(db: &impl Db, client_id: i64) -> Result<Vec<String>> {
    Ok(store_domains::domains(db, client_id)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing;

    fn d(s: &str) -> Domain {
        s.parse().unwrap()
    }

    #[test]
    fn one_owner_no_public_domains() {
        let mut store = crate::store::testing::store();
        let (acme, globex) = store
            .write(|tx| Ok::<_, BookError>((testing::client(tx, "acme")?, testing::client(tx, "globex")?)))
            .unwrap();
        store
            .write(|tx| change_domains(tx, acme, "acme", &[d("acme.example"), d("acme.example")], &[]))
            .unwrap();
        store.write(|tx| change_domains(tx, acme, "acme", &[d("acme.example")], &[])).unwrap();
        assert_eq!(domains(&store.read(), acme).unwrap(), ["acme.example"]);
        let err =
            store.write(|tx| change_domains(tx, globex, "globex", &[d("ACME.example")], &[])).unwrap_err();
        assert_eq!(err.to_string(), "domain acme.example already belongs to client acme");
        let err = store.write(|tx| change_domains(tx, globex, "globex", &[d("GMail.com")], &[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "gmail.com is a public mail domain: its addresses belong to no one client"
        );
        let err =
            store.write(|tx| change_domains(tx, globex, "globex", &[], &[d("acme.example")])).unwrap_err();
        assert_eq!(err.to_string(), "client globex has no domain acme.example");
        // Moving a domain: removed from one, then added to the other.
        store.write(|tx| change_domains(tx, acme, "acme", &[], &[d("acme.example")])).unwrap();
        store.write(|tx| change_domains(tx, globex, "globex", &[d("acme.example")], &[])).unwrap();
        assert_eq!(domains(&store.read(), globex).unwrap(), ["acme.example"]);
        assert!(domains(&store.read(), acme).unwrap().is_empty());
    }
}
