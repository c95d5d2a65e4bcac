//! The demo world: Zorggroep De Linde (small) and a national care group (xxl).
//!
//! `small` is "Zorggroep De Linde": 300 people in 26 units (Raad van Bestuur, Directie Zorg
//! with Locatie Lindehof, Locatie Beukenrode and Wijkzorg Oost, Ondersteuning with its six
//! departments), 30 Prof-cirkels and sixteen weeks of history. Thirteen circles carry a scripted
//! story (`story.rs`): the professional's two circles with votes waiting, the manager with three
//! proposals waiting for a decision, a proposal in every state, a stalled circle, a guest from
//! the pharmacy. The other circles get generated history in the same shape.
//!
//! `xxl` is "Zorggroep Nederland (XXL)": exactly 100,000 people in about 7,600 units (sixteen
//! regions with 45 locations each, every location with its teams; the De Linde locations sit in
//! Regio Oost and carry the same story, so the five logins work the same), and 20,000 circles
//! with a year of history. The distribution follows the small demo: circles of 3–6, started
//! while the organisation rolled the way of working out (during the first eight months), each
//! alternating runs of active weeks with pauses in the same rhythm as in `small` (about two
//! weeks in three active, in line with the concept's "20 active weeks in six months" as the
//! upper end), a few stopping for good — about 25 active weeks per circle over the year. Each
//! active week has the organisation's four sessions, attendance, shared notes, reflections and
//! choices; proposals come at the same rate and in the same age-dependent states. Generated
//! text repeats. Because 20,000 circles of ~4.6 seats meet 100,000 people who join at most two,
//! about 40% of the people (the long tail) are in no circle, against 60% in `small`.
//! On SQLite it takes about two minutes on two cores (see `bulk.rs` for what made it fast).
//!
//! Both sizes have the same scans (`scans.rs`): the Leercultuurscan a year ago, half a year ago
//! and open now (none of the logins has answered it), four monthly pulses and an AI-literacy run
//! for the job groups that use AI, with answers that differ per location and rise over time.
//!
//! Everything is written in one transaction with multi-row INSERTs (`bulk.rs`) and explicit
//! ids, so a failed run leaves nothing behind but the organisation row, which is removed again.
//! The demo password is hashed once and shared by every person.

mod scans;
mod story;
mod text;
mod world;

use std::collections::HashMap;
use std::time::Instant;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use crate::db::bulk::{Bulk, row};
use crate::db::{Db, Engine, Tx};
use crate::framework::StepKind;
use crate::orgs::ValidationRule;
use crate::proposals::state::{Action, Phase, State};
use text::Sit;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    Small,
    Xxl,
}

impl Size {
    pub fn parse(s: &str) -> Option<Size> {
        match s {
            "small" => Some(Size::Small),
            "xxl" => Some(Size::Xxl),
            _ => None,
        }
    }
}

pub struct Login {
    pub role: String,
    pub email: String,
    pub password: String,
}

pub struct Logins {
    pub organisation: String,
    pub logins: Vec<Login>,
}

pub const DEMO_PASSWORD: &str = "hartslag-demo";

/// Name, slug and e-mail domain of a demo organisation.
fn identity(size: Size) -> (&'static str, &'static str, &'static str) {
    match size {
        Size::Small => ("Zorggroep De Linde", "de-linde", "delinde.example"),
        Size::Xxl => ("Zorggroep Nederland (XXL)", "xxl", "xxl.example"),
    }
}

fn logins(size: Size) -> Logins {
    let (name, _, domain) = identity(size);
    Logins {
        organisation: name.to_string(),
        logins: story::PERSONAS
            .iter()
            .filter_map(|p| {
                p.role.map(|role| Login {
                    role: role.to_string(),
                    email: story::persona_email(p, domain),
                    password: DEMO_PASSWORD.to_string(),
                })
            })
            .collect(),
    }
}

/// Creates the demo organisation when it is absent; returns the logins either way. `secret` is
/// the server's secret key: the open scan run's markers of who answered are keyed with it.
pub async fn ensure(db: &Db, size: Size, secret: &[u8; 32]) -> anyhow::Result<Logins> {
    let (name, slug, _) = identity(size);
    if crate::orgs::org_by_slug(db, slug).await?.is_some() {
        return Ok(logins(size));
    }
    let started = Instant::now();
    eprintln!("demo: creating {name} …");
    let org_id = crate::orgs::create_org(db, name, slug).await?;
    match build(db, org_id, size, started, secret).await {
        Ok(()) => {
            let logins = logins(size);
            learning_path(db, org_id, &logins).await?;
            impact_register(db, org_id, &logins).await?;
            // The closed scans' reports are published as closing a run publishes them.
            crate::scans::store::publish_closed(db, org_id).await?;
            let ms = crate::cockpit::refresh::refresh(db, org_id).await?;
            eprintln!("demo: cockpit figures computed in {:.1} s", ms as f64 / 1000.0);
            eprintln!("demo: done in {:.1} s", started.elapsed().as_secs_f64());
            Ok(logins)
        }
        Err(e) => {
            // Nothing of the transaction was kept; remove the organisation so a rerun starts over.
            let _ =
                sqlx::query("DELETE FROM framework_versions WHERE org_id = $1").bind(org_id).execute(&db.pool).await;
            let _ = sqlx::query("DELETE FROM organisations WHERE id = $1").bind(org_id).execute(&db.pool).await;
            Err(e)
        }
    }
}

/// The demo professional's own learning path, with the plan and formal learning shared.
async fn learning_path(db: &Db, org_id: i64, logins: &Logins) -> anyhow::Result<()> {
    let Some(login) = logins.logins.iter().find(|l| l.role == "professional") else { return Ok(()) };
    let Some(person) = crate::orgs::person_by_email(db, org_id, &login.email).await? else { return Ok(()) };
    let actor = crate::policy::Actor {
        id: person.id,
        org_id,
        name: person.name,
        email: person.email,
        is_admin: false,
        is_adviser: false,
        is_guest: false,
        is_manager: false,
        csrf: None,
    };
    let today = chrono::Local::now().date_naive();
    let starts = (today - chrono::Duration::days(84)).to_string();
    let ends = (today + chrono::Duration::days(98)).to_string();
    let plan = crate::paths::store::Plan {
        starts_on: &starts,
        ends_on: &ends,
        planned_weeks: "14",
        talents: "Rust bewaren als het druk is; bewoners met dementie goed aanvoelen.",
        goals: "Beter doorvragen bij overdrachten, zodat niets blijft liggen.\nMeer zeggen in het teamoverleg als iets niet klopt.",
        questions: &[2, 3, 9],
        share_plan: true,
        share_progress: true,
        share_items: false,
    };
    crate::paths::store::create(db, &actor, &plan).await?;
    let path = crate::paths::store::current(db, person.id).await?.ok_or_else(|| anyhow::anyhow!("path not saved"))?;
    for (kind, title, provider, hours, due) in [
        ("formal", "E-learning Valpreventie bij ouderen", "Zorgacademie De Linde", "4", ""),
        ("formal", "Training Gespreksvoering met familie", "Vilans", "12", ""),
        ("milestone", "Overdrachtsvraag over vallen ingevoerd in Lindehof 2", "", "", ends.as_str()),
    ] {
        let item = crate::paths::store::NewItem { kind, title, provider, hours, link: "", due_on: due };
        crate::paths::store::add_item(db, &path, &item).await?;
    }
    Ok(())
}

/// L&D's register of learning solutions: the Prof-cirkel way of working itself (measured from
/// the cockpit), a training with entered values one of which is a red flag, a leadership
/// programme the triage sends to route A, and a mentoring scheme L&D moved to route B.
async fn impact_register(db: &Db, org_id: i64, logins: &Logins) -> anyhow::Result<()> {
    use crate::impact::store::{self, NewSolution, NewValue};
    let Some(login) = logins.logins.iter().find(|l| l.role == "L&O-adviseur") else { return Ok(()) };
    let Some(person) = crate::orgs::person_by_email(db, org_id, &login.email).await? else { return Ok(()) };
    let actor = crate::policy::Actor {
        id: person.id,
        org_id,
        name: person.name,
        email: person.email,
        is_admin: false,
        is_adviser: true,
        is_guest: false,
        is_manager: false,
        csrf: None,
    };
    let solution =
        |name: &str, kind: &str, description: &str, triage: [&str; 3], route: &str, reason: &str| NewSolution {
            name: name.into(),
            kind: kind.into(),
            description: description.into(),
            owner_id: Some(actor.id),
            size: triage[0].into(),
            weight: triage[1].into(),
            risk: triage[2].into(),
            route_choice: route.into(),
            route_reason: reason.into(),
        };
    let new = [
        solution(
            "Prof-cirkels in de hele organisatie",
            "circles",
            "De werkwijze zelf: professionals leren in cirkels van hun eigen werk, met voorstellen aan hun leidinggevende.",
            ["high", "medium", "low"],
            "",
            "",
        ),
        solution(
            "Training Valpreventie bij ouderen",
            "training",
            "Klassikale training van een dagdeel met een e-learning vooraf.",
            ["medium", "medium", "low"],
            "",
            "",
        ),
        solution(
            "Leiderschapsprogramma teamleiders",
            "programme",
            "Een jaarprogramma voor nieuwe teamleiders, met intervisie en coaching.",
            ["high", "high", "medium"],
            "",
            "",
        ),
        solution(
            "Mentorregeling nieuwe collega's",
            "mentoring",
            "Elke nieuwe collega krijgt een ervaren mentor voor de eerste drie maanden.",
            ["low", "medium", "medium"],
            "B",
            "Het verloop van nieuwe collega's in het eerste jaar is hoog; we willen weten waar de regeling hapert.",
        ),
    ];
    let mut ids = Vec::new();
    for n in &new {
        ids.push(store::create(db, &actor, n).await?);
    }
    let today = chrono::Local::now().date_naive();
    let from = (today - chrono::Duration::days(120)).to_string();
    let to = (today - chrono::Duration::days(30)).to_string();
    let k = crate::cockpit::disclosure::min_group(crate::orgs::cockpit_min_group(db, org_id).await?);
    for (at, parameter, value, population, source) in [
        (1, "no-show", "18", "64", "Presentielijsten van de trainer"),
        (1, "completion", "91", "64", "Presentielijsten van de trainer"),
        (1, "cost-per-participant", "640", "64", "Factuur leverancier en roosters (verletkosten)"),
        (2, "cost-per-participant", "4200", "12", "Begroting L&O en roosters (verletkosten)"),
        (2, "completion", "83", "12", "Programmaregistratie"),
        (3, "start-lead-time", "45", "18", "Aanvragen bij L&O"),
    ] {
        let s = store::solution(db, org_id, ids[at]).await?;
        let v = NewValue {
            parameter: parameter.into(),
            value: value.into(),
            period_from: from.clone(),
            period_to: to.clone(),
            population: population.into(),
            source: source.into(),
        };
        store::enter(db, &actor, &s, k, &v, today).await?;
    }
    Ok(())
}

async fn build(db: &Db, org_id: i64, size: Size, started: Instant, secret: &[u8; 32]) -> anyhow::Result<()> {
    let framework = crate::framework::store::current(db, org_id).await?;
    let settings = crate::orgs::settings(db, org_id).await?;
    let hash = crate::auth::hash_password(DEMO_PASSWORD)?;
    let steps: Vec<Vec<StepKind>> =
        framework.content.frames.iter().map(|f| f.steps.iter().map(|s| s.kind).collect()).collect();
    let mut tx = db.begin().await?;
    let ids = Ids::load(&mut tx).await?;
    let mut g = Gen::new(db.engine, size, org_id, framework.id, steps, &settings, hash, ids);
    g.build_world();
    eprintln!(
        "demo: {} units, {} people, {} circles planned ({:.1} s)",
        g.units.len(),
        g.people.len(),
        g.circles.len(),
        started.elapsed().as_secs_f64()
    );
    // The organisation joined Hartslag when its history starts.
    let joined = g.at(-g.params.history - 1, 0, 9, 0);
    sqlx::query("UPDATE organisations SET created_at = $1 WHERE id = $2")
        .bind(joined)
        .bind(org_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE framework_versions SET created_at = $1 WHERE org_id = $2")
        .bind(joined)
        .bind(org_id)
        .execute(&mut *tx)
        .await?;
    g.push_units_and_people();
    g.bulk.flush(&mut tx).await?;

    let mut outs: HashMap<&'static str, CircleOut> = HashMap::new();
    let total = g.circles.len();
    for ci in 0..total {
        let out = g.circle_history(ci);
        match g.circles[ci].story {
            Some(key) => {
                if !g.circles[ci].scripted {
                    g.generic_proposals(&out);
                }
                outs.insert(key, out);
            }
            None => g.generic_proposals(&out),
        }
        g.bulk.maybe_flush(&mut tx).await?;
        if total >= 1000 && (ci + 1) % 2000 == 0 {
            eprintln!("demo: {}/{} circles ({:.1} s)", ci + 1, total, started.elapsed().as_secs_f64());
        }
    }
    g.story_proposals(&outs);
    g.story_guest(&outs);
    g.bulk.flush(&mut tx).await?;
    g.scans(&mut tx, secret).await?;

    if db.engine == Engine::Postgres {
        // Explicit ids leave the identity sequences behind; move them past the new rows.
        for table in
            ["units", "people", "circles", "work_situations", "week_cycles", "sessions", "proposals", "scan_runs"]
        {
            let sql = format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))");
            sqlx::query(&sql).execute(&mut *tx).await?;
        }
    }
    eprintln!("demo: committing ({:.1} s)", started.elapsed().as_secs_f64());
    tx.commit().await?;
    if db.engine == Engine::Sqlite {
        // Fold the write-ahead log into the database file now rather than leave it as large.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&db.pool).await?;
    }
    let counts = g.bulk.counts().into_iter().map(|(t, n)| format!("{t} {n}")).collect::<Vec<_>>().join(", ");
    eprintln!("demo: rows: {counts}");
    Ok(())
}

/// The next free id of every table the generator gives explicit ids.
struct Ids {
    unit: i64,
    person: i64,
    circle: i64,
    situation: i64,
    cycle: i64,
    session: i64,
    proposal: i64,
    scan_run: i64,
}

impl Ids {
    async fn load(tx: &mut Tx) -> anyhow::Result<Ids> {
        async fn next(tx: &mut Tx, table: &str) -> anyhow::Result<i64> {
            use sqlx::Row;
            let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 AS next FROM {table}");
            Ok(sqlx::query(&sql).fetch_one(&mut **tx).await?.try_get("next")?)
        }
        Ok(Ids {
            unit: next(tx, "units").await?,
            person: next(tx, "people").await?,
            circle: next(tx, "circles").await?,
            situation: next(tx, "work_situations").await?,
            cycle: next(tx, "week_cycles").await?,
            session: next(tx, "sessions").await?,
            proposal: next(tx, "proposals").await?,
            scan_run: next(tx, "scan_runs").await?,
        })
    }
}

/// How a demo of a size behaves.
struct Params {
    /// Weeks of history before the current week.
    history: i64,
    /// Range of weeks (relative to this week) in which generated circles start.
    start: (i64, i64),
    /// Chance that an active week is followed by another, and that a pause ends.
    p_stay: f64,
    p_resume: f64,
    /// Chance that a generated circle stops for good at some point.
    p_stall: f64,
    p_attend: f64,
    p_note: f64,
    p_reflect: f64,
    p_cancel: f64,
    /// About one proposal per this many active weeks.
    weeks_per_proposal: f64,
    /// Share of the care staff willing to join circles.
    engaged: f64,
    people: usize,
    circles: usize,
}

impl Params {
    fn of(size: Size) -> Params {
        match size {
            Size::Small => Params {
                history: 16,
                start: (-16, -10),
                p_stay: 0.8,
                p_resume: 0.55,
                p_stall: 0.0,
                p_attend: 0.87,
                p_note: 0.8,
                p_reflect: 0.25,
                p_cancel: 0.02,
                weeks_per_proposal: 5.0,
                engaged: 0.6,
                people: 300,
                circles: 30,
            },
            Size::Xxl => Params {
                history: 52,
                start: (-52, -20),
                p_stay: 0.8,
                p_resume: 0.55,
                p_stall: 0.05,
                p_attend: 0.87,
                p_note: 0.6,
                p_reflect: 0.2,
                p_cancel: 0.03,
                weeks_per_proposal: 6.0,
                engaged: 0.7,
                people: 100_000,
                circles: 20_000,
            },
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Top,
    Location,
    Care,
    Night,
    Wijk,
    Support,
}

impl Kind {
    fn is_team(self) -> bool {
        matches!(self, Kind::Care | Kind::Night | Kind::Wijk | Kind::Support)
    }
    fn themes(self) -> u8 {
        match self {
            Kind::Care => text::CARE,
            Kind::Night => text::NIGHT,
            Kind::Wijk => text::WIJK,
            Kind::Support => text::SUPPORT,
            Kind::Top | Kind::Location => text::ALL,
        }
    }
}

struct UnitB {
    id: i64,
    parent: Option<usize>,
    name: String,
    kind: Kind,
    manager: Option<usize>,
    /// Short name of the location (or department group) for circle names.
    short: String,
    people: Vec<usize>,
    children: Vec<usize>,
}

struct PersonB {
    id: i64,
    unit: Option<usize>,
    name: String,
    email: String,
    job: String,
    admin: bool,
    adviser: bool,
    guest: bool,
    active: bool,
    /// Circles the person is a member of (or invited to).
    circles: u8,
    /// Willing to join circles: the rest form the long tail of people in none.
    engaged: bool,
    /// Personas and managers are never drawn into generated circles.
    fixed: bool,
}

struct CircleB {
    name: String,
    purpose: String,
    open: bool,
    members: Vec<usize>,
    invited: Vec<usize>,
    sits: Vec<usize>,
    start_week: i64,
    weeks: Vec<i64>,
    time: NaiveTime,
    place: String,
    /// Proposals come from the story, not from the generator.
    scripted: bool,
    /// Situation (pool index) that a week must work on.
    focus: Vec<(i64, usize)>,
    story: Option<&'static str>,
}

struct SessionOut {
    id: i64,
    ts: i64,
    past: bool,
    cancelled: bool,
}

struct WeekOut {
    week: i64,
    sit: usize,
    sessions: Vec<SessionOut>,
}

struct CircleOut {
    id: i64,
    members: Vec<i64>,
    member_idx: Vec<usize>,
    sit_ids: HashMap<usize, i64>,
    weeks: Vec<WeekOut>,
}

/// Tables in foreign-key order.
struct Tables {
    units: usize,
    people: usize,
    circles: usize,
    members: usize,
    situations: usize,
    cycles: usize,
    questions: usize,
    cycle_sits: usize,
    sessions: usize,
    attendance: usize,
    guests: usize,
    notes: usize,
    reflections: usize,
    proposals: usize,
    revisions: usize,
    votes: usize,
    events: usize,
    effects: usize,
    scan_runs: usize,
    scan_jobs: usize,
    scan_responded: usize,
    scan_responses: usize,
}

impl Tables {
    fn declare(b: &mut Bulk) -> Tables {
        Tables {
            units: b.table("units", &["id", "org_id", "parent_id", "name", "manager_id", "created_at"]),
            people: b.table(
                "people",
                &[
                    "id",
                    "org_id",
                    "unit_id",
                    "name",
                    "email",
                    "job_title",
                    "password_hash",
                    "is_admin",
                    "is_adviser",
                    "is_guest",
                    "active",
                    "created_at",
                ],
            ),
            circles: b.table("circles", &["id", "org_id", "name", "purpose", "open", "created_by", "created_at"]),
            members: b.table("circle_members", &["circle_id", "person_id", "status", "invited_by", "updated_at"]),
            situations: b.table(
                "work_situations",
                &["id", "circle_id", "author_id", "title", "description", "kind", "critical", "created_at"],
            ),
            cycles: b.table(
                "week_cycles",
                &["id", "circle_id", "week_start", "framework_version_id", "created_by", "created_at"],
            ),
            questions: b.table("cycle_questions", &["cycle_id", "question_no"]),
            cycle_sits: b.table("cycle_situations", &["cycle_id", "situation_id"]),
            sessions: b.table(
                "sessions",
                &["id", "cycle_id", "circle_id", "position", "starts_at", "minutes", "place", "cancelled"],
            ),
            attendance: b.table("attendance", &["session_id", "person_id"]),
            guests: b.table("session_guests", &["session_id", "person_id", "invited_by", "created_at"]),
            notes: b.table("notes", &["session_id", "step", "body", "version", "updated_by", "updated_at"]),
            reflections: b.table("reflections", &["person_id", "session_id", "body", "created_at", "updated_at"]),
            proposals: b.table(
                "proposals",
                &[
                    "id",
                    "org_id",
                    "circle_id",
                    "situation_id",
                    "kind",
                    "title",
                    "problem",
                    "proposal",
                    "expected_effect",
                    "risks",
                    "state",
                    "phase",
                    "implementation",
                    "decider_id",
                    "revision",
                    "version",
                    "decision_reason",
                    "submitted_at",
                    "decided_at",
                    "created_by",
                    "created_at",
                    "updated_at",
                ],
            ),
            revisions: b.table(
                "proposal_revisions",
                &[
                    "proposal_id",
                    "revision",
                    "title",
                    "problem",
                    "proposal",
                    "expected_effect",
                    "risks",
                    "edited_by",
                    "edited_at",
                ],
            ),
            votes: b.table("votes", &["proposal_id", "person_id", "revision", "choice", "reason", "cast_at"]),
            events: b.table(
                "proposal_events",
                &["proposal_id", "actor_id", "at", "kind", "from_state", "to_state", "detail"],
            ),
            effects: b.table("effect_notes", &["proposal_id", "author_id", "body", "created_at"]),
            scan_runs: b.table(
                "scan_runs",
                &[
                    "id",
                    "org_id",
                    "instrument",
                    "instrument_version",
                    "variant",
                    "items",
                    "title",
                    "population",
                    "opens_on",
                    "closes_on",
                    "min_group",
                    "reminders_sent",
                    "last_reminder_at",
                    "closed_at",
                    "summary",
                    "created_by",
                    "created_at",
                ],
            ),
            scan_jobs: b.table("scan_run_jobs", &["run_id", "job_title"]),
            scan_responded: b.table("scan_responded", &["run_id", "marker"]),
            scan_responses: b.table("scan_responses", &["run_id", "id", "unit_id", "answers", "receipt"]),
        }
    }
}

/// The text of one revision of a proposal.
#[derive(Clone)]
struct PText {
    title: String,
    problem: String,
    proposal: String,
    expected: String,
    risks: String,
}

/// Everything needed to write one proposal with a history that fits its state.
struct PSpec {
    circle_id: i64,
    members: Vec<i64>,
    situation: Option<i64>,
    innovation: bool,
    phase: Phase,
    texts: Vec<PText>,
    state: State,
    creator: i64,
    created: i64,
    /// Fixed moments; the others are spread around them.
    submitted: Option<i64>,
    decided: Option<i64>,
    decider: Option<i64>,
    reason: Option<String>,
    /// Members who have not voted on the current text.
    pending: Vec<i64>,
    /// An objection: on the first text when there are several, otherwise on the current one.
    objection: Option<(i64, String)>,
    /// Agreeing votes on the current text while in validation.
    agree: Option<usize>,
    /// Effect notes, optionally at a fixed moment.
    effects: Vec<(String, Option<i64>)>,
    implementation: Option<String>,
    planned: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ms {
    StartValidation,
    Edit,
    RuleMet,
    Submit,
    Decide,
    Plan,
    Start,
    Complete,
}

impl Ms {
    fn gap(self) -> i64 {
        DAY * match self {
            Ms::StartValidation => 1,
            Ms::Edit => 3,
            Ms::RuleMet => 2,
            Ms::Submit => 3,
            Ms::Decide => 12,
            Ms::Plan => 5,
            Ms::Start => 7,
            Ms::Complete => 35,
        }
    }
}

/// A proposal event: when, who, what, from which state to which, detail.
type Event = (i64, i64, &'static str, Option<State>, Option<State>, String);
type Vote = (i64, i64, &'static str, String, i64);

/// The milestones a proposal in its state went through, in order.
fn milestones(s: &PSpec) -> Vec<Ms> {
    use Ms::*;
    let (state, revs) = (s.state, s.texts.len());
    let mut ms: Vec<Ms> = Vec::new();
    if state == State::Draft {
        if revs > 1 {
            ms.push(Edit);
        }
    } else {
        ms.push(StartValidation);
        if revs > 1 {
            ms.push(Edit);
        }
        if state != State::InValidation {
            ms.push(RuleMet);
        }
        if state.is_submitted() {
            ms.push(Submit);
        }
        if matches!(
            state,
            State::Accepted
                | State::Declined
                | State::Returned
                | State::ImplementationPlanned
                | State::InProgress
                | State::Done
        ) {
            ms.push(Decide);
        }
        let planned =
            state == State::ImplementationPlanned || (matches!(state, State::InProgress | State::Done) && s.planned);
        if planned {
            ms.push(Plan);
        }
        if matches!(state, State::InProgress | State::Done) {
            ms.push(Start);
        }
        if state == State::Done {
            ms.push(Complete);
        }
    }
    ms
}

/// When each milestone happened: the fixed ones (submitted, decided) at their dates, the free
/// ones spread between them at their usual pace or faster.
fn milestone_times(s: &PSpec, ms: &[Ms], end: i64) -> Vec<i64> {
    use Ms::*;
    let fixed: Vec<Option<i64>> = ms
        .iter()
        .map(|m| match m {
            Submit => s.submitted,
            Decide => s.decided,
            _ => None,
        })
        .collect();
    // Spread the free milestones between the fixed ones, at their usual pace or faster.
    let mut times = vec![0i64; ms.len()];
    let mut prev = s.created;
    let mut i = 0;
    while i < ms.len() {
        let next_fixed = (i..ms.len()).find(|&k| fixed[k].is_some());
        let (j, target, stretch) = match next_fixed {
            Some(j) => (j, fixed[j].unwrap_or(end).clamp(prev + 60, end), true),
            None => (ms.len() - 1, end, false),
        };
        let total: i64 = ms[i..=j].iter().map(|m| m.gap()).sum();
        let room = (target - prev).max(60 * (j - i + 1) as i64);
        let scale = if stretch || total > room { room as f64 / total as f64 } else { 1.0 };
        let mut cum = 0;
        for k in i..=j {
            cum += ms[k].gap();
            times[k] = prev + (cum as f64 * scale) as i64;
        }
        if stretch {
            times[j] = target;
        }
        prev = times[j];
        i = j + 1;
    }
    times
}

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

struct Personas {
    pro: usize,
    manager: usize,
    guest: usize,
    locatie: usize,
}

struct Gen {
    rng: StdRng,
    size: Size,
    params: Params,
    org_id: i64,
    fw_id: i64,
    steps: Vec<Vec<StepKind>>,
    rule: ValidationRule,
    minutes: i64,
    per_week: i64,
    now: i64,
    now_local: NaiveDateTime,
    monday0: NaiveDate,
    offset: i64,
    hash: String,
    domain: &'static str,
    ids: Ids,
    units: Vec<UnitB>,
    people: Vec<PersonB>,
    circles: Vec<CircleB>,
    emails: HashMap<String, u32>,
    sit_use: Vec<u32>,
    pro_reflections: usize,
    personas: Personas,
    bulk: Bulk,
    t: Tables,
}

impl Gen {
    #[allow(clippy::too_many_arguments)]
    fn new(
        engine: Engine,
        size: Size,
        org_id: i64,
        fw_id: i64,
        steps: Vec<Vec<StepKind>>,
        settings: &crate::orgs::OrgSettings,
        hash: String,
        ids: Ids,
    ) -> Gen {
        let local = chrono::Local::now();
        let now_local = local.naive_local();
        let mut bulk = Bulk::new(engine);
        let t = Tables::declare(&mut bulk);
        let seed = match size {
            Size::Small => 0x00de_11de,
            Size::Xxl => 0x0000_0777,
        };
        Gen {
            rng: StdRng::seed_from_u64(seed),
            size,
            params: Params::of(size),
            org_id,
            fw_id,
            steps,
            rule: settings.validation,
            minutes: settings.session_minutes,
            per_week: settings.sessions_per_week,
            now: local.timestamp(),
            now_local,
            monday0: crate::cycles::monday_of(now_local.date()),
            offset: i64::from(local.offset().local_minus_utc()),
            hash,
            domain: identity(size).2,
            ids,
            units: Vec::new(),
            people: Vec::new(),
            circles: Vec::new(),
            emails: Default::default(),
            sit_use: vec![0; text::SITUATIONS.len()],
            pro_reflections: 0,
            personas: Personas { pro: 0, manager: 0, guest: 0, locatie: 0 },
            bulk,
            t,
        }
    }

    // --- time ---

    fn monday(&self, week: i64) -> NaiveDate {
        self.monday0 + Duration::days(7 * week)
    }

    fn ts_of(&self, dt: NaiveDateTime) -> i64 {
        dt.and_utc().timestamp() - self.offset
    }

    /// Unix time of a local moment: `day` days after the Monday of `week`.
    fn at(&self, week: i64, day: i64, h: u32, m: u32) -> i64 {
        let d = self.monday(week) + Duration::days(day);
        self.ts_of(d.and_hms_opt(h, m, 0).unwrap_or_default())
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.gen_range(0..items.len())]
    }

    fn word(&mut self, items: &'static [&'static str]) -> &'static str {
        items[self.rng.gen_range(0..items.len())]
    }

    /// A moment between `from` and `to`, moved into waking hours where the window allows.
    fn waking(&mut self, from: i64, to: i64) -> i64 {
        let to = to.max(from);
        let t = self.rng.gen_range(from..=to);
        let hour = (t + self.offset).rem_euclid(DAY) / HOUR;
        let moved = match hour {
            0..7 => t + (8 - hour) * HOUR,
            22.. => t - (hour - 20) * HOUR,
            _ => t,
        };
        moved.clamp(from, to)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p.clamp(0.0, 1.0))
    }

    /// Active weeks from `start` to next week: runs of activity and pauses, optionally ending
    /// for good at `stall` (no cycle from that week on).
    fn active_weeks(&mut self, start: i64, stall: Option<i64>) -> Vec<i64> {
        let mut weeks = Vec::new();
        let mut active = true;
        for w in start..=1 {
            if stall.is_some_and(|s| w >= s) {
                break;
            }
            if active {
                weeks.push(w);
            }
            active = if active { self.chance(self.params.p_stay) } else { self.chance(self.params.p_resume) };
        }
        weeks
    }

    // --- writing units and people ---

    fn push_units_and_people(&mut self) {
        let created = self.at(-self.params.history - 1, 0, 9, 0);
        for i in 0..self.units.len() {
            let u = &self.units[i];
            let r = row![
                u.id,
                self.org_id,
                u.parent.map(|p| self.units[p].id),
                u.name.clone(),
                u.manager.map(|m| self.people[m].id),
                created
            ];
            self.bulk.push(self.t.units, r);
        }
        for i in 0..self.people.len() {
            let p = &self.people[i];
            let r = row![
                p.id,
                self.org_id,
                p.unit.map(|u| self.units[u].id),
                p.name.clone(),
                p.email.clone(),
                p.job.clone(),
                Some(self.hash.clone()),
                p.admin,
                p.adviser,
                p.guest,
                p.active,
                created
            ];
            self.bulk.push(self.t.people, r);
        }
    }

    /// The manager a person's proposals go to: of their own unit, or up the hierarchy.
    fn manager_of(&self, person: usize) -> Option<usize> {
        let mut unit = self.people[person].unit;
        while let Some(u) = unit {
            if let Some(m) = self.units[u].manager.filter(|m| *m != person) {
                return Some(m);
            }
            unit = self.units[u].parent;
        }
        None
    }

    // --- a circle's history ---

    fn circle_history(&mut self, ci: usize) -> CircleOut {
        let id = self.ids.circle;
        self.ids.circle += 1;
        let c = &self.circles[ci];
        let member_idx = c.members.clone();
        let members: Vec<i64> = member_idx.iter().map(|&p| self.people[p].id).collect();
        let invited: Vec<i64> = c.invited.iter().map(|&p| self.people[p].id).collect();
        let sits = c.sits.clone();
        let weeks = c.weeks.clone();
        let focus = c.focus.clone();
        let start_week = c.start_week;
        let time = c.time;
        let place = c.place.clone();
        let story = c.story.is_some();
        let (name, purpose, open) = (c.name.clone(), c.purpose.clone(), c.open);
        let creator = members[0];
        let created = (self.at(start_week, -10, 10, 0) + self.rng.gen_range(0..6 * HOUR)).min(self.now - 3 * DAY);
        self.bulk.push(self.t.circles, row![id, self.org_id, name, purpose, open, Some(creator), created]);
        for (k, &m) in members.iter().enumerate() {
            let by = (k > 0).then_some(creator);
            let at = created + k as i64 * 5 * HOUR;
            self.bulk.push(self.t.members, row![id, m, "member", by, at.min(self.now)]);
        }
        for &m in &invited {
            let at = self.now - self.rng.gen_range(DAY..4 * DAY);
            self.bulk.push(self.t.members, row![id, m, "invited", Some(creator), at]);
        }

        // Work situations, brought in over the first weeks.
        let mut sit_ids = HashMap::new();
        let mut sit_created = Vec::new();
        for (j, &si) in sits.iter().enumerate() {
            let sid = self.ids.situation;
            self.ids.situation += 1;
            let at = if j == 0 {
                created + HOUR
            } else {
                (self.at(start_week + 2 * j as i64, -3, 11, 0) + self.rng.gen_range(0..5 * HOUR))
                    .min(self.now - 2 * DAY)
                    .max(created + 3 * HOUR)
            };
            let s: &Sit = &text::SITUATIONS[si];
            let author = *self.pick(&members);
            self.bulk.push(self.t.situations, row![sid, id, Some(author), s.title, s.text, s.kind, s.critical, at]);
            sit_ids.insert(si, sid);
            sit_created.push((si, at));
        }

        let mut out_weeks = Vec::with_capacity(weeks.len());
        let mut current: Option<usize> = None;
        let mut weeks_on = 0;
        for &w in &weeks {
            let cycle_id = self.ids.cycle;
            self.ids.cycle += 1;
            let cycle_created =
                (self.at(w, -3, 16, 0) + self.rng.gen_range(0..2 * HOUR)).max(created + 3 * HOUR).min(self.now - HOUR);
            let available: Vec<usize> =
                sit_created.iter().filter(|(_, at)| *at < cycle_created).map(|(si, _)| *si).collect();
            let forced = focus.iter().find(|(fw, _)| *fw == w).map(|(_, s)| *s);
            let sit = match (forced, current) {
                (Some(s), _) => s,
                (None, Some(s)) if weeks_on < 3 && self.chance(0.6) => s,
                _ => {
                    let options: Vec<usize> = available.iter().copied().filter(|s| Some(*s) != current).collect();
                    if options.is_empty() { current.unwrap_or(sits[0]) } else { *self.pick(&options) }
                }
            };
            if current == Some(sit) {
                weeks_on += 1;
            } else {
                weeks_on = 0;
                current = Some(sit);
            }
            let by = *self.pick(&members);
            self.bulk.push(
                self.t.cycles,
                row![cycle_id, id, self.monday(w).to_string(), self.fw_id, Some(by), cycle_created],
            );
            let questions: Vec<i64> = match weeks_on {
                0 => vec![1, 2, 3, 4],
                1 => vec![4, 5, 6, 7],
                _ => vec![7, 8, 9, 10],
            };
            let drop = self.rng.gen_range(0..=4usize);
            for (k, q) in questions.into_iter().enumerate() {
                if k != drop {
                    self.bulk.push(self.t.questions, row![cycle_id, q]);
                }
            }
            self.bulk.push(self.t.cycle_sits, row![cycle_id, sit_ids[&sit]]);
            if available.len() > 1 && self.chance(0.15) {
                let other = *self.pick(&available);
                if other != sit {
                    self.bulk.push(self.t.cycle_sits, row![cycle_id, sit_ids[&other]]);
                }
            }

            let mut sessions = Vec::with_capacity(self.per_week as usize);
            for pos in 1..=self.per_week {
                let sid = self.ids.session;
                self.ids.session += 1;
                let start = self.monday(w) + Duration::days((pos - 1).min(6));
                let start = NaiveDateTime::new(start, time);
                let ts = self.ts_of(start);
                let past = start + Duration::minutes(self.minutes) <= self.now_local;
                let cancelled = (past || !story) && self.chance(self.params.p_cancel);
                self.bulk.push(
                    self.t.sessions,
                    row![
                        sid,
                        cycle_id,
                        id,
                        pos,
                        start.format("%Y-%m-%dT%H:%M").to_string(),
                        self.minutes,
                        place.clone(),
                        cancelled
                    ],
                );
                if past && !cancelled {
                    self.held_session(sid, ts, pos, &members, sit);
                }
                sessions.push(SessionOut { id: sid, ts, past, cancelled });
            }
            out_weeks.push(WeekOut { week: w, sit, sessions });
        }
        CircleOut { id, members, member_idx, sit_ids, weeks: out_weeks }
    }

    /// Attendance, shared notes and private reflections of a session that took place.
    fn held_session(&mut self, sid: i64, ts: i64, pos: i64, members: &[i64], sit: usize) {
        let mut present: Vec<i64> =
            members.iter().copied().filter(|_| self.rng.gen_bool(self.params.p_attend)).collect();
        if present.len() < 2 {
            present = members.iter().copied().take(2).collect();
        }
        for &p in &present {
            self.bulk.push(self.t.attendance, row![sid, p]);
        }
        let s = &text::SITUATIONS[sit];
        let frame = (pos.max(1) as usize - 1).min(self.steps.len().saturating_sub(1));
        let steps = self.steps.get(frame).cloned().unwrap_or_default();
        for (k, kind) in steps.iter().enumerate() {
            if *kind == StepKind::Learn {
                // Personal: reflections, never shared notes.
                let pro = self.people[self.personas.pro].id;
                for &p in &present {
                    let chance = if p == pro { 0.7 } else { self.params.p_reflect };
                    if self.chance(chance) {
                        let template = if p == pro {
                            self.pro_reflections += 1;
                            text::REFLECTIONS[self.pro_reflections % text::REFLECTIONS.len()]
                        } else {
                            self.word(text::REFLECTIONS)
                        };
                        let body = text::fill(template, s);
                        let at = ts + 55 * 60;
                        self.bulk.push(self.t.reflections, row![p, Some(sid), body, at, at]);
                    }
                }
                continue;
            }
            if !self.chance(self.params.p_note) {
                continue;
            }
            let body = self.note(*kind, s);
            let by = *self.pick(&present);
            let version = self.rng.gen_range(1..=3i64);
            let at = ts + (40 + 5 * k as i64) * 60;
            self.bulk.push(self.t.notes, row![sid, k as i64 + 1, body, version, Some(by), at]);
        }
    }

    fn note(&mut self, kind: StepKind, s: &Sit) -> String {
        use text::*;
        match kind {
            StepKind::Choose => fill(self.word(NOTE_CHOOSE), s),
            StepKind::Analyse => {
                let a = self.rng.gen_range(0..NOTE_ANALYSE.len());
                let b = (a + self.rng.gen_range(1..NOTE_ANALYSE.len())) % NOTE_ANALYSE.len();
                format!("{}\n\n{}", fill(NOTE_ANALYSE[a], s), fill(NOTE_ANALYSE[b], s))
            }
            StepKind::Problem => fill(self.word(NOTE_PROBLEM), s),
            StepKind::Explore => fill(self.word(NOTE_EXPLORE), s),
            StepKind::Brainstorm => {
                let mut ideas: Vec<&str> = NOTE_BRAINSTORM_IDEAS.choose_multiple(&mut self.rng, 4).copied().collect();
                ideas.insert(self.rng.gen_range(0..ideas.len()), s.idea_title);
                let mut body = String::from("Ideeën (nog niet gewogen):");
                for i in ideas {
                    body.push_str("\n- ");
                    body.push_str(i);
                }
                if self.chance(0.4) {
                    body.push_str("\n\n");
                    body.push_str(self.word(NOTE_BRAINSTORM_WILD));
                }
                body
            }
            StepKind::Ai => fill(self.word(NOTE_AI), s),
            StepKind::Evaluate => fill(self.word(NOTE_EVALUATE), s),
            StepKind::Validate => fill(self.word(NOTE_VALIDATE), s),
            StepKind::Embed => fill(self.word(NOTE_EMBED), s),
            StepKind::Learn => String::new(),
        }
    }

    // --- proposals ---

    /// Proposals of a circle without a script: about one per few active weeks, in a state that
    /// fits their age.
    fn generic_proposals(&mut self, out: &CircleOut) {
        let held: Vec<usize> = (0..out.weeks.len())
            .filter(|&i| {
                let w = &out.weeks[i];
                w.week < 0 && w.sessions.len() >= 3 && w.sessions[2].past
            })
            .collect();
        if held.len() < 2 {
            return;
        }
        let n = (held.len() as f64 / self.params.weeks_per_proposal + self.rng.r#gen::<f64>()).floor() as usize;
        let n = n.min(held.len() / 2);
        let mut chosen: Vec<usize> = held[1..].choose_multiple(&mut self.rng, n).copied().collect();
        chosen.sort_unstable();
        for wi in chosen {
            let week = &out.weeks[wi];
            let created = week.sessions[2].ts + 45 * 60;
            let age = -week.week;
            let mut state = self.generic_state(age);
            let creator_idx = *self.pick(&out.member_idx);
            let creator = self.people[creator_idx].id;
            let decider = self.manager_of(creator_idx);
            if state.is_submitted() && decider.is_none() {
                state = State::Validated;
            }
            if decider == Some(self.personas.manager) && state == State::Submitted {
                // The demo manager's three waiting proposals are the story's.
                state = State::InProgress;
            }
            let s = &text::SITUATIONS[week.sit];
            let first = PText {
                title: s.idea_title.to_string(),
                problem: s.text.to_string(),
                proposal: s.idea.to_string(),
                expected: self.word(text::EXPECTED).to_string(),
                risks: self.word(text::RISKS).to_string(),
            };
            let mut texts = vec![first.clone()];
            if self.chance(0.25) {
                let extra = self.word(&[
                    "Aangevuld na de eerste ronde: we evalueren na vier weken in de cirkel.",
                    "Aangevuld na de eerste ronde: de nachtdienst doet vanaf het begin mee.",
                    "Aangevuld na de eerste ronde: één collega is eigenaar en houdt het bij.",
                ]);
                texts.push(PText { proposal: format!("{} {}", first.proposal, extra), ..first });
            }
            let innovation = self.chance(0.08);
            let phase = if !innovation {
                Phase::Vision
            } else if state.is_submitted() && self.chance(0.5) {
                if matches!(state, State::InProgress | State::Done) {
                    Phase::Preparation
                } else {
                    Phase::OpportunityAssessment
                }
            } else if self.chance(0.3) {
                Phase::OpportunityAssessment
            } else {
                Phase::Vision
            };
            let effects = match state {
                State::InProgress if self.chance(0.5) => {
                    vec![(self.word(text::EFFECTS).to_string(), None)]
                }
                State::Done => vec![(self.word(text::EFFECTS).to_string(), None)],
                _ => Vec::new(),
            };
            let objection = if state == State::InValidation && self.chance(0.35) {
                let who = *self.pick(&out.members);
                (who != creator).then(|| (who, self.word(text::OBJECTIONS).to_string()))
            } else {
                None
            };
            let planned = self.chance(0.5);
            let spec = PSpec {
                circle_id: out.id,
                members: out.members.clone(),
                situation: Some(out.sit_ids[&week.sit]),
                innovation,
                phase,
                texts,
                state,
                creator,
                created,
                submitted: None,
                decided: None,
                decider: decider.map(|d| self.people[d].id),
                reason: None,
                pending: Vec::new(),
                objection,
                agree: None,
                effects,
                implementation: None,
                planned,
            };
            self.emit(spec);
        }
    }

    fn generic_state(&mut self, age_weeks: i64) -> State {
        use State::*;
        let table: &[(State, u32)] = match age_weeks {
            ..=1 => &[(Draft, 45), (InValidation, 45), (Validated, 10)],
            2..=3 => &[
                (Draft, 10),
                (InValidation, 15),
                (Validated, 10),
                (Submitted, 25),
                (Accepted, 10),
                (Returned, 10),
                (Declined, 5),
                (ImplementationPlanned, 15),
            ],
            4..=8 => &[
                (Draft, 5),
                (InValidation, 5),
                (Submitted, 10),
                (Accepted, 8),
                (Declined, 12),
                (Returned, 8),
                (ImplementationPlanned, 15),
                (InProgress, 27),
                (Done, 10),
            ],
            _ => &[
                (Draft, 3),
                (Submitted, 4),
                (Accepted, 3),
                (Declined, 15),
                (Returned, 5),
                (ImplementationPlanned, 5),
                (InProgress, 25),
                (Done, 40),
            ],
        };
        let total: u32 = table.iter().map(|(_, w)| w).sum();
        let mut x = self.rng.gen_range(0..total);
        for (s, w) in table {
            if x < *w {
                return *s;
            }
            x -= w;
        }
        Draft
    }

    /// Smallest number of agreeing votes that validates among `n` members.
    fn needed(&self, n: usize) -> usize {
        (0..=n).find(|&k| self.rule.is_met(n as i64, k as i64, 0)).unwrap_or(n + 1)
    }

    /// Writes a proposal, its revisions, votes, events and effect notes, consistent with the
    /// state machine: every transition recorded, votes on the current text that meet the
    /// validation rule from "validated" on and do not meet it while in validation.
    fn emit(&mut self, s: PSpec) {
        let id = self.ids.proposal;
        self.ids.proposal += 1;
        let end = self.now - 2 * HOUR;
        let ms = milestones(&s);
        let times = milestone_times(&s, &ms, end);
        let time_of = |m: Ms| ms.iter().position(|x| *x == m).map(|k| times[k]);
        let mut events: Vec<Event> = vec![(s.created, s.creator, "created", None, Some(State::Draft), String::new())];
        let mut votes = self.votes_on_first_text(&s, &time_of, end);
        let (current, rule_met) = self.votes_on_current_text(&s, &time_of, end);
        votes.extend(current);
        events.extend(rule_met);
        let reason = self.lifecycle_events(&s, &ms, &times, end, &mut events);
        events.sort_by_key(|e| e.0);
        self.write_proposal(id, &s, &time_of, end, votes, events, reason);
    }

    /// Votes on the first text, before it was edited (then the edit reset them).
    fn votes_on_first_text(&mut self, s: &PSpec, time_of: &impl Fn(Ms) -> Option<i64>, end: i64) -> Vec<Vote> {
        use Ms::*;
        let mut votes: Vec<Vote> = Vec::new();
        let (revs, state, n) = (s.texts.len(), s.state, s.members.len());
        if revs > 1 && state != State::Draft {
            let (from, to) = (time_of(StartValidation).unwrap_or(s.created), time_of(Edit).unwrap_or(end));
            let (objector, reason) = s.objection.clone().unwrap_or_else(|| {
                let who = s.members[self.rng.gen_range(0..n)];
                (who, self.word(text::OBJECTIONS).to_string())
            });
            let mut voters: Vec<i64> = s.members.iter().copied().filter(|m| *m != objector).collect();
            voters.shuffle(&mut self.rng);
            voters.truncate(self.rng.gen_range(1..=2).min(voters.len()));
            for v in voters {
                let at = self.waking(from, to);
                votes.push((v, 1, "agree", String::new(), at));
            }
            let at = self.waking(from, to);
            votes.push((objector, 1, "object", reason, at));
        }

        votes
    }

    /// Votes on the current text, and the event of the vote that met the rule.
    fn votes_on_current_text(
        &mut self,
        s: &PSpec,
        time_of: &impl Fn(Ms) -> Option<i64>,
        end: i64,
    ) -> (Vec<Vote>, Option<Event>) {
        use Ms::*;
        let mut votes: Vec<Vote> = Vec::new();
        let mut rule_met = None;
        let (revs, state, n) = (s.texts.len(), s.state, s.members.len());
        let needed = self.needed(n);
        let current = revs as i64;
        if state != State::Draft {
            let from = time_of(Edit).or(time_of(StartValidation)).unwrap_or(s.created);
            let to = time_of(RuleMet).unwrap_or_else(|| (from + 4 * DAY).min(end));
            let objector = if revs == 1 { s.objection.clone() } else { None };
            let mut eligible: Vec<i64> = s
                .members
                .iter()
                .copied()
                .filter(|m| !s.pending.contains(m))
                .filter(|m| objector.as_ref().is_none_or(|(o, _)| o != m))
                .collect();
            eligible.shuffle(&mut self.rng);
            if state == State::InValidation {
                let objections = usize::from(objector.is_some());
                let mut agree = s.agree.unwrap_or_else(|| self.rng.gen_range(0..needed.max(1))).min(eligible.len());
                while agree > 0 && self.rule.is_met(n as i64, agree as i64, objections as i64) {
                    agree -= 1;
                }
                let mut ts: Vec<i64> = (0..agree + objections).map(|_| self.waking(from, to)).collect();
                ts.sort_unstable();
                let mut ts = ts.into_iter();
                for &v in eligible.iter().take(agree) {
                    let comment = self.vote_comment();
                    votes.push((v, current, "agree", comment, ts.next().unwrap_or(from)));
                }
                if let Some((o, reason)) = objector {
                    votes.push((o, current, "object", reason, ts.next().unwrap_or(from)));
                }
            } else {
                let k = self.rng.gen_range(needed.min(eligible.len())..=eligible.len());
                let mut ts: Vec<i64> = (0..k).map(|_| self.waking(from, to)).collect();
                ts.sort_unstable();
                if let Some(last) = ts.last_mut() {
                    *last = to;
                }
                let mut last_voter = s.creator;
                for (v, at) in eligible.iter().take(k).zip(ts) {
                    let comment = self.vote_comment();
                    votes.push((*v, current, "agree", comment, at));
                    last_voter = *v;
                }
                if let Some(t) = time_of(RuleMet) {
                    rule_met = Some((
                        t,
                        last_voter,
                        Action::RuleMet.code(),
                        Some(State::InValidation),
                        Some(State::Validated),
                        String::new(),
                    ));
                }
            }
        }

        (votes, rule_met)
    }

    /// The events of the milestones and an innovation's phases; returns the decision's reason.
    fn lifecycle_events(
        &mut self,
        s: &PSpec,
        ms: &[Ms],
        times: &[i64],
        end: i64,
        events: &mut Vec<Event>,
    ) -> Option<String> {
        use Ms::*;
        let state = s.state;
        let time_of = |m: Ms| ms.iter().position(|x| *x == m).map(|k| times[k]);
        let decision = match state {
            State::Declined => Action::Decline,
            State::Returned => Action::Return,
            _ => Action::Accept,
        };
        let reason = time_of(Decide).map(|_| {
            s.reason.clone().unwrap_or_else(|| {
                match decision {
                    Action::Decline => self.word(text::DECLINE_REASONS),
                    Action::Return => self.word(text::RETURN_REASONS),
                    _ => self.word(text::ACCEPT_REASONS),
                }
                .to_string()
            })
        });
        let decider = s.decider.unwrap_or(s.creator);
        let doer = *self.pick(&s.members);
        for (k, m) in ms.iter().enumerate() {
            let t = times[k];
            let e = match m {
                StartValidation => {
                    (s.creator, Action::StartValidation.code(), State::Draft, State::InValidation, String::new())
                }
                Edit => {
                    let st = if state == State::Draft { State::Draft } else { State::InValidation };
                    let detail = if st == State::Draft { "" } else { "votes_reset" };
                    events.push((t, s.creator, "edited", Some(st), Some(st), detail.into()));
                    continue;
                }
                RuleMet => continue,
                Submit => (s.creator, Action::Submit.code(), State::Validated, State::Submitted, String::new()),
                Decide => {
                    let to = match decision {
                        Action::Decline => State::Declined,
                        Action::Return => State::Returned,
                        _ => State::Accepted,
                    };
                    (decider, decision.code(), State::Submitted, to, reason.clone().unwrap_or_default())
                }
                Plan => (
                    decider,
                    Action::PlanImplementation.code(),
                    State::Accepted,
                    State::ImplementationPlanned,
                    String::new(),
                ),
                Start => {
                    let from = if ms.contains(&Plan) { State::ImplementationPlanned } else { State::Accepted };
                    (doer, Action::StartImplementation.code(), from, State::InProgress, String::new())
                }
                Complete => (doer, Action::Complete.code(), State::InProgress, State::Done, String::new()),
            };
            events.push((t, e.0, e.1, Some(e.2), Some(e.3), e.4));
        }
        // An innovation's phases, spread over its life so far.
        if s.innovation {
            let steps: Vec<Phase> = match s.phase {
                Phase::Vision => vec![],
                Phase::OpportunityAssessment => vec![Phase::OpportunityAssessment],
                Phase::Preparation => vec![Phase::OpportunityAssessment, Phase::Preparation],
            };
            let last = times.last().copied().unwrap_or(end).max(s.created + DAY);
            let last = last.min(end);
            for (k, p) in steps.iter().enumerate() {
                let t = s.created + (last - s.created) * (k as i64 + 1) / (steps.len() as i64 + 1);
                events.push((t, s.creator, "phase", None, None, p.code().to_string()));
            }
        }
        reason
    }

    /// The proposal's rows: revisions, votes, effect notes, the proposal, its history.
    #[allow(clippy::too_many_arguments)]
    fn write_proposal(
        &mut self,
        id: i64,
        s: &PSpec,
        time_of: &impl Fn(Ms) -> Option<i64>,
        end: i64,
        votes: Vec<Vote>,
        events: Vec<Event>,
        reason: Option<String>,
    ) {
        use Ms::*;
        let (state, revs) = (s.state, s.texts.len());
        // Revisions.
        let edit_at = time_of(Edit);
        for (r, t) in s.texts.iter().enumerate() {
            let at = if r == 0 { s.created } else { edit_at.unwrap_or(s.created) };
            self.bulk.push(
                self.t.revisions,
                row![
                    id,
                    r as i64 + 1,
                    t.title.clone(),
                    t.problem.clone(),
                    t.proposal.clone(),
                    t.expected.clone(),
                    t.risks.clone(),
                    Some(s.creator),
                    at
                ],
            );
        }
        for (person, rev, choice, reason, at) in votes {
            self.bulk.push(self.t.votes, row![id, person, rev, choice, reason, at]);
        }

        // Effect notes, once it was accepted.
        if let Some(start) = time_of(Start).or(time_of(Decide)) {
            let stop = time_of(Complete).unwrap_or(end);
            let count = s.effects.len() as i64;
            for (k, (body, at)) in s.effects.iter().enumerate() {
                let at = at.unwrap_or(start + (stop - start) * (k as i64 + 1) / (count + 1));
                let author = *self.pick(&s.members);
                self.bulk.push(self.t.effects, row![id, Some(author), body.clone(), at]);
            }
        }

        let text = s.texts.last().cloned().unwrap_or_else(|| PText {
            title: String::new(),
            problem: String::new(),
            proposal: String::new(),
            expected: String::new(),
            risks: String::new(),
        });
        let updated = events.last().map(|e| e.0).unwrap_or(s.created);
        let version = events.len() as i64;
        let implementation = matches!(state, State::ImplementationPlanned | State::InProgress | State::Done)
            .then(|| s.implementation.clone().unwrap_or_else(|| self.word(text::IMPLEMENTATION).to_string()));
        let submitted = time_of(Submit);
        self.bulk.push(
            self.t.proposals,
            row![
                id,
                self.org_id,
                s.circle_id,
                s.situation,
                if s.innovation { "innovation" } else { "improvement" },
                text.title,
                text.problem,
                text.proposal,
                text.expected,
                text.risks,
                state.code(),
                s.innovation.then(|| s.phase.code().to_string()),
                implementation,
                submitted.and(s.decider),
                revs as i64,
                version,
                reason,
                submitted,
                time_of(Decide),
                Some(s.creator),
                s.created,
                updated
            ],
        );
        for (at, actor, kind, from, to, detail) in events {
            self.bulk.push(
                self.t.events,
                row![
                    id,
                    Some(actor),
                    at,
                    kind,
                    from.map(|x| x.code().to_string()),
                    to.map(|x| x.code().to_string()),
                    detail
                ],
            );
        }
    }

    fn vote_comment(&mut self) -> String {
        if self.chance(0.7) {
            return String::new();
        }
        self.word(&[
            "Goed voorstel.",
            "Eens, mits we het na vier weken evalueren.",
            "Helemaal mee eens; dit speelt ook in de nacht.",
            "Akkoord. Laten we klein beginnen.",
        ])
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::Row;

    async fn scalar(db: &Db, sql: &str, bind: Option<String>) -> i64 {
        let mut q = sqlx::query(sql);
        if let Some(b) = bind {
            q = q.bind(b);
        }
        q.fetch_one(&db.pool).await.unwrap().get::<i64, _>(0)
    }

    #[tokio::test]
    async fn the_small_demo_has_its_story_and_a_second_run_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::connect(&format!("sqlite://{}/t.db", dir.path().display())).await.unwrap();
        db.migrate().await.unwrap();

        let first = ensure(&db, Size::Small, &[7u8; 32]).await.unwrap();
        let people = scalar(&db, "SELECT COUNT(*) FROM people", None).await;
        let sessions = scalar(&db, "SELECT COUNT(*) FROM sessions", None).await;
        let second = ensure(&db, Size::Small, &[7u8; 32]).await.unwrap();
        assert_eq!(first.organisation, "Zorggroep De Linde");
        assert_eq!(first.logins.len(), 5);
        let emails = |l: &Logins| l.logins.iter().map(|x| x.email.clone()).collect::<Vec<_>>();
        assert_eq!(emails(&first), emails(&second));
        assert_eq!(scalar(&db, "SELECT COUNT(*) FROM people", None).await, people);
        assert_eq!(scalar(&db, "SELECT COUNT(*) FROM sessions", None).await, sessions);
        assert_eq!(scalar(&db, "SELECT COUNT(*) FROM organisations", None).await, 1);

        assert!(people >= 250, "{people} people");
        let circles = scalar(&db, "SELECT COUNT(*) FROM circles", None).await;
        assert!(circles >= 25, "{circles} circles");
        for st in State::ALL {
            let n = scalar(&db, "SELECT COUNT(*) FROM proposals WHERE state = $1", Some(st.code().to_string())).await;
            assert!(n >= 1, "no proposal in state {}", st.code());
        }
        let login = |role: &str| first.logins.iter().find(|l| l.role == role).unwrap().email.clone();
        let waiting = scalar(
            &db,
            "SELECT COUNT(*) FROM proposals p JOIN people d ON d.id = p.decider_id \
             WHERE d.email = $1 AND p.state = 'submitted'",
            Some(login("leidinggevende")),
        )
        .await;
        assert!(waiting >= 3, "manager has {waiting} waiting");
        let memberships = scalar(
            &db,
            "SELECT COUNT(*) FROM circle_members m JOIN people p ON p.id = m.person_id \
             WHERE p.email = $1 AND m.status = 'member'",
            Some(login("professional")),
        )
        .await;
        assert_eq!(memberships, 2);

        // The professional has votes waiting and sessions ahead; the guest has one session.
        let pro = scalar(&db, "SELECT id FROM people WHERE email = $1", Some(login("professional"))).await;
        let to_vote = crate::proposals::store::awaiting_vote(&db, pro, 10).await.unwrap();
        assert!(to_vote.len() >= 2, "{} votes waiting", to_vote.len());
        let today = chrono::Local::now().date_naive().format("%Y-%m-%dT00:00").to_string();
        let agenda = crate::cycles::store::agenda(&db, pro, &today, 8).await.unwrap();
        assert!(agenda.len() >= 4, "{} sessions ahead", agenda.len());
        let guest_sessions = scalar(
            &db,
            "SELECT COUNT(*) FROM session_guests g JOIN people p ON p.id = g.person_id \
             WHERE p.email = $1 AND p.is_guest = TRUE",
            Some(login("gast")),
        )
        .await;
        assert_eq!(guest_sessions, 1);

        // Validated and later proposals meet the rule on their current text; those in
        // validation do not.
        let rule = ValidationRule::default();
        let rows = sqlx::query(
            "SELECT p.state, p.revision, \
             (SELECT COUNT(*) FROM circle_members m WHERE m.circle_id = p.circle_id AND m.status = 'member') AS members, \
             (SELECT COUNT(*) FROM votes v WHERE v.proposal_id = p.id AND v.revision = p.revision AND v.choice = 'agree') AS agree, \
             (SELECT COUNT(*) FROM votes v WHERE v.proposal_id = p.id AND v.revision = p.revision AND v.choice = 'object') AS object \
             FROM proposals p",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for r in rows {
            let state: String = r.get("state");
            let met = rule.is_met(r.get("members"), r.get("agree"), r.get("object"));
            match state.as_str() {
                "draft" => {}
                "in_validation" => assert!(!met, "in validation but met"),
                _ => assert!(met, "{state} but the rule is not met"),
            }
        }
        // Every proposal's history starts with its creation; the stalled circle rests.
        let without_start = scalar(
            &db,
            "SELECT COUNT(*) FROM proposals p WHERE NOT EXISTS \
             (SELECT 1 FROM proposal_events e WHERE e.proposal_id = p.id AND e.kind = 'created')",
            None,
        )
        .await;
        assert_eq!(without_start, 0);
        let stalled = scalar(
            &db,
            "SELECT COUNT(*) FROM circles c WHERE EXISTS (SELECT 1 FROM week_cycles w WHERE w.circle_id = c.id) \
             AND NOT EXISTS (SELECT 1 FROM week_cycles w WHERE w.circle_id = c.id AND w.week_start >= $1)",
            Some(
                (crate::cycles::monday_of(chrono::Local::now().date_naive()) - chrono::Duration::weeks(8)).to_string(),
            ),
        )
        .await;
        assert!(stalled >= 1);

        // Scans: closed runs keep a summary and no trace of who answered; in the open run no
        // login has answered yet, and every answer is attributed as `scans::store` would.
        use crate::scans::{anon, store};
        let secret = [7u8; 32];
        let org_id = scalar(&db, "SELECT id FROM organisations", None).await;
        let runs = store::runs(&db, org_id, 50, 0).await.unwrap();
        assert_eq!(runs.len(), 8, "three Leercultuurscans, four pulses, one AI literacy");
        let today = chrono::Local::now().date_naive();
        let open: Vec<&store::Listed> = runs.iter().filter(|l| l.run.state(today) == store::RunState::Open).collect();
        assert_eq!(open.len(), 1);
        let run = &open[0].run;
        assert_eq!((run.instrument.as_str(), run.reminders_sent), ("leercultuurscan", 1));
        assert_eq!(run.items.len(), 40);
        for l in runs.iter().filter(|l| l.run.closed_at.is_some()) {
            assert!(l.run.summary.is_some() && l.responses >= 5, "{}", l.run.title);
            let markers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM scan_responded WHERE run_id = $1")
                .bind(l.run.id)
                .fetch_one(&db.pool)
                .await
                .unwrap();
            assert_eq!(markers, 0, "{}", l.run.title);
        }
        for login in &first.logins {
            let id = scalar(&db, "SELECT id FROM people WHERE email = $1", Some(login.email.clone())).await;
            let standing = store::standing(&db, &secret, run.id, id).await.unwrap();
            assert_eq!(standing, store::Standing::NotStarted, "{}", login.role);
        }
        let markers: std::collections::HashSet<String> =
            sqlx::query_scalar("SELECT marker FROM scan_responded WHERE run_id = $1")
                .bind(run.id)
                .fetch_all(&db.pool)
                .await
                .unwrap()
                .into_iter()
                .collect();
        let people = sqlx::query("SELECT id, unit_id FROM people WHERE org_id = $1")
            .bind(org_id)
            .fetch_all(&db.pool)
            .await
            .unwrap();
        let mut expected: Vec<Option<i64>> = Vec::new();
        for p in &people {
            if markers.contains(&anon::responded(&secret, run.id, p.get("id"))) {
                expected.push(store::attribution(&db, run, p.get("unit_id")).await.unwrap());
            }
        }
        let mut stored: Vec<Option<i64>> =
            store::responses(&db, run.id).await.unwrap().into_iter().map(|(u, _)| u).collect();
        assert_eq!(expected.len(), markers.len(), "every marker is a person's");
        expected.sort_unstable();
        stored.sort_unstable();
        assert_eq!(stored, expected);
        let population = store::population_size(&db, run).await.unwrap() as f64;
        assert!((0.35..0.55).contains(&(stored.len() as f64 / population)), "{} answered", stored.len());
        // The learning culture improves: the open run is above the baseline on learning together.
        // Newest first: the baseline is the last.
        let baseline = runs.iter().rfind(|l| l.run.instrument == "leercultuurscan").unwrap();
        // Exact figures (the published summaries carry noise).
        let before = crate::scans::report::Summary::of(
            baseline.run.instrument().unwrap(),
            &baseline.run.layout().unwrap(),
            &store::responses(&db, baseline.run.id).await.unwrap(),
        );
        let layout = run.layout().unwrap();
        let now = crate::scans::report::Summary::of(
            run.instrument().unwrap(),
            &layout,
            &store::responses(&db, run.id).await.unwrap(),
        );
        assert!(now.blocks["together"] > before.blocks["together"] + 0.3, "{now:?} against {before:?}");
    }
}
