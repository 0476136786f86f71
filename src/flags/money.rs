//! Flags about money (SPEC 8): `overdue-invoice` and `suspension-due` on the
//! client's side, `unpaid-phase` on yours. Built from plain data: the
//! overdue invoices (with their standing) and the phases started while the
//! previous phase was unpaid.

use chrono::{DateTime, TimeZone};

use super::{Code, Flag};
use crate::values::Money;

/// An overdue invoice as `check` sees it.
pub struct OverdueInvoice<Tz: TimeZone> {
    pub client: String,
    pub number: String,
    pub currency: String,
    pub due: chrono::NaiveDate,
    pub days_late: i64,
    pub total_due: Money,
    /// The start of the first overdue day.
    pub overdue_since: DateTime<Tz>,
    /// `suspend_after`, with the start of the day it is reached, once reached.
    pub suspend: Option<(u32, DateTime<Tz>)>,
}

/// `overdue-invoice`: one flag per overdue invoice.
pub fn overdue_invoice<Tz: TimeZone>(items: &[OverdueInvoice<Tz>]) -> Vec<Flag> {
    items
        .iter()
        .map(|i| {
            Flag::new(
                Code::OverdueInvoice,
                &i.client,
                &format!("invoice:{}", i.number),
                format!("invoice {}", i.number),
                &i.overdue_since,
                format!(
                    "invoice {} was due {} and is {} days late: {} {} now due; send `expect remind {}`",
                    i.number,
                    i.due,
                    i.days_late,
                    i.currency,
                    i.total_due.grouped(),
                    i.number
                ),
            )
        })
        .collect()
}

/// `suspension-due`: one flag per overdue invoice at or past `suspend_after`.
pub fn suspension_due<Tz: TimeZone>(items: &[OverdueInvoice<Tz>]) -> Vec<Flag> {
    items
        .iter()
        .filter_map(|i| {
            let (after, at) = i.suspend.as_ref()?;
            Some(Flag::new(
                Code::SuspensionDue,
                &i.client,
                &format!("invoice:{}", i.number),
                format!("invoice {}", i.number),
                at,
                format!(
                    "invoice {} is {} days late (suspension after {after}d): you may pause work for {} until it is paid",
                    i.number, i.days_late, i.client
                ),
            ))
        })
        .collect()
}

/// A phase started (under phase gating) while the previous one was unpaid,
/// and still unpaid.
pub struct UnpaidPhase<Tz: TimeZone> {
    pub client: String,
    pub project: String,
    pub phase: String,
    pub previous: String,
    /// Whether the previous phase has an invoice (issued, not void) yet.
    pub invoiced: bool,
    pub started: DateTime<Tz>,
}

/// `unpaid-phase`: one flag per such phase.
pub fn unpaid_phase<Tz: TimeZone>(items: &[UnpaidPhase<Tz>]) -> Vec<Flag> {
    items
        .iter()
        .map(|p| {
            Flag::new(
                Code::UnpaidPhase,
                &p.client,
                &format!("phase:{}:{}:{}", p.client, p.project, p.phase),
                format!("phase {} of {}", p.phase, p.project),
                &p.started,
                format!(
                    "phase {} of {} started while phase {} is unpaid: {} before going further \
                     (`expect projects --client {}` shows the phases)",
                    p.phase,
                    p.project,
                    p.previous,
                    if p.invoiced { "get its invoice paid" } else { "invoice it and get it paid" },
                    p.client
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn keys_and_details() {
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let items = [
            OverdueInvoice {
                client: "acme".into(),
                number: "INV-0007".into(),
                currency: "USD".into(),
                due: "2026-10-31".parse().unwrap(),
                days_late: 70,
                total_due: Money(108_092),
                overdue_since: at,
                suspend: Some((60, at)),
            },
            OverdueInvoice {
                client: "acme".into(),
                number: "INV-0008".into(),
                currency: "USD".into(),
                due: "2026-10-31".parse().unwrap(),
                days_late: 10,
                total_due: Money(100),
                overdue_since: at,
                suspend: None,
            },
        ];
        let f = overdue_invoice(&items);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].key, "overdue-invoice:invoice:INV-0007");
        assert!(f[0].detail.contains("USD 1,080.92"));
        let s = suspension_due(&items);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].key, "suspension-due:invoice:INV-0007");
        let phase = |invoiced| UnpaidPhase {
            client: "acme".into(),
            project: "site".into(),
            phase: "build".into(),
            previous: "design".into(),
            invoiced,
            started: at,
        };
        let p = unpaid_phase(&[phase(false), phase(true)]);
        assert_eq!(p[0].key, "unpaid-phase:phase:acme:site:build");
        assert_eq!(p[0].code, Code::UnpaidPhase);
        assert_eq!(
            p[0].detail,
            "phase build of site started while phase design is unpaid: invoice it and get it paid before \
             going further (`expect projects --client acme` shows the phases)"
        );
        assert!(p[1].detail.contains("design is unpaid: get its invoice paid before going further"));
    }
}
