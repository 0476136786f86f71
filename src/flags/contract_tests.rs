//! Unit tests of contract.

use super::*;
use crate::rules::{builtin_defaults, RulePatch};
use chrono::Utc;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn start(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).unwrap())
}

fn first(rules: &Rules) -> RuleVersion {
    RuleVersion { id: 1, effective: None, notified: None, patch: rules.to_patch() }
}

fn change(id: i64, effective: &str, notified: Option<&str>, pairs: &[(&str, &str)]) -> RuleVersion {
    let mut patch = RulePatch::default();
    for (k, v) in pairs {
        patch.set(k, v).unwrap();
    }
    RuleVersion { id, effective: Some(d(effective)), notified: notified.map(d), patch }
}

fn contract(signed: &str, expires: Option<&str>, covers: &[Topic]) -> ContractTerms {
    ContractTerms { signed: d(signed), expires: expires.map(d), covers: covers.iter().copied().collect() }
}

fn keys(flags: &[Flag]) -> Vec<String> {
    flags.iter().map(|f| f.key().to_string()).collect()
}

#[test]
fn topics_parse_and_print() {
    assert_eq!(parse_topics("late-fee, payment,late-fee").unwrap(), vec![Topic::Payment, Topic::LateFee]);
    assert!(parse_topics("late_fee").is_err());
    assert!(parse_topics("").is_err());
    for t in Topic::ALL {
        assert_eq!(t.as_str().parse::<Topic>().unwrap(), t);
    }
    assert_eq!("LATE-FEE".parse::<Topic>().unwrap(), Topic::LateFee);
    let set: TopicSet = [Topic::Payment, Topic::Rush].into_iter().collect();
    assert!(set.contains(Topic::Rush) && !set.contains(Topic::LateFee) && !set.is_all());
    assert!(Topic::ALL.into_iter().collect::<TopicSet>().is_all());
    let all = contract("2026-01-01", Some("2026-06-30"), &Topic::ALL);
    let half = contract("2026-01-01", None, &[Topic::Payment]);
    assert!(fully_covered(&[all.clone(), half.clone()], d("2026-06-30")));
    assert!(!fully_covered(&[all, half], d("2026-07-01")));
}

#[test]
fn no_contract_until_one_is_signed_and_after_it_expires() {
    let rules = builtin_defaults();
    let versions = [first(&rules)];
    let contracts = [contract("2026-06-01", Some("2026-12-31"), &Topic::ALL)];
    let c = ClientContracts {
        handle: "acme",
        name: "Acme Corp",
        since: start(d("2026-01-10")),
        has_projects: true,
        contracts: &contracts,
        versions: &versions,
    };
    let before = contract_flags(&c, d("2026-05-31"), start);
    assert_eq!(keys(&before), vec!["no-contract:client:acme"]);
    assert_eq!(before[0].at, start(d("2026-01-10")));
    assert!(before[0].detail().contains("has no signed contract"));
    assert!(contract_flags(&c, d("2026-06-01"), start).is_empty());
    assert!(contract_flags(&c, d("2026-12-31"), start).is_empty());
    let after = contract_flags(&c, d("2027-01-01"), start);
    assert_eq!(keys(&after), vec!["no-contract:client:acme"]);
    assert_eq!(after[0].at, start(d("2027-01-01")));
    assert!(after[0].detail().contains("no unexpired contract"));
}

#[test]
fn gaps_name_the_topic_and_its_rules_but_not_rules_that_are_off() {
    let mut rules = builtin_defaults();
    rules.late_fee = Some("5%".parse().unwrap());
    rules.phase_gating = false;
    let versions = [first(&rules), change(2, "2026-09-01", None, &[("interest", "1%/month")])];
    let contracts = [
        contract("2026-01-01", None, &[Topic::Contact, Topic::Communication]),
        contract("2026-02-01", Some("2026-12-31"), &[Topic::Payment]),
        contract("2026-02-01", Some("2026-03-31"), &[Topic::Turnaround]),
    ];
    let c = ClientContracts {
        handle: "acme",
        name: "Acme Corp",
        since: start(d("2026-01-10")),
        has_projects: true,
        contracts: &contracts,
        versions: &versions,
    };
    let flags = contract_flags(&c, d("2026-11-27"), start);
    // No suspension, rush fee or phase gating: no cover needed.
    assert_eq!(
        keys(&flags),
        vec![
            "contract-gap:client:acme:late-fee",
            "contract-gap:client:acme:interest",
            "contract-gap:client:acme:turnaround",
        ]
    );
    assert_eq!(flags[0].at, start(d("2026-01-10")));
    assert!(flags[0].detail().starts_with("late_fee 5% is in force for acme"), "{}", flags[0].detail());
    assert!(flags[0].detail().contains("the topic late-fee"));
    assert_eq!(flags[1].at, start(d("2026-09-01")));
    assert_eq!(flags[2].at, start(d("2026-04-01")));
    assert!(flags[2].detail().contains("turnaround 5bd, start_within 2bd, cutoff fri 16:00 are"));
    // Once the payment contract expires, cover is gone for payment too.
    let later = contract_flags(&c, d("2027-01-01"), start);
    assert!(keys(&later).contains(&"contract-gap:client:acme:payment".to_string()));
    // The point of contact always needs cover.
    let only_pay = [contract("2026-01-01", None, &[Topic::Payment])];
    let c2 = ClientContracts { contracts: &only_pay, ..c };
    let k = keys(&contract_flags(&c2, d("2026-11-27"), start));
    assert!(k.contains(&"contract-gap:client:acme:contact".to_string()));
    assert!(k.contains(&"contract-gap:client:acme:communication".to_string()));
}

#[test]
fn phase_gating_needs_cover_only_for_a_client_with_a_project() {
    let rules = builtin_defaults(); // phase gating on
    let versions = [first(&rules)];
    let all_but_phases: Vec<Topic> = Topic::ALL.into_iter().filter(|t| *t != Topic::Phases).collect();
    let contracts = [contract("2026-01-01", None, &all_but_phases)];
    let c = ClientContracts {
        handle: "acme",
        name: "Acme",
        since: start(d("2026-01-01")),
        has_projects: false,
        contracts: &contracts,
        versions: &versions,
    };
    assert!(contract_flags(&c, d("2026-11-27"), start).is_empty());
    let with_project = ClientContracts { has_projects: true, ..c };
    assert_eq!(
        keys(&contract_flags(&with_project, d("2026-11-27"), start)),
        vec!["contract-gap:client:acme:phases"]
    );
}

#[test]
fn contracts_signed_after_as_of_do_not_count() {
    let rules = builtin_defaults();
    let versions = [first(&rules)];
    let contracts = [contract("2026-12-01", None, &Topic::ALL)];
    let c = ClientContracts {
        handle: "acme",
        name: "Acme",
        since: start(d("2026-01-01")),
        has_projects: true,
        contracts: &contracts,
        versions: &versions,
    };
    assert_eq!(keys(&contract_flags(&c, d("2026-11-30"), start)), vec!["no-contract:client:acme"]);
    assert!(contract_flags(&c, d("2026-12-01"), start).is_empty());
}

#[test]
fn unnotified_change_window_and_notice() {
    let rules = builtin_defaults(); // notice_period 30d
    let stricter = |notified: Option<&str>| {
        vec![first(&rules), change(2, "2027-01-01", notified, &[("late_fee", "10%")])]
    };
    let at = |today: &str, notified: Option<&str>| {
        keys(&unnotified_changes("acme", &stricter(notified), d(today), start))
    };
    let key = vec!["unnotified-change:client:acme:2027-01-01".to_string()];
    // Before the notice window opens: nothing yet.
    assert!(at("2026-12-01", None).is_empty());
    // From 30 days before to 30 days after the effective date.
    assert_eq!(at("2026-12-02", None), key);
    assert_eq!(at("2027-01-01", None), key);
    assert_eq!(at("2027-01-30", None), key);
    assert!(at("2027-01-31", None).is_empty());
    // Notice given 30 days before is enough; 29 days is not.
    assert!(at("2026-12-20", Some("2026-12-02")).is_empty());
    assert_eq!(at("2026-12-20", Some("2026-12-03")), key);
    // A notice dated after the as-of date has not happened yet.
    assert_eq!(at("2026-12-02", Some("2026-12-02")), Vec::<String>::new());
    assert_eq!(at("2026-12-02", Some("2026-12-03")), key);
    let f = unnotified_changes("acme", &stricter(None), d("2026-12-10"), start);
    assert_eq!(f[0].at, start(d("2027-01-01")));
    assert!(f[0].detail().contains("late_fee 10%"), "{}", f[0].detail());
    assert!(f[0].detail().contains("by 2026-12-02"));
    // A change that is not stricter needs no notice.
    let softer = vec![first(&rules), change(2, "2027-01-01", None, &[("terms", "net45")])];
    assert!(unnotified_changes("acme", &softer, d("2026-12-20"), start).is_empty());
}

#[test]
fn notice_period_is_the_one_in_force_the_day_before() {
    let rules = builtin_defaults();
    // Notice period raised to 60d from 2026-12-01; a stricter change on
    // 2027-01-01 then needs 60 days (by 2026-11-02).
    let versions = vec![
        first(&rules),
        change(2, "2026-12-01", Some("2026-10-01"), &[("notice_period", "60d")]),
        change(3, "2027-01-01", Some("2026-11-15"), &[("grace", "0d"), ("late_fee", "25")]),
    ];
    let f = unnotified_changes("acme", &versions, d("2026-12-20"), start);
    assert_eq!(keys(&f), vec!["unnotified-change:client:acme:2027-01-01"]);
    assert!(f[0].detail().contains("needs 60d notice, by 2026-11-02"), "{}", f[0].detail());
    assert!(f[0].detail().contains("told only on 2026-11-15"));
}
