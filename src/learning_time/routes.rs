//! "Mijn leertijd" for the professional; "Team" and one team member's time for the manager.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::store::{self, Month, Time};
use crate::error::{Error, Result};
use crate::policy::{self, Actor};
use crate::web::{AppState, Lang, PageCtx, PageQuery, Pager, Submit, render, see_other};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/time", get(my_time))
        .route("/team", get(team))
        .route("/team/people/{id}", get(member_time))
        .route("/team/people/{id}/granted", post(set_granted))
        .route("/managers/{id}", get(manager_page))
}

/// Twelve weeks, shown with their months.
const WEEKS: i64 = 12;

struct WeekRow {
    label: String,
    time: Time,
}

#[derive(Template)]
#[template(path = "learning_time/templates/time.html")]
struct TimePage {
    ctx: PageCtx,
    name: String,
    person_id: i64,
    weeks: Vec<WeekRow>,
    months: Vec<Month>,
    managing: bool,
    own_hours: String,
    default_hours: String,
    /// For the manager: the parts of the person's learning path they chose to share.
    shared: Option<crate::paths::SharedPath>,
}

impl TimePage {
    fn month_label(&self, m: &Month) -> String {
        month_label(&m.month, self.ctx.lang)
    }
}

/// "oktober 2026" from "2026-10".
fn month_label(month: &str, lang: Lang) -> String {
    match chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d") {
        Ok(d) => crate::cycles::format_month(d, lang),
        Err(_) => month.to_string(),
    }
}

async fn time_page(
    st: &AppState,
    actor: &Actor,
    lang: Lang,
    person_id: i64,
    name: String,
    managing: bool,
) -> Result<TimePage> {
    let weeks = store::recent_weeks(WEEKS);
    let times = store::weeks(&st.db, actor.org_id, &[person_id], &weeks).await?;
    let months = store::months(person_id, &weeks, &times);
    let rows = weeks
        .iter()
        .map(|w| WeekRow {
            label: crate::cycles::format_week(w, lang),
            time: times.get(&(person_id, w.clone())).copied().unwrap_or_default(),
        })
        .collect();
    let default = crate::orgs::settings(&st.db, actor.org_id).await?.granted_minutes_per_week;
    let own = store::own_granted(&st.db, person_id).await?;
    Ok(TimePage {
        ctx: PageCtx::new(actor, lang),
        name,
        person_id,
        weeks: rows,
        months,
        managing,
        own_hours: own.map(crate::cycles::hours).unwrap_or_default(),
        default_hours: crate::cycles::hours(own.unwrap_or(default)),
        shared: if managing { crate::paths::shared_with_manager(st, person_id).await? } else { None },
    })
}

async fn my_time(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    policy::start_circle(&actor)?;
    let page = time_page(&st, &actor, lang, actor.id, actor.name.clone(), false).await?;
    Ok(render(&page)?.into_response())
}

async fn member_time(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Response> {
    policy::team_member(&actor, store::manages(&st.db, &actor, id).await?)?;
    let person = crate::orgs::person(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)?;
    let page = time_page(&st, &actor, lang, id, person.name, true).await?;
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
struct GrantedForm {
    #[serde(default)]
    hours: String,
}

async fn set_granted(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<GrantedForm>) -> Result<Response> {
    policy::team_member(&form.actor, store::manages(&st.db, &form.actor, id).await?)?;
    store::set_granted(&st.db, form.actor.org_id, id, &form.data.hours).await?;
    Ok(see_other(format!("/team/people/{id}")))
}

/// One row of the team page: a person and, per week, hours used of hours granted.
struct TeamRow {
    id: i64,
    name: String,
    cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "learning_time/templates/team.html")]
struct TeamPage {
    ctx: PageCtx,
    weeks: Vec<String>,
    rows: Vec<TeamRow>,
    pager: Pager,
}

impl TeamPage {
    fn week_label(&self, w: &str) -> String {
        chrono::NaiveDate::parse_from_str(w, "%Y-%m-%d")
            .map(|d| format!("{} {}", self.ctx.t("week-short"), chrono::Datelike::iso_week(&d).week()))
            .unwrap_or_default()
    }
}

async fn team(State(st): State<AppState>, actor: Actor, lang: Lang, Query(q): Query<PageQuery>) -> Result<Response> {
    policy::team_hours(&actor)?;
    let weeks = store::recent_weeks(8);
    let mut people = store::team(&st.db, &actor, q.limit(), q.offset()).await?;
    let pager = Pager::of(q, &mut people);
    let ids: Vec<i64> = people.iter().map(|(id, _)| *id).collect();
    let times = store::weeks(&st.db, actor.org_id, &ids, &weeks).await?;
    let rows = people
        .into_iter()
        .map(|(id, name)| TeamRow {
            id,
            name,
            cells: weeks.iter().map(|w| times.get(&(id, w.clone())).copied().unwrap_or_default().label()).collect(),
        })
        .collect();
    Ok(render(&TeamPage { ctx: PageCtx::new(&actor, lang), weeks, rows, pager })?.into_response())
}

#[derive(Template)]
#[template(path = "learning_time/templates/manager.html")]
struct ManagerPage {
    ctx: PageCtx,
    name: String,
    figures: store::ManagerFigures,
    weeks: i64,
}

impl ManagerPage {
    fn honoured(&self) -> String {
        self.figures.honoured_percent().map(|p| format!("{p}%")).unwrap_or_else(|| "—".into())
    }
    fn time(&self) -> String {
        self.figures.team_time.label()
    }
    fn median(&self) -> String {
        self.figures
            .median_decision_days
            .map(|d| crate::web::number::decimal(d, 1, self.ctx.lang))
            .unwrap_or_else(|| "—".into())
    }
}

/// A manager's account to their team and their own manager, over the last 13 weeks.
async fn manager_page(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Response> {
    let manager = crate::auth::actor_by_id(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)?;
    policy::manager_figures(store::may_see_figures(&st.db, &actor, &manager).await?)?;
    let weeks = store::recent_weeks(13);
    let figures = store::manager_figures(&st.db, &manager, &weeks).await?;
    Ok(render(&ManagerPage { ctx: PageCtx::new(&actor, lang), name: manager.name, figures, weeks: 13 })?
        .into_response())
}
