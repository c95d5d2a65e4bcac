//! "Mijn gegevens" (readable and JSON), and erasure by an administrator.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::Value;

use super::store;
use crate::error::{Error, Result};
use crate::policy::{self, Actor};
use crate::web::{AppState, Lang, PageCtx, Submit, render, see_other};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/data", get(page))
        .route("/me/data.json", get(download))
        .route("/admin/people/{id}/erase", post(erase))
}

struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

#[derive(Template)]
#[template(path = "rights/templates/data.html")]
struct DataPage {
    ctx: PageCtx,
    sections: Vec<Section>,
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn sections(data: &Value, lang: Lang) -> Vec<Section> {
    let mut out = Vec::new();
    let Some(obj) = data.as_object() else { return out };
    for (key, value) in obj {
        let title = lang.t(&format!("data-{}", key.replace('_', "-")));
        let rows: Vec<&serde_json::Map<String, Value>> = match value {
            Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
            Value::Object(o) => vec![o],
            _ => continue,
        };
        let headers: Vec<String> = match rows.first() {
            Some(r) => r.keys().cloned().collect(),
            None => Vec::new(),
        };
        let rows = rows.iter().map(|r| headers.iter().map(|h| cell(&r[h])).collect()).collect();
        out.push(Section { title, headers, rows });
    }
    out
}

async fn page(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    let data = store::export(&st.db, actor.id).await?;
    Ok(render(&DataPage { ctx: PageCtx::new(&actor, lang), sections: sections(&data, lang) })?.into_response())
}

async fn download(State(st): State<AppState>, actor: Actor) -> Result<Response> {
    let data = store::export_for_download(&st.db, &actor).await?;
    let body = serde_json::to_string_pretty(&data).map_err(|e| Error::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"hartslag-mijn-gegevens.json\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize)]
struct EraseForm {
    confirm: Option<String>,
}

async fn erase(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<EraseForm>) -> Result<Response> {
    let actor = form.actor;
    policy::administer(&actor, actor.org_id)?;
    crate::orgs::person(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)?;
    if id == actor.id {
        return Err(Error::invalid("admin-keep-own-role"));
    }
    if form.data.confirm.is_none() {
        return Err(Error::invalid("erase-confirm"));
    }
    store::erase(&st.db, (&actor).into(), id, &Lang::Nl.t("former-member")).await?;
    Ok(see_other(format!("/admin/people/{id}")))
}
