//! `import-invoices` (SPEC 10): the rows of an invoicing program's export
//! ([`crate::invoice_file`]) recorded in the caller's one transaction
//! through the operations the command line uses ([`add_invoice`], [`pay`]),
//! so each is held to the same rules. A client is named by its handle or
//! its name (a name two clients share is refused); a currency given must be
//! the client's; a number already recorded with the same client, amount,
//! issue and due date is skipped, and one that differs is refused; a paid
//! amount is one payment on its date (not after today). Any refusal names
//! the row's line and column.

use chrono::NaiveDate;
use serde::Serialize;

use super::invoices::{add_invoice, amount_in, pay, NewInvoice};
use super::{BookError, Env, Result};
use crate::invoice_file::{BadCell, Key, Row, Sheet};
use crate::store::clients::{clients, ClientRow};
use crate::store::invoices::invoice_by_number;
use crate::store::Tx;
use crate::values::text::Quoted;
use crate::values::{closest, Amount, Money};

/// One invoice as recorded from the file (the JSON keys of SPEC 10).
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    pub invoice: String,
    pub client: String,
    pub amount: Amount,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    /// The payment recorded with it (zero when none).
    pub paid: Amount,
}

impl Imported {
    /// The keys of its JSON object (the CSV header, also of an empty list).
    pub const KEYS: &'static [&'static str] = &["invoice", "client", "amount", "issued", "due", "paid"];
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The invoices recorded, in the file's order.
    pub recorded: Vec<Imported>,
    /// The numbers already recorded as the file has them.
    pub skipped: Vec<String>,
}

/// The clients of the book, to look a row's client up by handle or name,
/// each with its name trimmed and lower-cased (folded once, not per row).
struct Clients(Vec<(ClientRow, String)>);

impl Clients {
    fn new(rows: Vec<ClientRow>) -> Clients {
        Clients(
            rows.into_iter()
                .map(|c| {
                    let folded = c.name.trim().to_lowercase();
                    (c, folded)
                })
                .collect(),
        )
    }

    /// The client `given` names: the one of that handle, else the one of
    /// that name (case-insensitively). Handles are lower case, so the
    /// folded text finds a handle written exactly too.
    fn find(&self, given: &str) -> std::result::Result<&ClientRow, String> {
        let folded = given.to_lowercase();
        if let Some((c, _)) = self.0.iter().find(|(c, _)| c.handle == folded) {
            return Ok(c);
        }
        let named: Vec<&ClientRow> =
            self.0.iter().filter(|(_, name)| *name == folded).map(|(c, _)| c).collect();
        match named.as_slice() {
            [one] => Ok(one),
            [] => {
                let names = self.0.iter().flat_map(|(c, _)| [c.handle.as_str(), c.name.as_str()]);
                let near = closest(given, names).map(|n| format!(" (did you mean {}?)", Quoted(n)));
                Err(format!(
                    "unknown client {}: no client has that handle or name{}",
                    Quoted(given),
                    near.unwrap_or_default()
                ))
            }
            many => {
                let handles: Vec<&str> = many.iter().map(|c| c.handle.as_str()).collect();
                Err(format!(
                    "{} is the name of clients {}: write the handle instead",
                    Quoted(given),
                    handles.join(" and ")
                ))
            }
        }
    }
}

/// Records every row of `sheet` (or refuses the first bad one).
pub fn import_invoices(tx: &Tx<'_>, env: &Env<'_>, sheet: &Sheet) -> Result<Outcome> {
    let known = Clients::new(clients(tx, true)?);
    let mut outcome = Outcome { recorded: Vec::new(), skipped: Vec::new() };
    for row in &sheet.rows {
        let at = |key: Key, message: String| {
            BookError::BadRow(BadCell::new(row.line, sheet.columns.header(key), message))
        };
        let client = known.find(&row.client).map_err(|m| at(Key::Client, m))?;
        if let Some(c) = row.currency.filter(|c| *c != client.currency) {
            return Err(at(
                Key::Currency,
                format!("{}: client {} is billed in {}", Quoted(c.code()), client.handle, client.currency),
            ));
        }
        let refused = |e: Refusal| match e {
            Refusal::At(key, m) => at(key, m),
            Refusal::Book(e) => e,
        };
        if recorded_already(tx, env, row, client).map_err(refused)? {
            outcome.skipped.push(row.number.clone());
            continue;
        }
        outcome.recorded.push(record(tx, env, row, client).map_err(refused)?);
    }
    Ok(outcome)
}

/// Why a row was refused: at a column, or by the store.
enum Refusal {
    At(Key, String),
    Book(BookError),
}

/// The column a refusal of [`add_invoice`] or [`pay`] is about, and its
/// message; other errors (the store's) stay as they are.
fn refusal(e: BookError, paying: bool) -> Refusal {
    let key = match &e {
        BookError::Amount { value, why, .. } => {
            let key = if paying { Key::Paid } else { Key::Amount };
            return Refusal::At(key, format!("{}: {why}", Quoted(value)));
        }
        BookError::DueBeforeIssue { .. } => Key::Due,
        BookError::Archived(_) => Key::Client,
        BookError::PaidBeforeIssue { .. } => Key::PaidOn,
        BookError::Overpaid { .. } | BookError::NothingOwed { .. } | BookError::NothingOwedOn { .. } => {
            Key::Paid
        }
        _ => return Refusal::Book(e),
    };
    Refusal::At(key, e.to_string())
}

/// Whether the row's number is recorded already with the same client,
/// amount, issue and due date (`Ok(true)`: skip it); a refusal names the
/// first field that differs.
fn recorded_already(
    tx: &Tx<'_>,
    env: &Env<'_>,
    row: &Row,
    client: &ClientRow,
) -> std::result::Result<bool, Refusal> {
    let Some(inv) = invoice_by_number(tx, &row.number).map_err(|e| Refusal::Book(e.into()))? else {
        return Ok(false);
    };
    let differs = |key, what: String| {
        Err(Refusal::At(key, format!("invoice {} is already recorded {what}", row.number)))
    };
    if inv.client != client.handle {
        return differs(Key::Client, format!("for client {}, not {}", inv.client, client.handle));
    }
    let amount = amount_in(&row.amount, inv.currency).map_err(|e| refusal(e, false))?;
    if amount != inv.amount() {
        let n = env.config.numbers;
        let (was, is) = (inv.currency.amount(inv.amount()).text(n), inv.currency.amount(amount).text(n));
        return differs(Key::Amount, format!("with amount {was}, not {is}"));
    }
    if inv.issued != row.issued {
        return differs(Key::Issued, format!("issued {}, not {}", inv.issued, row.issued));
    }
    match row.due {
        Some(due) if due != inv.due => differs(Key::Due, format!("due {}, not {due}", inv.due)),
        _ => Ok(true),
    }
}

/// Adds the row's invoice, and its payment.
fn record(
    tx: &Tx<'_>,
    env: &Env<'_>,
    row: &Row,
    client: &ClientRow,
) -> std::result::Result<Imported, Refusal> {
    let new = NewInvoice {
        client: client.handle.clone(),
        amount: row.amount.clone(),
        number: Some(row.number.clone()),
        issued: row.issued,
        terms: None,
        due: row.due,
        phase: None,
    };
    let added = add_invoice(tx, env, &new).map_err(|e| refusal(e, false))?;
    let paid = match (&row.paid, row.paid_on) {
        (Some(amount), Some(on)) => {
            if on > env.today() {
                return Err(Refusal::At(
                    Key::PaidOn,
                    format!("{on}: the payment is dated after today ({})", env.today()),
                ));
            }
            pay(tx, env, &added.invoice, Some(amount), on).map_err(|e| refusal(e, true))?.amount
        }
        _ => added.currency.amount(Money::ZERO),
    };
    Ok(Imported {
        invoice: added.invoice,
        client: added.client,
        amount: added.amount,
        issued: added.issued,
        due: added.due,
        paid,
    })
}
