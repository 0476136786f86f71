//! What an import checks of each record where serde cannot tell (rule
//! texts, terms, topics, currencies), named by table, position and field;
//! and bringing its amounts to their currency's minor unit.

use std::fmt;

use super::super::export::FORMAT_VERSION;
use super::super::records::{ClientRecord, ContractRecord, InvoiceRecord, RuleVersionRecord};
use crate::rules::RULE_NAMES;
use crate::values::{Currency, Decimal, Numbers, Terms};

/// Where a file is wrong: the table, the record's position in it (from 0)
/// and, where known, the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRecord {
    pub table: &'static str,
    pub index: usize,
    pub field: Option<&'static str>,
    pub message: String,
}

impl fmt::Display for BadRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.table, self.index)?;
        if let Some(field) = self.field {
            write!(f, ".{field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for BadRecord {}

pub(super) fn bad(
    table: &'static str,
    index: usize,
    field: Option<&'static str>,
    message: impl Into<String>,
) -> BadRecord {
    BadRecord { table, index, field, message: message.into() }
}

/// Brings amounts of a document to their currency's minor unit.
pub(super) struct Amounts {
    /// Version 1 kept every currency in hundredths: round, and say so.
    pub(super) legacy: bool,
    pub(super) converted: Vec<String>,
}

impl Amounts {
    pub(super) fn of(
        &mut self,
        d: Decimal,
        currency: Currency,
        at: (&'static str, usize, &'static str),
    ) -> Result<Decimal, BadRecord> {
        let (table, index, field) = at;
        if self.legacy {
            let minor = d.rounded(currency.exponent());
            if d.to_minor(currency.exponent()) != Some(minor) {
                self.converted.push(format!(
                    "{table}[{index}].{field}: {currency} {d} kept in hundredths is now {}",
                    currency.amount(minor).text(Numbers::Comma)
                ));
            }
            return Ok(Decimal::of(minor, currency));
        }
        d.rescaled(currency.exponent()).ok_or_else(|| {
            let has = match currency.exponent() {
                0 => "no decimals".to_string(),
                n => format!("{n} decimals"),
            };
            bad(table, index, Some(field), format!("{:?}: {currency} has {has}", d.to_string()))
        })
    }
}

/// The document format version: one this build reads.
pub(super) fn version(v: u32) -> Result<(), BadRecord> {
    if v == FORMAT_VERSION || v == 1 {
        return Ok(());
    }
    Err(bad(
        "document",
        0,
        Some("expect_export"),
        format!("format version {v} is not known to this expect (it reads 1 to {FORMAT_VERSION})"),
    ))
}

pub(super) fn client(i: usize, c: &ClientRecord) -> Result<Currency, BadRecord> {
    Currency::parse(&c.currency)
        .map_err(|e| bad("clients", i, Some("currency"), format!("{:?}: {e}", c.currency)))
}

/// A version of a client's rules: every text a rule; the first (no
/// effective date) names every rule, since the rules in force on any day
/// start from it.
pub(super) fn rule_version(i: usize, v: &RuleVersionRecord) -> Result<(), BadRecord> {
    crate::store::rules::version_of(v)
        .map_err(|(name, value, e)| bad("rule_versions", i, Some(name), format!("{value:?}: {e}")))?;
    if v.effective.is_none() {
        if let Some((name, _)) = RULE_NAMES.iter().zip(v.rules()).find(|(_, value)| value.is_none()) {
            return Err(bad(
                "rule_versions",
                i,
                Some(name),
                "missing: the first version of a client's rules (no effective date) names every rule",
            ));
        }
    }
    Ok(())
}

/// A client without exactly one first version of its rules (`n` of them).
pub(super) fn firsts(i: usize, client: i64, n: u32) -> BadRecord {
    bad(
        "clients",
        i,
        Some("id"),
        format!(
            "client {client} needs exactly one rule version without an effective date, with every rule; the file has {n}"
        ),
    )
}

pub(super) fn invoice(i: usize, inv: &InvoiceRecord) -> Result<(), BadRecord> {
    inv.terms
        .parse::<Terms>()
        .map_err(|e| bad("invoices", i, Some("terms"), format!("{:?}: {e}", inv.terms)))?;
    Ok(())
}

pub(super) fn contract(i: usize, c: &ContractRecord) -> Result<(), BadRecord> {
    crate::flags::contract::parse_topics(&c.covers)
        .map_err(|e| bad("contracts", i, Some("covers"), format!("{:?}: {e}", c.covers)))?;
    Ok(())
}
