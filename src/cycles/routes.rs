//! Planning an active week, the cycle page, and the session page with its frame steps.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::store::{self, Cycle, CycleSummary, Guest, Note, Session};
use crate::circles::store::{self as circles, Circle, Member};
use crate::error::{Error, Result};
use crate::framework::{Frame, FrameworkContent, Question, StepKind};
use crate::policy::{self, Actor, SessionAccess};
use crate::situations::store::Situation;
use crate::web::{
    AppState, FormError, Lang, PageCtx, PageQuery, Pager, Submit, form_again, form_refused, render, see_other,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/circles/{id}/cycles", get(list))
        .route("/circles/{id}/cycles/new", get(plan_page).post(plan))
        .route("/cycles/{id}", get(show))
        .route("/cycles/{id}/choices", post(choose))
        .route("/sessions/{id}", get(session_page))
        .route("/sessions/{id}/edit", post(edit_session))
        .route("/sessions/{id}/notes/{step}", post(save_note))
        .route("/sessions/{id}/attendance", post(attendance))
        .route("/sessions/{id}/guests", post(invite_guest))
}

#[derive(Template)]
#[template(path = "cycles/templates/list.html")]
struct ListPage {
    ctx: PageCtx,
    circle: Circle,
    cycles: Vec<CycleSummary>,
    pager: Pager,
}

impl ListPage {
    fn week(&self, w: &str) -> String {
        super::format_week(w, self.ctx.lang)
    }
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
    let mut cycles = store::for_circle(&st.db, id, q.limit(), q.offset()).await?;
    let pager = Pager::of(q, &mut cycles);
    Ok(render(&ListPage { ctx: PageCtx::new(&actor, lang), circle, cycles, pager })?.into_response())
}

#[derive(Template)]
#[template(path = "cycles/templates/plan.html")]
struct PlanPage {
    ctx: PageCtx,
    circle: Circle,
    sessions: i64,
    minutes: i64,
    min: i64,
    form: PlanForm,
    error: FormError,
}

impl PlanPage {
    fn intro(&self) -> String {
        self.ctx
            .lang
            .ta("cycle-plan-intro", &[("count", self.sessions.to_string()), ("minutes", self.minutes.to_string())])
    }
}

async fn plan_page(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Response> {
    let (circle, facts) = circles::with_facts(&st.db, &actor, id).await?;
    policy::circle_content(&actor, &facts)?;
    let s = crate::orgs::settings(&st.db, actor.org_id).await?;
    let today = chrono::Local::now().date_naive();
    let next_monday = (super::monday_of(today) + chrono::Duration::days(7)).to_string();
    let page = PlanPage {
        ctx: PageCtx::new(&actor, lang),
        circle,
        sessions: s.sessions_per_week,
        minutes: s.session_minutes,
        min: s.circle_min,
        form: PlanForm { week: next_monday, time: "14:00".into(), place: String::new() },
        error: FormError::default(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
struct PlanForm {
    #[serde(default)]
    week: String,
    #[serde(default)]
    time: String,
    #[serde(default)]
    place: String,
}

async fn plan(State(st): State<AppState>, lang: Lang, Path(id): Path<i64>, form: Submit<PlanForm>) -> Result<Response> {
    let (circle, facts) = circles::with_facts(&st.db, &form.actor, id).await?;
    policy::circle_content(&form.actor, &facts)?;
    let s = crate::orgs::settings(&st.db, form.actor.org_id).await?;
    let f = &form.data;
    let planned =
        store::plan(&st.db, &form.actor, id, &s, &store::Plan { week: &f.week, time: &f.time, place: &f.place }).await;
    match form_refused(planned, lang)? {
        Ok(cycle) => Ok(see_other(format!("/cycles/{cycle}"))),
        Err(error) => form_again(&PlanPage {
            ctx: PageCtx::new(&form.actor, lang),
            circle,
            sessions: s.sessions_per_week,
            minutes: s.session_minutes,
            min: s.circle_min,
            form: form.data,
            error,
        }),
    }
}

/// Loads a cycle with its circle, for members only.
async fn member_cycle(st: &AppState, actor: &Actor, id: i64) -> Result<(Cycle, Circle)> {
    let cycle = store::cycle(&st.db, id).await?;
    let (circle, facts) = circles::with_facts(&st.db, actor, cycle.circle_id).await?;
    policy::circle_content(actor, &facts)?;
    Ok((cycle, circle))
}

#[derive(Template)]
#[template(path = "cycles/templates/cycle.html")]
struct CyclePage {
    ctx: PageCtx,
    circle: Circle,
    cycle: Cycle,
    sessions: Vec<Session>,
    framework: FrameworkContent,
    chosen_questions: Vec<i64>,
    chosen_situations: Vec<i64>,
    situations: Vec<Situation>,
}

impl CyclePage {
    fn week(&self) -> String {
        super::format_week(&self.cycle.week_start, self.ctx.lang)
    }
    fn start(&self, s: &Session) -> String {
        super::format_start(&s.starts_at, self.ctx.lang)
    }
    fn date_part<'a>(&self, s: &'a Session) -> &'a str {
        s.starts_at.get(..10).unwrap_or("")
    }
    fn time_part<'a>(&self, s: &'a Session) -> &'a str {
        s.starts_at.get(11..16).unwrap_or("")
    }
    fn frame_title(&self, s: &Session) -> String {
        self.framework
            .frame_for(s.position)
            .map(|f| self.ctx.pick(&f.title_nl, &f.title_en).to_string())
            .unwrap_or_default()
    }
    fn q_chosen(&self, q: &Question) -> bool {
        self.chosen_questions.contains(&q.no)
    }
    fn s_chosen(&self, s: &Situation) -> bool {
        self.chosen_situations.contains(&s.id)
    }
}

async fn show(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Response> {
    let (cycle, circle) = member_cycle(&st, &actor, id).await?;
    let sessions = store::sessions(&st.db, id).await?;
    let framework = crate::framework::store::by_id(&st.db, cycle.framework_version_id).await?.content;
    let (chosen_questions, chosen_situations) = store::choices(&st.db, id).await?;
    let situations = crate::situations::store::for_circle(&st.db, circle.id, 100, 0).await?;
    let page = CyclePage {
        ctx: PageCtx::new(&actor, lang),
        circle,
        cycle,
        sessions,
        framework,
        chosen_questions,
        chosen_situations,
        situations,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
struct ChoicesForm {
    #[serde(default)]
    question: Vec<i64>,
    #[serde(default)]
    situation: Vec<i64>,
}

async fn choose(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<ChoicesForm>) -> Result<Response> {
    let (cycle, _) = member_cycle(&st, &form.actor, id).await?;
    store::set_choices(&st.db, &cycle, &form.data.question, &form.data.situation).await?;
    Ok(see_other(format!("/cycles/{id}")))
}

#[derive(Deserialize)]
struct SessionForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    time: String,
    #[serde(default)]
    place: String,
    cancelled: Option<String>,
}

async fn edit_session(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<SessionForm>) -> Result<Response> {
    let s = store::session(&st.db, id).await?;
    let facts = store::session_facts(&st.db, &form.actor, &s).await?;
    policy::session_manage(&form.actor, &facts)?;
    let f = &form.data;
    store::update_session(&st.db, id, &f.date, &f.time, &f.place, f.cancelled.is_some()).await?;
    Ok(see_other(format!("/cycles/{}", s.cycle_id)))
}

#[derive(Deserialize, Default)]
struct StepQuery {
    step: Option<i64>,
}

/// A note the writer could not save because someone else saved first.
struct NoteConflict {
    mine: String,
}

#[derive(Template)]
#[template(path = "cycles/templates/session.html")]
struct SessionPage {
    ctx: PageCtx,
    circle: Circle,
    session: Session,
    access: SessionAccess,
    week_start: String,
    frame: Frame,
    framework: FrameworkContent,
    step: i64,
    chosen_questions: Vec<i64>,
    situations: Vec<Situation>,
    notes: Vec<Note>,
    members: Vec<Member>,
    guests: Vec<Guest>,
    present: Vec<i64>,
    reflections: Vec<crate::reflections::store::Reflection>,
    proposals: Vec<crate::proposals::store::ProposalSummary>,
    conflict: Option<NoteConflict>,
    new_guest_password: Option<String>,
    /// The AI step, for members.
    ai: Option<crate::ai::Panel>,
    /// A refused note, shown again with the writer's text.
    note_error: FormError,
    note_draft: Option<String>,
}

impl SessionPage {
    fn is_member(&self) -> bool {
        self.access == SessionAccess::Member
    }
    fn start(&self) -> String {
        super::format_start(&self.session.starts_at, self.ctx.lang)
    }
    fn week(&self) -> String {
        super::format_week(&self.week_start, self.ctx.lang)
    }
    fn frame_title(&self) -> &str {
        self.ctx.pick(&self.frame.title_nl, &self.frame.title_en)
    }
    fn step_label(&self, kind: &StepKind) -> String {
        self.ctx.t(&kind.label_key())
    }
    fn current_label(&self) -> String {
        self.ctx.t(&self.current_kind().label_key())
    }
    fn current_kind(&self) -> StepKind {
        self.frame.steps[(self.step - 1) as usize].kind
    }
    fn step_questions(&self) -> Vec<&Question> {
        self.frame.steps[(self.step - 1) as usize]
            .questions
            .iter()
            .filter_map(|n| self.framework.question(*n))
            .collect()
    }
    fn week_questions(&self) -> Vec<&Question> {
        self.chosen_questions.iter().filter_map(|n| self.framework.question(*n)).collect()
    }
    fn q_text<'a>(&self, q: &'a Question) -> &'a str {
        self.ctx.pick(&q.nl, &q.en)
    }
    fn note(&self) -> Option<&Note> {
        self.notes.iter().find(|n| n.step == self.step)
    }
    fn note_body(&self) -> String {
        match &self.note_draft {
            Some(d) => d.clone(),
            None => self.note().map(|n| n.body.clone()).unwrap_or_default(),
        }
    }
    fn note_version(&self) -> i64 {
        self.note().map(|n| n.version).unwrap_or(0)
    }
    fn note_meta(&self) -> String {
        match self.note() {
            Some(n) => {
                let who = n.updated_by_name.clone().unwrap_or_default();
                let when = super::format_date(n.updated_at, self.ctx.lang);
                self.ctx.lang.ta("note-saved-by", &[("name", who), ("date", when)])
            }
            None => String::new(),
        }
    }
    fn is_present(&self, id: &i64) -> bool {
        self.present.contains(id)
    }
    fn attendance_open(&self) -> bool {
        super::attendance_open(&self.session.starts_at, chrono::Local::now().date_naive())
    }
    fn is_learn(&self) -> bool {
        self.current_kind() == StepKind::Learn
    }
    fn is_ai(&self) -> bool {
        self.current_kind() == StepKind::Ai
    }
    fn is_validate(&self) -> bool {
        matches!(self.current_kind(), StepKind::Validate | StepKind::Evaluate)
    }
    fn state_label(&self, p: &crate::proposals::store::ProposalSummary) -> String {
        self.ctx.t(&p.state_key())
    }
}

async fn load_session_page(
    st: &AppState,
    actor: &Actor,
    lang: Lang,
    id: i64,
    step: Option<i64>,
    conflict: Option<NoteConflict>,
    new_guest_password: Option<String>,
) -> Result<SessionPage> {
    let session = store::session(&st.db, id).await?;
    let (circle, facts) = store::session_circle(&st.db, actor, &session).await?;
    let access = policy::session(actor, &facts)?;
    let cycle = store::cycle(&st.db, session.cycle_id).await?;
    let framework = crate::framework::store::by_id(&st.db, cycle.framework_version_id).await?.content;
    let frame = framework.frame_for(session.position).cloned().ok_or(Error::NotFound)?;
    let step = step.unwrap_or(1).clamp(1, frame.steps.len() as i64);
    let (chosen_questions, _) = store::choices(&st.db, cycle.id).await?;
    let situations = crate::situations::store::for_cycle(&st.db, cycle.id).await?;
    let is_member = access == SessionAccess::Member;
    let is_ai_step = frame.steps[(step - 1) as usize].kind == StepKind::Ai;
    let ai = if is_member && is_ai_step {
        let mut panel = crate::ai::Panel::load(
            st,
            actor.org_id,
            crate::ai::store::For::Session,
            id,
            "draft",
            Some(format!("/sessions/{id}/ai/draft")),
        )
        .await?;
        panel.situations = situations.iter().map(|s| (s.id, s.title.clone())).collect();
        Some(panel)
    } else {
        None
    };
    let page = SessionPage {
        ai,
        ctx: PageCtx::new(actor, lang),
        notes: store::notes(&st.db, id).await?,
        members: if is_member {
            circles::members(&st.db, circle.id).await?.into_iter().filter(|m| m.is_member()).collect()
        } else {
            Vec::new()
        },
        guests: if is_member { store::guests(&st.db, id).await? } else { Vec::new() },
        present: if is_member { store::attendance(&st.db, id).await? } else { Vec::new() },
        reflections: crate::reflections::store::for_session(&st.db, actor.id, id).await?,
        proposals: if is_member {
            crate::proposals::store::for_circle(&st.db, circle.id, 10, 0).await?
        } else {
            Vec::new()
        },
        circle,
        access,
        week_start: cycle.week_start,
        frame,
        framework,
        step,
        chosen_questions,
        situations,
        conflict,
        new_guest_password,
        session,
        note_error: FormError::default(),
        note_draft: None,
    };
    Ok(page)
}

async fn session_page(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<StepQuery>,
) -> Result<Response> {
    let page = load_session_page(&st, &actor, lang, id, q.step, None, None).await?;
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
struct NoteForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    version: i64,
}

async fn save_note(
    State(st): State<AppState>,
    lang: Lang,
    Path((id, step)): Path<(i64, i64)>,
    form: Submit<NoteForm>,
) -> Result<Response> {
    let s = store::session(&st.db, id).await?;
    let facts = store::session_facts(&st.db, &form.actor, &s).await?;
    policy::session(&form.actor, &facts)?;
    match store::save_step_note(&st.db, &form.actor, &s, step, &form.data.body, form.data.version).await {
        Ok(_) => Ok(see_other(format!("/sessions/{id}?step={step}#note"))),
        Err(Error::Conflict(_)) => {
            let conflict = NoteConflict { mine: form.data.body.clone() };
            let page = load_session_page(&st, &form.actor, lang, id, Some(step), Some(conflict), None).await?;
            let mut resp = render(&page)?.into_response();
            *resp.status_mut() = StatusCode::CONFLICT;
            Ok(resp)
        }
        Err(Error::Invalid(m)) => {
            let mut page = load_session_page(&st, &form.actor, lang, id, Some(step), None, None).await?;
            page.note_error = FormError { message: Some(lang.msg(&m)), field: Some("body") };
            page.note_draft = Some(form.data.body.clone());
            form_again(&page)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct AttendanceForm {
    #[serde(default)]
    present: Vec<i64>,
}

async fn attendance(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<AttendanceForm>) -> Result<Response> {
    let s = store::session(&st.db, id).await?;
    let facts = store::session_facts(&st.db, &form.actor, &s).await?;
    policy::session_manage(&form.actor, &facts)?;
    store::set_attendance(&st.db, &s, &form.data.present).await?;
    Ok(see_other(format!("/sessions/{id}#attendance")))
}

#[derive(Deserialize)]
struct GuestForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
}

async fn invite_guest(
    State(st): State<AppState>,
    lang: Lang,
    Path(id): Path<i64>,
    form: Submit<GuestForm>,
) -> Result<Response> {
    let s = store::session(&st.db, id).await?;
    let facts = store::session_facts(&st.db, &form.actor, &s).await?;
    policy::session_manage(&form.actor, &facts)?;
    let password = store::invite_guest(&st.db, &form.actor, id, &form.data.email, &form.data.name).await?;
    if password.is_some() {
        // Shown once, on this response only.
        let page = load_session_page(&st, &form.actor, lang, id, None, None, password).await?;
        return Ok(render(&page)?.into_response());
    }
    Ok(see_other(format!("/sessions/{id}#guests")))
}
