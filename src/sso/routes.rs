//! Signing in at the provider and coming back, and the administrator's settings page.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::store::{self, Provider};
use super::{CALLBACK_PATH, Discovered, Failed};
use crate::error::{Error, Result};
use crate::policy::{self, Actor};
use crate::web::{AppState, Lang, PageCtx, Submit, render, safe_next, see_other};

/// Holds the `state` of the login under way, so that only the browser that started a login can
/// finish it (no login forced on someone else's browser).
const STATE_COOKIE: &str = "hartslag_sso_state";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/sso/callback", get(callback))
        .route("/auth/sso/{org}", get(start))
        .route("/admin/sso", get(admin_page).post(admin_save))
        .route("/admin/sso/test", post(admin_test))
}

fn state_cookie(value: &str, max_age: i64, secure: bool) -> cookie::Cookie<'static> {
    crate::web::new_cookie(STATE_COOKIE, value, "/auth/sso", max_age, secure)
}

#[derive(Template)]
#[template(path = "sso/templates/refused.html")]
struct RefusedPage {
    ctx: PageCtx,
    message: String,
}

/// A login that did not work: a page that says why, in the person's language, and no session.
/// (Never 400: the error layer answers a bare 400 with its own generic page.)
fn refused(st: &AppState, lang: Lang, status: StatusCode, message: String) -> Result<Response> {
    let mut resp = render(&RefusedPage { ctx: PageCtx::anonymous(lang), message })?.into_response();
    *resp.status_mut() = status;
    clear_state(st, &mut resp);
    Ok(resp)
}

fn clear_state(st: &AppState, resp: &mut Response) {
    crate::web::add_cookie(resp, state_cookie("", 0, st.config.secure_cookies));
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// `/auth/sso/{org}`: off to the organisation's provider.
async fn start(
    State(st): State<AppState>,
    lang: Lang,
    Path(slug): Path<String>,
    Query(q): Query<NextQuery>,
) -> Result<Response> {
    let p = store::enabled_provider_by_slug(&st.db, &slug).await?.ok_or(Error::NotFound)?;
    let next = safe_next(q.next.as_deref());
    match super::begin(&st, &p, &next, lang).await? {
        Ok((url, state)) => {
            let mut resp = see_other(url);
            crate::web::add_cookie(&mut resp, state_cookie(&state, store::PENDING_SECONDS, st.config.secure_cookies));
            Ok(resp)
        }
        Err(problem) => {
            tracing::warn!(org_id = p.org_id, detail = %problem.detail, "single sign-on could not start");
            refused(&st, lang, StatusCode::BAD_GATEWAY, lang.t(problem.key))
        }
    }
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    /// RFC 9207: the provider names itself, against mix-ups between providers.
    iss: Option<String>,
}

/// `/auth/sso/callback`: the provider sends the browser back with a code (or an error).
async fn callback(
    State(st): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Result<Response> {
    let state = q.state.unwrap_or_default();
    let bound = crate::web::cookie(&headers, STATE_COOKIE)
        .is_some_and(|c| !state.is_empty() && crate::auth::constant_time_eq(&c, &state));
    let pending = if bound { store::take(&st.db, st.secret(), &state).await? } else { None };
    let Some(pending) = pending else {
        // The browser's own login under way (if any) stays usable: a forged callback cannot end it.
        let mut resp = render(&RefusedPage { ctx: PageCtx::anonymous(lang), message: lang.t("sso-state-invalid") })?
            .into_response();
        *resp.status_mut() = StatusCode::FORBIDDEN;
        return Ok(resp);
    };
    if let Some(error) = q.error {
        // Only the error code, never the provider's free text, and only characters it may hold.
        let code: String = error.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(64).collect();
        let message = lang.ta("sso-provider-refused", &[("error", code)]);
        return refused(&st, lang, StatusCode::FORBIDDEN, message);
    }
    let Some(code) = q.code.filter(|c| !c.is_empty()) else {
        return refused(&st, lang, StatusCode::FORBIDDEN, lang.t("sso-state-invalid"));
    };
    let p = store::provider(&st.db, pending.org_id).await?;
    if !p.enabled {
        return refused(&st, lang, StatusCode::FORBIDDEN, lang.t("sso-not-enabled"));
    }
    if q.iss.as_deref().is_some_and(|iss| iss != p.issuer) {
        return refused(&st, lang, StatusCode::FORBIDDEN, lang.t("sso-token-invalid"));
    }
    let finished = match super::finish(&st, &p, &pending, &code).await {
        Ok(f) => f,
        Err(Failed::Provider(problem)) => {
            tracing::warn!(org_id = p.org_id, detail = %problem.detail, "single sign-on callback failed");
            return refused(&st, lang, StatusCode::BAD_GATEWAY, lang.t(problem.key));
        }
        Err(Failed::Internal(e)) => return Err(e),
    };
    let person_id = match store::person_for(&st.db, &p, &finished.identity).await? {
        Ok(id) => id,
        Err(refusal) => {
            tracing::info!(org_id = p.org_id, ?refusal, "single sign-on refused");
            return refused(&st, lang, StatusCode::FORBIDDEN, lang.t(refusal.key()));
        }
    };
    let sealed = crate::ai::settings::seal(st.secret(), &finished.id_token)?;
    let token = crate::auth::create_sso_session(&st.db, person_id, &sealed).await?;
    let mut resp = see_other(&pending.next);
    crate::auth::set_session_cookie(&mut resp, &token, st.config.secure_cookies);
    clear_state(&st, &mut resp);
    Ok(resp)
}

#[derive(Template)]
#[template(path = "sso/templates/leaving.html")]
struct LeavingPage {
    lang: Lang,
    url: String,
    label: String,
}

impl LeavingPage {
    fn with_label(&self, key: &str) -> String {
        self.lang.ta(key, &[("label", self.label.clone())])
    }
}

/// After logout of a session that began at the provider: on to the provider's end-session
/// endpoint. A page rather than a redirect, because the strict CSP (`form-action 'self'`) stops
/// a form post from being redirected to another site; it moves on by itself and by its link.
pub async fn leaving(st: &AppState, lang: Lang, person_id: i64, id_token_sealed: &str) -> Result<Option<Response>> {
    let Some((url, label)) = super::end_session_url(st, person_id, id_token_sealed).await else { return Ok(None) };
    Ok(Some(render(&LeavingPage { lang, url, label })?.into_response()))
}

#[derive(Template)]
#[template(path = "sso/templates/admin.html")]
struct AdminPage {
    ctx: PageCtx,
    p: Provider,
    /// Where the provider sends people back to, and after logout; `None` without a public URL.
    redirect_uri: Option<String>,
    logout_uri: Option<String>,
    /// The discovery check ran: what the issuer publishes, or the message and detail.
    checked: bool,
    found: Option<Discovered>,
    problem: Option<(String, String)>,
}

impl AdminPage {
    fn new(st: &AppState, ctx: PageCtx, p: Provider) -> AdminPage {
        let base = st.config.public_url.as_deref().map(|u| u.trim_end_matches('/').to_string());
        AdminPage {
            ctx,
            p,
            redirect_uri: base.as_ref().map(|b| format!("{b}{CALLBACK_PATH}")),
            logout_uri: base.map(|b| format!("{b}/login")),
            checked: false,
            found: None,
            problem: None,
        }
    }
    fn matches_by(&self, code: &str) -> bool {
        self.p.match_claim.code() == code
    }
}

async fn admin_page(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    policy::administer(&actor, actor.org_id)?;
    let p = store::provider(&st.db, actor.org_id).await?;
    Ok(render(&AdminPage::new(&st, PageCtx::new(&actor, lang), p))?.into_response())
}

#[derive(Deserialize, Default)]
struct AdminForm {
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    client_secret: String,
    clear_secret: Option<String>,
    #[serde(default)]
    scopes: String,
    #[serde(default)]
    match_claim: String,
    #[serde(default)]
    groups_claim: String,
    #[serde(default)]
    admin_group: String,
    #[serde(default)]
    adviser_group: String,
    create_people: Option<String>,
    enabled: Option<String>,
    #[serde(default)]
    label: String,
}

impl AdminForm {
    fn change(&self) -> store::Change {
        store::Change {
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            clear_secret: self.clear_secret.is_some(),
            scopes: self.scopes.clone(),
            match_claim: self.match_claim.clone(),
            groups_claim: self.groups_claim.clone(),
            admin_group: self.admin_group.clone(),
            adviser_group: self.adviser_group.clone(),
            create_people: self.create_people.is_some(),
            enabled: self.enabled.is_some(),
            label: self.label.clone(),
        }
    }
}

async fn admin_save(State(st): State<AppState>, form: Submit<AdminForm>) -> Result<Response> {
    let actor = form.actor;
    policy::administer(&actor, actor.org_id)?;
    let change = form.data.change();
    store::save(&st.db, (&actor).into(), st.secret(), st.config.public_url.is_some(), &change).await?;
    Ok(see_other("/admin/sso"))
}

/// "Test discovery": asks the issuer typed in the form what it publishes, without saving.
async fn admin_test(State(st): State<AppState>, lang: Lang, form: Submit<AdminForm>) -> Result<Response> {
    let actor = form.actor;
    policy::administer(&actor, actor.org_id)?;
    let current = store::provider(&st.db, actor.org_id).await?;
    let change = store::Change { enabled: false, ..form.data.change() };
    let mut shown = store::checked(&current, &change, st.secret(), true)?;
    shown.enabled = form.data.enabled.is_some();
    // A secret typed here is not stored by a test: the page says what is stored.
    shown.client_secret_sealed = current.client_secret_sealed;
    if shown.issuer.is_empty() {
        return Err(Error::invalid("sso-issuer-invalid"));
    }
    let check = super::check_discovery(&shown.issuer).await;
    let mut page = AdminPage::new(&st, PageCtx::new(&actor, lang), shown);
    page.checked = true;
    match check {
        Ok(d) => page.found = Some(d),
        Err(p) => page.problem = Some((lang.t(p.key), p.detail)),
    }
    Ok(render(&page)?.into_response())
}
