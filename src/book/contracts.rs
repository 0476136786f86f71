//! Contracts and what the client is told: recording a signed agreement,
//! listing contracts, the notice of upcoming rule changes (and recording
//! that it was sent), the expectations sheet and the signature line; and
//! the contract flags of `check` (`no-contract`, `contract-gap`,
//! `unnotified-change`).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use super::clients::find_client;
use super::{BookError, Env, Result};
use crate::flags::contract::{
    contract_flags, fully_covered, unnotified_changes, ClientContracts, ContractTerms, Topic,
};
use crate::flags::Flag;
use crate::letters::{self, notice::Change};
use crate::rules::{rules_on, upcoming, RuleVersion, RulesView};
use crate::store::clients::primary_contact;
use crate::store::contracts::{self as store_contracts, covers_text, ContractRow};
use crate::store::invoices::invoices;
use crate::store::members::member_by_handle;
use crate::store::records::ContractRecord;
use crate::store::rules::{clients_with_rule_changes, set_notified, versions, versions_of};
use crate::store::{Db, Tx};
use crate::values::{Amount, Decimal, Money, MoneyInput, Span};

/// A contract as shown (the JSON of `contracts`, `add-contract` and
/// `show-client`).
#[derive(Debug, Clone, Serialize)]
pub struct ContractView {
    pub id: i64,
    pub client: String,
    pub signed: NaiveDate,
    pub kind: Option<String>,
    pub rate: Option<Amount>,
    pub expires: Option<NaiveDate>,
    pub covers: Vec<String>,
    pub file: Option<String>,
    /// Signed and unexpired on the as-of date.
    pub in_force: bool,
}

impl ContractView {
    /// The keys of its JSON object (the CSV header, also of an empty list).
    pub const KEYS: &'static [&'static str] =
        &["id", "client", "signed", "kind", "rate", "expires", "covers", "file", "in_force"];
}

impl ContractView {
    fn new(c: &ContractRow, today: NaiveDate) -> ContractView {
        ContractView {
            id: c.id,
            client: c.client.clone(),
            signed: c.signed,
            kind: c.kind.clone(),
            rate: c.rate,
            expires: c.expires,
            covers: c.covers.iter().map(|t| t.as_str().to_string()).collect(),
            file: c.file.clone(),
            in_force: c.terms().in_force_on(today),
        }
    }
}

/// A signed agreement to record.
#[derive(Debug, Clone)]
pub struct NewContract {
    pub signed: NaiveDate,
    /// `hourly`, `fixed` or `retainer`.
    pub kind: Option<String>,
    /// As typed, in the client's currency.
    pub rate: Option<MoneyInput>,
    pub expires: Option<NaiveDate>,
    pub covers: Vec<Topic>,
    /// The signed document, an absolute path.
    pub file: Option<String>,
}

/// Records a contract of `client`.
pub fn add_contract(tx: &Tx<'_>, env: &Env<'_>, client: &str, new: &NewContract) -> Result<ContractView> {
    let client = find_client(tx, client)?;
    let rate = new.rate.as_ref().map(|r| super::invoices::amount_in(r, client.currency)).transpose()?;
    let record = ContractRecord {
        id: 0,
        client_id: client.id,
        signed: new.signed,
        kind: new.kind.clone(),
        rate: rate.map(|r| Decimal::of(r, client.currency)),
        expires: new.expires,
        covers: covers_text(&new.covers),
        file: new.file.clone(),
        changed_at: None,
    };
    let id = store_contracts::insert_contract(tx, &record)?;
    let row = store_contracts::contracts(tx, Some(client.id), new.signed)?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| BookError::Inconsistent(format!("contract {id} vanished")))?;
    Ok(ContractView::new(&row, env.today()))
}

/// The contracts of one client (by id, or all) signed by the as-of date.
pub fn views(db: &impl Db, env: &Env<'_>, client: Option<i64>) -> Result<Vec<ContractView>> {
    let today = env.today();
    Ok(store_contracts::contracts(db, client, today)?.iter().map(|c| ContractView::new(c, today)).collect())
}

/// The contracts of one client (by handle, or all), as `contracts` lists them.
pub fn contracts(db: &impl Db, env: &Env<'_>, client: Option<&str>) -> Result<Vec<ContractView>> {
    let client = client.map(|h| find_client(db, h)).transpose()?;
    views(db, env, client.map(|c| c.id))
}

/// The contract flags of `check` for active clients (one, or all), as of the
/// as-of date. One query reads every contract; only clients with a contract
/// that leaves a topic uncovered, or with dated rule changes, need their
/// rule versions, read in one or a few queries however many do.
pub fn flags(db: &impl Db, env: &Env<'_>, client: Option<i64>) -> Result<Vec<Flag>> {
    let today = env.today();
    let clients = store_contracts::active_clients(db, client)?;
    if clients.is_empty() {
        return Ok(Vec::new());
    }
    let terms = store_contracts::contract_terms(db, client, today)?;
    let changing = clients_with_rule_changes(db, client)?;
    let no_terms: &[ContractTerms] = &[];
    let contracts_of = |id: &i64| terms.get(id).map_or(no_terms, Vec::as_slice);
    let partly_covered = |id: &i64| {
        let of = contracts_of(id);
        of.iter().any(|k| k.in_force_on(today)) && !fully_covered(of, today)
    };
    let needy: Vec<i64> =
        clients.iter().map(|c| c.id).filter(|id| changing.contains(id) || partly_covered(id)).collect();
    let versions: HashMap<i64, Vec<RuleVersion>> = versions_of(db, &needy)?;
    let start_of = |d: NaiveDate| env.start_of_day(d);
    let mut out = Vec::new();
    for c in &clients {
        let of = contracts_of(&c.id);
        let vs = versions.get(&c.id).map_or(&[][..], Vec::as_slice);
        if !fully_covered(of, today) && (!vs.is_empty() || !of.iter().any(|k| k.in_force_on(today))) {
            let cc = ClientContracts {
                handle: &c.handle,
                name: &c.name,
                since: env.instant(c.created_at),
                has_projects: c.has_projects,
                contracts: of,
                versions: vs,
            };
            out.extend(contract_flags(&cc, today, start_of));
        }
        if changing.contains(&c.id) && !vs.is_empty() {
            out.extend(unnotified_changes(&c.handle, vs, today, start_of));
        }
    }
    Ok(out)
}

/// The notice of a client's upcoming rule changes.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    pub client: String,
    /// The primary contact it is addressed to.
    pub to: Option<String>,
    pub changes: Vec<Change>,
    pub letter: String,
}

/// The client's typical invoice: the median amount of its invoices issued
/// by `today` (void ones aside), else 1,000 of its currency.
fn typical_invoice(
    db: &impl Db,
    client: i64,
    currency: crate::values::Currency,
    today: NaiveDate,
) -> Result<Money> {
    let mut amounts: Vec<Money> =
        invoices(db, Some(client), today)?.into_iter().filter(|i| !i.voided()).map(|i| i.amount()).collect();
    amounts.sort_unstable();
    Ok(amounts.get(amounts.len().saturating_sub(1) / 2).copied().unwrap_or(currency.whole(1000)))
}

/// The letter announcing `client`'s upcoming rule changes; `None` when
/// there is none to announce.
pub fn notice(db: &impl Db, env: &Env<'_>, client: &str) -> Result<Option<Notice>> {
    let today = env.today();
    let client = find_client(db, client)?;
    let all = versions(db, client.id)?;
    let coming = upcoming(&all, today);
    let pricing = letters::notice::Pricing {
        typical: typical_invoice(db, client.id, client.currency, today)?,
        currency: client.currency,
        numbers: env.config.numbers,
        rates: &env.config.reference_rates,
    };
    let list = letters::notice::changes(&all, &coming, pricing);
    if list.is_empty() {
        return Ok(None);
    }
    let primary = primary_contact(db, client.id)?;
    let to = primary.as_ref().and_then(|c| c.name.clone());
    let mut signer = Vec::new();
    if let Some(m) = member_by_handle(db, &client.manager)? {
        signer.push(m.name);
        signer.extend(m.email);
    }
    let letter = letters::notice::letter(&client.name, to.as_deref(), &signer, &list);
    Ok(Some(Notice {
        client: client.handle.clone(),
        to: primary.map(|c| c.display()),
        changes: list,
        letter,
    }))
}

/// A notice recorded as sent.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeSent {
    pub client: String,
    pub notified: NaiveDate,
    /// The effective dates of the versions the notice date was set on.
    pub changes: Vec<NaiveDate>,
}

/// Records that `client` was told on `date` of every change not yet in
/// force then that has no notice date (`send_notice`).
pub fn send_notice(tx: &Tx<'_>, env: &Env<'_>, client: &str, date: NaiveDate) -> Result<NoticeSent> {
    let client = find_client(tx, client)?;
    let all = versions(tx, client.id)?;
    let mut dates = Vec::new();
    for v in upcoming(&all, date) {
        if v.notified.is_none() {
            set_notified(tx, v.id, date, env.now_ts())?;
            dates.extend(v.effective);
        }
    }
    Ok(NoticeSent { client: client.handle.clone(), notified: date, changes: dates })
}

/// A client's expectations sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Sheet {
    pub client: String,
    pub as_of: NaiveDate,
    pub rules: RulesView,
    /// The rule changes taking effect after the as-of date.
    pub upcoming: Vec<Change>,
    pub markdown: String,
}

/// The check times of the config, in order.
fn check_times(env: &Env<'_>) -> Vec<NaiveTime> {
    let mut times = env.config.check_times.clone();
    times.sort_unstable();
    times
}

/// `client`'s expectations sheet from the rules in force on the as-of date,
/// with the changes coming after it.
pub fn sheet(db: &impl Db, env: &Env<'_>, client: &str) -> Result<Sheet> {
    let client = find_client(db, client)?;
    let today = env.today();
    let all = versions(db, client.id)?;
    let rules = rules_on(&all, today);
    let pricing = letters::notice::Pricing {
        typical: typical_invoice(db, client.id, client.currency, today)?,
        currency: client.currency,
        numbers: env.config.numbers,
        rates: &env.config.reference_rates,
    };
    let upcoming = letters::notice::changes(&all, &upcoming(&all, today), pricing);
    let contact = primary_contact(db, client.id)?.map(|c| c.display());
    let manager = match member_by_handle(db, &client.manager)? {
        Some(m) => match m.email {
            Some(e) => format!("{} <{e}>", m.name),
            None => m.name,
        },
        None => client.manager.clone(),
    };
    let times: Vec<String> = check_times(env).iter().map(|t| t.format("%H:%M").to_string()).collect();
    let party = letters::sheet::Party {
        name: &client.name,
        contact: contact.as_deref(),
        manager: &manager,
        currency: client.currency,
        numbers: env.config.numbers,
        rates: &env.config.reference_rates,
    };
    let mut markdown =
        letters::sheet::render(&party, &rules, &letters::business_hours(env.cal), &times, today);
    markdown += &letters::sheet::coming_changes(&upcoming);
    Ok(Sheet { client: client.handle.clone(), as_of: today, rules: rules.view(), upcoming, markdown })
}

/// The signature line.
#[derive(Debug, Clone, Serialize)]
pub struct Signature {
    pub client: Option<String>,
    pub check_times: Vec<String>,
    pub response: String,
    pub signature: String,
}

/// The signature line from the check times and a client's response promise
/// (from [`response_of`]), or the config's default.
pub fn signature(env: &Env<'_>, promise: Option<(String, Span)>) -> Signature {
    let (client, response) = match promise {
        Some((handle, span)) => (Some(handle), span),
        None => (None, env.config.defaults.response),
    };
    let times = check_times(env);
    let line = letters::signature_line(&times, response);
    Signature {
        client,
        check_times: times.iter().map(|t| t.format("%H:%M").to_string()).collect(),
        response: response.to_string(),
        signature: line,
    }
}

/// The response promise of `client` in force on the as-of date.
pub fn response_of(db: &impl Db, env: &Env<'_>, client: &str) -> Result<(String, Span)> {
    let client = find_client(db, client)?;
    Ok((client.handle.clone(), rules_on(&versions(db, client.id)?, env.today()).response))
}
