//! What an import made of each id of the file, kept compactly: the ids of
//! a document come in ascending order, so they are held as a sorted list
//! (the id and the value a record: found at once where ids have no gaps,
//! else by bisection), and only a file whose ids are out of order falls
//! back to a hash map.

use std::collections::HashMap;

use super::check::{bad, BadRecord};

/// File ids to `V`.
pub(super) struct FileIds<V> {
    sorted: Vec<(i64, V)>,
    map: Option<HashMap<i64, V>>,
}

impl<V> Default for FileIds<V> {
    fn default() -> Self {
        FileIds { sorted: Vec::new(), map: None }
    }
}

impl<V: Copy> FileIds<V> {
    pub(super) fn insert(&mut self, id: i64, value: V) {
        if let Some(map) = &mut self.map {
            map.insert(id, value);
        } else if self.sorted.last().is_none_or(|(last, _)| *last < id) {
            self.sorted.push((id, value));
        } else {
            let mut map: HashMap<i64, V> = self.sorted.drain(..).collect();
            map.insert(id, value);
            self.sorted = Vec::new();
            self.map = Some(map);
        }
    }

    pub(super) fn get(&self, id: i64) -> Option<V> {
        if let Some(map) = &self.map {
            return map.get(&id).copied();
        }
        // Ids of an export run 1, 2, 3...: where the id would be if none
        // were missing is looked at first.
        let first = self.sorted.first()?.0;
        let guess = usize::try_from(id.wrapping_sub(first)).ok().and_then(|k| self.sorted.get(k));
        match guess {
            Some((k, v)) if *k == id => Some(*v),
            _ => self.sorted.binary_search_by_key(&id, |(k, _)| *k).ok().map(|i| self.sorted[i].1),
        }
    }

    /// The value of `id`, or the error naming field `field` of record
    /// `index` of `table`, whose `id` is not that of `of` in the file.
    pub(super) fn need(
        &self,
        id: i64,
        table: &'static str,
        index: usize,
        field: &'static str,
        of: &str,
    ) -> Result<V, BadRecord> {
        self.get(id)
            .ok_or_else(|| bad(table, index, Some(field), format!("{id} is not the id of {of} in the file")))
    }

    /// Every id with its value, in no particular order.
    pub(super) fn each(&self, mut f: impl FnMut(i64, V)) {
        match &self.map {
            Some(map) => map.iter().for_each(|(k, v)| f(*k, *v)),
            None => self.sorted.iter().for_each(|(k, v)| f(*k, *v)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FileIds;

    #[test]
    fn ascending_ids_stay_a_list_and_others_a_map_with_the_same_answers() {
        let mut ids = FileIds::default();
        for id in [1, 2, 5, 9] {
            ids.insert(id, id * 10);
        }
        assert!(ids.map.is_none());
        assert_eq!((ids.get(5), ids.get(3), ids.get(10)), (Some(50), None, None));
        ids.insert(4, 40);
        assert!(ids.map.is_some());
        assert_eq!((ids.get(4), ids.get(9), ids.get(3)), (Some(40), Some(90), None));
        ids.insert(4, 41); // a repeated id keeps the last value, as a map does
        assert_eq!(ids.get(4), Some(41));
        let mut n = 0;
        ids.each(|_, _| n += 1);
        assert_eq!(n, 5);
        let err = ids.need(7, "payments", 3, "invoice_id", "an invoice").unwrap_err();
        assert_eq!(err.to_string(), "payments[3].invoice_id: 7 is not the id of an invoice in the file");
    }
}
