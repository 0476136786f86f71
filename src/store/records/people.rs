//! The rows of your team and the clients: members, clients, contacts and
//! rule versions.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{handle, insert, insert_sql, instant, is_false};
use crate::store::sql::{params, Param, Row};
use crate::store::{StoreError, Tx};

/// A member of your team (table `members`, alias `mb`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberRecord {
    pub id: i64,
    #[serde(deserialize_with = "handle")]
    pub handle: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl MemberRecord {
    pub const COLUMNS: &str = "mb.id, mb.handle, mb.name, mb.email";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(MemberRecord {
            id: r.get(at)?,
            handle: r.get(at + 1)?,
            name: r.get(at + 2)?,
            email: r.get(at + 3)?,
        })
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(&SQL, "members", Self::COLUMNS, keep_id);
        insert(tx, sql, keep_id, &self.params())
    }

    /// Its column values in the order of its `INSERT`, the id first.
    pub(crate) fn params(&self) -> Vec<Param<'_>> {
        params![self.id, self.handle, self.name, self.email]
    }
}

/// A client (table `clients`, alias `c`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientRecord {
    pub id: i64,
    #[serde(deserialize_with = "handle")]
    pub handle: String,
    pub name: String,
    pub manager_id: i64,
    pub currency: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub archived: bool,
    #[serde(with = "instant")]
    pub created_at: i64,
}

impl ClientRecord {
    pub const COLUMNS: &str = "c.id, c.handle, c.name, c.manager_id, c.currency, c.archived, c.created_at";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(ClientRecord {
            id: r.get(at)?,
            handle: r.get(at + 1)?,
            name: r.get(at + 2)?,
            manager_id: r.get(at + 3)?,
            currency: r.get(at + 4)?,
            archived: r.get(at + 5)?,
            created_at: r.get(at + 6)?,
        })
    }

    /// Its column values in the order of its `INSERT`, the id first.
    pub(crate) fn params(&self) -> Vec<Param<'_>> {
        let s = self;
        params![s.id, s.handle, s.name, s.manager_id, s.currency, s.archived, s.created_at]
    }
}

/// A person at a client (table `contacts`, alias `k`). The column
/// `email_key` (the e-mail folded for matching) is derived, not kept here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactRecord {
    pub id: i64,
    pub client_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub primary: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl ContactRecord {
    pub const COLUMNS: &str = "k.id, k.client_id, k.name, k.email, k.is_primary, k.role, k.phone";
    /// The columns of its `INSERT`: `COLUMNS` with the folded e-mail.
    pub const INSERT_COLUMNS: &str =
        "k.id, k.client_id, k.name, k.email, k.email_key, k.is_primary, k.role, k.phone";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(ContactRecord {
            id: r.get(at)?,
            client_id: r.get(at + 1)?,
            name: r.get(at + 2)?,
            email: r.get(at + 3)?,
            primary: r.get(at + 4)?,
            role: r.get(at + 5)?,
            phone: r.get(at + 6)?,
        })
    }

    /// The e-mail as matched: ASCII case folded by `expect`, not by the
    /// engine (the same on every engine and locale).
    pub fn email_key(email: Option<&str>) -> Option<String> {
        email.map(str::to_ascii_lowercase)
    }

    /// Its column values in the order of its `INSERT`, the id first.
    pub(crate) fn params(&self) -> Vec<Param<'_>> {
        let s = self;
        let key = Self::email_key(s.email.as_deref()).map_or(Param::Null, Param::Owned);
        let mut out = params![s.id, s.client_id, s.name, s.email, s.primary, s.role, s.phone];
        out.insert(4, key);
        out
    }

    /// `Jane Doe <jane@acme.example>`, or whichever part is known.
    pub fn display(&self) -> String {
        match (&self.name, &self.email) {
            (Some(n), Some(e)) => format!("{n} <{e}>"),
            (Some(n), None) => n.clone(),
            (None, Some(e)) => e.clone(),
            (None, None) => String::new(),
        }
    }
}

/// A version of a client's rules (table `rule_versions`, alias `rv`): only
/// the rules it names, `""` for a cleared optional rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleVersionRecord {
    pub id: i64,
    pub client_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notified: Option<NaiveDate>,
    #[serde(with = "instant")]
    pub created_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_fee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend_after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turnaround: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_within: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cutoff: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rush_fee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase_gating: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_period: Option<String>,
    /// The as-of time of the command that last changed it.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub changed_at: Option<i64>,
}

impl RuleVersionRecord {
    /// The record of a version holding the rules of `patch`, in canonical
    /// text.
    pub fn new(
        id: i64,
        client_id: i64,
        effective: Option<NaiveDate>,
        notified: Option<NaiveDate>,
        patch: &crate::rules::RulePatch,
        created_at: i64,
    ) -> RuleVersionRecord {
        let mut rec = RuleVersionRecord {
            id,
            client_id,
            effective,
            notified,
            created_at,
            channels: None,
            response: None,
            terms: None,
            grace: None,
            late_fee: None,
            interest: None,
            suspend_after: None,
            turnaround: None,
            start_within: None,
            cutoff: None,
            rush_fee: None,
            phase_gating: None,
            notice_period: None,
            changed_at: None,
        };
        let entries = patch.entries();
        for (name, slot) in crate::rules::RULE_NAMES.iter().zip(rec.rules_mut()) {
            *slot = entries.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        }
        rec
    }

    pub const COLUMNS: &str = "rv.id, rv.client_id, rv.effective, rv.notified, rv.created_at, rv.channels, \
        rv.response, rv.terms, rv.grace, rv.late_fee, rv.interest, rv.suspend_after, rv.turnaround, \
        rv.start_within, rv.cutoff, rv.rush_fee, rv.phase_gating, rv.notice_period, rv.changed_at";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(RuleVersionRecord {
            id: r.get(at)?,
            client_id: r.get(at + 1)?,
            effective: r.get(at + 2)?,
            notified: r.get(at + 3)?,
            created_at: r.get(at + 4)?,
            channels: r.get(at + 5)?,
            response: r.get(at + 6)?,
            terms: r.get(at + 7)?,
            grace: r.get(at + 8)?,
            late_fee: r.get(at + 9)?,
            interest: r.get(at + 10)?,
            suspend_after: r.get(at + 11)?,
            turnaround: r.get(at + 12)?,
            start_within: r.get(at + 13)?,
            cutoff: r.get(at + 14)?,
            rush_fee: r.get(at + 15)?,
            phase_gating: r.get(at + 16)?,
            notice_period: r.get(at + 17)?,
            changed_at: r.get(at + 18)?,
        })
    }

    /// The rule values in [`crate::rules::RULE_NAMES`] order.
    pub fn rules(&self) -> [&Option<String>; 13] {
        [
            &self.channels,
            &self.response,
            &self.terms,
            &self.grace,
            &self.late_fee,
            &self.interest,
            &self.suspend_after,
            &self.turnaround,
            &self.start_within,
            &self.cutoff,
            &self.rush_fee,
            &self.phase_gating,
            &self.notice_period,
        ]
    }

    /// The rule values, settable in [`crate::rules::RULE_NAMES`] order.
    pub fn rules_mut(&mut self) -> [&mut Option<String>; 13] {
        [
            &mut self.channels,
            &mut self.response,
            &mut self.terms,
            &mut self.grace,
            &mut self.late_fee,
            &mut self.interest,
            &mut self.suspend_after,
            &mut self.turnaround,
            &mut self.start_within,
            &mut self.cutoff,
            &mut self.rush_fee,
            &mut self.phase_gating,
            &mut self.notice_period,
        ]
    }

    /// Its column values in the order of its `INSERT`, the id first.
    pub(crate) fn params(&self) -> Vec<Param<'_>> {
        let s = self;
        let r = s.rules();
        params![
            s.id,
            s.client_id,
            s.effective,
            s.notified,
            s.created_at,
            *r[0],
            *r[1],
            *r[2],
            *r[3],
            *r[4],
            *r[5],
            *r[6],
            *r[7],
            *r[8],
            *r[9],
            *r[10],
            *r[11],
            *r[12],
            s.changed_at
        ]
    }
}

/// A client's mail domain (table `client_domains`, alias `cd`): lower-case,
/// without subdomains; a domain belongs to one client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientDomainRecord {
    pub id: i64,
    pub client_id: i64,
    pub domain: String,
}

impl ClientDomainRecord {
    pub const COLUMNS: &str = "cd.id, cd.client_id, cd.domain";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(ClientDomainRecord { id: r.get(at)?, client_id: r.get(at + 1)?, domain: r.get(at + 2)? })
    }

    /// Its column values in the order of its `INSERT`, the id first.
    pub(crate) fn params(&self) -> Vec<Param<'_>> {
        params![self.id, self.client_id, self.domain]
    }
}
