//! `expect contracts`: the signed agreements on record (of one client, or
//! all), as of the as-of date: contracts signed after it are not shown.
//! Also the contract flags of `check` ([`check_flags`]), which read what the
//! pure detectors of `flags::contract` need in a few whole-table queries.

use std::collections::HashMap;
use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use crate::context::Ctx;
use crate::flags::contract::{
    contract_flags, fully_covered, unnotified_changes, ClientContracts, ContractTerms,
};
use crate::flags::Flag;
use crate::output::{Cell, Style};
use crate::rules::RuleVersion;
use crate::store::contracts::{
    active_clients, clients_with_rule_changes, contract_terms, contracts, ContractRow,
};
use crate::store::rules::{all_versions, versions};
use crate::store::Db;
use crate::values::Money;

use super::find_client;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this client's contracts
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
}

/// A contract as shown (the JSON of `contracts`, `add-contract` and
/// `show-client`).
#[derive(Debug, Clone, Serialize)]
pub struct ContractView {
    pub id: i64,
    pub client: String,
    pub signed: NaiveDate,
    pub kind: Option<String>,
    #[serde(serialize_with = "crate::output::money_opt")]
    pub rate: Option<Money>,
    pub expires: Option<NaiveDate>,
    pub covers: Vec<String>,
    pub file: Option<String>,
    /// Signed and unexpired on the as-of date.
    pub in_force: bool,
}

impl ContractView {
    pub fn new(c: &ContractRow, today: NaiveDate) -> ContractView {
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

    /// One line for text pages: `2 signed 2026-01-05, hourly 120.00, until
    /// 2027-01-04 (expired): payment, late-fee`.
    pub fn line(&self) -> String {
        let mut s = format!("{} signed {}", self.id, self.signed);
        if let Some(k) = &self.kind {
            s += &format!(", {k}");
        }
        if let Some(r) = &self.rate {
            s += &format!(" {}", r.grouped());
        }
        if let Some(e) = self.expires {
            s += &format!(", until {e}");
        }
        if !self.in_force {
            s += " (expired)";
        }
        s += &format!(": {}", self.covers.join(", "));
        if let Some(f) = &self.file {
            s += &format!(" [{f}]");
        }
        s
    }
}

/// The contracts of one client (or all) as shown, as of the context's date.
pub fn views(db: &impl Db, ctx: &Ctx, client: Option<i64>) -> anyhow::Result<Vec<ContractView>> {
    let today = ctx.today();
    Ok(contracts(db, client, today)?.iter().map(|c| ContractView::new(c, today)).collect())
}

/// From this many clients needing their rule versions on, `check` reads
/// every client's versions in one query rather than one query each.
const READ_ALL_VERSIONS_FROM: usize = 2000;

/// The contract flags of `check` (`no-contract`, `contract-gap`,
/// `unnotified-change`) for active clients (one, or all), as of the
/// context's date. One query reads every contract; only clients with a
/// contract that leaves a topic uncovered, or with dated rule changes, need
/// their rule versions, read all at once (`all_versions`) when many do.
pub fn check_flags(db: &impl Db, ctx: &Ctx, client: Option<i64>) -> anyhow::Result<Vec<Flag>> {
    let today = ctx.today();
    let clients = active_clients(db, client)?;
    if clients.is_empty() {
        return Ok(Vec::new());
    }
    let terms = contract_terms(db, client, today)?;
    let changing = clients_with_rule_changes(db, client)?;
    let no_terms: &[ContractTerms] = &[];
    let contracts_of = |id: &i64| terms.get(id).map_or(no_terms, Vec::as_slice);
    let partly_covered = |id: &i64| {
        let of = contracts_of(id);
        of.iter().any(|k| k.in_force_on(today)) && !fully_covered(of, today)
    };
    let needy: Vec<i64> =
        clients.iter().map(|c| c.0).filter(|id| changing.contains(id) || partly_covered(id)).collect();
    let versions: HashMap<i64, Vec<RuleVersion>> = if needy.len() >= READ_ALL_VERSIONS_FROM {
        all_versions(db)?
    } else {
        needy.iter().map(|id| Ok((*id, versions(db, *id)?))).collect::<anyhow::Result<_>>()?
    };
    let start_of = |d: NaiveDate| ctx.cal.start_of_day(d);
    let mut out = Vec::new();
    for (id, handle, name, created) in &clients {
        let of = contracts_of(id);
        let vs = versions.get(id).map_or(&[][..], Vec::as_slice);
        if !fully_covered(of, today) && (!vs.is_empty() || !of.iter().any(|k| k.in_force_on(today))) {
            let c =
                ClientContracts { handle, name, since: ctx.instant(*created), contracts: of, versions: vs };
            out.extend(contract_flags(&c, today, start_of));
        }
        if changing.contains(id) && !vs.is_empty() {
            out.extend(unnotified_changes(handle, vs, today, start_of));
        }
    }
    Ok(out)
}

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let store = ctx.store()?;
        let db = store.read();
        let client = self.client.as_deref().map(|h| find_client(&db, h)).transpose()?;
        let rows = views(&db, ctx, client.map(|c| c.id))?;
        ctx.out.list(
            &rows,
            &["id", "client", "signed", "kind", "rate", "expires", "covers", "file"],
            |c| {
                vec![
                    c.id.to_string().into(),
                    c.client.clone().into(),
                    c.signed.to_string().into(),
                    c.kind.clone().unwrap_or_default().into(),
                    c.rate.map(Money::grouped).unwrap_or_default().into(),
                    match c.expires {
                        Some(e) if !c.in_force => Cell::styled(e.to_string(), Style::Bad),
                        Some(e) => e.to_string().into(),
                        None => Cell::from(""),
                    },
                    c.covers.join(",").into(),
                    c.file.clone().unwrap_or_default().into(),
                ]
            },
        )?;
        Ok(ExitCode::SUCCESS)
    }
}
