//! `/admin/mail`: the organisation's quiet hours and focus blocks, and the job queue at a glance
//! with the jobs that were given up (and a way to try them once more).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::error::Result;
use crate::policy::{self, Actor};
use crate::web::{AppState, Lang, PageCtx, Submit, render, see_other};

use super::quiet;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/mail", get(page))
        .route("/admin/mail/quiet", post(save_quiet))
        .route("/admin/mail/blocks", post(add_block))
        .route("/admin/mail/blocks/{id}/delete", post(remove_block))
        .route("/admin/jobs/{id}/retry", post(retry))
}

#[derive(Template)]
#[template(path = "mail/templates/admin.html")]
struct AdminPage {
    ctx: PageCtx,
    mail_on: bool,
    quiet_from: String,
    quiet_until: String,
    blocks: Vec<quiet::Block>,
    counts: crate::jobs::Counts,
    failed: Vec<crate::jobs::Failed>,
}

impl AdminPage {
    fn weekday(&self, d: &i64) -> String {
        self.ctx.t(&format!("weekday-{d}"))
    }
    fn when(&self, t: &i64) -> String {
        chrono::DateTime::from_timestamp(*t, 0)
            .map(|d| d.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    }
}

async fn page(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    policy::administer(&actor, actor.org_id)?;
    let q = quiet::load(&st.db, actor.org_id).await?;
    let page = AdminPage {
        ctx: PageCtx::new(&actor, lang),
        mail_on: st.config.mail,
        quiet_from: q.from.format("%H:%M").to_string(),
        quiet_until: q.until.format("%H:%M").to_string(),
        blocks: quiet::blocks(&st.db, actor.org_id).await?,
        counts: crate::jobs::counts(&st.db, actor.org_id, crate::db::now()).await?,
        failed: crate::jobs::failed(&st.db, actor.org_id, 25).await?,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
#[serde(default)]
#[derive(Default)]
struct QuietForm {
    from: String,
    until: String,
}

async fn save_quiet(State(st): State<AppState>, form: Submit<QuietForm>) -> Result<Response> {
    policy::administer(&form.actor, form.actor.org_id)?;
    quiet::set_quiet_hours(&st.db, form.actor.org_id, &form.data.from, &form.data.until).await?;
    Ok(see_other("/admin/mail#quiet"))
}

#[derive(Deserialize)]
#[serde(default)]
#[derive(Default)]
struct BlockForm {
    weekday: String,
    starts: String,
    ends: String,
}

async fn add_block(State(st): State<AppState>, form: Submit<BlockForm>) -> Result<Response> {
    policy::administer(&form.actor, form.actor.org_id)?;
    let weekday = form.data.weekday.trim().parse::<i64>().unwrap_or(0);
    quiet::add_block(&st.db, form.actor.org_id, weekday, &form.data.starts, &form.data.ends).await?;
    Ok(see_other("/admin/mail#blocks"))
}

type NoFields = std::collections::HashMap<String, String>;

async fn remove_block(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<NoFields>) -> Result<Response> {
    policy::administer(&form.actor, form.actor.org_id)?;
    quiet::remove_block(&st.db, form.actor.org_id, id).await?;
    Ok(see_other("/admin/mail#blocks"))
}

async fn retry(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<NoFields>) -> Result<Response> {
    policy::administer(&form.actor, form.actor.org_id)?;
    if !crate::jobs::retry(&st.db, form.actor.org_id, id, crate::db::now()).await? {
        return Err(crate::error::Error::NotFound);
    }
    Ok(see_other("/admin/mail#queue"))
}
