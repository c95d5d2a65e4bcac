//! Work situation pages.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::store::{self, NewSituation, Situation};
use crate::circles::store as circles;
use crate::error::Result;
use crate::policy::{self, Actor};
use crate::web::{
    AppState, FormError, Lang, PageCtx, PageQuery, Pager, Submit, form_again, form_refused, render, see_other,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/circles/{id}/situations", get(list))
        .route("/circles/{id}/situations/new", get(new_page).post(create))
        .route("/situations/{id}", get(show))
}

#[derive(Template)]
#[template(path = "situations/templates/list.html")]
struct ListPage {
    ctx: PageCtx,
    circle: circles::Circle,
    situations: Vec<Situation>,
    pager: Pager,
}

async fn list(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Response> {
    let (circle, facts) = circles::with_facts(&st.db, &actor, id).await?;
    policy::circle_content(&actor, &facts)?;
    let mut situations = store::for_circle(&st.db, id, q.limit(), q.offset()).await?;
    let pager = Pager::of(q, &mut situations);
    Ok(render(&ListPage { ctx: PageCtx::new(&actor, lang), circle, situations, pager })?.into_response())
}

#[derive(Template)]
#[template(path = "situations/templates/new.html")]
struct NewPage {
    ctx: PageCtx,
    circle: circles::Circle,
    kinds: [&'static str; 3],
    form: NewForm,
    error: FormError,
}

async fn new_page(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Response> {
    let (circle, facts) = circles::with_facts(&st.db, &actor, id).await?;
    policy::circle_content(&actor, &facts)?;
    let form = NewForm { kind: super::KINDS[0].into(), ..NewForm::default() };
    let page =
        NewPage { ctx: PageCtx::new(&actor, lang), circle, kinds: super::KINDS, form, error: FormError::default() };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
struct NewForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    kind: String,
    critical: Option<String>,
}

async fn create(
    State(st): State<AppState>,
    lang: Lang,
    Path(id): Path<i64>,
    form: Submit<NewForm>,
) -> Result<Response> {
    let (circle, facts) = circles::with_facts(&st.db, &form.actor, id).await?;
    policy::circle_content(&form.actor, &facts)?;
    let f = &form.data;
    let new =
        NewSituation { title: &f.title, description: &f.description, kind: &f.kind, critical: f.critical.is_some() };
    match form_refused(store::create(&st.db, &form.actor, id, &new).await, lang)? {
        Ok(sid) => Ok(see_other(format!("/situations/{sid}"))),
        Err(error) => {
            let ctx = PageCtx::new(&form.actor, lang);
            form_again(&NewPage { ctx, circle, kinds: super::KINDS, form: form.data, error })
        }
    }
}

#[derive(Template)]
#[template(path = "situations/templates/show.html")]
struct ShowPage {
    ctx: PageCtx,
    circle: circles::Circle,
    s: Situation,
    date: String,
    ai: crate::ai::Panel,
}

async fn show(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Response> {
    let s = store::get(&st.db, id).await?;
    let (circle, facts) = circles::with_facts(&st.db, &actor, s.circle_id).await?;
    policy::circle_content(&actor, &facts)?;
    let date = crate::cycles::format_date(s.created_at, lang);
    let mut ai = crate::ai::Panel::load(
        &st,
        actor.org_id,
        crate::ai::store::For::Situation,
        id,
        "questions",
        Some(format!("/situations/{id}/ai/questions")),
    )
    .await?;
    ai.questions = crate::framework::store::current(&st.db, actor.org_id)
        .await?
        .content
        .questions
        .iter()
        .map(|q| (q.no, if lang == Lang::Nl || q.en.is_empty() { q.nl.clone() } else { q.en.clone() }))
        .collect();
    Ok(render(&ShowPage { ctx: PageCtx::new(&actor, lang), circle, s, date, ai })?.into_response())
}
