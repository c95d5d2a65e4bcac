//! L&D's pages: the framework and its versions, and the cycle defaults.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::store::{self, FrameworkVersion};
use super::{Frame, FrameworkContent, Question, Step, StepKind};
use crate::error::{Error, Msg, Result};
use crate::orgs::{self, OrgSettings, ValidationRule};
use crate::policy::{self, Actor};
use crate::web::{AppState, Lang, PageCtx, PageQuery, Pager, Submit, render, see_other};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/framework", get(framework_page))
        .route("/framework/edit", get(edit_page).post(save))
        .route("/settings", get(settings_page).post(save_settings))
}

#[derive(Template)]
#[template(path = "framework/templates/framework.html")]
struct FrameworkPage {
    ctx: PageCtx,
    current: FrameworkVersion,
    versions: Vec<FrameworkVersion>,
    pager: Pager,
}

impl FrameworkPage {
    fn step_label(&self, s: &Step) -> String {
        self.ctx.t(&s.kind.label_key())
    }
    fn date(&self, ts: &i64) -> String {
        crate::cycles::format_date(*ts, self.ctx.lang)
    }
}

async fn framework_page(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Query(q): Query<PageQuery>,
) -> Result<Response> {
    policy::steer_learning(&actor)?;
    let current = store::current(&st.db, actor.org_id).await?;
    let mut versions = store::versions(&st.db, actor.org_id, q.limit(), q.offset()).await?;
    let pager = Pager::of(q, &mut versions);
    Ok(render(&FrameworkPage { ctx: PageCtx::new(&actor, lang), current, versions, pager })?.into_response())
}

#[derive(Template)]
#[template(path = "framework/templates/edit.html")]
struct EditPage {
    ctx: PageCtx,
    version: i64,
    questions: Vec<Question>,
    frames: Vec<(String, String, String)>,
    kinds: String,
}

fn steps_text(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|s| {
            let qs: Vec<String> = s.questions.iter().map(|n| n.to_string()).collect();
            format!("{}: {}", s.kind.code(), qs.join(", "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

async fn edit_page(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    policy::steer_learning(&actor)?;
    let current = store::current(&st.db, actor.org_id).await?;
    let mut questions = current.content.questions.clone();
    let next_no = questions.iter().map(|q| q.no).max().unwrap_or(0);
    for i in 1..=2 {
        questions.push(Question { no: next_no + i, phase: String::new(), nl: String::new(), en: String::new() });
    }
    let mut frames: Vec<(String, String, String)> =
        current.content.frames.iter().map(|f| (f.title_nl.clone(), f.title_en.clone(), steps_text(&f.steps))).collect();
    frames.push((String::new(), String::new(), String::new()));
    let kinds = StepKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>().join(", ");
    let page = EditPage { ctx: PageCtx::new(&actor, lang), version: current.version, questions, frames, kinds };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
struct FrameworkForm {
    #[serde(default)]
    q_no: Vec<String>,
    #[serde(default)]
    q_phase: Vec<String>,
    #[serde(default)]
    q_nl: Vec<String>,
    #[serde(default)]
    q_en: Vec<String>,
    #[serde(default)]
    f_title_nl: Vec<String>,
    #[serde(default)]
    f_title_en: Vec<String>,
    #[serde(default)]
    f_steps: Vec<String>,
}

/// Parses "analyse: 2, 3" lines into steps.
fn parse_steps(text: &str) -> Result<Vec<Step>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (kind, qs) = line.split_once(':').unwrap_or((line, ""));
            let kind = StepKind::parse(kind)
                .ok_or_else(|| Error::Invalid(Msg::new("framework-step-kind").arg("kind", kind.trim())))?;
            let questions = qs
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| s.parse::<i64>().map_err(|_| Error::invalid("framework-question-number")))
                .collect::<Result<Vec<_>>>()?;
            Ok(Step { kind, questions })
        })
        .collect()
}

impl FrameworkForm {
    fn to_content(&self) -> Result<FrameworkContent> {
        let n = self.q_no.len();
        if self.q_phase.len() != n || self.q_nl.len() != n || self.q_en.len() != n {
            return Err(Error::invalid("error-form"));
        }
        let mut questions = Vec::new();
        for i in 0..n {
            if self.q_nl[i].trim().is_empty() && self.q_en[i].trim().is_empty() {
                continue; // an emptied row retires the question
            }
            let no = self.q_no[i].trim().parse().map_err(|_| Error::invalid("framework-question-number"))?;
            questions.push(Question {
                no,
                phase: self.q_phase[i].trim().to_string(),
                nl: self.q_nl[i].trim().to_string(),
                en: self.q_en[i].trim().to_string(),
            });
        }
        let m = self.f_title_nl.len();
        if self.f_title_en.len() != m || self.f_steps.len() != m {
            return Err(Error::invalid("error-form"));
        }
        let mut frames = Vec::new();
        for i in 0..m {
            if self.f_title_nl[i].trim().is_empty() && self.f_steps[i].trim().is_empty() {
                continue;
            }
            frames.push(Frame {
                title_nl: self.f_title_nl[i].trim().to_string(),
                title_en: self.f_title_en[i].trim().to_string(),
                steps: parse_steps(&self.f_steps[i])?,
            });
        }
        let content = FrameworkContent { questions, frames };
        content.validate()?;
        Ok(content)
    }
}

async fn save(State(st): State<AppState>, form: Submit<FrameworkForm>) -> Result<Response> {
    policy::steer_learning(&form.actor)?;
    let content = form.data.to_content()?;
    let current = store::current(&st.db, form.actor.org_id).await?;
    if current.content != content {
        store::save_version(&st.db, form.actor.org_id, Some(form.actor.id), &content).await?;
    }
    Ok(see_other("/framework"))
}

#[derive(Template)]
#[template(path = "framework/templates/settings.html")]
struct SettingsPage {
    ctx: PageCtx,
    s: OrgSettings,
    granted_hours: String,
    rules: Vec<&'static str>,
}

async fn settings_page(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    policy::steer_learning(&actor)?;
    let s = orgs::settings(&st.db, actor.org_id).await?;
    let granted_hours = crate::cycles::hours(s.granted_minutes_per_week);
    let rules = ValidationRule::PRESETS.iter().map(|(n, _)| *n).collect();
    Ok(render(&SettingsPage { ctx: PageCtx::new(&actor, lang), s, granted_hours, rules })?.into_response())
}

#[derive(Deserialize)]
#[serde(default)]
#[derive(Default)]
struct SettingsForm {
    sessions_per_week: String,
    session_minutes: String,
    granted_hours: String,
    circle_min: String,
    circle_max: String,
    validation_rule: String,
}

fn number(s: &str, key: &'static str) -> Result<i64> {
    s.trim().parse().map_err(|_| Error::invalid(key))
}

async fn save_settings(State(st): State<AppState>, form: Submit<SettingsForm>) -> Result<Response> {
    let actor = form.actor;
    policy::steer_learning(&actor)?;
    let f = form.data;
    let granted = crate::web::hours_to_minutes(&f.granted_hours, 40.0, "settings-granted-range")?
        .ok_or(Error::invalid("settings-granted-range"))?;
    let s = OrgSettings {
        org_id: actor.org_id,
        name: String::new(),
        sessions_per_week: number(&f.sessions_per_week, "settings-sessions-range")?,
        session_minutes: number(&f.session_minutes, "settings-minutes-range")?,
        granted_minutes_per_week: granted,
        circle_min: number(&f.circle_min, "settings-circle-size-range")?,
        circle_max: number(&f.circle_max, "settings-circle-size-range")?,
        validation: ValidationRule::preset(&f.validation_rule).ok_or(Error::invalid("settings-rule-unknown"))?,
    };
    orgs::update_settings(&st.db, &s).await?;
    Ok(see_other("/settings"))
}
