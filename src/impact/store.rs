//! The register of learning solutions and the values L&D enters: every query of the capability.
//! Changes write their audit row in their own transaction.

use chrono::NaiveDate;
use sqlx::Row;

use super::set::{self, Source};
use crate::audit::{self, Action};
use crate::db::{Db, now};
use crate::error::{Error, InField, Msg, Result};
use crate::policy::Actor;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Solution {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub kind: String,
    pub description: String,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub size: String,
    pub weight: String,
    pub risk: String,
    pub route_choice: String,
    pub route_reason: String,
    pub retired_at: Option<i64>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Solution {
    /// The route the triage suggests ([`super::suggest`]).
    pub fn suggested(&self) -> &'static str {
        super::suggest(&self.size, &self.weight, &self.risk)
    }

    /// The route it is measured on: L&D's choice, or else the suggestion.
    pub fn route(&self) -> &str {
        if self.route_choice.is_empty() { self.suggested() } else { &self.route_choice }
    }

    /// L&D chose another route than the triage suggests.
    pub fn overridden(&self) -> bool {
        self.route() != self.suggested()
    }

    pub fn retired(&self) -> bool {
        self.retired_at.is_some()
    }

    pub fn kind_key(&self) -> String {
        format!("impact-kind-{}", self.kind)
    }
}

const SELECT: &str = "SELECT s.id, s.org_id, s.name, s.kind, s.description, s.owner_id, p.name AS owner_name, \
     s.size, s.weight, s.risk, s.route_choice, s.route_reason, s.retired_at, s.version, s.created_at, s.updated_at \
     FROM impact_solutions s LEFT JOIN people p ON p.id = s.owner_id";

/// The organisation's register, in use first, by name; a page of `limit` rows.
pub async fn solutions(db: &Db, org_id: i64, limit: i64, offset: i64) -> Result<Vec<Solution>> {
    let sql = format!(
        "{SELECT} WHERE s.org_id = $1 ORDER BY CASE WHEN s.retired_at IS NULL THEN 0 ELSE 1 END, s.name, s.id \
         LIMIT $2 OFFSET $3"
    );
    Ok(sqlx::query_as(&sql).bind(org_id).bind(limit).bind(offset).fetch_all(&db.pool).await?)
}

/// One solution of the organisation; another organisation's does not exist.
pub async fn solution(db: &Db, org_id: i64, id: i64) -> Result<Solution> {
    let sql = format!("{SELECT} WHERE s.id = $1 AND s.org_id = $2");
    sqlx::query_as(&sql).bind(id).bind(org_id).fetch_optional(&db.pool).await?.ok_or(Error::NotFound)
}

/// The organisation's L&D advisers, who may own a solution: (id, name).
pub async fn advisers(db: &Db, org_id: i64) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, name FROM people WHERE org_id = $1 AND is_adviser = TRUE AND active = TRUE ORDER BY name, id",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A solution as a form or the API writes it.
#[derive(Clone, Debug, Default)]
pub struct NewSolution {
    pub name: String,
    pub kind: String,
    pub description: String,
    pub owner_id: Option<i64>,
    pub size: String,
    pub weight: String,
    pub risk: String,
    /// 'A', 'B', 'C', or empty to follow the triage.
    pub route_choice: String,
    pub route_reason: String,
}

/// The checked fields, ready to store.
struct Checked {
    name: String,
    description: String,
    route_choice: String,
    route_reason: String,
}

async fn check(db: &Db, org_id: i64, s: &NewSolution) -> Result<Checked> {
    let name = crate::web::required(&s.name, 200, "impact-name-required").in_field("name")?;
    if !super::KINDS.contains(&s.kind.as_str()) {
        return Err(Error::invalid("impact-kind-invalid").in_field("kind"));
    }
    let description =
        crate::web::optional(&s.description, 5000, "impact-description-too-long").in_field("description")?;
    if let Some(owner) = s.owner_id {
        if !advisers(db, org_id).await?.iter().any(|(id, _)| *id == owner) {
            return Err(Error::invalid("impact-owner-unknown").in_field("owner_id"));
        }
    }
    for (field, v) in [("size", &s.size), ("weight", &s.weight), ("risk", &s.risk)] {
        if !super::LEVELS.contains(&v.as_str()) {
            return Err(Error::invalid("impact-triage-invalid").in_field(field));
        }
    }
    let choice = s.route_choice.trim().to_ascii_uppercase();
    if !choice.is_empty() && !super::ROUTES.contains(&choice.as_str()) {
        return Err(Error::invalid("impact-route-invalid").in_field("route_choice"));
    }
    let route_reason =
        crate::web::optional(&s.route_reason, 1000, "impact-reason-too-long").in_field("route_reason")?;
    let suggested = super::suggest(&s.size, &s.weight, &s.risk);
    // Choosing the suggested route is following it: the route moves with a later triage.
    let route_choice = if choice == suggested { String::new() } else { choice };
    if !route_choice.is_empty() && route_reason.is_empty() {
        return Err(Error::invalid("impact-route-reason-required").in_field("route_reason"));
    }
    Ok(Checked { name, description, route_choice, route_reason })
}

pub async fn create(db: &Db, actor: &Actor, s: &NewSolution) -> Result<i64> {
    let c = check(db, actor.org_id, s).await?;
    let at = now();
    let mut tx = db.begin().await?;
    let r = sqlx::query(
        "INSERT INTO impact_solutions (org_id, name, kind, description, owner_id, size, weight, risk, route_choice, \
         route_reason, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(actor.org_id)
    .bind(&c.name)
    .bind(&s.kind)
    .bind(&c.description)
    .bind(s.owner_id)
    .bind(&s.size)
    .bind(&s.weight)
    .bind(&s.risk)
    .bind(&c.route_choice)
    .bind(&c.route_reason)
    .bind(actor.id)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = r.try_get("id")?;
    let route = if c.route_choice.is_empty() { super::suggest(&s.size, &s.weight, &s.risk) } else { &c.route_choice };
    audit::record_in(&mut tx, actor, Action::ImpactSolution, Some(id), &format!("created, route {route}")).await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes a solution written from `version`; someone else's change in between is a conflict,
/// and a retired solution is not changed.
pub async fn update(db: &Db, actor: &Actor, id: i64, version: i64, s: &NewSolution) -> Result<()> {
    let before = solution(db, actor.org_id, id).await?;
    if before.retired() {
        return Err(Error::conflict("impact-retired"));
    }
    let c = check(db, actor.org_id, s).await?;
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE impact_solutions SET name = $1, kind = $2, description = $3, owner_id = $4, size = $5, weight = $6, \
         risk = $7, route_choice = $8, route_reason = $9, version = version + 1, updated_at = $10 \
         WHERE id = $11 AND org_id = $12 AND version = $13 AND retired_at IS NULL",
    )
    .bind(&c.name)
    .bind(&s.kind)
    .bind(&c.description)
    .bind(s.owner_id)
    .bind(&s.size)
    .bind(&s.weight)
    .bind(&s.risk)
    .bind(&c.route_choice)
    .bind(&c.route_reason)
    .bind(now())
    .bind(id)
    .bind(actor.org_id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::conflict("impact-changed-meanwhile"));
    }
    let route = if c.route_choice.is_empty() { super::suggest(&s.size, &s.weight, &s.risk) } else { &c.route_choice };
    let detail = if route != before.route() {
        format!("changed, route {} to {route}", before.route())
    } else {
        "changed".into()
    };
    audit::record_in(&mut tx, actor, Action::ImpactSolution, Some(id), &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a solution out of use: it stays in the register, with its values, and takes no new ones.
pub async fn retire(db: &Db, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    let at = now();
    let done = sqlx::query(
        "UPDATE impact_solutions SET retired_at = $1, updated_at = $1, version = version + 1 \
         WHERE id = $2 AND org_id = $3 AND retired_at IS NULL",
    )
    .bind(at)
    .bind(id)
    .bind(actor.org_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::conflict("impact-retired"));
    }
    audit::record_in(&mut tx, actor, Action::ImpactSolution, Some(id), "retired").await?;
    tx.commit().await?;
    Ok(())
}

/// A value L&D entered.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Entered {
    pub id: i64,
    pub parameter: String,
    pub set_version: i64,
    pub value_milli: i64,
    pub period_from: String,
    pub period_to: String,
    pub population: i64,
    pub source: String,
    pub entered_at: i64,
}

impl Entered {
    pub fn value(&self) -> f64 {
        self.value_milli as f64 / 1000.0
    }
}

/// A solution's entered values, the latest period first.
pub async fn values(db: &Db, solution_id: i64, limit: i64) -> Result<Vec<Entered>> {
    Ok(sqlx::query_as(
        "SELECT id, parameter, set_version, value_milli, period_from, period_to, population, source, entered_at \
         FROM impact_values WHERE solution_id = $1 ORDER BY period_to DESC, id DESC LIMIT $2",
    )
    .bind(solution_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?)
}

/// A value as typed on the page (or sent through the API).
#[derive(Clone, Debug, Default)]
pub struct NewValue {
    pub parameter: String,
    pub value: String,
    pub period_from: String,
    pub period_to: String,
    pub population: String,
    pub source: String,
}

fn date(s: &str, field: &'static str) -> Result<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Error::invalid("impact-value-period-required").in_field(field));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| Error::invalid("impact-value-period-date").in_field(field))
}

/// Enters a value for one of the set's entered parameters, for a group of at least `k` people,
/// as of `today`. Bad input changes nothing.
pub async fn enter(db: &Db, actor: &Actor, s: &Solution, k: i64, v: &NewValue, today: NaiveDate) -> Result<i64> {
    if s.retired() {
        return Err(Error::conflict("impact-retired"));
    }
    let set = set::route_c();
    let p = set
        .find(v.parameter.trim())
        .filter(|p| p.source == Source::Entered)
        .ok_or(Error::invalid("impact-value-parameter").in_field("parameter"))?;
    let typed = v.value.trim().replace(',', ".");
    let value: f64 = typed
        .parse()
        .ok()
        .filter(|x: &f64| x.is_finite())
        .ok_or(Error::invalid("impact-value-number").in_field("value"))?;
    if p.unit == "euro" && value < 0.0 {
        return Err(Error::invalid("impact-value-negative").in_field("value"));
    }
    if value < p.min || value > p.max {
        let msg = Msg::new("impact-value-scale")
            .arg("min", crate::web::number::round(p.min, 0))
            .arg("max", crate::web::number::round(p.max, 0));
        return Err(Error::Invalid(msg).in_field("value"));
    }
    let from = date(&v.period_from, "period_from")?;
    let to = date(&v.period_to, "period_to")?;
    if from > to {
        return Err(Error::invalid("impact-value-period-order").in_field("period_to"));
    }
    if to > today {
        return Err(Error::invalid("impact-value-period-future").in_field("period_to"));
    }
    let population: i64 = v
        .population
        .trim()
        .parse()
        .map_err(|_| Error::invalid("impact-value-population-number").in_field("population"))?;
    if population < k {
        return Err(Error::Invalid(Msg::new("impact-value-population-small").arg("k", k)).in_field("population"));
    }
    let source = crate::web::required(&v.source, 200, "impact-value-source-required").in_field("source")?;
    let mut tx = db.begin().await?;
    let r = sqlx::query(
        "INSERT INTO impact_values (solution_id, parameter, set_version, value_milli, period_from, period_to, population, \
         source, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(s.id)
    .bind(&p.id)
    .bind(set.version)
    .bind((value * 1000.0).round() as i64)
    .bind(from.to_string())
    .bind(to.to_string())
    .bind(population)
    .bind(&source)
    .bind(actor.id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = r.try_get("id")?;
    audit::record_in(&mut tx, actor, Action::ImpactValue, Some(s.id), &format!("{} {from}..{to}", p.id)).await?;
    tx.commit().await?;
    Ok(id)
}

/// The units as the cockpit's last refresh saw them, (id, name), by name; 0 is the
/// organisation. The organisation chart is not secret; their figures are read through the
/// cockpit's store, with what may be shown.
pub async fn units(db: &Db, org_id: i64) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT unit_id, name FROM cockpit_units WHERE org_id = $1 ORDER BY CASE WHEN unit_id = 0 THEN 0 ELSE 1 END, name, unit_id",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?)
}
