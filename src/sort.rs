//! Sorting lists of large items (invoices, flags, assessments of a few
//! hundred bytes each): the order is found on positions or small keys, and
//! each item is then moved once, instead of at every step of the sort.

use std::cmp::Ordering;

/// Sorts `items` by `cmp` (a total order: no two items equal).
pub fn large_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_unstable_by(|&a, &b| cmp(&items[a], &items[b]));
    put_in_order(items, order);
}

/// Sorts `items` by `keys` (`keys[i]` is the key of `items[i]`, cheap to
/// compare), then by `tie` where keys are equal (a total order together).
pub fn large_by_key<T, K: Ord>(items: &mut [T], keys: Vec<K>, tie: impl Fn(&T, &T) -> Ordering) {
    assert_eq!(keys.len(), items.len(), "a key an item");
    let mut keyed: Vec<(K, usize)> = keys.into_iter().zip(0..).collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| tie(&items[a.1], &items[b.1])));
    put_in_order(items, keyed.into_iter().map(|(_, i)| i).collect());
}

/// Moves the item first at `order[i]` to place `i`, each once.
fn put_in_order<T>(items: &mut [T], mut order: Vec<usize>) {
    // One already moved away is followed to where it went (as the standard
    // library's cached-key sort does).
    for i in 0..order.len() {
        let mut from = order[i];
        while from < i {
            from = order[from];
        }
        order[i] = from;
        items.swap(i, from);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sorts_give_the_order_a_plain_sort_gives() {
        // A permutation of 0..500 with runs, reversals and ties on the key.
        let items: Vec<(u32, String)> =
            (0..500u32).map(|i| ((i * 7919) % 500, format!("n{}", (i * 31) % 97))).collect();
        let mut plain = items.clone();
        plain.sort();
        let mut by = items.clone();
        large_by(&mut by, Ord::cmp);
        assert_eq!(by, plain);
        let mut keyed = items.clone();
        let keys = keyed.iter().map(|x| x.0 / 10).collect();
        large_by_key(&mut keyed, keys, Ord::cmp);
        assert_eq!(keyed, plain);
        let mut none: Vec<(u32, String)> = Vec::new();
        large_by_key(&mut none, Vec::<u32>::new(), Ord::cmp);
        assert!(none.is_empty());
    }
}
