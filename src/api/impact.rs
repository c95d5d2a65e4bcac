//! The impact register's API (L&D): the register, a solution with its route-C parameters
//! (read through `impact::measure` exactly as the page reads them: a hidden group has no value),
//! and changes to solutions and entered values through the same store functions and policy.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{ApiJson, ApiQuery, Whole};
use crate::error::{Error, Result};
use crate::impact::measure::{self, State as Shown};
use crate::impact::store::{self, NewSolution, NewValue, Solution};
use crate::policy::{self, Actor};
use crate::web::{AppState, Pager};

fn solution_json(s: &Solution) -> Value {
    json!({"id": s.id, "name": s.name, "kind": s.kind, "description": s.description, "owner_id": s.owner_id,
        "owner_name": s.owner_name, "size": s.size, "weight": s.weight, "risk": s.risk,
        "suggested_route": s.suggested(), "route": s.route(), "route_reason": s.route_reason,
        "retired": s.retired(), "version": s.version})
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    page: Option<i64>,
}

pub async fn solutions(
    State(st): State<AppState>,
    actor: Actor,
    ApiQuery(q): ApiQuery<ListParams>,
) -> Result<Json<Value>> {
    policy::impact_register(&actor)?;
    let pq = super::page_query(q.page)?;
    let mut list = store::solutions(&st.db, actor.org_id, pq.limit(), pq.offset()).await?;
    let pager = Pager::of(pq, &mut list);
    Ok(Json(
        json!({"items": list.iter().map(solution_json).collect::<Vec<_>>(), "page": pager.page, "has_next": pager.has_next}),
    ))
}

/// A solution as the API writes it; `version` only (and always) on a change.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SolutionBody {
    name: String,
    kind: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    owner_id: Option<Whole>,
    size: String,
    weight: String,
    risk: String,
    #[serde(default)]
    route_choice: String,
    #[serde(default)]
    route_reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    version: Option<Whole>,
}

impl SolutionBody {
    fn to_new(&self) -> NewSolution {
        NewSolution {
            name: self.name.clone(),
            kind: self.kind.clone(),
            description: self.description.clone(),
            owner_id: self.owner_id.map(|w| w.0),
            size: self.size.clone(),
            weight: self.weight.clone(),
            risk: self.risk.clone(),
            route_choice: self.route_choice.clone(),
            route_reason: self.route_reason.clone(),
        }
    }
}

pub async fn create_solution(
    State(st): State<AppState>,
    actor: Actor,
    ApiJson(b): ApiJson<SolutionBody>,
) -> Result<(StatusCode, Json<Value>)> {
    policy::impact_register(&actor)?;
    if b.version.is_some() {
        return Err(Error::invalid("error-json"));
    }
    let id = store::create(&st.db, &actor, &b.to_new()).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))))
}

pub async fn update_solution(
    State(st): State<AppState>,
    actor: Actor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<SolutionBody>,
) -> Result<Json<Value>> {
    crate::impact::solution_for(&st.db, &actor, id).await?;
    let Some(version) = b.version else { return Err(Error::invalid("error-json")) };
    store::update(&st.db, &actor, id, version.0, &b.to_new()).await?;
    Ok(Json(solution_json(&store::solution(&st.db, actor.org_id, id).await?)))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ReportParams {
    unit: Option<i64>,
    at: Option<String>,
}

pub async fn solution(
    State(st): State<AppState>,
    actor: Actor,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<ReportParams>,
) -> Result<Json<Value>> {
    let s = crate::impact::solution_for(&st.db, &actor, id).await?;
    // A period key as the document describes it; one that is not published opens the last one.
    if q.at
        .as_ref()
        .is_some_and(|a| a.len() > 16 || !a.chars().all(|c| c.is_ascii_digit() || ('A'..='Q').contains(&c) || c == '-'))
    {
        return Err(Error::invalid("api-error-query"));
    }
    let today = chrono::Local::now().date_naive();
    let r = measure::report(&st.db, &s, q.unit.unwrap_or(0), q.at.as_deref(), today).await?;
    // Figures that leave Hartslag as data are logged, as the cockpit's are.
    let detail = format!("solution {} unit {} period {} (api)", s.id, r.unit_id, r.period);
    crate::audit::record(&st.db, &actor, crate::audit::Action::ImpactExport, Some(s.id), &detail).await?;
    let parameters: Vec<Value> = r
        .rows
        .iter()
        .map(|row| {
            let p = row.parameter;
            let (state, hidden) = match &row.state {
                Shown::Value(_) => ("value", None),
                Shown::Hidden(h) => ("hidden", Some(h.code())),
                Shown::NoData => ("no_data", None),
                Shown::NotMeasured => ("not_measured", None),
            };
            let v = row.value();
            json!({
                "code": p.code, "id": p.id, "name": {"nl": p.name.nl, "en": p.name.en},
                "definition": {"nl": p.definition.nl, "en": p.definition.en}, "unit": p.unit,
                "source": p.source.code(), "direction": p.direction.code(), "standard": p.standard,
                "iso_type": if p.iso.is_empty() { None } else { Some(&p.iso) }, "level": p.level,
                "state": state, "hidden": hidden,
                "value": v.map(|v| v.value), "period": v.map(|v| v.period.clone()),
                "population": v.map(|v| v.population), "entered_source": v.and_then(|v| v.entered_source.clone()),
                "flag": v.is_some_and(|v| v.flag),
            })
        })
        .collect();
    let mut out = solution_json(&s);
    out["report"] = json!({
        "unit_id": r.unit_id, "unit_name": r.unit_name, "period": r.period, "periods": r.periods,
        "min_group": r.k, "flags": r.flags(), "set_version": crate::impact::set::route_c().version,
        "parameters": parameters,
    });
    Ok(Json(out))
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ValueBody {
    parameter: String,
    value: f64,
    period_from: String,
    period_to: String,
    population: Whole,
    source: String,
}

pub async fn enter_value(
    State(st): State<AppState>,
    actor: Actor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ValueBody>,
) -> Result<(StatusCode, Json<Value>)> {
    let s = crate::impact::solution_for(&st.db, &actor, id).await?;
    let k = crate::cockpit::disclosure::min_group(crate::orgs::cockpit_min_group(&st.db, actor.org_id).await?);
    let new = NewValue {
        parameter: b.parameter.clone(),
        value: b.value.to_string(),
        period_from: b.period_from.clone(),
        period_to: b.period_to.clone(),
        population: b.population.0.to_string(),
        source: b.source.clone(),
    };
    let today = chrono::Local::now().date_naive();
    let vid = store::enter(&st.db, &actor, &s, k, &new, today).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": vid}))))
}
