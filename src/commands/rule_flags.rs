//! The rule flags shared by `add-client` and `edit-client` (SPEC 5).

use clap::Args;

use crate::error::UserError;
use crate::rules::RulePatch;
use crate::values::{MoneyInput, Numbers};

// Rule flags; each names one rule. `none` clears an optional rule. (Not a
// doc comment: clap would make it the about text of the commands that
// flatten it.)
#[derive(Debug, Args, Default, Clone)]
pub struct RuleFlags {
    /// Agreed channels, e.g. email,phone,basecamp
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub channels: Option<String>,
    /// Reply promise: a duration or a range (target-limit), e.g. 1-2bd
    #[arg(long, value_name = "RANGE", allow_hyphen_values = true)]
    pub response: Option<String>,
    /// Payment terms: receipt, netN, eom or eom+N
    #[arg(long, value_name = "TERMS", allow_hyphen_values = true)]
    pub terms: Option<String>,
    /// Days after the due date before an invoice is overdue, e.g. 5d
    #[arg(long, value_name = "DAYS", allow_hyphen_values = true)]
    pub grace: Option<String>,
    /// Late fee: an amount or a percentage of the balance (or none)
    #[arg(long, value_name = "FEE", allow_hyphen_values = true)]
    pub late_fee: Option<String>,
    /// Interest: e.g. 1.5%/month or 18%/year (or none)
    #[arg(long, value_name = "RATE", allow_hyphen_values = true)]
    pub interest: Option<String>,
    /// Days overdue at which service may be suspended, e.g. 60d (or none)
    #[arg(long, value_name = "DAYS", allow_hyphen_values = true)]
    pub suspend_after: Option<String>,
    /// Delivery time after a request, e.g. 5bd
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub turnaround: Option<String>,
    /// Work starts within this of a request, e.g. 2bd
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub start_within: Option<String>,
    /// Requests after this start the next business day: "fri 16:00", 16:00 or none
    #[arg(long, value_name = "CUTOFF", allow_hyphen_values = true)]
    pub cutoff: Option<String>,
    /// Surcharge quoted for rush requests, e.g. 50% (or none)
    #[arg(long, value_name = "FEE", allow_hyphen_values = true)]
    pub rush_fee: Option<String>,
    /// A phase may start only when the previous one is paid
    #[arg(long, conflicts_with = "no_phase_gating")]
    pub phase_gating: bool,
    /// Phases may start whether or not the previous one is paid
    #[arg(long)]
    pub no_phase_gating: bool,
    /// How long before a stricter change the client must be told, e.g. 30d
    #[arg(long, value_name = "DAYS", allow_hyphen_values = true)]
    pub notice_period: Option<String>,
}

impl RuleFlags {
    /// The rules these flags name, validated, with the flat fees as typed
    /// (in the `numbers` style, perhaps with a currency sign: the operation
    /// checks them against the client's currency).
    pub fn patch(&self, numbers: Numbers) -> Result<(RulePatch, Vec<MoneyInput>), UserError> {
        let mut patch = RulePatch::default();
        let mut typed = Vec::new();
        let named: [(&str, &Option<String>); 12] = [
            ("channels", &self.channels),
            ("response", &self.response),
            ("terms", &self.terms),
            ("grace", &self.grace),
            ("late_fee", &self.late_fee),
            ("interest", &self.interest),
            ("suspend_after", &self.suspend_after),
            ("turnaround", &self.turnaround),
            ("start_within", &self.start_within),
            ("cutoff", &self.cutoff),
            ("rush_fee", &self.rush_fee),
            ("notice_period", &self.notice_period),
        ];
        for (name, value) in named {
            if let Some(v) = value {
                let flag = format!("--{}", name.replace('_', "-"));
                let flat = matches!(name, "late_fee" | "rush_fee")
                    && !v.trim().ends_with('%')
                    && !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "none");
                if flat {
                    let m = MoneyInput::parse(&flag, v, numbers)
                        .map_err(|e| UserError::bad_value(&flag, v, &e))?;
                    patch.set(name, &m.value.to_string()).map_err(|e| UserError::bad_value(&flag, v, &e))?;
                    typed.push(m);
                    continue;
                }
                patch.set(name, v).map_err(|e| UserError::bad_value(&flag, v, &e))?;
                if matches!(name, "channels" | "response" | "terms" | "turnaround" | "start_within")
                    && v.trim().eq_ignore_ascii_case("none")
                {
                    return Err(UserError::new(format!("{flag} {v:?}: this rule cannot be none")));
                }
            }
        }
        if self.phase_gating {
            patch.phase_gating = Some(true);
        } else if self.no_phase_gating {
            patch.phase_gating = Some(false);
        }
        Ok((patch, typed))
    }
}
