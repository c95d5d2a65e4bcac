//! How far the released figures lie from the exact ones: the measurement behind the tables in
//! `docs/PRIVACY-MODEL.md` (`hartslag privacy-accuracy`). It computes the exact figures, which
//! are never stored or shown, draws the noise many times as a release would, and reports per
//! figure and group size the median and the worst absolute error of the figures a page would
//! show. Nothing is written.

use chrono::NaiveDate;

use crate::cockpit::disclosure::{self, Hide};
use crate::cockpit::refresh::{self, Acc};
use crate::db::Db;
use crate::error::Result;
use crate::scans::report::{Release, Tally};

/// One line of the table.
#[derive(Debug, Clone)]
pub struct Line {
    pub figure: &'static str,
    pub groups: &'static str,
    /// How many (cell, draw) pairs were measured.
    pub measured: usize,
    pub median: f64,
    pub worst: f64,
}

/// Group sizes, as the table reads them.
const BINS: [(i64, &str); 4] = [(5, "5–19"), (20, "20–49"), (50, "50–199"), (200, "200+")];

fn bin(size: i64) -> Option<&'static str> {
    BINS.iter().rev().find(|(from, _)| size >= *from).map(|(_, name)| *name)
}

fn summarise(mut samples: Vec<(&'static str, &'static str, f64)>) -> Vec<Line> {
    samples.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)));
    let mut out: Vec<Line> = Vec::new();
    let mut i = 0;
    while i < samples.len() {
        let (figure, groups) = (samples[i].0, samples[i].1);
        let j = samples[i..].iter().position(|s| (s.0, s.1) != (figure, groups)).map_or(samples.len(), |p| i + p);
        let errs: Vec<f64> = samples[i..j].iter().map(|s| s.2).collect();
        out.push(Line {
            figure,
            groups,
            measured: errs.len(),
            median: errs[errs.len() / 2],
            worst: errs[errs.len() - 1],
        });
        i = j;
    }
    out
}

/// The cockpit's monthly figures per unit (with everything below it), for the complete months
/// of the window, each released `draws` times with `epsilon` per month. Errors are against the
/// exact, unclipped figures: clipping counts too.
pub async fn cockpit(db: &Db, org_id: i64, today: NaiveDate, epsilon: f64, draws: usize) -> Result<Vec<Line>> {
    let k = disclosure::min_group(crate::orgs::cockpit_min_group(db, org_id).await?);
    let chart = refresh::chart(db, org_id, k).await?;
    let mut samples = Vec::new();
    for month in crate::cockpit::months_to_release(today) {
        let exact = refresh::month_figures(db, org_id, &chart, &month, false).await?;
        let clipped = refresh::month_figures(db, org_id, &chart, &month, true).await?;
        let exact_total = refresh::totals(&chart.tree, &exact);
        if exact_total[0].participants == 0 {
            continue; // a month before the organisation's history
        }
        for _ in 0..draws {
            let released = refresh::totals(&chart.tree, &refresh::add_noise(&chart, &clipped, epsilon)?);
            for node in 0..chart.unit_ids.len() {
                let shown_group = chart.cohort.tree[node] == Hide::No;
                let r = released[node].clamped();
                if !shown_group || r.participants < k {
                    continue;
                }
                let Some(groups) = bin(chart.headcount_tree[node]) else { continue };
                let e: &Acc = &exact_total[node];
                let head = chart.headcount_tree[node] as f64;
                let pct = |a: &Acc| 100.0 * a.participants as f64 / head;
                let hours_pct = |a: &Acc| {
                    if a.minutes_granted > 0 { 100.0 * a.minutes_used as f64 / a.minutes_granted as f64 } else { 0.0 }
                };
                samples.push(("participation (percentage points)", groups, (pct(&r).min(100.0) - pct(e)).abs()));
                samples.push(("hours used", groups, (r.minutes_used - e.minutes_used).abs() as f64 / 60.0));
                samples.push((
                    "hours used of granted (percentage points)",
                    groups,
                    (hours_pct(&r) - hours_pct(e)).abs(),
                ));
                samples.push(("sessions attended", groups, (r.attendances - e.attendances).abs() as f64));
                samples.push(("proposals started", groups, (r.proposals - e.proposals).abs() as f64));
            }
        }
    }
    Ok(summarise(samples))
}

/// Every closed scan run's block means per group (with everything below it) and the
/// organisation's item means, released `draws` times. Means a report would not publish (too
/// wide a margin) are counted apart, as "withheld".
pub async fn scans(db: &Db, org_id: i64, draws: usize) -> Result<Vec<Line>> {
    use crate::scans::store;
    let k = disclosure::min_group(crate::orgs::cockpit_min_group(db, org_id).await?);
    let units = store::unit_tree(db, org_id).await?;
    let mut samples = Vec::new();
    let mut withheld: Vec<(&'static str, &'static str, f64)> = Vec::new();
    for listed in store::runs(db, org_id, 1000, 0).await? {
        let run = listed.run;
        if run.closed_at.is_none() {
            continue;
        }
        let (inst, layout) = (run.instrument()?, run.layout()?);
        let exact = Tally::of(inst, &layout, &units, &store::responses(db, run.id).await?);
        for _ in 0..draws {
            let released =
                Release::make(inst, &layout, &exact, &units, super::SCAN_EPSILON_PER_RUN)?.tally(inst, &layout);
            let cells = released.released_disclosure(k);
            for node in 0..released.total.len() {
                if cells.tree[node] != Hide::No {
                    continue;
                }
                let (r, e) = (&released.total[node], &exact.total[node]);
                let Some(groups) = bin(i64::from(e.n)) else { continue };
                for b in 0..inst.blocks.len() {
                    let Some(exact_mean) = e.mean(b) else { continue };
                    match r.published_mean(b) {
                        Some(m) => samples.push(("block mean (points on the scale)", groups, (m - exact_mean).abs())),
                        None => withheld.push(("block mean withheld (share of groups)", groups, 1.0)),
                    }
                    if r.published_mean(b).is_some() {
                        withheld.push(("block mean withheld (share of groups)", groups, 0.0));
                    }
                }
                if node == 0 {
                    for i in 0..e.item_sum.len() {
                        let Some(exact_mean) = e.item_mean(i) else { continue };
                        if let Some(m) = r.published_item_mean(i) {
                            samples.push(("item mean, organisation (points)", groups, (m - exact_mean).abs()));
                        }
                    }
                }
            }
        }
    }
    let mut lines = summarise(samples);
    // The share withheld: the mean of the zeros and ones.
    for mut l in summarise(withheld.clone()) {
        let of: Vec<f64> = withheld.iter().filter(|w| (w.0, w.1) == (l.figure, l.groups)).map(|w| w.2).collect();
        l.median = of.iter().sum::<f64>() / of.len().max(1) as f64;
        l.worst = l.median;
        lines.push(l);
    }
    Ok(lines)
}

/// The lines as a Markdown table.
pub fn table(lines: &[Line]) -> String {
    let mut out =
        String::from("| figure | group size | measured | median error | worst error |\n|---|---|---:|---:|---:|\n");
    for l in lines {
        out.push_str(&format!("| {} | {} | {} | {:.2} | {:.2} |\n", l.figure, l.groups, l.measured, l.median, l.worst));
    }
    out
}
