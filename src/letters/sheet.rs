//! The expectations sheet (`expect sheet`): the rules in force in Markdown,
//! each value as typed (`net30`, `1-2bd`, `fri 16:00`) with its meaning in
//! plain words.

use super::{
    cutoff_words, duration_words, interest_rule_words, join_words, late_fee_words, plural, rush_fee_words,
    span_words, terms_words,
};
use crate::money::statutory::compensation_words;
use crate::money::ReferenceRates;
use crate::rules::Rules;
use crate::values::{Currency, Interest, Numbers};

/// Whose sheet it is and how its money is written.
pub struct Party<'a> {
    pub name: &'a str,
    pub contact: Option<&'a str>,
    pub manager: &'a str,
    pub currency: Currency,
    pub numbers: Numbers,
    /// The reference rates of statutory interest.
    pub rates: &'a ReferenceRates,
}

/// The sheet in Markdown.
pub fn render(
    party: &Party<'_>,
    rules: &Rules,
    business_hours: &str,
    check_times: &[String],
    as_of: chrono::NaiveDate,
) -> String {
    let Party { name, contact, manager, currency, numbers, rates } = *party;
    let v = rules.view();
    let mut s = format!("# Working together: {name}\n\n");
    s += &format!("What we agreed, in force on {as_of}. Values in `code` are the terms as written.\n\n");

    s += "## Who talks to whom\n\n";
    s += &format!(
        "- **Your primary contact:** {}\n",
        contact.unwrap_or("not named yet (please tell us who it is)")
    );
    s += &format!("- **Your manager with us:** {manager}\n");
    s += "- Requests come from your primary contact and go to your manager with us, so nothing is lost \
          between people.\n\n";

    s += "## How to reach us\n\n";
    s += &format!(
        "- **Channels:** `{}`: please use {} only.\n",
        v.channels.join(","),
        join_words(&rules.channels)
    );
    s += &format!("- **Business hours:** {business_hours}.\n\n");

    s += "## When we reply\n\n";
    let response = if rules.response.is_range() {
        format!(
            "we aim to reply within {} and always within {}",
            duration_words(rules.response.low),
            duration_words(rules.response.high)
        )
    } else {
        format!("we reply within {}", span_words(rules.response))
    };
    s += &format!("- **Response:** `{}`: {response}.\n", v.response);
    if check_times.is_empty() {
        s += "- **Check times:** none set: we read messages through the business day.\n\n";
    } else {
        s += &format!(
            "- **Check times:** `{}`: we read messages at {}; the reply clock starts then.\n\n",
            check_times.join(","),
            join_words(check_times)
        );
    }

    s += "## Payment\n\n";
    s += &format!("- **Terms:** `{}`: an invoice is due {}.\n", v.terms, terms_words(rules.terms));
    s += &format!(
        "- **Grace:** `{}`: an invoice counts as late {} after its due date.\n",
        v.grace,
        plural(rules.grace + 1, "day")
    );
    s += "\n### When payment is late\n\n";
    let compensation =
        rules.interest.and_then(Interest::statutory).and_then(|s| compensation_words(s, currency, numbers));
    s += &match (rules.late_fee, compensation) {
        (Some(f), _) => format!(
            "- **Late fee:** `{f}`: {} is added once the invoice is late.\n",
            late_fee_words(f, currency, numbers)
        ),
        (None, Some(words)) => {
            format!("- **Late fee:** none agreed: the law adds {words} once the invoice is late.\n")
        }
        (None, None) => "- **Late fee:** none.\n".to_string(),
    };
    s += &match rules.interest {
        Some(r) => format!(
            "- **Interest:** `{r}`: {} on the overdue balance, while it is late.\n",
            interest_rule_words(r, as_of, rates)
        ),
        None => "- **Interest:** none.\n".to_string(),
    };
    s += &match rules.suspend_after {
        Some(n) => format!(
            "- **Suspension:** `{n}d`: work may be paused once an invoice is {} late, until it is paid.\n",
            plural(n, "day")
        ),
        None => "- **Suspension:** none: work is not paused for late payment.\n".to_string(),
    };
    if rules.phase_gating {
        s += "- **Phases:** `on`: each project phase starts once the previous phase is paid.\n";
    } else {
        s += "- **Phases:** `off`: a phase may start before the previous one is paid.\n";
    }
    s += "\n## Turnaround\n\n";
    s += &format!(
        "- **Start:** `{}`: new work starts within {}.\n",
        v.start_within,
        duration_words(rules.start_within)
    );
    s += &format!(
        "- **Turnaround:** `{}`: work is delivered within {}.\n",
        v.turnaround,
        duration_words(rules.turnaround)
    );
    s += &match rules.cutoff {
        Some(c) => format!(
            "- **Cut-off:** `{c}`: requests that arrive {} count from the next business day.\n",
            cutoff_words(c)
        ),
        None => "- **Cut-off:** none.\n".to_string(),
    };
    s += &match rules.rush_fee {
        Some(f) => format!(
            "- **Rush:** `{f}`: work wanted sooner than the turnaround costs {}.\n",
            rush_fee_words(f, currency, numbers)
        ),
        None => {
            "- **Rush:** no rush fee; work wanted sooner than the turnaround is by arrangement.\n".to_string()
        }
    };
    s += &format!(
        "\n## Changes\n\n- **Notice:** `{}`: we announce any stricter change at least {} before it takes effect.\n",
        v.notice_period,
        plural(rules.notice_period, "day")
    );
    s
}

/// The rule as a noun for "from DATE the late fee is `10%`", and whether
/// it is plural.
fn rule_noun(rule: &str) -> (&'static str, bool) {
    match rule {
        "channels" => ("the channels", true),
        "response" => ("the reply time", false),
        "terms" => ("the payment terms", true),
        "grace" => ("the grace period", false),
        "late_fee" => ("the late fee", false),
        "interest" => ("the interest on late payments", false),
        "suspend_after" => ("the pause of work for late payment", false),
        "turnaround" => ("the turnaround", false),
        "start_within" => ("the start of new work", false),
        "cutoff" => ("the cut-off for new requests", false),
        "rush_fee" => ("the rush fee", false),
        "phase_gating" => ("payment between project phases", false),
        "notice_period" => ("the notice of changes", false),
        _ => ("the terms", true),
    }
}

/// The section of upcoming rule changes ("from 2027-01-01 the late fee is
/// `10%`", with what it means), appended to the sheet; empty when none is
/// coming.
pub fn coming_changes(changes: &[super::notice::Change]) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let mut s = "\n## Coming changes\n\n".to_string();
    for c in changes {
        let (noun, plural) = rule_noun(c.rule);
        let now = c.from.as_deref().map(|f| format!(" (until then `{f}`)")).unwrap_or_default();
        let what = match &c.to {
            Some(to) => format!("{noun} {} `{to}`{now}", if plural { "are" } else { "is" }),
            None => format!("there is no {}{now}", noun.trim_start_matches("the ")),
        };
        s += &format!("- **From {}:** {what}. {}\n", c.effective, c.meaning);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::letters::notice::Change;

    #[test]
    fn coming_changes_say_from_when_what_and_what_it_means() {
        assert_eq!(coming_changes(&[]), "");
        let change = |rule, from: Option<&str>, to: Option<&str>| Change {
            effective: "2027-01-01".parse().unwrap(),
            rule,
            from: from.map(Into::into),
            to: to.map(Into::into),
            stricter: true,
            meaning: "It means something.".into(),
        };
        assert_eq!(
            coming_changes(&[
                change("late_fee", Some("5%"), Some("10%")),
                change("rush_fee", Some("50%"), None)
            ]),
            "\n## Coming changes\n\n\
             - **From 2027-01-01:** the late fee is `10%` (until then `5%`). It means something.\n\
             - **From 2027-01-01:** there is no rush fee (until then `50%`). It means something.\n"
        );
    }
}
