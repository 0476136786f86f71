//! The notice of upcoming rule changes (`expect notice`): what changes from
//! what to what, from when, and what it means for the client (a raised late
//! fee is priced on a typical invoice of theirs), as a polite plain-text
//! letter ready to paste into an e-mail.

use chrono::NaiveDate;
use serde::Serialize;

use super::{
    cutoff_words, duration_words, interest_rule_words, join_words, late_fee_words, rate_of, rush_fee_words,
    span_words, terms_words,
};
use crate::money::ReferenceRates;
use crate::rules::{rules_before, RuleVersion, Rules};
use crate::values::{Currency, Fee, Money, Numbers, Percent, Rate, RatePeriod};

/// The client's money as the letter writes it: a typical invoice, its
/// currency, the `numbers` style and the reference rates of statutory
/// interest.
#[derive(Clone, Copy)]
pub struct Pricing<'a> {
    pub typical: Money,
    pub currency: Currency,
    pub numbers: Numbers,
    pub rates: &'a ReferenceRates,
}

/// One rule change as announced.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub effective: NaiveDate,
    pub rule: &'static str,
    pub from: Option<String>,
    pub to: Option<String>,
    pub stricter: bool,
    pub meaning: String,
}

/// Plain names of the rules, for a letter.
fn rule_title(name: &str) -> &'static str {
    match name {
        "channels" => "How to reach us",
        "response" => "Our reply time",
        "terms" => "Payment terms",
        "grace" => "Grace period",
        "late_fee" => "Late fee",
        "interest" => "Interest on late payments",
        "suspend_after" => "Pausing work on late payment",
        "turnaround" => "Turnaround",
        "start_within" => "Start of new work",
        "cutoff" => "Cut-off for new requests",
        "rush_fee" => "Rush fee",
        "phase_gating" => "Payment between project phases",
        "notice_period" => "Notice of future changes",
        _ => "Terms",
    }
}

fn canonical(rules: &Rules, name: &str) -> Option<String> {
    let view = rules.view();
    view.pairs().into_iter().find(|(n, _)| *n == name).map(|(_, v)| v).filter(|v| v != "none")
}

/// One month's interest on `amount` (one rounding, half away from zero).
fn month_of_interest(rate: Rate, amount: Money) -> Money {
    match rate.per {
        RatePeriod::Month => rate.percent.of(amount),
        RatePeriod::Year => {
            let product = i128::from(amount.0) * i128::from(rate.percent.0);
            let den = i128::from(Percent::UNITS_PER_WHOLE) * 12;
            Money(i64::try_from((product + den / 2) / den).unwrap_or(i64::MAX))
        }
    }
}

/// What a change means for the client, in one or two sentences.
fn meaning(name: &str, before: &Rules, after: &Rules, pricing: Pricing<'_>, from: NaiveDate) -> String {
    let Pricing { typical, currency, numbers, rates } = pricing;
    let money = |m: Money| currency.amount(m).text(numbers);
    let fee_on = |f: Option<Fee>| f.map_or(Money(0), |f| f.on(typical, currency.exponent()));
    match name {
        "late_fee" => match (before.late_fee, after.late_fee) {
            (_, None) => "Late payments will no longer carry a late fee.".into(),
            (None, Some(a)) => format!(
                "A late invoice will carry a late fee of {}: on a typical invoice of {}, that is {} if it is paid late.",
                late_fee_words(a, currency, numbers),
                money(typical),
                money(fee_on(Some(a)))
            ),
            (Some(_), Some(a)) => format!(
                "On a typical invoice of {}, paying late would add {} instead of {}.",
                money(typical),
                money(fee_on(Some(a))),
                money(fee_on(before.late_fee))
            ),
        },
        "interest" => match after.interest {
            None => "Late payments will no longer carry interest.".into(),
            Some(r) => {
                let was = before
                    .interest
                    .map(|b| format!(" instead of {}", money(month_of_interest(rate_of(b, from, rates), typical))))
                    .unwrap_or_default();
                format!(
                    "Interest of {} will run on overdue balances: on a typical invoice of {}, each month it is late adds {}{was}.",
                    interest_rule_words(r, from, rates),
                    money(typical),
                    money(month_of_interest(rate_of(r, from, rates), typical))
                )
            }
        },
        "terms" => format!(
            "An invoice will be due {} (instead of {}): one issued on {from} would be due {} rather than {}.",
            terms_words(after.terms),
            terms_words(before.terms),
            after.terms.due_date(from),
            before.terms.due_date(from)
        ),
        "grace" => format!(
            "An invoice will count as late {} after its due date, instead of {}.",
            duration_words(crate::values::Duration::new(after.grace + 1, crate::values::Unit::Days)),
            duration_words(crate::values::Duration::new(before.grace + 1, crate::values::Unit::Days))
        ),
        "suspend_after" => match after.suspend_after {
            None => "We will no longer pause work because of a late payment.".into(),
            Some(n) => format!(
                "We may pause work once an invoice is {n} days late{}, until it is paid.",
                before.suspend_after.map(|b| format!(" (until now {b} days)")).unwrap_or_default()
            ),
        },
        "turnaround" => format!(
            "Work will be delivered within {} instead of {}; please plan requests with that in mind.",
            duration_words(after.turnaround),
            duration_words(before.turnaround)
        ),
        "start_within" => format!(
            "New work will start within {} instead of {}.",
            duration_words(after.start_within),
            duration_words(before.start_within)
        ),
        "response" => format!(
            "We will reply within {} instead of {}.",
            span_words(after.response),
            span_words(before.response)
        ),
        "cutoff" => match after.cutoff {
            None => "There will no longer be a cut-off: requests count from when they arrive.".into(),
            Some(c) => format!(
                "Requests that arrive {} will count from the next business day{}.",
                cutoff_words(c),
                before.cutoff.map(|b| format!(" (until now {})", cutoff_words(b))).unwrap_or_default()
            ),
        },
        "rush_fee" => match after.rush_fee {
            None => "Work wanted sooner than our usual turnaround will no longer carry a rush fee.".into(),
            Some(f) => format!(
                "Work wanted sooner than our usual turnaround will cost {}: on a {} job, {} extra{}.",
                rush_fee_words(f, currency, numbers),
                money(typical),
                money(f.on(typical, currency.exponent())),
                before
                    .rush_fee
                    .map(|b| format!(" instead of {}", money(b.on(typical, currency.exponent()))))
                    .unwrap_or_default()
            ),
        },
        "phase_gating" => {
            if after.phase_gating {
                "Each phase of a project will start once the previous phase is paid, so a late payment can delay the next phase.".into()
            } else {
                "A project phase will no longer wait for the previous phase to be paid.".into()
            }
        }
        "notice_period" => format!(
            "We will announce future changes at least {} days ahead instead of {}.",
            after.notice_period, before.notice_period
        ),
        "channels" => {
            let dropped: Vec<String> = before.channels.iter().filter(|c| !after.channels.contains(c)).cloned().collect();
            let mut s = format!("You can reach us by {}.", join_words(&after.channels));
            if !dropped.is_empty() {
                s += &format!(" We will no longer take requests by {}.", join_words(&dropped));
            }
            s
        }
        _ => String::new(),
    }
}

/// The changes of the upcoming versions `coming`, each against the rules in
/// force the day before it.
pub fn changes(all: &[RuleVersion], coming: &[&RuleVersion], pricing: Pricing<'_>) -> Vec<Change> {
    let mut out = Vec::new();
    for v in coming {
        let Some(effective) = v.effective else { continue };
        let before = rules_before(all, effective);
        let mut after = before.clone();
        v.patch.apply_to(&mut after);
        let stricter = v.patch.stricter_than(&before);
        for (name, _) in v.patch.entries() {
            let from = canonical(&before, name);
            let to = canonical(&after, name);
            if from == to {
                continue;
            }
            out.push(Change {
                effective,
                rule: name,
                meaning: meaning(name, &before, &after, pricing, effective),
                from,
                to,
                stricter: stricter.contains(&name),
            });
        }
    }
    out
}

/// The letter to `client_name`'s primary contact `to` (their full name),
/// signed by `signer` (name, e-mail).
pub fn letter(client_name: &str, to: Option<&str>, signer: &[String], changes: &[Change]) -> String {
    let greeting = match to {
        Some(n) => format!("Dear {},", n.split_whitespace().next().unwrap_or(n)),
        None => format!("Dear {client_name} team,"),
    };
    let dates: Vec<NaiveDate> = {
        let mut d: Vec<NaiveDate> = changes.iter().map(|c| c.effective).collect();
        d.dedup();
        d
    };
    let first = dates.first().copied().unwrap_or_default();
    let mut s = format!("Subject: Changes to our terms from {first}\n\n{greeting}\n\n");
    s += &format!(
        "Thank you for working with us. I am writing to let you know in good time about {} to the terms \
         we agreed, so that nothing comes as a surprise.\n",
        if changes.len() == 1 { "a change" } else { "some changes" }
    );
    for date in &dates {
        s += &format!("\nFrom {date}:\n");
        for c in changes.iter().filter(|c| c.effective == *date) {
            let from = c.from.as_deref().unwrap_or("none");
            let to = c.to.as_deref().unwrap_or("none");
            s += &format!("\n- {}: from {from} to {to}.\n  {}\n", rule_title(c.rule), c.meaning);
        }
    }
    s += "\nEverything else stays as it is. If you have any questions, or if a change causes a problem \
          on your side, just reply to this e-mail";
    s += &format!(" before {first} and we will find a way that works for both of us.\n\n");
    s += "Kind regards,\n";
    for line in signer {
        s += &format!("{line}\n");
    }
    s
}
