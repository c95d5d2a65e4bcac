//! The last few runs' tallies, kept in memory so that looking at a report again, or at another
//! unit of it, does not read and add up every answer again.
//!
//! A tally is found again only under the same key: the run, its number of answers and a hash of
//! the organisation's unit tree. Answers are only ever added to a run (or all removed with it),
//! so a new answer changes the count and a moved unit changes the hash: a stale tally is never
//! shown, on this node or any other (each node keeps its own). Unit names, the minimum group
//! size and the disclosure rules are applied afresh on every view.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use super::report::Tally;

/// How many tallies a node keeps (a tally of 100,000 answers over 7,600 units is a few MB).
const KEPT: usize = 8;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    run: i64,
    responses: i64,
    tree: u64,
}

impl Key {
    pub fn new(run: i64, responses: i64, tree: &[(i64, Option<i64>)]) -> Key {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        tree.hash(&mut h);
        Key { run, responses, tree: h.finish() }
    }
}

#[derive(Default)]
pub struct TallyCache {
    kept: Mutex<Vec<(Key, Arc<Tally>)>>,
}

impl TallyCache {
    pub fn get(&self, key: &Key) -> Option<Arc<Tally>> {
        self.kept.lock().expect("tally cache").iter().find(|(k, _)| k == key).map(|(_, t)| t.clone())
    }

    /// Keeps a tally, replacing an older one of the same run; the oldest goes when full.
    pub fn put(&self, key: Key, tally: Arc<Tally>) {
        let mut kept = self.kept.lock().expect("tally cache");
        kept.retain(|(k, _)| k.run != key.run);
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push((key, tally));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_answer_or_a_moved_unit_is_another_key() {
        let tree = vec![(1, None), (2, Some(1))];
        let moved = vec![(1, None), (2, None)];
        assert_eq!(Key::new(7, 10, &tree), Key::new(7, 10, &tree));
        assert_ne!(Key::new(7, 10, &tree), Key::new(7, 11, &tree));
        assert_ne!(Key::new(7, 10, &tree), Key::new(7, 10, &moved));
        assert_ne!(Key::new(7, 10, &tree), Key::new(8, 10, &tree));
    }
}
