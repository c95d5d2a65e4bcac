//! The JSON API under `/api/v1`: bearer-token authentication, the same store functions and
//! the same policy as the web pages, and an OpenAPI document at `/api/v1/openapi.json`.

mod admin;
mod impact;
mod insight;
mod learning;
mod openapi;

use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::circles::MemberStatus;
use crate::circles::store as circles;
use crate::error::{Error, Result};
use crate::policy::{self, Actor, ProposalAccess};
use crate::proposals::store as proposals;
use crate::web::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi::document))
        .route("/api/v1/me", get(me))
        .route("/api/v1/me/data", get(insight::my_data))
        .route("/api/v1/circles", get(my_circles))
        .route("/api/v1/circles/{id}", get(circle))
        .route("/api/v1/circles/{id}/situations", get(situations).post(create_situation))
        .route("/api/v1/circles/{id}/proposals", get(circle_proposals))
        .route("/api/v1/circles/{id}/cycles", get(learning::circle_cycles).post(learning::plan_cycle))
        .route("/api/v1/cycles/{id}", get(learning::cycle))
        .route("/api/v1/proposals/{id}", get(proposal))
        .route("/api/v1/proposals/{id}/votes", post(vote))
        .route("/api/v1/proposals/{id}/decision", post(decide))
        .route("/api/v1/sessions/{id}", get(session))
        .route("/api/v1/sessions/{id}/notes/{step}", put(save_note))
        .route("/api/v1/sessions/{id}/attendance", get(learning::attendance).put(learning::record_attendance))
        .route("/api/v1/decisions", get(decisions))
        .route("/api/v1/path", get(learning::my_path).put(learning::update_path))
        .route("/api/v1/conversations", get(learning::my_conversations))
        .route("/api/v1/conversations/{id}", get(learning::conversation))
        .route("/api/v1/time", get(learning::my_time))
        .route("/api/v1/team", get(learning::team))
        .route("/api/v1/cockpit", get(insight::cockpit))
        .route("/api/v1/scans", get(insight::scans))
        .route("/api/v1/scans/{id}/questionnaire", get(insight::questionnaire))
        .route("/api/v1/scans/{id}/answers", post(insight::answer))
        .route("/api/v1/scans/{id}/report", get(insight::report))
        .route("/api/v1/impact/solutions", get(impact::solutions).post(impact::create_solution))
        .route("/api/v1/impact/solutions/{id}", get(impact::solution).put(impact::update_solution))
        .route("/api/v1/impact/solutions/{id}/values", post(impact::enter_value))
        .route("/api/v1/admin/units", get(admin::units).post(admin::create_unit))
        .route("/api/v1/admin/units/{id}", put(admin::update_unit))
        .route("/api/v1/admin/people", get(admin::people).post(admin::create_person))
        .route("/api/v1/admin/people/{id}", put(admin::update_person))
}

/// Query parameters whose parse errors are ordinary bad input (a JSON error, not axum's text).
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self> {
        let axum::extract::Query(v) = axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map_err(|_| Error::invalid("api-error-query"))?;
        Ok(ApiQuery(v))
    }
}

/// JSON input whose parse errors are ordinary bad input.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self> {
        let Json(v) = Json::<T>::from_request(req, state).await.map_err(|_| Error::invalid("error-json"))?;
        Ok(ApiJson(v))
    }
}

async fn me(actor: Actor) -> Result<Json<Value>> {
    Ok(Json(json!({
        "id": actor.id, "name": actor.name, "email": actor.email, "organisation_id": actor.org_id,
        "roles": {"admin": actor.is_admin, "learning_adviser": actor.is_adviser, "manager": actor.is_manager, "guest": actor.is_guest}
    })))
}

fn circle_json(c: &circles::Circle) -> Value {
    json!({"id": c.id, "name": c.name, "purpose": c.purpose, "open": c.open, "members": c.members})
}

async fn my_circles(State(st): State<AppState>, actor: Actor) -> Result<Json<Value>> {
    let list = circles::of_person(&st.db, actor.id, MemberStatus::Member).await?;
    Ok(Json(json!({"items": list.iter().map(circle_json).collect::<Vec<_>>()})))
}

async fn circle(State(st): State<AppState>, actor: Actor, Path(id): Path<i64>) -> Result<Json<Value>> {
    let (c, facts) = circles::with_facts(&st.db, &actor, id).await?;
    policy::circle_content(&actor, &facts)?;
    let members = circles::members(&st.db, id).await?;
    let mut v = circle_json(&c);
    v["people"] = json!(
        members.iter().map(|m| json!({"id": m.person_id, "name": m.name, "status": m.status})).collect::<Vec<_>>()
    );
    Ok(Json(v))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PageParams {
    page: Option<i64>,
}

impl PageParams {
    pub fn page_query(&self) -> Result<crate::web::PageQuery> {
        page_query(self.page)
    }
}

/// A page number as the document describes it (1 to 100000); anything else is refused.
pub fn page_query(page: Option<i64>) -> Result<crate::web::PageQuery> {
    if page.is_some_and(|p| !(1..=100_000).contains(&p)) {
        return Err(Error::invalid("api-error-query"));
    }
    Ok(crate::web::PageQuery { page })
}

/// An integer of a request body as JSON Schema counts integers (`3.0` is 3), see
/// [`whole_number`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Whole(pub i64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Whole, D::Error> {
        whole_number(d).map(Whole)
    }
}

async fn situations(
    State(st): State<AppState>,
    actor: Actor,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<PageParams>,
) -> Result<Json<Value>> {
    let facts = circles::facts(&st.db, &actor, id).await?;
    policy::circle_content(&actor, &facts)?;
    let pq = q.page_query()?;
    let mut list = crate::situations::store::for_circle(&st.db, id, pq.limit(), pq.offset()).await?;
    let pager = crate::web::Pager::of(pq, &mut list);
    let items: Vec<Value> = list
        .iter()
        .map(|s| json!({"id": s.id, "title": s.title, "description": s.description, "kind": s.kind, "critical": s.critical, "created_at": s.created_at}))
        .collect();
    Ok(Json(json!({"items": items, "page": pager.page, "has_next": pager.has_next})))
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct NewSituation {
    title: String,
    description: String,
    #[serde(default = "default_kind")]
    kind: String,
    #[serde(default)]
    critical: bool,
}

fn default_kind() -> String {
    "work_process".into()
}

async fn create_situation(
    State(st): State<AppState>,
    actor: Actor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<NewSituation>,
) -> Result<(axum::http::StatusCode, Json<Value>)> {
    let facts = circles::facts(&st.db, &actor, id).await?;
    policy::circle_content(&actor, &facts)?;
    policy::start_circle(&actor)?;
    let new = crate::situations::store::NewSituation {
        title: &b.title,
        description: &b.description,
        kind: &b.kind,
        critical: b.critical,
    };
    let sid = crate::situations::store::create(&st.db, &actor, id, &new).await?;
    Ok((axum::http::StatusCode::CREATED, Json(json!({"id": sid}))))
}

pub(super) fn summary_json(p: &proposals::ProposalSummary) -> Value {
    json!({"id": p.id, "title": p.title, "state": p.state, "kind": p.kind, "circle_id": p.circle_id, "updated_at": p.updated_at})
}

async fn circle_proposals(
    State(st): State<AppState>,
    actor: Actor,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<PageParams>,
) -> Result<Json<Value>> {
    let facts = circles::facts(&st.db, &actor, id).await?;
    policy::circle_content(&actor, &facts)?;
    let pq = q.page_query()?;
    let mut list = proposals::for_circle(&st.db, id, pq.limit(), pq.offset()).await?;
    let pager = crate::web::Pager::of(pq, &mut list);
    Ok(Json(
        json!({"items": list.iter().map(summary_json).collect::<Vec<_>>(), "page": pager.page, "has_next": pager.has_next}),
    ))
}

async fn proposal(State(st): State<AppState>, actor: Actor, Path(id): Path<i64>) -> Result<Json<Value>> {
    let (p, facts) = proposals::with_facts(&st.db, &actor, id).await?;
    let access = policy::proposal(&actor, &facts)?;
    let mut v = json!({
        "id": p.id, "circle_id": p.circle_id, "kind": p.kind, "state": p.state, "phase": p.phase,
        "title": p.title, "problem": p.problem, "proposal": p.proposal, "expected_effect": p.expected_effect, "risks": p.risks,
        "revision": p.revision, "version": p.version, "decider_id": p.decider_id, "decision_reason": p.decision_reason,
    });
    if access == ProposalAccess::Member {
        let votes = proposals::votes(&st.db, id).await?;
        v["votes"] = json!(
            votes
                .iter()
                .filter(|x| x.revision == p.revision)
                .map(|x| json!({"person_id": x.person_id, "name": x.name, "choice": x.choice, "reason": x.reason}))
                .collect::<Vec<_>>()
        );
    }
    Ok(Json(v))
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct VoteBody {
    choice: String,
    #[serde(default)]
    reason: String,
}

async fn vote(
    State(st): State<AppState>,
    actor: Actor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<VoteBody>,
) -> Result<Json<Value>> {
    let (_, facts) = proposals::with_facts(&st.db, &actor, id).await?;
    if policy::proposal(&actor, &facts)? != ProposalAccess::Member {
        return Err(Error::Forbidden);
    }
    let state = proposals::cast_vote(&st.db, &actor, id, &b.choice, &b.reason).await?;
    Ok(Json(json!({"state": state.code()})))
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct DecisionBody {
    decision: String,
    #[serde(default)]
    reason: String,
}

async fn decide(
    State(st): State<AppState>,
    actor: Actor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<DecisionBody>,
) -> Result<Json<Value>> {
    let (p, facts) = proposals::with_facts(&st.db, &actor, id).await?;
    policy::decide(&actor, &facts)?;
    let state = proposals::decide(&st.db, &actor, &p, &b.decision, &b.reason).await?;
    Ok(Json(json!({"state": state.code()})))
}

async fn session(State(st): State<AppState>, actor: Actor, Path(id): Path<i64>) -> Result<Json<Value>> {
    let s = crate::cycles::store::session(&st.db, id).await?;
    let facts = crate::cycles::store::session_facts(&st.db, &actor, &s).await?;
    policy::session(&actor, &facts)?;
    let notes = crate::cycles::store::notes(&st.db, id).await?;
    Ok(Json(json!({
        "id": s.id, "cycle_id": s.cycle_id, "circle_id": s.circle_id, "position": s.position, "starts_at": s.starts_at,
        "minutes": s.minutes, "place": s.place, "cancelled": s.cancelled,
        "notes": notes.iter().map(|n| json!({"step": n.step, "body": n.body, "version": n.version})).collect::<Vec<_>>(),
    })))
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct NoteBody {
    body: String,
    /// The version the text was based on; 0 for a new note.
    #[serde(deserialize_with = "whole_number")]
    version: i64,
}

/// The JSON bodies the API reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    Situation,
    Vote,
    Decision,
    Note,
}

impl Body {
    pub const ALL: [Body; 4] = [Body::Situation, Body::Vote, Body::Decision, Body::Note];

    /// The fields a body of this kind may have (any other is refused).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Body::Situation => &["title", "description", "kind", "critical"],
            Body::Vote => &["choice", "reason"],
            Body::Decision => &["decision", "reason"],
            Body::Note => &["body", "version"],
        }
    }
}

/// What a handler receives from these bytes as a body of this kind, with the defaults filled
/// in; `None` when the body is refused (422). The same reading as [`ApiJson`]: for the fuzz
/// target `api_json`.
pub fn read_body(kind: Body, data: &[u8]) -> Option<Value> {
    fn read<T: DeserializeOwned + Serialize>(data: &[u8]) -> Option<Value> {
        serde_json::from_slice::<T>(data).ok().map(|b| serde_json::to_value(b).expect("a body serialises"))
    }
    match kind {
        Body::Situation => read::<NewSituation>(data),
        Body::Vote => read::<VoteBody>(data),
        Body::Decision => read::<DecisionBody>(data),
        Body::Note => read::<NoteBody>(data),
    }
}

/// An integer as JSON Schema counts integers: `3` and `3.0` are the same number; `3.5` is not
/// an integer and is refused.
pub(super) fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<i64, D::Error> {
    let n = serde_json::Number::deserialize(d)?;
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64 => Ok(f as i64),
        _ => Err(serde::de::Error::custom("not a whole number")),
    }
}

async fn save_note(
    State(st): State<AppState>,
    actor: Actor,
    Path((id, step)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<NoteBody>,
) -> Result<Json<Value>> {
    let s = crate::cycles::store::session(&st.db, id).await?;
    let facts = crate::cycles::store::session_facts(&st.db, &actor, &s).await?;
    policy::session(&actor, &facts)?;
    let version = crate::cycles::store::save_step_note(&st.db, &actor, &s, step, &b.body, b.version).await?;
    Ok(Json(json!({"step": step, "version": version})))
}

async fn decisions(State(st): State<AppState>, actor: Actor) -> Result<Json<Value>> {
    policy::team_hours(&actor)?;
    let list = proposals::for_decider(&st.db, actor.id, true, 200, 0).await?;
    Ok(Json(json!({"items": list.iter().map(summary_json).collect::<Vec<_>>()})))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// JSON Schema counts 3.0 as an integer, so whole numbers may come with a fraction of zero,
    /// also large ones that a fast float parser reads one step off.
    #[test]
    fn whole_numbers_are_read_exactly_also_as_floats() {
        for (text, n) in [("6", 6), ("6.0", 6), ("1e3", 1000), ("4364343651366426.0", 4_364_343_651_366_426)] {
            let w: super::Whole = serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(w.0, n, "{text}");
        }
        assert!(serde_json::from_str::<super::Whole>("6.5").is_err());
    }

    /// The router above serves exactly the operations of the OpenAPI table, method by method.
    #[test]
    fn the_router_serves_the_documented_operations() {
        let source = include_str!("mod.rs");
        let routes =
            &source[source.find("pub fn routes()").unwrap()..source.find("/// Query parameters whose").unwrap()];
        let mut served = BTreeSet::new();
        for chunk in routes.split(".route(\"").skip(1) {
            let (path, rest) = chunk.split_once('"').unwrap();
            let call = rest.split(")\n").next().unwrap_or(rest);
            for m in ["get", "post", "put", "delete", "patch"] {
                if call.contains(&format!(" {m}("))
                    || call.contains(&format!(".{m}("))
                    || call.contains(&format!("({m}("))
                {
                    served.insert((m.to_string(), path.to_string()));
                }
            }
        }
        served.remove(&("get".to_string(), "/api/v1/openapi.json".to_string()));
        let documented: BTreeSet<(String, String)> =
            super::openapi::routes().into_iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
        assert_eq!(served, documented);
    }

    /// Every operation has its summary and a success response with a schema.
    #[test]
    fn every_operation_is_described() {
        let doc = super::openapi::build();
        for (method, path) in super::openapi::routes() {
            let op = &doc["paths"][path][method];
            assert!(op["summary"].as_str().is_some_and(|s| !s.is_empty()), "{method} {path}");
            let ok = op["responses"].get("200").or(op["responses"].get("201")).expect("a success response");
            assert!(ok["content"]["application/json"]["schema"].is_object(), "{method} {path}");
        }
    }
}
