//! Queries for learning paths and their progress.

use chrono::NaiveDate;
use sqlx::Row;

use crate::db::{Db, Flag, now};
use crate::error::{Error, InField, Result};
use crate::policy::Actor;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Path {
    pub id: i64,
    pub person_id: i64,
    pub starts_on: String,
    pub ends_on: String,
    pub planned_weeks: i64,
    pub talents: String,
    pub goals: String,
    pub questions: String,
    #[sqlx(try_from = "Flag")]
    pub share_plan: bool,
    #[sqlx(try_from = "Flag")]
    pub share_progress: bool,
    #[sqlx(try_from = "Flag")]
    pub share_items: bool,
    pub version: i64,
}

impl Path {
    pub fn question_numbers(&self) -> Vec<i64> {
        self.questions.split(',').filter_map(|q| q.trim().parse().ok()).collect()
    }
}

/// The person's current path: the latest one they designed.
pub async fn current(db: &Db, person_id: i64) -> Result<Option<Path>> {
    Ok(sqlx::query_as(
        "SELECT id, person_id, starts_on, ends_on, planned_weeks, talents, goals, questions, share_plan, share_progress, \
         share_items, version FROM learning_paths WHERE person_id = $1 ORDER BY starts_on DESC, id DESC LIMIT 1",
    )
    .bind(person_id)
    .fetch_optional(&db.pool)
    .await?)
}

/// What the professional fills in.
pub struct Plan<'a> {
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub planned_weeks: &'a str,
    pub talents: &'a str,
    pub goals: &'a str,
    pub questions: &'a [i64],
    pub share_plan: bool,
    pub share_progress: bool,
    pub share_items: bool,
}

struct Checked {
    starts_on: String,
    ends_on: String,
    planned_weeks: i64,
    talents: String,
    goals: String,
    questions: String,
}

fn check(db_questions: &[i64], p: &Plan<'_>) -> Result<Checked> {
    let start = NaiveDate::parse_from_str(p.starts_on.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid("path-dates-invalid").in_field("starts_on"))?;
    let end = NaiveDate::parse_from_str(p.ends_on.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid("path-dates-invalid").in_field("ends_on"))?;
    let days = (end - start).num_days();
    if !(7..=3 * 366).contains(&days) {
        return Err(Error::invalid("path-dates-invalid").in_field("ends_on"));
    }
    let weeks: i64 =
        p.planned_weeks.trim().parse().map_err(|_| Error::invalid("path-weeks-invalid").in_field("planned_weeks"))?;
    if weeks < 1 || weeks > days / 7 + 1 {
        return Err(Error::invalid("path-weeks-invalid").in_field("planned_weeks"));
    }
    if p.questions.iter().any(|q| !db_questions.contains(q)) {
        return Err(Error::invalid("cycle-question-unknown"));
    }
    let mut qs = p.questions.to_vec();
    qs.sort_unstable();
    qs.dedup();
    Ok(Checked {
        starts_on: start.to_string(),
        ends_on: end.to_string(),
        planned_weeks: weeks,
        talents: crate::web::optional(p.talents, 5000, "path-text-too-long").in_field("talents")?,
        goals: crate::web::required(p.goals, 5000, "path-goals-required").in_field("goals")?,
        questions: qs.iter().map(|q| q.to_string()).collect::<Vec<_>>().join(","),
    })
}

async fn framework_questions(db: &Db, org_id: i64) -> Result<Vec<i64>> {
    Ok(crate::framework::store::current(db, org_id).await?.content.questions.iter().map(|q| q.no).collect())
}

pub async fn create(db: &Db, actor: &Actor, p: &Plan<'_>) -> Result<i64> {
    let c = check(&framework_questions(db, actor.org_id).await?, p)?;
    let t = now();
    let r = sqlx::query(
        "INSERT INTO learning_paths (person_id, starts_on, ends_on, planned_weeks, talents, goals, questions, share_plan, \
         share_progress, share_items, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11) RETURNING id",
    )
    .bind(actor.id)
    .bind(c.starts_on)
    .bind(c.ends_on)
    .bind(c.planned_weeks)
    .bind(c.talents)
    .bind(c.goals)
    .bind(c.questions)
    .bind(p.share_plan)
    .bind(p.share_progress)
    .bind(p.share_items)
    .bind(t)
    .fetch_one(&db.pool)
    .await?;
    Ok(r.try_get("id")?)
}

/// Saves the plan; a save from an older version is refused rather than overwriting.
pub async fn update(db: &Db, actor: &Actor, path: &Path, p: &Plan<'_>, base_version: i64) -> Result<()> {
    let c = check(&framework_questions(db, actor.org_id).await?, p)?;
    let done = sqlx::query(
        "UPDATE learning_paths SET starts_on = $1, ends_on = $2, planned_weeks = $3, talents = $4, goals = $5, questions = $6, \
         share_plan = $7, share_progress = $8, share_items = $9, version = version + 1, updated_at = $10 \
         WHERE id = $11 AND person_id = $12 AND version = $13",
    )
    .bind(c.starts_on)
    .bind(c.ends_on)
    .bind(c.planned_weeks)
    .bind(c.talents)
    .bind(c.goals)
    .bind(c.questions)
    .bind(p.share_plan)
    .bind(p.share_progress)
    .bind(p.share_items)
    .bind(now())
    .bind(path.id)
    .bind(actor.id)
    .bind(base_version)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(Error::conflict("path-edit-conflict"));
    }
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Item {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub provider: String,
    pub minutes: Option<i64>,
    pub link: String,
    pub due_on: Option<String>,
    #[sqlx(try_from = "Flag")]
    pub done: bool,
}

pub async fn items(db: &Db, path_id: i64) -> Result<Vec<Item>> {
    Ok(sqlx::query_as(
        "SELECT id, kind, title, provider, minutes, link, due_on, done FROM path_items WHERE path_id = $1 ORDER BY kind, due_on, id",
    )
    .bind(path_id)
    .fetch_all(&db.pool)
    .await?)
}

pub struct NewItem<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub provider: &'a str,
    pub hours: &'a str,
    pub link: &'a str,
    pub due_on: &'a str,
}

pub async fn add_item(db: &Db, path: &Path, i: &NewItem<'_>) -> Result<()> {
    if !matches!(i.kind, "formal" | "milestone") {
        return Err(Error::invalid("error-form"));
    }
    let title = crate::web::required(i.title, 200, "path-item-title-required").in_field("title")?;
    let provider = crate::web::optional(i.provider, 200, "path-text-too-long").in_field("provider")?;
    let link = crate::web::optional(i.link, 500, "path-text-too-long").in_field("link")?;
    if !(link.is_empty() || link.starts_with("https://") || link.starts_with("http://")) {
        return Err(Error::invalid("path-link-invalid").in_field("link"));
    }
    let minutes = crate::web::hours_to_minutes(i.hours, 2000.0, "path-hours-invalid").in_field("hours")?;
    let due = match i.due_on.trim() {
        "" => None,
        d => Some(
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| Error::invalid("path-dates-invalid").in_field("due_on"))?
                .to_string(),
        ),
    };
    sqlx::query(
        "INSERT INTO path_items (path_id, kind, title, provider, minutes, link, due_on, done, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE, $8)",
    )
    .bind(path.id)
    .bind(i.kind)
    .bind(title)
    .bind(provider)
    .bind(minutes)
    .bind(link)
    .bind(due)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Marks an item done or not, or removes it; only within the given path.
pub async fn change_item(db: &Db, path: &Path, item_id: i64, action: &str) -> Result<()> {
    let sql = match action {
        "done" => "UPDATE path_items SET done = TRUE WHERE id = $1 AND path_id = $2",
        "undone" => "UPDATE path_items SET done = FALSE WHERE id = $1 AND path_id = $2",
        "remove" => "DELETE FROM path_items WHERE id = $1 AND path_id = $2",
        _ => return Err(Error::invalid("error-form")),
    };
    let n = sqlx::query(sql).bind(item_id).bind(path.id).execute(&db.pool).await?.rows_affected();
    if n == 0 { Err(Error::NotFound) } else { Ok(()) }
}

/// Progress from the person's own data within the path's period.
#[derive(Clone, Debug, Default)]
pub struct Progress {
    pub active_weeks: i64,
    pub minutes_used: i64,
    pub reflections: i64,
    pub proposals: Vec<crate::proposals::store::ProposalSummary>,
}

pub async fn progress(db: &Db, person_id: i64, path: &Path) -> Result<Progress> {
    progress_between(db, person_id, &path.starts_on, &path.ends_on).await
}

/// Progress from the person's own data between two dates (inclusive, "YYYY-MM-DD").
pub async fn progress_between(db: &Db, person_id: i64, starts_on: &str, ends_on: &str) -> Result<Progress> {
    let r = sqlx::query(
        "SELECT COUNT(DISTINCT w.week_start) AS weeks, CAST(COALESCE(SUM(s.minutes), 0) AS BIGINT) AS minutes FROM attendance a \
         JOIN sessions s ON s.id = a.session_id JOIN week_cycles w ON w.id = s.cycle_id \
         WHERE a.person_id = $1 AND s.cancelled = FALSE AND w.week_start >= $2 AND w.week_start <= $3",
    )
    .bind(person_id)
    .bind(starts_on)
    .bind(ends_on)
    .fetch_one(&db.pool)
    .await?;
    let start = NaiveDate::parse_from_str(starts_on, "%Y-%m-%d").map_err(|e| Error::Internal(e.into()))?;
    let end = NaiveDate::parse_from_str(ends_on, "%Y-%m-%d").map_err(|e| Error::Internal(e.into()))?;
    let (from, to) = (ts(start), ts(end + chrono::Duration::days(1)));
    let reflections: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM reflections WHERE person_id = $1 AND created_at >= $2 AND created_at < $3",
    )
    .bind(person_id)
    .bind(from)
    .bind(to)
    .fetch_one(&db.pool)
    .await?
    .try_get("n")?;
    let proposals = sqlx::query_as(
        "SELECT p.id, p.circle_id, c.name AS circle_name, p.title, p.state, p.kind, p.updated_at, p.submitted_at \
         FROM proposals p JOIN circles c ON c.id = p.circle_id \
         WHERE p.created_at >= $2 AND p.created_at < $3 AND (p.created_by = $1 \
           OR EXISTS (SELECT 1 FROM proposal_revisions r WHERE r.proposal_id = p.id AND r.edited_by = $1) \
           OR EXISTS (SELECT 1 FROM votes v WHERE v.proposal_id = p.id AND v.person_id = $1)) \
         ORDER BY p.updated_at DESC LIMIT 50",
    )
    .bind(person_id)
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    Ok(Progress { active_weeks: r.try_get("weeks")?, minutes_used: r.try_get("minutes")?, reflections, proposals })
}

fn ts(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0).map(|x| x.and_utc().timestamp()).unwrap_or(0)
}
