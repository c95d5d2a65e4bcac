//! Queries for learning time and for who manages whom.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use sqlx::Row;

use crate::db::Db;
use crate::error::Result;
use crate::policy::Actor;

/// The units an actor manages, and every unit below them.
pub async fn managed_units(db: &Db, actor: &Actor) -> Result<Vec<i64>> {
    let mut units: Vec<i64> = sqlx::query("SELECT id FROM units WHERE manager_id = $1 AND org_id = $2")
        .bind(actor.id)
        .bind(actor.org_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<std::result::Result<_, _>>()?;
    let mut frontier = units.clone();
    let mut seen: HashSet<i64> = units.iter().copied().collect();
    while !frontier.is_empty() && seen.len() < 100_000 {
        // Integers we formatted ourselves: no outside text reaches the SQL.
        let list = ids(&frontier);
        let sql = format!("SELECT id FROM units WHERE parent_id IN ({list})");
        frontier = sqlx::query(&sql)
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| r.try_get::<i64, _>("id"))
            .collect::<std::result::Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|id| seen.insert(*id))
            .collect();
        units.extend(&frontier);
    }
    Ok(units)
}

fn ids(list: &[i64]) -> String {
    if list.is_empty() { "0".into() } else { list.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",") }
}

/// Whether the actor manages the person (their unit or a unit above it).
pub async fn manages(db: &Db, actor: &Actor, person_id: i64) -> Result<bool> {
    if !actor.is_manager || actor.id == person_id {
        return Ok(false);
    }
    let unit: Option<i64> = sqlx::query("SELECT unit_id FROM people WHERE id = $1 AND org_id = $2")
        .bind(person_id)
        .bind(actor.org_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get::<Option<i64>, _>("unit_id"))
        .transpose()?
        .flatten();
    Ok(match unit {
        Some(u) => managed_units(db, actor).await?.contains(&u),
        None => false,
    })
}

/// The people in units the actor manages (not the actor), a page at a time.
pub async fn team(db: &Db, actor: &Actor, limit: i64, offset: i64) -> Result<Vec<(i64, String)>> {
    let units = managed_units(db, actor).await?;
    let sql = format!(
        "SELECT id, name FROM people WHERE unit_id IN ({}) AND active = TRUE AND id <> $1 ORDER BY name, id LIMIT $2 OFFSET $3",
        ids(&units)
    );
    let rows = sqlx::query(&sql).bind(actor.id).bind(limit).bind(offset).fetch_all(&db.pool).await?;
    rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("name")?))).collect()
}

/// Hours used and granted of one person in one week, in minutes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Time {
    pub used: i64,
    pub granted: i64,
}

impl Time {
    /// "1 / 4" in hours, or a dash for a week without an active cycle or attendance.
    pub fn label(&self) -> String {
        if self.used == 0 && self.granted == 0 {
            "—".into()
        } else {
            format!("{} / {}", crate::cycles::hours(self.used), crate::cycles::hours(self.granted))
        }
    }
}

/// The Mondays of the `n` weeks up to and including this one, oldest first.
pub fn recent_weeks(n: i64) -> Vec<String> {
    let this_monday = crate::cycles::monday_of(chrono::Local::now().date_naive());
    (0..n).rev().map(|i| (this_monday - chrono::Duration::days(7 * i)).to_string()).collect()
}

/// Time per person and week for the given people and weeks. Time is granted in weeks in which
/// one of the person's circles held an active week: the person's own amount if their manager
/// set one, else the organisation's default.
pub async fn weeks(db: &Db, org_id: i64, people: &[i64], weeks: &[String]) -> Result<HashMap<(i64, String), Time>> {
    let mut out: HashMap<(i64, String), Time> = HashMap::new();
    let (Some(from), Some(to)) = (weeks.first(), weeks.last()) else { return Ok(out) };
    if people.is_empty() {
        return Ok(out);
    }
    let list = ids(people);
    let default = crate::orgs::settings(db, org_id).await?.granted_minutes_per_week;
    let granted_sql = format!(
        "SELECT DISTINCT m.person_id, w.week_start, p.granted_minutes_per_week AS own FROM circle_members m \
         JOIN week_cycles w ON w.circle_id = m.circle_id JOIN people p ON p.id = m.person_id \
         WHERE m.person_id IN ({list}) AND m.status = 'member' AND w.week_start >= $1 AND w.week_start <= $2"
    );
    for r in sqlx::query(&granted_sql).bind(from).bind(to).fetch_all(&db.pool).await? {
        let own: Option<i64> = r.try_get("own")?;
        let t = out.entry((r.try_get("person_id")?, r.try_get("week_start")?)).or_default();
        t.granted = own.unwrap_or(default);
    }
    let used_sql = format!(
        "SELECT a.person_id, w.week_start, CAST(SUM(s.minutes) AS BIGINT) AS minutes FROM attendance a \
         JOIN sessions s ON s.id = a.session_id JOIN week_cycles w ON w.id = s.cycle_id \
         WHERE a.person_id IN ({list}) AND s.cancelled = FALSE AND w.week_start >= $1 AND w.week_start <= $2 \
         GROUP BY a.person_id, w.week_start"
    );
    for r in sqlx::query(&used_sql).bind(from).bind(to).fetch_all(&db.pool).await? {
        out.entry((r.try_get("person_id")?, r.try_get("week_start")?)).or_default().used = r.try_get("minutes")?;
    }
    Ok(out)
}

/// A month's total, from the weeks that start in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Month {
    /// "2026-11"
    pub month: String,
    pub time: Time,
}

/// Sums weeks into calendar months (by the Monday that starts each week), oldest first.
pub fn months(person: i64, weeks: &[String], times: &HashMap<(i64, String), Time>) -> Vec<Month> {
    let mut out: Vec<Month> = Vec::new();
    for w in weeks {
        let Ok(d) = NaiveDate::parse_from_str(w, "%Y-%m-%d") else { continue };
        let key = format!("{:04}-{:02}", d.year(), d.month());
        let t = times.get(&(person, w.clone())).copied().unwrap_or_default();
        match out.last_mut() {
            Some(m) if m.month == key => {
                m.time.used += t.used;
                m.time.granted += t.granted;
            }
            _ => out.push(Month { month: key, time: t }),
        }
    }
    out
}

/// Sets the hours a person is granted per active week; `None` returns to the default.
pub async fn set_granted(db: &Db, org_id: i64, person_id: i64, hours: &str) -> Result<()> {
    let value = crate::web::hours_to_minutes(hours, 40.0, "settings-granted-range")?;
    sqlx::query("UPDATE people SET granted_minutes_per_week = $1 WHERE id = $2 AND org_id = $3")
        .bind(value)
        .bind(person_id)
        .bind(org_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The person's own amount, if their manager set one (minutes).
pub async fn own_granted(db: &Db, person_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query("SELECT granted_minutes_per_week FROM people WHERE id = $1")
        .bind(person_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get::<Option<i64>, _>("granted_minutes_per_week"))
        .transpose()?
        .flatten())
}

/// The manager's own account to their team and their own manager.
#[derive(Clone, Debug, Default)]
pub struct ManagerFigures {
    /// Hours used of hours granted by the team over the period, in minutes.
    pub team_time: Time,
    pub decided: i64,
    pub waiting: i64,
    /// Median days from submission to decision, over the decisions in the period.
    pub median_decision_days: Option<f64>,
}

impl ManagerFigures {
    pub fn honoured_percent(&self) -> Option<i64> {
        (self.team_time.granted > 0)
            .then(|| (100 * self.team_time.used + self.team_time.granted / 2) / self.team_time.granted)
    }
}

/// The figures of a manager over the given weeks.
pub async fn manager_figures(db: &Db, manager: &Actor, weeks: &[String]) -> Result<ManagerFigures> {
    let mut figures = ManagerFigures::default();
    let people: Vec<i64> = team(db, manager, 100_000, 0).await?.into_iter().map(|(id, _)| id).collect();
    for t in self::weeks(db, manager.org_id, &people, weeks).await?.values() {
        // Time used beyond what was granted does not count as honoured.
        figures.team_time.used += t.used.min(t.granted);
        figures.team_time.granted += t.granted;
    }
    let from = weeks.first().and_then(|w| NaiveDate::parse_from_str(w, "%Y-%m-%d").ok());
    let since = from.map(|d| d.and_hms_opt(0, 0, 0).map(|x| x.and_utc().timestamp()).unwrap_or(0)).unwrap_or(0);
    let rows = sqlx::query(
        "SELECT submitted_at, decided_at FROM proposals WHERE decider_id = $1 AND decided_at IS NOT NULL AND decided_at >= $2",
    )
    .bind(manager.id)
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    let mut days: Vec<f64> = Vec::new();
    for r in &rows {
        let (s, d): (Option<i64>, Option<i64>) = (r.try_get("submitted_at")?, r.try_get("decided_at")?);
        if let (Some(s), Some(d)) = (s, d) {
            days.push((d - s).max(0) as f64 / 86_400.0);
        }
    }
    figures.decided = rows.len() as i64;
    days.sort_by(|a, b| a.total_cmp(b));
    figures.median_decision_days = match days.len() {
        0 => None,
        n if n % 2 == 1 => Some(days[n / 2]),
        n => Some((days[n / 2 - 1] + days[n / 2]) / 2.0),
    };
    figures.waiting = crate::proposals::store::waiting_count(db, manager.id).await?;
    Ok(figures)
}

/// Whether `viewer` may see `manager`'s figures: the manager, the people they manage, and the
/// manager of the manager's own unit (or a unit above it).
pub async fn may_see_figures(db: &Db, viewer: &Actor, manager: &Actor) -> Result<bool> {
    if viewer.org_id != manager.org_id || !manager.is_manager {
        return Ok(false);
    }
    if viewer.id == manager.id || manages(db, viewer, manager.id).await? {
        return Ok(true);
    }
    let unit: Option<i64> = sqlx::query("SELECT unit_id FROM people WHERE id = $1")
        .bind(viewer.id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get::<Option<i64>, _>("unit_id"))
        .transpose()?
        .flatten();
    Ok(match unit {
        Some(u) => managed_units(db, manager).await?.contains(&u),
        None => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_add_up_to_months_by_their_monday() {
        let weeks: Vec<String> = ["2026-10-26", "2026-11-02", "2026-11-09"].iter().map(|s| s.to_string()).collect();
        let mut t = HashMap::new();
        t.insert((1, "2026-10-26".to_string()), Time { used: 60, granted: 240 });
        t.insert((1, "2026-11-02".to_string()), Time { used: 180, granted: 240 });
        t.insert((1, "2026-11-09".to_string()), Time { used: 240, granted: 240 });
        let m = months(1, &weeks, &t);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0], Month { month: "2026-10".into(), time: Time { used: 60, granted: 240 } });
        assert_eq!(m[1].time, Time { used: 420, granted: 480 });
        assert_eq!(m[1].time.label(), "7 / 8");
        assert_eq!(Time::default().label(), "—");
    }
}
