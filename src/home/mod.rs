//! The pages people land on: "Mijn week" for professionals (and guests), "Besluiten" and
//! "Team" for managers. The team page shows hours used of hours granted per person and week —
//! nothing of what happened in the circles.

use std::collections::{HashMap, HashSet};

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sqlx::Row;

use crate::circles::store::Circle;
use crate::cycles::store::AgendaItem;
use crate::error::Result;
use crate::policy::{self, Actor};
use crate::proposals::store::ProposalSummary;
use crate::web::{AppState, Lang, PageCtx, PageQuery, Pager, render};

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(my_week)).route("/decisions", get(decisions)).route("/team", get(team))
}

#[derive(Template)]
#[template(path = "home/templates/week.html")]
struct WeekPage {
    ctx: PageCtx,
    circles: Vec<Circle>,
    invitations: Vec<Circle>,
    agenda: Vec<AgendaItem>,
    to_vote: Vec<ProposalSummary>,
    proposals: Vec<ProposalSummary>,
    waiting_decisions: usize,
}

impl WeekPage {
    fn start(&self, a: &AgendaItem) -> String {
        crate::cycles::format_start(&a.starts_at, self.ctx.lang)
    }
    fn state_label(&self, p: &ProposalSummary) -> String {
        self.ctx.t(&p.state_key())
    }
}

async fn my_week(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    let today = chrono::Local::now().date_naive().format("%Y-%m-%dT00:00").to_string();
    let (circles, invitations, to_vote, proposals) = if actor.is_guest {
        (Vec::new(), Vec::new(), Vec::new(), Vec::new())
    } else {
        let (mine, invited) = crate::circles::store::mine_and_invitations(&st.db, actor.id).await?;
        (
            mine,
            invited,
            crate::proposals::store::awaiting_vote(&st.db, actor.id, 10).await?,
            crate::proposals::store::of_my_circles(&st.db, actor.id, 10).await?,
        )
    };
    let waiting_decisions = if actor.is_manager {
        crate::proposals::store::for_decider(&st.db, actor.id, true, 100, 0).await?.len()
    } else {
        0
    };
    let page = WeekPage {
        agenda: crate::cycles::store::agenda(&st.db, actor.id, &today, 8).await?,
        ctx: PageCtx::new(&actor, lang),
        circles,
        invitations,
        to_vote,
        proposals,
        waiting_decisions,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "home/templates/decisions.html")]
struct DecisionsPage {
    ctx: PageCtx,
    waiting: Vec<ProposalSummary>,
    decided: Vec<ProposalSummary>,
    pager: Pager,
}

impl DecisionsPage {
    fn state_label(&self, p: &ProposalSummary) -> String {
        self.ctx.t(&p.state_key())
    }
    fn since(&self, p: &ProposalSummary) -> String {
        p.submitted_at.map(|t| crate::cycles::format_date(t, self.ctx.lang)).unwrap_or_default()
    }
}

async fn decisions(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Query(q): Query<PageQuery>,
) -> Result<Response> {
    policy::team_hours(&actor)?;
    let waiting = crate::proposals::store::for_decider(&st.db, actor.id, true, 200, 0).await?;
    let mut decided: Vec<ProposalSummary> =
        crate::proposals::store::for_decider(&st.db, actor.id, false, q.limit(), q.offset())
            .await?
            .into_iter()
            .filter(|p| p.state != "submitted")
            .collect();
    let pager = Pager::of(q, &mut decided);
    Ok(render(&DecisionsPage { ctx: PageCtx::new(&actor, lang), waiting, decided, pager })?.into_response())
}

/// One row of the team page: a person and, per week, hours used of hours granted.
struct TeamRow {
    name: String,
    cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "home/templates/team.html")]
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

/// The units a manager manages, and the units below them.
async fn managed_units(st: &AppState, actor: &Actor) -> Result<Vec<i64>> {
    let mut units: Vec<i64> = sqlx::query("SELECT id FROM units WHERE manager_id = $1 AND org_id = $2")
        .bind(actor.id)
        .bind(actor.org_id)
        .fetch_all(&st.db.pool)
        .await?
        .iter()
        .map(|r| r.get("id"))
        .collect();
    let mut frontier = units.clone();
    let mut seen: HashSet<i64> = units.iter().copied().collect();
    while !frontier.is_empty() && seen.len() < 10_000 {
        let list = frontier.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let sql = format!("SELECT id FROM units WHERE parent_id IN ({list})");
        frontier = sqlx::query(&sql)
            .fetch_all(&st.db.pool)
            .await?
            .iter()
            .map(|r| r.get::<i64, _>("id"))
            .filter(|id| seen.insert(*id))
            .collect();
        units.extend(&frontier);
    }
    Ok(units)
}

async fn team(State(st): State<AppState>, actor: Actor, lang: Lang, Query(q): Query<PageQuery>) -> Result<Response> {
    policy::team_hours(&actor)?;
    let units = managed_units(&st, &actor).await?;
    let settings = crate::orgs::settings(&st.db, actor.org_id).await?;
    let this_monday = crate::cycles::monday_of(chrono::Local::now().date_naive());
    let weeks: Vec<String> = (0..8).rev().map(|i| (this_monday - chrono::Duration::days(7 * i)).to_string()).collect();
    let from = weeks[0].clone();
    let list = if units.is_empty() {
        "0".to_string()
    } else {
        units.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")
    };
    let sql = format!(
        "SELECT id, name FROM people WHERE unit_id IN ({list}) AND active = TRUE AND id <> $1 ORDER BY name, id LIMIT $2 OFFSET $3"
    );
    let mut people: Vec<(i64, String)> = sqlx::query(&sql)
        .bind(actor.id)
        .bind(q.limit())
        .bind(q.offset())
        .fetch_all(&st.db.pool)
        .await?
        .iter()
        .map(|r| (r.get("id"), r.get("name")))
        .collect();
    let pager = Pager::of(q, &mut people);
    let used: HashMap<(i64, String), i64> = crate::cycles::store::minutes_used(&st.db, &units, &from)
        .await?
        .into_iter()
        .map(|(p, w, m)| ((p, w), m))
        .collect();
    let active: HashSet<(i64, String)> =
        crate::cycles::store::active_weeks(&st.db, &units, &from).await?.into_iter().collect();
    let rows = people
        .into_iter()
        .map(|(id, name)| {
            let cells = weeks
                .iter()
                .map(|w| {
                    let key = (id, w.clone());
                    let granted = if active.contains(&key) { settings.granted_minutes_per_week } else { 0 };
                    let u = used.get(&key).copied().unwrap_or(0);
                    if granted == 0 && u == 0 {
                        "—".to_string()
                    } else {
                        format!("{} / {}", crate::cycles::hours(u), crate::cycles::hours(granted))
                    }
                })
                .collect();
            TeamRow { name, cells }
        })
        .collect();
    Ok(render(&TeamPage { ctx: PageCtx::new(&actor, lang), weeks, rows, pager })?.into_response())
}
