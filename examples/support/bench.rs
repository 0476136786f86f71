//! What the benchmark examples share: the as-of time they measure at, a
//! deterministic generator for their data, and peak memory.

/// The as-of time every benchmark evaluates at.
pub const AS_OF: &str = "2026-11-27T12:00:00Z";

/// A small deterministic generator (64-bit LCG), so two runs build the same data.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Peak resident memory of this process so far (VmHWM), in KiB.
#[allow(dead_code)] // not every benchmark measures itself
pub fn peak_memory_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The first (complete) rule version of a client, as a record of the
/// document the benchmarks import.
#[allow(dead_code)] // not every benchmark builds clients with rules
pub fn rule_version(
    id: i64,
    client_id: i64,
    rules: &expect::rules::Rules,
    created_at: i64,
) -> expect::store::records::RuleVersionRecord {
    expect::store::records::RuleVersionRecord::new(id, client_id, None, None, &rules.to_patch(), created_at)
}

/// A document holding member `me` and nothing else.
#[allow(dead_code)]
pub fn empty_document() -> expect::book::data::Document {
    expect::book::data::Document {
        expect_export: expect::store::export::FORMAT_VERSION,
        members: vec![expect::store::records::MemberRecord {
            id: 1,
            handle: "me".into(),
            name: "Me".into(),
            email: None,
        }],
        ..expect::book::data::Document::default()
    }
}

/// What a client pays on `on` for a USD invoice of `amount` due `due`
/// under `rules`: what `overdue` quotes that day (principal, late fee and
/// interest), which settles it — except one late payer in a hundred, who
/// pays the principal alone and leaves its charges owed (`unpaid-charges`).
#[allow(dead_code)] // the benchmarks that build invoices
pub fn payment_on(
    rng: &mut Lcg,
    amount: expect::values::Money,
    due: chrono::NaiveDate,
    rules: &expect::money::PaymentRules,
    on: chrono::NaiveDate,
) -> expect::values::Money {
    use expect::money::{standing, Invoice};
    let quoted = standing(&Invoice::new(amount, expect::values::Currency::USD, due, rules), &[], on)
        .map_or(amount, |s| s.total_due());
    let principal_only = quoted > amount && rng.below(100) == 0;
    if principal_only {
        amount
    } else {
        quoted
    }
}
