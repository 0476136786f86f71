//! `check`: every broken expectation as of now. Each detector is a pure
//! function of `flags` fed by a loader of its area; [`DETECTORS`] lists
//! them, so a new one is a pure function and one line here. The gathering
//! hides dismissed flags and past events older than `since`; dismissing and
//! bringing a flag back live here too.

use chrono::DateTime;
use chrono_tz::Tz;

use super::{charges, contracts, messages, overdue, projects, BookError, Env, Result};
use crate::flags::contact::{no_contact, ClientWithoutContact};
use crate::flags::{self, Code, Flag, Severity};
use crate::store::clients::clients_without_primary;
use crate::store::dismissals;
use crate::store::{Db, Tx};
use crate::values::{Duration, Unit};

/// Which flags to gather.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this client (by id).
    pub client: Option<i64>,
    /// Only these codes (all when empty).
    pub only: Vec<Code>,
    /// Events before this are not listed (default: 7 days before as-of).
    pub since: Option<DateTime<Tz>>,
    /// Warn of deadlines this close (default: the config's `soon`).
    pub soon: Option<Duration>,
    /// Include dismissed flags.
    pub all: bool,
}

/// What a detector's loader is given.
pub struct Scope<'a, D: Db> {
    pub db: &'a D,
    pub env: &'a Env<'a>,
    pub filter: &'a Filter,
    /// The resolved `since`.
    pub since: DateTime<Tz>,
}

/// A detector: reads what its pure function needs, returns its flags.
type Detector<D> = fn(&Scope<'_, D>) -> Result<Vec<Flag>>;

/// Every detector `check` runs, in order.
fn detectors<D: Db>() -> [Detector<D>; 6] {
    [
        |s| no_contacts(s.db, s.env, s.filter.client),
        |s| messages::flags(s.db, s.env, s.filter.client, s.filter.soon, s.since),
        |s| overdue::flags(s.db, s.env, s.filter.client),
        |s| charges::flags(s.db, s.env, s.filter.client),
        |s| projects::flags(s.db, s.env, s.filter.client),
        |s| contracts::flags(s.db, s.env, s.filter.client),
    ]
}

/// `no-contact`: active clients without a primary contact.
fn no_contacts(db: &impl Db, env: &Env<'_>, client: Option<i64>) -> Result<Vec<Flag>> {
    let without: Vec<ClientWithoutContact<_>> = clients_without_primary(db, client)?
        .into_iter()
        .map(|(handle, name, created)| ClientWithoutContact { handle, name, since: env.instant(created) })
        .collect();
    Ok(no_contact(&without))
}

/// Every flag as of the as-of time that passes `filter`, sorted.
pub fn gather<D: Db>(db: &D, env: &Env<'_>, filter: &Filter) -> Result<Vec<Flag>> {
    let since = filter.since.unwrap_or_else(|| env.cal.sub(env.now, Duration::new(7, Unit::Days)));
    let scope = Scope { db, env, filter, since };
    let mut lists = Vec::new();
    for detect in detectors::<D>() {
        lists.push(detect(&scope)?);
    }
    // The others are added to the longest (the overdue invoices' on a bad
    // day), which is not copied.
    let longest = (0..lists.len()).max_by_key(|&i| lists[i].len()).unwrap_or(0);
    let mut out = lists.swap_remove(longest);
    out.reserve(lists.iter().map(Vec::len).sum());
    out.extend(lists.into_iter().flatten());
    debug_assert!(
        out.iter().all(|f| !f.event || f.code.can_be_event()),
        "an event flag of a state-only code"
    );
    out.retain(|f| filter.only.is_empty() || filter.only.contains(&f.code));
    out.retain(|f| !f.event || f.at >= since.fixed_offset());
    let hidden = dismissals::dismissed(db)?;
    if filter.all {
        for f in &mut out {
            f.dismissed = hidden.contains(f.key());
        }
    } else {
        out.retain(|f| !hidden.contains(f.key()));
    }
    flags::sort(&mut out);
    Ok(out)
}

/// Whether the flags hold an undismissed violation (`check` exits 1).
pub fn has_violation(flags: &[Flag]) -> bool {
    flags.iter().any(|f| f.severity() == Severity::Violation && !f.dismissed)
}

/// Hides the flag `key` for good; false when it already was. The key must
/// be one that `check --all` lists at some time.
pub fn dismiss(tx: &Tx<'_>, env: &Env<'_>, key: &str) -> Result<bool> {
    let everything = Filter { all: true, since: Some(env.instant(0)), ..Filter::default() };
    if !gather(tx, env, &everything)?.iter().any(|f| f.key() == key) {
        return Err(BookError::UnknownFlag(key.to_string()));
    }
    Ok(dismissals::dismiss(tx, key, env.now_ts())?)
}

/// Brings a dismissed flag back.
pub fn undismiss(tx: &Tx<'_>, key: &str) -> Result<()> {
    if !dismissals::undismiss(tx, key)? {
        return Err(BookError::NotDismissed(key.to_string()));
    }
    Ok(())
}
