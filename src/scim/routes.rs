//! The SCIM endpoints under `/scim/v2`.

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use super::filter::{self, Filter};
use super::patch::{self, Shape, get_ci};
use super::store::{self, GroupRow, UserRow};
use super::{
    DEFAULT_COUNT, ENTERPRISE_SCHEMA, LIST_SCHEMA, MAX_RESULTS, ScimClient, ScimError, base_url, discovery, etag,
    groups, scim_json, users,
};
use crate::policy;
use crate::web::AppState;

type ScimResult = Result<Response, ScimError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/scim/v2/ServiceProviderConfig", get(service_provider_config))
        .route("/scim/v2/ResourceTypes", get(resource_types))
        .route("/scim/v2/ResourceTypes/{id}", get(resource_type))
        .route("/scim/v2/Schemas", get(schemas))
        .route("/scim/v2/Schemas/{id}", get(schema))
        .route("/scim/v2/.search", post(search_everything))
        .route("/scim/v2/Users", get(list_users).post(create_user))
        .route("/scim/v2/Users/.search", post(search_users))
        .route("/scim/v2/Users/{id}", get(get_user).put(put_user).patch(patch_user).delete(delete_user))
        .route("/scim/v2/Groups", get(list_groups).post(create_group))
        .route("/scim/v2/Groups/.search", post(search_groups))
        .route("/scim/v2/Groups/{id}", get(get_group).put(put_group).patch(patch_group).delete(delete_group))
}

fn base(st: &AppState, headers: &HeaderMap) -> String {
    base_url(headers, st.config.secure_cookies)
}

// ---- Discovery ----

async fn service_provider_config(State(st): State<AppState>, _c: ScimClient, headers: HeaderMap) -> ScimResult {
    Ok(scim_json(StatusCode::OK, &discovery::service_provider_config(&base(&st, &headers))))
}

fn list_of(resources: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST_SCHEMA],
        "totalResults": resources.len(),
        "startIndex": 1,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}

async fn resource_types(State(st): State<AppState>, _c: ScimClient, headers: HeaderMap) -> ScimResult {
    Ok(scim_json(StatusCode::OK, &list_of(discovery::resource_types(&base(&st, &headers)))))
}

async fn resource_type(
    State(st): State<AppState>,
    _c: ScimClient,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ScimResult {
    let found = discovery::resource_types(&base(&st, &headers)).into_iter().find(|r| r["id"] == id.as_str());
    Ok(scim_json(StatusCode::OK, &found.ok_or_else(ScimError::not_found)?))
}

async fn schemas(State(st): State<AppState>, _c: ScimClient, headers: HeaderMap) -> ScimResult {
    Ok(scim_json(StatusCode::OK, &list_of(discovery::schemas(&base(&st, &headers)))))
}

async fn schema(State(st): State<AppState>, _c: ScimClient, headers: HeaderMap, Path(id): Path<String>) -> ScimResult {
    let found = discovery::schemas(&base(&st, &headers)).into_iter().find(|s| s["id"] == id.as_str());
    Ok(scim_json(StatusCode::OK, &found.ok_or_else(ScimError::not_found)?))
}

async fn search_everything(_c: ScimClient) -> ScimResult {
    Err(ScimError::new(
        501,
        None,
        "Searching all resource types at once is not supported: use /Users/.search or /Groups/.search",
    ))
}

// ---- Request parts ----

/// A JSON body; anything else is `invalidSyntax` before anything is read or changed.
fn json_body(headers: &HeaderMap, body: &Bytes) -> Result<Value, ScimError> {
    if let Some(ct) = headers.get(header::CONTENT_TYPE) {
        let ct = ct.to_str().unwrap_or("").to_ascii_lowercase();
        if !ct.starts_with("application/scim+json") && !ct.starts_with("application/json") {
            return Err(ScimError::new(415, Some("invalidSyntax"), "Send application/scim+json or application/json"));
        }
    }
    serde_json::from_slice(body).map_err(|e| ScimError::invalid_syntax(format!("The body is not valid JSON: {e}")))
}

/// `If-Match`: the client's version must be the current one (`*` matches any).
fn check_if_match(headers: &HeaderMap, version: i64) -> Result<(), ScimError> {
    let Some(v) = headers.get(header::IF_MATCH) else { return Ok(()) };
    let v = v.to_str().map_err(|_| ScimError::precondition())?;
    let current = version.to_string();
    let ok =
        v.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/").trim_matches('"') == current);
    if ok { Ok(()) } else { Err(ScimError::precondition()) }
}

fn not_modified(headers: &HeaderMap, version: i64) -> bool {
    let current = version.to_string();
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').map(str::trim).any(|t| t.trim_start_matches("W/").trim_matches('"') == current))
}

fn resource_response(status: StatusCode, doc: &Value, version: i64, location: Option<&str>) -> Response {
    let mut resp = scim_json(status, doc);
    if let Ok(v) = HeaderValue::from_str(&etag(version)) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    if let Some(l) = location.and_then(|l| HeaderValue::from_str(l).ok()) {
        resp.headers_mut().insert(header::LOCATION, l);
    }
    resp
}

/// List parameters, from the query string or a `.search` body.
struct ListParams {
    filter: Option<Filter>,
    start: i64,
    count: i64,
    attributes: Vec<String>,
    excluded: Vec<String>,
}

fn number(v: Option<&Value>, name: &str) -> Result<Option<i64>, ScimError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            n.as_i64().map(Some).ok_or_else(|| ScimError::invalid_value(format!("{name} is a whole number")))
        }
        Some(Value::String(s)) => {
            s.trim().parse().map(Some).map_err(|_| ScimError::invalid_value(format!("{name} is a whole number")))
        }
        Some(_) => Err(ScimError::invalid_value(format!("{name} is a whole number"))),
    }
}

fn names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => s.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect(),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(|s| s.trim().to_string()).collect(),
        _ => Vec::new(),
    }
}

impl ListParams {
    fn read(v: &Value) -> Result<ListParams, ScimError> {
        let filter = match get_ci(v, "filter") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(filter::parse(s)?),
            Some(_) => return Err(ScimError::invalid_filter("filter is a string")),
        };
        // RFC 7644 §3.4.2.4: below 1 counts as 1; a negative count as 0.
        let start = number(get_ci(v, "startIndex"), "startIndex")?.unwrap_or(1).max(1);
        let count = number(get_ci(v, "count"), "count")?.unwrap_or(DEFAULT_COUNT).clamp(0, MAX_RESULTS);
        Ok(ListParams {
            filter,
            start,
            count,
            attributes: names(get_ci(v, "attributes")),
            excluded: names(get_ci(v, "excludedAttributes")),
        })
    }

    fn from_query(q: &HashMap<String, String>) -> Result<ListParams, ScimError> {
        let v: Map<String, Value> = q.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
        ListParams::read(&Value::Object(v))
    }

    fn from_search(headers: &HeaderMap, body: &Bytes) -> Result<ListParams, ScimError> {
        let v = json_body(headers, body)?;
        if !v.is_object() {
            return Err(ScimError::invalid_syntax("A SearchRequest is a JSON object"));
        }
        ListParams::read(&v)
    }

    fn list(&self, total: i64, resources: Vec<Value>) -> Value {
        json!({
            "schemas": [LIST_SCHEMA],
            "totalResults": total,
            "startIndex": self.start,
            "itemsPerPage": resources.len(),
            "Resources": resources,
        })
    }
}

/// One name in `attributes` or `excludedAttributes`: where it points in the document.
struct Selected {
    extension: Option<&'static str>,
    attr: Option<String>,
    sub: Option<String>,
}

fn selected(shape: &Shape, text: &str) -> Option<Selected> {
    if let Some(ext) = shape.extensions.iter().find(|e| e.eq_ignore_ascii_case(text)) {
        return Some(Selected { extension: Some(ext), attr: None, sub: None });
    }
    let p = filter::AttrPath::parse(text).ok()?;
    let extension = match &p.uri {
        None => None,
        Some(u) if u.eq_ignore_ascii_case(shape.core) => None,
        Some(u) => Some(*shape.extensions.iter().find(|e| e.eq_ignore_ascii_case(u))?),
    };
    Some(Selected { extension, attr: Some(p.attr), sub: p.sub })
}

fn key_ci(map: &Map<String, Value>, name: &str) -> Option<String> {
    map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()
}

/// Applies `attributes` / `excludedAttributes` to a document; `id` and `schemas` always stay.
fn project(doc: Value, shape: &Shape, attributes: &[String], excluded: &[String]) -> Value {
    let Value::Object(mut doc) = doc else { return doc };
    if !attributes.is_empty() {
        let mut out = Map::new();
        for k in ["schemas", "id"] {
            if let Some(v) = doc.get(k) {
                out.insert(k.into(), v.clone());
            }
        }
        for s in attributes.iter().filter_map(|a| selected(shape, a)) {
            let (from, into): (Option<&Map<String, Value>>, Option<&'static str>) = match s.extension {
                None => (Some(&doc), None),
                Some(e) => (doc.get(e).and_then(Value::as_object), Some(e)),
            };
            let Some(from) = from else { continue };
            let mut picked = Map::new();
            match &s.attr {
                None => picked = from.clone(),
                Some(a) => {
                    let Some(k) = key_ci(from, a) else { continue };
                    match (&s.sub, &from[&k]) {
                        (Some(sub), Value::Object(o)) => {
                            if let Some(sk) = key_ci(o, sub) {
                                let mut inner = Map::new();
                                inner.insert(sk.clone(), o[&sk].clone());
                                picked.insert(k, Value::Object(inner));
                            }
                        }
                        (Some(sub), Value::Array(items)) => {
                            let list: Vec<Value> = items
                                .iter()
                                .filter_map(|i| {
                                    let o = i.as_object()?;
                                    let sk = key_ci(o, sub)?;
                                    Some(json!({ sk.clone(): o[&sk].clone() }))
                                })
                                .collect();
                            picked.insert(k, Value::Array(list));
                        }
                        (_, v) => {
                            picked.insert(k, v.clone());
                        }
                    }
                }
            }
            let target = match into {
                None => &mut out,
                Some(e) => out
                    .entry(e.to_string())
                    .or_insert_with(|| Value::Object(Map::new()))
                    .as_object_mut()
                    .expect("object"),
            };
            for (k, v) in picked {
                match (target.get_mut(&k), v) {
                    (Some(Value::Object(have)), Value::Object(more)) => have.extend(more),
                    (_, v) => {
                        target.insert(k, v);
                    }
                }
            }
        }
        doc = out;
    }
    for s in excluded.iter().filter_map(|a| selected(shape, a)) {
        let container = match s.extension {
            None => Some(&mut doc),
            Some(e) => doc.get_mut(e).and_then(Value::as_object_mut),
        };
        let Some(container) = container else { continue };
        match (&s.attr, &s.sub) {
            (None, _) => {
                if let Some(e) = s.extension {
                    doc.remove(e);
                }
            }
            (Some(a), None) => {
                if let Some(k) = key_ci(container, a).filter(|k| k != "id" && k != "schemas") {
                    container.remove(&k);
                }
            }
            (Some(a), Some(sub)) => {
                if let Some(Value::Object(o)) = key_ci(container, a).and_then(|k| container.get_mut(&k))
                    && let Some(sk) = key_ci(o, sub)
                {
                    o.remove(&sk);
                }
            }
        }
    }
    Value::Object(doc)
}

fn wants(shape: &Shape, attr: &str, attributes: &[String], excluded: &[String]) -> bool {
    let named = |list: &[String]| {
        list.iter()
            .filter_map(|a| selected(shape, a))
            .any(|s| s.extension.is_none() && s.attr.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(attr)))
    };
    (attributes.is_empty() || named(attributes)) && !named(excluded)
}

fn parse_id(id: &str) -> Result<i64, ScimError> {
    id.parse().map_err(|_| ScimError::not_found())
}

// ---- Users ----

async fn load_user(st: &AppState, c: &ScimClient, id: &str) -> Result<UserRow, ScimError> {
    let row = store::user(&st.db, parse_id(id)?).await?.ok_or_else(ScimError::not_found)?;
    policy::provision(c.org_id, row.org_id)?;
    Ok(row)
}

async fn user_list(st: &AppState, c: &ScimClient, headers: &HeaderMap, p: ListParams) -> ScimResult {
    let base = base(st, headers);
    let page = store::users(&st.db, c.org_id, p.filter.as_ref(), p.start, p.count).await?;
    let docs = page
        .rows
        .iter()
        .map(|u| project(users::to_json(u, &base), &users::SHAPE, &p.attributes, &p.excluded))
        .collect();
    Ok(scim_json(StatusCode::OK, &p.list(page.total, docs)))
}

async fn list_users(
    State(st): State<AppState>,
    c: ScimClient,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> ScimResult {
    let p = ListParams::from_query(&q)?;
    if let Some(f) = &p.filter {
        store::check_user_filter(f)?;
    }
    user_list(&st, &c, &headers, p).await
}

async fn search_users(State(st): State<AppState>, c: ScimClient, headers: HeaderMap, body: Bytes) -> ScimResult {
    let p = ListParams::from_search(&headers, &body)?;
    user_list(&st, &c, &headers, p).await
}

async fn get_user(
    State(st): State<AppState>,
    c: ScimClient,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> ScimResult {
    let u = load_user(&st, &c, &id).await?;
    if not_modified(&headers, u.version) {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    let p = ListParams::from_query(&q)?;
    let doc = project(users::to_json(&u, &base(&st, &headers)), &users::SHAPE, &p.attributes, &p.excluded);
    Ok(resource_response(StatusCode::OK, &doc, u.version, None))
}

async fn create_user(State(st): State<AppState>, c: ScimClient, headers: HeaderMap, body: Bytes) -> ScimResult {
    let input = users::from_json(&json_body(&headers, &body)?)?;
    let id = store::create_user(&st.db, c.org_id, &input).await?;
    let u = store::user(&st.db, id).await?.ok_or_else(ScimError::not_found)?;
    let base = base(&st, &headers);
    let doc = users::to_json(&u, &base);
    Ok(resource_response(StatusCode::CREATED, &doc, u.version, Some(&format!("{base}/Users/{id}"))))
}

/// Stores a User document for an existing person, unless it changes nothing.
async fn save_user(st: &AppState, c: &ScimClient, headers: &HeaderMap, current: UserRow, doc: &Value) -> ScimResult {
    let mut input = users::from_json(doc)?;
    input.active = Some(input.active.unwrap_or(current.active));
    let base = base(st, headers);
    let mut before = users::from_json(&users::to_json(&current, &base))?;
    before.active = Some(current.active);
    let u = if input == before && current.scim_names {
        current
    } else {
        store::replace_user(&st.db, c.org_id, &current, &input).await?;
        store::user(&st.db, current.id).await?.ok_or_else(ScimError::not_found)?
    };
    Ok(resource_response(StatusCode::OK, &users::to_json(&u, &base), u.version, None))
}

async fn put_user(
    State(st): State<AppState>,
    c: ScimClient,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ScimResult {
    let current = load_user(&st, &c, &id).await?;
    check_if_match(&headers, current.version)?;
    let doc = json_body(&headers, &body)?;
    save_user(&st, &c, &headers, current, &doc).await
}

async fn patch_user(
    State(st): State<AppState>,
    c: ScimClient,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ScimResult {
    let current = load_user(&st, &c, &id).await?;
    check_if_match(&headers, current.version)?;
    let ops = patch::parse(&json_body(&headers, &body)?)?;
    let Value::Object(mut doc) = users::to_json(&current, &base(&st, &headers)) else { unreachable!("an object") };
    patch::apply(&mut doc, &ops, &users::SHAPE)?;
    // An emptied extension is no extension.
    if doc.get(ENTERPRISE_SCHEMA).and_then(Value::as_object).is_some_and(|o| o.values().all(Value::is_null)) {
        doc.remove(ENTERPRISE_SCHEMA);
    }
    save_user(&st, &c, &headers, current, &Value::Object(doc)).await
}

async fn delete_user(
    State(st): State<AppState>,
    c: ScimClient,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ScimResult {
    let current = load_user(&st, &c, &id).await?;
    check_if_match(&headers, current.version)?;
    store::delete_user(&st.db, c.org_id, &current).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---- Groups ----

async fn load_group(st: &AppState, c: &ScimClient, id: &str) -> Result<GroupRow, ScimError> {
    let row = store::group(&st.db, parse_id(id)?).await?.ok_or_else(ScimError::not_found)?;
    policy::provision(c.org_id, row.org_id)?;
    Ok(row)
}

async fn group_list(st: &AppState, c: &ScimClient, headers: &HeaderMap, p: ListParams) -> ScimResult {
    let base = base(st, headers);
    let page = store::groups(&st.db, c.org_id, p.filter.as_ref(), p.start, p.count).await?;
    let members = if wants(&groups::SHAPE, "members", &p.attributes, &p.excluded) {
        Some(store::members(&st.db, &page.rows.iter().map(|g| g.id).collect::<Vec<_>>()).await?)
    } else {
        None
    };
    let docs = page
        .rows
        .iter()
        .map(|g| {
            let m = members.as_ref().map(|m| m.get(&g.id).map(Vec::as_slice).unwrap_or(&[]));
            project(groups::to_json(g, m, &base), &groups::SHAPE, &p.attributes, &p.excluded)
        })
        .collect();
    Ok(scim_json(StatusCode::OK, &p.list(page.total, docs)))
}

async fn list_groups(
    State(st): State<AppState>,
    c: ScimClient,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> ScimResult {
    let p = ListParams::from_query(&q)?;
    if let Some(f) = &p.filter {
        store::check_group_filter(f)?;
    }
    group_list(&st, &c, &headers, p).await
}

async fn search_groups(State(st): State<AppState>, c: ScimClient, headers: HeaderMap, body: Bytes) -> ScimResult {
    let p = ListParams::from_search(&headers, &body)?;
    group_list(&st, &c, &headers, p).await
}

async fn members_of(st: &AppState, unit: i64) -> Result<Vec<i64>, ScimError> {
    Ok(store::members(&st.db, &[unit]).await?.remove(&unit).unwrap_or_default())
}

async fn get_group(
    State(st): State<AppState>,
    c: ScimClient,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> ScimResult {
    let g = load_group(&st, &c, &id).await?;
    if not_modified(&headers, g.version) {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    let p = ListParams::from_query(&q)?;
    let members = if wants(&groups::SHAPE, "members", &p.attributes, &p.excluded) {
        Some(members_of(&st, g.id).await?)
    } else {
        None
    };
    let doc = groups::to_json(&g, members.as_deref(), &base(&st, &headers));
    let doc = project(doc, &groups::SHAPE, &p.attributes, &p.excluded);
    Ok(resource_response(StatusCode::OK, &doc, g.version, None))
}

async fn create_group(State(st): State<AppState>, c: ScimClient, headers: HeaderMap, body: Bytes) -> ScimResult {
    let input = groups::from_json(&json_body(&headers, &body)?)?;
    let id = store::create_group(&st.db, c.org_id, &input).await?;
    let g = store::group(&st.db, id).await?.ok_or_else(ScimError::not_found)?;
    let base = base(&st, &headers);
    let doc = groups::to_json(&g, Some(&members_of(&st, id).await?), &base);
    Ok(resource_response(StatusCode::CREATED, &doc, g.version, Some(&format!("{base}/Groups/{id}"))))
}

async fn save_group(
    st: &AppState,
    c: &ScimClient,
    headers: &HeaderMap,
    current: GroupRow,
    members: Vec<i64>,
    doc: &Value,
) -> ScimResult {
    let input = groups::from_json(doc)?;
    let unchanged = input.name == current.name && input.external_id == current.external_id && {
        let mut a = input.members.clone();
        let mut b = members.clone();
        a.sort_unstable();
        b.sort_unstable();
        a == b
    };
    let g = if unchanged {
        current
    } else {
        store::replace_group(&st.db, c.org_id, &current, &members, &input).await?;
        store::group(&st.db, current.id).await?.ok_or_else(ScimError::not_found)?
    };
    let doc = groups::to_json(&g, Some(&members_of(st, g.id).await?), &base(st, headers));
    Ok(resource_response(StatusCode::OK, &doc, g.version, None))
}

async fn put_group(
    State(st): State<AppState>,
    c: ScimClient,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ScimResult {
    let current = load_group(&st, &c, &id).await?;
    check_if_match(&headers, current.version)?;
    let doc = json_body(&headers, &body)?;
    let members = members_of(&st, current.id).await?;
    save_group(&st, &c, &headers, current, members, &doc).await
}

async fn patch_group(
    State(st): State<AppState>,
    c: ScimClient,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ScimResult {
    let current = load_group(&st, &c, &id).await?;
    check_if_match(&headers, current.version)?;
    let ops = patch::parse(&json_body(&headers, &body)?)?;
    let members = members_of(&st, current.id).await?;
    let Value::Object(mut doc) = groups::to_json(&current, Some(&members), &base(&st, &headers)) else {
        unreachable!("an object")
    };
    patch::apply(&mut doc, &ops, &groups::SHAPE)?;
    save_group(&st, &c, &headers, current, members, &Value::Object(doc)).await
}

async fn delete_group(
    State(st): State<AppState>,
    c: ScimClient,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ScimResult {
    let current = load_group(&st, &c, &id).await?;
    check_if_match(&headers, current.version)?;
    store::delete_group(&st.db, c.org_id, &current).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_keep_id_and_the_named_parts_and_excluded_attributes_drop_them() {
        let doc = json!({
            "schemas": ["s"], "id": "1", "userName": "a@x.nl", "title": "t",
            "name": {"givenName": "A", "familyName": "B"},
            ENTERPRISE_SCHEMA: {"employeeNumber": "7"}
        });
        let kept = project(doc.clone(), &users::SHAPE, &["username".into(), "name.familyName".into()], &[]);
        assert_eq!(kept, json!({"schemas": ["s"], "id": "1", "userName": "a@x.nl", "name": {"familyName": "B"}}));
        let ext = format!("{ENTERPRISE_SCHEMA}:employeeNumber");
        let kept = project(doc.clone(), &users::SHAPE, std::slice::from_ref(&ext), &[]);
        assert_eq!(kept[ENTERPRISE_SCHEMA], json!({"employeeNumber": "7"}));
        let dropped = project(doc, &users::SHAPE, &[], &["title".into(), "id".into(), ext]);
        assert!(dropped.get("title").is_none() && dropped.get("id").is_some());
        assert_eq!(dropped[ENTERPRISE_SCHEMA], json!({}));
    }

    #[test]
    fn if_match_accepts_weak_and_strong_tags_and_a_star() {
        let mut h = HeaderMap::new();
        assert!(check_if_match(&h, 3).is_ok());
        for (tag, ok) in
            [("W/\"3\"", true), ("\"3\"", true), ("*", true), ("W/\"2\"", false), ("W/\"2\", W/\"3\"", true)]
        {
            h.insert(header::IF_MATCH, HeaderValue::from_static(tag));
            assert_eq!(check_if_match(&h, 3).is_ok(), ok, "{tag}");
        }
    }
}
