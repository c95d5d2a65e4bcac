//! Aggregates of a run's answers: per block the score and its distribution over the bands, per
//! unit along the tree, and what is hidden. Pure functions: the routes feed them what the store
//! read. Which groups show is decided by `cockpit::disclosure`, the same rules as the cockpit,
//! with answers in place of people.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::instrument::{Instrument, Layout};
use crate::cockpit::disclosure::{Cells, Hide, Tree};

/// The sums for one group of responses.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Agg {
    /// Responses.
    pub n: u32,
    /// Per block: the sum of block scores and how many responses had a score.
    pub sum: Vec<f64>,
    pub scored: Vec<u32>,
    /// Per block, per band: how many block scores fell in it.
    pub bands: Vec<Vec<u32>>,
    /// Per item (run order, as scored): sum and count.
    pub item_sum: Vec<u32>,
    pub item_n: Vec<u32>,
}

impl Agg {
    pub fn new(inst: &Instrument, items: usize) -> Agg {
        Agg {
            n: 0,
            sum: vec![0.0; inst.blocks.len()],
            scored: vec![0; inst.blocks.len()],
            bands: inst.blocks.iter().map(|b| vec![0; b.bands.len()]).collect(),
            item_sum: vec![0; items],
            item_n: vec![0; items],
        }
    }

    pub fn add(&mut self, other: &Agg) {
        self.n += other.n;
        for (a, b) in self.sum.iter_mut().zip(&other.sum) {
            *a += b;
        }
        for (a, b) in self.scored.iter_mut().zip(&other.scored) {
            *a += b;
        }
        for (a, b) in self.bands.iter_mut().zip(&other.bands) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for (a, b) in self.item_sum.iter_mut().zip(&other.item_sum) {
            *a += b;
        }
        for (a, b) in self.item_n.iter_mut().zip(&other.item_n) {
            *a += b;
        }
    }

    pub fn mean(&self, block: usize) -> Option<f64> {
        (self.scored[block] > 0).then(|| self.sum[block] / self.scored[block] as f64)
    }

    pub fn item_mean(&self, item: usize) -> Option<f64> {
        (self.item_n[item] > 0).then(|| self.item_sum[item] as f64 / self.item_n[item] as f64)
    }
}

/// Scratch space reused between responses: block sums, counts and scores, and the values.
struct Scratch {
    sum: Vec<u32>,
    n: Vec<usize>,
    scores: Vec<Option<f64>>,
    values: Vec<u8>,
}

impl Scratch {
    fn new(inst: &Instrument) -> Scratch {
        let b = inst.blocks.len();
        Scratch { sum: vec![0; b], n: vec![0; b], scores: vec![None; b], values: Vec::new() }
    }
}

/// Adds one response's values (in `scratch.values`) to an aggregate.
fn add_response(inst: &Instrument, layout: &Layout, agg: &mut Agg, scratch: &mut Scratch) {
    let values = &scratch.values;
    agg.n += 1;
    for (i, (slot, &v)) in layout.slots.iter().zip(values).enumerate() {
        if let (Some((_, reverse)), true) = (slot, v > 0) {
            agg.item_sum[i] += layout.scored(*reverse, v) as u32;
            agg.item_n[i] += 1;
        }
    }
    layout.scores_into(values, &mut scratch.sum, &mut scratch.n, &mut scratch.scores);
    for (b, score) in scratch.scores.iter().enumerate() {
        if let Some(s) = *score {
            agg.sum[b] += s;
            agg.scored[b] += 1;
            let band = inst.blocks[b].bands.iter().position(|x| s <= x.upto).unwrap_or(inst.blocks[b].bands.len() - 1);
            agg.bands[b][band] += 1;
        }
    }
}

/// A run's answers over the unit tree. Node 0 is the organisation as a whole (answers
/// attributed to no unit are its own); node `i + 1` is `units[i]`.
pub struct Tally {
    pub units: Vec<i64>,
    pub index: HashMap<i64, usize>,
    pub tree: Tree,
    /// Per node: the answers attributed to the unit itself.
    pub direct: Vec<Agg>,
    /// Per node: with everything below it.
    pub total: Vec<Agg>,
    /// Stored answers that no longer fit the run's layout (never expected; counted, not used).
    pub unreadable: usize,
}

impl Tally {
    pub fn of(
        inst: &Instrument,
        layout: &Layout,
        units: &[(i64, Option<i64>)],
        responses: &[(Option<i64>, String)],
    ) -> Tally {
        let index: HashMap<i64, usize> = units.iter().enumerate().map(|(i, (id, _))| (*id, i + 1)).collect();
        let mut parent = vec![None];
        parent.extend(units.iter().map(|(_, p)| Some(p.and_then(|p| index.get(&p).copied()).unwrap_or(0))));
        let tree = Tree::new(parent);
        let mut direct = vec![Agg::new(inst, layout.ids.len()); units.len() + 1];
        let mut scratch = Scratch::new(inst);
        let mut unreadable = 0;
        for (unit, text) in responses {
            if !layout.unpack_into(text, &mut scratch.values) {
                unreadable += 1;
                continue;
            }
            let node = unit.and_then(|u| index.get(&u).copied()).unwrap_or(0);
            add_response(inst, layout, &mut direct[node], &mut scratch);
        }
        let mut total = direct.clone();
        for &n in tree.preorder.iter().rev() {
            if let Some(p) = tree.parent[n] {
                let child = total[n].clone();
                total[p].add(&child);
            }
        }
        Tally { units: units.iter().map(|(id, _)| *id).collect(), index, tree, direct, total, unreadable }
    }

    /// Which groups may show, with at least `k` answers and nothing to work out by subtraction.
    pub fn disclosure(&self, k: i64) -> Cells {
        let tree_size: Vec<i64> = self.total.iter().map(|a| a.n as i64).collect();
        let direct_size: Vec<i64> = self.direct.iter().map(|a| a.n as i64).collect();
        let mut cells = Cells::primary(&tree_size, &direct_size, k);
        while cells.hierarchy_pass(&self.tree, &tree_size, &direct_size) {}
        cells
    }

    pub fn node(&self, unit: Option<i64>) -> Option<usize> {
        match unit {
            None => Some(0),
            Some(u) => self.index.get(&u).copied(),
        }
    }
}

/// What a closed run keeps for trend and benchmark: its size and mean per block.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub n: i64,
    pub blocks: BTreeMap<String, f64>,
}

impl Summary {
    pub fn of(inst: &Instrument, layout: &Layout, responses: &[(Option<i64>, String)]) -> Summary {
        let mut agg = Agg::new(inst, layout.ids.len());
        let mut scratch = Scratch::new(inst);
        for (_, text) in responses {
            if layout.unpack_into(text, &mut scratch.values) {
                add_response(inst, layout, &mut agg, &mut scratch);
            }
        }
        Summary::from_agg(inst, &agg)
    }

    pub fn from_agg(inst: &Instrument, agg: &Agg) -> Summary {
        Summary {
            n: agg.n as i64,
            blocks: inst
                .blocks
                .iter()
                .enumerate()
                .filter_map(|(b, block)| Some((block.id.clone(), agg.mean(b)?)))
                .collect(),
        }
    }
}

/// The benchmark for one block: the middle and spread of other organisations' means.
#[derive(Clone, Debug, PartialEq)]
pub struct Benchmark {
    pub orgs: usize,
    pub p25: f64,
    pub median: f64,
    pub p75: f64,
}

/// Organisations needed before a benchmark shows, so that no single one can be read from it.
pub const BENCHMARK_MIN_ORGS: usize = 3;

/// Per block id: the benchmark over other organisations' summaries, each counted only with at
/// least `k` answers; nothing when fewer than [`BENCHMARK_MIN_ORGS`] organisations take part.
pub fn benchmark(summaries: &[Summary], k: i64) -> BTreeMap<String, Benchmark> {
    let mut per_block: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for s in summaries.iter().filter(|s| s.n >= k) {
        for (b, m) in &s.blocks {
            per_block.entry(b.clone()).or_default().push(*m);
        }
    }
    per_block
        .into_iter()
        .filter(|(_, v)| v.len() >= BENCHMARK_MIN_ORGS)
        .map(|(b, mut v)| {
            v.sort_by(f64::total_cmp);
            let q = |p: f64| {
                let pos = p * (v.len() - 1) as f64;
                let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
                v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
            };
            (b, Benchmark { orgs: v.len(), p25: q(0.25), median: q(0.5), p75: q(0.75) })
        })
        .collect()
}

/// Whether a node's group (with everything below it) shows.
pub fn shown(cells: &Cells, node: usize) -> bool {
    cells.tree[node] == Hide::No
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scans::instrument::find;

    fn pulse() -> (&'static Instrument, Layout) {
        let i = find("pulse").unwrap();
        (i, Layout::new(i, &i.item_ids("")))
    }

    #[test]
    fn a_tally_adds_up_along_the_tree_and_hides_small_groups() {
        let (i, layout) = pulse();
        // org ─ care(10) ─ ward A(11), ward B(12)
        let units = [(10, None), (11, Some(10)), (12, Some(10))];
        let mut responses = Vec::new();
        for _ in 0..6 {
            responses.push((Some(11), "55555".to_string()));
        }
        for _ in 0..2 {
            responses.push((Some(12), "11111".to_string()));
        }
        for _ in 0..5 {
            responses.push((Some(10), "33333".to_string()));
        }
        let t = Tally::of(i, &layout, &units, &responses);
        let care = t.node(Some(10)).unwrap();
        assert_eq!(t.total[0].n, 13);
        assert_eq!(t.total[care].n, 13);
        assert_eq!(t.direct[care].n, 5);
        // (6×5 + 2×1 + 5×3) / 13
        assert!((t.total[care].mean(0).unwrap() - 47.0 / 13.0).abs() < 1e-9);
        assert_eq!(t.total[care].bands[0], vec![2, 5, 6], "low, mid, high");
        let cells = t.disclosure(5);
        let (a, b) = (t.node(Some(11)).unwrap(), t.node(Some(12)).unwrap());
        assert_eq!(cells.tree[b], Hide::Small, "two answers");
        // Ward B could be worked out as care − own − ward A: the smallest other part is hidden.
        assert!(cells.direct[care].hidden() || cells.tree[a].hidden());
        assert!(shown(&cells, care));
    }

    #[test]
    fn unreadable_answers_are_counted_not_used() {
        let (i, layout) = pulse();
        let t = Tally::of(i, &layout, &[], &[(None, "55".into()), (None, "44444".into())]);
        assert_eq!((t.total[0].n, t.unreadable), (1, 1));
    }

    #[test]
    fn the_benchmark_needs_three_organisations_of_five_or_more() {
        let s = |n: i64, m: f64| Summary { n, blocks: [("pulse".to_string(), m)].into() };
        assert!(benchmark(&[s(10, 3.0), s(10, 4.0)], 5).is_empty());
        assert!(benchmark(&[s(10, 3.0), s(10, 4.0), s(4, 2.0)], 5).is_empty(), "a run of four does not count");
        let b = benchmark(&[s(10, 3.0), s(10, 4.0), s(12, 2.0), s(9, 5.0)], 5);
        let p = &b["pulse"];
        assert_eq!(p.orgs, 4);
        assert!((p.median - 3.5).abs() < 1e-9);
        assert!((p.p25 - 2.75).abs() < 1e-9);
        assert!((p.p75 - 4.25).abs() < 1e-9);
    }

    #[test]
    fn a_summary_keeps_size_and_block_means() {
        let (i, layout) = pulse();
        let s = Summary::of(i, &layout, &[(None, "12345".into()), (Some(3), "55555".into())]);
        assert_eq!(s.n, 2);
        assert!((s.blocks["pulse"] - 4.0).abs() < 1e-9);
    }
}
