//! Reading the stored figures. Nothing here computes: it reads what [`super::refresh`] wrote,
//! and every figure leaves this module together with whether it may be shown.

use std::collections::BTreeMap;

use super::disclosure::Hide;
use crate::db::{Db, Flag, Row};
use crate::error::Result;

/// A unit as the last refresh saw it. Unit 0 is the whole organisation.
#[derive(Clone, Debug)]
pub struct Unit {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub leaf: bool,
    pub headcount: i64,
    pub direct_headcount: i64,
    pub hidden: Hide,
    pub direct_hidden: Hide,
}

fn unit_from(r: &sqlx::any::AnyRow) -> Result<Unit> {
    Ok(Unit {
        id: r.try_get("unit_id")?,
        parent_id: r.try_get("parent_id")?,
        name: r.try_get("name")?,
        leaf: r.try_get::<Flag, _>("leaf")?.0,
        headcount: r.try_get("headcount")?,
        direct_headcount: r.try_get("direct_headcount")?,
        hidden: Hide::parse(&r.try_get::<String, _>("hidden")?),
        direct_hidden: Hide::parse(&r.try_get::<String, _>("direct_hidden")?),
    })
}

const UNIT_COLS: &str = "unit_id, parent_id, name, leaf, headcount, direct_headcount, hidden, direct_hidden";

pub async fn unit(db: &Db, org_id: i64, unit_id: i64) -> Result<Option<Unit>> {
    let sql = format!("SELECT {UNIT_COLS} FROM cockpit_units WHERE org_id = $1 AND unit_id = $2");
    let row = sqlx::query(&sql).bind(org_id).bind(unit_id).fetch_optional(&db.pool).await?;
    row.as_ref().map(unit_from).transpose()
}

/// The units directly below one, by name.
pub async fn children(db: &Db, org_id: i64, unit_id: i64) -> Result<Vec<Unit>> {
    let sql =
        format!("SELECT {UNIT_COLS} FROM cockpit_units WHERE org_id = $1 AND parent_id = $2 ORDER BY name, unit_id");
    let rows = sqlx::query(&sql).bind(org_id).bind(unit_id).fetch_all(&db.pool).await?;
    rows.iter().map(unit_from).collect()
}

/// The unit and the units above it, the organisation first.
pub async fn trail(db: &Db, org_id: i64, unit_id: i64) -> Result<Vec<Unit>> {
    let mut out = Vec::new();
    let mut at = Some(unit_id);
    while let Some(id) = at {
        let Some(u) = unit(db, org_id, id).await? else { break };
        at = u.parent_id;
        out.push(u);
        if out.len() > 64 {
            break;
        }
    }
    out.reverse();
    Ok(out)
}

/// When the figures were last computed, and how long that took.
/// Organisations whose figures were last computed before `before` (or never).
pub async fn stale_orgs(db: &Db, before: i64) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT o.id FROM organisations o LEFT JOIN cockpit_refreshes r ON r.org_id = o.id \
         WHERE r.refreshed_at IS NULL OR r.refreshed_at < $1 ORDER BY o.id",
    )
    .bind(before)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

pub async fn refreshed(db: &Db, org_id: i64) -> Result<Option<(i64, i64)>> {
    let row = sqlx::query("SELECT refreshed_at, millis FROM cockpit_refreshes WHERE org_id = $1")
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| Ok((r.try_get("refreshed_at")?, r.try_get("millis")?))).transpose()
}

/// The figures of one cell (the sums the refresh stored). Read them through [`Cell::shown`]:
/// a hidden cell has none.
pub type Figures = super::refresh::Acc;

#[derive(Clone, Debug)]
pub struct Cell {
    pub period: String,
    hide: Hide,
    figures: Figures,
    headcount: i64,
}

impl Cell {
    /// A period that has not been published: still under way, or older than the unit. It
    /// shows no figures at all (not even zero).
    pub fn pending(period: &str, group: Hide) -> Cell {
        let hide = if group.hidden() { group } else { Hide::Pending };
        Cell { period: period.to_string(), hide, figures: Figures::default(), headcount: 0 }
    }

    /// The headcount of the group when the figures were published.
    pub fn headcount(&self) -> i64 {
        self.headcount
    }

    pub fn hide(&self) -> Hide {
        self.hide
    }

    /// The figures, only when they may be shown.
    pub fn shown(&self) -> Option<&Figures> {
        if self.hide.hidden() { None } else { Some(&self.figures) }
    }
}

fn json_map<K: std::str::FromStr + Ord>(s: &str) -> BTreeMap<K, i64> {
    serde_json::from_str::<BTreeMap<String, i64>>(s)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| k.parse().ok().map(|k| (k, v)))
        .collect()
}

const CELL_COLS: &str = "unit_id, period, participants, person_weeks, minutes_granted, minutes_used, attendances, \
                         proposals, decided, accepted, done, states, lead_days, hidden, headcount";

/// The figures of a stored row (for the quarter's sums; pages read [`Cell`]s).
pub(super) fn figures_from(r: &sqlx::any::AnyRow) -> Result<Figures> {
    Ok(Figures {
        participants: r.try_get("participants")?,
        person_weeks: r.try_get("person_weeks")?,
        minutes_granted: r.try_get("minutes_granted")?,
        minutes_used: r.try_get("minutes_used")?,
        attendances: r.try_get("attendances")?,
        proposals: r.try_get("proposals")?,
        decided: r.try_get("decided")?,
        accepted: r.try_get("accepted")?,
        done: r.try_get("done")?,
        states: json_map(&r.try_get::<String, _>("states")?),
        lead_days: json_map(&r.try_get::<String, _>("lead_days")?),
    })
}

fn cell_from(r: &sqlx::any::AnyRow) -> Result<(i64, Cell)> {
    let figures = figures_from(r)?;
    let hide = Hide::parse(&r.try_get::<String, _>("hidden")?);
    // Hidden figures never leave this module.
    let figures = if hide.hidden() { Figures::default() } else { figures };
    Ok((
        r.try_get("unit_id")?,
        Cell { period: r.try_get("period")?, hide, figures, headcount: r.try_get("headcount")? },
    ))
}

/// One unit's cells for the given periods, in that order; `direct` for the people placed in
/// the unit itself rather than the unit with everything below it.
pub async fn series(db: &Db, org_id: i64, unit: &Unit, direct: bool, periods: &[String]) -> Result<Vec<Cell>> {
    let scope = if direct && !unit.leaf { "direct" } else { "tree" };
    let group = if direct { unit.direct_hidden } else { unit.hidden };
    let list = periods.iter().enumerate().map(|(i, _)| format!("${}", i + 4)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT {CELL_COLS} FROM cockpit_cells WHERE org_id = $1 AND unit_id = $2 AND scope = $3 AND period IN ({list})"
    );
    let mut q = sqlx::query(&sql).bind(org_id).bind(unit.id).bind(scope);
    for p in periods {
        q = q.bind(p);
    }
    let mut found: BTreeMap<String, Cell> = BTreeMap::new();
    for r in q.fetch_all(&db.pool).await? {
        let (_, c) = cell_from(&r)?;
        found.insert(c.period.clone(), c);
    }
    Ok(periods.iter().map(|p| found.remove(p).unwrap_or_else(|| Cell::pending(p, group))).collect())
}

/// The cells of several units (each with everything below it) in one period.
pub async fn cells_of(db: &Db, org_id: i64, units: &[Unit], period: &str) -> Result<Vec<Cell>> {
    if units.is_empty() {
        return Ok(Vec::new());
    }
    // Integers we formatted ourselves.
    let ids = units.iter().map(|u| u.id.to_string()).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT {CELL_COLS} FROM cockpit_cells WHERE org_id = $1 AND scope = 'tree' AND period = $2 AND unit_id IN ({ids})"
    );
    let mut found: BTreeMap<i64, Cell> = BTreeMap::new();
    for r in sqlx::query(&sql).bind(org_id).bind(period).fetch_all(&db.pool).await? {
        let (id, c) = cell_from(&r)?;
        found.insert(id, c);
    }
    Ok(units.iter().map(|u| found.remove(&u.id).unwrap_or_else(|| Cell::pending(period, u.hidden))).collect())
}
