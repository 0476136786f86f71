//! Unit tests of the rules: overlaying versions and what is stricter.

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn patch(pairs: &[(&str, &str)]) -> RulePatch {
    let mut p = RulePatch::default();
    for (k, v) in pairs {
        p.set(k, v).unwrap();
    }
    p
}

fn versions() -> Vec<RuleVersion> {
    vec![
        RuleVersion { id: 1, effective: None, notified: None, patch: builtin_defaults().to_patch() },
        RuleVersion {
            id: 2,
            effective: Some(d("2027-01-01")),
            notified: None,
            patch: patch(&[("late_fee", "10%")]),
        },
        RuleVersion {
            id: 3,
            effective: Some(d("2026-12-01")),
            notified: None,
            patch: patch(&[("late_fee", "5%"), ("terms", "net15")]),
        },
    ]
}

#[test]
fn versions_overlay_in_effective_order() {
    let v = versions();
    assert_eq!(rules_on(&v, d("2026-11-30")).late_fee, None);
    assert_eq!(rules_on(&v, d("2026-11-30")).terms, Terms::Net(30));
    let dec = rules_on(&v, d("2026-12-01"));
    assert_eq!(dec.late_fee.unwrap().to_string(), "5%");
    assert_eq!(dec.terms, Terms::Net(15));
    let jan = rules_on(&v, d("2027-01-01"));
    assert_eq!(jan.late_fee.unwrap().to_string(), "10%");
    assert_eq!(jan.terms, Terms::Net(15));
    let up: Vec<i64> = upcoming(&v, d("2026-11-30")).iter().map(|v| v.id).collect();
    assert_eq!(up, vec![3, 2]);
}

#[test]
fn damaged_versions_fall_back_to_the_defaults_instead_of_panicking() {
    assert_eq!(rules_on(&[], d("2026-11-27")), builtin_defaults());
    let partial = RuleVersion { id: 1, effective: None, notified: None, patch: patch(&[("terms", "net15")]) };
    let rules = rules_on(&[partial], d("2026-11-27"));
    assert_eq!(rules.terms, Terms::Net(15));
    assert_eq!(rules.response, builtin_defaults().response);
}

#[test]
fn stricter_changes_are_named() {
    let base = builtin_defaults();
    let cases: &[(&str, &str, bool)] = &[
        ("late_fee", "5%", true),
        ("late_fee", "none", false),
        ("interest", "1.5%/month", true),
        ("terms", "net15", true),
        ("terms", "net45", false),
        ("terms", "eom", true),
        ("grace", "5d", false),
        ("suspend_after", "60d", true),
        ("notice_period", "14d", true),
        ("notice_period", "60d", false),
        ("response", "1-3bd", true),
        ("response", "1bd", false),
        ("response", "4h", true),
        ("turnaround", "10bd", true),
        ("turnaround", "3bd", false),
        ("start_within", "1w", true),
        ("cutoff", "fri 12:00", true),
        ("cutoff", "fri 17:00", false),
        ("cutoff", "none", false),
        ("cutoff", "16:00", true),
        ("channels", "email", true),
        ("channels", "email,phone,slack", false),
        ("rush_fee", "50%", true),
        ("phase_gating", "off", false),
    ];
    for (name, value, stricter) in cases {
        let p = patch(&[(name, value)]);
        assert_eq!(!p.stricter_than(&base).is_empty(), *stricter, "{name} = {value}");
    }
    let mut fee = base.clone();
    fee.late_fee = Some("5%".parse().unwrap());
    assert_eq!(patch(&[("late_fee", "25.00")]).stricter_than(&fee), vec!["late_fee"]);
    assert!(patch(&[("late_fee", "4%")]).stricter_than(&fee).is_empty());
    let mut rate = base.clone();
    rate.interest = Some("2%/month".parse().unwrap());
    assert!(patch(&[("interest", "18%/year")]).stricter_than(&rate).is_empty());
    assert_eq!(patch(&[("interest", "24.5%/year")]).stricter_than(&rate), vec!["interest"]);
    let mut fixed = base.clone();
    fixed.interest = Some("18%/year".parse().unwrap());
    assert_eq!(patch(&[("interest", "statutory-de")]).stricter_than(&fixed), vec!["interest"]);
    let mut statutory = base.clone();
    statutory.interest = Some("statutory-de".parse().unwrap());
    assert_eq!(patch(&[("interest", "1%/year")]).stricter_than(&statutory), vec!["interest"]);
    assert_eq!(patch(&[("interest", "statutory-eu")]).stricter_than(&statutory), vec!["interest"]);
    assert!(patch(&[("interest", "statutory-de-consumer")]).stricter_than(&statutory).is_empty());
    assert!(patch(&[("interest", "statutory-de")]).stricter_than(&statutory).is_empty());
    assert!(patch(&[("interest", "none")]).stricter_than(&statutory).is_empty());
    let mut consumer = base.clone();
    consumer.interest = Some("statutory-de-consumer".parse().unwrap());
    assert_eq!(patch(&[("interest", "statutory-de")]).stricter_than(&consumer), vec!["interest"]);
    let mut gating = base.clone();
    gating.phase_gating = false;
    assert_eq!(patch(&[("phase_gating", "on")]).stricter_than(&gating), vec!["phase_gating"]);
}

#[test]
fn patch_entries_round_trip() {
    let p = patch(&[
        ("channels", "email, Basecamp"),
        ("response", "1-2bd"),
        ("terms", "eom+10"),
        ("late_fee", "25"),
        ("interest", "18%/year"),
        ("cutoff", "none"),
        ("phase_gating", "off"),
    ]);
    let entries = p.entries();
    assert_eq!(
        entries,
        vec![
            ("channels", "email,basecamp".to_string()),
            ("response", "1-2bd".into()),
            ("terms", "eom+10".into()),
            // As typed: a client's rules keep it with their currency's decimals.
            ("late_fee", "25".into()),
            ("interest", "18%/year".into()),
            ("cutoff", String::new()),
            ("phase_gating", "off".into()),
        ]
    );
    let mut back = RulePatch::default();
    for (k, v) in &entries {
        back.set(k, v).unwrap();
    }
    assert_eq!(back, p);
}

#[test]
fn statutory_interest_round_trips_as_canonical_text() {
    let p = patch(&[("interest", "Statutory-UK")]);
    assert_eq!(p.entries(), vec![("interest", "statutory-uk".to_string())]);
    let mut back = RulePatch::default();
    back.set("interest", "statutory-uk").unwrap();
    assert_eq!(back, p);
    let mut rules = builtin_defaults();
    p.apply_to(&mut rules);
    assert_eq!(rules.view().interest.as_deref(), Some("statutory-uk"));
    assert!(RulePatch::default().set("interest", "statutory-fr").is_err());
}

#[test]
fn defaults_view_is_canonical() {
    let v = builtin_defaults().view();
    assert_eq!(v.response, "1-2bd");
    assert_eq!(v.terms, "net30");
    assert_eq!(v.grace, "0d");
    assert_eq!(v.cutoff.as_deref(), Some("fri 16:00"));
    assert_eq!(v.notice_period, "30d");
    assert_eq!(v.late_fee, None);
}
