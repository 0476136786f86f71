//! What an import checks before it writes: that the document's records
//! agree with each other where serde cannot tell (rule texts, terms,
//! topics, currencies, `settled_on` against the payments), named by table,
//! position and field; and bringing its amounts to their currency's minor
//! unit.

use std::collections::HashMap;
use std::fmt;

use super::super::export::{Document, FORMAT_VERSION};
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

/// Checks what serde cannot: rule texts, invoice terms, contract topics, and
/// that each invoice's `settled_on` is what its payments give. Linear in the
/// size of the document.
pub fn validate(doc: &Document) -> Result<(), BadRecord> {
    validate_counting(doc, &mut 0)
}

/// [`validate`], counting in `work` the payments it reads: each twice
/// (grouped by invoice, then summed with its invoice's), never once per
/// invoice over all of them (the test that holds it to that).
pub(super) fn validate_counting(doc: &Document, work: &mut usize) -> Result<(), BadRecord> {
    if doc.expect_export != FORMAT_VERSION && doc.expect_export != 1 {
        return Err(bad(
            "document",
            0,
            Some("expect_export"),
            format!(
                "format version {} is not known to this expect (it reads 1 to {FORMAT_VERSION})",
                doc.expect_export
            ),
        ));
    }
    for (i, c) in doc.clients.iter().enumerate() {
        Currency::parse(&c.currency)
            .map_err(|e| bad("clients", i, Some("currency"), format!("{:?}: {e}", c.currency)))?;
    }
    for (i, v) in doc.rule_versions.iter().enumerate() {
        crate::store::rules::version_of(v)
            .map_err(|(name, value, e)| bad("rule_versions", i, Some(name), format!("{value:?}: {e}")))?;
    }
    // Every client needs its first version (no effective date) holding
    // every rule: that is what the rules in force on any day start from.
    let mut firsts: HashMap<i64, Vec<usize>> = HashMap::new();
    for (j, v) in doc.rule_versions.iter().enumerate() {
        if v.effective.is_none() {
            firsts.entry(v.client_id).or_default().push(j);
        }
    }
    for (i, c) in doc.clients.iter().enumerate() {
        match firsts.get(&c.id).map(Vec::as_slice) {
            Some([j]) => {
                let v = &doc.rule_versions[*j];
                if let Some((name, _)) = RULE_NAMES.iter().zip(v.rules()).find(|(_, value)| value.is_none()) {
                    return Err(bad(
                        "rule_versions",
                        *j,
                        Some(name),
                        "missing: the first version of a client's rules (no effective date) names every rule",
                    ));
                }
            }
            other => {
                return Err(bad(
                    "clients",
                    i,
                    Some("id"),
                    format!(
                        "client {} needs exactly one rule version without an effective date, with every rule; the file has {}",
                        c.id,
                        other.map_or(0, <[usize]>::len)
                    ),
                ));
            }
        }
    }
    // `settled_on` is derived from the payments (the overdue report reads
    // it instead of summing them): it must agree with them. The payments
    // are grouped by invoice once.
    // Amounts are compared as written, in ten-thousandths (exact for any
    // currency); the conversion to minor units comes with the writing.
    let common = |d: Decimal| d.rounded(4);
    let mut pays: HashMap<i64, Vec<crate::money::Payment>> = HashMap::new();
    for p in &doc.payments {
        *work += 1;
        pays.entry(p.invoice_id)
            .or_default()
            .push(crate::money::Payment { on: p.paid_on, amount: common(p.amount) });
    }
    for (i, inv) in doc.invoices.iter().enumerate() {
        let paid = pays.get(&inv.id).map_or(&[][..], Vec::as_slice);
        *work += paid.len();
        let settled = crate::money::settled_on(common(inv.amount), paid);
        if settled != inv.settled_on {
            let show = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "none".to_string(), |d| d.to_string());
            return Err(bad(
                "invoices",
                i,
                Some("settled_on"),
                format!(
                    "{} does not match the payments, which settle the principal on {}",
                    show(inv.settled_on),
                    show(settled)
                ),
            ));
        }
        inv.terms
            .parse::<Terms>()
            .map_err(|e| bad("invoices", i, Some("terms"), format!("{:?}: {e}", inv.terms)))?;
    }
    for (i, c) in doc.contracts.iter().enumerate() {
        crate::flags::contract::parse_topics(&c.covers)
            .map_err(|e| bad("contracts", i, Some("covers"), format!("{:?}: {e}", c.covers)))?;
    }
    Ok(())
}
