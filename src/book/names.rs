//! The names a user types to pick a record: the known one nearest to an
//! unknown name ("did you mean", added to [`BookError::Unknown`] after the
//! fact, so every lookup gets it wherever it failed), and the names shell
//! completion offers for an argument.

use super::error::Kind;
use super::{BookError, Result};
use crate::store::names;
use crate::store::Db;
use crate::values::closest;

/// `err` with the nearest known name filled in, when it is an unknown
/// client, member, invoice or project and one is near enough; any other
/// error (or a failed lookup) is returned as it was.
pub fn with_nearest(db: &impl Db, err: BookError) -> BookError {
    match err {
        BookError::Unknown { kind, name, near: None } => {
            let near = nearest(db, kind, &name).ok().flatten();
            BookError::Unknown { kind, name, near }
        }
        other => other,
    }
}

/// The known name of `kind` nearest to `name`, if one is near enough.
pub fn nearest(db: &impl Db, kind: Kind, name: &str) -> Result<Option<String>> {
    let known = match kind {
        Kind::Client => names::client_handles(db)?,
        Kind::Member => names::member_handles(db)?,
        Kind::Invoice => {
            let n = name.trim().chars().count();
            names::invoice_numbers(db, Some((n, (n / 3).max(1))))?
        }
        Kind::Project => names::project_names(db)?,
        Kind::Message | Kind::WaitingItem => return Ok(None),
    };
    Ok(closest(name, known.iter().map(String::as_str)).map(str::to_string))
}

/// What an argument names, for completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completable {
    Client,
    Member,
    Invoice,
    OpenMessage,
}

/// One completion: the value and a few words about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub value: String,
    pub help: Option<String>,
}

/// Every name completion offers for `what`, in order (open messages newest
/// first, described by client and subject).
pub fn candidates(db: &impl Db, what: Completable) -> Result<Vec<Candidate>> {
    let plain = |v: Vec<String>| v.into_iter().map(|value| Candidate { value, help: None }).collect();
    Ok(match what {
        Completable::Client => plain(names::client_handles(db)?),
        Completable::Member => plain(names::member_handles(db)?),
        Completable::Invoice => plain(names::invoice_numbers(db, None)?),
        Completable::OpenMessage => names::open_messages(db)?
            .into_iter()
            .map(|(id, client, subject)| Candidate {
                value: id.to_string(),
                help: Some(format!("{client}: {subject}")),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::client;
    use crate::store::Store;

    #[test]
    fn an_unknown_name_gets_the_nearest_known_one() {
        let mut store = Store::in_memory().unwrap();
        store.write(|tx| client(tx, "acme").and_then(|_| client(tx, "globex"))).unwrap();
        let db = store.read();
        let near = |kind, name: &str| match with_nearest(&db, BookError::unknown(kind, name)) {
            BookError::Unknown { near, .. } => near,
            other => panic!("{other}"),
        };
        assert_eq!(near(Kind::Client, "acm").as_deref(), Some("acme"));
        assert_eq!(near(Kind::Client, "zeta"), None);
        assert_eq!(near(Kind::Member, "mee").as_deref(), Some("me"));
        assert_eq!(near(Kind::Message, "12"), None);
        assert!(matches!(with_nearest(&db, BookError::NotEmpty), BookError::NotEmpty));
        let handles: Vec<String> =
            candidates(&db, Completable::Client).unwrap().into_iter().map(|c| c.value).collect();
        assert_eq!(handles, ["acme", "globex"]);
    }
}
