//! Flags about the agreements behind the rules (SPEC 8): `no-contract`,
//! `contract-gap` and `unnotified-change`, and the contract topics with the
//! rules each covers. Built from plain data: a client's contracts and rule
//! versions, the as-of date, and a function giving the start of a day.
//!
//! Decisions: a contract is in force from its signing date through its
//! expiry date (a DATE deadline covers the whole day); contracts signed
//! after the as-of date do not exist yet (`--as-of` replay), and neither do
//! notices dated after it. The `at` of `no-contract` is when the client was
//! added or, when contracts lapsed, the day after the last one expired; of
//! `contract-gap` when the gap opened (the client was added, the rule came
//! into force, or the cover lapsed, whichever is latest); of
//! `unnotified-change` the start of the day the change takes effect, the
//! moment the key names.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, TimeZone};

use super::{Code, Flag};
use crate::rules::{notice_by, rules_before, rules_on, with_notice, RuleVersion, Rules};
use crate::values::ParseError;

/// What a contract can cover (SPEC 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    Contact,
    Communication,
    Payment,
    LateFee,
    Interest,
    Suspension,
    Turnaround,
    Rush,
    Phases,
}

impl Topic {
    /// Every topic, in SPEC order.
    pub const ALL: [Topic; 9] = [
        Topic::Contact,
        Topic::Communication,
        Topic::Payment,
        Topic::LateFee,
        Topic::Interest,
        Topic::Suspension,
        Topic::Turnaround,
        Topic::Rush,
        Topic::Phases,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Contact => "contact",
            Topic::Communication => "communication",
            Topic::Payment => "payment",
            Topic::LateFee => "late-fee",
            Topic::Interest => "interest",
            Topic::Suspension => "suspension",
            Topic::Turnaround => "turnaround",
            Topic::Rush => "rush",
            Topic::Phases => "phases",
        }
    }

    /// The rules (by their names, or `primary contact` / `manager` / `check
    /// times`) this topic covers that need cover under `rules`: a rule that
    /// is none or off needs none, and neither does phase gating for a client
    /// with no project (`has_projects` false); the point of contact always
    /// does.
    pub fn rules_needing_cover(self, rules: &Rules, has_projects: bool) -> Vec<&'static str> {
        match self {
            Topic::Contact => vec!["primary contact", "manager"],
            Topic::Communication => vec!["channels", "response", "check times"],
            Topic::Payment => vec!["terms", "grace"],
            Topic::LateFee => rules.late_fee.map(|_| vec!["late_fee"]).unwrap_or_default(),
            Topic::Interest => rules.interest.map(|_| vec!["interest"]).unwrap_or_default(),
            Topic::Suspension => rules.suspend_after.map(|_| vec!["suspend_after"]).unwrap_or_default(),
            Topic::Turnaround => {
                let mut v = vec!["turnaround", "start_within"];
                if rules.cutoff.is_some() {
                    v.push("cutoff");
                }
                v
            }
            Topic::Rush => rules.rush_fee.map(|_| vec!["rush_fee"]).unwrap_or_default(),
            Topic::Phases => {
                if rules.phase_gating && has_projects {
                    vec!["phase_gating"]
                } else {
                    Vec::new()
                }
            }
        }
    }

    /// The stored rule names (as in `RULE_NAMES`) whose versions bring this
    /// topic's rules into force.
    fn rule_names(self) -> &'static [&'static str] {
        match self {
            Topic::Contact => &[],
            Topic::Communication => &["channels", "response"],
            Topic::Payment => &["terms", "grace"],
            Topic::LateFee => &["late_fee"],
            Topic::Interest => &["interest"],
            Topic::Suspension => &["suspend_after"],
            Topic::Turnaround => &["turnaround", "start_within", "cutoff"],
            Topic::Rush => &["rush_fee"],
            Topic::Phases => &["phase_gating"],
        }
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Topic {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Topic, ParseError> {
        let t = s.trim();
        let exact = Topic::ALL.into_iter().find(|x| x.as_str() == t);
        exact.or_else(|| Topic::ALL.into_iter().find(|x| x.as_str().eq_ignore_ascii_case(t))).ok_or_else(
            || {
                ParseError::new(
                    "expected topics among contact, communication, payment, late-fee, interest, \
                 suspension, turnaround, rush, phases, e.g. payment,late-fee",
                )
            },
        )
    }
}

/// A set of topics, as a bit mask (cheap to build for every contract in
/// `check`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TopicSet(u16);

impl TopicSet {
    pub fn contains(self, t: Topic) -> bool {
        self.0 & (1 << t as u16) != 0
    }

    pub fn insert(&mut self, t: Topic) {
        self.0 |= 1 << t as u16;
    }

    /// Whether every topic is in the set.
    pub fn is_all(self) -> bool {
        Topic::ALL.iter().all(|t| self.contains(*t))
    }

    /// Unions `other` into this set.
    pub fn extend(&mut self, other: TopicSet) {
        self.0 |= other.0;
    }
}

impl FromIterator<Topic> for TopicSet {
    fn from_iter<I: IntoIterator<Item = Topic>>(iter: I) -> TopicSet {
        let mut set = TopicSet::default();
        for t in iter {
            set.insert(t);
        }
        set
    }
}

/// Parses a comma-separated list of topics (duplicates dropped, SPEC order).
pub fn parse_topics(s: &str) -> Result<Vec<Topic>, ParseError> {
    let mut out = s.split(',').map(str::parse).collect::<Result<Vec<Topic>, _>>()?;
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// A signed contract as the detectors see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractTerms {
    pub signed: NaiveDate,
    /// The last day it is in force.
    pub expires: Option<NaiveDate>,
    pub covers: TopicSet,
}

impl ContractTerms {
    /// Whether it is signed and unexpired on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.signed <= date && self.expires.is_none_or(|e| e >= date)
    }
}

/// An active client with its contracts and rule versions.
pub struct ClientContracts<'a, Tz: TimeZone> {
    pub handle: &'a str,
    pub name: &'a str,
    /// When the client was added.
    pub since: DateTime<Tz>,
    /// Whether the client has a project.
    pub has_projects: bool,
    pub contracts: &'a [ContractTerms],
    /// Every version, the complete first one included.
    pub versions: &'a [RuleVersion],
}

/// Whether the contracts in force on `date` together cover every topic (so
/// no `no-contract` or `contract-gap` can arise, whatever the rules).
pub fn fully_covered(contracts: &[ContractTerms], date: NaiveDate) -> bool {
    let mut union = TopicSet::default();
    for k in contracts.iter().filter(|k| k.in_force_on(date)) {
        union.extend(k.covers);
    }
    union.is_all()
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

/// `no-contract` and `contract-gap` for one client as of `today`.
pub fn contract_flags<Tz: TimeZone>(
    c: &ClientContracts<'_, Tz>,
    today: NaiveDate,
    start_of: impl Fn(NaiveDate) -> DateTime<Tz>,
) -> Vec<Flag> {
    let known: Vec<&ContractTerms> = c.contracts.iter().filter(|k| k.signed <= today).collect();
    let active: Vec<&ContractTerms> = known.iter().copied().filter(|k| k.in_force_on(today)).collect();
    // When cover lapsed: the day after the last expiry before today.
    let lapsed = |topic: Option<Topic>| -> Option<NaiveDate> {
        known
            .iter()
            .filter(|k| topic.is_none_or(|t| k.covers.contains(t)))
            .filter_map(|k| k.expires.filter(|e| *e < today))
            .max()
            .map(next_day)
    };
    let later = |a: DateTime<Tz>, b: Option<NaiveDate>| match b.map(&start_of) {
        Some(b) if b > a => b,
        _ => a,
    };
    if active.is_empty() {
        let at = later(c.since.clone(), lapsed(None));
        let why = if known.is_empty() { "has no signed contract" } else { "has no unexpired contract" };
        return vec![Flag::new(
            Code::NoContract,
            c.handle,
            &format!("client:{}", c.handle),
            format!("client {}", c.handle),
            &at,
            format!(
                "{} {why}: the rules agreed with them are not on paper; record one with \
                 `expect add-contract {} --signed DATE`",
                c.name, c.handle
            ),
        )];
    }
    let uncovered: Vec<Topic> =
        Topic::ALL.into_iter().filter(|t| !active.iter().any(|k| k.covers.contains(*t))).collect();
    if uncovered.is_empty() {
        return Vec::new();
    }
    let rules = rules_on(c.versions, today);
    let mut out = Vec::new();
    for topic in uncovered {
        let names = topic.rules_needing_cover(&rules, c.has_projects);
        if names.is_empty() {
            continue;
        }
        // When the topic's rules last came into force.
        let since_rule = c
            .versions
            .iter()
            .filter(|v| v.effective.is_some_and(|e| e <= today))
            .filter(|v| v.patch.entries().iter().any(|(n, _)| topic.rule_names().contains(n)))
            .filter_map(|v| v.effective)
            .max();
        let at = later(later(c.since.clone(), since_rule), lapsed(Some(topic)));
        let shown: Vec<String> = names.iter().map(|n| describe_rule(n, &rules)).collect();
        out.push(Flag::new(
            Code::ContractGap,
            c.handle,
            &format!("client:{}:{topic}", c.handle),
            format!("client {}", c.handle),
            &at,
            format!(
                "{} {} in force for {} but no signed contract covers the topic {topic}: \
                 add it to the next agreement (`expect add-contract {} --signed DATE --covers {topic}`)",
                shown.join(", "),
                if shown.len() == 1 { "is" } else { "are" },
                c.handle,
                c.handle
            ),
        ));
    }
    out
}

fn describe_rule(name: &str, rules: &Rules) -> String {
    let view = rules.view();
    match view.pairs().into_iter().find(|(n, _)| *n == name) {
        Some((n, v)) => format!("{n} {v}"),
        None => name.to_string(),
    }
}

/// `unnotified-change` for one client as of `today`: every version whose
/// change is stricter than the rules in force the day before it, effective
/// within `notice_period` after `today` or in force for less than
/// `notice_period`, whose notice date is missing (or after `today`) or less
/// than `notice_period` before its effective date. `notice_period` is the
/// one in force the day before the change.
pub fn unnotified_changes<Tz: TimeZone>(
    handle: &str,
    versions: &[RuleVersion],
    today: NaiveDate,
    start_of: impl Fn(NaiveDate) -> DateTime<Tz>,
) -> Vec<Flag> {
    let mut out = Vec::new();
    if versions.len() < 2 {
        return out;
    }
    let mut dated: Vec<&RuleVersion> = versions.iter().filter(|v| v.effective.is_some()).collect();
    dated.sort_by_key(|v| v.effective);
    for v in dated {
        let Some(effective) = v.effective else { continue };
        let before = rules_before(versions, effective);
        let stricter = v.patch.stricter_than(&before);
        if stricter.is_empty() {
            continue;
        }
        // The last day notice could go out, and the last day the change
        // counts as new.
        let notice_by = notice_by(effective, before.notice_period);
        let fresh_until = with_notice(effective, before.notice_period);
        if today < notice_by || today >= fresh_until {
            continue;
        }
        let notified = v.notified.filter(|n| *n <= today);
        if notified.is_some_and(|n| n <= notice_by) {
            continue;
        }
        let told = match notified {
            Some(n) => format!("the client was told only on {n}"),
            None => "the client has not been told".to_string(),
        };
        let changes = v.patch.describe(&stricter);
        let in_time = with_notice(today, before.notice_period);
        let action = if today < effective && in_time > effective {
            format!(
                "send `expect notice {handle}` and record it with `--sent`, or move the change to {in_time}"
            )
        } else if today < effective {
            format!("send `expect notice {handle}` today and record it with `--sent`")
        } else {
            format!("tell {handle} now and record it with `expect notice {handle} --sent`")
        };
        out.push(Flag::new(
            Code::UnnotifiedChange,
            handle,
            &format!("client:{handle}:{effective}"),
            format!("rule change {effective}"),
            &start_of(effective),
            format!(
                "the stricter change from {effective} ({}) needs {}d notice, by {notice_by}, and {told}: {action}",
                changes,
                before.notice_period,
            ),
        ));
    }
    out
}

#[cfg(test)]
#[path = "contract_tests.rs"]
mod tests;
