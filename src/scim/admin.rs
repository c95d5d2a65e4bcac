//! The administrator's SCIM page: the service's address, the organisation's tokens (name,
//! created, last used, revoked), making one (shown once) and revoking one.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::store::{self, Token};
use crate::error::Result;
use crate::policy::{self, Actor};
use crate::web::{AppState, Lang, PageCtx, Submit, render, see_other};

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/scim", get(page).post(create)).route("/admin/scim/{id}/revoke", post(revoke))
}

#[derive(Template)]
#[template(path = "scim/templates/admin.html")]
struct AdminPage {
    ctx: PageCtx,
    endpoint: String,
    tokens: Vec<Token>,
    /// A token just made: shown this once.
    created: Option<String>,
}

impl AdminPage {
    fn date(&self, ts: &i64) -> String {
        crate::cycles::format_date(*ts, self.ctx.lang)
    }
}

async fn render_page(
    st: &AppState,
    actor: &Actor,
    lang: Lang,
    headers: &HeaderMap,
    created: Option<String>,
) -> Result<Response> {
    let page = AdminPage {
        ctx: PageCtx::new(actor, lang),
        endpoint: super::base_url(headers, st.config.secure_cookies),
        tokens: store::tokens(&st.db, actor.org_id).await?,
        created,
    };
    Ok(render(&page)?.into_response())
}

async fn page(State(st): State<AppState>, actor: Actor, lang: Lang, headers: HeaderMap) -> Result<Response> {
    policy::administer(&actor, actor.org_id)?;
    render_page(&st, &actor, lang, &headers, None).await
}

#[derive(Deserialize)]
struct NewToken {
    #[serde(default)]
    name: String,
}

/// Makes a token and shows it on the page it answers with: it is never shown again.
async fn create(
    State(st): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    form: Submit<NewToken>,
) -> Result<Response> {
    let actor = form.actor;
    policy::administer(&actor, actor.org_id)?;
    let token = store::create_token(&st.db, (&actor).into(), &form.data.name).await?;
    let mut resp = render_page(&st, &actor, lang, &headers, Some(token)).await?;
    // The token is in this page only: no cache keeps it.
    resp.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(resp)
}

async fn revoke(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    form: Submit<std::collections::HashMap<String, String>>,
) -> Result<Response> {
    let actor = form.actor;
    policy::administer(&actor, actor.org_id)?;
    store::revoke_token(&st.db, (&actor).into(), id).await?;
    Ok(see_other("/admin/scim"))
}
