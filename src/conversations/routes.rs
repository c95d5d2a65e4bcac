//! Conversation pages: the list, scheduling, the shared record.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::store::{self, Agreement, Conversation};
use crate::error::{Error, Result};
use crate::learning_time::store::{ManagerFigures, Time};
use crate::paths::store::Progress;
use crate::policy::{self, Actor, ConversationSide};
use crate::web::{
    AppState, FormError, Lang, PageCtx, PageQuery, Pager, Submit, form_again, form_refused, render, see_other,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/conversations", get(list).post(schedule))
        .route("/conversations/{id}", get(show))
        .route("/conversations/{id}/prep", post(prep))
        .route("/conversations/{id}/agreements", post(agree))
        .route("/conversations/{id}/confirm", post(confirm))
}

#[derive(Template)]
#[template(path = "conversations/templates/list.html")]
struct ListPage {
    ctx: PageCtx,
    conversations: Vec<Conversation>,
    pager: Pager,
    my_manager: Option<(i64, String)>,
    team: Vec<(i64, String)>,
    default_date: String,
}

async fn list(State(st): State<AppState>, actor: Actor, lang: Lang, Query(q): Query<PageQuery>) -> Result<Response> {
    policy::start_circle(&actor)?;
    let mut conversations = store::of_person(&st.db, actor.id, q.limit(), q.offset()).await?;
    let pager = Pager::of(q, &mut conversations);
    let my_manager = match crate::orgs::manager_of(&st.db, actor.id).await? {
        Some(m) => crate::orgs::person(&st.db, actor.org_id, m).await?.map(|p| (p.id, p.name)),
        None => None,
    };
    let team =
        if actor.is_manager { crate::learning_time::store::team(&st.db, &actor, 500, 0).await? } else { Vec::new() };
    let default_date = (chrono::Local::now().date_naive() + chrono::Duration::days(14)).to_string();
    Ok(render(&ListPage { ctx: PageCtx::new(&actor, lang), conversations, pager, my_manager, team, default_date })?
        .into_response())
}

#[derive(Deserialize)]
struct ScheduleForm {
    #[serde(default)]
    date: String,
    /// Set by a manager: the team member; absent when a professional schedules with their manager.
    #[serde(default)]
    person_id: String,
}

async fn schedule(State(st): State<AppState>, form: Submit<ScheduleForm>) -> Result<Response> {
    let actor = form.actor;
    policy::start_circle(&actor)?;
    let id = match crate::web::optional_id(&form.data.person_id)? {
        Some(person) => store::schedule(&st.db, &actor, person, &actor, &form.data.date).await?,
        None => {
            let manager_id =
                crate::orgs::manager_of(&st.db, actor.id).await?.ok_or(Error::invalid("conversation-no-manager"))?;
            let manager = crate::auth::actor_by_id(&st.db, actor.org_id, manager_id).await?.ok_or(Error::NotFound)?;
            store::schedule(&st.db, &actor, actor.id, &manager, &form.data.date).await?
        }
    };
    Ok(see_other(format!("/conversations/{id}")))
}

#[derive(Template)]
#[template(path = "conversations/templates/show.html")]
struct ShowPage {
    ctx: PageCtx,
    c: Conversation,
    side: ConversationSide,
    time: Time,
    progress: Progress,
    shared: Option<crate::paths::SharedPath>,
    figures: ManagerFigures,
    agreements: Vec<Agreement>,
    /// A refused agreement, shown again with what was typed.
    error: FormError,
    draft: AgreementForm,
}

impl ShowPage {
    fn is_professional(&self) -> bool {
        self.side == ConversationSide::Professional
    }
    fn date(&self) -> String {
        chrono::NaiveDate::parse_from_str(&self.c.scheduled_on, "%Y-%m-%d")
            .map(|d| {
                crate::cycles::format_date(
                    d.and_hms_opt(12, 0, 0).map(|x| x.and_utc().timestamp()).unwrap_or(0),
                    self.ctx.lang,
                )
            })
            .unwrap_or_default()
    }
    fn honoured(&self) -> String {
        self.figures.honoured_percent().map(|p| format!("{p}%")).unwrap_or_else(|| "—".into())
    }
    fn median(&self) -> String {
        self.figures
            .median_decision_days
            .map(|d| crate::web::number::decimal(d, 1, self.ctx.lang))
            .unwrap_or_else(|| "—".into())
    }
    fn state_label(&self, p: &crate::proposals::store::ProposalSummary) -> String {
        self.ctx.t(&p.state_key())
    }
    fn i_confirmed(&self) -> bool {
        match self.side {
            ConversationSide::Professional => self.c.person_confirmed_at.is_some(),
            ConversationSide::Manager => self.c.manager_confirmed_at.is_some(),
        }
    }
}

/// The conversation covers the half year before it.
const WEEKS: i64 = 26;

async fn show(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Response> {
    Ok(render(&load_show(&st, &actor, lang, id).await?)?.into_response())
}

async fn load_show(st: &AppState, actor: &Actor, lang: Lang, id: i64) -> Result<ShowPage> {
    let c = store::get(&st.db, id).await?;
    let side = policy::conversation(actor, c.person_id, c.manager_id)?;
    let weeks = crate::learning_time::store::recent_weeks(WEEKS);
    let times = crate::learning_time::store::weeks(&st.db, actor.org_id, &[c.person_id], &weeks).await?;
    let time = times
        .values()
        .fold(Time::default(), |acc, t| Time { used: acc.used + t.used, granted: acc.granted + t.granted });
    let today = chrono::Local::now().date_naive().to_string();
    // The professional's own figures are theirs; the manager sees the figures the concept says
    // they are accounted: time used, proposals and their status — never reflections or notes.
    let mut progress = crate::paths::store::progress_between(&st.db, c.person_id, &weeks[0], &today).await?;
    if !policy::conversation_shows_reflection_count(side) {
        progress.reflections = 0;
    }
    let manager = crate::auth::actor_by_id(&st.db, actor.org_id, c.manager_id).await?.ok_or(Error::NotFound)?;
    Ok(ShowPage {
        ctx: PageCtx::new(actor, lang),
        time,
        progress,
        shared: crate::paths::shared_with_manager(st, c.person_id).await?,
        figures: crate::learning_time::store::manager_figures(&st.db, &manager, &weeks).await?,
        agreements: store::agreements(&st.db, id).await?,
        side,
        c,
        error: FormError::default(),
        draft: AgreementForm::default(),
    })
}

#[derive(Deserialize)]
struct PrepForm {
    #[serde(default)]
    a: String,
    #[serde(default)]
    b: String,
    #[serde(default)]
    version: i64,
}

async fn prep(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<PrepForm>) -> Result<Response> {
    let c = store::get(&st.db, id).await?;
    let side = policy::conversation(&form.actor, c.person_id, c.manager_id)?;
    store::save_prep(&st.db, &c, side, &form.data.a, &form.data.b, form.data.version).await?;
    Ok(see_other(format!("/conversations/{id}")))
}

#[derive(Deserialize, Default)]
struct AgreementForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    follow_up_on: String,
}

async fn agree(
    State(st): State<AppState>,
    lang: Lang,
    Path(id): Path<i64>,
    form: Submit<AgreementForm>,
) -> Result<Response> {
    let c = store::get(&st.db, id).await?;
    policy::conversation(&form.actor, c.person_id, c.manager_id)?;
    let added = store::add_agreement(&st.db, &form.actor, &c, &form.data.text, &form.data.follow_up_on).await;
    match form_refused(added, lang)? {
        Ok(()) => Ok(see_other(format!("/conversations/{id}#agreements"))),
        Err(error) => {
            let mut page = load_show(&st, &form.actor, lang, id).await?;
            page.error = error;
            page.draft = form.data;
            form_again(&page)
        }
    }
}

#[derive(Deserialize)]
struct ConfirmForm {
    #[serde(default)]
    version: i64,
}

async fn confirm(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<ConfirmForm>) -> Result<Response> {
    let c = store::get(&st.db, id).await?;
    let side = policy::conversation(&form.actor, c.person_id, c.manager_id)?;
    store::confirm(&st.db, &c, side, form.data.version).await?;
    Ok(see_other(format!("/conversations/{id}")))
}
