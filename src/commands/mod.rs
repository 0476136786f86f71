//! One module per subcommand. Each has an `Args` struct (its flags) and
//! `run(self, &Ctx)`, which only translates: it parses the arguments into
//! typed values, calls one operation of [`crate::book`] and renders the
//! result through [`crate::output`]. What they share is in [`shared`] (value
//! parsing, marks, the flag table) and [`rule_flags`] (the rule flags of
//! `add-client` and `edit-client`); no command uses another.

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
pub mod import_invoices;
pub mod ingest;
pub mod init;
pub mod invoices;
pub mod log;
pub mod man;
pub mod members;
pub mod messages;
pub mod notice;
pub mod overdue;
pub mod pay;
pub mod projects;
pub mod received;
pub mod remind;
pub mod reply;
pub mod request;
pub mod rule_flags;
pub mod scorecard;
pub mod shared;
pub mod sheet;
pub mod show_client;
pub mod signature;
pub mod start;
pub mod start_phase;
pub mod unpay;
pub mod verify;
pub mod void;
pub mod waiting;
pub mod waiting_on;
pub mod waive;
