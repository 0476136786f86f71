//! The rows of the money side: projects and phases, invoices, payments and
//! reminders. An amount is stored in its client's currency's minor unit
//! and held as a [`Decimal`] with that currency's decimals, so a document
//! writes it as the currency has it (`1500.00`, JPY `150000`): a query
//! reading one of these rows selects, right after its `COLUMNS`, the
//! client's currency (`c.currency`).

use std::sync::OnceLock;

use chrono::NaiveDate;
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use super::{insert, insert_sql, instant};
use crate::store::sql::{params, Param, Row};
use crate::store::{StoreError, Tx};
use crate::values::{Currency, Decimal};

/// A project (table `projects`, alias `pj`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectRecord {
    pub id: i64,
    pub client_id: i64,
    pub name: String,
}

impl ProjectRecord {
    pub const COLUMNS: &str = "pj.id, pj.client_id, pj.name";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(ProjectRecord { id: r.get(at)?, client_id: r.get(at + 1)?, name: r.get(at + 2)? })
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(&SQL, "projects", Self::COLUMNS, keep_id);
        insert(tx, sql, keep_id, &self.params())
    }

    /// Its column values in the order of its `INSERT`, the id first.
    pub(crate) fn params(&self) -> Vec<Param<'_>> {
        params![self.id, self.client_id, self.name]
    }
}

/// A phase of a project, in order (table `phases`, alias `ph`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseRecord {
    pub id: i64,
    pub project_id: i64,
    pub position: i64,
    pub name: String,
    pub amount: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_on: Option<NaiveDate>,
}

impl PhaseRecord {
    pub const COLUMNS: &str = "ph.id, ph.project_id, ph.position, ph.name, ph.amount, ph.started_on";
    /// What to select it from: the phase with its client's currency.
    pub const FROM: &str =
        "phases ph JOIN projects pj ON pj.id = ph.project_id JOIN clients c ON c.id = pj.client_id";

    /// Reads `COLUMNS` from `at`, then the currency.
    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(PhaseRecord {
            id: r.get(at)?,
            project_id: r.get(at + 1)?,
            position: r.get(at + 2)?,
            name: r.get(at + 3)?,
            amount: r.amount(at + 4, at + 6)?,
            started_on: r.get(at + 5)?,
        })
    }

    pub fn insert(&self, tx: &Tx<'_>, keep_id: bool) -> Result<i64, StoreError> {
        static SQL: OnceLock<[String; 2]> = OnceLock::new();
        let sql = insert_sql(&SQL, "phases", Self::COLUMNS, keep_id);
        insert(tx, sql, keep_id, &self.params())
    }

    /// Its column values in the order of its `INSERT`, the id first.
    pub(crate) fn params(&self) -> Vec<Param<'_>> {
        let s = self;
        params![s.id, s.project_id, s.position, s.name, s.amount, s.started_on]
    }
}

/// The columns of an invoice (alias `i`) in the order `from_row` reads
/// them, as a literal: the one list that [`InvoiceRecord::COLUMNS`], the
/// columns of its import and the store's `concat!`ed queries are made of.
macro_rules! invoice_columns {
    () => {
        "i.id, i.client_id, i.number, i.amount, i.issued, i.due, i.terms, i.phase_id, i.settled_on, \
         i.voided_at, i.void_reason, i.created_at, i.changed_at"
    };
}
pub(crate) use invoice_columns;

/// An invoice (table `invoices`, alias `i`). `due` is computed from the
/// terms in force on `issued` and kept; `settled_on` is derived from the
/// payments ([`crate::money::settled_on`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceRecord {
    pub id: i64,
    pub client_id: i64,
    pub number: CompactString,
    pub amount: Decimal,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    pub terms: CompactString,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub voided_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub void_reason: Option<String>,
    #[serde(with = "instant")]
    pub created_at: i64,
    /// The as-of time of the command that last changed it.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "instant::opt")]
    pub changed_at: Option<i64>,
}

impl InvoiceRecord {
    pub const COLUMNS: &str = invoice_columns!();
    /// What to select it from: the invoice with its client's currency.
    pub const FROM: &str = "invoices i JOIN clients c ON c.id = i.client_id";

    /// Reads `COLUMNS` from `at`, then the currency.
    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Self::from_row_in(r, at, r.get(at + 13)?)
    }

    /// Reads `COLUMNS` from `at`, its amount in `currency`.
    pub fn from_row_in(r: &Row<'_>, at: usize, currency: Currency) -> Result<Self, StoreError> {
        Ok(InvoiceRecord {
            id: r.get(at)?,
            client_id: r.get(at + 1)?,
            number: r.get(at + 2)?,
            amount: Decimal::of(r.get(at + 3)?, currency),
            issued: r.get(at + 4)?,
            due: r.get(at + 5)?,
            terms: r.get(at + 6)?,
            phase_id: r.get(at + 7)?,
            settled_on: r.get(at + 8)?,
            voided_at: r.get(at + 9)?,
            void_reason: r.get(at + 10)?,
            created_at: r.get(at + 11)?,
            changed_at: r.get(at + 12)?,
        })
    }

    /// Its column values in the order of its `INSERT`, the id first.
    pub(crate) fn params(&self) -> Vec<Param<'_>> {
        let s = self;
        params![
            s.id,
            s.client_id,
            s.number,
            s.amount,
            s.issued,
            s.due,
            s.terms,
            s.phase_id,
            s.settled_on,
            s.voided_at,
            s.void_reason,
            s.created_at,
            s.changed_at
        ]
    }
}

/// A payment (table `payments`, alias `p`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentRecord {
    pub id: i64,
    pub invoice_id: i64,
    pub amount: Decimal,
    pub paid_on: NaiveDate,
    #[serde(with = "instant")]
    pub created_at: i64,
}

impl PaymentRecord {
    pub const COLUMNS: &str = "p.id, p.invoice_id, p.amount, p.paid_on, p.created_at";
    /// What to select it from: the payment with its client's currency.
    pub const FROM: &str =
        "payments p JOIN invoices i ON i.id = p.invoice_id JOIN clients c ON c.id = i.client_id";

    /// Reads `COLUMNS` from `at`, then the currency.
    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(PaymentRecord {
            id: r.get(at)?,
            invoice_id: r.get(at + 1)?,
            amount: r.amount(at + 2, at + 5)?,
            paid_on: r.get(at + 3)?,
            created_at: r.get(at + 4)?,
        })
    }

    /// What the money domain needs of it (in minor units of its currency).
    pub fn payment(&self) -> crate::money::Payment {
        crate::money::Payment { on: self.paid_on, amount: self.amount.minor() }
    }

    /// Its column values in the order of its `INSERT`, the id first.
    pub(crate) fn params(&self) -> Vec<Param<'_>> {
        let s = self;
        params![s.id, s.invoice_id, s.amount, s.paid_on, s.created_at]
    }
}

/// A reminder recorded as sent (table `reminders`, alias `r`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderRecord {
    pub id: i64,
    pub invoice_id: i64,
    pub step: i64,
    pub tone: String,
    #[serde(with = "instant")]
    pub sent_at: i64,
    /// The text sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The Message-ID of the e-mail it was written as (without `<>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
}

impl ReminderRecord {
    pub const COLUMNS: &str = "r.id, r.invoice_id, r.step, r.tone, r.sent_at, r.text, r.message_id";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(ReminderRecord {
            id: r.get(at)?,
            invoice_id: r.get(at + 1)?,
            step: r.get(at + 2)?,
            tone: r.get(at + 3)?,
            sent_at: r.get(at + 4)?,
            text: r.get(at + 5)?,
            message_id: r.get(at + 6)?,
        })
    }

    /// Its column values in the order of its `INSERT`, the id first.
    pub(crate) fn params(&self) -> Vec<Param<'_>> {
        let s = self;
        params![s.id, s.invoice_id, s.step, s.tone, s.sent_at, s.text, s.message_id]
    }
}

/// A late fee or interest forgone (table `waivers`, alias `wv`): `charge`
/// is `fee` or `interest`, waived from `waived_on` on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiverRecord {
    pub id: i64,
    pub invoice_id: i64,
    pub charge: String,
    pub waived_on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(with = "instant")]
    pub created_at: i64,
}

impl WaiverRecord {
    pub const COLUMNS: &str = "wv.id, wv.invoice_id, wv.charge, wv.waived_on, wv.reason, wv.created_at";

    pub fn from_row(r: &Row<'_>, at: usize) -> Result<Self, StoreError> {
        Ok(WaiverRecord {
            id: r.get(at)?,
            invoice_id: r.get(at + 1)?,
            charge: r.get(at + 2)?,
            waived_on: r.get(at + 3)?,
            reason: r.get(at + 4)?,
            created_at: r.get(at + 5)?,
        })
    }

    /// Its column values in the order of its `INSERT`, the id first.
    pub(crate) fn params(&self) -> Vec<Param<'_>> {
        let s = self;
        params![s.id, s.invoice_id, s.charge, s.waived_on, s.reason, s.created_at]
    }
}
