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
    /// Per block: the variance of the noise in `sum` (zero for exact figures).
    pub var: Vec<f64>,
    /// The variance of the noise in each item's sum.
    pub item_var: f64,
    /// The variance of the noise in `n`.
    pub var_n: f64,
    /// The variance of the noise in each band count.
    pub band_var: f64,
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
            var: vec![0.0; inst.blocks.len()],
            item_var: 0.0,
            var_n: 0.0,
            band_var: 0.0,
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
        for (a, b) in self.var.iter_mut().zip(&other.var) {
            *a += b;
        }
        self.item_var += other.item_var;
        self.var_n += other.var_n;
        self.band_var += other.band_var;
    }

    /// A block's distribution over its bands as published: (count, share) per band, the shares
    /// of the released counts (a count below zero read as none) and the counts scaled to the
    /// published number of answers; `None` when the noise would move a share by more than
    /// [`MAX_BAND_MARGIN`].
    pub fn published_bands(&self, block: usize) -> Option<Vec<(u32, f64)>> {
        let n = f64::from(self.scored[block]) - 1.645 * self.var_n.sqrt();
        if n < 1.0 || 1.645 * self.band_var.sqrt() / n > MAX_BAND_MARGIN {
            return None;
        }
        let total: f64 = self.bands[block].iter().map(|b| f64::from(*b)).sum();
        if total <= 0.0 {
            return None;
        }
        let scored = f64::from(self.scored[block]);
        Some(
            self.bands[block]
                .iter()
                .map(|b| {
                    let share = f64::from(*b) / total;
                    ((share * scored).round() as u32, share)
                })
                .collect(),
        )
    }

    /// The margin (90%) of a block mean that the noise leaves: the noise of the sum, and that
    /// of the number of answers it is divided by (to first order), with that number taken at
    /// the low end of what the noise allows (a count pushed up by noise would make the margin
    /// look narrower than it is).
    pub fn margin(&self, block: usize) -> f64 {
        let n = f64::from(self.scored[block]) - 1.645 * self.var_n.sqrt();
        match self.mean(block) {
            Some(m) if n >= 1.0 => 1.645 * (self.var[block] + m * m * self.var_n).sqrt() / n,
            _ => f64::INFINITY,
        }
    }

    /// A block mean as published: only when the noise leaves it precise enough.
    pub fn published_mean(&self, block: usize) -> Option<f64> {
        self.mean(block).filter(|_| self.margin(block) <= MAX_MARGIN)
    }

    /// An item mean as published, on the same condition.
    pub fn published_item_mean(&self, item: usize) -> Option<f64> {
        let n = f64::from(self.item_n[item]) - 1.645 * self.var_n.sqrt();
        self.item_mean(item).filter(|_| n >= 1.0 && 1.645 * self.item_var.sqrt() / n <= MAX_MARGIN)
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

    /// Which groups of a *released* tally may show: those with at least `k` released answers.
    /// Subtraction needs no further hiding here: every part was released with its own noise, so
    /// a total minus its shown parts is itself a noisy figure, covered by the release's epsilon.
    pub fn released_disclosure(&self, k: i64) -> Cells {
        let tree_size: Vec<i64> = self.total.iter().map(|a| a.n as i64).collect();
        let direct_size: Vec<i64> = self.direct.iter().map(|a| a.n as i64).collect();
        Cells::primary(&tree_size, &direct_size, k)
    }

    /// Which groups of an exact tally could show, with at least `k` answers and nothing to work
    /// out by subtraction.
    pub fn disclosure(&self, k: i64) -> Cells {
        let tree_size: Vec<i64> = self.total.iter().map(|a| a.n as i64).collect();
        let direct_size: Vec<i64> = self.direct.iter().map(|a| a.n as i64).collect();
        let mut cells = Cells::primary(&tree_size, &direct_size, k);
        while cells.hierarchy_pass(&self.tree, &tree_size, &direct_size, k) {}
        cells
    }

    pub fn node(&self, unit: Option<i64>) -> Option<usize> {
        match unit {
            None => Some(0),
            Some(u) => self.index.get(&u).copied(),
        }
    }
}

/// A closed run's published report (`scan_runs.release`): noisy figures made once when the run
/// closes (see `crate::privacy`), in two independent parts that share the run's epsilon:
/// - per unit, its answers with everything below it, one release per level of the tree: a
///   person is in one unit per level, so the levels share their part of the epsilon (a large
///   unit carries the noise of one release, not the sum of its small units' noise); a unit's
///   own answers are its total minus its units' totals;
/// - the organisation as a whole, released on its own with the larger share, so that its
///   figures (and the trend and benchmark made from them) are the most precise.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Release {
    /// The epsilon per person this release spent.
    pub epsilon: f64,
    /// The unit tree when the run closed, as (unit, parent); node `i + 1` is `units[i]`.
    pub units: Vec<(i64, Option<i64>)>,
    /// Per node: the released figures of its answers with everything below it (node 0, the
    /// organisation, is in `org`).
    pub nodes: Vec<Part>,
    /// How many levels below the organisation share the units' part of the epsilon.
    #[serde(default)]
    pub levels: usize,
    /// The organisation as a whole.
    pub org: Part,
    /// For the organisation as a whole, per item (run order): the sum of (value − lowest).
    pub items: Vec<i64>,
    /// The standard deviation of the noise: on an answer count, and per block on a block sum
    /// (in score points), for a unit's release and for the organisation's.
    pub sd_node: (f64, f64),
    pub sd_org: (f64, f64),
    pub sd_item: f64,
    /// The standard deviation of the noise on a band count, for a node's part and the
    /// organisation's.
    #[serde(default)]
    pub sd_band: (f64, f64),
}

/// The released figures of one group.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Part {
    pub n: i64,
    /// Per block: the sum of (score − lowest) in hundredths.
    pub sums: Vec<i64>,
    /// Per block, per band.
    pub bands: Vec<Vec<i64>>,
}

/// How a run's epsilon is shared: the units (answers, block scores, bands; divided again over
/// the levels of the tree), then the organisation (answers, block scores, bands, item
/// averages). The shares add up to one.
pub const RELEASE_SHARES: [f64; 7] = [0.10, 0.15, 0.05, 0.10, 0.35, 0.20, 0.05];

/// A block mean is published only when the noise leaves it within this margin (90%): a wider
/// one tells L&D nothing they can act on.
pub const MAX_MARGIN: f64 = 0.5;

/// A distribution over bands is published only when the noise moves no share by more than
/// this (90%), as a fraction of the answers.
pub const MAX_BAND_MARGIN: f64 = 0.15;

impl Release {
    /// Publishes a run's exact tally with noise. One answer is one person (a person answers a
    /// run once), and it counts in the organisation and in one unit per level of the tree (its
    /// own and those above it): the sensitivity of each part is what one answer can add to it,
    /// and the levels divide the units' share.
    pub fn make(
        inst: &Instrument,
        layout: &Layout,
        tally: &Tally,
        units: &[(i64, Option<i64>)],
        epsilon: f64,
    ) -> crate::error::Result<Release> {
        use crate::privacy::{Share, noisy};
        let (lo, _) = layout.range();
        let span = i64::from(layout.range().1 - lo);
        let blocks: Vec<usize> = (0..inst.blocks.len()).filter(|b| layout.per_block[*b] > 0).collect();
        let nb = blocks.len().max(1) as i64;
        // Levels below the organisation: the deepest unit's depth.
        let mut depth = vec![0usize; tally.direct.len()];
        for &node in &tally.tree.preorder {
            if let Some(p) = tally.tree.parent[node] {
                depth[node] = depth[p] + 1;
            }
        }
        let levels = depth.iter().copied().max().unwrap_or(0).max(1);
        let share = |i: usize, sensitivity: i64| Share { sensitivity, epsilon: epsilon * RELEASE_SHARES[i] };
        let per_level =
            |i: usize, sensitivity: i64| Share { sensitivity, epsilon: epsilon * RELEASE_SHARES[i] / levels as f64 };
        let shares = [
            per_level(0, 1),
            per_level(1, 100 * span * nb),
            per_level(2, nb),
            share(3, 1),
            share(4, 100 * span * nb),
            share(5, nb),
        ];
        let release_parts = |aggs: &[&Agg], s: &[Share]| -> crate::error::Result<Vec<Part>> {
            // Stored as drawn, negative values included: sums of parts stay unbiased.
            let n = noisy(&aggs.iter().map(|a| i64::from(a.n)).collect::<Vec<_>>(), s[0])?;
            let flat_sums: Vec<i64> = aggs
                .iter()
                .flat_map(|a| {
                    blocks
                        .iter()
                        .map(move |&b| ((a.sum[b] - f64::from(a.scored[b]) * f64::from(lo)) * 100.0).round() as i64)
                })
                .collect();
            let sums = noisy(&flat_sums, s[1])?;
            let flat_bands: Vec<i64> = aggs
                .iter()
                .flat_map(|a| blocks.iter().flat_map(move |&b| a.bands[b].iter().map(|x| i64::from(*x))))
                .collect();
            let bands = noisy(&flat_bands, s[2])?;
            let (mut si, mut bi) = (sums.into_iter(), bands.into_iter());
            Ok(n.into_iter()
                .map(|n| {
                    let mut part = Part {
                        n,
                        sums: vec![0; inst.blocks.len()],
                        bands: inst.blocks.iter().map(|x| vec![0; x.bands.len()]).collect(),
                    };
                    for &blk in &blocks {
                        part.sums[blk] = si.next().unwrap_or(0);
                        for slot in part.bands[blk].iter_mut() {
                            *slot = bi.next().unwrap_or(0);
                        }
                    }
                    part
                })
                .collect())
        };
        // Every unit's total; the organisation's own (node 0) is released apart, below.
        let mut nodes = release_parts(&tally.total.iter().skip(1).collect::<Vec<_>>(), &shares[0..3])?;
        nodes.insert(0, Part::default());
        let org = release_parts(&[&tally.total[0]], &shares[3..6])?.pop().unwrap_or_default();
        let whole = &tally.total[0];
        let items_exact: Vec<i64> = whole
            .item_sum
            .iter()
            .zip(&whole.item_n)
            .map(|(s, c)| i64::from(*s) - i64::from(*c) * i64::from(lo))
            .collect();
        let item_share = share(6, span * items_exact.len().max(1) as i64);
        debug_assert!((RELEASE_SHARES.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let items = noisy(&items_exact, item_share)?;
        Ok(Release {
            epsilon,
            units: units.to_vec(),
            nodes,
            levels,
            org,
            items,
            sd_node: (shares[0].sd(), shares[1].sd() / 100.0),
            sd_org: (shares[3].sd(), shares[4].sd() / 100.0),
            sd_item: item_share.sd(),
            sd_band: (shares[2].sd(), shares[5].sd()),
        })
    }

    /// The tally a report reads: each node's released figures summed along the tree at closing,
    /// the organisation's from its own release. Means are kept within the scale.
    pub fn tally(&self, inst: &Instrument, layout: &Layout) -> Tally {
        let (lo, hi) = layout.range();
        let (lo, hi) = (f64::from(lo), f64::from(hi));
        let index: HashMap<i64, usize> = self.units.iter().enumerate().map(|(i, (id, _))| (*id, i + 1)).collect();
        let mut parent = vec![None];
        parent.extend(self.units.iter().map(|(_, p)| Some(p.and_then(|p| index.get(&p).copied()).unwrap_or(0))));
        let tree = Tree::new(parent);
        let agg = |part: &Part, sd: f64, sd_n: f64, sd_band: f64| {
            let n = part.n.max(0);
            let mut a = Agg::new(inst, layout.ids.len());
            a.n = n as u32;
            for b in 0..inst.blocks.len() {
                if layout.per_block[b] == 0 {
                    continue;
                }
                a.scored[b] = n as u32;
                a.sum[b] = part.sums.get(b).copied().unwrap_or(0) as f64 / 100.0 + n as f64 * lo;
                a.var[b] = sd * sd;
                a.var_n = sd_n * sd_n;
                a.band_var = sd_band * sd_band;
                if let Some(bands) = part.bands.get(b) {
                    a.bands[b] = bands.iter().map(|v| (*v).max(0) as u32).collect();
                }
            }
            a
        };
        // A unit's own answers: its total minus its units' totals, signed (clamping a part
        // before subtracting would bias it); what is shown is clamped afterwards.
        let (sd_sum, sd_n, sd_band) = (self.sd_node.1, self.sd_node.0, self.sd_band.0);
        let nodes: Vec<Part> = (0..tree.parent.len())
            .map(|n| if n == 0 { self.org.clone() } else { self.nodes.get(n).cloned().unwrap_or_default() })
            .collect();
        let mut total: Vec<Agg> = nodes.iter().map(|p| agg(p, sd_sum, sd_n, sd_band)).collect();
        let direct: Vec<Agg> = (0..nodes.len())
            .map(|n| {
                let mut own = nodes[n].clone();
                for &c in &tree.children[n] {
                    own.n -= nodes[c].n;
                    for (a, b) in own.sums.iter_mut().zip(&nodes[c].sums) {
                        *a -= b;
                    }
                    for (a, b) in own.bands.iter_mut().zip(&nodes[c].bands) {
                        for (x, y) in a.iter_mut().zip(b) {
                            *x -= y;
                        }
                    }
                }
                // The noise of the total and of each unit subtracted.
                let (own_sum, own_n, own_band) =
                    if n == 0 { (self.sd_org.1, self.sd_org.0, self.sd_band.1) } else { (sd_sum, sd_n, sd_band) };
                let k = tree.children[n].len() as f64;
                let var = |own: f64, unit: f64| (own * own + k * unit * unit).sqrt();
                agg(&own, var(own_sum, sd_sum), var(own_n, sd_n), var(own_band, sd_band))
            })
            .collect();
        total[0] = agg(&self.org, self.sd_org.1, self.sd_org.0, self.sd_band.1);
        let n = total[0].n;
        for (i, v) in self.items.iter().enumerate() {
            if i < total[0].item_sum.len() && n > 0 {
                let sum = (*v as f64 + f64::from(n) * lo).clamp(f64::from(n) * lo, f64::from(n) * hi);
                total[0].item_sum[i] = sum.round() as u32;
                total[0].item_n[i] = n;
                total[0].item_var = self.sd_item * self.sd_item;
            }
        }
        let mut direct = direct;
        for a in direct.iter_mut().chain(total.iter_mut()) {
            for b in 0..inst.blocks.len() {
                let n = f64::from(a.scored[b]);
                a.sum[b] = a.sum[b].clamp(n * lo, n * hi);
            }
        }
        Tally { units: self.units.iter().map(|(id, _)| *id).collect(), index, tree, direct, total, unreadable: 0 }
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
                .filter_map(|(b, block)| Some((block.id.clone(), agg.published_mean(b)?)))
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

    /// The attack on a published report, as a test of the release: an observer sees the
    /// organisation's block sum of a report and must tell whether one more person answered
    /// (all fives) or not. For every threshold test they could use, the chances differ by at
    /// most e^epsilon of that part of the release (with a margin for sampling error).
    #[test]
    fn one_answer_changes_a_published_report_by_at_most_its_share_of_epsilon() {
        let (i, layout) = pulse();
        let units = [(10, None)];
        let base: Vec<(Option<i64>, String)> = (0..20).map(|_| (Some(10), "33333".to_string())).collect();
        let mut plus = base.clone();
        plus.push((Some(10), "55555".into()));
        let (without, with) = (Tally::of(i, &layout, &units, &base), Tally::of(i, &layout, &units, &plus));
        let epsilon = crate::privacy::SCAN_EPSILON_PER_RUN;
        let draws = 12_000;
        let draw = |t: &Tally| -> Vec<i64> {
            (0..draws).map(|_| Release::make(i, &layout, t, &units, epsilon).unwrap().org.sums[0]).collect()
        };
        let (p, q) = (draw(&with), draw(&without));
        let bound = (epsilon * RELEASE_SHARES[4]).exp();
        let exact_without = 20 * 200;
        // In the tails the Laplace mechanism meets its bound exactly, so the check allows for
        // sampling error: five standard errors of the two estimated shares (a chance of about
        // one in a million per check that a correct release fails), not a fixed margin.
        let se = |x: f64| (x * (1.0 - x) / f64::from(draws)).sqrt();
        for t in (exact_without - 1200..=exact_without + 1600).step_by(200) {
            let share = |v: &[i64]| v.iter().filter(|x| **x >= t).count() as f64 / v.len() as f64;
            let (a, b) = (share(&p), share(&q));
            let margin = 5.0 * bound * (se(a) + se(b));
            assert!(a <= b * bound + margin, "threshold {t}: {a} vs {b} (margin {margin})");
            assert!(1.0 - b <= (1.0 - a) * bound + margin, "threshold {t}: {a} vs {b} (margin {margin})");
        }
        // Unbiased: over many releases the released sum centres on the exact one (20 × 200 +
        // 400), within five standard errors of the mean of the draws (scale 381: sd 539).
        let mean = p.iter().sum::<i64>() as f64 / p.len() as f64;
        assert!((mean - 4400.0).abs() < 5.0 * 539.0 / f64::from(draws).sqrt(), "{mean}");
    }

    #[test]
    fn a_published_mean_says_how_precise_it_is_and_an_imprecise_one_is_withheld() {
        let (i, layout) = pulse();
        let units = [(10, None)];
        let few: Vec<(Option<i64>, String)> = (0..6).map(|_| (Some(10), "44444".to_string())).collect();
        let many: Vec<(Option<i64>, String)> = (0..2000).map(|_| (Some(10), "44444".to_string())).collect();
        let eps = crate::privacy::SCAN_EPSILON_PER_RUN;
        let small =
            Release::make(i, &layout, &Tally::of(i, &layout, &units, &few), &units, eps).unwrap().tally(i, &layout);
        assert_eq!(small.total[0].published_mean(0), None, "six answers: too imprecise to publish");
        let big =
            Release::make(i, &layout, &Tally::of(i, &layout, &units, &many), &units, eps).unwrap().tally(i, &layout);
        let m = big.total[0].published_mean(0).expect("two thousand answers: precise");
        assert!((m - 4.0).abs() < 0.05 && big.total[0].margin(0) < 0.05, "{m}");
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
