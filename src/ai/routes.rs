//! Asking the AI (draft, critical friend, questions, path suggestion), following a request as
//! it streams, stopping it; L&D's prompt templates; the administrator's backend settings.

use std::convert::Infallible;
use std::time::Duration;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use tokio::sync::watch;

use super::prompts::{Example, Kind, Part};
use super::service::{Answerer, LiveState, Step};
use super::settings::{self, Mode};
use super::store::{self, AiRequest, For, NewRequest};
use crate::error::{Error, Result};
use crate::policy::{self, Actor};
use crate::web::{AppState, Lang, PageCtx, Submit, render, see_other};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sessions/{id}/ai/draft", post(draft))
        .route("/proposals/{id}/ai/critique", post(critique))
        .route("/situations/{id}/ai/questions", post(questions))
        .route("/path/ai/suggest", post(path_suggest))
        .route("/ai/requests/{id}/events", get(events))
        .route("/ai/requests/{id}/cancel", post(cancel))
        .route("/ai/prompts", get(prompts_page))
        .route("/ai/prompts/{kind}/{lang}", get(prompt_page).post(prompt_save))
        .route("/admin/ai", get(admin_page).post(admin_save))
}

/// How long a page without JavaScript waits for the AI before it shows what there is.
const WAIT: Duration = Duration::from_secs(600);

/// The AI part of a page: who answers (or why nobody can), and the requests so far.
pub struct Panel {
    pub unavailable: Option<&'static str>,
    pub answerer: Option<Answerer>,
    pub requests: Vec<AiRequest>,
    /// Where a new request is posted; `None` when this reader may not ask.
    pub action: Option<String>,
    pub kind: &'static str,
    /// For a draft: the week's situations to choose from.
    pub situations: Vec<(i64, String)>,
    /// For question suggestions: the framework's questions (number, text).
    pub questions: Vec<(i64, String)>,
}

impl Panel {
    pub async fn load(
        st: &AppState,
        org_id: i64,
        of: For,
        id: i64,
        kind: &'static str,
        action: Option<String>,
    ) -> Result<Panel> {
        let (unavailable, answerer) = match st.ai.answerer(&st.db, org_id).await? {
            Ok(a) => (None, Some(a)),
            Err(u) => (Some(u.key()), None),
        };
        let mut requests = store::requests_for(&st.db, of, id, kind, 5).await?;
        // A request whose node went silent is shown as interrupted, not as in progress forever.
        let now = crate::db::now();
        if requests.iter().any(|r| r.is_stale(now, st.ai.stale_after())) {
            store::reap(&st.db, now, st.ai.stale_after()).await?;
            requests = store::requests_for(&st.db, of, id, kind, 5).await?;
        }
        Ok(Panel { unavailable, answerer, requests, action, kind, situations: Vec::new(), questions: Vec::new() })
    }

    /// The framework questions an answer names.
    pub fn picked(&self, r: &AiRequest) -> Vec<(i64, String)> {
        let known: Vec<i64> = self.questions.iter().map(|q| q.0).collect();
        super::prompts::question_numbers(&r.text("questions"), &known)
            .into_iter()
            .filter_map(|n| self.questions.iter().find(|q| q.0 == n).cloned())
            .collect()
    }

    /// "gevraagd door Anna, ma 23 nov 2026"
    pub fn asked(&self, lang: &Lang, r: &AiRequest) -> String {
        let who = r.created_by_name.clone().unwrap_or_default();
        format!("{}, {}", lang.ta("ai-asked-by", &[("name", who)]), crate::cycles::format_date(r.created_at, *lang))
    }

    pub fn title_key(&self) -> String {
        format!("ai-panel-{}", self.kind)
    }

    pub fn ask_key(&self) -> String {
        format!("ai-ask-{}", self.kind)
    }

    pub fn demo_model(&self) -> bool {
        self.answerer.as_ref().is_some_and(|a| super::is_demo_model(&a.model))
    }

    pub fn answerer_label(&self, lang: &Lang) -> String {
        match &self.answerer {
            Some(a) => {
                let how = match a.mode {
                    Mode::Local => lang.t("ai-backend-local"),
                    _ => match &a.external_host {
                        Some(h) => lang.ta("ai-backend-external", &[("host", h.clone())]),
                        None => lang.t("ai-backend-server"),
                    },
                };
                format!("{how} · {}", a.model)
            }
            None => String::new(),
        }
    }

    pub fn field_label(&self, lang: &Lang, field: &str) -> String {
        lang.t(&format!("ai-field-{}", field.replace('_', "-")))
    }

    /// A field's sentences, each with the number (1, 2, …, as in the list of earlier
    /// proposals) of the example it leans on, if any.
    pub fn marked(&self, r: &AiRequest, o: &store::AiOutput) -> Vec<(String, Option<usize>)> {
        super::prompts::sentences(&o.text)
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let n = o
                    .leans
                    .iter()
                    .find(|(k, _)| *k == i)
                    .and_then(|(_, id)| r.source_ids.iter().position(|x| x == id))
                    .map(|p| p + 1);
                (s.to_string(), n)
            })
            .collect()
    }

    /// Whether any field of a request leans on an example (then the page explains the marks).
    pub fn leans_any(&self, r: &AiRequest) -> bool {
        r.outputs.iter().any(|o| !o.leans.is_empty())
    }

    pub fn provenance(&self, lang: &Lang, o: &store::AiOutput) -> String {
        lang.ta(
            "ai-provenance",
            &[
                ("backend", o.backend.clone()),
                ("model", o.model.clone()),
                ("prompt", format!("{} v{}", o.prompt_kind, o.prompt_version)),
                (
                    "tokens",
                    match o.prompt_tokens_known() {
                        Some(p) => format!("{p}+{}", o.completion_tokens),
                        None => lang.ta("ai-tokens-prompt-unknown", &[("completion", o.completion_tokens.to_string())]),
                    },
                ),
                ("ms", o.total_ms.to_string()),
                ("hash", o.input_hash.chars().take(12).collect::<String>()),
            ],
        )
    }
}

fn wants_stream(headers: &HeaderMap) -> bool {
    headers.get("x-hartslag-async").is_some()
}

/// After a request has started: JavaScript gets its id and follows it; a plain form waits for
/// the whole text and returns to the page.
async fn started(st: &AppState, headers: &HeaderMap, request_id: i64, back: String) -> Result<Response> {
    if wants_stream(headers) {
        let body = serde_json::json!({
            "id": request_id,
            "events": format!("/ai/requests/{request_id}/events"),
            "cancel": format!("/ai/requests/{request_id}/cancel"),
        });
        return Ok((StatusCode::ACCEPTED, axum::Json(body)).into_response());
    }
    st.ai.wait(&st.db, request_id, WAIT).await;
    Ok(see_other(back))
}

async fn steps(
    st: &AppState,
    org_id: i64,
    kinds: &[Kind],
    lang: Lang,
    parts: Vec<Part>,
    examples: Vec<Example>,
) -> Result<Vec<Step>> {
    let mut out = Vec::new();
    for kind in kinds {
        let template = store::template(&st.db, org_id, *kind, lang).await?;
        // Every step sees the material; the service adds what the earlier steps wrote.
        out.push(Step {
            kind: *kind,
            template,
            parts: parts.clone(),
            label_for_next: lang.t(&format!("ai-field-{}", kind.field().replace('_', "-"))),
            examples: examples.clone(),
        });
    }
    Ok(out)
}

/// What one request asks: the kinds of text, in which language, from which material.
struct Ask {
    kinds: &'static [Kind],
    /// The language the text is written in: the circle's, not the asker's interface.
    lang: Lang,
    parts: Vec<Part>,
    examples: Vec<Example>,
}

/// Records a request, puts its first field in line, and answers as [`started`] does.
async fn ask(
    st: &AppState,
    actor: &Actor,
    headers: &HeaderMap,
    req: NewRequest,
    what: Ask,
    back: String,
) -> Result<Response> {
    // Nobody can answer: say so, and keep no request that never started.
    if let Err(u) = st.ai.answerer(&st.db, actor.org_id).await? {
        return Err(Error::conflict(u.key()));
    }
    let steps = steps(st, actor.org_id, what.kinds, what.lang, what.parts, what.examples).await?;
    let rid = store::create_request(&st.db, actor.org_id, actor.id, &req).await?;
    st.ai.start(&st.db, actor.org_id, rid, steps).await?;
    started(st, headers, rid, back).await
}

#[derive(Deserialize)]
struct DraftForm {
    #[serde(default)]
    situation_id: String,
}

/// The session frame's AI step: a proposal draft, field by field.
async fn draft(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    form: Submit<DraftForm>,
) -> Result<Response> {
    let actor = &form.actor;
    let session = crate::cycles::store::session(&st.db, id).await?;
    let (circle, facts) = crate::cycles::store::session_circle(&st.db, actor, &session).await?;
    policy::session_manage(actor, &facts)?;
    // Written in the circle's language, whoever asks: every member reads the same draft.
    let lang = circle.language();
    let cycle = crate::cycles::store::cycle(&st.db, session.cycle_id).await?;
    let framework = crate::framework::store::by_id(&st.db, cycle.framework_version_id).await?.content;
    // Drafts belong to the session frame's AI step.
    let ai_step = framework
        .frame_for(session.position)
        .and_then(|f| f.steps.iter().position(|s| s.kind == crate::framework::StepKind::Ai))
        .map(|i| i + 1)
        .ok_or(Error::invalid("ai-no-step"))?;
    let situations = crate::situations::store::for_cycle(&st.db, cycle.id).await?;
    let chosen = crate::web::optional_id(&form.data.situation_id)?;
    let situation = match chosen {
        Some(s) => Some(situations.iter().find(|x| x.id == s).ok_or(Error::invalid("ai-situation-unknown"))?),
        None => situations.first(),
    };
    let mut parts = Vec::new();
    if let Some(s) = situation {
        parts.push(Part { label: lang.t("ai-part-situation"), text: format!("{}\n{}", s.title, s.description) });
    }
    // The group's own notes of this week, labelled by the step they were written in.
    for n in crate::cycles::store::week_notes(&st.db, cycle.id).await? {
        let label = framework
            .frame_for(n.position)
            .and_then(|f| f.steps.get((n.step - 1).max(0) as usize))
            .map(|s| lang.t(&s.kind.label_key()))
            .unwrap_or_else(|| lang.t("ai-part-notes"));
        parts.push(Part { label, text: n.body });
    }
    if parts.is_empty() {
        return Err(Error::invalid("ai-nothing-to-draft-from"));
    }
    let query = situation.map(|s| format!("{} {}", s.title, s.description)).unwrap_or_default();
    // Earlier proposals are examples, kept apart from the group's own material and marked as
    // from elsewhere, so the draft does not pass another team's proposal off as this group's.
    let earlier = super::retrieve::similar(&st.db, actor.org_id, circle.id, &query, 3).await?;
    let examples: Vec<Example> = earlier
        .iter()
        .map(|e| Example { id: e.id, title: e.title.clone(), text: e.proposal.clone(), own: e.circle_id == circle.id })
        .collect();
    let req = NewRequest {
        kind: "draft",
        circle_id: Some(circle.id),
        session_id: Some(session.id),
        situation_id: situation.map(|s| s.id),
        sources: earlier.iter().map(|e| e.id).collect(),
        ..Default::default()
    };
    let what = Ask { kinds: &Kind::DRAFT, lang, parts, examples };
    ask(&st, actor, &headers, req, what, format!("/sessions/{id}?step={ai_step}#ai")).await
}

/// The critical friend on the group's own proposal.
async fn critique(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    form: Submit<Empty>,
) -> Result<Response> {
    let actor = &form.actor;
    let (p, facts) = crate::proposals::store::with_facts(&st.db, actor, id).await?;
    policy::circle_content(actor, &facts.circle)?;
    let lang = crate::circles::store::with_facts(&st.db, actor, p.circle_id).await?.0.language();
    let parts = vec![
        Part { label: lang.t("ai-field-title"), text: p.title.clone() },
        Part { label: lang.t("ai-field-problem"), text: p.problem.clone() },
        Part { label: lang.t("ai-field-proposal"), text: p.proposal.clone() },
        Part { label: lang.t("ai-field-expected-effect"), text: p.expected_effect.clone() },
        Part { label: lang.t("ai-field-risks"), text: p.risks.clone() },
    ];
    let req =
        NewRequest { kind: "critique", circle_id: Some(p.circle_id), proposal_id: Some(p.id), ..Default::default() };
    let what = Ask { kinds: &Kind::CRITIQUE, lang, parts, examples: Vec::new() };
    ask(&st, actor, &headers, req, what, format!("/proposals/{id}#ai")).await
}

#[derive(Deserialize, Default)]
struct Empty {}

/// Guiding questions from the framework that fit a work situation.
async fn questions(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    form: Submit<Empty>,
) -> Result<Response> {
    let actor = &form.actor;
    let s = crate::situations::store::get(&st.db, id).await?;
    let (circle, facts) = crate::circles::store::with_facts(&st.db, actor, s.circle_id).await?;
    policy::circle_content(actor, &facts)?;
    let lang = circle.language();
    let framework = crate::framework::store::current(&st.db, actor.org_id).await?.content;
    let list = framework
        .questions
        .iter()
        .map(|q| format!("{}. {}", q.no, if lang == Lang::Nl { &q.nl } else { &q.en }))
        .collect::<Vec<_>>()
        .join("\n");
    let parts = vec![
        Part { label: lang.t("ai-part-situation"), text: format!("{}\n{}", s.title, s.description) },
        Part { label: lang.t("ai-part-questions"), text: list },
    ];
    let req =
        NewRequest { kind: "questions", circle_id: Some(s.circle_id), situation_id: Some(s.id), ..Default::default() };
    let what = Ask { kinds: &[Kind::Questions], lang, parts, examples: Vec::new() };
    ask(&st, actor, &headers, req, what, format!("/situations/{id}#ai")).await
}

/// A learning-path suggestion from the owner's own reflections, for the owner alone.
async fn path_suggest(
    State(st): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    form: Submit<Empty>,
) -> Result<Response> {
    let actor = &form.actor;
    policy::start_circle(actor)?;
    let reflections = crate::reflections::store::mine(&st.db, actor.id, 20, 0).await?;
    if reflections.is_empty() {
        return Err(Error::invalid("ai-path-needs-reflections"));
    }
    let parts = reflections
        .iter()
        .map(|r| Part { label: crate::cycles::format_date(r.created_at, lang), text: r.body.clone() })
        .collect();
    let req = NewRequest { kind: "path", person_id: Some(actor.id), ..Default::default() };
    // The path is the person's own: written in their language.
    let what = Ask { kinds: &[Kind::Path], lang, parts, examples: Vec::new() };
    ask(&st, actor, &headers, req, what, "/path#ai".into()).await
}

/// Loads what the policy needs to decide who may follow or stop a request.
async fn may_follow(st: &AppState, actor: &Actor, r: &AiRequest) -> Result<()> {
    let circle = match (r.person_id, r.circle_id) {
        (None, Some(c)) if r.org_id == actor.org_id => Some(crate::circles::store::facts(&st.db, actor, c).await?),
        _ => None,
    };
    policy::ai_request(actor, r.org_id, r.person_id, circle.as_ref())
}

/// Server-sent events with the state of a request until it is done. On the node that runs it,
/// every change as it is written; on any other node, what the database holds, read every
/// [`POLL`]: each finished field, then the final status.
async fn events(State(st): State<AppState>, actor: Actor, Path(id): Path<i64>) -> Result<Response> {
    let r = store::request(&st.db, id).await?;
    may_follow(&st, &actor, &r).await?;
    let start = match st.ai.watch(id) {
        Some(rx) => Follow::Live(rx),
        None => Follow::Stored { seen: None, until: tokio::time::Instant::now() + WAIT },
    };
    let stream = futures_util::stream::unfold((start, st), move |(follow, st)| async move {
        let (state, next) = follow.next(&st, id).await?;
        let event = Event::default().json_data(&state).unwrap_or_default();
        Some((Ok::<_, Infallible>(event), (next, st)))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()).into_response())
}

/// How often a stream on another node than the request's reads the database.
const POLL: Duration = Duration::from_secs(1);

/// Where an event stream takes the next state from.
enum Follow {
    /// The request runs on this node.
    Live(watch::Receiver<LiveState>),
    /// It runs elsewhere, or ran: the database, until it is done or `until`. `seen` is what was
    /// last sent (fields, status); nothing yet: read at once.
    Stored { seen: Option<(usize, String)>, until: tokio::time::Instant },
    /// The final state was sent.
    End,
}

impl Follow {
    /// The next state to send and where to look after it; `None` ends the stream.
    async fn next(self, st: &AppState, id: i64) -> Option<(LiveState, Follow)> {
        match self {
            Follow::End => None,
            Follow::Live(mut rx) => {
                let state = rx.borrow_and_update().clone();
                if state.done {
                    return Some((state, Follow::End));
                }
                if rx.changed().await.is_err() {
                    // The live state went away without its end: the database has it.
                    let until = tokio::time::Instant::now() + WAIT;
                    return Some((state, Follow::Stored { seen: None, until }));
                }
                Some((state, Follow::Live(rx)))
            }
            Follow::Stored { seen, until } => {
                let mut wait = seen.is_some();
                loop {
                    if wait {
                        tokio::time::sleep(POLL).await;
                    }
                    wait = true;
                    let mut r = store::request(&st.db, id).await.ok()?;
                    let now = crate::db::now();
                    if r.is_stale(now, st.ai.stale_after()) {
                        store::reap(&st.db, now, st.ai.stale_after()).await.ok()?;
                        r = store::request(&st.db, id).await.ok()?;
                    }
                    let done = !r.in_progress() || tokio::time::Instant::now() >= until;
                    let now_seen = (r.outputs.len(), r.status.clone());
                    if done || seen.as_ref() != Some(&now_seen) {
                        let state = LiveState {
                            position: 0,
                            field: String::new(),
                            fields: r.outputs.iter().map(|o| (o.field.clone(), o.text.clone())).collect(),
                            done: !r.in_progress(),
                            status: r.status.clone(),
                            error: r.error.clone(),
                        };
                        let next = if done { Follow::End } else { Follow::Stored { seen: Some(now_seen), until } };
                        return Some((state, next));
                    }
                }
            }
        }
    }
}

async fn cancel(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    form: Submit<Empty>,
) -> Result<Response> {
    let r = store::request(&st.db, id).await?;
    may_follow(&st, &form.actor, &r).await?;
    // Whichever node runs it hears this with its next heartbeat; this one stops it at once.
    store::request_cancel(&st.db, id).await?;
    st.ai.cancel(id);
    if wants_stream(&headers) {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    st.ai.wait(&st.db, id, Duration::from_secs(10)).await;
    let back = match (r.kind.as_str(), r.session_id, r.proposal_id, r.situation_id) {
        ("draft", Some(s), _, _) => format!("/sessions/{s}#ai"),
        (_, _, Some(p), _) => format!("/proposals/{p}#ai"),
        (_, _, _, Some(s)) => format!("/situations/{s}#ai"),
        _ => "/path#ai".into(),
    };
    Ok(see_other(back))
}

#[derive(Template)]
#[template(path = "ai/templates/prompts.html")]
struct PromptsPage {
    ctx: PageCtx,
    rows: Vec<(Kind, i64, i64)>,
}

async fn prompts_page(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    policy::steer_learning(&actor)?;
    let versions = store::versions(&st.db, actor.org_id).await?;
    let version = |k: Kind, l: Lang| versions.get(&(k.code().to_string(), l.code().to_string())).copied().unwrap_or(1);
    let rows = Kind::ALL.into_iter().map(|k| (k, version(k, Lang::Nl), version(k, Lang::En))).collect();
    Ok(render(&PromptsPage { ctx: PageCtx::new(&actor, lang), rows })?.into_response())
}

#[derive(Template)]
#[template(path = "ai/templates/prompt.html")]
struct PromptPage {
    ctx: PageCtx,
    tpl: super::prompts::Template,
    builtin: super::prompts::Template,
}

impl PromptPage {
    fn kind_key(&self) -> String {
        format!("ai-kind-{}", self.tpl.kind.code())
    }
}

impl PromptsPage {
    fn kind_key(&self, k: &Kind) -> String {
        format!("ai-kind-{}", k.code())
    }
}

fn parse_prompt(kind: &str, lang: &str) -> Result<(Kind, Lang)> {
    Ok((Kind::parse(kind).ok_or(Error::NotFound)?, Lang::parse(lang).ok_or(Error::NotFound)?))
}

async fn prompt_page(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Path((kind, tlang)): Path<(String, String)>,
) -> Result<Response> {
    policy::steer_learning(&actor)?;
    let (kind, tlang) = parse_prompt(&kind, &tlang)?;
    let t = store::template(&st.db, actor.org_id, kind, tlang).await?;
    let builtin = super::prompts::builtin(kind, tlang);
    Ok(render(&PromptPage { ctx: PageCtx::new(&actor, lang), tpl: t, builtin })?.into_response())
}

#[derive(Deserialize)]
struct PromptForm {
    #[serde(default)]
    system: String,
    #[serde(default)]
    instruction: String,
}

async fn prompt_save(
    State(st): State<AppState>,
    Path((kind, tlang)): Path<(String, String)>,
    form: Submit<PromptForm>,
) -> Result<Response> {
    policy::steer_learning(&form.actor)?;
    let (kind, tlang) = parse_prompt(&kind, &tlang)?;
    store::save_template(
        &st.db,
        form.actor.org_id,
        form.actor.id,
        kind,
        tlang,
        &form.data.system,
        &form.data.instruction,
    )
    .await?;
    Ok(see_other("/ai/prompts"))
}

#[derive(Template)]
#[template(path = "ai/templates/admin.html")]
struct AdminPage {
    ctx: PageCtx,
    s: settings::AiSettings,
    local_model: Option<String>,
    status: Result<String, String>,
}

async fn admin_page(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    policy::administer(&actor, actor.org_id)?;
    let s = settings::load(&st.db, actor.org_id).await?;
    let status = match st.ai.answerer(&st.db, actor.org_id).await? {
        Ok(a) => Ok(format!("{} · {}", a.mode.code(), a.model)),
        // The administrator is the one to ask: tell them what to do instead.
        Err(super::service::Unavailable::NoModel) => Err(lang.t("ai-no-model-admin")),
        Err(u) => Err(lang.t(u.key())),
    };
    let local_model = st.ai.local_model().map(str::to_string);
    Ok(render(&AdminPage { ctx: PageCtx::new(&actor, lang), s, local_model, status })?.into_response())
}

#[derive(Deserialize)]
struct AdminForm {
    #[serde(default)]
    mode: String,
    #[serde(default)]
    base_url: String,
    #[serde(default)]
    model: String,
    #[serde(default)]
    api_key: String,
    #[serde(default)]
    clear_key: Option<String>,
    #[serde(default)]
    allow_external: Option<String>,
}

async fn admin_save(State(st): State<AppState>, form: Submit<AdminForm>) -> Result<Response> {
    policy::administer(&form.actor, form.actor.org_id)?;
    let f = &form.data;
    let change = settings::Change {
        mode: &f.mode,
        base_url: &f.base_url,
        model: &f.model,
        key: &f.api_key,
        clear_key: f.clear_key.is_some(),
        allow_external: f.allow_external.is_some(),
    };
    settings::save(&st.db, (&form.actor).into(), st.ai.secret(), &change).await?;
    tracing::info!(org_id = form.actor.org_id, by = form.actor.id, mode = f.mode, "AI backend changed");
    Ok(see_other("/admin/ai"))
}
