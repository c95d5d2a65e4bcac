//! The pages people land on: "Mijn week" for professionals (and guests) and "Besluiten" for
//! managers. The team page lives with learning time (`learning_time`).

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::circles::store::Circle;
use crate::cycles::store::AgendaItem;
use crate::error::Result;
use crate::policy::{self, Actor};
use crate::proposals::store::ProposalSummary;
use crate::web::{AppState, Lang, PageCtx, PageQuery, Pager, render};

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(my_week)).route("/decisions", get(decisions))
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
    waiting_decisions: i64,
    /// The person's own manager, whose account they may read.
    my_manager: Option<i64>,
    /// Scans open for the person that they have not sent yet: (run, title, reminded).
    scans: Vec<(i64, String, bool)>,
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
    let waiting_decisions =
        if actor.is_manager { crate::proposals::store::waiting_count(&st.db, actor.id).await? } else { 0 };
    let my_manager = if actor.is_guest { None } else { crate::orgs::manager_of(&st.db, actor.id).await? };
    let scans = crate::scans::store::open_for(&st.db, st.secret(), &actor, chrono::Local::now().date_naive())
        .await?
        .into_iter()
        .filter(|(_, standing)| *standing != crate::scans::store::Standing::Sent)
        .map(|(run, _)| (run.id, run.title, run.reminders_sent > 0))
        .collect();
    let page = WeekPage {
        scans,
        my_manager,
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
