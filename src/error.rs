//! Errors a user can act on: one line that names the bad value, and where
//! it helps a hint of what to type instead. [`UserError`] is the command
//! layer's own (bad input, named by its flag); the typed errors of the
//! operations ([`BookError`]) and the store ([`StoreError`]) are worded
//! here with their hints, so neither layer below knows the command line.
//! Every error exits with status 2.

use std::fmt;

use crate::book::error::Kind;
use crate::book::BookError;
use crate::store::StoreError;
use crate::values::ParseError;

/// An error caused by what the user typed (bad input, contradictory
/// flags), worded with the flag that carried it.
#[derive(Debug)]
pub struct UserError {
    pub message: String,
    pub hint: Option<String>,
}

impl UserError {
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), hint: None }
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `--terms "net-30": expected receipt, netN, eom or eom+N, e.g. net30`
    pub fn bad_value(flag: &str, value: &str, why: &ParseError) -> Self {
        Self::new(format!("{flag} {}: {why}", crate::values::text::quote(value)))
    }

    /// Every user error exits with status 2.
    pub fn exit_code(&self) -> u8 {
        2
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UserError {}

/// Parses `value` with `parse`, turning a refusal into a [`UserError`] that
/// names `flag` and the value.
pub fn parse_flag<T>(
    flag: &str,
    value: &str,
    parse: impl FnOnce(&str) -> Result<T, ParseError>,
) -> Result<T, UserError> {
    parse(value).map_err(|e| UserError::bad_value(flag, value, &e))
}

/// The hint for a refusal of the operations: the command that shows, fixes
/// or lists what the message names.
pub fn book_hint(e: &BookError) -> Option<String> {
    Some(match e {
        BookError::Unknown { kind: Kind::Project, near: None, .. } => {
            "`expect add-project CLIENT NAME --phase NAME=AMOUNT` adds one".into()
        }
        BookError::Unknown { kind, near, .. } => {
            let list = match kind {
                Kind::Client => "clients",
                Kind::Member => "members",
                Kind::Invoice => "invoices",
                Kind::Message => "messages",
                Kind::WaitingItem => "waiting",
                Kind::Project => "projects",
            };
            match near {
                Some(n) => format!("did you mean `{n}`? `expect {list}` lists them"),
                None => format!("`expect {list}` lists them"),
            }
        }
        BookError::ClientExists(h) => format!("`expect edit-client {h}` changes it"),
        BookError::MemberExists(_) => "`expect members` lists them".into(),
        BookError::InvoiceExists(_) => "leave out --number to get the next free number".into(),
        BookError::ProjectExists { .. } => "choose another name".into(),
        BookError::AmbiguousProject { .. } => "pick one with --client CLIENT".into(),
        BookError::PhaseStarted { .. } => "`expect projects` shows when each phase started".into(),
        BookError::NoSuchPhase { client, .. } => {
            format!("`expect projects --client {client}` lists its phases")
        }
        BookError::Archived(h) => format!("`expect unarchive-client {h}` brings it back"),
        BookError::OpenInvoices { client, .. } => {
            format!("`expect invoices --client {client} --open` lists them; pay or void them first")
        }
        BookError::NotARequest(_) => {
            "only requests (logged with --request or --wants) are started and delivered".into()
        }
        BookError::BeforeArrival { .. } => "give the time it happened, e.g. --at now".into(),
        BookError::AlreadyRequest(_) => "`expect messages --open` shows its deadlines".into(),
        BookError::PublicDomain(_) => {
            "add the client's people with `expect add-contact CLIENT PERSON` instead".into()
        }
        BookError::DomainTaken { owner, .. } => {
            format!("`expect edit-client {owner} --no-domain DOMAIN` takes it from {owner} first")
        }
        BookError::NoSuchDomain { client, .. } => format!("`expect show-client {client}` lists its domains"),
        BookError::NotAMessage { .. } => {
            "name a Maildir, an mbox, a folder of message files or one message file".into()
        }
        BookError::Void(_) => "a void invoice takes no payments".into(),
        BookError::NothingOwed { invoice } => {
            format!("`expect unpay {invoice}` removes a payment entered by mistake")
        }
        BookError::NothingOwedOn { invoice, .. } => {
            format!("`expect invoices` shows what {invoice} owes; `expect unpay {invoice}` removes a payment")
        }
        BookError::AlreadyWaived { invoice, .. } => {
            format!("`expect waive {invoice} --undo` takes a waiver back")
        }
        BookError::NotWaived { invoice, .. } => format!("`expect waive {invoice}` waives the charges"),
        BookError::WaiverPaid { invoice, .. } => {
            format!("`expect unpay {invoice}` removes the payment first; then waive")
        }
        BookError::FeeDecimals { rule, currency, .. } => {
            format!("give the fee in {currency}'s decimals, e.g. --{} 25", rule.replace('_', "-"))
        }
        BookError::CurrencyInUse { .. } => "add a new client for work billed in the other currency".into(),
        BookError::NoPayment { client, .. } => {
            format!("`expect invoices --client {client}` shows what is paid")
        }
        BookError::NoRuleChange { client, .. } | BookError::NoticeWithoutDate { client } => {
            format!("`expect show-client {client}` lists upcoming changes")
        }
        BookError::UnknownFlag(_) => {
            "`expect check --all --since 1970-01-01 --format json` lists the keys".into()
        }
        BookError::NotDismissed(_) => "`expect check --all` shows dismissed flags".into(),
        BookError::NotEmpty => {
            "use --merge to add what is new, or import into a new database with --db".into()
        }
        BookError::BadRecord(_) => "nothing was imported".into(),
        BookError::NumberClash(_) => {
            "nothing was imported; renumber that invoice in the file (its `number`), then merge again".into()
        }
        BookError::Store(s) => return store_hint(s),
        _ => return None,
    })
}

/// The hint for a failure of the store.
pub fn store_hint(e: &StoreError) -> Option<String> {
    Some(match e.root() {
        StoreError::Missing(_) => "run `expect init` to create one".into(),
        StoreError::Folder(_) => "give a file path, e.g. --db ~/.local/share/expect/expect.db".into(),
        StoreError::NotOurs(_) => "check --db / EXPECT_DB; the file was left untouched".into(),
        StoreError::TooNew { .. } => "upgrade expect (cargo install --path . in a newer checkout)".into(),
        StoreError::Busy => "another expect is writing; try again in a moment".into(),
        StoreError::Corrupt(_) | StoreError::Damaged(_) | StoreError::NoSchema { .. } => {
            "restore it from a backup (see the README, \"If the database is damaged\"); `expect verify` says what is damaged".into()
        }
        StoreError::ReadOnly(_) => "check the permissions of the file and its folder (on a server: the role's privileges)".into(),
        StoreError::Empty(_) => "run `expect init` to set the book up there".into(),
        StoreError::ServerNotOurs(_) => {
            "give expect a database of its own, or a schema of its own with ?options=-csearch_path%3Dexpect".into()
        }
        StoreError::Server(_) => {
            "check the URI, that the server is up, and your password (~/.pgpass or PGPASSWORD)".into()
        }
        StoreError::Conflict => "run the command again".into(),
        _ => return None,
    })
}

/// A failure to open the database at `path` when the path came from the
/// environment variable `var` (`EXPECT_DB`) rather than `--db`: the message
/// names the variable, and the hint says what to set it to. Any other
/// error is returned as it was.
pub fn db_named_by_env(err: anyhow::Error, var: &str, shown: &str) -> anyhow::Error {
    let store = err
        .chain()
        .find_map(|e| {
            e.downcast_ref::<StoreError>().or(match e.downcast_ref::<BookError>() {
                Some(BookError::Store(s)) => Some(s),
                _ => None,
            })
        })
        .map(StoreError::root);
    let hint = match store {
        Some(StoreError::Missing(_)) => Some(format!("run `expect init` to create it, or check {var}")),
        Some(StoreError::Folder(_)) => {
            Some(format!("set {var} to a file path, e.g. {var}=~/.local/share/expect/expect.db"))
        }
        Some(StoreError::NotOurs(_)) => Some(format!("check {var}; the file was left untouched")),
        Some(s @ StoreError::TooNew { .. }) => store_hint(s),
        _ => return err,
    };
    // `EXPECT_DB /tmp is a folder, ...`; a missing file is named as it was,
    // the hint saying where the path came from.
    let text = format!("{err:#}");
    let message = UserError::new(match store {
        Some(StoreError::Missing(_)) => text,
        _ => text.replacen(shown, &format!("{var} {shown}"), 1),
    });
    match hint {
        Some(h) => message.with_hint(h).into(),
        None => message.into(),
    }
}

/// The hint of the first error in a chain that has one.
pub fn hint(err: &anyhow::Error) -> Option<String> {
    err.chain().find_map(|e| {
        if let Some(u) = e.downcast_ref::<UserError>() {
            u.hint.clone()
        } else if let Some(b) = e.downcast_ref::<BookError>() {
            book_hint(b)
        } else if let Some(s) = e.downcast_ref::<StoreError>() {
            store_hint(s)
        } else if let Some(f) = e.downcast_ref::<crate::files::FileError>() {
            match f {
                crate::files::FileError::Exists(_) => Some(
                    "nothing was written or recorded; move that file away or choose another folder".into(),
                ),
                _ => None,
            }
        } else {
            None
        }
    })
}
