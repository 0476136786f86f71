//! What can go wrong in the store, as values the command layer words for
//! the user (with the hint of what to do). No engine type crosses it.

use std::path::PathBuf;

/// A failure of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A read-only command found no database.
    #[error("no database at {}", .0.display())]
    Missing(PathBuf),
    /// The path names a folder.
    #[error("{} is a folder, not a database file", .0.display())]
    Folder(PathBuf),
    /// The file is another program's, or not a database at all.
    #[error("{} is not an expect database", .0.display())]
    NotOurs(PathBuf),
    /// Our application id, but no valid schema version.
    #[error(
        "{at} is damaged or was changed by another program: it has no valid schema version ({found}); it was left untouched"
    )]
    NoSchema { at: String, found: String },
    /// Written by a newer `expect`.
    #[error(
        "database {at} was written by a newer version of expect (schema {found}; this one knows {known})"
    )]
    TooNew { at: String, found: i64, known: u32 },
    /// A server database (or schema) with no tables yet, opened by a
    /// command that does not write.
    #[error("{0} holds no expect book yet")]
    Empty(String),
    /// A server database (or schema) holding another program's tables.
    #[error("{0} holds other tables, not an expect book; it was left untouched")]
    ServerNotOurs(String),
    /// The server cannot be reached, or refused the connection.
    #[error("{0}")]
    Server(String),
    /// Another writer changed the same records at the same moment (a
    /// server book's serialization failure or deadlock); the operation is
    /// run again, so this reaches a user only after many tries.
    #[error("other writers kept changing the same records; nothing was saved")]
    Conflict,
    /// Another process holds the write lock for longer than we wait.
    #[error("the database is busy: another expect kept it locked for too long")]
    Busy,
    /// The engine found the file damaged.
    #[error("the database is damaged: {0}")]
    Corrupt(String),
    /// The file or its folder cannot be written.
    #[error("the database cannot be written: {0}")]
    ReadOnly(String),
    /// A unique column already holds the value.
    #[error("another record has the same {0}")]
    Duplicate(String),
    /// Another constraint of the schema refused a write.
    #[error("{0}")]
    Constraint(String),
    /// A stored value is not what the schema promises.
    #[error("stored data is damaged: {0}")]
    Damaged(String),
    /// A file operation around the database.
    #[error("{what}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    /// Anything else the engine reported.
    #[error("{0}")]
    Engine(String),
    /// What was being done when the error happened.
    #[error("{what}")]
    During {
        what: String,
        #[source]
        source: Box<StoreError>,
    },
}

impl StoreError {
    /// Every store error exits with status 2.
    pub fn exit_code(&self) -> u8 {
        2
    }

    /// The same error, saying what was being done.
    #[must_use]
    pub fn during(self, what: impl Into<String>) -> StoreError {
        StoreError::During { what: what.into(), source: Box::new(self) }
    }

    /// The innermost error (under any [`StoreError::During`]).
    pub fn root(&self) -> &StoreError {
        match self {
            StoreError::During { source, .. } => source.root(),
            other => other,
        }
    }

    /// Whether the file is damaged (as opposed to missing, refused or busy).
    pub fn is_damage(&self) -> bool {
        matches!(self.root(), StoreError::Corrupt(_) | StoreError::Damaged(_) | StoreError::NoSchema { .. })
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match &e {
            rusqlite::Error::SqliteFailure(f, msg) => {
                let text = msg.clone().unwrap_or_else(|| f.to_string());
                match f.code {
                    C::DatabaseBusy | C::DatabaseLocked => StoreError::Busy,
                    C::DatabaseCorrupt | C::NotADatabase => StoreError::Corrupt(text),
                    C::ReadOnly | C::CannotOpen | C::PermissionDenied => StoreError::ReadOnly(text),
                    C::ConstraintViolation => match text.strip_prefix("UNIQUE constraint failed: ") {
                        Some(cols) => StoreError::Duplicate(cols.to_string()),
                        None => StoreError::Constraint(text),
                    },
                    _ => StoreError::Engine(text),
                }
            }
            _ => StoreError::Engine(e.to_string()),
        }
    }
}
