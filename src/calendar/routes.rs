//! The feed, the per-cycle download, and "Agenda en e-mail": the page where a person finds their
//! feed's address, makes a new one, and chooses whether the weekly digest comes.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::policy::{self, Actor};
use crate::web::{AppState, Lang, PageCtx, Submit, render, see_other};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/calendar/{file}", get(feed))
        .route("/cycles/{id}/calendar.ics", get(cycle_download))
        .route("/me/connections", get(page))
        .route("/me/connections/calendar", post(rotate))
        .route("/me/connections/mail", post(save_mail))
}

/// Where links in feeds point: the configured public address, else the request's host.
fn base_url(st: &AppState, headers: &HeaderMap) -> String {
    if let Some(u) = &st.config.public_url {
        return u.trim_end_matches('/').to_string();
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let host: String = host.chars().filter(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(*c)).collect();
    format!("http://{host}")
}

fn host_of(base: &str) -> String {
    base.split_once("://").map_or(base, |(_, rest)| rest).split(['/', ':']).next().unwrap_or("hartslag").to_string()
}

fn calendar_response(text: String, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        text,
    )
        .into_response()
}

/// `/calendar/<token>.ics`: no session, the token is the key. An unknown token is a plain 404.
async fn feed(State(st): State<AppState>, headers: HeaderMap, Path(file): Path<String>) -> Result<Response> {
    let token = file.strip_suffix(".ics").ok_or(Error::NotFound)?;
    let (person, _org, lang) = super::feed_owner(&st.db, token).await?.ok_or(Error::NotFound)?;
    let entries = super::person_entries(&st.db, person).await?;
    let base = base_url(&st, &headers);
    let text = super::ics(&lang.t("calendar-name"), &entries, &base, &host_of(&base), lang);
    Ok(calendar_response(text, "hartslag.ics"))
}

async fn cycle_download(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response> {
    let cycle = crate::cycles::store::cycle(&st.db, id).await?;
    let (circle, facts) = crate::circles::store::with_facts(&st.db, &actor, cycle.circle_id).await?;
    policy::circle_content(&actor, &facts)?;
    let entries = super::cycle_entries(&st.db, id).await?;
    let base = base_url(&st, &headers);
    let name = format!("{} · {}", circle.name, crate::cycles::format_week(&cycle.week_start, lang));
    let text = super::ics(&name, &entries, &base, &host_of(&base), lang);
    Ok(calendar_response(text, &format!("hartslag-cycle-{id}.ics")))
}

#[derive(Template)]
#[template(path = "calendar/templates/connections.html")]
struct ConnectionsPage {
    ctx: PageCtx,
    feed_url: String,
    webcal_url: String,
    digest: bool,
    mail_on: bool,
    saved: bool,
    /// The learning-records consent, when the organisation exports them.
    xapi: Option<crate::xapi::Consent>,
}

#[derive(Deserialize, Default)]
struct SavedQuery {
    saved: Option<String>,
}

async fn page(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> Result<Response> {
    let token = super::feed_token(&st.db, st.secret(), actor.id).await?;
    let feed_url = format!("{}/calendar/{token}.ics", base_url(&st, &headers));
    let webcal_url = feed_url.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
    let page = ConnectionsPage {
        ctx: PageCtx::new(&actor, lang),
        feed_url,
        webcal_url,
        digest: crate::mail::digest_on(&st.db, actor.id).await?,
        mail_on: st.config.mail,
        saved: q.saved.is_some(),
        xapi: crate::xapi::consent_section(&st, &actor).await?,
    };
    Ok(render(&page)?.into_response())
}

type NoFields = std::collections::HashMap<String, String>;

async fn rotate(State(st): State<AppState>, form: Submit<NoFields>) -> Result<Response> {
    super::rotate(&st.db, st.secret(), form.actor.id).await?;
    Ok(see_other("/me/connections?saved=1#calendar"))
}

#[derive(Deserialize)]
struct MailForm {
    digest: Option<String>,
}

async fn save_mail(State(st): State<AppState>, form: Submit<MailForm>) -> Result<Response> {
    crate::mail::set_digest(&st.db, form.actor.id, form.data.digest.is_some()).await?;
    Ok(see_other("/me/connections?saved=1#mail"))
}
