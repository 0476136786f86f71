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
    let ranks: Vec<u32> = {
        // foldhash: SipHash on a handle twice a flag was 2% of `check`.
        let mut seen = foldhash::HashSet::default();
        let mut handles: Vec<&str> = flags.iter().map(Flag::client).filter(|h| seen.insert(*h)).collect();
        handles.sort_unstable();
        let rank: foldhash::HashMap<&str, u32> =
            handles.iter().enumerate().map(|(i, h)| (*h, i as u32)).collect();
        flags.iter().map(|f| rank[f.client()]).collect()
    };
    // Half the bytes to sort and move when every key fits 64 bits (whole
    // seconds from 1970 on, under a million clients: every book there is).
    let short: Option<Vec<u64>> =
        flags.iter().zip(&ranks).map(|(f, &rank)| short_rank_and_time(rank, &f.at)).collect();
    if let Some(keys) = short {
        crate::lists::sort_by_keys_then_text(flags, keys, Flag::key);
    } else {
        let keys = flags.iter().zip(&ranks).map(|(f, &rank)| rank_and_time(rank, &f.at)).collect();
        crate::lists::sort_by_keys_then_text::<_, u128>(flags, keys, Flag::key);
    }
}

/// Bits of [`short_rank_and_time`] that hold the seconds (to the year
/// 559,000).
const SHORT_SECONDS: u32 = 44;

/// [`rank_and_time`] in 64 bits, ordered as it is, when the rank is under
/// 2^20, the instant a whole second and not before 1970.
fn short_rank_and_time(rank: u32, at: &DateTime<FixedOffset>) -> Option<u64> {
    let seconds = u64::try_from(at.timestamp()).ok().filter(|s| *s < 1 << SHORT_SECONDS)?;
    (rank < 1 << (64 - SHORT_SECONDS) && at.timestamp_subsec_nanos() == 0)
        .then(|| (u64::from(rank) << SHORT_SECONDS) | seconds)
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
        let mut by_number = pairs.clone();
        by_number.sort_by_key(|(rank, t)| rank_and_time(*rank, t));
        assert_eq!(by_number, by_pair);
        // The short form: the pairs it holds, in the same order; the others
        // (before 1970, part seconds, a rank of 2^20 or more) it does not.
        let short: Vec<(u32, DateTime<FixedOffset>)> =
            pairs.iter().copied().filter(|(rank, t)| short_rank_and_time(*rank, t).is_some()).collect();
        let mut by_short = short.clone();
        by_short.sort_by_key(|(rank, t)| short_rank_and_time(*rank, t));
        let mut by_pair = short;
        by_pair.sort();
        assert_eq!(by_short, by_pair);
        assert_eq!(by_short.len(), 3 * 4, "ranks 0, 1 and 7 of four whole seconds from 1970 on");
        assert!(short_rank_and_time((1 << 20) - 1, &at("9999-12-31T23:59:59Z")).is_some());
        assert!(short_rank_and_time(1 << 20, &at("2026-11-30T16:00:00Z")).is_none());
    }

    /// Flags sorted either way come in the same order: by client, time,
    /// then key.
    #[test]
    fn flags_sort_by_client_time_then_key_whatever_their_times() {
        use crate::flags::Code;
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let flag = |client: &str, key: &str, t: &str| Flag::new(Code::LateReply, client, key, "", &at(t), "");
        let made = || {
            vec![
                flag("b", "m:2", "2026-11-30T16:00:00Z"),
                flag("a", "m:9", "2026-11-30T17:00:00+01:00"),
                flag("a", "m:1", "2026-11-30T16:00:00Z"),
                flag("b", "m:1", "2026-11-29T16:00:00Z"),
                flag("a", "m:3", "2026-11-30T15:59:59Z"),
            ]
        };
        let want = ["a/m:3", "a/m:1", "a/m:9", "b/m:1", "b/m:2"];
        let order = |flags: &[Flag]| -> Vec<String> {
            flags
                .iter()
                .map(|f| format!("{}/{}", f.client(), f.key().trim_start_matches("late-reply:")))
                .collect()
        };
        let mut short = made();
        sort(&mut short);
        assert_eq!(order(&short), want);
        // One flag before 1970 sends them all the long way.
        let mut long = made();
        long.push(flag("c", "m:0", "1969-12-31T23:59:59Z"));
        sort(&mut long);
        assert_eq!(order(&long)[..5], want);
        assert_eq!(order(&long)[5], "c/m:0");
    }
}
