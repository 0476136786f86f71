//! Why an operation was refused, as values: what was asked and what stands
//! in the way. The messages name records and values, never command-line
//! flags; the command layer adds the hint of what to type instead.

use chrono::NaiveDate;

use crate::invoice_file::BadCell;
use crate::store::import::{BadRecord, NumberClash};
use crate::store::StoreError;
use crate::values::text::Quoted;
use crate::values::ParseError;

/// What kind of record a name or number was looked up as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Client,
    Member,
    Invoice,
    Message,
    WaitingItem,
    Project,
}

impl Kind {
    /// `client`, `waiting item`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Client => "client",
            Kind::Member => "member",
            Kind::Invoice => "invoice",
            Kind::Message => "message",
            Kind::WaitingItem => "waiting item",
            Kind::Project => "project",
        }
    }
}

/// An operation that could not be done.
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    /// No record of that name or number; `near` is the closest known one,
    /// where one is near enough to be meant ("did you mean").
    #[error("unknown {} {}", kind.as_str(), Quoted(name))]
    Unknown { kind: Kind, name: String, near: Option<String> },
    #[error("client {} already exists", Quoted(.0))]
    ClientExists(String),
    #[error("member {} already exists", Quoted(.0))]
    MemberExists(String),
    #[error("invoice {0} already exists")]
    InvoiceExists(String),
    #[error("client {client} already has a project {}", Quoted(name))]
    ProjectExists { client: String, name: String },
    #[error("several clients have a project {}: {}", Quoted(name), owners.join(", "))]
    AmbiguousProject { name: String, owners: Vec<String> },
    #[error("project {project} has no phase {}", Quoted(phase))]
    NoSuchPhase { client: String, project: String, phase: String },
    #[error("phase {phase} of {project} already started on {on}")]
    PhaseStarted { project: String, phase: String, on: NaiveDate },
    #[error("client {0} is archived")]
    Archived(String),
    #[error("client {client} has {count} invoice{} with a balance", if *count == 1 { "" } else { "s" })]
    OpenInvoices { client: String, count: i64 },
    #[error("message {0} is not a request")]
    NotARequest(i64),
    #[error("message {0} is already a request")]
    AlreadyRequest(i64),
    /// A time given for a record that cannot be resolved (a local time that
    /// does not exist).
    #[error("{0}")]
    BadTime(ParseError),
    /// A mail domain that says nothing about its client.
    #[error("{0} is a public mail domain: its addresses belong to no one client")]
    PublicDomain(String),
    #[error("domain {domain} already belongs to client {owner}")]
    DomainTaken { domain: String, owner: String },
    #[error("client {client} has no domain {domain}")]
    NoSuchDomain { client: String, domain: String },
    /// A file named to read mail from holds no message.
    #[error("{origin}: {why}")]
    NotAMessage { origin: String, why: String },
    /// Something dated before the message it is about arrived.
    #[error("{at}: before message {id} arrived ({arrived})")]
    BeforeArrival { id: i64, at: String, arrived: String },
    #[error("message {id} was already {what} ({at})")]
    AlreadyMarked { id: i64, what: &'static str, at: String },
    #[error("waiting item {id} was already received on {on}")]
    AlreadyReceived { id: i64, on: NaiveDate },
    #[error("invoice {0} is void")]
    Void(String),
    #[error("invoice {0} is already void")]
    AlreadyVoid(String),
    /// A due date before the issue date.
    #[error("due date {due} is before the issue date {issued}")]
    DueBeforeIssue { due: NaiveDate, issued: NaiveDate },
    /// A row of an invoicing program's export that cannot be recorded.
    #[error("{0}")]
    BadRow(BadCell),
    /// A payment dated before the invoice was issued.
    #[error("{on}: the payment is dated before invoice {invoice} was issued ({issued})")]
    PaidBeforeIssue { invoice: String, on: NaiveDate, issued: NaiveDate },
    /// An amount that does not fit where it goes (more decimals than the
    /// currency has, another currency's sign); `what` is what the caller
    /// calls it (`AMOUNT`, `--rate`).
    #[error("{what} {value:?}: {why}")]
    Amount { what: String, value: String, why: String },
    /// A flat fee with more decimals than the client's currency has.
    #[error("{rule} {value:?}: {currency} has fewer decimals than that")]
    FeeDecimals { rule: &'static str, value: String, currency: String },
    /// `pay` without an amount when nothing at all is owed.
    #[error("invoice {invoice} owes nothing: principal, late fee and interest are paid or waived")]
    NothingOwed { invoice: String },
    /// A payment on a day nothing was owed any more.
    #[error("invoice {invoice} owed nothing on {on}")]
    NothingOwedOn { invoice: String, on: NaiveDate },
    /// A payment of more than principal, late fee and interest owed on its
    /// day; `most` is what could be paid then, written out, and `typed` the
    /// same as typed on the command line.
    #[error("more than invoice {invoice} owes if paid on {on} (at most {most})")]
    Overpaid { invoice: String, on: NaiveDate, most: String, typed: String },
    #[error("the {} of invoice {invoice} {} already waived", charges.join(" and "), if charges.len() == 1 { "is" } else { "are" })]
    AlreadyWaived { invoice: String, charges: Vec<&'static str> },
    #[error("invoice {invoice} has no waiver of its {} to take back", charges.join(" or "))]
    NotWaived { invoice: String, charges: Vec<&'static str> },
    /// A waiver of a charge a payment already went to.
    #[error("a payment already went to the {charge} of invoice {invoice} ({paid}), so it cannot be waived")]
    WaiverPaid { invoice: String, charge: &'static str, paid: String },
    /// A change of currency for a client whose amounts are kept in the
    /// current one.
    #[error("client {client} has amounts on record in {currency}, which a change of currency would misread")]
    CurrencyInUse { client: String, currency: String },
    #[error("invoice {invoice} has no payment{}", on.map(|d| format!(" on {d}")).unwrap_or_default())]
    NoPayment { invoice: String, client: String, on: Option<NaiveDate> },
    #[error("removing that payment would leave invoice {0} overpaid")]
    UnpayOverpaid(String),
    /// A notice date given without the effective date of its change.
    #[error("a notice date needs the effective date of the change it is for")]
    NoticeWithoutDate { client: String },
    #[error("client {client} has no rule change effective {date}")]
    NoRuleChange { client: String, date: NaiveDate },
    #[error("unknown flag key {}", Quoted(.0))]
    UnknownFlag(String),
    #[error("flag key {} is not dismissed", Quoted(.0))]
    NotDismissed(String),
    /// `import` into a database holding more than member `me`.
    #[error("the database is not empty")]
    NotEmpty,
    /// A record of an imported document is wrong.
    #[error("{0}")]
    BadRecord(BadRecord),
    /// A merge would add an invoice whose number the database uses.
    #[error("invoice {:?} of new client {:?}: the number is already used by an invoice of {:?} in the database", .0.number, .0.client, .0.owner)]
    NumberClash(NumberClash),
    /// The tables of a document read as it streams in came out of the
    /// order `expect export` writes them: it is to be read whole instead.
    #[error("the tables of the file are not in the order `expect export` writes them")]
    Unordered,
    /// Stored data contradicts itself.
    #[error("{0}")]
    Inconsistent(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl BookError {
    /// Every refusal exits with status 2.
    pub fn exit_code(&self) -> u8 {
        2
    }

    pub(crate) fn unknown(kind: Kind, name: impl Into<String>) -> BookError {
        BookError::Unknown { kind, name: name.into(), near: None }
    }
}
