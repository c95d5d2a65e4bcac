//! Queries for week cycles, sessions, attendance, notes and guests.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use sqlx::Row;

use crate::db::{Db, now};
use crate::error::{Error, InField, Msg, Result, ResultExt};
use crate::orgs::OrgSettings;
use crate::policy::{Actor, SessionFacts};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CycleSummary {
    pub id: i64,
    pub week_start: String,
    pub sessions: i64,
}

pub async fn for_circle(db: &Db, circle_id: i64, limit: i64, offset: i64) -> Result<Vec<CycleSummary>> {
    Ok(sqlx::query_as(
        "SELECT w.id, w.week_start, (SELECT COUNT(*) FROM sessions s WHERE s.cycle_id = w.id AND s.cancelled = FALSE) AS sessions \
         FROM week_cycles w WHERE w.circle_id = $1 ORDER BY w.week_start DESC LIMIT $2 OFFSET $3",
    )
    .bind(circle_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Cycle {
    pub id: i64,
    pub circle_id: i64,
    pub week_start: String,
    pub framework_version_id: i64,
}

pub async fn cycle(db: &Db, id: i64) -> Result<Cycle> {
    sqlx::query_as("SELECT id, circle_id, week_start, framework_version_id FROM week_cycles WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::NotFound)
}

/// What a circle fills in to plan an active week.
pub struct Plan<'a> {
    pub week: &'a str,
    pub time: &'a str,
    pub place: &'a str,
}

/// Plans an active week: one session per working day from Monday at the same time, as many
/// as the organisation's default. Each can be moved afterwards.
pub async fn plan(db: &Db, actor: &Actor, circle_id: i64, settings: &OrgSettings, p: &Plan<'_>) -> Result<i64> {
    let date = NaiveDate::parse_from_str(p.week.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid("cycle-week-invalid").in_field("week"))?;
    let monday = super::monday_of(date);
    let time = NaiveTime::parse_from_str(p.time.trim(), "%H:%M")
        .map_err(|_| Error::invalid("cycle-time-invalid").in_field("time"))?;
    let place = crate::web::optional(p.place, 200, "cycle-place-too-long").in_field("place")?;
    let members = crate::circles::store::member_count(db, circle_id).await?;
    if members < settings.circle_min {
        return Err(Error::Invalid(Msg::new("circle-below-min").arg("min", settings.circle_min)));
    }
    let framework = crate::framework::store::current(db, actor.org_id).await?;
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO week_cycles (circle_id, week_start, framework_version_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(circle_id)
    .bind(monday.to_string())
    .bind(framework.id)
    .bind(actor.id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await
    .on_unique("cycle-week-taken")?
    .try_get("id")?;
    for i in 0..settings.sessions_per_week {
        let day = monday + chrono::Duration::days(i.min(6));
        let starts = NaiveDateTime::new(day, time).format("%Y-%m-%dT%H:%M").to_string();
        sqlx::query(
            "INSERT INTO sessions (cycle_id, circle_id, position, starts_at, minutes, place, cancelled) VALUES ($1, $2, $3, $4, $5, $6, FALSE)",
        )
        .bind(id)
        .bind(circle_id)
        .bind(i + 1)
        .bind(starts)
        .bind(settings.session_minutes)
        .bind(&place)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The week's guiding questions and work situations.
pub async fn choices(db: &Db, cycle_id: i64) -> Result<(Vec<i64>, Vec<i64>)> {
    let q = sqlx::query("SELECT question_no FROM cycle_questions WHERE cycle_id = $1 ORDER BY question_no")
        .bind(cycle_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("question_no"))
        .collect::<Result<Vec<i64>, _>>()?;
    let s = sqlx::query("SELECT situation_id FROM cycle_situations WHERE cycle_id = $1 ORDER BY situation_id")
        .bind(cycle_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("situation_id"))
        .collect::<Result<Vec<i64>, _>>()?;
    Ok((q, s))
}

/// Replaces the week's choices; questions must be in the cycle's framework version and
/// situations must be the circle's own.
pub async fn set_choices(db: &Db, cycle: &Cycle, questions: &[i64], situations: &[i64]) -> Result<()> {
    let framework = crate::framework::store::by_id(db, cycle.framework_version_id).await?;
    if questions.iter().any(|n| framework.content.question(*n).is_none()) {
        return Err(Error::invalid("cycle-question-unknown"));
    }
    for s in situations {
        let sit = crate::situations::store::get(db, *s).await.map_err(|_| Error::invalid("cycle-situation-unknown"))?;
        if sit.circle_id != cycle.circle_id {
            return Err(Error::invalid("cycle-situation-unknown"));
        }
    }
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM cycle_questions WHERE cycle_id = $1").bind(cycle.id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM cycle_situations WHERE cycle_id = $1").bind(cycle.id).execute(&mut *tx).await?;
    let mut qs = questions.to_vec();
    qs.sort_unstable();
    qs.dedup();
    for q in qs {
        sqlx::query("INSERT INTO cycle_questions (cycle_id, question_no) VALUES ($1, $2)")
            .bind(cycle.id)
            .bind(q)
            .execute(&mut *tx)
            .await?;
    }
    let mut ss = situations.to_vec();
    ss.sort_unstable();
    ss.dedup();
    for s in ss {
        sqlx::query("INSERT INTO cycle_situations (cycle_id, situation_id) VALUES ($1, $2)")
            .bind(cycle.id)
            .bind(s)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Session {
    pub id: i64,
    pub cycle_id: i64,
    pub circle_id: i64,
    pub position: i64,
    pub starts_at: String,
    pub minutes: i64,
    pub place: String,
    #[sqlx(try_from = "crate::db::Flag")]
    pub cancelled: bool,
}

const SESSION_SELECT: &str =
    "SELECT id, cycle_id, circle_id, position, starts_at, minutes, place, cancelled FROM sessions";

pub async fn session(db: &Db, id: i64) -> Result<Session> {
    let sql = format!("{SESSION_SELECT} WHERE id = $1");
    sqlx::query_as(&sql).bind(id).fetch_optional(&db.pool).await?.ok_or(Error::NotFound)
}

pub async fn sessions(db: &Db, cycle_id: i64) -> Result<Vec<Session>> {
    let sql = format!("{SESSION_SELECT} WHERE cycle_id = $1 ORDER BY position");
    Ok(sqlx::query_as(&sql).bind(cycle_id).fetch_all(&db.pool).await?)
}

/// The facts the policy needs for a session.
pub async fn session_facts(db: &Db, actor: &Actor, s: &Session) -> Result<SessionFacts> {
    Ok(session_circle(db, actor, s).await?.1)
}

/// The session's circle and the facts the policy needs.
pub async fn session_circle(
    db: &Db,
    actor: &Actor,
    s: &Session,
) -> Result<(crate::circles::store::Circle, SessionFacts)> {
    let (circle_row, circle) = crate::circles::store::with_facts(db, actor, s.circle_id).await?;
    let guest = sqlx::query("SELECT 1 AS one FROM session_guests WHERE session_id = $1 AND person_id = $2")
        .bind(s.id)
        .bind(actor.id)
        .fetch_optional(&db.pool)
        .await?
        .is_some();
    let ends_at = super::session_ends_at(&s.starts_at, s.minutes).unwrap_or(i64::MIN);
    Ok((circle_row, SessionFacts { circle, actor_is_guest: guest, ends_at, now: now() }))
}

pub async fn update_session(db: &Db, id: i64, date: &str, time: &str, place: &str, cancelled: bool) -> Result<()> {
    let d = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| Error::invalid("cycle-week-invalid"))?;
    let t = NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| Error::invalid("cycle-time-invalid"))?;
    let place = crate::web::optional(place, 200, "cycle-place-too-long")?;
    let starts = NaiveDateTime::new(d, t).format("%Y-%m-%dT%H:%M").to_string();
    // Calendar clients take a change only when SEQUENCE rises.
    sqlx::query(
        "UPDATE sessions SET starts_at = $1, place = $2, cancelled = $3, sequence = sequence + 1, updated_at = $4 \
         WHERE id = $5",
    )
    .bind(starts)
    .bind(place)
    .bind(cancelled)
    .bind(crate::db::now())
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn attendance(db: &Db, session_id: i64) -> Result<Vec<i64>> {
    let rows = sqlx::query("SELECT person_id FROM attendance WHERE session_id = $1")
        .bind(session_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| Ok(r.try_get("person_id")?)).collect()
}

/// Records who was there. Only members and the session's guests can be marked present.
pub async fn set_attendance(db: &Db, s: &Session, present: &[i64]) -> Result<()> {
    if !super::attendance_open(&s.starts_at, chrono::Local::now().date_naive()) {
        return Err(Error::conflict("attendance-not-yet"));
    }
    let members: Vec<i64> = crate::circles::store::members(db, s.circle_id)
        .await?
        .into_iter()
        .filter(|m| m.is_member())
        .map(|m| m.person_id)
        .chain(guests(db, s.id).await?.into_iter().map(|g| g.person_id))
        .collect();
    if present.iter().any(|p| !members.contains(p)) {
        // The list the caller worked from is out of date: someone left, or a guest was removed.
        return Err(Error::conflict("attendance-unknown-person"));
    }
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM attendance WHERE session_id = $1").bind(s.id).execute(&mut *tx).await?;
    let mut ps = present.to_vec();
    ps.sort_unstable();
    ps.dedup();
    for p in ps {
        sqlx::query("INSERT INTO attendance (session_id, person_id) VALUES ($1, $2)")
            .bind(s.id)
            .bind(p)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Note {
    pub step: i64,
    pub body: String,
    pub version: i64,
    pub updated_by_name: Option<String>,
    pub updated_at: i64,
}

pub async fn notes(db: &Db, session_id: i64) -> Result<Vec<Note>> {
    Ok(sqlx::query_as(
        "SELECT n.step, n.body, n.version, p.name AS updated_by_name, n.updated_at FROM notes n \
         LEFT JOIN people p ON p.id = n.updated_by WHERE n.session_id = $1 ORDER BY n.step",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A shared note of a week, with the session it was written in (for the AI step's material).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct WeekNote {
    pub body: String,
    pub step: i64,
    pub position: i64,
}

/// The week's shared notes, in session and step order.
pub async fn week_notes(db: &Db, cycle_id: i64) -> Result<Vec<WeekNote>> {
    Ok(sqlx::query_as(
        "SELECT n.body, n.step, s.position FROM notes n JOIN sessions s ON s.id = n.session_id \
         WHERE s.cycle_id = $1 ORDER BY s.position, n.step",
    )
    .bind(cycle_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Saves the shared note of a step of a session's frame. The personal step (question 9) takes
/// no shared note: its answers are private reflections.
pub async fn save_step_note(
    db: &Db,
    actor: &Actor,
    s: &Session,
    step: i64,
    body: &str,
    base_version: i64,
) -> Result<i64> {
    let cycle = cycle(db, s.cycle_id).await?;
    let framework = crate::framework::store::by_id(db, cycle.framework_version_id).await?.content;
    let frame = framework.frame_for(s.position).ok_or(Error::NotFound)?;
    // Steps are numbered from 1; 0 or less is no step (found by schemathesis: step 0 used to be
    // saved as a note of its own).
    let index = step.checked_sub(1).and_then(|i| usize::try_from(i).ok()).ok_or(Error::NotFound)?;
    let kind = frame.steps.get(index).map(|x| x.kind).ok_or(Error::NotFound)?;
    if kind == crate::framework::StepKind::Learn {
        return Err(Error::invalid("note-personal-step"));
    }
    save_note(db, actor, s.id, step, body, base_version).await
}

/// Saves the shared note of a step. `base_version` is the version the writer started from
/// (0 for a new note): if someone saved in between, nothing is overwritten and the writer
/// gets a conflict with both texts to merge.
pub async fn save_note(
    db: &Db,
    actor: &Actor,
    session_id: i64,
    step: i64,
    body: &str,
    base_version: i64,
) -> Result<i64> {
    let body = crate::web::optional(body, 20_000, "note-too-long")?;
    let t = now();
    if base_version == 0 {
        sqlx::query("INSERT INTO notes (session_id, step, body, version, updated_by, updated_at) VALUES ($1, $2, $3, 1, $4, $5)")
            .bind(session_id)
            .bind(step)
            .bind(&body)
            .bind(actor.id)
            .bind(t)
            .execute(&db.pool)
            .await
            .on_unique("note-conflict")?;
        return Ok(1);
    }
    let done = sqlx::query(
        "UPDATE notes SET body = $1, version = version + 1, updated_by = $2, updated_at = $3 \
         WHERE session_id = $4 AND step = $5 AND version = $6",
    )
    .bind(&body)
    .bind(actor.id)
    .bind(t)
    .bind(session_id)
    .bind(step)
    .bind(base_version)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(Error::conflict("note-conflict"));
    }
    Ok(base_version + 1)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Guest {
    pub person_id: i64,
    pub name: String,
    pub email: String,
}

pub async fn guests(db: &Db, session_id: i64) -> Result<Vec<Guest>> {
    Ok(sqlx::query_as(
        "SELECT g.person_id, p.name, p.email FROM session_guests g JOIN people p ON p.id = g.person_id \
         WHERE g.session_id = $1 ORDER BY p.name",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Invites someone into one session: a colleague by e-mail, or an outside expert, who gets a
/// guest account. Returns the one-time password of a new guest account, to pass on.
pub async fn invite_guest(db: &Db, actor: &Actor, session_id: i64, email: &str, name: &str) -> Result<Option<String>> {
    let email = crate::orgs::valid_email(email)?;
    let (person_id, password) = match crate::orgs::person_by_email(db, actor.org_id, &email).await? {
        Some(p) if p.active => (p.id, None),
        Some(_) => return Err(Error::invalid("invite-unknown-colleague")),
        None => {
            // An e-mail address registered in another organisation cannot be reused.
            let password = crate::auth::random_token()[..16].to_string();
            let new = crate::orgs::NewPerson {
                name: name.to_string(),
                email: email.clone(),
                password: Some(password.clone()),
                is_guest: true,
                ..Default::default()
            };
            (crate::orgs::create_person(db, actor.org_id, &new).await?, Some(password))
        }
    };
    sqlx::query("INSERT INTO session_guests (session_id, person_id, invited_by, created_at) VALUES ($1, $2, $3, $4)")
        .bind(session_id)
        .bind(person_id)
        .bind(actor.id)
        .bind(now())
        .execute(&db.pool)
        .await
        .on_unique("guest-already-invited")?;
    Ok(password)
}

/// A session in someone's agenda.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AgendaItem {
    pub id: i64,
    pub circle_id: i64,
    pub circle_name: String,
    pub position: i64,
    pub starts_at: String,
    pub place: String,
}

/// The person's sessions from `from` on (their circles' and the ones they are a guest in).
/// Two indexed branches rather than one `OR`, so a large organisation stays fast.
pub async fn agenda(db: &Db, person_id: i64, from: &str, limit: i64) -> Result<Vec<AgendaItem>> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.circle_id, c.name AS circle_name, s.position, s.starts_at, s.place FROM circle_members m \
         JOIN sessions s ON s.circle_id = m.circle_id JOIN circles c ON c.id = s.circle_id \
         WHERE m.person_id = $1 AND m.status = 'member' AND s.cancelled = FALSE AND s.starts_at >= $2 \
         UNION \
         SELECT s.id, s.circle_id, c.name AS circle_name, s.position, s.starts_at, s.place FROM session_guests g \
         JOIN sessions s ON s.id = g.session_id JOIN circles c ON c.id = s.circle_id \
         WHERE g.person_id = $1 AND s.cancelled = FALSE AND s.starts_at >= $2 \
         ORDER BY starts_at LIMIT $3",
    )
    .bind(person_id)
    .bind(from)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?)
}
