//! Computes the cockpit's figures for one organisation and stores them, with what may be shown.
//!
//! The figures come from the tables the professionals' own work fills (memberships and active
//! weeks, attendance, proposals) and are summed per unit and period. Counting people is done
//! per person and their own unit, so counts add up along the unit tree (everyone sits in one
//! unit). What may be shown is decided here, once, by [`super::disclosure`]; pages only read.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use chrono::NaiveDate;
use futures_util::TryStreamExt;

use super::disclosure::{self, Cells, Hide, Partition, Tree};
use super::{Grain, Period, window};
use crate::db::bulk::{Bulk, row};
use crate::db::{Db, Row, now};
use crate::error::Result;

/// The sums behind one cell.
#[derive(Clone, Debug, Default)]
pub struct Acc {
    pub participants: i64,
    pub person_weeks: i64,
    pub minutes_granted: i64,
    pub minutes_used: i64,
    pub attendances: i64,
    pub proposals: i64,
    pub decided: i64,
    pub accepted: i64,
    pub done: i64,
    pub states: BTreeMap<String, i64>,
    pub lead_days: BTreeMap<i64, i64>,
}

impl Acc {
    /// The median days from submission to decision, over decided proposals.
    pub fn median_lead_days(&self) -> Option<i64> {
        let n: i64 = self.lead_days.values().sum();
        let mut seen = 0;
        for (days, count) in &self.lead_days {
            seen += count;
            if seen * 2 >= n {
                return Some(*days);
            }
        }
        None
    }

    /// Adds everything but participants, which do not add up over time.
    fn add_sums(&mut self, o: &Acc) {
        self.person_weeks += o.person_weeks;
        self.minutes_granted += o.minutes_granted;
        self.minutes_used += o.minutes_used;
        self.attendances += o.attendances;
        self.proposals += o.proposals;
        self.decided += o.decided;
        self.accepted += o.accepted;
        self.done += o.done;
        for (k, v) in &o.states {
            *self.states.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &o.lead_days {
            *self.lead_days.entry(*k).or_default() += v;
        }
    }

    fn add_all(&mut self, o: &Acc) {
        self.add_sums(o);
        self.participants += o.participants;
    }

    fn has_data(&self) -> bool {
        self.participants > 0 || self.proposals > 0 || self.attendances > 0
    }
}

/// Everything computed for one organisation before it is written.
pub struct Figures {
    pub unit_ids: Vec<i64>,
    pub names: Vec<String>,
    pub tree: Tree,
    pub headcount_tree: Vec<i64>,
    pub headcount_direct: Vec<i64>,
    pub cohort: Cells,
    pub periods: Vec<Period>,
    /// `[period][node]`
    pub direct: Vec<Vec<Acc>>,
    pub total: Vec<Vec<Acc>>,
    pub activity: Vec<Cells>,
}

/// Recomputes and stores the figures of one organisation; returns how long it took.
pub async fn refresh(db: &Db, org_id: i64) -> Result<u128> {
    let started = Instant::now();
    let today = chrono::Local::now().date_naive();
    let figures = compute(db, org_id, today).await?;
    store(db, org_id, &figures, started.elapsed().as_millis()).await?;
    let ms = started.elapsed().as_millis();
    tracing::info!(org_id, ms, units = figures.unit_ids.len(), "cockpit refreshed");
    Ok(ms)
}

pub async fn compute(db: &Db, org_id: i64, today: NaiveDate) -> Result<Figures> {
    let settings = crate::orgs::settings(db, org_id).await?;
    let k = disclosure::min_group(crate::orgs::cockpit_min_group(db, org_id).await?);

    // The unit tree; node 0 is the organisation, and people without a unit sit there.
    let mut unit_ids = vec![0i64];
    let mut names = vec![settings.name.clone()];
    let mut parents_by_id: Vec<Option<i64>> = vec![None];
    for r in sqlx::query("SELECT id, parent_id, name FROM units WHERE org_id = $1 ORDER BY id")
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?
    {
        unit_ids.push(r.try_get("id")?);
        parents_by_id.push(r.try_get("parent_id")?);
        names.push(r.try_get("name")?);
    }
    let node_of: HashMap<i64, usize> = unit_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let node = |unit: Option<i64>| unit.and_then(|u| node_of.get(&u).copied()).unwrap_or(0);
    let parent: Vec<Option<usize>> =
        parents_by_id.iter().enumerate().map(|(i, p)| if i == 0 { None } else { Some(node(*p)) }).collect();
    let tree = Tree::new(parent);
    let n = unit_ids.len();

    let mut headcount_direct = vec![0i64; n];
    for r in sqlx::query(
        "SELECT unit_id, COUNT(*) AS n FROM people WHERE org_id = $1 AND active = TRUE AND is_guest = FALSE \
         GROUP BY unit_id",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?
    {
        headcount_direct[node(r.try_get("unit_id")?)] += r.try_get::<i64, _>("n")?;
    }
    let headcount_tree = roll_up(&tree, &headcount_direct);

    let periods = window(today);
    let index: HashMap<&str, usize> = periods.iter().enumerate().map(|(i, p)| (p.key.as_str(), i)).collect();
    // For each week in the window: its own index, its month's and its quarter's.
    let week_slots = |monday: NaiveDate| -> Vec<usize> {
        [Grain::Week.key(monday), Grain::Month.key(monday), Grain::Quarter.key(monday)]
            .iter()
            .filter_map(|key| index.get(key.as_str()).copied())
            .collect()
    };
    let first = periods.iter().filter(|p| p.grain == Grain::Week).map(|p| p.monday).min().unwrap_or(today);
    let last = crate::cycles::monday_of(today);
    let (from, to) = (first.to_string(), last.to_string());
    let mut direct = vec![vec![Acc::default(); n]; periods.len()];

    // Active weeks: a person counts once per week in which one of their circles is active.
    let phase = Instant::now();
    let mut rows = sqlx::query(
        "SELECT DISTINCT m.person_id, p.unit_id, w.week_start, p.granted_minutes_per_week AS own \
         FROM circle_members m JOIN circles c ON c.id = m.circle_id \
         JOIN week_cycles w ON w.circle_id = m.circle_id JOIN people p ON p.id = m.person_id \
         WHERE c.org_id = $1 AND m.status = 'member' AND p.active = TRUE AND p.is_guest = FALSE \
         AND w.week_start >= $2 AND w.week_start <= $3 ORDER BY m.person_id",
    )
    .bind(org_id)
    .bind(&from)
    .bind(&to)
    .fetch(&db.pool);
    let mut current: Option<(i64, usize)> = None;
    let mut seen: Vec<usize> = Vec::new();
    let flush = |seen: &mut Vec<usize>, node: usize, direct: &mut Vec<Vec<Acc>>| {
        seen.sort_unstable();
        seen.dedup();
        for &p in seen.iter() {
            direct[p][node].participants += 1;
        }
        seen.clear();
    };
    while let Some(r) = rows.try_next().await? {
        let person: i64 = r.try_get("person_id")?;
        let at = node(r.try_get("unit_id")?);
        if let Some((prev, prev_node)) = current
            && prev != person
        {
            flush(&mut seen, prev_node, &mut direct);
        }
        current = Some((person, at));
        let week: String = r.try_get("week_start")?;
        let Ok(monday) = NaiveDate::parse_from_str(&week, "%Y-%m-%d") else { continue };
        let own: Option<i64> = r.try_get("own")?;
        let slots = week_slots(monday);
        for &p in &slots {
            if periods[p].grain == Grain::Week {
                direct[p][at].person_weeks += 1;
                direct[p][at].minutes_granted += own.unwrap_or(settings.granted_minutes_per_week);
            }
        }
        seen.extend(slots);
    }
    drop(rows);
    if let Some((_, at)) = current {
        flush(&mut seen, at, &mut direct);
    }

    tracing::debug!(ms = phase.elapsed().as_millis(), "cockpit: active weeks read");
    let phase = Instant::now();
    // Hours used: attended sessions that were not cancelled.
    for r in sqlx::query(
        "SELECT p.unit_id, w.week_start, CAST(SUM(s.minutes) AS BIGINT) AS minutes, COUNT(*) AS n \
         FROM attendance a JOIN sessions s ON s.id = a.session_id JOIN week_cycles w ON w.id = s.cycle_id \
         JOIN people p ON p.id = a.person_id \
         WHERE p.org_id = $1 AND p.active = TRUE AND p.is_guest = FALSE AND s.cancelled = FALSE \
         AND w.week_start >= $2 AND w.week_start <= $3 GROUP BY p.unit_id, w.week_start",
    )
    .bind(org_id)
    .bind(&from)
    .bind(&to)
    .fetch_all(&db.pool)
    .await?
    {
        let week: String = r.try_get("week_start")?;
        if let Some(&p) = index.get(week.as_str()) {
            let cell = &mut direct[p][node(r.try_get("unit_id")?)];
            cell.minutes_used += r.try_get::<i64, _>("minutes")?;
            cell.attendances += r.try_get::<i64, _>("n")?;
        }
    }

    tracing::debug!(ms = phase.elapsed().as_millis(), "cockpit: attendance read");
    let phase = Instant::now();
    // Proposals, counted in the week they were started, for the unit of who started them.
    let from_ts = first.and_hms_opt(0, 0, 0).map(|d| d.and_utc().timestamp()).unwrap_or(0);
    for r in sqlx::query(
        "SELECT p.created_at, p.state, p.submitted_at, p.decided_at, pe.unit_id FROM proposals p \
         LEFT JOIN people pe ON pe.id = p.created_by WHERE p.org_id = $1 AND p.created_at >= $2",
    )
    .bind(org_id)
    .bind(from_ts)
    .fetch_all(&db.pool)
    .await?
    {
        let created: i64 = r.try_get("created_at")?;
        let Some(day) = chrono::DateTime::from_timestamp(created, 0).map(|d| d.date_naive()) else { continue };
        let Some(&p) = index.get(crate::cycles::monday_of(day).to_string().as_str()) else { continue };
        let state: String = r.try_get("state")?;
        let cell = &mut direct[p][node(r.try_get("unit_id")?)];
        cell.proposals += 1;
        let accepted = matches!(state.as_str(), "accepted" | "implementation_planned" | "in_progress" | "done");
        if accepted || state == "declined" {
            cell.decided += 1;
            let (sub, dec): (Option<i64>, Option<i64>) = (r.try_get("submitted_at")?, r.try_get("decided_at")?);
            if let (Some(s), Some(d)) = (sub, dec) {
                *cell.lead_days.entry(((d - s).max(0)) / 86_400).or_default() += 1;
            }
        }
        cell.accepted += i64::from(accepted);
        cell.done += i64::from(state == "done");
        *cell.states.entry(state).or_default() += 1;
    }

    tracing::debug!(ms = phase.elapsed().as_millis(), "cockpit: proposals read");
    let phase = Instant::now();
    // Months and quarters: the sums of their weeks (participants were counted per person above).
    for (w, week) in periods.iter().enumerate().filter(|(_, p)| p.grain == Grain::Week) {
        for up in [Grain::Month, Grain::Quarter] {
            if let Some(&p) = index.get(up.key(week.monday).as_str()) {
                for node in 0..n {
                    let (a, b) = two(&mut direct, p, w);
                    a[node].add_sums(&b[node]);
                }
            }
        }
    }

    let total: Vec<Vec<Acc>> = direct
        .iter()
        .map(|cells| {
            let mut t = cells.clone();
            for &node in tree.preorder.iter().rev() {
                if let Some(p) = tree.parent[node] {
                    let child = t[node].clone();
                    t[p].add_all(&child);
                }
            }
            t
        })
        .collect();

    // Who may see what.
    let mut cohort = Cells::primary(&headcount_tree, &headcount_direct, k);
    while cohort.hierarchy_pass(&tree, &headcount_tree, &headcount_direct) {}
    let activity = settle_activity(&tree, &periods, &direct, &total, &cohort, k);

    tracing::debug!(ms = phase.elapsed().as_millis(), "cockpit: sums and disclosure");
    Ok(Figures { unit_ids, names, tree, headcount_tree, headcount_direct, cohort, periods, direct, total, activity })
}

/// Two distinct rows of a period table, the first mutable.
fn two(v: &mut [Vec<Acc>], a: usize, b: usize) -> (&mut Vec<Acc>, &Vec<Acc>) {
    debug_assert_ne!(a, b);
    if a < b {
        let (x, y) = v.split_at_mut(b);
        (&mut x[a], &y[0])
    } else {
        let (x, y) = v.split_at_mut(a);
        (&mut y[0], &x[b])
    }
}

fn roll_up(tree: &Tree, direct: &[i64]) -> Vec<i64> {
    let mut total = direct.to_vec();
    for &node in tree.preorder.iter().rev() {
        if let Some(p) = tree.parent[node] {
            total[p] += total[node];
        }
    }
    total
}

/// The activity figures of every period: hidden where fewer than `k` people took part, where
/// the group itself is hidden, where subtraction along the tree or over time would reveal a
/// hidden cell, and for weeks older than the ones shown (so they count as unknown parts).
pub fn settle_activity(
    tree: &Tree,
    periods: &[Period],
    direct: &[Vec<Acc>],
    total: &[Vec<Acc>],
    cohort: &Cells,
    k: i64,
) -> Vec<Cells> {
    let sizes = |cells: &[Acc]| cells.iter().map(|a| a.participants).collect::<Vec<_>>();
    let tree_sizes: Vec<Vec<i64>> = total.iter().map(|c| sizes(c)).collect();
    let direct_sizes: Vec<Vec<i64>> = direct.iter().map(|c| sizes(c)).collect();
    let mut cells: Vec<Cells> = periods
        .iter()
        .enumerate()
        .map(|(p, period)| {
            let mut c = Cells::primary(&tree_sizes[p], &direct_sizes[p], k);
            for (node, h) in c.tree.iter_mut().enumerate() {
                if (!period.shown || cohort.tree[node].hidden()) && *h == Hide::No {
                    *h = Hide::Protect;
                }
            }
            for (node, h) in c.direct.iter_mut().enumerate() {
                if (!period.shown || cohort.direct[node].hidden()) && *h == Hide::No {
                    *h = Hide::Protect;
                }
            }
            c
        })
        .collect();
    // Each quarter and month with the periods that add up to it.
    let mut parts_of: Vec<(usize, Vec<usize>)> = Vec::new();
    for (p, period) in periods.iter().enumerate() {
        let below = match period.grain {
            Grain::Quarter => Grain::Month,
            Grain::Month => Grain::Week,
            Grain::Week => continue,
        };
        let parts: Vec<usize> = periods
            .iter()
            .enumerate()
            .filter(|(_, q)| q.grain == below && period.grain.key(q.monday) == period.key)
            .map(|(i, _)| i)
            .collect();
        parts_of.push((p, parts));
    }
    loop {
        let mut changed = false;
        for (p, c) in cells.iter_mut().enumerate() {
            while c.hierarchy_pass(tree, &tree_sizes[p], &direct_sizes[p]) {
                changed = true;
            }
        }
        for (whole, parts) in &parts_of {
            for node in 0..tree.parent.len() {
                for direct_scope in [false, true] {
                    let get = |cells: &Vec<Cells>, p: usize| {
                        if direct_scope { cells[p].direct[node] } else { cells[p].tree[node] }
                    };
                    let size = |p: usize| if direct_scope { direct_sizes[p][node] } else { tree_sizes[p][node] };
                    let list: Vec<(i64, bool)> = parts.iter().map(|&p| (size(p), get(&cells, p).hidden())).collect();
                    let target = match disclosure::partition(get(&cells, *whole).hidden(), &list) {
                        Partition::Fine => continue,
                        Partition::HidePart(i) => parts[i],
                        Partition::HideTotal => *whole,
                    };
                    let slot =
                        if direct_scope { &mut cells[target].direct[node] } else { &mut cells[target].tree[node] };
                    if *slot == Hide::No {
                        *slot = Hide::Protect;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            return cells;
        }
    }
}

async fn store(db: &Db, org_id: i64, f: &Figures, millis: u128) -> Result<()> {
    let mut bulk = Bulk::new(db.engine);
    let units = bulk.table(
        "cockpit_units",
        &["org_id", "unit_id", "parent_id", "name", "leaf", "headcount", "direct_headcount", "hidden", "direct_hidden"],
    );
    let cells = bulk.table(
        "cockpit_cells",
        &[
            "org_id",
            "unit_id",
            "scope",
            "period",
            "participants",
            "person_weeks",
            "minutes_granted",
            "minutes_used",
            "attendances",
            "proposals",
            "decided",
            "accepted",
            "done",
            "states",
            "lead_days",
            "hidden",
        ],
    );
    let reachable: Vec<usize> = f.tree.preorder.clone();
    for &node in &reachable {
        let parent = f.tree.parent[node].map(|p| f.unit_ids[p]);
        bulk.push(
            units,
            row![
                org_id,
                f.unit_ids[node],
                parent,
                f.names[node].clone(),
                f.tree.is_leaf(node),
                f.headcount_tree[node],
                f.headcount_direct[node],
                f.cohort.tree[node].code(),
                f.cohort.direct[node].code()
            ],
        );
    }
    for (p, period) in f.periods.iter().enumerate().filter(|(_, p)| p.shown) {
        for &node in &reachable {
            let mut scopes = vec![("tree", &f.total[p][node], f.activity[p].tree[node], f.headcount_tree[node])];
            if !f.tree.is_leaf(node) {
                scopes.push(("direct", &f.direct[p][node], f.activity[p].direct[node], f.headcount_direct[node]));
            }
            for (scope, acc, hide, headcount) in scopes {
                if headcount == 0 && !acc.has_data() {
                    continue;
                }
                bulk.push(
                    cells,
                    row![
                        org_id,
                        f.unit_ids[node],
                        scope,
                        period.key.clone(),
                        acc.participants,
                        acc.person_weeks,
                        acc.minutes_granted,
                        acc.minutes_used,
                        acc.attendances,
                        acc.proposals,
                        acc.decided,
                        acc.accepted,
                        acc.done,
                        serde_json::to_string(&acc.states).unwrap_or_default(),
                        serde_json::to_string(&acc.lead_days).unwrap_or_default(),
                        hide.code()
                    ],
                );
            }
        }
    }
    let phase = Instant::now();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM cockpit_cells WHERE org_id = $1").bind(org_id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM cockpit_units WHERE org_id = $1").bind(org_id).execute(&mut *tx).await?;
    bulk.flush(&mut tx).await.map_err(crate::error::Error::Internal)?;
    sqlx::query("DELETE FROM cockpit_refreshes WHERE org_id = $1").bind(org_id).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO cockpit_refreshes (org_id, refreshed_at, millis) VALUES ($1, $2, $3)")
        .bind(org_id)
        .bind(now())
        .bind(i64::try_from(millis).unwrap_or(i64::MAX))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::debug!(
        ms = phase.elapsed().as_millis(),
        rows = bulk.counts().iter().map(|c| c.1).sum::<u64>(),
        "cockpit: written"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(grain: Grain, key: &str, monday: &str) -> Period {
        let monday = NaiveDate::parse_from_str(monday, "%Y-%m-%d").unwrap();
        Period { grain, key: key.into(), monday, shown: true }
    }

    fn acc(participants: i64) -> Acc {
        Acc { participants, person_weeks: participants, ..Acc::default() }
    }

    #[test]
    fn a_month_minus_its_other_weeks_does_not_reveal_a_small_week() {
        // One unit below the organisation. In November, three people took part in the first
        // week, six, eight and none in the others; nine in the month as a whole.
        let tree = Tree::new(vec![None, Some(0)]);
        let periods = vec![
            period(Grain::Week, "2026-11-02", "2026-11-02"),
            period(Grain::Week, "2026-11-09", "2026-11-09"),
            period(Grain::Week, "2026-11-16", "2026-11-16"),
            period(Grain::Week, "2026-11-23", "2026-11-23"),
            period(Grain::Month, "2026-11", "2026-11-01"),
        ];
        let direct: Vec<Vec<Acc>> = [3, 6, 8, 0, 9].iter().map(|n| vec![Acc::default(), acc(*n)]).collect();
        let total: Vec<Vec<Acc>> = [3, 6, 8, 0, 9].iter().map(|n| vec![acc(*n), acc(*n)]).collect();
        let cohort = Cells { tree: vec![Hide::No; 2], direct: vec![Hide::No; 2] };
        let cells = settle_activity(&tree, &periods, &direct, &total, &cohort, 5);
        assert_eq!(cells[0].tree[1], Hide::Small);
        assert_eq!(cells[1].tree[1], Hide::Protect, "the smallest other week is hidden beside it");
        assert_eq!(cells[2].tree[1], Hide::No);
        assert_eq!(cells[4].tree[1], Hide::No, "the month itself stays");
        // The organisation is the unit here: its first week is hidden as well.
        assert!(cells[0].tree[0].hidden());
    }
}
