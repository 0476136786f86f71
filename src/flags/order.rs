//! The order `check` lists flags in.

use chrono::{DateTime, FixedOffset};

use super::Flag;

/// Sorts flags for display: by client, then time, then key (unique, so
/// the order is total and an unstable sort gives the same one). Handles are
/// ranked once, and a flag's rank and time made one number, so that nearly
/// every comparison is of two numbers (`check` sorts two flags an overdue
/// invoice; comparing handles was a sixth of its work, and comparing a
/// rank and a time as a pair half of what was left).
pub fn sort(flags: &mut [Flag]) {
    let keys: Vec<u128> = {
        // foldhash: SipHash on a handle twice a flag was 2% of `check`.
        let mut seen = foldhash::HashSet::default();
        let mut handles: Vec<&str> = flags.iter().map(Flag::client).filter(|h| seen.insert(*h)).collect();
        handles.sort_unstable();
        let rank: foldhash::HashMap<&str, u32> =
            handles.iter().enumerate().map(|(i, h)| (*h, i as u32)).collect();
        flags.iter().map(|f| rank_and_time(rank[f.client()], &f.at)).collect()
    };
    crate::lists::sort_by_keys_then_text(flags, keys, Flag::key);
}

/// `rank` and the instant `at` as one number that orders as the pair does:
/// the rank, then the seconds since 1970 (moved to be unsigned), then the
/// nanoseconds (below 2,000,000,000, a leap second's included).
fn rank_and_time(rank: u32, at: &DateTime<FixedOffset>) -> u128 {
    let seconds = (at.timestamp() as u64) ^ (1 << 63);
    (u128::from(rank) << 96) | (u128::from(seconds) << 32) | u128::from(at.timestamp_subsec_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_and_time_orders_as_the_pair() {
        let east = FixedOffset::east_opt(5 * 3600).unwrap();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let mut times = vec![
            at("1969-12-31T23:59:59Z"),
            at("1970-01-01T00:00:00Z"),
            at("1970-01-01T00:00:00.5Z"),
            at("2026-11-30T16:00:00+01:00"),
            at("2026-11-30T16:00:00Z"),
            at("0001-01-01T00:00:00Z"),
            at("9999-12-31T23:59:59.999999999Z"),
            at("2026-11-30T20:59:59+05:00"),
            DateTime::<chrono::Utc>::MIN_UTC.with_timezone(&east),
            DateTime::<chrono::Utc>::MAX_UTC.with_timezone(&east),
        ];
        // A leap second: nanoseconds past 999,999,999.
        let leap = chrono::NaiveDate::from_ymd_opt(2016, 12, 31).unwrap().and_hms_nano_opt(
            23,
            59,
            59,
            1_500_000_000,
        );
        times.push(leap.unwrap().and_utc().fixed_offset());
        let mut pairs = Vec::new();
        for rank in [0u32, 1, 7, u32::MAX] {
            for t in &times {
                pairs.push((rank, *t));
            }
        }
        let mut by_pair = pairs.clone();
        by_pair.sort();
        let mut by_number = pairs;
        by_number.sort_by_key(|(rank, t)| rank_and_time(*rank, t));
        assert_eq!(by_number, by_pair);
    }
}
