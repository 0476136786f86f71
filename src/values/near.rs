//! "Did you mean": the known name closest to a mistyped one, by edit
//! distance (from `strsim`, the crate clap itself uses for its
//! suggestions; the optimal-string-alignment distance, so that two swapped
//! neighbours, `acem` for `acme`, count as one slip), compared without
//! regard to case. A name is suggested only
//! when it is near enough to be a slip of the keyboard: at most a third of
//! the typed length away (at least one edit), so `acm` finds `acme` but
//! `zeta` finds nothing among `acme` and `globex`.

/// The candidate closest to `typed`, if one is near enough; on a tie, the
/// first in the order given. An exact match (ignoring case) is returned
/// too: the caller asked because the exact spelling was not found.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return None;
    }
    let limit = (typed.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = strsim::osa_distance(&typed, &c.to_lowercase());
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_finds_the_name_and_a_stranger_finds_nothing() {
        let names = ["acme", "globex", "initech", "umbrella"];
        assert_eq!(closest("acm", names), Some("acme"));
        assert_eq!(closest("ACME", names), Some("acme"));
        assert_eq!(closest("globx", names), Some("globex"));
        assert_eq!(closest("intech", names), Some("initech"));
        assert_eq!(closest("acem", names), Some("acme"));
        assert_eq!(closest("glboex", names), Some("globex"));
        assert_eq!(closest("zeta", names), None);
        assert_eq!(closest("", names), None);
        assert_eq!(closest("acme", []), None);
    }

    #[test]
    fn the_nearest_wins_and_ties_go_to_the_first() {
        assert_eq!(closest("INV-001", ["INV-0002", "INV-0001", "INV-0010"]), Some("INV-0001"));
        assert_eq!(closest("INV-0011", ["INV-0002", "INV-0001", "INV-0010"]), Some("INV-0001"));
        assert_eq!(closest("clints", ["close", "contracts", "init", "clients"]), Some("clients"));
    }
}
