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

mod store;

pub use routes::{Consent, consent_section, routes};
pub use store::{Mine, Overview, Settings, consent, mine, overview, set_consent, settings};

use std::sync::LazyLock;
use std::time::Duration;

use serde_json::{Value, json};

use crate::db::{Db, now};
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
    let detail = format!("{} {}", if c.enabled { "on" } else { "off" }, endpoint);
    let new =
        store::NewSettings { enabled: c.enabled, endpoint: &endpoint, username: &username, secret_sealed: &sealed };
    store::save_settings(db, by, &new, !c.enabled || endpoint != current.endpoint, &detail).await
}

/// One planning round over every organisation that exports: new facts become rows, and every
/// unsent row has a job. Returns how many rows were added.
pub async fn plan(db: &Db, t: i64) -> Result<u64> {
    let mut added = 0;
    for org in store::exporting_orgs(db).await? {
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
    let mut facts: Vec<(i64, &'static str, i64)> = Vec::new();
    for a in store::unplanned_attendance(db, org, &started, PLAN_LIMIT).await? {
        let Some(begin) = crate::mail::local_ts(&a.starts_at) else { continue };
        if begin >= a.consent_at && begin + a.minutes * 60 <= t {
            facts.push((a.person_id, ATTENDED, a.session_id));
        }
    }
    // Proposals the group validated and sent to a decider after the person's consent, for
    // everyone who voted on them or wrote part of their text (how they voted is not told).
    for (person, proposal) in store::unplanned_contributions(db, org, PLAN_LIMIT).await? {
        facts.push((person, CONTRIBUTED, proposal));
    }
    let mut added = 0;
    for chunk in facts.chunks(500) {
        added += store::insert_planned(db, org, chunk, t).await?;
    }
    Ok(added)
}

/// One job per unsent row; the dedupe key makes this safe to repeat every round (a row whose
/// job was given up keeps that job, which an administrator can retry).
async fn enqueue_unsent(db: &Db) -> Result<u64> {
    let rows = store::unsent(db, PLAN_LIMIT).await?;
    let t = now();
    let mut jobs = Vec::with_capacity(rows.len());
    for (id, org) in rows {
        jobs.push(NewJob {
            org_id: Some(org),
            kind: KIND,
            dedupe_key: Some(format!("xapi:{id}")),
            payload: id,
            run_at: t,
        });
    }
    crate::jobs::enqueue_many(db, &jobs).await
}

/// Builds the statement, or `None` when it should not go out any more (consent withdrawn, the
/// person left, attendance corrected, a session cancelled).
async fn build(db: &Db, p: &store::Planned, base: &str) -> Result<Option<Value>> {
    let Some(person) = store::person(db, p.person_id).await? else { return Ok(None) };
    if person.consent_at.is_none() || !person.active || person.org_id != p.org_id {
        return Ok(None);
    }
    let lang = person.lang;
    let actor = json!({ "objectType": "Agent", "name": person.name, "mbox": format!("mailto:{}", person.email) });
    let context = |grouping: Value| {
        json!({
            "platform": "Hartslag",
            "language": if lang == "en" { "en-US" } else { "nl-NL" },
            "contextActivities": { "grouping": [grouping] },
        })
    };
    let statement = match p.kind.as_str() {
        ATTENDED => {
            let Some(r) = store::attended(db, p.subject_id, p.person_id).await? else { return Ok(None) };
            if r.cancelled {
                return Ok(None);
            }
            let (position, minutes, starts, circle_id) = (r.position, r.minutes, r.starts_at, r.circle_id);
            // Another organisation's circle (a guest visit) is not named to this one's LRS.
            let circle: Option<String> = (r.circle_org == p.org_id).then_some(r.circle);
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
            let Some(r) = store::contributed(db, p.subject_id, p.org_id).await? else { return Ok(None) };
            let (title, circle, circle_id, at) = (r.title, r.circle, r.circle_id, r.submitted_at);
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
    let Some(p) = store::planned(db, &job.payload).await? else { return Ok(Outcome::Done) };
    if p.sent {
        return Ok(Outcome::Done);
    }
    let s = settings(db, p.org_id).await?;
    let Some(base) = runner.public_url.as_deref() else {
        return Ok(Outcome::Retry("no --public-url: activity ids need the public address".into()));
    };
    let statement = if s.enabled && !s.endpoint.is_empty() { build(db, &p, base).await? } else { None };
    let Some(statement) = statement else {
        store::drop_unsent(db, &p.id).await?;
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
        store::mark_sent(db, &p.id, now()).await?;
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
