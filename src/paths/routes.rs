//! "Mijn leertraject": designing the path, its items, and its progress.

use askama::Template;
use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::store::{self, Item, NewItem, Path, Plan, Progress};
use crate::error::{Error, Result};
use crate::framework::Question;
use crate::policy::{self, Actor};
use crate::web::{AppState, FormError, Lang, PageCtx, Submit, form_again, form_refused, render, see_other};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/path", get(page).post(save))
        .route("/path/new", post(create))
        .route("/path/items", post(add_item))
        .route("/path/items/{id}", post(change_item))
}

#[derive(Template)]
#[template(path = "paths/templates/path.html")]
struct PathPage {
    ctx: PageCtx,
    path: Option<Path>,
    items: Vec<Item>,
    progress: Progress,
    questions: Vec<Question>,
    /// A suggestion from the owner's own reflections, for the owner alone.
    ai: crate::ai::Panel,
    /// What the plan form shows: the saved plan, the defaults, or a refused form's input.
    plan: PlanForm,
    plan_error: FormError,
    item: ItemForm,
    item_error: FormError,
}

impl PathPage {
    fn chosen(&self, q: &Question) -> bool {
        self.plan.question.contains(&q.no)
    }
    fn hours_used(&self) -> String {
        crate::cycles::hours(self.progress.minutes_used)
    }
    fn state_label(&self, p: &crate::proposals::store::ProposalSummary) -> String {
        self.ctx.t(&p.state_key())
    }
    fn item_hours(&self, i: &Item) -> String {
        i.minutes.map(crate::cycles::hours).unwrap_or_default()
    }
    fn formal(&self) -> Vec<&Item> {
        self.items.iter().filter(|i| i.kind == "formal").collect()
    }
    fn milestones(&self) -> Vec<&Item> {
        self.items.iter().filter(|i| i.kind == "milestone").collect()
    }
}

async fn page(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    Ok(render(&load_page(&st, &actor, lang).await?)?.into_response())
}

async fn load_page(st: &AppState, actor: &Actor, lang: Lang) -> Result<PathPage> {
    policy::learning_path(actor, actor.id)?;
    let path = store::current(&st.db, actor.id).await?;
    let (items, progress) = match &path {
        Some(p) => (store::items(&st.db, p.id).await?, store::progress(&st.db, actor.id, p).await?),
        None => (Vec::new(), Progress::default()),
    };
    let today = chrono::Local::now().date_naive();
    let plan = match &path {
        Some(p) => PlanForm {
            starts_on: p.starts_on.clone(),
            ends_on: p.ends_on.clone(),
            planned_weeks: p.planned_weeks.to_string(),
            talents: p.talents.clone(),
            goals: p.goals.clone(),
            question: p.question_numbers(),
            share_plan: p.share_plan.then(|| "1".into()),
            share_progress: p.share_progress.then(|| "1".into()),
            share_items: p.share_items.then(|| "1".into()),
            version: p.version,
        },
        None => PlanForm {
            starts_on: today.to_string(),
            ends_on: (today + chrono::Duration::days(182)).to_string(),
            planned_weeks: "20".into(),
            ..PlanForm::default()
        },
    };
    Ok(PathPage {
        ctx: PageCtx::new(actor, lang),
        path,
        items,
        progress,
        questions: crate::framework::store::current(&st.db, actor.org_id).await?.content.questions,
        plan,
        plan_error: FormError::default(),
        item: ItemForm { kind: "formal".into(), ..ItemForm::default() },
        item_error: FormError::default(),
        ai: crate::ai::Panel::load(
            st,
            actor.org_id,
            crate::ai::store::For::Person,
            actor.id,
            "path",
            Some("/path/ai/suggest".into()),
        )
        .await?,
    })
}

#[derive(Deserialize, Default)]
struct PlanForm {
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    planned_weeks: String,
    #[serde(default)]
    talents: String,
    #[serde(default)]
    goals: String,
    #[serde(default)]
    question: Vec<i64>,
    share_plan: Option<String>,
    share_progress: Option<String>,
    share_items: Option<String>,
    #[serde(default)]
    version: i64,
}

impl PlanForm {
    fn plan(&self) -> Plan<'_> {
        Plan {
            starts_on: &self.starts_on,
            ends_on: &self.ends_on,
            planned_weeks: &self.planned_weeks,
            talents: &self.talents,
            goals: &self.goals,
            questions: &self.question,
            share_plan: self.share_plan.is_some(),
            share_progress: self.share_progress.is_some(),
            share_items: self.share_items.is_some(),
        }
    }
}

async fn create(State(st): State<AppState>, lang: Lang, form: Submit<PlanForm>) -> Result<Response> {
    policy::learning_path(&form.actor, form.actor.id)?;
    let made = store::create(&st.db, &form.actor, &form.data.plan()).await.map(|_| ());
    plan_saved(&st, lang, form, made).await
}

async fn save(State(st): State<AppState>, lang: Lang, form: Submit<PlanForm>) -> Result<Response> {
    policy::learning_path(&form.actor, form.actor.id)?;
    let path = store::current(&st.db, form.actor.id).await?.ok_or(Error::NotFound)?;
    let saved = store::update(&st.db, &form.actor, &path, &form.data.plan(), form.data.version).await;
    plan_saved(&st, lang, form, saved).await
}

/// Back to the path, or the plan form again with what was typed.
async fn plan_saved(st: &AppState, lang: Lang, form: Submit<PlanForm>, r: Result<()>) -> Result<Response> {
    match form_refused(r, lang)? {
        Ok(()) => Ok(see_other("/path")),
        Err(error) => {
            let mut page = load_page(st, &form.actor, lang).await?;
            page.plan = form.data;
            page.plan_error = error;
            form_again(&page)
        }
    }
}

#[derive(Deserialize, Default)]
struct ItemForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    provider: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    link: String,
    #[serde(default)]
    due_on: String,
}

async fn add_item(State(st): State<AppState>, lang: Lang, form: Submit<ItemForm>) -> Result<Response> {
    policy::learning_path(&form.actor, form.actor.id)?;
    let path = store::current(&st.db, form.actor.id).await?.ok_or(Error::NotFound)?;
    let f = &form.data;
    let item = NewItem {
        kind: &f.kind,
        title: &f.title,
        provider: &f.provider,
        hours: &f.hours,
        link: &f.link,
        due_on: &f.due_on,
    };
    match form_refused(store::add_item(&st.db, &path, &item).await, lang)? {
        Ok(()) => Ok(see_other("/path#items")),
        Err(error) => {
            let mut page = load_page(&st, &form.actor, lang).await?;
            page.item = form.data;
            page.item_error = error;
            form_again(&page)
        }
    }
}

#[derive(Deserialize)]
struct ChangeForm {
    #[serde(default)]
    action: String,
}

async fn change_item(
    State(st): State<AppState>,
    UrlPath(id): UrlPath<i64>,
    form: Submit<ChangeForm>,
) -> Result<Response> {
    policy::learning_path(&form.actor, form.actor.id)?;
    let path = store::current(&st.db, form.actor.id).await?.ok_or(Error::NotFound)?;
    store::change_item(&st.db, &path, id, &form.data.action).await?;
    Ok(see_other("/path#items"))
}

/// What a manager may see of a team member's current path: only the parts they shared.
pub struct SharedPath {
    pub parts: crate::policy::SharedParts,
    /// The plan's texts are emptied when the plan is not shared, so they never reach a page.
    pub path: Path,
    pub items: Vec<Item>,
    pub progress: Option<Progress>,
}

pub async fn shared_with_manager(st: &AppState, person_id: i64) -> Result<Option<SharedPath>> {
    let Some(mut path) = store::current(&st.db, person_id).await? else { return Ok(None) };
    let parts = crate::policy::path_parts_for_manager(path.share_plan, path.share_progress, path.share_items);
    if !parts.any() {
        return Ok(None);
    }
    let items = if parts.items { store::items(&st.db, path.id).await? } else { Vec::new() };
    let progress = if parts.progress { Some(store::progress(&st.db, person_id, &path).await?) } else { None };
    if !parts.plan {
        path.talents.clear();
        path.goals.clear();
        path.questions.clear();
    }
    Ok(Some(SharedPath { parts, path, items, progress }))
}
