//! The API of a professional's learning: active weeks and attendance, the learning path,
//! talent-development conversations and learning time. Each handler makes the same policy
//! calls as the web page of the same capability and reads through the same store functions.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{ApiJson, ApiQuery, PageParams, Whole};
use crate::circles::store as circles;
use crate::conversations::store as conversations;
use crate::cycles::store as cycles;
use crate::error::{Error, Result};
use crate::learning_time::store::{self as time, Time};
use crate::paths::store as paths;
use crate::policy::{self, Actor, ConversationSide, SessionAccess};
use crate::web::AppState;

// --- Active weeks ------------------------------------------------------------------------

pub async fn circle_cycles(
    State(st): State<AppState>,
    actor: Actor,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<PageParams>,
) -> Result<Json<Value>> {
    let facts = circles::facts(&st.db, &actor, id).await?;
    policy::circle_content(&actor, &facts)?;
    let pq = q.page_query()?;
    let mut list = cycles::for_circle(&st.db, id, pq.limit(), pq.offset()).await?;
    let pager = crate::web::Pager::of(pq, &mut list);
    let items: Vec<Value> =
        list.iter().map(|c| json!({"id": c.id, "week_start": c.week_start, "sessions": c.sessions})).collect();
    Ok(Json(json!({"items": items, "page": pager.page, "has_next": pager.has_next})))
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    week: String,
    time: String,
    #[serde(default)]
    place: String,
}

pub async fn plan_cycle(
    State(st): State<AppState>,
    actor: Actor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<PlanBody>,
) -> Result<(StatusCode, Json<Value>)> {
    let facts = circles::facts(&st.db, &actor, id).await?;
    policy::circle_content(&actor, &facts)?;
    let settings = crate::orgs::settings(&st.db, actor.org_id).await?;
    let plan = cycles::Plan { week: &b.week, time: &b.time, place: &b.place };
    let cycle = cycles::plan(&st.db, &actor, id, &settings, &plan).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": cycle}))))
}

fn session_summary(s: &cycles::Session) -> Value {
    json!({"id": s.id, "position": s.position, "starts_at": s.starts_at, "minutes": s.minutes, "place": s.place, "cancelled": s.cancelled})
}

pub async fn cycle(State(st): State<AppState>, actor: Actor, Path(id): Path<i64>) -> Result<Json<Value>> {
    let cycle = cycles::cycle(&st.db, id).await?;
    let facts = circles::facts(&st.db, &actor, cycle.circle_id).await?;
    policy::circle_content(&actor, &facts)?;
    let sessions = cycles::sessions(&st.db, id).await?;
    let (questions, situations) = cycles::choices(&st.db, id).await?;
    Ok(Json(json!({
        "id": cycle.id, "circle_id": cycle.circle_id, "week_start": cycle.week_start,
        "sessions": sessions.iter().map(session_summary).collect::<Vec<_>>(),
        "questions": questions, "situations": situations,
    })))
}

/// Who can be marked present (the circle's members and the session's guests) and who was.
async fn attendance_json(st: &AppState, s: &cycles::Session) -> Result<Json<Value>> {
    let mut people: Vec<Value> = circles::members(&st.db, s.circle_id)
        .await?
        .into_iter()
        .filter(|m| m.is_member())
        .map(|m| json!({"id": m.person_id, "name": m.name, "guest": false}))
        .collect();
    people.extend(
        cycles::guests(&st.db, s.id)
            .await?
            .into_iter()
            .map(|g| json!({"id": g.person_id, "name": g.name, "guest": true})),
    );
    let mut present = cycles::attendance(&st.db, s.id).await?;
    present.sort_unstable();
    Ok(Json(json!({"present": present, "people": people})))
}

/// The session page shows attendance to the circle's members only.
pub async fn attendance(State(st): State<AppState>, actor: Actor, Path(id): Path<i64>) -> Result<Json<Value>> {
    let s = cycles::session(&st.db, id).await?;
    let facts = cycles::session_facts(&st.db, &actor, &s).await?;
    if policy::session(&actor, &facts)? != SessionAccess::Member {
        return Err(Error::NotFound);
    }
    attendance_json(&st, &s).await
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AttendanceBody {
    present: Vec<Whole>,
}

pub async fn record_attendance(
    State(st): State<AppState>,
    actor: Actor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AttendanceBody>,
) -> Result<Json<Value>> {
    let s = cycles::session(&st.db, id).await?;
    let facts = cycles::session_facts(&st.db, &actor, &s).await?;
    policy::session_manage(&actor, &facts)?;
    let present: Vec<i64> = b.present.iter().map(|w| w.0).collect();
    // The store refuses a session on a later day, and anyone not (or no longer) in the circle
    // or the session (the caller's list is out of date), as on the page: 409.
    cycles::set_attendance(&st.db, &s, &present).await?;
    attendance_json(&st, &s).await
}

// --- The learning path ---------------------------------------------------------------------

fn item_json(i: &paths::Item) -> Value {
    json!({"id": i.id, "kind": i.kind, "title": i.title, "provider": i.provider, "minutes": i.minutes, "link": i.link,
        "due_on": i.due_on, "done": i.done})
}

fn progress_json(p: &paths::Progress) -> Value {
    json!({"active_weeks": p.active_weeks, "minutes_used": p.minutes_used, "reflections": p.reflections,
        "proposals": p.proposals.iter().map(super::summary_json).collect::<Vec<_>>()})
}

async fn my_path_json(st: &AppState, actor: &Actor) -> Result<Json<Value>> {
    let path = paths::current(&st.db, actor.id).await?;
    let (items, progress) = match &path {
        Some(p) => (paths::items(&st.db, p.id).await?, paths::progress(&st.db, actor.id, p).await?),
        None => (Vec::new(), paths::Progress::default()),
    };
    let path = path.map(|p| {
        json!({"id": p.id, "starts_on": p.starts_on, "ends_on": p.ends_on, "planned_weeks": p.planned_weeks,
            "talents": p.talents, "goals": p.goals, "questions": p.question_numbers(), "share_plan": p.share_plan,
            "share_progress": p.share_progress, "share_items": p.share_items, "version": p.version})
    });
    Ok(Json(json!({
        "path": path,
        "items": items.iter().map(item_json).collect::<Vec<_>>(),
        "progress": progress_json(&progress),
    })))
}

pub async fn my_path(State(st): State<AppState>, actor: Actor) -> Result<Json<Value>> {
    policy::learning_path(&actor, actor.id)?;
    my_path_json(&st, &actor).await
}

/// What the API changes of a path: its goals and talents and what is shared with the manager.
/// The period and the guiding questions stay as they are (the page changes them).
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoalsBody {
    goals: String,
    #[serde(default)]
    talents: String,
    #[serde(default)]
    share_plan: bool,
    #[serde(default)]
    share_progress: bool,
    #[serde(default)]
    share_items: bool,
    version: Whole,
}

pub async fn update_path(
    State(st): State<AppState>,
    actor: Actor,
    ApiJson(b): ApiJson<GoalsBody>,
) -> Result<Json<Value>> {
    policy::learning_path(&actor, actor.id)?;
    let path = paths::current(&st.db, actor.id).await?.ok_or(Error::NotFound)?;
    let weeks = path.planned_weeks.to_string();
    let questions = path.question_numbers();
    let plan = paths::Plan {
        starts_on: &path.starts_on,
        ends_on: &path.ends_on,
        planned_weeks: &weeks,
        talents: &b.talents,
        goals: &b.goals,
        questions: &questions,
        share_plan: b.share_plan,
        share_progress: b.share_progress,
        share_items: b.share_items,
    };
    paths::update(&st.db, &actor, &path, &plan, b.version.0).await?;
    my_path_json(&st, &actor).await
}

// --- Conversations -----------------------------------------------------------------------

fn side_code(side: ConversationSide) -> &'static str {
    match side {
        ConversationSide::Professional => "professional",
        ConversationSide::Manager => "manager",
    }
}

fn conversation_summary(c: &conversations::Conversation, side: ConversationSide) -> Value {
    json!({"id": c.id, "person_id": c.person_id, "person_name": c.person_name, "manager_id": c.manager_id,
        "manager_name": c.manager_name, "scheduled_on": c.scheduled_on, "confirmed": c.confirmed(), "side": side_code(side)})
}

pub async fn my_conversations(
    State(st): State<AppState>,
    actor: Actor,
    ApiQuery(q): ApiQuery<PageParams>,
) -> Result<Json<Value>> {
    policy::start_circle(&actor)?;
    let pq = q.page_query()?;
    let mut list = conversations::of_person(&st.db, actor.id, pq.limit(), pq.offset()).await?;
    let pager = crate::web::Pager::of(pq, &mut list);
    let mut items = Vec::new();
    for c in &list {
        let side = policy::conversation(&actor, c.person_id, c.manager_id)?;
        items.push(conversation_summary(c, side));
    }
    Ok(Json(json!({"items": items, "page": pager.page, "has_next": pager.has_next})))
}

/// The conversation covers the half year before it (as its page).
const CONVERSATION_WEEKS: i64 = 26;

fn time_json(t: Time) -> Value {
    json!({"used_minutes": t.used, "granted_minutes": t.granted})
}

/// Exactly what the conversation's page shows the actor: the reflection count only to the
/// professional, of the learning path only the parts they share.
pub async fn conversation(State(st): State<AppState>, actor: Actor, Path(id): Path<i64>) -> Result<Json<Value>> {
    let c = conversations::get(&st.db, id).await?;
    let side = policy::conversation(&actor, c.person_id, c.manager_id)?;
    let weeks = time::recent_weeks(CONVERSATION_WEEKS);
    let times = time::weeks(&st.db, actor.org_id, &[c.person_id], &weeks).await?;
    let total = times
        .values()
        .fold(Time::default(), |acc, t| Time { used: acc.used + t.used, granted: acc.granted + t.granted });
    let today = chrono::Local::now().date_naive().to_string();
    let mut progress = paths::progress_between(&st.db, c.person_id, &weeks[0], &today).await?;
    if !policy::conversation_shows_reflection_count(side) {
        progress.reflections = 0;
    }
    let manager = crate::auth::actor_by_id(&st.db, actor.org_id, c.manager_id).await?.ok_or(Error::NotFound)?;
    let figures = time::manager_figures(&st.db, &manager, &weeks).await?;
    let shared = crate::paths::shared_with_manager(&st, c.person_id).await?.map(|sp| {
        json!({
            "plan": sp.parts.plan.then(|| json!({"starts_on": sp.path.starts_on, "ends_on": sp.path.ends_on,
                "planned_weeks": sp.path.planned_weeks, "talents": sp.path.talents, "goals": sp.path.goals,
                "questions": sp.path.question_numbers()})),
            "progress": sp.progress.as_ref().map(progress_json),
            "items": sp.parts.items.then(|| sp.items.iter().map(item_json).collect::<Vec<_>>()),
        })
    });
    let agreements = conversations::agreements(&st.db, id).await?;
    let mut v = conversation_summary(&c, side);
    let extra = json!({
        "person_narrative": c.person_narrative, "person_wishes": c.person_wishes, "manager_account": c.manager_account,
        "person_confirmed_at": c.person_confirmed_at, "manager_confirmed_at": c.manager_confirmed_at, "version": c.version,
        "time": time_json(total),
        "progress": progress_json(&progress),
        "shared_path": shared,
        "manager_figures": {"team_time": time_json(figures.team_time), "decided": figures.decided, "waiting": figures.waiting,
            "honoured_percent": figures.honoured_percent(), "median_decision_days": figures.median_decision_days},
        "agreements": agreements.iter().map(|a| json!({"text": a.text, "follow_up_on": a.follow_up_on, "by": a.created_by_name})).collect::<Vec<_>>(),
    });
    if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
    }
    Ok(Json(v))
}

// --- Learning time -------------------------------------------------------------------------

/// Twelve weeks, as on the page "Mijn leertijd".
const MY_WEEKS: i64 = 12;
/// Eight weeks, as on the team page.
const TEAM_WEEKS: i64 = 8;

fn week_json(week: &str, t: Time) -> Value {
    json!({"week": week, "used_minutes": t.used, "granted_minutes": t.granted})
}

pub async fn my_time(State(st): State<AppState>, actor: Actor) -> Result<Json<Value>> {
    policy::start_circle(&actor)?;
    let weeks = time::recent_weeks(MY_WEEKS);
    let times = time::weeks(&st.db, actor.org_id, &[actor.id], &weeks).await?;
    let months = time::months(actor.id, &weeks, &times);
    let default = crate::orgs::settings(&st.db, actor.org_id).await?.granted_minutes_per_week;
    let own = time::own_granted(&st.db, actor.id).await?;
    Ok(Json(json!({
        "weeks": weeks.iter().map(|w| week_json(w, times.get(&(actor.id, w.clone())).copied().unwrap_or_default())).collect::<Vec<_>>(),
        "months": months.iter().map(|m| json!({"month": m.month, "used_minutes": m.time.used, "granted_minutes": m.time.granted})).collect::<Vec<_>>(),
        "granted_minutes_per_week": own.unwrap_or(default),
    })))
}

/// The team page's figures: per person, hours used of hours granted — nothing else.
pub async fn team(State(st): State<AppState>, actor: Actor, ApiQuery(q): ApiQuery<PageParams>) -> Result<Json<Value>> {
    policy::team_hours(&actor)?;
    let weeks = time::recent_weeks(TEAM_WEEKS);
    let pq = q.page_query()?;
    let mut people = time::team(&st.db, &actor, pq.limit(), pq.offset()).await?;
    let pager = crate::web::Pager::of(pq, &mut people);
    let ids: Vec<i64> = people.iter().map(|(id, _)| *id).collect();
    let times = time::weeks(&st.db, actor.org_id, &ids, &weeks).await?;
    let items: Vec<Value> = people
        .iter()
        .map(|(id, name)| {
            let cells: Vec<Value> =
                weeks.iter().map(|w| week_json(w, times.get(&(*id, w.clone())).copied().unwrap_or_default())).collect();
            json!({"id": id, "name": name, "weeks": cells})
        })
        .collect();
    Ok(Json(json!({"weeks": weeks, "items": items, "page": pager.page, "has_next": pager.has_next})))
}
