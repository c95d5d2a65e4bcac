//! Circle pages: my circles, starting one, the circle page, invitations, L&D's overview.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::MemberStatus;
use super::store::{self, Circle, CircleMeta, Member, SmallCircles};
use crate::cycles::store::CycleSummary;
use crate::error::Result;
use crate::policy::{self, Actor, CircleView};
use crate::proposals::store::ProposalSummary;
use crate::situations::store::Situation;
use crate::web::{
    AppState, FormError, Lang, PageCtx, PageQuery, Pager, Submit, form_again, form_refused, render, see_other,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/circles", get(list))
        .route("/circles/new", get(new_page).post(create))
        .route("/circles/{id}", get(show))
        .route("/circles/{id}/invite", post(invite))
        .route("/circles/{id}/accept", post(accept))
        .route("/circles/{id}/decline", post(decline))
        .route("/circles/{id}/join", post(join))
        .route("/circles/{id}/leave", post(leave))
        .route("/overview/circles", get(overview))
}

#[derive(Template)]
#[template(path = "circles/templates/list.html")]
struct ListPage {
    ctx: PageCtx,
    mine: Vec<Circle>,
    invitations: Vec<Circle>,
    open: Vec<Circle>,
    pager: Pager,
}

async fn list(State(st): State<AppState>, actor: Actor, lang: Lang, Query(q): Query<PageQuery>) -> Result<Response> {
    policy::start_circle(&actor)?;
    let mine = store::of_person(&st.db, actor.id, MemberStatus::Member).await?;
    let invitations = store::of_person(&st.db, actor.id, MemberStatus::Invited).await?;
    let mut open = store::open_to(&st.db, &actor, q.limit(), q.offset()).await?;
    let pager = Pager::of(q, &mut open);
    Ok(render(&ListPage { ctx: PageCtx::new(&actor, lang), mine, invitations, open, pager })?.into_response())
}

#[derive(Template)]
#[template(path = "circles/templates/new.html")]
struct NewPage {
    ctx: PageCtx,
    min: i64,
    max: i64,
    form: NewForm,
    error: FormError,
}

async fn new_page(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    policy::start_circle(&actor)?;
    let s = crate::orgs::settings(&st.db, actor.org_id).await?;
    let form = NewForm { lang: lang.code().to_string(), ..NewForm::default() };
    let page = NewPage {
        ctx: PageCtx::new(&actor, lang),
        min: s.circle_min,
        max: s.circle_max,
        form,
        error: FormError::default(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
struct NewForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    purpose: String,
    open: Option<String>,
    #[serde(default)]
    lang: String,
}

async fn create(State(st): State<AppState>, lang: Lang, form: Submit<NewForm>) -> Result<Response> {
    policy::start_circle(&form.actor)?;
    let f = &form.data;
    // The circle's working language: what its founder chose, else the founder's own.
    let circle_lang = Lang::parse(&f.lang).unwrap_or(lang);
    let created = store::create_in(&st.db, &form.actor, &f.name, &f.purpose, f.open.is_some(), circle_lang).await;
    match form_refused(created, lang)? {
        Ok(id) => Ok(see_other(format!("/circles/{id}"))),
        Err(error) => {
            let s = crate::orgs::settings(&st.db, form.actor.org_id).await?;
            let ctx = PageCtx::new(&form.actor, lang);
            form_again(&NewPage { ctx, min: s.circle_min, max: s.circle_max, form: form.data, error })
        }
    }
}

#[derive(Template)]
#[template(path = "circles/templates/show.html")]
struct ShowPage {
    ctx: PageCtx,
    circle: Circle,
    view: CircleView,
    members: Vec<Member>,
    cycles: Vec<CycleSummary>,
    situations: Vec<Situation>,
    proposals: Vec<ProposalSummary>,
    min: i64,
    max: i64,
}

impl ShowPage {
    fn is_member_view(&self) -> bool {
        self.view == CircleView::Member
    }
    fn is_invitation(&self) -> bool {
        self.view == CircleView::Invitation
    }
    fn shows_names(&self) -> bool {
        policy::circle_member_names(self.view)
    }
    fn week(&self, w: &str) -> String {
        crate::cycles::format_week(w, self.ctx.lang)
    }
    fn state_label(&self, p: &ProposalSummary) -> String {
        self.ctx.t(&p.state_key())
    }
}

async fn show(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Response> {
    let (circle, facts) = store::with_facts(&st.db, &actor, id).await?;
    let view = policy::circle_view(&actor, &facts)?;
    let members = store::members(&st.db, id).await?;
    let (cycles, situations, proposals) = if view == CircleView::Member {
        (
            crate::cycles::store::for_circle(&st.db, id, 6, 0).await?,
            crate::situations::store::for_circle(&st.db, id, 8, 0).await?,
            crate::proposals::store::for_circle(&st.db, id, 8, 0).await?,
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    // An invitee sees who is in it (not the other open invitations); a join offer shows the size
    // alone: who is in a circle is not for every colleague, a member's manager among them.
    let members = match view {
        CircleView::Member => members,
        _ if policy::circle_member_names(view) => members.into_iter().filter(|m| m.is_member()).collect(),
        _ => Vec::new(),
    };
    let s = crate::orgs::settings(&st.db, actor.org_id).await?;
    let page = ShowPage {
        ctx: PageCtx::new(&actor, lang),
        circle,
        view,
        members,
        cycles,
        situations,
        proposals,
        min: s.circle_min,
        max: s.circle_max,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
struct InviteForm {
    #[serde(default)]
    email: String,
}

async fn invite(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<InviteForm>) -> Result<Response> {
    let facts = store::facts(&st.db, &form.actor, id).await?;
    policy::circle_content(&form.actor, &facts)?;
    let invitee = store::invite(&st.db, &form.actor, id, &form.data.email).await?;
    if st.config.mail {
        crate::mail::circle_invitation(&st.db, form.actor.org_id, id, invitee, form.actor.id).await?;
    }
    Ok(see_other(format!("/circles/{id}#members")))
}

type NoFields = std::collections::HashMap<String, String>;

async fn accept(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<NoFields>) -> Result<Response> {
    let facts = store::facts(&st.db, &form.actor, id).await?;
    policy::answer_invitation(&form.actor, &facts)?;
    store::set_status(&st.db, &form.actor, id, MemberStatus::Member).await?;
    Ok(see_other(format!("/circles/{id}")))
}

async fn decline(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<NoFields>) -> Result<Response> {
    let facts = store::facts(&st.db, &form.actor, id).await?;
    policy::answer_invitation(&form.actor, &facts)?;
    store::set_status(&st.db, &form.actor, id, MemberStatus::Declined).await?;
    Ok(see_other("/circles"))
}

async fn join(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<NoFields>) -> Result<Response> {
    let facts = store::facts(&st.db, &form.actor, id).await?;
    policy::join_circle(&form.actor, &facts)?;
    store::set_status(&st.db, &form.actor, id, MemberStatus::Member).await?;
    Ok(see_other(format!("/circles/{id}")))
}

async fn leave(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<NoFields>) -> Result<Response> {
    let facts = store::facts(&st.db, &form.actor, id).await?;
    policy::circle_content(&form.actor, &facts)?;
    store::set_status(&st.db, &form.actor, id, MemberStatus::Left).await?;
    Ok(see_other("/circles"))
}

#[derive(Template)]
#[template(path = "circles/templates/overview.html")]
struct OverviewPage {
    ctx: PageCtx,
    circles: Vec<CircleMeta>,
    /// The circles below the minimum together, when they may show at all.
    small: Option<SmallCircles>,
    min: i64,
    pager: Pager,
}

impl OverviewPage {
    fn week(&self, w: &Option<String>) -> String {
        w.as_deref().map(|w| crate::cycles::format_week(w, self.ctx.lang)).unwrap_or_else(|| "—".into())
    }
}

async fn overview(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Query(q): Query<PageQuery>,
) -> Result<Response> {
    policy::steer_learning(&actor)?;
    let mut circles = store::metadata(&st.db, actor.org_id, policy::MIN_GROUP, q.limit(), q.offset()).await?;
    circles.retain(|c| policy::circle_metadata_shown(c.members));
    let pager = Pager::of(q, &mut circles);
    let small = store::small_circles(&st.db, actor.org_id, policy::MIN_GROUP).await?;
    let small = (small.circles > 0 && policy::small_circles_shown(small.members)).then_some(small);
    let page = OverviewPage { ctx: PageCtx::new(&actor, lang), circles, small, min: policy::MIN_GROUP, pager };
    Ok(render(&page)?.into_response())
}
