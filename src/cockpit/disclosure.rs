//! Which cockpit figures may be shown: no group smaller than the organisation's minimum (never
//! below five), directly or by subtraction.
//!
//! A figure is a *cell*: a unit (with everything below it, or only the people placed in the
//! unit itself) in a period. Three rules, applied until nothing changes:
//! 1. **Small**: a cell built from fewer than `k` people (but more than none) is hidden.
//! 2. **Hierarchy**: a unit's total is the sum of its own people and its sub-units. When the
//!    total is shown and exactly one of those parts is hidden, the part could be worked out by
//!    subtraction, so the smallest other part with people in it is hidden as well. Everything
//!    below a hidden cell is hidden too (else the hidden total could be added up).
//! 3. **Time**: a quarter is the sum of its months and a month of its weeks; the same
//!    one-hidden-part rule holds there.
//!
//! These functions are pure: the refresh feeds them sizes and stores what they decide.

/// Why a cell is hidden, if it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hide {
    No,
    /// Built from fewer than the minimum number of people.
    Small,
    /// Hidden so that a small group cannot be worked out by subtraction.
    Protect,
    /// Not published (yet): the period is still under way, or the unit is newer than it.
    Pending,
}

impl Hide {
    pub fn code(self) -> &'static str {
        match self {
            Hide::No => "",
            Hide::Small => "small",
            Hide::Protect => "protect",
            Hide::Pending => "pending",
        }
    }

    pub fn parse(s: &str) -> Hide {
        match s {
            "" => Hide::No,
            "small" => Hide::Small,
            "pending" => Hide::Pending,
            // Anything unknown is hidden: the safe reading.
            _ => Hide::Protect,
        }
    }

    pub fn hidden(self) -> bool {
        self != Hide::No
    }
}

/// The organisation's minimum group size, never below five.
pub const FLOOR: i64 = 5;

pub fn min_group(setting: i64) -> i64 {
    setting.max(FLOOR)
}

/// Rule 1 for one cell.
pub fn small(size: i64, k: i64) -> Hide {
    if size > 0 && size < k { Hide::Small } else { Hide::No }
}

/// What to do about one partition (a total and the parts that add up to it).
#[derive(Debug, PartialEq, Eq)]
pub enum Partition {
    Fine,
    /// Hide this part too.
    HidePart(usize),
    /// No part can protect the hidden one: hide the total.
    HideTotal,
}

/// Rule 2 for one partition. `parts` are (size, hidden, present) triples: a part that is not
/// present (nobody in it, a public fact) neither needs nor gives protection. The hidden parts
/// together can be worked out as the total minus the shown parts, so together they must hold at
/// least `k` (people, or answers): else one more part is hidden (the smallest shown one), or,
/// when none is left, the total.
pub fn partition(total_hidden: bool, parts: &[(i64, bool, bool)], k: i64) -> Partition {
    if total_hidden {
        return Partition::Fine;
    }
    let hidden: Vec<&(i64, bool, bool)> = parts.iter().filter(|(_, h, present)| *h && *present).collect();
    if hidden.is_empty() || hidden.iter().map(|(size, _, _)| size).sum::<i64>() >= k {
        return Partition::Fine;
    }
    match parts.iter().enumerate().filter(|(_, (_, h, present))| !*h && *present).min_by_key(|(_, (size, _, _))| *size)
    {
        Some((i, _)) => Partition::HidePart(i),
        None => Partition::HideTotal,
    }
}

/// The unit tree. Node 0 is the whole organisation; every other node has a parent.
pub struct Tree {
    pub parent: Vec<Option<usize>>,
    pub children: Vec<Vec<usize>>,
    /// Parents before children.
    pub preorder: Vec<usize>,
}

impl Tree {
    pub fn new(parent: Vec<Option<usize>>) -> Tree {
        let mut children = vec![Vec::new(); parent.len()];
        for (n, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(n);
            }
        }
        let mut preorder = Vec::with_capacity(parent.len());
        let mut stack = vec![0];
        while let Some(n) = stack.pop() {
            preorder.push(n);
            stack.extend(children[n].iter().rev());
        }
        Tree { parent, children, preorder }
    }

    pub fn is_leaf(&self, n: usize) -> bool {
        self.children[n].is_empty()
    }
}

/// The hidden state of every node's two cells for one figure and period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cells {
    /// The unit with everything below it.
    pub tree: Vec<Hide>,
    /// The people placed in the unit itself (for a leaf: the same as `tree`).
    pub direct: Vec<Hide>,
}

impl Cells {
    /// Rule 1 for every cell.
    pub fn primary(tree_size: &[i64], direct_size: &[i64], k: i64) -> Cells {
        Cells {
            tree: tree_size.iter().map(|s| small(*s, k)).collect(),
            direct: direct_size.iter().map(|s| small(*s, k)).collect(),
        }
    }

    /// Hides a cell for protection unless already hidden; returns whether it changed.
    fn protect(slot: &mut Hide) -> bool {
        if *slot == Hide::No {
            *slot = Hide::Protect;
            true
        } else {
            false
        }
    }

    /// Rule 2 over the whole tree, once, where a group is present when it has any size. Returns
    /// whether anything changed.
    pub fn hierarchy_pass(&mut self, t: &Tree, tree_size: &[i64], direct_size: &[i64], k: i64) -> bool {
        let tree_present: Vec<bool> = tree_size.iter().map(|s| *s > 0).collect();
        let direct_present: Vec<bool> = direct_size.iter().map(|s| *s > 0).collect();
        self.hierarchy_pass_present(t, tree_size, direct_size, &tree_present, &direct_present, k)
    }

    /// Rule 2 over the whole tree, once, with which groups are present given apart (the
    /// cockpit's activity: a unit of people with no participants is present, and hidden).
    pub fn hierarchy_pass_present(
        &mut self,
        t: &Tree,
        tree_size: &[i64],
        direct_size: &[i64],
        tree_present: &[bool],
        direct_present: &[bool],
        k: i64,
    ) -> bool {
        let mut changed = false;
        for &n in &t.preorder {
            if t.is_leaf(n) {
                if self.direct[n] != self.tree[n] {
                    // A leaf's own people are its whole tree.
                    let worst = if self.tree[n].hidden() { self.tree[n] } else { self.direct[n] };
                    self.tree[n] = worst;
                    self.direct[n] = worst;
                    changed = true;
                }
                continue;
            }
            if self.tree[n].hidden() {
                changed |= Self::protect(&mut self.direct[n]);
                for &c in &t.children[n] {
                    changed |= Self::protect(&mut self.tree[c]);
                }
                continue;
            }
            let mut parts: Vec<(i64, bool, bool)> = vec![(direct_size[n], self.direct[n].hidden(), direct_present[n])];
            parts.extend(t.children[n].iter().map(|&c| (tree_size[c], self.tree[c].hidden(), tree_present[c])));
            match partition(false, &parts, k) {
                Partition::Fine => {}
                Partition::HidePart(0) => changed |= Self::protect(&mut self.direct[n]),
                Partition::HidePart(i) => changed |= Self::protect(&mut self.tree[t.children[n][i - 1]]),
                Partition::HideTotal => changed |= Self::protect(&mut self.tree[n]),
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// org(0) ─ care(1) ─ ward A(2), ward B(3)
    fn tree() -> Tree {
        Tree::new(vec![None, Some(0), Some(1), Some(1)])
    }

    fn settle(t: &Tree, tree_size: &[i64], direct: &[i64], k: i64) -> Cells {
        let mut cells = Cells::primary(tree_size, direct, k);
        while cells.hierarchy_pass(t, tree_size, direct, k) {}
        cells
    }

    #[test]
    fn the_minimum_is_never_below_five() {
        assert_eq!(min_group(3), 5);
        assert_eq!(min_group(0), 5);
        assert_eq!(min_group(8), 8);
    }

    #[test]
    fn a_unit_of_four_is_hidden_and_an_empty_one_is_not() {
        assert_eq!(small(4, 5), Hide::Small);
        assert_eq!(small(5, 5), Hide::No);
        assert_eq!(small(0, 5), Hide::No);
    }

    #[test]
    fn a_total_minus_a_subgroup_of_two_is_hidden() {
        // Care has 2 people of its own, ward A 10, ward B 12: the total (24) minus both wards
        // would give the two. Their cell is small, and the smallest ward is hidden beside it.
        let t = tree();
        let tree_size = [24, 24, 10, 12];
        let direct = [0, 2, 10, 12];
        let cells = settle(&t, &tree_size, &direct, 5);
        assert_eq!(cells.direct[1], Hide::Small);
        assert_eq!(cells.tree[2], Hide::Protect);
        assert_eq!(cells.tree[3], Hide::No);
        assert_eq!(cells.tree[1], Hide::No);
    }

    #[test]
    fn two_hidden_parts_that_hold_enough_together_need_no_more_protection() {
        let t = tree();
        let cells = settle(&t, &[14, 14, 3, 4], &[7, 7, 3, 4], 5);
        assert_eq!(cells.tree[2], Hide::Small);
        assert_eq!(cells.tree[3], Hide::Small);
        assert_eq!(cells.direct[1], Hide::No, "3 + 4 hidden together: a group of seven");
    }

    #[test]
    fn two_hidden_parts_that_hold_fewer_than_k_together_are_protected() {
        // Care's own 2 and ward A's 2 are both hidden; care's total minus ward B would give the
        // four of them together. Ward B is hidden too.
        let t = tree();
        let cells = settle(&t, &[14, 14, 2, 10], &[0, 2, 2, 10], 5);
        assert_eq!(cells.direct[1], Hide::Small);
        assert_eq!(cells.tree[2], Hide::Small);
        assert_eq!(cells.tree[3], Hide::Protect);
    }

    #[test]
    fn everything_below_a_hidden_unit_is_hidden() {
        // org: care (its wards A 10 and B 20) and support (3). Support is small, so care is
        // hidden beside it, and with care its wards: else they would add up to it.
        let t = Tree::new(vec![None, Some(0), Some(1), Some(1), Some(0)]);
        let tree_size = [33, 30, 10, 20, 3];
        let direct = [0, 0, 10, 20, 3];
        let cells = settle(&t, &tree_size, &direct, 5);
        assert_eq!(cells.tree[4], Hide::Small);
        assert_eq!(cells.tree[1], Hide::Protect);
        assert_eq!(cells.tree[2], Hide::Protect);
        assert_eq!(cells.tree[3], Hide::Protect);
        assert_eq!(cells.tree[0], Hide::No);
    }

    #[test]
    fn a_partition_without_a_protector_hides_its_total() {
        assert_eq!(partition(false, &[(3, true, true), (0, false, false)], 5), Partition::HideTotal);
        assert_eq!(partition(false, &[(3, true, true), (9, false, true), (6, false, true)], 5), Partition::HidePart(2));
        assert_eq!(partition(true, &[(3, true, true), (9, false, true)], 5), Partition::Fine);
        // A present part with nobody taking part is hidden, and still needs protection.
        assert_eq!(partition(false, &[(0, true, true), (9, false, true)], 5), Partition::HidePart(1));
    }
}
