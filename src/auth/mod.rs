//! Who is asking: passwords, browser sessions, API tokens, and the [`Actor`] extractor.
//!
//! Sessions live in the database (`login_sessions`), so any app node can serve any request.
//! The cookie holds a random token; the table holds only its SHA-256. API tokens work the same
//! way and are sent as `Authorization: Bearer …`.

pub mod login_guard;
pub mod throttle;
pub mod tokens;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use askama::Template;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use rand::RngCore;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::db::{Db, now};
use crate::error::{Error, Result};
use crate::policy::Actor;
use crate::web::{AppState, Lang, PageCtx, Submit, render, safe_next};

const SESSION_COOKIE: &str = "hartslag_session";
const SESSION_SECONDS: i64 = 12 * 3600;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", axum::routing::post(logout))
        .route("/lang/{code}", get(switch_language))
        .merge(tokens::routes())
}

pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(anyhow::anyhow!("hashing failed: {e}")))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false)
}

/// A password policy a person can follow: long enough, not trivially repeated.
pub fn check_password_policy(password: &str) -> Result<()> {
    let n = password.chars().count();
    if !(10..=200).contains(&n) {
        return Err(Error::invalid("password-too-short"));
    }
    let first = password.chars().next().unwrap_or(' ');
    if password.chars().all(|c| c == first) {
        return Err(Error::invalid("password-too-short"));
    }
    Ok(())
}

/// A random token, hex-encoded (256 bits).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Equal strings, in time that does not depend on where they differ (`subtle`).
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// Creates a browser session and returns its cookie token.
pub async fn create_session(db: &Db, person_id: i64) -> Result<String> {
    insert_session(db, person_id, None).await
}

/// Creates a browser session that began at the organisation's identity provider; the sealed ID
/// token goes back to the provider at logout.
pub async fn create_sso_session(db: &Db, person_id: i64, id_token_sealed: &str) -> Result<String> {
    insert_session(db, person_id, Some(id_token_sealed)).await
}

async fn insert_session(db: &Db, person_id: i64, id_token_sealed: Option<&str>) -> Result<String> {
    let token = random_token();
    let t = now();
    sqlx::query(
        "INSERT INTO login_sessions (token_hash, person_id, csrf_token, created_at, expires_at, id_token_sealed) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash(&token))
    .bind(person_id)
    .bind(random_token())
    .bind(t)
    .bind(t + SESSION_SECONDS)
    .bind(id_token_sealed)
    .execute(&db.pool)
    .await?;
    Ok(token)
}

/// Creates a read-write API token for a person that lasts the default 90 days; the token is
/// shown once and stored only as a hash. [`tokens::create`] chooses scope and expiry.
pub async fn create_api_token(db: &Db, person_id: i64, name: &str) -> Result<String> {
    tokens::create(db, person_id, name, tokens::Scope::ReadWrite, tokens::DEFAULT_DAYS).await
}

const ACTOR_COLUMNS: &str = "p.id, p.org_id, p.name, p.email, p.is_admin, p.is_adviser, p.is_guest, \
     (SELECT COUNT(*) FROM units u WHERE u.manager_id = p.id) AS managed";

fn actor_from_row(row: &sqlx::any::AnyRow, csrf: Option<String>) -> Result<Actor> {
    use sqlx::Row;
    Ok(Actor {
        id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        is_admin: row.try_get::<crate::db::Flag, _>("is_admin")?.0,
        is_adviser: row.try_get::<crate::db::Flag, _>("is_adviser")?.0,
        is_guest: row.try_get::<crate::db::Flag, _>("is_guest")?.0,
        is_manager: row.try_get::<i64, _>("managed")? > 0,
        csrf,
    })
}

async fn actor_from_session(db: &Db, token: &str) -> Result<Option<Actor>> {
    use sqlx::Row;
    let sql = format!(
        "SELECT {ACTOR_COLUMNS}, s.csrf_token FROM login_sessions s JOIN people p ON p.id = s.person_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND p.active = TRUE"
    );
    let row = sqlx::query(&sql).bind(token_hash(token)).bind(now()).fetch_optional(&db.pool).await?;
    match row {
        Some(r) => {
            let csrf: String = r.try_get("csrf_token")?;
            Ok(Some(actor_from_row(&r, Some(csrf))?))
        }
        None => Ok(None),
    }
}

/// The person behind a bearer token, if the token is known, not revoked and not expired, and
/// the request is within its scope: an expired token is 401 (`token_expired`), a read-only
/// token on anything but `GET` is 403 (`token_read_only`).
async fn actor_from_api_token(db: &Db, token: &str, method: &axum::http::Method) -> Result<Option<Actor>> {
    use sqlx::Row;
    let sql = format!(
        "SELECT {ACTOR_COLUMNS}, t.scope, t.expires_at FROM api_tokens t JOIN people p ON p.id = t.person_id \
         WHERE t.token_hash = $1 AND t.revoked = FALSE AND p.active = TRUE"
    );
    let Some(row) = sqlx::query(&sql).bind(token_hash(token)).fetch_optional(&db.pool).await? else {
        return Ok(None);
    };
    if row.try_get::<i64, _>("expires_at")? <= now() {
        return Err(Error::TokenExpired);
    }
    let scope = tokens::Scope::parse(&row.try_get::<String, _>("scope")?).unwrap_or(tokens::Scope::Read);
    if !scope.allows(method) {
        return Err(Error::TokenReadOnly);
    }
    actor_from_row(&row, None).map(Some)
}

/// A person as an actor (for figures about them, not for signing in).
pub async fn actor_by_id(db: &Db, org_id: i64, id: i64) -> Result<Option<Actor>> {
    let sql = format!("SELECT {ACTOR_COLUMNS} FROM people p WHERE p.id = $1 AND p.org_id = $2");
    let row = sqlx::query(&sql).bind(id).bind(org_id).fetch_optional(&db.pool).await?;
    row.map(|r| actor_from_row(&r, None)).transpose()
}

/// The token of an `Authorization: Bearer …` header (the scheme is case-insensitive, RFC 6750).
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

/// The signed-in person. Under `/api` only a bearer token counts (no cookies, so no CSRF);
/// elsewhere only the session cookie.
impl FromRequestParts<AppState> for Actor {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        if let Some(actor) = parts.extensions.get::<Actor>() {
            return Ok(actor.clone());
        }
        let actor = if parts.uri.path().starts_with("/api/") {
            match bearer(&parts.headers) {
                Some(token) => actor_from_api_token(&state.db, token, &parts.method).await?,
                None => None,
            }
        } else {
            match crate::web::cookie(&parts.headers, SESSION_COOKIE) {
                Some(token) => actor_from_session(&state.db, &token).await?,
                None => None,
            }
        };
        let actor = actor.ok_or(Error::Unauthenticated)?;
        parts.extensions.insert(actor.clone());
        Ok(actor)
    }
}

/// The signed-in person if there is one.
pub struct MaybeActor(pub Option<Actor>);

impl FromRequestParts<AppState> for MaybeActor {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        match Actor::from_request_parts(parts, state).await {
            Ok(a) => Ok(MaybeActor(Some(a))),
            Err(Error::Unauthenticated) => Ok(MaybeActor(None)),
            Err(e) => Err(e),
        }
    }
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "auth/templates/login.html")]
struct LoginPage {
    ctx: PageCtx,
    next: String,
    email: String,
    error: Option<String>,
    /// Organisations whose people sign in at their own identity provider.
    sso: Vec<crate::sso::store::Button>,
    /// The form's token against login CSRF (see [`login_guard`]), also in a cookie.
    login_csrf: String,
}

/// The login page with a fresh form token, in its cookie too.
async fn login_response(
    st: &AppState,
    lang: Lang,
    next: String,
    email: String,
    error: Option<String>,
    status: axum::http::StatusCode,
) -> Result<Response> {
    let token = login_guard::issue(st.secret(), now());
    let sso = crate::sso::store::buttons(&st.db).await?;
    let page = LoginPage { ctx: PageCtx::anonymous(lang), next, email, error, sso, login_csrf: token.clone() };
    let mut resp = render(&page)?.into_response();
    *resp.status_mut() = status;
    crate::web::add_cookie(&mut resp, login_guard::cookie(&token, st.config.secure_cookies));
    // The token belongs to this one rendering.
    resp.headers_mut().insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(resp)
}

async fn login_page(
    State(st): State<AppState>,
    lang: Lang,
    MaybeActor(actor): MaybeActor,
    Query(q): Query<NextQuery>,
) -> Result<Response> {
    let next = safe_next(q.next.as_deref());
    if actor.is_some() {
        return Ok(crate::web::see_other(next));
    }
    login_response(&st, lang, next, String::new(), None, axum::http::StatusCode::OK).await
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
    #[serde(default)]
    login_csrf: String,
}

fn session_cookie(token: &str, max_age: i64, secure: bool) -> cookie::Cookie<'static> {
    crate::web::new_cookie(SESSION_COOKIE, token, "/", max_age, secure)
}

/// Signs in. A wrong e-mail and a wrong password get the same answer, and a new session
/// token is issued at every sign-in (no session fixation). A post that did not come from our
/// own login page (see [`login_guard`]) is refused before anything is looked up or counted.
async fn login(
    State(st): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response> {
    use axum::http::StatusCode;
    use sqlx::Row;
    let next = safe_next(f.next.as_deref());
    let email = f.email.trim().to_lowercase();
    let t = now();
    let cookie = crate::web::cookie(&headers, login_guard::COOKIE);
    if login_guard::cross_site(&headers, st.config.public_url.as_deref())
        || !login_guard::token_matches(st.secret(), cookie.as_deref(), &f.login_csrf, t)
    {
        tracing::info!("login refused: not posted from our login page");
        let error = Some(lang.t("login-refused"));
        return login_response(&st, lang, next, f.email.trim().to_string(), error, StatusCode::FORBIDDEN).await;
    }
    if let Some(wait) = throttle::closed_for(&st.db, &email, t).await? {
        let minutes = (wait + 59) / 60;
        let error = Some(lang.ta("login-throttled", &[("minutes", minutes.to_string())]));
        let status = StatusCode::TOO_MANY_REQUESTS;
        let mut resp = login_response(&st, lang, next, f.email.trim().to_string(), error, status).await?;
        resp.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(wait));
        return Ok(resp);
    }
    let row = sqlx::query("SELECT id, password_hash FROM people WHERE email = $1 AND active = TRUE")
        .bind(&email)
        .fetch_optional(&st.db.pool)
        .await?;
    let person = match row {
        Some(r) => {
            let hash: Option<String> = r.try_get("password_hash")?;
            let id: i64 = r.try_get("id")?;
            hash.filter(|h| verify_password(&f.password, h)).map(|_| id)
        }
        None => {
            // Spend the same time as a real check, so timing does not tell who has an account.
            let _ = verify_password(&f.password, DUMMY_HASH);
            None
        }
    };
    let Some(person_id) = person else {
        // An empty address cannot belong to an account: nothing to guess, nothing to count.
        if !email.is_empty() {
            throttle::failed(&st.db, &email, t).await?;
        }
        let error = Some(lang.t("login-failed"));
        return login_response(&st, lang, next, f.email.trim().to_string(), error, StatusCode::UNAUTHORIZED).await;
    };
    throttle::succeeded(&st.db, &email).await?;
    let token = create_session(&st.db, person_id).await?;
    let mut resp = crate::web::see_other(next);
    set_session_cookie(&mut resp, &token, st.config.secure_cookies);
    crate::web::add_cookie(&mut resp, login_guard::clear_cookie(st.config.secure_cookies));
    Ok(resp)
}

/// Gives the browser its new session.
pub fn set_session_cookie(resp: &mut Response, token: &str, secure: bool) {
    crate::web::add_cookie(resp, session_cookie(token, SESSION_SECONDS, secure));
}

const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYg";

/// Ends the session. One that began at the identity provider goes on to end there too, when
/// the provider publishes where.
async fn logout(
    State(st): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    _form: Submit<std::collections::HashMap<String, String>>,
) -> Result<Response> {
    use sqlx::Row;
    let mut ended = None;
    if let Some(token) = crate::web::cookie(&headers, SESSION_COOKIE) {
        ended = sqlx::query("DELETE FROM login_sessions WHERE token_hash = $1 RETURNING person_id, id_token_sealed")
            .bind(token_hash(&token))
            .fetch_optional(&st.db.pool)
            .await?;
    }
    let at_provider = match ended {
        Some(row) => match row.try_get::<Option<String>, _>("id_token_sealed")? {
            Some(sealed) => crate::sso::leaving(&st, lang, row.try_get("person_id")?, &sealed).await?,
            None => None,
        },
        None => None,
    };
    let mut resp = at_provider.unwrap_or_else(|| crate::web::see_other("/login"));
    crate::web::add_cookie(&mut resp, session_cookie("", 0, st.config.secure_cookies));
    Ok(resp)
}

/// `/lang/en?next=/circles`: remembers the language in a cookie and goes back.
/// Without `next`, it returns to the page the link was on (the `Referer`'s path).
async fn switch_language(
    State(st): State<AppState>,
    MaybeActor(actor): MaybeActor,
    axum::extract::Path(code): axum::extract::Path<String>,
    Query(q): Query<NextQuery>,
    headers: HeaderMap,
) -> Result<Response> {
    let lang = Lang::parse(&code).ok_or(Error::NotFound)?;
    if let Some(actor) = &actor {
        // Mail follows the language the person chose last.
        crate::mail::set_language(&st.db, actor.id, lang).await?;
    }
    let referer_path = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()));
    let back = q.next.or(referer_path);
    let mut resp = crate::web::see_other(safe_next(back.as_deref()));
    // Not HttpOnly: it holds nothing secret, and the choice is the reader's own.
    let mut cookie = crate::web::new_cookie("lang", lang.code(), "/", 365 * 24 * 3600, false);
    cookie.set_http_only(false);
    crate::web::add_cookie(&mut resp, cookie);
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_hash_verifies_only_the_right_password() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong horse battery", &h));
        assert!(!verify_password("anything", DUMMY_HASH));
    }

    #[test]
    fn the_password_policy_rejects_short_and_repeated_passwords() {
        assert!(check_password_policy("short").is_err());
        assert!(check_password_policy("aaaaaaaaaaaa").is_err());
        assert!(check_password_policy("lang genoeg wachtwoord").is_ok());
    }
}
