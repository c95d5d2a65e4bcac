//! Publishes the cockpit's figures for one organisation, under the release discipline of
//! [`crate::privacy`]: a month is published once it has ended, and never computed again.
//!
//! Every refresh writes the unit tree with its headcounts (an organisation chart, not activity)
//! and publishes the complete months that were not published yet. For such a month the
//! figures come from the tables the professionals' own work fills (memberships and active
//! weeks, attendance, proposals), per person first, then summed for the people placed in each
//! unit; a unit with everything below it, and a quarter, is the sum of its parts, and
//! [`settle`] decides which cells show. The cockpit publishes exact figures: [`add_noise`] and
//! the clipping bounds are the differential-privacy alternative, measured by
//! `hartslag privacy-accuracy` and not used (docs/PRIVACY-MODEL.md gives the numbers).

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use chrono::NaiveDate;
use futures_util::TryStreamExt;

use super::disclosure::{self, Cells, Hide, Tree};
use super::{Grain, Period};
use crate::db::bulk::{Bulk, row};
use crate::db::{Db, Row, now};
use crate::error::{Error, Result};
use crate::privacy::{self, Share, ledger};

/// The most one person counts for in one month, per figure: more is clipped, so that the noise
/// can hide any one person.
pub mod clip {
    /// Weeks with a Monday in one month.
    pub const WEEKS: i64 = 5;
    /// Minutes of attended sessions (eight hours: two active weeks of four sessions).
    pub const MINUTES: i64 = 8 * 60;
    /// Sessions attended.
    pub const SESSIONS: i64 = 8;
    /// Proposals started (a person's further proposals that month are not counted).
    pub const PROPOSALS: i64 = 2;
}

/// How a month's epsilon is shared between its figures. The shares add up to one.
/// Sessions attended are not released apart: they follow from the hours used and the
/// organisation's session length (one figure less to share the epsilon with).
pub const SHARES: [(&str, f64); 5] =
    [("participants", 0.35), ("person_weeks", 0.15), ("minutes_used", 0.35), ("states", 0.10), ("lead_days", 0.05)];

/// The share of one figure of a month released with `epsilon` in all.
pub fn share(figure: &str, epsilon: f64) -> Share {
    let weight = SHARES.iter().find(|(f, _)| *f == figure).map(|(_, w)| *w).unwrap_or(0.0);
    let sensitivity = match figure {
        "participants" => 1,
        "person_weeks" => clip::WEEKS,
        "minutes_used" => clip::MINUTES,
        "attendances" => clip::SESSIONS,
        _ => clip::PROPOSALS,
    };
    Share { sensitivity, epsilon: epsilon * weight }
}

/// Decision times are published in bins (days, up to and including): a bin per day would
/// spread the noise over a year of days.
pub const LEAD_BINS: [i64; 5] = [7, 14, 30, 60, 9999];

fn lead_bin(days: i64) -> i64 {
    LEAD_BINS.iter().copied().find(|b| days <= *b).unwrap_or(9999)
}

/// Proposals are released in four groups of states: a histogram of ten states would spread
/// the noise over ten bins, most of them empty in a month.
pub const STATES: [&str; 4] = ["open", "declined", "accepted", "done"];

/// The group a proposal state is released in.
fn group_of(state: &str) -> &'static str {
    match state {
        "declined" => "declined",
        "accepted" | "implementation_planned" | "in_progress" => "accepted",
        "done" => "done",
        _ => "open",
    }
}

fn is_accepted(state: &str) -> bool {
    matches!(state, "accepted" | "implementation_planned" | "in_progress" | "done")
}

/// The figures of one cell.
#[derive(Clone, Debug, Default, PartialEq)]
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
    /// Decided proposals per bin of [`LEAD_BINS`].
    pub lead_days: BTreeMap<i64, i64>,
}

impl Acc {
    /// The bin (days, up to) that holds the median time from submission to decision.
    pub fn median_lead_days(&self) -> Option<i64> {
        let n: i64 = self.lead_days.values().sum();
        if n <= 0 {
            return None;
        }
        let mut seen = 0;
        for (days, count) in &self.lead_days {
            seen += count;
            if seen * 2 >= n {
                return Some(*days);
            }
        }
        None
    }

    /// The figures as shown: noise can make a released count negative; a count below zero
    /// is shown as zero (only when shown: sums are made of the figures as released).
    pub fn clamped(&self) -> Acc {
        let mut a = Acc {
            participants: self.participants.max(0),
            person_weeks: self.person_weeks.max(0),
            minutes_granted: self.minutes_granted.max(0),
            minutes_used: self.minutes_used.max(0),
            attendances: self.attendances.max(0),
            states: self.states.iter().map(|(k, v)| (k.clone(), (*v).max(0))).collect(),
            lead_days: self.lead_days.iter().map(|(k, v)| (*k, (*v).max(0))).collect(),
            ..Acc::default()
        };
        a.derive_proposals();
        a
    }

    fn add(&mut self, o: &Acc) {
        self.participants += o.participants;
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

    /// The proposal figures that follow from the groups of states.
    fn derive_proposals(&mut self) {
        let get = |k: &str| self.states.get(k).copied().unwrap_or(0);
        self.proposals = self.states.values().sum();
        self.accepted = get("accepted") + get("done");
        self.decided = self.accepted + get("declined");
        self.done = get("done");
    }
}

/// The organisation chart as a refresh sees it.
pub struct Chart {
    pub unit_ids: Vec<i64>,
    pub names: Vec<String>,
    pub tree: Tree,
    pub headcount_tree: Vec<i64>,
    pub headcount_direct: Vec<i64>,
    /// Per node: the mean minutes granted per week of the people placed in it.
    pub grant: Vec<i64>,
    /// The organisation's session length (minutes), a setting.
    pub session_minutes: i64,
    pub cohort: Cells,
    node_of: HashMap<i64, usize>,
}

impl Chart {
    fn node(&self, unit: Option<i64>) -> usize {
        unit.and_then(|u| self.node_of.get(&u).copied()).unwrap_or(0)
    }
}

/// Refreshes one organisation: the chart, and every complete month not yet published (and the
/// quarters those complete). Returns how long it took.
pub async fn refresh(db: &Db, org_id: i64) -> Result<u128> {
    let started = Instant::now();
    let today = chrono::Local::now().date_naive();
    let released = refresh_on(db, org_id, today).await?;
    let ms = started.elapsed().as_millis();
    tracing::info!(org_id, ms, months = released, "cockpit refreshed");
    Ok(ms)
}

/// [`refresh`] as of a given day. Returns the number of months published.
pub async fn refresh_on(db: &Db, org_id: i64, today: NaiveDate) -> Result<usize> {
    let started = Instant::now();
    let k = disclosure::min_group(crate::orgs::cockpit_min_group(db, org_id).await?);
    let chart = chart(db, org_id, k).await?;
    let mut published = 0;
    for month in super::months_to_release(today) {
        if ledger::released(db, org_id, ledger::Kind::Cockpit, &month.key).await? {
            continue;
        }
        let direct = month_figures(db, org_id, &chart, &month, false).await?;
        match publish_month(db, org_id, &chart, &month, &direct, k).await {
            Ok(()) => published += 1,
            // Another node published it first: that release stands.
            Err(e) if ledger::released(db, org_id, ledger::Kind::Cockpit, &month.key).await? => {
                tracing::debug!(month = %month.key, "cockpit month published elsewhere: {e}");
            }
            Err(e) => return Err(e),
        }
    }
    for quarter in super::window(today).into_iter().filter(|p| p.grain == Grain::Quarter && p.complete(today)) {
        publish_quarter(db, org_id, &chart, &quarter, k).await?;
    }
    write_chart(db, org_id, &chart, started.elapsed().as_millis()).await?;
    Ok(published)
}

/// The unit tree, headcounts, grants and which groups may show at all.
pub async fn chart(db: &Db, org_id: i64, k: i64) -> Result<Chart> {
    let settings = crate::orgs::settings(db, org_id).await?;
    // Node 0 is the organisation, and people without a unit sit there.
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
    let mut granted = vec![0i64; n];
    for r in sqlx::query(
        "SELECT unit_id, COUNT(*) AS n, CAST(SUM(COALESCE(granted_minutes_per_week, $2)) AS BIGINT) AS granted \
         FROM people WHERE org_id = $1 AND active = TRUE AND is_guest = FALSE GROUP BY unit_id",
    )
    .bind(org_id)
    .bind(settings.granted_minutes_per_week)
    .fetch_all(&db.pool)
    .await?
    {
        let at = node(r.try_get("unit_id")?);
        headcount_direct[at] += r.try_get::<i64, _>("n")?;
        granted[at] += r.try_get::<i64, _>("granted")?;
    }
    let grant =
        (0..n)
            .map(|i| {
                if headcount_direct[i] > 0 {
                    granted[i] / headcount_direct[i]
                } else {
                    settings.granted_minutes_per_week
                }
            })
            .collect();
    let headcount_tree = roll_up(&tree, &headcount_direct);
    let mut cohort = Cells::primary(&headcount_tree, &headcount_direct, k);
    while cohort.hierarchy_pass(&tree, &headcount_tree, &headcount_direct, k) {}
    let session_minutes = settings.session_minutes;
    Ok(Chart { unit_ids, names, tree, headcount_tree, headcount_direct, grant, session_minutes, cohort, node_of })
}

/// One person's contribution to one month, before clipping.
#[derive(Default)]
struct Person {
    node: usize,
    weeks: i64,
    minutes: i64,
    sessions: i64,
    /// (created at, state, lead days if decided)
    proposals: Vec<(i64, String, Option<i64>)>,
}

/// The exact figures of one month for the people placed in each unit, each person clipped
/// (or not, for measuring the error). They are never stored or shown: only [`add_noise`]'s
/// output is (the accuracy measurement in `privacy::accuracy` compares the two).
pub async fn month_figures(db: &Db, org_id: i64, chart: &Chart, month: &Period, clipped: bool) -> Result<Vec<Acc>> {
    let limit = |v: i64, max: i64| if clipped { v.min(max) } else { v };
    let mondays = month.mondays();
    let (Some(first), Some(last)) = (mondays.first(), mondays.last()) else {
        return Ok(vec![Acc::default(); chart.unit_ids.len()]);
    };
    let (from, to) = (first.to_string(), last.to_string());
    let mut people: HashMap<i64, Person> = HashMap::new();
    let phase = Instant::now();
    // Active weeks: a person counts once per week in which one of their circles is active.
    let mut rows = sqlx::query(
        "SELECT m.person_id, p.unit_id, COUNT(DISTINCT w.week_start) AS weeks \
         FROM circle_members m JOIN circles c ON c.id = m.circle_id \
         JOIN week_cycles w ON w.circle_id = m.circle_id JOIN people p ON p.id = m.person_id \
         WHERE c.org_id = $1 AND m.status = 'member' AND p.active = TRUE AND p.is_guest = FALSE \
         AND w.week_start >= $2 AND w.week_start <= $3 GROUP BY m.person_id, p.unit_id",
    )
    .bind(org_id)
    .bind(&from)
    .bind(&to)
    .fetch(&db.pool);
    while let Some(r) = rows.try_next().await? {
        let p = people.entry(r.try_get("person_id")?).or_default();
        p.node = chart.node(r.try_get("unit_id")?);
        p.weeks = r.try_get("weeks")?;
    }
    drop(rows);
    // Hours used: attended sessions that were not cancelled.
    let mut rows = sqlx::query(
        "SELECT a.person_id, p.unit_id, CAST(SUM(s.minutes) AS BIGINT) AS minutes, COUNT(*) AS n \
         FROM attendance a JOIN sessions s ON s.id = a.session_id JOIN week_cycles w ON w.id = s.cycle_id \
         JOIN people p ON p.id = a.person_id \
         WHERE p.org_id = $1 AND p.active = TRUE AND p.is_guest = FALSE AND s.cancelled = FALSE \
         AND w.week_start >= $2 AND w.week_start <= $3 GROUP BY a.person_id, p.unit_id",
    )
    .bind(org_id)
    .bind(&from)
    .bind(&to)
    .fetch(&db.pool);
    while let Some(r) = rows.try_next().await? {
        let p = people.entry(r.try_get("person_id")?).or_default();
        p.node = chart.node(r.try_get("unit_id")?);
        p.minutes = r.try_get("minutes")?;
        p.sessions = r.try_get("n")?;
    }
    drop(rows);
    // Proposals, counted in the month they were started, for the unit of who started them.
    let ts = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|d| d.and_utc().timestamp()).unwrap_or(0);
    let (from_ts, to_ts) = (ts(*first), ts(*last + chrono::Duration::days(7)));
    for r in sqlx::query(
        "SELECT p.created_by, p.created_at, p.state, p.submitted_at, p.decided_at, pe.unit_id FROM proposals p \
         JOIN people pe ON pe.id = p.created_by WHERE p.org_id = $1 AND p.created_at >= $2 AND p.created_at < $3 \
         AND pe.active = TRUE AND pe.is_guest = FALSE",
    )
    .bind(org_id)
    .bind(from_ts)
    .bind(to_ts)
    .fetch_all(&db.pool)
    .await?
    {
        let state: String = r.try_get("state")?;
        let (sub, dec): (Option<i64>, Option<i64>) = (r.try_get("submitted_at")?, r.try_get("decided_at")?);
        let decided = is_accepted(&state) || state == "declined";
        let lead = match (decided, sub, dec) {
            (true, Some(s), Some(d)) => Some((d - s).max(0) / 86_400),
            _ => None,
        };
        let p = people.entry(r.try_get("created_by")?).or_default();
        p.node = chart.node(r.try_get("unit_id")?);
        p.proposals.push((r.try_get("created_at")?, state, lead));
    }
    tracing::debug!(ms = phase.elapsed().as_millis(), people = people.len(), month = %month.key, "cockpit: month read");

    let mut direct = vec![Acc::default(); chart.unit_ids.len()];
    for p in people.values_mut() {
        let grant = chart.grant[p.node];
        let cell = &mut direct[p.node];
        cell.participants += i64::from(p.weeks > 0);
        cell.minutes_granted += p.weeks * grant;
        cell.person_weeks += limit(p.weeks, clip::WEEKS);
        cell.minutes_used += limit(p.minutes, clip::MINUTES);
        cell.attendances += limit(p.sessions, clip::SESSIONS);
        p.proposals.sort_by_key(|x| x.0);
        let take = if clipped { clip::PROPOSALS as usize } else { usize::MAX };
        for (_, state, lead) in p.proposals.iter().take(take) {
            *cell.states.entry(group_of(state).to_string()).or_default() += 1;
            if let Some(days) = lead {
                *cell.lead_days.entry(lead_bin(*days)).or_default() += 1;
            }
        }
    }
    Ok(direct)
}

/// The differential-privacy alternative, for measurement only (`privacy::accuracy`): every
/// unit's own people's clipped sums with noise. A unit with
/// nobody placed in it has nothing to release (its cell is zero by the chart, a public fact);
/// every other cell gets noise, whatever its figures, so that an empty cell and a small one
/// look alike.
pub fn add_noise(chart: &Chart, exact: &[Acc], epsilon: f64) -> Result<Vec<Acc>> {
    let nodes: Vec<usize> = (0..exact.len()).filter(|n| *n == 0 || chart.headcount_direct[*n] > 0).collect();
    let figure = |name: &str, get: fn(&Acc) -> i64| -> Result<Vec<i64>> {
        let values: Vec<i64> = nodes.iter().map(|n| get(&exact[*n])).collect();
        // Stored as drawn, negative values included: sums of cells stay unbiased, and what is
        // shown is clamped at zero only when it is shown.
        privacy::noisy(&values, share(name, epsilon))
    };
    let participants = figure("participants", |a| a.participants)?;
    let person_weeks = figure("person_weeks", |a| a.person_weeks)?;
    let minutes = figure("minutes_used", |a| a.minutes_used)?;
    // A histogram is one release: one person's clipped proposals move it by at most the clip.
    let histogram = |name: &str, keys: &[String], get: &dyn Fn(&Acc, &str) -> i64| -> Result<Vec<Vec<i64>>> {
        let flat: Vec<i64> = nodes.iter().flat_map(|n| keys.iter().map(|k| get(&exact[*n], k))).collect();
        let noisy = privacy::noisy(&flat, share(name, epsilon))?;
        Ok(noisy.chunks(keys.len().max(1)).map(|c| c.to_vec()).collect())
    };
    let state_keys: Vec<String> = STATES.iter().map(|s| s.to_string()).collect();
    let states = histogram("states", &state_keys, &|a, k| a.states.get(k).copied().unwrap_or(0))?;
    let bin_keys: Vec<String> = LEAD_BINS.iter().map(|b| b.to_string()).collect();
    let leads = histogram("lead_days", &bin_keys, &|a, k| {
        k.parse().ok().and_then(|b: i64| a.lead_days.get(&b).copied()).unwrap_or(0)
    })?;
    let mut out = vec![Acc::default(); exact.len()];
    for (i, &n) in nodes.iter().enumerate() {
        let a = &mut out[n];
        a.participants = participants[i];
        a.person_weeks = person_weeks[i];
        // Granted time follows from the released active weeks and the unit's grants (a setting).
        a.minutes_granted = a.person_weeks * chart.grant[n];
        a.minutes_used = minutes[i];
        a.attendances = minutes[i] / chart.session_minutes.max(1);
        a.states = state_keys.iter().cloned().zip(states[i].iter().copied()).collect();
        a.lead_days = LEAD_BINS.iter().copied().zip(leads[i].iter().copied()).collect();
        a.derive_proposals();
    }
    Ok(out)
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

/// Everything below each node, summed from the released cells.
pub fn totals(tree: &Tree, direct: &[Acc]) -> Vec<Acc> {
    let mut t = direct.to_vec();
    for &node in tree.preorder.iter().rev() {
        if let Some(p) = tree.parent[node] {
            let child = t[node].clone();
            t[p].add(&child);
        }
    }
    t
}

/// Which cells of one month show. A cell is about the people who took part in it, so it is
/// hidden when fewer than `k` did (none included: "none" beside "fewer than five" would say that
/// someone was active), or when its group is hidden by the chart (fewer than `k` people); then
/// the tree's rule holds with participants: the hidden parts of a shown total must together
/// hold at least `k` participants, else one more part is hidden.
pub fn settle(chart: &Chart, direct: &[Acc], total: &[Acc], k: i64) -> Cells {
    let n = chart.unit_ids.len();
    let tree_size: Vec<i64> = total.iter().map(|a| a.participants).collect();
    let direct_size: Vec<i64> = direct.iter().map(|a| a.participants).collect();
    let tree_present: Vec<bool> = chart.headcount_tree.iter().map(|h| *h > 0).collect();
    let direct_present: Vec<bool> = chart.headcount_direct.iter().map(|h| *h > 0).collect();
    let activity = |group: Hide, size: i64, present: bool| {
        if group.hidden() {
            group
        } else if present && size < k {
            Hide::Small
        } else {
            Hide::No
        }
    };
    let mut cells = Cells {
        tree: (0..n).map(|i| activity(chart.cohort.tree[i], tree_size[i], tree_present[i])).collect(),
        direct: (0..n).map(|i| activity(chart.cohort.direct[i], direct_size[i], direct_present[i])).collect(),
    };
    while cells.hierarchy_pass_present(&chart.tree, &tree_size, &direct_size, &tree_present, &direct_present, k) {}
    cells
}

const CELL_COLS: [&str; 18] = [
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
    "headcount",
    "released_at",
];

/// Where a cell goes: organisation, unit, scope, period and the headcount it is published with.
type CellKey<'a> = (i64, i64, &'a str, &'a str, i64);

fn push_cell(bulk: &mut Bulk, t: usize, key: CellKey, a: &Acc, h: Hide) {
    let (org_id, unit, scope, period, headcount) = key;
    bulk.push(
        t,
        row![
            org_id,
            unit,
            scope,
            period,
            a.participants,
            a.person_weeks,
            a.minutes_granted,
            a.minutes_used,
            a.attendances,
            a.proposals,
            a.decided,
            a.accepted,
            a.done,
            serde_json::to_string(&a.states).unwrap_or_default(),
            serde_json::to_string(&a.lead_days).unwrap_or_default(),
            h.code(),
            headcount,
            now()
        ],
    );
}

/// Stores one month's release and its ledger row in one transaction.
async fn publish_month(db: &Db, org_id: i64, chart: &Chart, month: &Period, direct: &[Acc], k: i64) -> Result<()> {
    let total = totals(&chart.tree, direct);
    let cells = settle(chart, direct, &total, k);
    let mut bulk = Bulk::new(db.engine);
    let t = bulk.table("cockpit_cells", &CELL_COLS);
    for &node in &chart.tree.preorder {
        let unit = chart.unit_ids[node];
        let head = chart.headcount_tree[node];
        push_cell(&mut bulk, t, (org_id, unit, "tree", &month.key, head), &total[node], cells.tree[node]);
        if !chart.tree.is_leaf(node) {
            let head = chart.headcount_direct[node];
            push_cell(&mut bulk, t, (org_id, unit, "direct", &month.key, head), &direct[node], cells.direct[node]);
        }
    }
    let mut tx = db.begin().await?;
    use chrono::Datelike;
    // The cockpit adds no noise (PRIVACY-MODEL.md): its releases spend no epsilon, and the
    // ledger row is what marks the month as published, once.
    ledger::record(&mut tx, org_id, i64::from(month.monday.year()), ledger::Kind::Cockpit, &month.key, 0.0).await?;
    bulk.flush(&mut tx).await.map_err(Error::Internal)?;
    tx.commit().await?;
    Ok(())
}

/// A complete quarter whose months are published: the sums of their released cells, with the
/// participants as the mean per month (people do not add up over months). Post-processing of
/// released figures: it spends no epsilon.
async fn publish_quarter(db: &Db, org_id: i64, chart: &Chart, quarter: &Period, k: i64) -> Result<()> {
    let exists = sqlx::query(
        "SELECT 1 AS x FROM cockpit_cells WHERE org_id = $1 AND period = $2 AND unit_id = 0 AND scope = 'tree'",
    )
    .bind(org_id)
    .bind(&quarter.key)
    .fetch_optional(&db.pool)
    .await?
    .is_some();
    if exists {
        return Ok(());
    }
    let months: Vec<String> = super::months_of(quarter).into_iter().map(|m| m.key).collect();
    // Per group: the sum, the headcount, and whether every month of it is shown.
    let mut sums: BTreeMap<(i64, String), (Acc, i64, bool)> = BTreeMap::new();
    let mut found_months = std::collections::BTreeSet::new();
    for r in sqlx::query(
        "SELECT unit_id, scope, period, participants, person_weeks, minutes_granted, minutes_used, attendances, \
         proposals, decided, accepted, done, states, lead_days, headcount, hidden FROM cockpit_cells \
         WHERE org_id = $1 AND period IN ($2, $3, $4)",
    )
    .bind(org_id)
    .bind(&months[0])
    .bind(&months[1])
    .bind(&months[2])
    .fetch_all(&db.pool)
    .await?
    {
        let period: String = r.try_get("period")?;
        found_months.insert(period);
        let a = super::store::figures_from(&r)?;
        let shown = !Hide::parse(&r.try_get::<String, _>("hidden")?).hidden();
        let e = sums.entry((r.try_get("unit_id")?, r.try_get("scope")?)).or_insert((Acc::default(), 0, true));
        e.0.add(&a);
        e.1 = e.1.max(r.try_get("headcount")?);
        e.2 &= shown;
    }
    if found_months.len() < 3 {
        return Ok(());
    }
    let mut bulk = Bulk::new(db.engine);
    let t = bulk.table("cockpit_cells", &CELL_COLS);
    for ((unit, scope), (mut a, headcount, all_shown)) in sums {
        // The mean per month: people do not add up over months, and a count of distinct
        // people over the quarter would be a figure the months do not already give.
        a.participants = (a.participants + 1) / 3;
        let group = match chart.node_of.get(&unit) {
            Some(&n) if scope == "direct" => chart.cohort.direct[n],
            Some(&n) => chart.cohort.tree[n],
            None => Hide::Protect,
        };
        // A quarter is the sum of its months: shown only where each of them is, so that it
        // never gives a hidden month away.
        let h = if group.hidden() {
            group
        } else if !all_shown {
            Hide::Protect
        } else if a.participants < k && headcount > 0 {
            Hide::Small
        } else {
            Hide::No
        };
        push_cell(&mut bulk, t, (org_id, unit, &scope, &quarter.key, headcount), &a, h);
    }
    let mut tx = db.begin().await?;
    bulk.flush(&mut tx).await.map_err(Error::Internal)?;
    if let Err(e) = tx.commit().await {
        tracing::debug!(quarter = %quarter.key, "cockpit quarter published elsewhere: {e}");
    }
    Ok(())
}

/// The chart is current: written on every refresh, with when the refresh ran.
async fn write_chart(db: &Db, org_id: i64, c: &Chart, millis: u128) -> Result<()> {
    let mut bulk = Bulk::new(db.engine);
    let units = bulk.table(
        "cockpit_units",
        &["org_id", "unit_id", "parent_id", "name", "leaf", "headcount", "direct_headcount", "hidden", "direct_hidden"],
    );
    for &node in &c.tree.preorder {
        let parent = c.tree.parent[node].map(|p| c.unit_ids[p]);
        bulk.push(
            units,
            row![
                org_id,
                c.unit_ids[node],
                parent,
                c.names[node].clone(),
                c.tree.is_leaf(node),
                c.headcount_tree[node],
                c.headcount_direct[node],
                c.cohort.tree[node].code(),
                c.cohort.direct[node].code()
            ],
        );
    }
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM cockpit_units WHERE org_id = $1").bind(org_id).execute(&mut *tx).await?;
    bulk.flush(&mut tx).await.map_err(Error::Internal)?;
    sqlx::query("DELETE FROM cockpit_refreshes WHERE org_id = $1").bind(org_id).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO cockpit_refreshes (org_id, refreshed_at, millis) VALUES ($1, $2, $3)")
        .bind(org_id)
        .bind(now())
        .bind(i64::try_from(millis).unwrap_or(i64::MAX))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shares_add_up_to_the_month() {
        let sum: f64 = SHARES.iter().map(|(_, w)| w).sum();
        assert!((sum - 1.0).abs() < 1e-9);
    }

    #[test]
    fn decision_times_fall_in_bins_and_the_median_names_its_bin() {
        assert_eq!(lead_bin(0), 7);
        assert_eq!(lead_bin(8), 14);
        assert_eq!(lead_bin(400), 9999);
        let a = Acc { lead_days: [(7, 1), (14, 3), (30, 1)].into(), ..Acc::default() };
        assert_eq!(a.median_lead_days(), Some(14));
        assert_eq!(Acc::default().median_lead_days(), None);
    }

    #[test]
    fn proposal_figures_follow_from_the_states() {
        let mut a =
            Acc { states: [("done".into(), 2), ("declined".into(), 1), ("open".into(), 4)].into(), ..Acc::default() };
        a.derive_proposals();
        assert_eq!((a.proposals, a.decided, a.accepted, a.done), (7, 3, 2, 2));
    }
}
