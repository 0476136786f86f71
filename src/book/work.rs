//! The work between you and a client besides messages: what the client owes
//! you (`waiting-on`, `received`, `waiting`), and when a deadline falls by
//! the business calendar (`deadline`).

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;

use super::clients::find_client;
use super::error::Kind;
use super::{BookError, Env, Result};
use crate::store::records::WaitingRecord;
use crate::store::waiting::{self as store_waiting, WaitingRow};
use crate::store::{Db, Tx};
use crate::values::Span;

/// An item as listed (the JSON of SPEC 7).
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub id: i64,
    pub client: String,
    pub what: String,
    pub due: NaiveDate,
    /// The day it came in, or null while it is owed (as of now).
    pub received: Option<NaiveDate>,
}

impl ItemView {
    /// The keys of its JSON object (the CSV header, also of an empty list).
    pub const KEYS: &'static [&'static str] = &["id", "client", "what", "due", "received"];
}

impl ItemView {
    fn new(env: &Env<'_>, w: WaitingRow) -> ItemView {
        let today = env.today();
        ItemView {
            id: w.id,
            due: w.due,
            received: w.received_on.filter(|d| *d <= today),
            what: w.record.what,
            client: w.client,
        }
    }
}

/// Records something `client` owes you, due by the end of `due`.
pub fn waiting_on(tx: &Tx<'_>, env: &Env<'_>, client: &str, what: &str, due: NaiveDate) -> Result<ItemView> {
    let client = find_client(tx, client)?;
    let record = WaitingRecord {
        id: 0,
        client_id: client.id,
        what: what.to_string(),
        due,
        received_on: None,
        created_at: env.now_ts(),
        changed_at: None,
    };
    let id = store_waiting::insert_item(tx, &record)?;
    find_item(tx, env, id)
}

fn find_item(db: &impl Db, env: &Env<'_>, id: i64) -> Result<ItemView> {
    let row =
        store_waiting::item(db, id)?.ok_or_else(|| BookError::unknown(Kind::WaitingItem, id.to_string()))?;
    Ok(ItemView::new(env, row))
}

/// Records that item `id` came in on `on`.
pub fn received(tx: &Tx<'_>, env: &Env<'_>, id: i64, on: NaiveDate) -> Result<ItemView> {
    let w =
        store_waiting::item(tx, id)?.ok_or_else(|| BookError::unknown(Kind::WaitingItem, id.to_string()))?;
    if let Some(d) = w.received_on {
        return Err(BookError::AlreadyReceived { id, on: d });
    }
    store_waiting::set_received(tx, id, on, env.now_ts())?;
    find_item(tx, env, id)
}

/// What clients owe you (of one client), by due date; only what is still
/// owed with `open`.
pub fn waiting(db: &impl Db, env: &Env<'_>, client: Option<&str>, open: bool) -> Result<Vec<ItemView>> {
    let client = client.map(|h| find_client(db, h)).transpose()?;
    let rows = store_waiting::items(db, client.map(|c| c.id), open, env.now_ts(), env.today())?;
    Ok(rows.into_iter().map(|w| ItemView::new(env, w)).collect())
}

/// When a deadline falls (SPEC 4).
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    #[serde(serialize_with = "super::ser::rfc3339")]
    pub from: DateTime<Tz>,
    /// The first business instant at or after the clock start (for `bh`
    /// and `bd`; the clock start itself otherwise).
    #[serde(serialize_with = "super::ser::rfc3339")]
    pub start: DateTime<Tz>,
    /// The low end of a range.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "super::ser::rfc3339_opt")]
    pub target: Option<DateTime<Tz>>,
    /// The deadline (the high end of a range).
    #[serde(serialize_with = "super::ser::rfc3339")]
    pub deadline: DateTime<Tz>,
}

/// The deadline `span` after `from`; with `reply` the clock starts at the
/// first check time.
pub fn deadline(env: &Env<'_>, span: Span, from: DateTime<Tz>, reply: bool) -> DeadlineView {
    let clock = if reply { env.cal.reply_clock_start(from, &env.config.check_times) } else { from };
    DeadlineView {
        from,
        start: env.cal.clock_start(clock, span.limit()),
        target: span.is_range().then(|| env.cal.add(clock, span.target())),
        deadline: env.cal.add(clock, span.limit()),
    }
}
