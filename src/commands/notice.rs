//! `expect notice CLIENT [--sent [DATE]]`: without `--sent`, a polite,
//! specific letter (plain text, ready to paste into an e-mail) announcing
//! the client's upcoming rule changes: what changes from what to what, from
//! when, and what it means for them (a raised late fee is priced on a
//! typical invoice of theirs). With `--sent`, records the notice date on
//! every version not yet in force on DATE that has none. No upcoming change
//! is said on stderr, exit 0.

use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use crate::context::Ctx;
use crate::money::statutory::rate_on;
use crate::money::ReferenceRates;
use crate::rules::{rules_on, upcoming, RuleVersion, Rules};
use crate::store::clients::{contacts, ClientRow};
use crate::store::invoices::invoices;
use crate::store::members::member_by_handle;
use crate::store::rules::{set_notified, versions};
use crate::store::Db;
use crate::values::{Fee, Money, Percent, Rate, RatePeriod};

use super::find_client;
use super::sheet::{cutoff_words, interest_words, late_fee_words, rush_fee_words, terms_words};
use super::signature::{duration_words, join_words, span_words};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The client's handle
    pub client: String,
    /// Record that the notice was sent on DATE [default: today] (`--sent=-2d` for a relative date)
    #[arg(long, value_name = "DATE", num_args = 0..=1, default_missing_value = "today")]
    pub sent: Option<String>,
}

/// One rule change as announced.
#[derive(Debug, Serialize)]
struct Change {
    effective: NaiveDate,
    rule: &'static str,
    from: Option<String>,
    to: Option<String>,
    stricter: bool,
    meaning: String,
}

#[derive(Debug, Serialize)]
struct Notice {
    client: String,
    to: Option<String>,
    changes: Vec<Change>,
    letter: String,
}

#[derive(Debug, Serialize)]
struct Recorded {
    client: String,
    notified: NaiveDate,
    /// The effective dates of the versions the notice date was set on.
    changes: Vec<NaiveDate>,
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
fn meaning(
    name: &str,
    before: &Rules,
    after: &Rules,
    typical: Money,
    currency: &str,
    from: NaiveDate,
) -> String {
    let money = |m: Money| format!("{currency} {}", m.grouped());
    let fee_on = |f: Option<Fee>| f.map_or(Money(0), |f| f.on(typical));
    match name {
        "late_fee" => match (before.late_fee, after.late_fee) {
            (_, None) => "Late payments will no longer carry a late fee.".into(),
            (None, Some(a)) => format!(
                "A late invoice will carry a late fee of {}: on a typical invoice of {}, that is {} if it is paid late.",
                late_fee_words(a, currency),
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
                    .map(|b| format!(" instead of {}", money(month_of_interest(rate_on(b, from, ReferenceRates::builtin()), typical))))
                    .unwrap_or_default();
                format!(
                    "Interest of {} will run on overdue balances: on a typical invoice of {}, each month it is late adds {}{was}.",
                    interest_words(rate_on(r, from, ReferenceRates::builtin())),
                    money(typical),
                    money(month_of_interest(rate_on(r, from, ReferenceRates::builtin()), typical))
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
                rush_fee_words(f, currency),
                money(typical),
                money(f.on(typical)),
                before.rush_fee.map(|b| format!(" instead of {}", money(b.on(typical)))).unwrap_or_default()
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

/// The client's typical invoice: the median amount of its invoices issued
/// by `today` (void ones aside), else 1,000.00.
fn typical_invoice(db: &impl Db, client: i64, today: NaiveDate) -> anyhow::Result<Money> {
    let mut amounts: Vec<i64> =
        invoices(db, Some(client), today)?.into_iter().filter(|i| !i.voided).map(|i| i.amount.0).collect();
    amounts.sort_unstable();
    Ok(amounts.get(amounts.len().saturating_sub(1) / 2).map_or(Money(100_000), |a| Money(*a)))
}

/// The changes of the upcoming versions, each against the rules in force
/// the day before it.
fn changes(all: &[RuleVersion], coming: &[&RuleVersion], typical: Money, currency: &str) -> Vec<Change> {
    let mut out = Vec::new();
    for v in coming {
        let Some(effective) = v.effective else { continue };
        let before = rules_on(all, effective.pred_opt().unwrap_or(effective));
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
                meaning: meaning(name, &before, &after, typical, currency, effective),
                from,
                to,
                stricter: stricter.contains(&name),
            });
        }
    }
    out
}

fn letter(client: &ClientRow, to: Option<&str>, signer: &[String], changes: &[Change]) -> String {
    let greeting = match to {
        Some(n) => format!("Dear {},", n.split_whitespace().next().unwrap_or(n)),
        None => format!("Dear {} team,", client.name),
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

impl Args {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let today = ctx.today();
        if let Some(raw) = &self.sent {
            let date = ctx.past_date("--sent", raw)?;
            return self.record(ctx, date);
        }
        let store = ctx.store()?;
        let db = store.read();
        let client = find_client(&db, &self.client)?;
        let all = versions(&db, client.id)?;
        let coming = upcoming(&all, today);
        let typical = typical_invoice(&db, client.id, today)?;
        let list = changes(&all, &coming, typical, &client.currency);
        if list.is_empty() {
            eprintln!("expect: {} has no upcoming rule changes to announce", client.handle);
            return Ok(ExitCode::SUCCESS);
        }
        let primary = contacts(&db, client.id)?.into_iter().find(|c| c.primary);
        let to = primary.as_ref().and_then(|c| c.name.clone());
        let mut signer = Vec::new();
        if let Some(m) = member_by_handle(&db, &client.manager)? {
            signer.push(m.name);
            signer.extend(m.email);
        }
        let text = letter(&client, to.as_deref(), &signer, &list);
        let out = Notice {
            client: client.handle,
            to: primary.map(|c| c.display()),
            changes: list,
            letter: text.clone(),
        };
        ctx.out.record(&out, || text)?;
        Ok(ExitCode::SUCCESS)
    }

    fn record(&self, ctx: &Ctx, date: NaiveDate) -> anyhow::Result<ExitCode> {
        let mut store = ctx.store()?;
        let recorded = store.write(|tx| {
            let client = find_client(tx, &self.client)?;
            let all = versions(tx, client.id)?;
            let mut dates = Vec::new();
            for v in upcoming(&all, date) {
                if v.notified.is_none() {
                    set_notified(tx, v.id, date)?;
                    dates.extend(v.effective);
                }
            }
            Ok(Recorded { client: client.handle, notified: date, changes: dates })
        })?;
        if recorded.changes.is_empty() {
            eprintln!(
                "expect: {} has no upcoming rule changes without a notice date; nothing recorded",
                recorded.client
            );
            return Ok(ExitCode::SUCCESS);
        }
        let line = format!("recorded notice to {} of {} change(s)", recorded.client, recorded.changes.len());
        ctx.out.record(&recorded, || line)?;
        Ok(ExitCode::SUCCESS)
    }
}
