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
