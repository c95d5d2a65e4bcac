//! Proposal pages: list, write, edit, validate, submit, decide, follow.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::state::{Action, Role, State as PState};
use super::store::{self, EffectNote, Event, Proposal, ProposalSummary, Revision, Text, Vote};
use crate::circles::store::{self as circles, Circle};
use crate::error::{Error, Result};
use crate::policy::{self, Actor, ProposalAccess};
use crate::web::{
    AppState, FormError, Lang, PageCtx, PageQuery, Pager, Submit, form_again, form_refused, render, see_other,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/circles/{id}/proposals", get(list))
        .route("/circles/{id}/proposals/new", get(new_page).post(create))
        .route("/proposals/{id}", get(show))
        .route("/proposals/{id}/edit", get(edit_page).post(edit))
        .route("/proposals/{id}/step", post(step))
        .route("/proposals/{id}/vote", post(vote))
        .route("/proposals/{id}/submit", post(submit))
        .route("/proposals/{id}/decide", post(decide))
        .route("/proposals/{id}/effect", post(effect))
        .route("/proposals/{id}/phase", post(phase))
}

#[derive(Template)]
#[template(path = "proposals/templates/list.html")]
struct ListPage {
    ctx: PageCtx,
    circle: Circle,
    proposals: Vec<ProposalSummary>,
    pager: Pager,
}

impl ListPage {
    fn state_label(&self, p: &ProposalSummary) -> String {
        self.ctx.t(&p.state_key())
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
    let mut proposals = store::for_circle(&st.db, id, q.limit(), q.offset()).await?;
    let pager = Pager::of(q, &mut proposals);
    Ok(render(&ListPage { ctx: PageCtx::new(&actor, lang), circle, proposals, pager })?.into_response())
}

#[derive(Deserialize, Default)]
struct NewQuery {
    situation: Option<i64>,
    /// Start from an AI draft of this circle.
    ai: Option<i64>,
}

#[derive(Template)]
#[template(path = "proposals/templates/form.html")]
struct FormPage {
    ctx: PageCtx,
    circle: Circle,
    action: String,
    text: Text,
    version: i64,
    situation_id: Option<i64>,
    situation_title: Option<String>,
    is_new: bool,
    votes_will_reset: bool,
    conflict: Option<Text>,
    /// The AI draft this form starts from: its text is labelled until the group saves it.
    ai_request: Option<i64>,
    kind: String,
    error: FormError,
}

async fn new_page(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<NewQuery>,
) -> Result<Response> {
    let (circle, facts) = circles::with_facts(&st.db, &actor, id).await?;
    policy::circle_content(&actor, &facts)?;
    let draft = match q.ai {
        Some(r) => Some(ai_draft_of(&st, id, r).await?),
        None => None,
    };
    let situation = match q.situation.or(draft.as_ref().and_then(|d| d.situation_id)) {
        Some(s) => Some(crate::situations::store::get(&st.db, s).await?).filter(|s| s.circle_id == id),
        None => None,
    };
    let text = match &draft {
        Some(d) => Text {
            title: d.text("title"),
            problem: d.text("problem"),
            proposal: d.text("proposal"),
            expected_effect: d.text("expected_effect"),
            risks: d.text("risks"),
        },
        None => Text {
            problem: situation.as_ref().map(|s| s.description.clone()).unwrap_or_default(),
            ..Default::default()
        },
    };
    let page = FormPage {
        ctx: PageCtx::new(&actor, lang),
        action: format!("/circles/{id}/proposals/new"),
        circle,
        text,
        version: 0,
        situation_id: situation.as_ref().map(|s| s.id),
        situation_title: situation.map(|s| s.title),
        is_new: true,
        votes_will_reset: false,
        conflict: None,
        ai_request: draft.map(|d| d.id),
        kind: "improvement".into(),
        error: FormError::default(),
    };
    Ok(render(&page)?.into_response())
}

/// A finished AI draft of this circle.
async fn ai_draft_of(st: &AppState, circle_id: i64, request_id: i64) -> Result<crate::ai::store::AiRequest> {
    let d = crate::ai::store::request(&st.db, request_id).await?;
    if d.kind != "draft" || d.circle_id != Some(circle_id) || d.in_progress() {
        return Err(Error::invalid("ai-draft-unknown"));
    }
    Ok(d)
}

#[derive(Deserialize)]
struct ProposalForm {
    #[serde(flatten)]
    text: Text,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    situation_id: String,
    /// A string: numbers do not survive `serde(flatten)` in form decoding.
    #[serde(default)]
    version: String,
    #[serde(default)]
    ai_request: String,
}

impl ProposalForm {
    fn version(&self) -> Result<i64> {
        self.version.trim().parse().map_err(|_| Error::invalid("error-form"))
    }
}

async fn create(
    State(st): State<AppState>,
    lang: Lang,
    Path(id): Path<i64>,
    form: Submit<ProposalForm>,
) -> Result<Response> {
    let (circle, facts) = circles::with_facts(&st.db, &form.actor, id).await?;
    policy::circle_content(&form.actor, &facts)?;
    let f = &form.data;
    let kind = if f.kind.is_empty() { "improvement" } else { f.kind.as_str() };
    let situation = crate::web::optional_id(&f.situation_id)?;
    let draft = match crate::web::optional_id(&f.ai_request)? {
        Some(r) => Some(ai_draft_of(&st, id, r).await?.id),
        None => None,
    };
    match form_refused(store::create(&st.db, &form.actor, id, situation, kind, &f.text).await, lang)? {
        Ok(pid) => {
            if let Some(r) = draft {
                store::set_ai_request(&st.db, pid, r).await?;
            }
            Ok(see_other(format!("/proposals/{pid}")))
        }
        Err(error) => {
            // The form again, with everything typed and the situation it was for (this
            // circle's own only: a number typed in by hand names nothing of another circle).
            let situation = match situation {
                Some(s) => crate::situations::store::get(&st.db, s).await.ok().filter(|s| s.circle_id == id),
                None => None,
            };
            let situation_title = situation.as_ref().map(|s| s.title.clone());
            let situation = situation.map(|s| s.id);
            form_again(&FormPage {
                ctx: PageCtx::new(&form.actor, lang),
                action: format!("/circles/{id}/proposals/new"),
                circle,
                text: f.text.clone(),
                version: 0,
                situation_id: situation,
                situation_title,
                is_new: true,
                votes_will_reset: false,
                conflict: None,
                ai_request: draft,
                kind: kind.to_string(),
                error,
            })
        }
    }
}

#[derive(Template)]
#[template(path = "proposals/templates/show.html")]
struct ShowPage {
    ctx: PageCtx,
    p: Proposal,
    state: PState,
    access: ProposalAccess,
    circle_name: String,
    members: i64,
    votes: Vec<Vote>,
    events: Vec<Event>,
    revisions: Vec<Revision>,
    effects: Vec<EffectNote>,
    managers: Vec<(i64, String, String)>,
    default_decider: Option<i64>,
    my_vote: Option<Vote>,
    /// The AI draft the proposal began as (members only).
    ai_draft: Option<crate::ai::store::AiRequest>,
    ai: Option<crate::ai::Panel>,
    is_decider: bool,
    rule: String,
    /// A refused vote, decision or effect note: the message, the field, and what was typed.
    error: FormError,
    draft: String,
}

impl ShowPage {
    fn refused(&self, field: &str) -> bool {
        self.error.message.is_some() && self.error.field == Some(field)
    }
    fn draft_of(&self, field: &str) -> &str {
        if self.refused(field) { &self.draft } else { "" }
    }
    /// Per field: the AI draft beside the group's current text, word by word.
    fn ai_diff(&self) -> Vec<(String, Vec<(char, String)>)> {
        let Some(d) = &self.ai_draft else { return Vec::new() };
        crate::ai::DRAFT_FIELDS
            .iter()
            .map(|(field, label)| {
                let group = match *field {
                    "title" => &self.p.title,
                    "problem" => &self.p.problem,
                    "proposal" => &self.p.proposal,
                    "expected_effect" => &self.p.expected_effect,
                    _ => &self.p.risks,
                };
                (self.ctx.t(label), crate::ai::diff(&d.text(field), group))
            })
            .collect()
    }
    fn is_member(&self) -> bool {
        self.access == ProposalAccess::Member
    }
    fn state_label(&self) -> String {
        self.ctx.t(&format!("state-{}", self.state.code()))
    }
    /// One line of the history in words: who did what ("Carla stemde als laatste in; het
    /// voorstel is gevalideerd"), not a state code.
    fn event_line(&self, e: &Event) -> String {
        let lang = self.ctx.lang;
        let name = e.actor_name.clone().unwrap_or_else(|| lang.t("history-someone"));
        let key = match e.kind.as_str() {
            "submit" if e.detail.is_empty() => "history-submit".to_string(),
            "submit" => "history-submit-to".to_string(),
            k => format!("history-{k}"),
        };
        let phase = if e.kind == "phase" { lang.t(&format!("phase-{}", e.detail)) } else { String::new() };
        lang.ta(&key, &[("name", name), ("decider", e.detail.clone()), ("phase", phase)])
    }
    /// What an event's detail adds to its line: a decision's reason, not the codes.
    fn event_reason<'a>(&self, e: &'a Event) -> Option<&'a str> {
        let shown = matches!(e.kind.as_str(), "accept" | "decline" | "return" | "back_to_draft" | "start_validation");
        (shown && !e.detail.is_empty()).then_some(e.detail.as_str())
    }
    fn phase_label(&self) -> String {
        self.p.phase.as_deref().map(|c| self.ctx.t(&format!("phase-{c}"))).unwrap_or_default()
    }
    fn date(&self, ts: &i64) -> String {
        crate::cycles::format_date(*ts, self.ctx.lang)
    }
    fn current_votes(&self) -> Vec<&Vote> {
        self.votes.iter().filter(|v| v.revision == self.p.revision).collect()
    }
    fn earlier_votes(&self) -> Vec<&Vote> {
        self.votes.iter().filter(|v| v.revision != self.p.revision).collect()
    }
    fn agree_count(&self) -> usize {
        self.current_votes().iter().filter(|v| v.choice == "agree").count()
    }
    fn object_count(&self) -> usize {
        self.current_votes().iter().filter(|v| v.choice == "object").count()
    }
    fn is(&self, code: &str) -> bool {
        self.state.code() == code
    }
    fn can_follow_up(&self) -> bool {
        matches!(self.state, PState::Accepted | PState::ImplementationPlanned | PState::InProgress | PState::Done)
    }
    fn decider_selected(&self, id: &i64) -> bool {
        self.default_decider == Some(*id)
    }
    fn count_text(&self) -> String {
        let args = [
            ("agree", self.agree_count().to_string()),
            ("object", self.object_count().to_string()),
            ("members", self.members.to_string()),
        ];
        self.ctx.lang.ta("validation-count", &args)
    }
    fn phase_can_advance(&self) -> bool {
        self.p.phase().and_then(|p| p.next()).is_some() && self.state != PState::Declined
    }
}

async fn show(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Response> {
    Ok(render(&load_show(&st, &actor, lang, id).await?)?.into_response())
}

/// After a vote, a decision or an effect note: back to the proposal, or the page again with the
/// refused text and its message beside the form it came from.
async fn shown_again(
    st: &AppState,
    actor: &Actor,
    lang: Lang,
    id: i64,
    r: Result<()>,
    (textarea, typed): (&'static str, &str),
    anchor: &str,
) -> Result<Response> {
    match form_refused(r, lang)? {
        Ok(()) => Ok(see_other(format!("/proposals/{id}{anchor}"))),
        Err(error) => {
            // The message goes beside the form it came from: `textarea` is its text field's id.
            let mut page = load_show(st, actor, lang, id).await?;
            page.error = FormError { field: Some(textarea), ..error };
            page.draft = typed.to_string();
            form_again(&page)
        }
    }
}

async fn load_show(st: &AppState, actor: &Actor, lang: Lang, id: i64) -> Result<ShowPage> {
    let (p, circle, facts) = store::with_circle(&st.db, actor, id).await?;
    let access = policy::proposal(actor, &facts)?;
    let state = p.state()?;
    let is_member = access == ProposalAccess::Member;
    let rule = if state.is_voting() {
        lang.t(&format!("rule-{}", crate::orgs::settings(&st.db, actor.org_id).await?.validation.name()))
    } else {
        String::new()
    };
    // The decider sees the submitted text and what happened since submission — not how
    // the circle got there (votes, drafts, earlier history).
    let events = store::events(&st.db, id, !is_member).await?;
    let votes = if is_member { store::votes(&st.db, id).await? } else { Vec::new() };
    // The AI draft it began as, and the critical friend: the circle's own.
    let ai_draft = match store::ai_request_of(&st.db, id).await? {
        Some(r) if is_member => Some(crate::ai::store::request(&st.db, r).await?),
        _ => None,
    };
    let ai = if is_member {
        Some(
            crate::ai::Panel::load(
                st,
                actor.org_id,
                crate::ai::store::For::Proposal,
                id,
                "critique",
                Some(format!("/proposals/{id}/ai/critique")),
            )
            .await?,
        )
    } else {
        None
    };
    let my_vote = votes.iter().find(|v| v.person_id == actor.id && v.revision == p.revision).cloned();
    let page = ShowPage {
        ctx: PageCtx::new(actor, lang),
        state,
        access,
        circle_name: circle.name,
        members: circle.members,
        revisions: if is_member { store::revisions(&st.db, id).await? } else { Vec::new() },
        effects: store::effect_notes(&st.db, id).await?,
        managers: if is_member && state == PState::Validated {
            crate::orgs::managers(&st.db, actor.org_id).await?
        } else {
            Vec::new()
        },
        default_decider: if is_member && state == PState::Validated {
            crate::orgs::manager_of(&st.db, actor.id).await?
        } else {
            None
        },
        is_decider: p.decider_id == Some(actor.id),
        ai_draft,
        ai,
        rule,
        my_vote,
        votes,
        events,
        p,
        error: FormError::default(),
        draft: String::new(),
    };
    Ok(page)
}

async fn member_proposal(st: &AppState, actor: &Actor, id: i64) -> Result<Proposal> {
    let (p, facts) = store::with_facts(&st.db, actor, id).await?;
    match policy::proposal(actor, &facts)? {
        ProposalAccess::Member => Ok(p),
        ProposalAccess::Decider => Err(Error::Forbidden),
    }
}

async fn edit_page(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Response> {
    let p = member_proposal(&st, &actor, id).await?;
    if !p.state()?.is_editable() {
        return Err(Error::conflict("proposal-not-editable"));
    }
    let (circle, _) = circles::with_facts(&st.db, &actor, p.circle_id).await?;
    let page = edit_form(&actor, lang, circle, &p, None)?;
    Ok(render(&page)?.into_response())
}

fn edit_form(actor: &Actor, lang: Lang, circle: Circle, p: &Proposal, conflict: Option<Text>) -> Result<FormPage> {
    Ok(FormPage {
        ctx: PageCtx::new(actor, lang),
        action: format!("/proposals/{}/edit", p.id),
        circle,
        text: Text {
            title: p.title.clone(),
            problem: p.problem.clone(),
            proposal: p.proposal.clone(),
            expected_effect: p.expected_effect.clone(),
            risks: p.risks.clone(),
        },
        version: p.version,
        situation_id: p.situation_id,
        situation_title: None,
        is_new: false,
        votes_will_reset: p.state()?.is_voting(),
        conflict,
        ai_request: None,
        kind: p.kind.clone(),
        error: FormError::default(),
    })
}

async fn edit(
    State(st): State<AppState>,
    lang: Lang,
    Path(id): Path<i64>,
    form: Submit<ProposalForm>,
) -> Result<Response> {
    let p = member_proposal(&st, &form.actor, id).await?;
    match store::update_text(&st.db, &form.actor, id, &form.data.text, form.data.version()?).await {
        Ok(()) => Ok(see_other(format!("/proposals/{id}"))),
        Err(Error::Invalid(m)) => {
            let (circle, _) = circles::with_facts(&st.db, &form.actor, p.circle_id).await?;
            let mut page = edit_form(&form.actor, lang, circle, &p, None)?;
            page.text = form.data.text.clone();
            page.error = FormError { message: Some(lang.msg(&m)), field: m.field };
            form_again(&page)
        }
        Err(Error::Conflict(m)) if m.key == "proposal-edit-conflict" => {
            // Show the current text beside the writer's own, so nothing is lost.
            let (circle, _) = circles::with_facts(&st.db, &form.actor, p.circle_id).await?;
            let page = edit_form(&form.actor, lang, circle, &p, Some(form.data.text.clone()))?;
            let mut resp = render(&page)?.into_response();
            *resp.status_mut() = StatusCode::CONFLICT;
            Ok(resp)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct StepForm {
    #[serde(default)]
    action: String,
}

/// Lifecycle steps that need no more than a button: start validation, back to draft,
/// implementation planned / started / done.
async fn step(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<StepForm>) -> Result<Response> {
    let action = Action::parse_requested(&form.data.action).ok_or(Error::invalid("error-form"))?;
    let (p, facts) = store::with_facts(&st.db, &form.actor, id).await?;
    let role = match policy::proposal(&form.actor, &facts)? {
        ProposalAccess::Member => Role::Member,
        ProposalAccess::Decider => Role::Decider,
    };
    store::transition(&st.db, &form.actor, &p, action, role, "").await?;
    if action == Action::StartValidation {
        // A circle of one, or a rule that is already met, validates at once.
        let rule = crate::orgs::settings(&st.db, form.actor.org_id).await?.validation;
        store::apply_rule(&st.db, &form.actor, id, rule).await?;
    }
    Ok(see_other(format!("/proposals/{id}")))
}

#[derive(Deserialize)]
struct VoteForm {
    #[serde(default)]
    choice: String,
    #[serde(default)]
    reason: String,
}

async fn vote(State(st): State<AppState>, lang: Lang, Path(id): Path<i64>, form: Submit<VoteForm>) -> Result<Response> {
    member_proposal(&st, &form.actor, id).await?;
    let cast = store::cast_vote(&st.db, &form.actor, id, &form.data.choice, &form.data.reason).await.map(|_| ());
    shown_again(&st, &form.actor, lang, id, cast, ("reason", &form.data.reason), "#votes").await
}

#[derive(Deserialize)]
struct SubmitForm {
    #[serde(default)]
    decider_id: String,
}

async fn submit(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<SubmitForm>) -> Result<Response> {
    let p = member_proposal(&st, &form.actor, id).await?;
    let decider = crate::web::optional_id(&form.data.decider_id)?.ok_or(Error::invalid("proposal-decider-unknown"))?;
    store::submit(&st.db, &form.actor, &p, decider).await?;
    Ok(see_other(format!("/proposals/{id}")))
}

#[derive(Deserialize)]
struct DecideForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

async fn decide(
    State(st): State<AppState>,
    lang: Lang,
    Path(id): Path<i64>,
    form: Submit<DecideForm>,
) -> Result<Response> {
    let (p, facts) = store::with_facts(&st.db, &form.actor, id).await?;
    policy::decide(&form.actor, &facts)?;
    let decided = store::decide(&st.db, &form.actor, &p, &form.data.decision, &form.data.reason).await.map(|_| ());
    shown_again(&st, &form.actor, lang, id, decided, ("dreason", &form.data.reason), "").await
}

#[derive(Deserialize)]
struct EffectForm {
    #[serde(default)]
    body: String,
}

async fn effect(
    State(st): State<AppState>,
    lang: Lang,
    Path(id): Path<i64>,
    form: Submit<EffectForm>,
) -> Result<Response> {
    let (p, facts) = store::with_facts(&st.db, &form.actor, id).await?;
    policy::proposal(&form.actor, &facts)?;
    let added = store::add_effect_note(&st.db, &form.actor, &p, &form.data.body).await.map(|_| ());
    shown_again(&st, &form.actor, lang, id, added, ("effect-body", &form.data.body), "#effect").await
}

async fn phase(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    form: Submit<std::collections::HashMap<String, String>>,
) -> Result<Response> {
    let p = member_proposal(&st, &form.actor, id).await?;
    store::advance_phase(&st.db, &form.actor, &p).await?;
    Ok(see_other(format!("/proposals/{id}")))
}
