//! The dunning ladder (SPEC 6): which step an overdue invoice has reached,
//! whether its reminder is still to be sent, and the text of each tone —
//! polite, specific and ready to paste into an e-mail, with the amounts, the
//! late fee, the interest and the terms in force. The final step also
//! suggests a phone call to talk it through.

use chrono::NaiveDate;

use super::statutory::{compensation_words, scheme_words, StatutoryRate};
use crate::config::{ReminderStep, Tone};
use crate::values::{Currency, Fee, Interest, Money, Numbers, Terms};

/// The highest step of `ladder` an invoice `days_late` days late has
/// reached (a step is reached when `days_late − grace ≥ after`), as
/// `(step number from 1, step)`.
pub fn step_reached(ladder: &[ReminderStep], days_late: i64, grace: u32) -> Option<(u32, ReminderStep)> {
    let past_grace = days_late - i64::from(grace);
    ladder
        .iter()
        .enumerate()
        .filter(|(_, s)| past_grace >= i64::from(s.after))
        .max_by_key(|(i, _)| *i)
        .map(|(i, s)| (i as u32 + 1, *s))
}

/// The step to send now: the highest reached, unless a reminder of that
/// step or a higher one was already recorded (`sent` is the highest step
/// recorded, if any).
pub fn step_due(
    ladder: &[ReminderStep],
    days_late: i64,
    grace: u32,
    sent: Option<u32>,
) -> Option<(u32, ReminderStep)> {
    step_reached(ladder, days_late, grace).filter(|(n, _)| sent.is_none_or(|s| s < *n))
}

/// Everything a reminder says.
#[derive(Debug, Clone)]
pub struct Letter {
    pub number: String,
    pub client_name: String,
    /// The client's primary contact, to greet.
    pub contact: Option<String>,
    /// Who signs: the client's manager on your side.
    pub sender: String,
    pub currency: Currency,
    /// How amounts are written (config `numbers`).
    pub numbers: Numbers,
    pub amount: Money,
    pub paid: Money,
    pub outstanding: Money,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    pub days_late: i64,
    pub late_fee: Money,
    pub interest: Money,
    pub total_due: Money,
    pub as_of: NaiveDate,
    pub terms: Terms,
    pub grace: u32,
    pub late_fee_rule: Option<Fee>,
    pub interest_rule: Option<Interest>,
    /// The statutory rate in force on the as-of date, when the interest
    /// rule is a statutory scheme.
    pub statutory_rate: Option<StatutoryRate>,
    pub suspend_after: Option<u32>,
}

fn terms_words(t: Terms) -> String {
    match t {
        Terms::Receipt => "payment due on receipt".into(),
        Terms::Net(n) => format!("payment due {n} days after the invoice date (net {n})"),
        Terms::Eom(0) => "payment due at the end of the month of the invoice".into(),
        Terms::Eom(n) => format!("payment due {n} days after the end of the month of the invoice"),
    }
}

fn plural(n: i64, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

impl Letter {
    fn money(&self, m: Money) -> String {
        self.currency.amount(m).text(self.numbers)
    }

    /// The terms in force, in words.
    fn terms_lines(&self) -> Vec<String> {
        let mut lines = vec![format!("- {}", terms_words(self.terms))];
        if self.grace > 0 {
            lines.push(format!("- a grace period of {}", plural(i64::from(self.grace), "day")));
        }
        match self.late_fee_rule {
            Some(Fee::Flat(f)) => lines.push(format!(
                "- a late fee of {} once overdue",
                self.money(f.rounded(self.currency.exponent()))
            )),
            Some(Fee::Percent(p)) => {
                lines.push(format!("- a late fee of {p} of the balance once overdue"));
            }
            None => {
                let scheme = self.interest_rule.and_then(Interest::statutory);
                if let Some(words) = scheme.and_then(|s| compensation_words(s, self.currency, self.numbers)) {
                    lines.push(format!("- {words} once overdue"));
                }
            }
        }
        match self.interest_rule {
            Some(Interest::Rate(r)) => {
                lines.push(format!("- interest of {} per {} on the overdue balance", r.percent, r.per));
            }
            Some(Interest::Statutory(s)) => {
                let now = self
                    .statutory_rate
                    .map(|r| format!(", on {}: {r} a year", self.as_of))
                    .unwrap_or_default();
                lines.push(format!("- {}{now}, on the overdue balance", scheme_words(s)));
            }
            None => {}
        }
        if let Some(s) = self.suspend_after {
            lines.push(format!(
                "- work may be paused once an invoice is {} late",
                plural(i64::from(s), "day")
            ));
        }
        lines
    }

    fn figures(&self) -> String {
        let mut s = format!("  Invoice {} of {}, due {}\n", self.number, self.issued, self.due);
        s += &format!("  Amount:        {}\n", self.money(self.amount));
        if self.paid > Money::ZERO {
            s += &format!("  Paid so far:   {}\n", self.money(self.paid));
        }
        s += &format!("  Outstanding:   {}\n", self.money(self.outstanding));
        if self.late_fee > Money::ZERO {
            s += &format!("  Late fee:      {}\n", self.money(self.late_fee));
        }
        if self.interest > Money::ZERO {
            s += &format!("  Interest:      {} (to {})\n", self.money(self.interest), self.as_of);
        }
        s += &format!("  Total now due: {}\n", self.money(self.total_due));
        s
    }

    /// The reminder of `tone`: a subject line, a blank line and the body.
    pub fn text(&self, tone: Tone) -> String {
        let (subject, body) = self.parts(tone);
        format!("Subject: {subject}\n\n{body}")
    }

    /// The subject and the body of the reminder of `tone`.
    pub fn parts(&self, tone: Tone) -> (String, String) {
        let hello = match &self.contact {
            Some(n) => format!("Hello {n},"),
            None => format!("Hello {} team,", self.client_name),
        };
        let late = plural(self.days_late, "day");
        let (subject, opening, ask) = match tone {
            Tone::Friendly => (
                format!("Friendly reminder: invoice {} was due {}", self.number, self.due),
                format!(
                    "I hope all is well. A quick note that invoice {} was due on {} and I have not yet received payment in full; it may simply have slipped through.",
                    self.number, self.due
                ),
                "Could you let me know when I can expect payment? If it is already on its way, thank you, and please ignore this note.".to_string(),
            ),
            Tone::Firm => (
                format!("Invoice {} is now {late} overdue", self.number),
                format!(
                    "I am following up on invoice {}, which was due on {} and is now {late} overdue.",
                    self.number, self.due
                ),
                "Please arrange payment of the total now due this week, or tell me by return when it will be paid.".to_string(),
            ),
            Tone::Final => (
                format!("Final reminder: invoice {} is {late} overdue", self.number),
                format!(
                    "This is my final reminder about invoice {}, due on {} and now {late} overdue.",
                    self.number, self.due
                ),
                "Please pay the total now due within 7 days. If something is getting in the way, could we have a quick phone call this week to talk it through? I would much rather find a solution together.".to_string(),
            ),
        };
        let mut s = format!("{hello}\n\n{opening}\n\n");
        s += &self.figures();
        s += "\nAs agreed, the terms in force for this invoice are:\n";
        for l in self.terms_lines() {
            s += &l;
            s.push('\n');
        }
        s += &format!("\n{ask}\n\nThank you,\n{}\n", self.sender);
        (subject, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ladder() -> Vec<ReminderStep> {
        vec![
            ReminderStep { after: 1, tone: Tone::Friendly },
            ReminderStep { after: 14, tone: Tone::Firm },
            ReminderStep { after: 30, tone: Tone::Final },
        ]
    }

    #[test]
    fn the_highest_step_reached_counts_after_grace() {
        let l = ladder();
        assert_eq!(step_reached(&l, 0, 0), None);
        assert_eq!(step_reached(&l, 1, 0).map(|s| s.0), Some(1));
        assert_eq!(step_reached(&l, 13, 0).map(|s| s.0), Some(1));
        assert_eq!(step_reached(&l, 14, 0).map(|s| s.1.tone), Some(Tone::Firm));
        assert_eq!(step_reached(&l, 16, 3).map(|s| s.0), Some(1));
        assert_eq!(step_reached(&l, 17, 3).map(|s| s.0), Some(2));
        assert_eq!(step_reached(&l, 90, 0).map(|s| s.1.tone), Some(Tone::Final));
    }

    #[test]
    fn never_twice_and_never_lower_after_higher() {
        let l = ladder();
        assert_eq!(step_due(&l, 10, 0, None).map(|s| s.0), Some(1));
        assert_eq!(step_due(&l, 10, 0, Some(1)), None);
        assert_eq!(step_due(&l, 24, 0, Some(1)).map(|s| s.0), Some(2));
        assert_eq!(step_due(&l, 24, 0, Some(3)), None);
    }

    #[test]
    fn texts_are_specific_and_the_final_one_suggests_a_call() {
        let letter = Letter {
            number: "INV-0001".into(),
            client_name: "Acme Corp".into(),
            contact: Some("Jane Doe".into()),
            sender: "Alex Rivera".into(),
            currency: Currency::USD,
            numbers: Numbers::Comma,
            amount: Money(150_000),
            paid: Money(50_000),
            outstanding: Money(100_000),
            issued: "2026-10-01".parse().unwrap(),
            due: "2026-10-31".parse().unwrap(),
            days_late: 10,
            late_fee: Money(7_500),
            interest: Money(616),
            total_due: Money(108_116),
            as_of: "2026-11-10".parse().unwrap(),
            terms: Terms::Net(30),
            grace: 0,
            late_fee_rule: Some("5%".parse().unwrap()),
            interest_rule: Some("1.5%/month".parse().unwrap()),
            statutory_rate: None,
            suspend_after: Some(60),
        };
        let friendly = letter.text(Tone::Friendly);
        assert!(friendly.starts_with("Subject: Friendly reminder: invoice INV-0001"));
        for part in [
            "Hello Jane Doe,",
            "USD 1,081.16",
            "USD 75.00",
            "USD 6.16",
            "net 30",
            "5% of the balance",
            "1.5% per month",
            "60 days",
        ] {
            assert!(friendly.contains(part), "{part} missing from\n{friendly}");
        }
        assert!(!friendly.contains("phone"));
        let last = letter.text(Tone::Final);
        assert!(last.contains("phone call"));
        assert!(letter.text(Tone::Firm).contains("10 days overdue"));
    }

    #[test]
    fn a_statutory_scheme_is_named_with_its_rate_and_compensation() {
        let as_of: NaiveDate = "2025-03-10".parse().unwrap();
        let letter = Letter {
            number: "RE-7".into(),
            client_name: "Muster GmbH".into(),
            contact: None,
            sender: "Alex Rivera".into(),
            currency: Currency::EUR,
            numbers: Numbers::Comma,
            amount: Money(100_000),
            paid: Money::ZERO,
            outstanding: Money(100_000),
            issued: "2025-01-01".parse().unwrap(),
            due: "2025-01-31".parse().unwrap(),
            days_late: 38,
            late_fee: Money(4_000),
            interest: Money(1_173),
            total_due: Money(105_173),
            as_of,
            terms: Terms::Net(30),
            grace: 0,
            late_fee_rule: None,
            interest_rule: Some(Interest::Statutory(crate::values::Statutory::De)),
            statutory_rate: Some(StatutoryRate::on(
                crate::values::Statutory::De,
                as_of,
                crate::money::ReferenceRates::builtin(),
            )),
            suspend_after: None,
        };
        let text = letter.text(Tone::Friendly);
        for part in [
            "- a fixed compensation of EUR 40.00 once overdue",
            "- statutory interest under § 288 (2) BGB: the Basiszinssatz + 9 points, \
             on 2025-03-10: 2.27% + 9 points = 11.27% a year, on the overdue balance",
        ] {
            assert!(text.contains(part), "{part} missing from\n{text}");
        }
    }
}
