//! The administrators' API: the organisation's units and people, under `policy::administer`
//! and through the orgs store, as the page `/admin`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{ApiJson, ApiQuery, Whole};
use crate::error::{Error, Result};
use crate::orgs::store::{self as orgs, NewPerson, Person, Unit};
use crate::policy::{self, Actor};
use crate::web::{AppState, Pager};

fn unit_json(u: &Unit) -> Value {
    json!({"id": u.id, "name": u.name, "parent_id": u.parent_id, "manager_id": u.manager_id,
        "manager_name": u.manager_name, "people": u.people})
}

fn person_json(p: &Person) -> Value {
    json!({"id": p.id, "name": p.name, "email": p.email, "job_title": p.job_title, "unit_id": p.unit_id,
        "unit_name": p.unit_name, "is_admin": p.is_admin, "is_adviser": p.is_adviser, "is_guest": p.is_guest, "active": p.active})
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    page: Option<i64>,
    #[serde(default)]
    q: String,
}

pub async fn units(State(st): State<AppState>, actor: Actor, ApiQuery(q): ApiQuery<ListParams>) -> Result<Json<Value>> {
    policy::administer(&actor, actor.org_id)?;
    let pq = super::page_query(q.page)?;
    let mut list = orgs::units(&st.db, actor.org_id, pq.limit(), pq.offset()).await?;
    let pager = Pager::of(pq, &mut list);
    Ok(Json(
        json!({"items": list.iter().map(unit_json).collect::<Vec<_>>(), "page": pager.page, "has_next": pager.has_next}),
    ))
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UnitBody {
    name: String,
    #[serde(default)]
    parent_id: Option<Whole>,
    /// The manager, by e-mail address (as on the page); empty or absent: none.
    #[serde(default)]
    manager_email: String,
}

async fn manager_id(st: &AppState, org_id: i64, email: &str) -> Result<Option<i64>> {
    if email.trim().is_empty() {
        return Ok(None);
    }
    let p = orgs::person_by_email(&st.db, org_id, email).await?.ok_or(Error::invalid("unit-manager-unknown"))?;
    Ok(Some(p.id))
}

pub async fn create_unit(
    State(st): State<AppState>,
    actor: Actor,
    ApiJson(b): ApiJson<UnitBody>,
) -> Result<(StatusCode, Json<Value>)> {
    policy::administer(&actor, actor.org_id)?;
    let manager = manager_id(&st, actor.org_id, &b.manager_email).await?;
    let id = orgs::create_unit(&st.db, actor.org_id, &b.name, b.parent_id.map(|w| w.0), manager).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))))
}

pub async fn update_unit(
    State(st): State<AppState>,
    actor: Actor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<UnitBody>,
) -> Result<Json<Value>> {
    policy::administer(&actor, actor.org_id)?;
    orgs::unit(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)?;
    let manager = manager_id(&st, actor.org_id, &b.manager_email).await?;
    orgs::update_unit(&st.db, actor.org_id, id, &b.name, b.parent_id.map(|w| w.0), manager).await?;
    let unit = orgs::unit(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)?;
    Ok(Json(unit_json(&unit)))
}

pub async fn people(
    State(st): State<AppState>,
    actor: Actor,
    ApiQuery(q): ApiQuery<ListParams>,
) -> Result<Json<Value>> {
    policy::administer(&actor, actor.org_id)?;
    let pq = super::page_query(q.page)?;
    let mut list = orgs::people(&st.db, actor.org_id, &q.q, pq.limit(), pq.offset()).await?;
    let pager = Pager::of(pq, &mut list);
    Ok(Json(
        json!({"items": list.iter().map(person_json).collect::<Vec<_>>(), "page": pager.page, "has_next": pager.has_next}),
    ))
}

/// A person as the API writes them. On a change, a field left out keeps its value (`unit_id`:
/// `null` takes the person out of their unit).
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PersonBody {
    name: String,
    /// Only for a new person: an address is not changed through the API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    job_title: Option<String>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    unit_id: Option<Option<Whole>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    is_admin: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    is_adviser: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    active: Option<bool>,
}

/// A field that is present, even as `null`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<Option<Whole>>, D::Error> {
    Option::<Whole>::deserialize(d).map(Some)
}

impl PersonBody {
    /// The person as written, the fields left out taken from `before`.
    fn to_new(&self, before: Option<&Person>) -> NewPerson {
        NewPerson {
            name: self.name.clone(),
            email: self.email.clone().unwrap_or_default(),
            job_title: self.job_title.clone().or_else(|| before.map(|p| p.job_title.clone())).unwrap_or_default(),
            unit_id: match self.unit_id {
                Some(u) => u.map(|w| w.0),
                None => before.and_then(|p| p.unit_id),
            },
            password: self.password.clone(),
            is_admin: self.is_admin.or(before.map(|p| p.is_admin)).unwrap_or(false),
            is_adviser: self.is_adviser.or(before.map(|p| p.is_adviser)).unwrap_or(false),
            is_guest: false,
        }
    }
}

pub async fn create_person(
    State(st): State<AppState>,
    actor: Actor,
    ApiJson(b): ApiJson<PersonBody>,
) -> Result<(StatusCode, Json<Value>)> {
    policy::administer(&actor, actor.org_id)?;
    if b.email.is_none() || b.active.is_some() {
        return Err(Error::invalid("error-json"));
    }
    let id = orgs::create_person(&st.db, actor.org_id, &b.to_new(None)).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))))
}

pub async fn update_person(
    State(st): State<AppState>,
    actor: Actor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<PersonBody>,
) -> Result<Json<Value>> {
    policy::administer(&actor, actor.org_id)?;
    if b.email.is_some() {
        return Err(Error::invalid("error-json"));
    }
    let before = orgs::person(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)?;
    let new = b.to_new(Some(&before));
    let active = b.active.unwrap_or(before.active);
    // As on the page: an administrator cannot take away their own role or account.
    if id == actor.id && (!new.is_admin || !active) {
        return Err(Error::invalid("admin-keep-own-role"));
    }
    orgs::update_person(&st.db, &actor, id, &new, active).await?;
    let person = orgs::person(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)?;
    Ok(Json(person_json(&person)))
}
