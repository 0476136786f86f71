//! Clients, their contacts and rules, and your team: adding a client with
//! the rules agreed, changing its details or its rules (a rule change is a
//! new version from an effective date, SPEC 5), contacts, members,
//! archiving, and the page `show-client` shows.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{check, client_money, contracts, domains, invoices, messages, BookError, Env, Result};
use crate::book::error::Kind;
use crate::flags::Flag;
use crate::rules::{rules_before, rules_on, upcoming, with_notice, RulePatch, RuleVersion, RulesView};
use crate::store::clients::{self as store_clients, ClientRow};
use crate::store::records::{ClientRecord, ContactRecord, MemberRecord};
use crate::store::rules::{insert_version, update_version, versions};
use crate::store::{members, Db, Tx};
use crate::values::{Currency, Domain, Handle, MoneyInput, Person};

/// The client named `handle`.
pub fn find_client(db: &impl Db, handle: &str) -> Result<ClientRow> {
    store_clients::client_by_handle(db, handle)?.ok_or_else(|| BookError::unknown(Kind::Client, handle))
}

/// The member named `handle`.
pub fn find_member(db: &impl Db, handle: &str) -> Result<MemberRecord> {
    members::member_by_handle(db, handle)?.ok_or_else(|| BookError::unknown(Kind::Member, handle))
}

/// Every client by handle (archived ones too with `all`).
pub fn clients(db: &impl Db, all: bool) -> Result<Vec<ClientRow>> {
    Ok(store_clients::clients(db, all)?)
}

/// A member of your team as shown (`members`, `init`; SPEC 2: `handle`,
/// `name`, `email`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberView {
    #[serde(skip)]
    pub id: i64,
    pub handle: String,
    pub name: String,
    pub email: Option<String>,
}

impl MemberView {
    /// The keys of its JSON object (the CSV header, also of an empty list).
    pub const KEYS: &'static [&'static str] = &["handle", "name", "email"];
}

impl From<MemberRecord> for MemberView {
    fn from(m: MemberRecord) -> MemberView {
        MemberView { id: m.id, handle: m.handle, name: m.name, email: m.email }
    }
}

/// A member as added: with its id.
#[derive(Debug, Clone, Serialize)]
pub struct MemberAdded {
    pub id: i64,
    #[serde(flatten)]
    pub member: MemberView,
}

/// Your team, by handle.
pub fn members(db: &impl Db) -> Result<Vec<MemberView>> {
    Ok(members::members(db)?.into_iter().map(MemberView::from).collect())
}

/// A new client, as `add-client` gives it.
#[derive(Debug, Clone)]
pub struct NewClient {
    pub handle: Handle,
    pub name: String,
    /// The primary contact.
    pub contact: Option<Person>,
    /// The member who is the client's point of contact on your side.
    pub manager: String,
    pub currency: Currency,
    /// The rules agreed, over the config's defaults.
    pub rules: RulePatch,
    /// Its mail domains.
    pub domains: Vec<Domain>,
    /// The flat fees among them as typed (checked against the currency).
    pub typed_fees: Vec<MoneyInput>,
}

/// Records a client, its first (complete) rule version, its primary
/// contact and its mail domains; returns the client as `show-client` shows
/// it.
pub fn add_client(tx: &Tx<'_>, env: &Env<'_>, new: &NewClient) -> Result<ClientView> {
    if store_clients::client_by_handle(tx, new.handle.as_str())?.is_some() {
        return Err(BookError::ClientExists(new.handle.as_str().to_string()));
    }
    let manager = find_member(tx, &new.manager)?;
    let mut rules = env.config.defaults.clone();
    new.rules.apply_to(&mut rules);
    let mut patch = rules.to_patch();
    client_money::fees_in(new.currency, &new.typed_fees, &mut patch)?;
    let record = ClientRecord {
        id: 0,
        handle: new.handle.as_str().to_string(),
        name: new.name.clone(),
        manager_id: manager.id,
        currency: new.currency.to_string(),
        archived: false,
        created_at: env.now_ts(),
    };
    let id = store_clients::insert_client(tx, &record)?;
    insert_version(tx, id, None, None, &patch, env.now_ts())?;
    if let Some(p) = &new.contact {
        let contact = ContactRecord {
            id: 0,
            client_id: id,
            name: p.name.clone(),
            email: p.email.clone(),
            primary: true,
            role: None,
            phone: None,
        };
        store_clients::insert_contact(tx, &contact)?;
    }
    domains::change_domains(tx, id, new.handle.as_str(), &new.domains, &[])?;
    client_view(tx, env, new.handle.as_str())
}

/// A change to a client (`edit-client`): details at once, rules as a
/// version from an effective date.
#[derive(Debug, Clone, Default)]
pub struct ClientEdit {
    pub name: Option<String>,
    pub manager: Option<String>,
    pub currency: Option<Currency>,
    pub rules: RulePatch,
    /// The flat fees among the rules as typed (checked against the currency).
    pub typed_fees: Vec<MoneyInput>,
    /// When the rule change takes effect (default: today, or
    /// `notice_period` from today for a stricter change).
    pub effective: Option<NaiveDate>,
    /// When the client was told of it.
    pub notified: Option<NaiveDate>,
    /// Mail domains to add and to remove.
    pub add_domains: Vec<Domain>,
    pub remove_domains: Vec<Domain>,
}

/// What an edit did.
#[derive(Debug, Clone, Serialize)]
pub struct Edited {
    /// The rule version made or amended.
    pub id: Option<i64>,
    pub client: String,
    pub effective: Option<NaiveDate>,
    pub notified: Option<NaiveDate>,
    /// An existing version of that date was amended.
    pub amended: bool,
    /// The rules the version holds, in canonical form (`null`: cleared).
    pub changes: Map<String, Value>,
    /// The rules it makes stricter for the client (these need notice).
    pub stricter: Vec<&'static str>,
    /// The client's mail domains after the edit.
    pub domains: Vec<String>,
}

/// The date a rule change without an effective date takes: today, or
/// `notice_period` from today when it is stricter than the rules in force.
pub fn default_effective(all: &[RuleVersion], patch: &RulePatch, today: NaiveDate) -> NaiveDate {
    let now = rules_on(all, today);
    if patch.stricter_than(&now).is_empty() {
        today
    } else {
        with_notice(today, now.notice_period)
    }
}

/// The rules a patch names, as `{"late_fee": "10%", "interest": null}`.
fn changes_map(patch: &RulePatch) -> Map<String, Value> {
    patch
        .entries()
        .into_iter()
        .map(|(k, v)| (k.to_string(), if v.is_empty() { Value::Null } else { Value::String(v) }))
        .collect()
}

/// Changes a client: name, manager and currency at once; rules as a new
/// version (or an amendment of the version of the same date). Amending a
/// version to a stricter value than announced clears its notice date.
pub fn edit_client(tx: &Tx<'_>, env: &Env<'_>, handle: &str, edit: &ClientEdit) -> Result<Edited> {
    let client = find_client(tx, handle)?;
    let currency = client_money::currency_after(tx, &client, edit.currency)?;
    let mut patch = edit.rules.clone();
    client_money::fees_in(currency, &edit.typed_fees, &mut patch)?;
    if edit.name.is_some() || edit.currency.is_some() || edit.manager.is_some() {
        let manager = match &edit.manager {
            Some(m) => find_member(tx, m)?.id,
            None => client.manager_id,
        };
        store_clients::update_client(
            tx,
            client.id,
            edit.name.as_deref().unwrap_or(&client.name),
            manager,
            currency,
        )?;
    }
    domains::change_domains(tx, client.id, &client.handle, &edit.add_domains, &edit.remove_domains)?;
    let domains = domains::domains(tx, client.id)?;
    let patch = &patch;
    if patch.is_empty() && edit.notified.is_none() {
        return Ok(Edited {
            id: None,
            client: client.handle.clone(),
            effective: None,
            notified: None,
            amended: false,
            changes: Map::new(),
            stricter: Vec::new(),
            domains,
        });
    }
    if patch.is_empty() && edit.effective.is_none() {
        return Err(BookError::NoticeWithoutDate { client: client.handle.clone() });
    }
    let all = versions(tx, client.id)?;
    let date = edit.effective.unwrap_or_else(|| default_effective(&all, patch, env.today()));
    let before = rules_before(&all, date);
    let existing = all.iter().find(|v| v.effective == Some(date));
    let (id, amended, merged, notice) = match existing {
        Some(v) => {
            let mut merged = v.patch.clone();
            merged.merge(patch);
            // Stricter than what the client was told clears the notice;
            // milder than that keeps it.
            let mut announced = before.clone();
            v.patch.apply_to(&mut announced);
            let keep_notice = if patch.stricter_than(&announced).is_empty() { v.notified } else { None };
            let notice = edit.notified.or(keep_notice);
            update_version(tx, v.id, &merged, notice, env.now_ts())?;
            (v.id, true, merged, notice)
        }
        None if patch.is_empty() => {
            return Err(BookError::NoRuleChange { client: client.handle.clone(), date });
        }
        None => (
            insert_version(tx, client.id, Some(date), edit.notified, patch, env.now_ts())?,
            false,
            patch.clone(),
            edit.notified,
        ),
    };
    client_money::rules_changed(tx, env, client.id)?;
    Ok(Edited {
        id: Some(id),
        client: client.handle.clone(),
        effective: Some(date),
        notified: notice,
        amended,
        changes: changes_map(&merged),
        stricter: merged.stricter_than(&before),
        domains,
    })
}

/// A contact as recorded by `add-contact`.
#[derive(Debug, Clone, Serialize)]
pub struct ContactMade {
    pub id: i64,
    pub client: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub primary: bool,
    pub role: Option<String>,
    pub phone: Option<String>,
    /// An existing contact was updated rather than a new one added.
    #[serde(skip)]
    pub updated: bool,
}

/// Adds a person at a client, or updates the one of that e-mail (or name);
/// `primary` makes them the single point of contact.
pub fn add_contact(
    tx: &Tx<'_>,
    client: &str,
    person: &Person,
    primary: bool,
    role: Option<&str>,
    phone: Option<&str>,
) -> Result<ContactMade> {
    let client = find_client(tx, client)?;
    let (name, email) = (person.name.as_deref(), person.email.as_deref());
    let existing = store_clients::find_contact(tx, client.id, name, email)?;
    let (id, updated) = if let Some(c) = &existing {
        store_clients::update_contact(tx, c, name, email, primary, role, phone)?;
        (c.id, true)
    } else {
        let new = ContactRecord {
            id: 0,
            client_id: client.id,
            name: name.map(Into::into),
            email: email.map(Into::into),
            primary,
            role: role.map(Into::into),
            phone: phone.map(Into::into),
        };
        (store_clients::insert_contact(tx, &new)?, false)
    };
    let c = store_clients::contact_by_id(tx, id)?
        .ok_or_else(|| BookError::Inconsistent(format!("contact {id} vanished")))?;
    Ok(ContactMade {
        id,
        client: client.handle.clone(),
        name: c.name,
        email: c.email,
        primary: c.primary,
        role: c.role,
        phone: c.phone,
        updated,
    })
}

/// Adds a member of your team.
pub fn add_member(tx: &Tx<'_>, handle: &Handle, name: &str, email: Option<&str>) -> Result<MemberAdded> {
    if members::member_by_handle(tx, handle.as_str())?.is_some() {
        return Err(BookError::MemberExists(handle.as_str().to_string()));
    }
    let m = members::insert_member(tx, handle.as_str(), name, email)?;
    Ok(MemberAdded { id: m.id, member: m.into() })
}

/// Sets your own name and e-mail (member `me`, or the handle the config's
/// `me` names) where given; on a shared book a member not there yet is
/// added, with the name given. True when it was added.
pub fn update_me(tx: &Tx<'_>, me: &str, name: Option<&str>, email: Option<&str>) -> Result<bool> {
    let Some(found) = members::member_by_handle(tx, me)? else {
        // A new member of a shared book joins with their name.
        let Some(name) = name else {
            return Err(BookError::Unknown { kind: Kind::Member, name: me.to_string(), near: None });
        };
        let handle: Handle =
            me.parse().map_err(|_| BookError::Inconsistent(format!("{me:?} is not a member handle")))?;
        add_member(tx, &handle, name, email)?;
        return Ok(true);
    };
    let name = name.map_or(found.name, str::to_string);
    let email = email.map(str::to_string).or(found.email);
    members::update_member(tx, found.id, &name, email.as_deref())?;
    Ok(false)
}

/// The member this person is (`me`, or the config's `me`), if the book
/// holds them.
pub fn me(db: &impl Db, me: &str) -> Result<Option<MemberView>> {
    Ok(members::member_by_handle(db, me)?.map(MemberView::from))
}

/// Archives (hides, never flags) or restores a client; false when it
/// already was. A client with an invoice balance cannot be archived.
pub fn set_archived(tx: &Tx<'_>, handle: &str, archived: bool) -> Result<bool> {
    let client = find_client(tx, handle)?;
    if client.archived == archived {
        return Ok(false);
    }
    if archived {
        let count = crate::store::invoices::unsettled_invoices(tx, client.id)?;
        if count > 0 {
            return Err(BookError::OpenInvoices { client: client.handle.clone(), count });
        }
    }
    store_clients::set_archived(tx, client.id, archived)?;
    Ok(true)
}

/// A contact as shown.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub name: Option<String>,
    pub email: Option<String>,
    pub primary: bool,
    pub role: Option<String>,
    pub phone: Option<String>,
}

/// A rule change that takes effect after the as-of date.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub effective: NaiveDate,
    pub notified: Option<NaiveDate>,
    /// The rules it sets, in canonical form (`null`: cleared).
    pub changes: Map<String, Value>,
    /// The rules it makes stricter for the client (these need notice).
    pub stricter: Vec<&'static str>,
}

/// Everything `show-client` shows (the JSON of SPEC 5).
#[derive(Debug, Clone, Serialize)]
pub struct ClientView {
    pub id: i64,
    pub handle: String,
    pub name: String,
    pub manager: String,
    pub currency: Currency,
    pub archived: bool,
    pub contacts: Vec<ContactView>,
    /// Its mail domains, in byte order.
    pub domains: Vec<String>,
    /// The date the rules are in force on (the as-of date).
    pub as_of: NaiveDate,
    pub rules: RulesView,
    /// The interest rule in plain words, for a statutory scheme with the
    /// rate in force (`... 2.27% + 9 points = 11.27% a year`).
    pub interest_words: Option<String>,
    pub upcoming: Vec<ChangeView>,
    pub flags: Vec<Flag>,
    /// Requests not delivered yet.
    pub open_requests: Vec<messages::MessageView>,
    /// Invoices with a principal balance (the keys of `invoices`).
    pub open_invoices: Vec<invoices::InvoiceLine>,
    /// Contracts signed by the as-of date (the keys of `contracts`).
    pub contracts: Vec<contracts::ContractView>,
}

/// The upcoming rule changes of a client, each against the rules in force
/// the day before it.
pub fn upcoming_changes(all: &[RuleVersion], today: NaiveDate) -> Vec<ChangeView> {
    upcoming(all, today)
        .into_iter()
        .map(|v| {
            let effective = v.effective.unwrap_or(today);
            ChangeView {
                effective,
                notified: v.notified,
                changes: changes_map(&v.patch),
                stricter: v.patch.stricter_than(&rules_before(all, effective)),
            }
        })
        .collect()
}

/// Client `handle` as of the as-of time: rules in force, upcoming changes,
/// contacts, open requests and invoices, contracts and current flags.
pub fn client_view(db: &impl Db, env: &Env<'_>, handle: &str) -> Result<ClientView> {
    let client = find_client(db, handle)?;
    let all = versions(db, client.id)?;
    let today = env.today();
    let contacts = store_clients::contacts(db, client.id)?
        .into_iter()
        .map(|c| ContactView {
            name: c.name,
            email: c.email,
            primary: c.primary,
            role: c.role,
            phone: c.phone,
        })
        .collect();
    let flags = if client.archived {
        Vec::new()
    } else {
        check::gather(db, env, &check::Filter { client: Some(client.id), ..check::Filter::default() })?
    };
    let rules = rules_on(&all, today);
    Ok(ClientView {
        id: client.id,
        handle: client.handle.clone(),
        name: client.name.clone(),
        manager: client.manager.clone(),
        currency: client.currency,
        archived: client.archived,
        contacts,
        domains: domains::domains(db, client.id)?,
        as_of: today,
        rules: rules.view(),
        interest_words: rules
            .interest
            .map(|i| crate::letters::interest_rule_words(i, today, &env.config.reference_rates)),
        upcoming: upcoming_changes(&all, today),
        flags,
        open_requests: messages::open_requests(db, env, client.id)?,
        open_invoices: invoices::lines(db, env, Some(client.id), true)?,
        contracts: contracts::views(db, env, Some(client.id))?,
    })
}
