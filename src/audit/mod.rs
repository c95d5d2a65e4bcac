//! The audit log: who did which sensitive thing, when — role changes, erasures, exports,
//! decisions on proposals, and the settings that connect Hartslag to outside systems (AI
//! backend, single sign-on, SCIM tokens, xAPI, HR imports, retention). Append-only: the
//! database refuses any change or removal (triggers on both engines), and no code path tries.
//! Administrators read it at `/admin/audit`.
//!
//! What it does not hold: content. A row names an action, the people or thing by id (names are
//! looked up when the page is shown) and a short detail such as which roles changed.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sqlx::Row;

use crate::db::{Db, Tx, now};
use crate::error::Result;
use crate::policy::{self, Actor};
use crate::web::{AppState, Lang, PageCtx, PageQuery, Pager, render};

/// The actions, as stored; each has a label `audit-<code>` in the Fluent files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    RoleChange,
    PersonErased,
    PersonalDataExport,
    CockpitExport,
    ProposalDecided,
    AiBackend,
    SsoSettings,
    ScimToken,
    XapiSettings,
    ImportApplied,
    Retention,
    ImpactSolution,
    ImpactValue,
    ImpactExport,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::RoleChange => "role-change",
            Action::PersonErased => "person-erased",
            Action::PersonalDataExport => "personal-data-export",
            Action::CockpitExport => "cockpit-export",
            Action::ProposalDecided => "proposal-decided",
            Action::AiBackend => "ai-backend",
            Action::SsoSettings => "sso-settings",
            Action::ScimToken => "scim-token",
            Action::XapiSettings => "xapi-settings",
            Action::ImportApplied => "import-applied",
            Action::Retention => "retention",
            Action::ImpactSolution => "impact-solution",
            Action::ImpactValue => "impact-value",
            Action::ImpactExport => "impact-export",
        }
    }
}

/// Who did it: a signed-in person, or the server itself — its operator at the console
/// (`hartslag admin …`) or its own housekeeping (retention); such a row names the organisation
/// and no person.
#[derive(Clone, Copy, Debug)]
pub enum By<'a> {
    Person(&'a Actor),
    Server { org_id: i64 },
}

impl By<'_> {
    pub fn org_id(self) -> i64 {
        match self {
            By::Person(a) => a.org_id,
            By::Server { org_id } => org_id,
        }
    }
    fn actor_id(self) -> Option<i64> {
        match self {
            By::Person(a) => Some(a.id),
            By::Server { .. } => None,
        }
    }
}

impl<'a> From<&'a Actor> for By<'a> {
    fn from(a: &'a Actor) -> By<'a> {
        By::Person(a)
    }
}

/// Appends one row inside the transaction of the change it records, so the change and its
/// row are committed together or not at all. Store commands call this, not handlers, so the
/// page and the API cannot differ in what they leave in the log.
pub async fn record_in<'a>(
    tx: &mut Tx,
    by: impl Into<By<'a>>,
    action: Action,
    subject: Option<i64>,
    detail: &str,
) -> Result<()> {
    insert(&mut **tx, by.into(), action, subject, detail).await
}

/// Appends one row for an action that changes nothing else (a read worth recording, such as a
/// cockpit export): there is no transaction to share.
pub async fn record(db: &Db, actor: &Actor, action: Action, subject: Option<i64>, detail: &str) -> Result<()> {
    insert(&db.pool, By::Person(actor), action, subject, detail).await
}

async fn insert<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    e: E,
    by: By<'_>,
    action: Action,
    subject: Option<i64>,
    detail: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (org_id, actor_id, at, action, subject_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(by.org_id())
    .bind(by.actor_id())
    .bind(now())
    .bind(action.code())
    .bind(subject)
    .bind(detail.chars().take(500).collect::<String>())
    .execute(e)
    .await?;
    Ok(())
}

pub struct Entry {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub subject_id: Option<i64>,
    pub subject: String,
    pub detail: String,
}

/// One page of an organisation's log, newest first.
pub async fn entries(db: &Db, org: i64, limit: i64, offset: i64) -> Result<Vec<Entry>> {
    let rows = sqlx::query(
        "SELECT a.at, COALESCE(p.name, '') AS actor, a.action, a.subject_id, COALESCE(s.name, '') AS subject, a.detail \
         FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id \
         LEFT JOIN people s ON s.id = a.subject_id AND a.action IN ('role-change', 'person-erased', 'personal-data-export') \
         WHERE a.org_id = $1 ORDER BY a.id DESC LIMIT $2 OFFSET $3",
    )
    .bind(org)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Entry {
                at: r.try_get("at")?,
                actor: r.try_get("actor")?,
                action: r.try_get("action")?,
                subject_id: r.try_get("subject_id")?,
                subject: r.try_get("subject")?,
                detail: r.try_get("detail")?,
            })
        })
        .collect()
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/audit", get(page))
}

#[derive(Template)]
#[template(path = "audit/templates/log.html")]
struct LogPage {
    ctx: PageCtx,
    entries: Vec<Entry>,
    pager: Pager,
}

impl LogPage {
    fn when(&self, t: &i64) -> String {
        chrono::DateTime::from_timestamp(*t, 0)
            .map(|d| d.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default()
    }
    fn label(&self, action: &str) -> String {
        self.ctx.t(&format!("audit-{action}"))
    }
}

async fn page(State(st): State<AppState>, actor: Actor, lang: Lang, Query(q): Query<PageQuery>) -> Result<Response> {
    policy::administer(&actor, actor.org_id)?;
    let mut entries = entries(&st.db, actor.org_id, q.limit(), q.offset()).await?;
    let pager = Pager::of(q, &mut entries);
    Ok(render(&LogPage { ctx: PageCtx::new(&actor, lang), entries, pager })?.into_response())
}
