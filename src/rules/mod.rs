//! A client's rules: the full set in force on a day ([`Rules`]), the partial
//! sets that edits create ([`RulePatch`]), how versions overlay, and which
//! changes are stricter for the client and so need notice. Pure: no SQL, no
//! clock.

mod stricter;

pub use stricter::stricter_rules;

use chrono::NaiveDate;
use serde::Serialize;

use crate::values::{Cutoff, Duration, Fee, Interest, ParseError, Span, Terms, Unit};

/// Every rule agreed with a client, as in force on some day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub channels: Vec<String>,
    pub response: Span,
    pub terms: Terms,
    /// Days after the due date before an invoice counts as overdue.
    pub grace: u32,
    pub late_fee: Option<Fee>,
    pub interest: Option<Interest>,
    /// Days late at which service may be suspended.
    pub suspend_after: Option<u32>,
    pub turnaround: Duration,
    pub start_within: Duration,
    pub cutoff: Option<Cutoff>,
    pub rush_fee: Option<Fee>,
    pub phase_gating: bool,
    /// Days of notice a stricter change needs.
    pub notice_period: u32,
}

/// The names of the rules, in the order they are shown, as used by
/// `RulePatch::set` and in the store.
pub const RULE_NAMES: [&str; 13] = [
    "channels",
    "response",
    "terms",
    "grace",
    "late_fee",
    "interest",
    "suspend_after",
    "turnaround",
    "start_within",
    "cutoff",
    "rush_fee",
    "phase_gating",
    "notice_period",
];

/// Some rules, as named by one edit. `None` means "not named"; for optional
/// rules `Some(None)` means "cleared" (`none`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RulePatch {
    pub channels: Option<Vec<String>>,
    pub response: Option<Span>,
    pub terms: Option<Terms>,
    pub grace: Option<u32>,
    pub late_fee: Option<Option<Fee>>,
    pub interest: Option<Option<Interest>>,
    pub suspend_after: Option<Option<u32>>,
    pub turnaround: Option<Duration>,
    pub start_within: Option<Duration>,
    pub cutoff: Option<Option<Cutoff>>,
    pub rush_fee: Option<Option<Fee>>,
    pub phase_gating: Option<bool>,
    pub notice_period: Option<u32>,
}

/// One version of a client's rules: the first (from `add-client`, no
/// effective date) holds every rule; later ones only what their edit named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleVersion {
    pub id: i64,
    /// `None` for the first version, which applies from the beginning of time.
    pub effective: Option<NaiveDate>,
    pub notified: Option<NaiveDate>,
    pub patch: RulePatch,
}

fn days(n: u32) -> String {
    format!("{n}d")
}

fn is_none_word(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || t.eq_ignore_ascii_case("none")
}

fn optional<T>(s: &str, parse: impl FnOnce(&str) -> Result<T, ParseError>) -> Result<Option<T>, ParseError> {
    if is_none_word(s) {
        Ok(None)
    } else {
        parse(s).map(Some)
    }
}

/// Parses a list of channels: `email,phone,basecamp`.
pub fn parse_channels(s: &str) -> Result<Vec<String>, ParseError> {
    let mut out: Vec<String> = Vec::new();
    for part in s.split(',') {
        let c = part.trim().to_ascii_lowercase();
        let ok = !c.is_empty()
            && c.len() <= 32
            && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            return Err(ParseError::new(
                "expected channel names separated by commas, e.g. email,phone,basecamp",
            ));
        }
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

/// Parses a duration of whole days (`30d`), the form of `grace`,
/// `suspend_after` and `notice_period`.
pub fn parse_days(s: &str) -> Result<u32, ParseError> {
    Duration::parse_days(s).map(|d| d.n)
}

/// Parses a duration for `turnaround` and `start_within`.
pub fn parse_duration(s: &str) -> Result<Duration, ParseError> {
    s.parse()
}

/// Parses `true`/`false`/`on`/`off`/`yes`/`no`.
pub fn parse_bool(s: &str) -> Result<bool, ParseError> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "on" | "yes" => Ok(true),
        "false" | "off" | "no" => Ok(false),
        _ => Err(ParseError::new("expected on or off, e.g. on")),
    }
}

impl RulePatch {
    /// Sets the rule `name` from its text form (as typed on the command line
    /// or stored). `none` (or an empty string) clears an optional rule.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), ParseError> {
        match name {
            "channels" => self.channels = Some(parse_channels(value)?),
            "response" => self.response = Some(value.parse()?),
            "terms" => self.terms = Some(value.parse()?),
            "grace" => self.grace = Some(parse_days(value)?),
            "late_fee" => self.late_fee = Some(optional(value, str::parse)?),
            "interest" => self.interest = Some(optional(value, str::parse)?),
            "suspend_after" => self.suspend_after = Some(optional(value, parse_days)?),
            "turnaround" => self.turnaround = Some(parse_duration(value)?),
            "start_within" => self.start_within = Some(parse_duration(value)?),
            "cutoff" => self.cutoff = Some(optional(value, str::parse)?),
            "rush_fee" => self.rush_fee = Some(optional(value, str::parse)?),
            "phase_gating" => self.phase_gating = Some(parse_bool(value)?),
            "notice_period" => self.notice_period = Some(parse_days(value)?),
            other => return Err(ParseError::new(format!("unknown rule {other}"))),
        }
        Ok(())
    }

    /// The rules this patch names, as `(name, canonical text)`; a cleared
    /// optional rule is `""`.
    pub fn entries(&self) -> Vec<(&'static str, String)> {
        fn opt<T: ToString>(v: Option<&T>) -> String {
            v.map(ToString::to_string).unwrap_or_default()
        }
        let mut out = Vec::new();
        if let Some(v) = &self.channels {
            out.push(("channels", v.join(",")));
        }
        if let Some(v) = self.response {
            out.push(("response", v.to_string()));
        }
        if let Some(v) = self.terms {
            out.push(("terms", v.to_string()));
        }
        if let Some(v) = self.grace {
            out.push(("grace", days(v)));
        }
        if let Some(v) = &self.late_fee {
            out.push(("late_fee", opt(v.as_ref())));
        }
        if let Some(v) = &self.interest {
            out.push(("interest", opt(v.as_ref())));
        }
        if let Some(v) = self.suspend_after {
            out.push(("suspend_after", v.map(days).unwrap_or_default()));
        }
        if let Some(v) = self.turnaround {
            out.push(("turnaround", v.to_string()));
        }
        if let Some(v) = self.start_within {
            out.push(("start_within", v.to_string()));
        }
        if let Some(v) = &self.cutoff {
            out.push(("cutoff", opt(v.as_ref())));
        }
        if let Some(v) = &self.rush_fee {
            out.push(("rush_fee", opt(v.as_ref())));
        }
        if let Some(v) = self.phase_gating {
            out.push(("phase_gating", if v { "on" } else { "off" }.to_string()));
        }
        if let Some(v) = self.notice_period {
            out.push(("notice_period", days(v)));
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    /// Overlays every rule this patch names onto `rules`.
    pub fn apply_to(&self, rules: &mut Rules) {
        if let Some(v) = &self.channels {
            rules.channels.clone_from(v);
        }
        if let Some(v) = self.response {
            rules.response = v;
        }
        if let Some(v) = self.terms {
            rules.terms = v;
        }
        if let Some(v) = self.grace {
            rules.grace = v;
        }
        if let Some(v) = self.late_fee {
            rules.late_fee = v;
        }
        if let Some(v) = self.interest {
            rules.interest = v;
        }
        if let Some(v) = self.suspend_after {
            rules.suspend_after = v;
        }
        if let Some(v) = self.turnaround {
            rules.turnaround = v;
        }
        if let Some(v) = self.start_within {
            rules.start_within = v;
        }
        if let Some(v) = self.cutoff {
            rules.cutoff = v;
        }
        if let Some(v) = self.rush_fee {
            rules.rush_fee = v;
        }
        if let Some(v) = self.phase_gating {
            rules.phase_gating = v;
        }
        if let Some(v) = self.notice_period {
            rules.notice_period = v;
        }
    }

    /// Merges `other` into this patch (later edits win), for amending a
    /// version.
    pub fn merge(&mut self, other: &RulePatch) {
        for (name, value) in other.entries() {
            // Canonical text always parses back.
            let _ = self.set(name, &value);
        }
    }

    /// The full rules this patch describes, when it names every rule.
    pub fn complete(&self) -> Option<Rules> {
        Some(Rules {
            channels: self.channels.clone()?,
            response: self.response?,
            terms: self.terms?,
            grace: self.grace?,
            late_fee: self.late_fee?,
            interest: self.interest?,
            suspend_after: self.suspend_after?,
            turnaround: self.turnaround?,
            start_within: self.start_within?,
            cutoff: self.cutoff?,
            rush_fee: self.rush_fee?,
            phase_gating: self.phase_gating?,
            notice_period: self.notice_period?,
        })
    }

    /// Names of the rules in this patch that are stricter for the client
    /// than `before` (SPEC 5).
    pub fn stricter_than(&self, before: &Rules) -> Vec<&'static str> {
        let mut after = before.clone();
        self.apply_to(&mut after);
        stricter_rules(before, &after)
            .into_iter()
            .filter(|name| self.entries().iter().any(|(n, _)| n == name))
            .collect()
    }

    /// The rules among `names` this patch sets, as `late_fee 10%` (a
    /// cleared one as `none`), joined by commas: how a notice or a flag
    /// names the stricter changes.
    pub fn describe(&self, names: &[&str]) -> String {
        let described: Vec<String> = self
            .entries()
            .into_iter()
            .filter(|(n, _)| names.contains(n))
            .map(|(n, val)| format!("{n} {}", if val.is_empty() { "none" } else { &val }))
            .collect();
        described.join(", ")
    }
}

impl Rules {
    /// Every rule as a patch, for storing the first version.
    pub fn to_patch(&self) -> RulePatch {
        RulePatch {
            channels: Some(self.channels.clone()),
            response: Some(self.response),
            terms: Some(self.terms),
            grace: Some(self.grace),
            late_fee: Some(self.late_fee),
            interest: Some(self.interest),
            suspend_after: Some(self.suspend_after),
            turnaround: Some(self.turnaround),
            start_within: Some(self.start_within),
            cutoff: Some(self.cutoff),
            rush_fee: Some(self.rush_fee),
            phase_gating: Some(self.phase_gating),
            notice_period: Some(self.notice_period),
        }
    }

    /// The canonical text of each rule, `None` where there is none.
    pub fn view(&self) -> RulesView {
        RulesView {
            channels: self.channels.clone(),
            response: self.response.to_string(),
            terms: self.terms.to_string(),
            grace: days(self.grace),
            late_fee: self.late_fee.map(|f| f.to_string()),
            interest: self.interest.map(|r| r.to_string()),
            suspend_after: self.suspend_after.map(days),
            turnaround: self.turnaround.to_string(),
            start_within: self.start_within.to_string(),
            cutoff: self.cutoff.map(|c| c.to_string()),
            rush_fee: self.rush_fee.map(|f| f.to_string()),
            phase_gating: self.phase_gating,
            notice_period: days(self.notice_period),
        }
    }
}

/// The rules in canonical text form, as shown in JSON (`"net30"`, `"5%"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RulesView {
    pub channels: Vec<String>,
    pub response: String,
    pub terms: String,
    pub grace: String,
    pub late_fee: Option<String>,
    pub interest: Option<String>,
    pub suspend_after: Option<String>,
    pub turnaround: String,
    pub start_within: String,
    pub cutoff: Option<String>,
    pub rush_fee: Option<String>,
    pub phase_gating: bool,
    pub notice_period: String,
}

impl RulesView {
    /// `(name, text)` pairs in display order, `none` where there is none.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let o = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
        vec![
            ("channels", self.channels.join(", ")),
            ("response", self.response.clone()),
            ("terms", self.terms.clone()),
            ("grace", self.grace.clone()),
            ("late_fee", o(&self.late_fee)),
            ("interest", o(&self.interest)),
            ("suspend_after", o(&self.suspend_after)),
            ("turnaround", self.turnaround.clone()),
            ("start_within", self.start_within.clone()),
            ("cutoff", o(&self.cutoff)),
            ("rush_fee", o(&self.rush_fee)),
            ("phase_gating", if self.phase_gating { "on" } else { "off" }.into()),
            ("notice_period", self.notice_period.clone()),
        ]
    }
}

/// The rules in force on `date`: the first version, overlaid in
/// effective-date order by every later version effective on or before it.
///
/// The store always writes a complete first version; should one be missing
/// or incomplete all the same (a damaged or hand-made file), the built-in
/// defaults fill the gaps rather than anything panicking.
pub fn rules_on(versions: &[RuleVersion], date: NaiveDate) -> Rules {
    let mut sorted: Vec<&RuleVersion> = versions.iter().collect();
    sorted.sort_by_key(|v| v.effective);
    let mut rules = builtin_defaults();
    for v in sorted {
        if v.effective.is_none_or(|e| e <= date) {
            v.patch.apply_to(&mut rules);
        }
    }
    rules
}

/// The rules in force the day before `date`: what a change taking effect
/// on `date` is measured against (stricter or not, its notice period).
pub fn rules_before(versions: &[RuleVersion], date: NaiveDate) -> Rules {
    rules_on(versions, date.pred_opt().unwrap_or(date))
}

/// The last day notice of a change effective on `effective` can go out
/// with `notice_period` days of notice.
pub fn notice_by(effective: NaiveDate, notice_period: u32) -> NaiveDate {
    effective.checked_sub_days(chrono::Days::new(u64::from(notice_period))).unwrap_or(NaiveDate::MIN)
}

/// The earliest day a change announced on `told` can take effect with
/// `notice_period` days of notice (also: the last day a change effective on
/// `told` still counts as new).
pub fn with_notice(told: NaiveDate, notice_period: u32) -> NaiveDate {
    told.checked_add_days(chrono::Days::new(u64::from(notice_period))).unwrap_or(NaiveDate::MAX)
}

/// Versions that take effect after `date`, in effective-date order.
pub fn upcoming(versions: &[RuleVersion], date: NaiveDate) -> Vec<&RuleVersion> {
    let mut out: Vec<&RuleVersion> =
        versions.iter().filter(|v| v.effective.is_some_and(|e| e > date)).collect();
    out.sort_by_key(|v| v.effective);
    out
}

/// The built-in defaults of SPEC 1's `[defaults]`.
pub fn builtin_defaults() -> Rules {
    Rules {
        channels: vec!["email".into(), "phone".into()],
        response: Span {
            low: Duration::new(1, Unit::BusinessDays),
            high: Duration::new(2, Unit::BusinessDays),
        },
        terms: Terms::Net(30),
        grace: 0,
        late_fee: None,
        interest: None,
        suspend_after: None,
        turnaround: Duration::new(5, Unit::BusinessDays),
        start_within: Duration::new(2, Unit::BusinessDays),
        cutoff: Some(Cutoff {
            weekday: Some(chrono::Weekday::Fri),
            time: chrono::NaiveTime::from_hms_opt(16, 0, 0).expect("valid time"),
        }),
        rush_fee: None,
        phase_gating: true,
        notice_period: 30,
    }
}

#[cfg(test)]
mod tests;
