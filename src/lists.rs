//! Lists of large items (invoices, flags, assessments of a few hundred
//! bytes each): sorted by finding the order on positions or small keys and
//! then moving each item once, instead of at every step of the sort; and
//! turned into lists of other items in their own memory.

/// Sorts `items` by a small `key`, then by a `text` of each (unique
/// together: a total order).
pub fn sort_by_key_then_text<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K, text: impl Fn(&T) -> &str) {
    let keys = items.iter().map(key).collect();
    sort_by_keys_then_text(items, keys, text);
}

/// [`sort_by_key_then_text`] with the keys worked out already (`keys[i]`
/// is the key of `items[i]`): the keys are sorted with their places, the
/// text looked up only when two keys are equal, and each item is then
/// moved once.
pub fn sort_by_keys_then_text<T, K: Ord>(items: &mut [T], keys: Vec<K>, text: impl Fn(&T) -> &str) {
    assert_eq!(keys.len(), items.len(), "a key an item");
    let order = {
        let mut keyed: Vec<(K, usize)> = keys.into_iter().enumerate().map(|(at, k)| (k, at)).collect();
        keyed
            .sort_unstable_by(|(a, i), (b, j)| a.cmp(b).then_with(|| text(&items[*i]).cmp(text(&items[*j]))));
        keyed.into_iter().map(|(_, at)| at).collect()
    };
    put_in_order(items, order);
}

/// The `Some`s that `f` makes of `items`, in order, or its first error.
/// Collected in the memory of `items` when it is a vector's items, mapped
/// or filtered, and the new item is no larger (the standard library's
/// collecting in place), so that a list and what is made of it are not held
/// at once.
pub fn try_filter_map<T, U, E>(
    items: impl Iterator<Item = T>,
    mut f: impl FnMut(T) -> Result<Option<U>, E>,
) -> Result<Vec<U>, E> {
    let mut failed = None;
    let out = items
        .filter_map(|item| {
            if failed.is_some() {
                return None;
            }
            f(item).unwrap_or_else(|e| {
                failed = Some(e);
                None
            })
        })
        .collect();
    failed.map_or(Ok(out), Err)
}

/// Moves the item first at `order[i]` to place `i`, each once (`order` is
/// a permutation of the places).
pub fn put_in_order<T>(items: &mut [T], mut order: Vec<usize>) {
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
    fn the_sorts_give_the_order_a_plain_sort_gives() {
        // A permutation of 0..500 with runs, reversals and ties on the key.
        let items: Vec<(u32, String)> =
            (0..500u32).map(|i| ((i * 7919) % 500, format!("n{}", (i * 31) % 97))).collect();
        let mut plain = items.clone();
        plain.sort();
        let mut keyed = items.clone();
        let keys = keyed.iter().map(|x| x.0 / 10 * 1000 + x.0 % 10).collect();
        sort_by_keys_then_text(&mut keyed, keys, |x| &x.1);
        assert_eq!(keyed, plain);
        let mut by_text = items.clone();
        sort_by_key_then_text(&mut by_text, |x| x.0, |x| &x.1);
        assert_eq!(by_text, plain);
        // Many items share a key: the text decides among them.
        let shared: Vec<(u32, String)> =
            (0..300u32).map(|i| (i % 3, format!("n{:03}", (i * 7) % 300))).collect();
        let mut plain = shared.clone();
        plain.sort();
        let mut by_text = shared;
        sort_by_key_then_text(&mut by_text, |x| x.0, |x| &x.1);
        assert_eq!(by_text, plain);
        let mut none: Vec<(u32, String)> = Vec::new();
        sort_by_keys_then_text(&mut none, Vec::<u32>::new(), |x| &x.1);
        assert!(none.is_empty());
    }

    #[test]
    fn filter_map_keeps_the_somes_in_order_and_stops_at_the_first_error() {
        let items: Vec<u64> = (0..10).collect();
        let at = items.as_ptr() as usize;
        let evens =
            try_filter_map(items.into_iter(), |n| Ok::<_, String>((n % 2 == 0).then_some(n * 10))).unwrap();
        assert_eq!(evens, [0, 20, 40, 60, 80]);
        // Made where the items were.
        assert_eq!(evens.as_ptr() as usize, at);
        let mut seen = Vec::new();
        let err = try_filter_map(0..10u64, |n| {
            seen.push(n);
            if n == 3 {
                Err(format!("bad {n}"))
            } else {
                Ok(Some(n))
            }
        })
        .unwrap_err();
        assert_eq!((err.as_str(), seen), ("bad 3", vec![0, 1, 2, 3]));
    }
}
