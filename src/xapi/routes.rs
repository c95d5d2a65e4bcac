//! `/admin/xapi` (the organisation's LRS), the consent form on "Agenda en e-mail", and the
//! metadata documents our own verb and activity-type IRIs resolve to.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use crate::error::{Error, Result};
use crate::policy::{self, Actor};
use crate::web::{AppState, Lang, PageCtx, Submit, render, see_other};

use super::{Change, Check, Overview, Settings};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/xapi", get(admin_page).post(admin_save))
        .route("/admin/xapi/test", post(admin_test))
        .route("/me/connections/xapi", post(save_consent))
        .route("/xapi/verbs/{name}", get(verb))
        .route("/xapi/activity-types/{name}", get(activity_type))
}

#[derive(Template)]
#[template(path = "xapi/templates/admin.html")]
struct AdminPage {
    ctx: PageCtx,
    s: Settings,
    public_url: bool,
    overview: Overview,
    saved: bool,
    /// The connection test ran: what the LRS said, or the problem.
    checked: Option<Result<Check, String>>,
}

impl AdminPage {
    fn when(&self, t: &i64) -> String {
        chrono::DateTime::from_timestamp(*t, 0)
            .map(|d| d.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    }
}

#[derive(Deserialize, Default)]
struct SavedQuery {
    saved: Option<String>,
}

async fn admin_page(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> Result<Response> {
    policy::administer(&actor, actor.org_id)?;
    let page = AdminPage {
        ctx: PageCtx::new(&actor, lang),
        s: super::settings(&st.db, actor.org_id).await?,
        public_url: st.config.public_url.is_some(),
        overview: super::overview(&st.db, actor.org_id).await?,
        saved: q.saved.is_some(),
        checked: None,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AdminForm {
    enabled: Option<String>,
    endpoint: String,
    username: String,
    password: String,
    clear_password: Option<String>,
}

async fn admin_save(State(st): State<AppState>, form: Submit<AdminForm>) -> Result<Response> {
    let actor = form.actor;
    policy::administer(&actor, actor.org_id)?;
    let f = form.data;
    let change = Change {
        enabled: f.enabled.is_some(),
        endpoint: f.endpoint,
        username: f.username,
        password: f.password,
        clear_password: f.clear_password.is_some(),
    };
    super::save(&st.db, &actor, st.secret(), st.config.public_url.is_some(), &change).await?;
    Ok(see_other("/admin/xapi?saved=1"))
}

type NoFields = std::collections::HashMap<String, String>;

/// "Test the connection": the stored address and credentials against the LRS, nothing sent.
async fn admin_test(State(st): State<AppState>, lang: Lang, form: Submit<NoFields>) -> Result<Response> {
    let actor = form.actor;
    policy::administer(&actor, actor.org_id)?;
    let s = super::settings(&st.db, actor.org_id).await?;
    if s.endpoint.is_empty() {
        return Err(Error::invalid("xapi-endpoint-missing"));
    }
    let checked = super::check(&s, st.secret()).await;
    let page = AdminPage {
        ctx: PageCtx::new(&actor, lang),
        s,
        public_url: st.config.public_url.is_some(),
        overview: super::overview(&st.db, actor.org_id).await?,
        saved: false,
        checked: Some(checked),
    };
    Ok(render(&page)?.into_response())
}

/// The consent section of "Agenda en e-mail", when the organisation exports.
#[derive(Clone, Debug)]
pub struct Consent {
    pub on: bool,
    pub since: String,
    /// The LRS's host: who receives the records.
    pub receiver: String,
    pub mine: super::Mine,
}

pub async fn consent_section(st: &AppState, actor: &Actor) -> Result<Option<Consent>> {
    let s = super::settings(&st.db, actor.org_id).await?;
    let since = super::consent(&st.db, actor.id).await?;
    // Shown while the organisation exports, and to anyone who still has a yes standing.
    if !(s.enabled || since.is_some()) {
        return Ok(None);
    }
    let receiver =
        reqwest::Url::parse(&s.endpoint).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
    let since = since
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|d| d.with_timezone(&chrono::Local).format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    Ok(Some(Consent { on: !since.is_empty(), since, receiver, mine: super::mine(&st.db, actor.id).await? }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ConsentForm {
    consent: Option<String>,
}

async fn save_consent(State(st): State<AppState>, form: Submit<ConsentForm>) -> Result<Response> {
    let on = form.data.consent.is_some();
    if on && !super::settings(&st.db, form.actor.org_id).await?.enabled {
        return Err(Error::invalid("xapi-not-enabled"));
    }
    super::set_consent(&st.db, form.actor.id, on).await?;
    Ok(see_other("/me/connections?saved=1#xapi"))
}

fn metadata(name: (&str, &str), description: (&str, &str)) -> Response {
    let body = json!({
        "name": { "nl-NL": name.0, "en-US": name.1 },
        "description": { "nl-NL": description.0, "en-US": description.1 },
    });
    ([(header::CACHE_CONTROL, "public, max-age=86400")], axum::Json(body)).into_response()
}

/// What `<public url>/xapi/verbs/contributed` means, for whoever reads the statements.
async fn verb(Path(name): Path<String>) -> Result<Response> {
    match name.as_str() {
        "contributed" => Ok(metadata(
            ("droeg bij aan", "contributed to"),
            (
                "De persoon stemde over of schreef mee aan een verbetervoorstel dat de Prof-cirkel valideerde en aan een beslisser voorlegde. Hoe de persoon stemde, staat er niet in.",
                "The person voted on or helped write an improvement proposal that the Prof-cirkel validated and put before a decider. How the person voted is not included.",
            ),
        )),
        _ => Err(Error::NotFound),
    }
}

async fn activity_type(Path(name): Path<String>) -> Result<Response> {
    match name.as_str() {
        "improvement-proposal" => Ok(metadata(
            ("verbetervoorstel", "improvement proposal"),
            (
                "Een voorstel om het werk te verbeteren, uitgewerkt en gevalideerd door een Prof-cirkel.",
                "A proposal to improve the work, drafted and validated by a Prof-cirkel.",
            ),
        )),
        "circle" => Ok(metadata(
            ("Prof-cirkel", "Prof-cirkel"),
            (
                "Een kleine, zelfgekozen groep professionals die wekelijks leert van echte werksituaties.",
                "A small self-chosen group of professionals who learn weekly from real work situations.",
            ),
        )),
        _ => Err(Error::NotFound),
    }
}
