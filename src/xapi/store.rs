//! The xAPI queries: an organisation's LRS settings, a person's consent, the counts people and
//! administrators see, the facts planning turns into statement rows, and what building and
//! sending one statement reads and writes.

use sqlx::Row;

use crate::db::{Db, Flag, now};
use crate::error::Result;

#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub enabled: bool,
    pub endpoint: String,
    pub username: String,
    pub secret_sealed: String,
    pub updated_at: i64,
}

impl Settings {
    pub fn has_secret(&self) -> bool {
        !self.secret_sealed.is_empty()
    }
}

pub async fn settings(db: &Db, org: i64) -> Result<Settings> {
    let row = sqlx::query(
        "SELECT enabled, endpoint, username, secret_sealed, updated_at FROM xapi_settings WHERE org_id = $1",
    )
    .bind(org)
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(Settings::default()) };
    Ok(Settings {
        enabled: r.try_get::<Flag, _>("enabled")?.0,
        endpoint: r.try_get("endpoint")?,
        username: r.try_get("username")?,
        secret_sealed: r.try_get("secret_sealed")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// The settings as checked, ready to store.
pub struct NewSettings<'a> {
    pub enabled: bool,
    pub endpoint: &'a str,
    pub username: &'a str,
    pub secret_sealed: &'a str,
}

/// Stores the settings and, when `drop_waiting`, drops the organisation's unsent rows; the audit
/// row (`detail`) is written in the same transaction.
pub async fn save_settings(
    db: &Db,
    by: &crate::policy::Actor,
    s: &NewSettings<'_>,
    drop_waiting: bool,
    detail: &str,
) -> Result<()> {
    let org = by.org_id;
    let t = now();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO xapi_settings (org_id, enabled, endpoint, username, secret_sealed, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (org_id) DO UPDATE SET enabled = $2, endpoint = $3, \
         username = $4, secret_sealed = $5, updated_by = $6, updated_at = $7",
    )
    .bind(org)
    .bind(s.enabled)
    .bind(s.endpoint)
    .bind(s.username)
    .bind(s.secret_sealed)
    .bind(by.id)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    if drop_waiting {
        sqlx::query("DELETE FROM xapi_statements WHERE org_id = $1 AND sent_at IS NULL")
            .bind(org)
            .execute(&mut *tx)
            .await?;
    }
    crate::audit::record_in(&mut tx, by, crate::audit::Action::XapiSettings, None, detail).await?;
    tx.commit().await?;
    Ok(())
}

/// A person's consent: since when, or `None`.
pub async fn consent(db: &Db, person: i64) -> Result<Option<i64>> {
    let r = sqlx::query("SELECT xapi_consent_at FROM people WHERE id = $1").bind(person).fetch_one(&db.pool).await?;
    Ok(r.try_get("xapi_consent_at")?)
}

/// Yes keeps the first moment of consent; no forgets it and drops what was not sent yet.
pub async fn set_consent(db: &Db, person: i64, on: bool) -> Result<()> {
    let mut tx = db.begin().await?;
    if on {
        sqlx::query("UPDATE people SET xapi_consent_at = COALESCE(xapi_consent_at, $1) WHERE id = $2")
            .bind(now())
            .bind(person)
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query("UPDATE people SET xapi_consent_at = NULL WHERE id = $1").bind(person).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM xapi_statements WHERE person_id = $1 AND sent_at IS NULL")
            .bind(person)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What a person sees of their own records: how many went out, how many wait.
#[derive(Clone, Debug, Default)]
pub struct Mine {
    pub sent: i64,
    pub waiting: i64,
}

pub async fn mine(db: &Db, person: i64) -> Result<Mine> {
    let r = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END), 0) AS sent, \
         COALESCE(SUM(CASE WHEN sent_at IS NULL THEN 1 ELSE 0 END), 0) AS waiting FROM xapi_statements WHERE person_id = $1",
    )
    .bind(person)
    .fetch_one(&db.pool)
    .await?;
    Ok(Mine { sent: r.try_get("sent")?, waiting: r.try_get("waiting")? })
}

/// The administrator's view: counts only, never who said yes.
#[derive(Clone, Debug, Default)]
pub struct Overview {
    pub consenting: i64,
    pub sent: i64,
    pub waiting: i64,
}

pub async fn overview(db: &Db, org: i64) -> Result<Overview> {
    let c = sqlx::query(
        "SELECT COUNT(*) AS n FROM people WHERE org_id = $1 AND active = TRUE AND xapi_consent_at IS NOT NULL",
    )
    .bind(org)
    .fetch_one(&db.pool)
    .await?;
    let s = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END), 0) AS sent, \
         COALESCE(SUM(CASE WHEN sent_at IS NULL THEN 1 ELSE 0 END), 0) AS waiting FROM xapi_statements WHERE org_id = $1",
    )
    .bind(org)
    .fetch_one(&db.pool)
    .await?;
    Ok(Overview { consenting: c.try_get("n")?, sent: s.try_get("sent")?, waiting: s.try_get("waiting")? })
}

/// The organisations that export: switched on, with an address.
pub async fn exporting_orgs(db: &Db) -> Result<Vec<i64>> {
    let rows = sqlx::query("SELECT org_id FROM xapi_settings WHERE enabled = TRUE AND endpoint <> ''")
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| Ok(r.try_get("org_id")?)).collect()
}

/// One attendance that may become a statement.
pub struct Attendance {
    pub person_id: i64,
    pub session_id: i64,
    pub starts_at: String,
    pub minutes: i64,
    pub consent_at: i64,
}

/// Attendance at sessions that began at or before `started` (local time), not cancelled, of
/// active consenting people of the organisation, not planned yet; at most `limit`, oldest first.
pub async fn unplanned_attendance(db: &Db, org: i64, started: &str, limit: i64) -> Result<Vec<Attendance>> {
    let rows = sqlx::query(
        "SELECT a.person_id, a.session_id, s.starts_at, s.minutes, p.xapi_consent_at FROM attendance a \
         JOIN people p ON p.id = a.person_id JOIN sessions s ON s.id = a.session_id \
         LEFT JOIN xapi_statements x ON x.person_id = a.person_id AND x.kind = 'attended' AND x.subject_id = a.session_id \
         WHERE p.org_id = $1 AND p.active = TRUE AND p.xapi_consent_at IS NOT NULL AND s.cancelled = FALSE \
         AND s.starts_at <= $2 AND x.id IS NULL ORDER BY s.starts_at LIMIT $3",
    )
    .bind(org)
    .bind(started)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Attendance {
                person_id: r.try_get("person_id")?,
                session_id: r.try_get("session_id")?,
                starts_at: r.try_get("starts_at")?,
                minutes: r.try_get("minutes")?,
                consent_at: r.try_get("xapi_consent_at")?,
            })
        })
        .collect()
}

/// Proposals the group validated and sent to a decider after the person's consent, for
/// everyone who voted on them or wrote part of their text (how they voted is not told), not
/// planned yet: `(person, proposal)`, at most `limit`. Driven from the consenting people (few)
/// through the person indexes on votes and revisions.
pub async fn unplanned_contributions(db: &Db, org: i64, limit: i64) -> Result<Vec<(i64, i64)>> {
    let contributors = |source: &str, who: &str| {
        format!(
            "SELECT c.{who} AS person_id, c.proposal_id FROM people p JOIN {source} c ON c.{who} = p.id \
             JOIN proposals pr ON pr.id = c.proposal_id \
             LEFT JOIN xapi_statements x ON x.person_id = p.id AND x.kind = 'contributed' AND x.subject_id = c.proposal_id \
             WHERE p.org_id = $1 AND p.active = TRUE AND p.xapi_consent_at IS NOT NULL AND pr.submitted_at IS NOT NULL \
             AND pr.submitted_at >= p.xapi_consent_at AND x.id IS NULL"
        )
    };
    let sql = format!(
        "{} UNION {} LIMIT $2",
        contributors("votes", "person_id"),
        contributors("proposal_revisions", "edited_by")
    );
    let rows = sqlx::query(&sql).bind(org).bind(limit).fetch_all(&db.pool).await?;
    rows.iter().map(|r| Ok((r.try_get("person_id")?, r.try_get("proposal_id")?))).collect()
}

/// Adds one row with a fresh UUID per `(person, kind, subject)` fact, in one transaction; a fact
/// already planned (by another node, say) is left alone. Returns how many rows were added.
pub async fn insert_planned(db: &Db, org: i64, facts: &[(i64, &str, i64)], t: i64) -> Result<u64> {
    let mut added = 0;
    let mut tx = db.begin().await?;
    for (person, kind, subject) in facts {
        let r = sqlx::query(
            "INSERT INTO xapi_statements (id, org_id, person_id, kind, subject_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (person_id, kind, subject_id) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(org)
        .bind(person)
        .bind(*kind)
        .bind(subject)
        .bind(t)
        .execute(&mut *tx)
        .await?;
        added += r.rows_affected();
    }
    tx.commit().await?;
    Ok(added)
}

/// The unsent rows, oldest first, at most `limit`: `(id, org)`.
pub async fn unsent(db: &Db, limit: i64) -> Result<Vec<(String, i64)>> {
    let rows = sqlx::query("SELECT id, org_id FROM xapi_statements WHERE sent_at IS NULL ORDER BY created_at LIMIT $1")
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("org_id")?))).collect()
}

/// One statement row with what building it needs.
pub struct Planned {
    pub id: String,
    pub org_id: i64,
    pub person_id: i64,
    pub kind: String,
    pub subject_id: i64,
    pub sent: bool,
}

pub async fn planned(db: &Db, id: &str) -> Result<Option<Planned>> {
    let row = sqlx::query("SELECT id, org_id, person_id, kind, subject_id, sent_at FROM xapi_statements WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Planned {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        person_id: r.try_get("person_id")?,
        kind: r.try_get("kind")?,
        subject_id: r.try_get("subject_id")?,
        sent: r.try_get::<Option<i64>, _>("sent_at")?.is_some(),
    }))
}

/// The statement's actor as it is now.
pub struct Person {
    pub name: String,
    pub email: String,
    pub lang: String,
    pub org_id: i64,
    pub active: bool,
    pub consent_at: Option<i64>,
}

pub async fn person(db: &Db, id: i64) -> Result<Option<Person>> {
    let row = sqlx::query("SELECT name, email, lang, org_id, active, xapi_consent_at FROM people WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Person {
        name: r.try_get("name")?,
        email: r.try_get("email")?,
        lang: r.try_get("lang")?,
        org_id: r.try_get("org_id")?,
        active: r.try_get::<Flag, _>("active")?.0,
        consent_at: r.try_get("xapi_consent_at")?,
    }))
}

/// A session the person attended, with its circle.
pub struct Attended {
    pub position: i64,
    pub starts_at: String,
    pub minutes: i64,
    pub cancelled: bool,
    pub circle_id: i64,
    pub circle: String,
    pub circle_org: i64,
}

/// The session, if the person's attendance at it is still recorded.
pub async fn attended(db: &Db, session: i64, person: i64) -> Result<Option<Attended>> {
    let row = sqlx::query(
        "SELECT s.position, s.starts_at, s.minutes, s.cancelled, s.circle_id, c.name AS circle, c.org_id AS circle_org \
         FROM attendance a JOIN sessions s ON s.id = a.session_id JOIN circles c ON c.id = s.circle_id \
         WHERE a.session_id = $1 AND a.person_id = $2",
    )
    .bind(session)
    .bind(person)
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Attended {
        position: r.try_get("position")?,
        starts_at: r.try_get("starts_at")?,
        minutes: r.try_get("minutes")?,
        cancelled: r.try_get::<Flag, _>("cancelled")?.0,
        circle_id: r.try_get("circle_id")?,
        circle: r.try_get("circle")?,
        circle_org: r.try_get("circle_org")?,
    }))
}

/// A validated proposal, with its circle.
pub struct Contributed {
    pub title: String,
    pub submitted_at: i64,
    pub circle_id: i64,
    pub circle: String,
}

/// The organisation's proposal, if it is still sent to a decider.
pub async fn contributed(db: &Db, proposal: i64, org: i64) -> Result<Option<Contributed>> {
    let row = sqlx::query(
        "SELECT pr.title, pr.submitted_at, pr.circle_id, c.name AS circle FROM proposals pr JOIN circles c ON c.id = pr.circle_id \
         WHERE pr.id = $1 AND pr.org_id = $2 AND pr.submitted_at IS NOT NULL",
    )
    .bind(proposal)
    .bind(org)
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Contributed {
        title: r.try_get("title")?,
        submitted_at: r.try_get("submitted_at")?,
        circle_id: r.try_get("circle_id")?,
        circle: r.try_get("circle")?,
    }))
}

/// Drops a row that should not go out any more, unless it went out meanwhile.
pub async fn drop_unsent(db: &Db, id: &str) -> Result<()> {
    sqlx::query("DELETE FROM xapi_statements WHERE id = $1 AND sent_at IS NULL").bind(id).execute(&db.pool).await?;
    Ok(())
}

/// The LRS took the statement.
pub async fn mark_sent(db: &Db, id: &str, t: i64) -> Result<()> {
    sqlx::query("UPDATE xapi_statements SET sent_at = $1 WHERE id = $2").bind(t).bind(id).execute(&db.pool).await?;
    Ok(())
}
