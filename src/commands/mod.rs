//! One module per subcommand. Each has an `Args` struct (its flags) and
//! `run(self, &Ctx)`, which translates the arguments into calls of the
//! domain and the store and renders the result.

pub mod add_client;
pub mod add_contact;
pub mod add_contract;
pub mod add_invoice;
pub mod add_member;
pub mod add_project;
pub mod archive_client;
pub mod backup;
pub mod calendar;
pub mod check;
pub mod clients;
pub mod close;
pub mod completions;
pub mod contracts;
pub mod deadline;
pub mod deliver;
pub mod demo;
pub mod dismiss;
pub mod edit_client;
pub mod export;
pub mod import;
pub mod init;
pub mod invoices;
pub mod log;
pub mod members;
pub mod message_ops;
pub mod messages;
pub mod notice;
pub mod overdue;
pub mod pay;
pub mod projects;
pub mod received;
pub mod remind;
pub mod reply;
pub mod rule_flags;
pub mod scorecard;
pub mod sheet;
pub mod show_client;
pub mod signature;
pub mod start;
pub mod start_phase;
pub mod unpay;
pub mod void;
pub mod waiting;
pub mod waiting_on;

use crate::error::{parse_flag, UserError};
use crate::store::clients::{client_by_handle, ClientRow};
use crate::store::members::{member_by_handle, MemberRow};
use crate::store::Db;
use crate::values::Handle;

/// The client named `handle`, or an "unknown client" error.
pub fn find_client(db: &impl Db, handle: &str) -> anyhow::Result<ClientRow> {
    client_by_handle(db, handle)?.ok_or_else(|| UserError::unknown("client", handle, "clients").into())
}

/// The member named `handle`, or an "unknown member" error.
pub fn find_member(db: &impl Db, handle: &str) -> anyhow::Result<MemberRow> {
    member_by_handle(db, handle)?.ok_or_else(|| UserError::unknown("member", handle, "members").into())
}

/// Validates a new handle given as `what` (e.g. `client handle`).
pub fn new_handle(what: &str, s: &str) -> Result<Handle, UserError> {
    parse_flag(what, s, str::parse::<Handle>)
}

/// A non-empty, single-line text (names, subjects).
pub fn text(flag: &str, s: &str) -> Result<String, UserError> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() || t.chars().count() > 500 {
        return Err(UserError::new(format!(
            "{flag} {s:?}: expected a non-empty text of at most 500 characters, e.g. \"Acme Corp\""
        )));
    }
    Ok(t)
}
