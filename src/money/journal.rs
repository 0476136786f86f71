//! The receivables as a plain-text accounting journal that hledger and
//! Ledger read (SPEC 10 `export --format journal`): one transaction per
//! invoice (`assets:receivable:<client>` / `revenue:<client>`) on its issue
//! date, per payment (`assets:bank` / `assets:receivable:<client>`) on its
//! day, per late fee on the day it was charged (the first overdue day) and
//! per invoice's interest up to the as-of date (or the day the principal
//! was paid, when interest stopped) (`revenue:late-fees`,
//! `revenue:interest`), each amount with the currency code as commodity and
//! the currency's decimals (`USD 1234.56`, `JPY 150000`). So the balance of
//! `assets:receivable` is what is owed: the outstanding principal plus the
//! charges owed. The figures come from [`super::standing`]; nothing here
//! computes money.
//!
//! An account name holds a client's handle, never its name; a handle is
//! `[a-z0-9-]`, and any other byte would be written `_XX`, so no text can
//! end an account name or start a comment. Accounts, commodities and payees
//! are declared, so `hledger check --strict` passes.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::first_overdue_day;
use super::invoice::{Payment, Standing};
use crate::values::{codes, Currency, Money};

/// One invoice and what it charged, as of the journal's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub number: String,
    /// The client's handle.
    pub client: String,
    pub currency: Currency,
    pub amount: Money,
    pub issued: NaiveDate,
    /// Its payments up to the as-of date, in date order.
    pub payments: Vec<Payment>,
    /// The late fee and the day it was charged.
    pub late_fee: Option<(NaiveDate, Money)>,
    /// The interest charged and the last day it accrued.
    pub interest: Option<(NaiveDate, Money)>,
}

impl Entry {
    /// The charges of `standing` (the invoice's on `as_of`, under its grace
    /// and waivers; waived charges are zero), each on its day.
    #[must_use]
    pub fn with_charges(self, due: NaiveDate, grace: u32, standing: &Standing, as_of: NaiveDate) -> Entry {
        let late_fee =
            (standing.late_fee > Money::ZERO).then(|| (first_overdue_day(due, grace), standing.late_fee));
        let until = standing.settled_on.map_or(as_of, |d| d.min(as_of));
        let interest = (standing.interest > Money::ZERO).then_some((until, standing.interest));
        Entry { late_fee, interest, ..self }
    }
}

/// The accounts the journal posts to.
const BANK: &str = "assets:bank";
const LATE_FEES: &str = "revenue:late-fees";
const INTEREST: &str = "revenue:interest";

/// `text` with every byte but those `keep` allows written `_XX`.
fn safe(text: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if keep(b) && b != b'_' {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "_{b:02X}");
        }
    }
    out
}

/// A handle as the last part of an account name (and as a payee).
fn handle(client: &str) -> String {
    safe(client, |b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An invoice number as a transaction's code: as it is, when it is one
/// (nothing in that alphabet ends a `( … )` code); escaped only as a guard
/// against data that never passed the check.
fn code(number: &str) -> String {
    if codes::invoice_number(number).is_ok() {
        number.to_string()
    } else {
        safe(number, |b| b.is_ascii_alphanumeric() || b"-./#".contains(&b))
    }
}

/// `USD 1500.00`, `USD -1500.00`.
fn amount(currency: Currency, minor: i64) -> String {
    format!("{currency} {}", currency.amount(Money(minor)).plain())
}

/// One transaction: two postings that balance.
struct Transaction<'a> {
    date: NaiveDate,
    code: &'a str,
    payee: &'a str,
    what: String,
    /// Debited and credited, with the amounts each is written.
    debit: &'a str,
    credit: &'a str,
    currency: Currency,
    debited: String,
    credited: String,
}

/// The names an invoice's transactions are written with.
struct Names {
    code: String,
    payee: String,
    receivable: String,
    revenue: String,
}

impl Names {
    fn of(e: &Entry) -> Names {
        let payee = handle(&e.client);
        Names {
            code: code(&e.number),
            receivable: format!("assets:receivable:{payee}"),
            revenue: format!("revenue:{payee}"),
            payee,
        }
    }
}

fn transactions<'a>(entries: &[Entry], names: &'a [Names]) -> Vec<Transaction<'a>> {
    let mut out = Vec::new();
    for (e, n) in entries.iter().zip(names) {
        let t = |date, what: String, debit: &'a str, credit: &'a str, money: Money| Transaction {
            date,
            code: &n.code,
            payee: &n.payee,
            what,
            debit,
            credit,
            currency: e.currency,
            debited: amount(e.currency, money.minor()),
            credited: amount(e.currency, -money.minor()),
        };
        out.push(t(e.issued, "invoice".into(), &n.receivable, &n.revenue, e.amount));
        if let Some((on, fee)) = e.late_fee {
            out.push(t(on, "late fee".into(), &n.receivable, LATE_FEES, fee));
        }
        if let Some((until, interest)) = e.interest {
            out.push(t(until, format!("interest to {until}"), &n.receivable, INTEREST, interest));
        }
        for p in &e.payments {
            out.push(t(p.on, "payment".into(), BANK, &n.receivable, p.amount));
        }
    }
    out.sort_by_key(|t| t.date); // stable: an invoice's own order on a day
    out
}

/// The receivables as of a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    pub as_of: NaiveDate,
    pub entries: Vec<Entry>,
}

impl Journal {
    /// The journal as text.
    pub fn render(&self) -> String {
        let names: Vec<Names> = self.entries.iter().map(Names::of).collect();
        let txns = transactions(&self.entries, &names);
        let mut out = format!(
            "; The receivables kept by expect, as of {}: invoices, payments, late fees\n\
             ; and interest. `hledger -f FILE balance assets:receivable` shows what is owed.\n",
            self.as_of
        );
        let commodities: BTreeSet<&str> = txns.iter().map(|t| t.currency.code()).collect();
        let accounts: BTreeSet<&str> = txns.iter().flat_map(|t| [t.debit, t.credit]).collect();
        let payees: BTreeSet<&str> = txns.iter().map(|t| t.payee).collect();
        for (directive, names) in [("commodity", &commodities), ("account", &accounts), ("payee", &payees)] {
            if !names.is_empty() {
                out.push('\n');
            }
            for name in names {
                let _ = writeln!(out, "{directive} {name}");
            }
        }
        let width = accounts.iter().map(|a| a.len()).max().unwrap_or(0);
        let amounts = txns.iter().map(|t| t.credited.len()).max().unwrap_or(0);
        for t in &txns {
            let _ = write!(
                out,
                "\n{} ({}) {} | {}\n    {:width$}  {:>amounts$}\n    {:width$}  {:>amounts$}\n",
                t.date, t.code, t.payee, t.what, t.debit, t.debited, t.credit, t.credited,
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{standing, Invoice, PaymentRules};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The worked example of SPEC 6 on 2026-11-10, and an unpaid JPY invoice.
    fn entries() -> Vec<Entry> {
        let rules = PaymentRules {
            late_fee: Some("5%".parse().unwrap()),
            interest: Some("1.5%/month".parse().unwrap()),
            ..PaymentRules::NONE
        };
        let pays = vec![Payment { on: d("2026-11-05"), amount: Money(50_000) }];
        let inv = Invoice::new(Money(150_000), Currency::USD, d("2026-10-31"), &rules);
        let s = standing(&inv, &pays, d("2026-11-10")).unwrap();
        let spec = Entry {
            number: "INV-0001".into(),
            client: "acme".into(),
            currency: Currency::USD,
            amount: Money(150_000),
            issued: d("2026-10-01"),
            payments: pays,
            late_fee: None,
            interest: None,
        }
        .with_charges(d("2026-10-31"), 0, &s, d("2026-11-10"));
        let yen = Entry {
            number: "2026/7".into(),
            client: "kaisha".into(),
            currency: Currency::JPY,
            amount: Money(150_000),
            issued: d("2026-11-02"),
            payments: Vec::new(),
            late_fee: None,
            interest: None,
        };
        vec![spec, yen]
    }

    #[test]
    fn the_spec_example_as_a_journal() {
        let e = entries();
        assert_eq!(e[0].late_fee, Some((d("2026-11-01"), Money(7_500))));
        assert_eq!(e[0].interest, Some((d("2026-11-10"), Money(616))));
        assert_eq!(
            Journal { as_of: d("2026-11-10"), entries: e }.render(),
            "; The receivables kept by expect, as of 2026-11-10: invoices, payments, late fees\n\
             ; and interest. `hledger -f FILE balance assets:receivable` shows what is owed.\n\
             \n\
             commodity JPY\n\
             commodity USD\n\
             \n\
             account assets:bank\n\
             account assets:receivable:acme\n\
             account assets:receivable:kaisha\n\
             account revenue:acme\n\
             account revenue:interest\n\
             account revenue:kaisha\n\
             account revenue:late-fees\n\
             \n\
             payee acme\n\
             payee kaisha\n\
             \n\
             2026-10-01 (INV-0001) acme | invoice\n    \
             assets:receivable:acme     USD 1500.00\n    \
             revenue:acme              USD -1500.00\n\
             \n\
             2026-11-01 (INV-0001) acme | late fee\n    \
             assets:receivable:acme       USD 75.00\n    \
             revenue:late-fees           USD -75.00\n\
             \n\
             2026-11-02 (2026/7) kaisha | invoice\n    \
             assets:receivable:kaisha    JPY 150000\n    \
             revenue:kaisha             JPY -150000\n\
             \n\
             2026-11-05 (INV-0001) acme | payment\n    \
             assets:bank                 USD 500.00\n    \
             assets:receivable:acme     USD -500.00\n\
             \n\
             2026-11-10 (INV-0001) acme | interest to 2026-11-10\n    \
             assets:receivable:acme        USD 6.16\n    \
             revenue:interest             USD -6.16\n"
        );
    }

    #[test]
    fn interest_stops_the_day_the_principal_is_paid() {
        let rules = PaymentRules { interest: Some("18%/year".parse().unwrap()), ..PaymentRules::NONE };
        let pays = vec![Payment { on: d("2026-11-10"), amount: Money(100_000) }];
        let inv = Invoice::new(Money(100_000), Currency::EUR, d("2026-10-31"), &rules);
        let s = standing(&inv, &pays, d("2026-12-31")).unwrap();
        let e = Entry {
            number: "A".into(),
            client: "acme".into(),
            currency: Currency::EUR,
            amount: Money(100_000),
            issued: d("2026-10-01"),
            payments: pays,
            late_fee: None,
            interest: None,
        }
        .with_charges(d("2026-10-31"), 0, &s, d("2026-12-31"));
        // 10 days of 1000 × 0.18 / 365 = 4.93, up to the day it was paid.
        assert_eq!((e.late_fee, e.interest), (None, Some((d("2026-11-10"), Money(493)))));
    }

    #[test]
    fn names_that_are_not_handles_cannot_break_a_line() {
        assert_eq!(handle("acme-2"), "acme-2");
        assert_eq!(handle("Evil  x;\n"), "_45vil_20_20x_3B_0A");
        assert_eq!(handle("a_b"), "a_5Fb");
        assert_eq!(code("INV-1/2.#3"), "INV-1/2.#3");
        assert_eq!(code("a)b c_d"), "a_29b_20c_5Fd");
    }

    #[test]
    fn a_number_with_an_underscore_is_its_own_code() {
        let entry = |number: &str| Entry {
            number: number.into(),
            client: "acme".into(),
            currency: Currency::USD,
            amount: Money(10_000),
            issued: d("2026-10-01"),
            payments: Vec::new(),
            late_fee: None,
            interest: None,
        };
        let text =
            Journal { as_of: d("2026-11-10"), entries: vec![entry("INV_0042"), entry("a)b c_d")] }.render();
        assert!(text.contains("\n2026-10-01 (INV_0042) acme | invoice\n"), "{text}");
        assert!(text.contains("\n2026-10-01 (a_29b_20c_5Fd) acme | invoice\n"), "{text}");
        assert!(!text.contains("INV_5F0042"), "{text}");
    }
}
