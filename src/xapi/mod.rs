//! xAPI learning records: with a person's consent, and only then, two facts about their learning
//! go to their organisation's Learning Record Store — "attended a session" and "contributed to a
//! validated proposal". Off by default on both sides: the organisation configures its LRS, and
//! each person says yes for themselves. Nothing of a session's content ever leaves.
//!
//! Planning runs every few minutes on every node: each fact of a consenting person that happened
//! after their consent becomes one row in `xapi_statements` with a fresh UUID (unique per person,
//! kind and subject, so two nodes planning at once make one row), and each unsent row gets one job
//! in the queue. Sending PUTs the statement under that UUID, so a retry after a lost answer is
//! the same statement to the LRS, not a second one. Whether the fact still holds, the person
//! still consents and the organisation still exports is checked again at sending time.

mod routes;

pub use routes::{Consent, consent_section, routes};

use std::sync::LazyLock;
use std::time::Duration;

use serde_json::{Value, json};
use sqlx::Row;

use crate::db::{Db, Flag, now};
use crate::error::{Error, Result};
use crate::jobs::runner::{Outcome, Runner};
use crate::jobs::{Job, NewJob};

/// The queue's name for "send one statement".
pub const KIND: &str = "xapi.statement";

/// The xAPI version we speak (the header every request carries).
pub const VERSION: &str = "1.0.3";

/// The two kinds of fact.
pub const ATTENDED: &str = "attended";
pub const CONTRIBUTED: &str = "contributed";

/// How many rows one planning round adds at most (the rest follow in the next round).
const PLAN_LIMIT: i64 = 5000;

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

/// What the administrator typed. An empty password keeps the stored one.
#[derive(Clone, Debug, Default)]
pub struct Change {
    pub enabled: bool,
    pub endpoint: String,
    pub username: String,
    pub password: String,
    pub clear_password: bool,
}

/// Checks an LRS address: http(s), a host, no query or fragment, no credentials in it. Plain
/// http only to this machine (the password travels with every statement).
pub fn check_endpoint(raw: &str) -> Result<String> {
    let trimmed = raw.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    let url = reqwest::Url::parse(trimmed).map_err(|_| Error::invalid("xapi-endpoint-invalid"))?;
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    let ok_scheme = url.scheme() == "https" || (url.scheme() == "http" && loopback);
    if !ok_scheme {
        return Err(Error::invalid("xapi-endpoint-https"));
    }
    if url.host_str().is_none()
        || url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
        || trimmed.len() > 500
    {
        return Err(Error::invalid("xapi-endpoint-invalid"));
    }
    // "…/statements" is the resource, not the base: take it off rather than send to
    // ".../statements/statements".
    Ok(trimmed.strip_suffix("/statements").unwrap_or(trimmed).to_string())
}

/// Validates and stores the settings; switching off (or a new address) drops what was waiting,
/// so nothing planned for one LRS goes to another or goes out after the organisation stopped.
/// The audit row is written in the same transaction.
pub async fn save(db: &Db, by: &crate::policy::Actor, key: &[u8; 32], public_url: bool, c: &Change) -> Result<()> {
    let org = by.org_id;
    let endpoint = check_endpoint(&c.endpoint)?;
    let username = c.username.trim().to_string();
    if username.len() > 300 || username.contains(':') || c.password.len() > 500 {
        return Err(Error::invalid("xapi-credentials-invalid"));
    }
    let current = settings(db, org).await?;
    let sealed = if c.clear_password {
        String::new()
    } else if !c.password.is_empty() {
        crate::ai::settings::seal(key, &c.password)?
    } else {
        current.secret_sealed.clone()
    };
    if c.enabled {
        if !public_url {
            return Err(Error::invalid("xapi-needs-public-url"));
        }
        if endpoint.is_empty() {
            return Err(Error::invalid("xapi-endpoint-missing"));
        }
    }
    let t = now();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO xapi_settings (org_id, enabled, endpoint, username, secret_sealed, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (org_id) DO UPDATE SET enabled = $2, endpoint = $3, \
         username = $4, secret_sealed = $5, updated_by = $6, updated_at = $7",
    )
    .bind(org)
    .bind(c.enabled)
    .bind(&endpoint)
    .bind(&username)
    .bind(&sealed)
    .bind(by.id)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    if !c.enabled || endpoint != current.endpoint {
        sqlx::query("DELETE FROM xapi_statements WHERE org_id = $1 AND sent_at IS NULL")
            .bind(org)
            .execute(&mut *tx)
            .await?;
    }
    let detail = format!("{} {}", if c.enabled { "on" } else { "off" }, endpoint);
    crate::audit::record_in(&mut tx, by, crate::audit::Action::XapiSettings, None, &detail).await?;
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

/// One planning round over every organisation that exports: new facts become rows, and every
/// unsent row has a job. Returns how many rows were added.
pub async fn plan(db: &Db, t: i64) -> Result<u64> {
    let orgs = sqlx::query("SELECT org_id FROM xapi_settings WHERE enabled = TRUE AND endpoint <> ''")
        .fetch_all(&db.pool)
        .await?;
    let mut added = 0;
    for r in orgs {
        let org: i64 = r.try_get("org_id")?;
        added += plan_org(db, org, t).await?;
    }
    enqueue_unsent(db).await?;
    Ok(added)
}

async fn plan_org(db: &Db, org: i64, t: i64) -> Result<u64> {
    let started = chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.with_timezone(&chrono::Local).format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default();
    // Attendance at sessions that are over, for people who consented before they began.
    let rows = sqlx::query(
        "SELECT a.person_id, a.session_id, s.starts_at, s.minutes, p.xapi_consent_at FROM attendance a \
         JOIN people p ON p.id = a.person_id JOIN sessions s ON s.id = a.session_id \
         LEFT JOIN xapi_statements x ON x.person_id = a.person_id AND x.kind = 'attended' AND x.subject_id = a.session_id \
         WHERE p.org_id = $1 AND p.active = TRUE AND p.xapi_consent_at IS NOT NULL AND s.cancelled = FALSE \
         AND s.starts_at <= $2 AND x.id IS NULL ORDER BY s.starts_at LIMIT $3",
    )
    .bind(org)
    .bind(&started)
    .bind(PLAN_LIMIT)
    .fetch_all(&db.pool)
    .await?;
    let mut facts: Vec<(i64, &'static str, i64)> = Vec::new();
    for r in &rows {
        let starts: String = r.try_get("starts_at")?;
        let minutes: i64 = r.try_get("minutes")?;
        let consent: i64 = r.try_get("xapi_consent_at")?;
        let Some(begin) = crate::mail::local_ts(&starts) else { continue };
        if begin >= consent && begin + minutes * 60 <= t {
            facts.push((r.try_get("person_id")?, ATTENDED, r.try_get("session_id")?));
        }
    }
    // Proposals the group validated and sent to a decider after the person's consent, for
    // everyone who voted on them or wrote part of their text (how they voted is not told).
    // Driven from the consenting people (few) through the person indexes on votes and revisions.
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
    let rows = sqlx::query(&sql).bind(org).bind(PLAN_LIMIT).fetch_all(&db.pool).await?;
    for r in &rows {
        facts.push((r.try_get("person_id")?, CONTRIBUTED, r.try_get("proposal_id")?));
    }
    let mut added = 0;
    for chunk in facts.chunks(500) {
        let mut tx = db.begin().await?;
        for (person, kind, subject) in chunk {
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
    }
    Ok(added)
}

/// One job per unsent row; the dedupe key makes this safe to repeat every round (a row whose
/// job was given up keeps that job, which an administrator can retry).
async fn enqueue_unsent(db: &Db) -> Result<u64> {
    let rows = sqlx::query("SELECT id, org_id FROM xapi_statements WHERE sent_at IS NULL ORDER BY created_at LIMIT $1")
        .bind(PLAN_LIMIT)
        .fetch_all(&db.pool)
        .await?;
    let t = now();
    let mut jobs = Vec::with_capacity(rows.len());
    for r in rows {
        let id: String = r.try_get("id")?;
        jobs.push(NewJob {
            org_id: Some(r.try_get("org_id")?),
            kind: KIND,
            dedupe_key: Some(format!("xapi:{id}")),
            payload: id,
            run_at: t,
        });
    }
    crate::jobs::enqueue_many(db, &jobs).await
}

/// One statement row with what building it needs.
struct Planned {
    id: String,
    org_id: i64,
    person_id: i64,
    kind: String,
    subject_id: i64,
    sent: bool,
}

async fn planned(db: &Db, id: &str) -> Result<Option<Planned>> {
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

/// Builds the statement, or `None` when it should not go out any more (consent withdrawn, the
/// person left, attendance corrected, a session cancelled).
async fn build(db: &Db, p: &Planned, base: &str) -> Result<Option<Value>> {
    let person = sqlx::query("SELECT name, email, lang, org_id, active, xapi_consent_at FROM people WHERE id = $1")
        .bind(p.person_id)
        .fetch_optional(&db.pool)
        .await?;
    let Some(person) = person else { return Ok(None) };
    let consent: Option<i64> = person.try_get("xapi_consent_at")?;
    let active = person.try_get::<Flag, _>("active")?.0;
    let org: i64 = person.try_get("org_id")?;
    if consent.is_none() || !active || org != p.org_id {
        return Ok(None);
    }
    let name: String = person.try_get("name")?;
    let email: String = person.try_get("email")?;
    let lang: String = person.try_get("lang")?;
    let actor = json!({ "objectType": "Agent", "name": name, "mbox": format!("mailto:{email}") });
    let context = |grouping: Value| {
        json!({
            "platform": "Hartslag",
            "language": if lang == "en" { "en-US" } else { "nl-NL" },
            "contextActivities": { "grouping": [grouping] },
        })
    };
    let statement = match p.kind.as_str() {
        ATTENDED => {
            let row = sqlx::query(
                "SELECT s.position, s.starts_at, s.minutes, s.cancelled, s.circle_id, c.name AS circle, c.org_id AS circle_org \
                 FROM attendance a JOIN sessions s ON s.id = a.session_id JOIN circles c ON c.id = s.circle_id \
                 WHERE a.session_id = $1 AND a.person_id = $2",
            )
            .bind(p.subject_id)
            .bind(p.person_id)
            .fetch_optional(&db.pool)
            .await?;
            let Some(r) = row else { return Ok(None) };
            if r.try_get::<Flag, _>("cancelled")?.0 {
                return Ok(None);
            }
            let position: i64 = r.try_get("position")?;
            let minutes: i64 = r.try_get("minutes")?;
            let starts: String = r.try_get("starts_at")?;
            let circle_id: i64 = r.try_get("circle_id")?;
            // Another organisation's circle (a guest visit) is not named to this one's LRS.
            let circle: Option<String> =
                (r.try_get::<i64, _>("circle_org")? == p.org_id).then(|| r.try_get("circle")).transpose()?;
            let (nl, en) = match &circle {
                Some(c) => {
                    (format!("Sessie {position} van Prof-cirkel {c}"), format!("Session {position} of Prof-cirkel {c}"))
                }
                None => {
                    (format!("Sessie {position} van een Prof-cirkel"), format!("Session {position} of a Prof-cirkel"))
                }
            };
            let timestamp = crate::mail::local_ts(&starts)
                .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default();
            json!({
                "id": p.id,
                "actor": actor,
                "verb": { "id": "http://adlnet.gov/expapi/verbs/attended", "display": { "nl-NL": "nam deel aan", "en-US": "attended" } },
                "object": {
                    "objectType": "Activity",
                    "id": format!("{base}/sessions/{}", p.subject_id),
                    "definition": { "type": "http://adlnet.gov/expapi/activities/meeting", "name": { "nl-NL": nl, "en-US": en } },
                },
                "result": { "duration": format!("PT{minutes}M") },
                "context": context(circle_activity(base, circle_id, circle.as_deref())),
                "timestamp": timestamp,
            })
        }
        CONTRIBUTED => {
            let row = sqlx::query(
                "SELECT pr.title, pr.submitted_at, pr.circle_id, c.name AS circle FROM proposals pr JOIN circles c ON c.id = pr.circle_id \
                 WHERE pr.id = $1 AND pr.org_id = $2 AND pr.submitted_at IS NOT NULL",
            )
            .bind(p.subject_id)
            .bind(p.org_id)
            .fetch_optional(&db.pool)
            .await?;
            let Some(r) = row else { return Ok(None) };
            let title: String = r.try_get("title")?;
            let circle: String = r.try_get("circle")?;
            let circle_id: i64 = r.try_get("circle_id")?;
            let at: i64 = r.try_get("submitted_at")?;
            let timestamp = chrono::DateTime::from_timestamp(at, 0)
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default();
            json!({
                "id": p.id,
                "actor": actor,
                "verb": { "id": format!("{base}/xapi/verbs/contributed"), "display": { "nl-NL": "droeg bij aan", "en-US": "contributed to" } },
                "object": {
                    "objectType": "Activity",
                    "id": format!("{base}/proposals/{}", p.subject_id),
                    "definition": {
                        "type": format!("{base}/xapi/activity-types/improvement-proposal"),
                        "name": { "nl-NL": title.clone(), "en-US": title },
                    },
                },
                "context": context(circle_activity(base, circle_id, Some(&circle))),
                "timestamp": timestamp,
            })
        }
        _ => return Ok(None),
    };
    Ok(Some(statement))
}

fn circle_activity(base: &str, id: i64, name: Option<&str>) -> Value {
    let mut definition = json!({ "type": format!("{base}/xapi/activity-types/circle") });
    if let Some(n) = name {
        definition["name"] = json!({ "nl-NL": format!("Prof-cirkel {n}"), "en-US": format!("Prof-cirkel {n}") });
    }
    json!({ "objectType": "Activity", "id": format!("{base}/circles/{id}"), "definition": definition })
}

static HTTP: LazyLock<reqwest::Client> = LazyLock::new(|| {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .user_agent(concat!("Hartslag/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("an HTTP client with rustls")
});

fn request(method: reqwest::Method, url: &str, s: &Settings, key: &[u8; 32]) -> Result<reqwest::RequestBuilder> {
    let mut req = HTTP.request(method, url).header("X-Experience-API-Version", VERSION);
    if !s.username.is_empty() || s.has_secret() {
        let password = if s.has_secret() { crate::ai::settings::unseal(key, &s.secret_sealed)? } else { String::new() };
        req = req.basic_auth(&s.username, Some(password));
    }
    Ok(req)
}

/// Sends one statement job.
pub async fn deliver(runner: &Runner, job: &Job) -> Outcome {
    match send(runner, job).await {
        Ok(o) => o,
        Err(e) => Outcome::Retry(e.to_string()),
    }
}

async fn send(runner: &Runner, job: &Job) -> Result<Outcome> {
    let db = &runner.db;
    let Some(p) = planned(db, &job.payload).await? else { return Ok(Outcome::Done) };
    if p.sent {
        return Ok(Outcome::Done);
    }
    let s = settings(db, p.org_id).await?;
    let Some(base) = runner.public_url.as_deref() else {
        return Ok(Outcome::Retry("no --public-url: activity ids need the public address".into()));
    };
    let statement = if s.enabled && !s.endpoint.is_empty() { build(db, &p, base).await? } else { None };
    let Some(statement) = statement else {
        sqlx::query("DELETE FROM xapi_statements WHERE id = $1 AND sent_at IS NULL")
            .bind(&p.id)
            .execute(&db.pool)
            .await?;
        return Ok(Outcome::Done);
    };
    let url = format!("{}/statements?statementId={}", s.endpoint, p.id);
    let answer = request(reqwest::Method::PUT, &url, &s, &runner.secret)?.json(&statement).send().await;
    let status = match answer {
        Ok(r) => r.status(),
        Err(e) => return Ok(Outcome::Retry(format!("LRS not reachable: {e}"))),
    };
    let code = status.as_u16();
    if status.is_success() {
        sqlx::query("UPDATE xapi_statements SET sent_at = $1 WHERE id = $2")
            .bind(now())
            .bind(&p.id)
            .execute(&db.pool)
            .await?;
        return Ok(Outcome::Done);
    }
    Ok(match code {
        // Busy or down, or a gateway in between: later.
        408 | 429 | 500..=599 => Outcome::Retry(format!("LRS answered {status}")),
        // 409: the LRS holds another statement under this id; 400/401/403/404: the address,
        // the credentials or the statement are wrong, and repeating will not help.
        _ => Outcome::GiveUp(format!("LRS answered {status}")),
    })
}

/// What "test the connection" found.
#[derive(Clone, Debug)]
pub struct Check {
    pub versions: String,
    pub credentials: Result<(), String>,
}

/// Asks the LRS for `/about` (is it an LRS, which versions) and tries the credentials on a
/// one-statement read (401 means wrong; 403 means accepted without read rights, which is fine).
pub async fn check(s: &Settings, key: &[u8; 32]) -> Result<Check, String> {
    let about = request(reqwest::Method::GET, &format!("{}/about", s.endpoint), s, key)
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !about.status().is_success() {
        return Err(format!("{}/about: {}", s.endpoint, about.status()));
    }
    let body: Value = about.json().await.map_err(|e| format!("{}/about: {e}", s.endpoint))?;
    let versions = body["version"]
        .as_array()
        .map(|v| v.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(", "))
        .filter(|v| !v.is_empty())
        .ok_or_else(|| format!("{}/about: no xAPI versions", s.endpoint))?;
    let read = request(reqwest::Method::GET, &format!("{}/statements?limit=1", s.endpoint), s, key)
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let credentials = match read.status().as_u16() {
        200..=299 | 403 => Ok(()),
        _ => Err(format!("{}/statements: {}", s.endpoint, read.status())),
    };
    Ok(Check { versions, credentials })
}
