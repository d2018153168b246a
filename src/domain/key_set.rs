//! The values a filter keeps (service types, states, order statuses): a few keys, sorted, each
//! once. A sorted `Vec` rather than a `BTreeSet`: the same order and answers for a handful of
//! keys, without the B-tree's code in the first load (about 8 KiB of it before `wasm-opt`).

/// Keys kept sorted, without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeySet(Vec<String>);

impl KeySet {
    fn position(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|k| k.as_str().cmp(key))
    }

    /// Adds `key`; `false` if it was there.
    pub fn insert(&mut self, key: String) -> bool {
        match self.position(&key) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, key);
                true
            }
        }
    }

    /// Takes `key` out; `false` if it was not there.
    pub fn remove(&mut self, key: &str) -> bool {
        match self.position(key) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The keys in order.
    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }

    /// The keys in order, joined by `sep` (a URL's `type=domain,vps`).
    pub fn join(&self, sep: &str) -> String {
        self.0.join(sep)
    }
}

impl FromIterator<String> for KeySet {
    fn from_iter<I: IntoIterator<Item = String>>(keys: I) -> Self {
        let mut keys: Vec<String> = keys.into_iter().collect();
        keys.sort_unstable();
        keys.dedup();
        KeySet(keys)
    }
}

impl Extend<String> for KeySet {
    fn extend<I: IntoIterator<Item = String>>(&mut self, keys: I) {
        for key in keys {
            self.insert(key);
        }
    }
}

impl IntoIterator for KeySet {
    type Item = String;
    type IntoIter = std::vec::IntoIter<String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a KeySet {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::KeySet;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    #[derive(Debug, Clone)]
    enum Op {
        Insert(String),
        Remove(String),
    }

    fn op() -> impl Strategy<Value = Op> {
        let key = "[a-d]{0,2}";
        prop_oneof![key.prop_map(Op::Insert), key.prop_map(Op::Remove)]
    }

    proptest! {
        /// Whatever is done to it, it answers as the `BTreeSet` it replaces.
        #[test]
        fn answers_as_a_btree_set(start in proptest::collection::vec("[a-d]{0,2}", 0..8), ops in proptest::collection::vec(op(), 0..24)) {
            let mut set: KeySet = start.iter().cloned().collect();
            let mut model: BTreeSet<String> = start.into_iter().collect();
            for op in ops {
                match op {
                    Op::Insert(k) => prop_assert_eq!(set.insert(k.clone()), model.insert(k)),
                    Op::Remove(k) => prop_assert_eq!(set.remove(&k), model.remove(&k)),
                }
                prop_assert_eq!(set.iter().collect::<Vec<_>>(), model.iter().collect::<Vec<_>>());
                prop_assert_eq!(set.len(), model.len());
                for k in ["", "a", "ab", "d", "zz"] {
                    prop_assert_eq!(set.contains(k), model.contains(k));
                }
                let joined = model.iter().cloned().collect::<Vec<_>>().join(",");
                prop_assert_eq!(set.join(","), joined);
            }
        }
    }
}
