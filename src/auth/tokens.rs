//! API tokens: each person's own, with a scope (read only, or read and write) and an expiry
//! (90 days unless chosen otherwise, at most a year). The page `/me/tokens` makes, lists and
//! revokes them; `hartslag admin create-token` makes one at the console. A token acts as its
//! person, through the same policy, so it never reaches more than its person could.
//!
//! Only the SHA-256 of a token is stored; the token is shown once.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use sqlx::Row;

use crate::db::{Db, Flag, now};
use crate::error::{Error, Result};
use crate::policy::Actor;
use crate::web::{AppState, Lang, PageCtx, Submit, render, see_other};

/// What a token may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// `GET` (and `HEAD`) only; anything else is 403.
    Read,
    ReadWrite,
}

impl Scope {
    pub fn code(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::ReadWrite => "read_write",
        }
    }
    pub fn parse(s: &str) -> Option<Scope> {
        match s.trim() {
            "read" => Some(Scope::Read),
            "read_write" => Some(Scope::ReadWrite),
            _ => None,
        }
    }
    /// Whether a request with this method is within the scope.
    pub fn allows(self, method: &axum::http::Method) -> bool {
        self == Scope::ReadWrite || *method == axum::http::Method::GET || *method == axum::http::Method::HEAD
    }
}

/// A new token lasts this many days unless its maker chooses otherwise.
pub const DEFAULT_DAYS: i64 = 90;
/// And never longer than this.
pub const MAX_DAYS: i64 = 365;
/// The choices the page offers.
pub const DAY_CHOICES: [i64; 5] = [7, 30, 90, 180, 365];

const DAY: i64 = 86_400;

/// Creates an API token for a person; it is returned once and stored only as a hash.
pub async fn create(db: &Db, person_id: i64, name: &str, scope: Scope, days: i64) -> Result<String> {
    let name = crate::web::required(name, 80, "api-token-name-required")?;
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(Error::Invalid(crate::error::Msg::new("api-token-days").arg("max", MAX_DAYS)));
    }
    let token = format!("hs_{}", super::random_token());
    let t = now();
    sqlx::query(
        "INSERT INTO api_tokens (person_id, name, token_hash, created_at, scope, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(person_id)
    .bind(name)
    .bind(super::token_hash(&token))
    .bind(t)
    .bind(scope.code())
    .bind(t + days * DAY)
    .execute(&db.pool)
    .await?;
    Ok(token)
}

pub struct Token {
    pub id: i64,
    pub name: String,
    pub scope: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked: bool,
}

impl Token {
    pub fn expired(&self, at: i64) -> bool {
        self.expires_at <= at
    }
}

/// A person's tokens, live ones first.
pub async fn of_person(db: &Db, person_id: i64) -> Result<Vec<Token>> {
    let rows = sqlx::query(
        "SELECT id, name, scope, created_at, expires_at, revoked FROM api_tokens WHERE person_id = $1 \
         ORDER BY revoked, expires_at DESC, id DESC",
    )
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Token {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                scope: r.try_get("scope")?,
                created_at: r.try_get("created_at")?,
                expires_at: r.try_get("expires_at")?,
                revoked: r.try_get::<Flag, _>("revoked")?.0,
            })
        })
        .collect()
}

/// Revokes one of the person's own tokens; anyone else's is not found.
pub async fn revoke(db: &Db, person_id: i64, id: i64) -> Result<()> {
    let done = sqlx::query("UPDATE api_tokens SET revoked = TRUE WHERE id = $1 AND person_id = $2")
        .bind(id)
        .bind(person_id)
        .execute(&db.pool)
        .await?;
    if done.rows_affected() == 0 { Err(Error::NotFound) } else { Ok(()) }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/tokens", get(page).post(create_from_page))
        .route("/me/tokens/{id}/revoke", post(revoke_from_page))
}

#[derive(Template)]
#[template(path = "auth/templates/tokens.html")]
struct TokensPage {
    ctx: PageCtx,
    tokens: Vec<Token>,
    created: Option<String>,
    now: i64,
    days: [i64; 5],
    default_days: i64,
}

impl TokensPage {
    fn date(&self, t: &i64) -> String {
        crate::cycles::format_date(*t, self.ctx.lang)
    }
}

async fn render_page(st: &AppState, actor: &Actor, lang: Lang, created: Option<String>) -> Result<Response> {
    let page = TokensPage {
        ctx: PageCtx::new(actor, lang),
        tokens: of_person(&st.db, actor.id).await?,
        created,
        now: now(),
        days: DAY_CHOICES,
        default_days: DEFAULT_DAYS,
    };
    let mut resp = render(&page)?.into_response();
    // A new token is in this page only: no cache keeps it.
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

async fn page(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    render_page(&st, &actor, lang, None).await
}

#[derive(Deserialize)]
struct NewToken {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    days: String,
}

async fn create_from_page(State(st): State<AppState>, lang: Lang, form: Submit<NewToken>) -> Result<Response> {
    let scope = Scope::parse(&form.data.scope).ok_or(Error::invalid("api-token-scope"))?;
    let days = match form.data.days.trim() {
        "" => DEFAULT_DAYS,
        d => d.parse().map_err(|_| Error::Invalid(crate::error::Msg::new("api-token-days").arg("max", MAX_DAYS)))?,
    };
    let token = create(&st.db, form.actor.id, &form.data.name, scope, days).await?;
    render_page(&st, &form.actor, lang, Some(token)).await
}

async fn revoke_from_page(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    form: Submit<std::collections::HashMap<String, String>>,
) -> Result<Response> {
    revoke(&st.db, form.actor.id, id).await?;
    Ok(see_other("/me/tokens"))
}
