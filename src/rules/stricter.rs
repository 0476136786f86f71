//! Which rule changes are stricter for the client, and so need notice
//! (SPEC 5): raising a fee, shortening a period, adding a limit, dropping a
//! channel; a change between values of different kinds counts as stricter.

use super::Rules;
use crate::values::{Cutoff, Duration, Fee, Interest, Span};

fn fee_raised(before: Option<Fee>, after: Option<Fee>) -> bool {
    match (before, after) {
        (_, None) => false,
        (Some(Fee::Flat(a)), Some(Fee::Flat(b))) => b.rounded(4) > a.rounded(4),
        (Some(Fee::Percent(a)), Some(Fee::Percent(b))) => b > a,
        // Added, or changed kind (5% -> 25.00): stricter.
        (None | Some(_), Some(_)) => true,
    }
}

/// Whether the interest rule got stricter. A fixed rate and a statutory
/// scheme are values of different kinds, and so are two statutory schemes
/// on different reference rates (`statutory-eu` and `statutory-de`): any
/// change between them is stricter (SPEC 5). On the same reference rate the
/// points decide (`statutory-de-consumer` → `statutory-de` is stricter).
fn interest_raised(before: Option<Interest>, after: Option<Interest>) -> bool {
    match (before, after) {
        (_, None) => false,
        // 1.5%/month and 18%/year are the same rate: compare by the year.
        (Some(Interest::Rate(a)), Some(Interest::Rate(b))) => b.annual() > a.annual(),
        (Some(Interest::Statutory(a)), Some(Interest::Statutory(b))) if a.reference() == b.reference() => {
            b.points() > a.points()
        }
        // Added, or changed kind: stricter.
        (None | Some(_), Some(_)) => true,
    }
}

fn longer(before: Duration, after: Duration) -> bool {
    before.unit != after.unit || after.n > before.n
}

fn span_longer(before: Span, after: Span) -> bool {
    before.low.unit != after.low.unit || after.low.n > before.low.n || after.high.n > before.high.n
}

fn limit_shortened(before: Option<u32>, after: Option<u32>) -> bool {
    match (before, after) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => b < a,
    }
}

fn cutoff_earlier(before: Option<Cutoff>, after: Option<Cutoff>) -> bool {
    match (before, after) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => b.is_earlier_than(a),
    }
}

/// The names of the rules that are stricter for the client in `after`
/// than in `before` (SPEC 5: raised fees, shorter terms, longer response...).
pub fn stricter_rules(before: &Rules, after: &Rules) -> Vec<&'static str> {
    let mut out = Vec::new();
    if before.channels.iter().any(|c| !after.channels.contains(c)) {
        out.push("channels");
    }
    if span_longer(before.response, after.response) && before.response != after.response {
        out.push("response");
    }
    if after.terms.is_shorter_than(before.terms) {
        out.push("terms");
    }
    if after.grace < before.grace {
        out.push("grace");
    }
    if fee_raised(before.late_fee, after.late_fee) {
        out.push("late_fee");
    }
    if interest_raised(before.interest, after.interest) {
        out.push("interest");
    }
    if limit_shortened(before.suspend_after, after.suspend_after) {
        out.push("suspend_after");
    }
    if before.turnaround != after.turnaround && longer(before.turnaround, after.turnaround) {
        out.push("turnaround");
    }
    if before.start_within != after.start_within && longer(before.start_within, after.start_within) {
        out.push("start_within");
    }
    if cutoff_earlier(before.cutoff, after.cutoff) {
        out.push("cutoff");
    }
    if fee_raised(before.rush_fee, after.rush_fee) {
        out.push("rush_fee");
    }
    if after.phase_gating && !before.phase_gating {
        out.push("phase_gating");
    }
    if after.notice_period < before.notice_period {
        out.push("notice_period");
    }
    out
}
