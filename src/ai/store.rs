//! AI requests and their outputs, with provenance; L&D's prompt versions.

use hartslag_llm::{Finish, Outcome, Request};
use sqlx::Row;

use super::prompts::{self, Kind, Template};
use crate::db::{Db, Flag, now};
use crate::error::{Error, Result};
use crate::web::Lang;

/// What a request is about. Exactly the ids its kind needs are set.
#[derive(Clone, Debug, Default)]
pub struct NewRequest {
    pub kind: &'static str,
    pub circle_id: Option<i64>,
    pub session_id: Option<i64>,
    pub situation_id: Option<i64>,
    pub proposal_id: Option<i64>,
    pub person_id: Option<i64>,
    /// Earlier proposals the request draws on.
    pub sources: Vec<i64>,
}

pub async fn create_request(db: &Db, org_id: i64, by: i64, r: &NewRequest) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO ai_requests (org_id, kind, circle_id, session_id, situation_id, proposal_id, person_id, status, \
         sources, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $9, $10) RETURNING id",
    )
    .bind(org_id)
    .bind(r.kind)
    .bind(r.circle_id)
    .bind(r.session_id)
    .bind(r.situation_id)
    .bind(r.proposal_id)
    .bind(r.person_id)
    .bind(serde_json::to_string(&r.sources).unwrap_or_else(|_| "[]".into()))
    .bind(by)
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
    Ok(row.try_get("id")?)
}

/// The error of a request whose node stopped (or lost the database) while it ran.
pub const INTERRUPTED: &str = "interrupted";

/// A node takes a request on: it runs here from now on, and says so with its heartbeat.
pub async fn claim(db: &Db, id: i64, node: &str) -> Result<()> {
    sqlx::query("UPDATE ai_requests SET status = 'running', node = $1, heartbeat_at = $2 WHERE id = $3")
        .bind(node)
        .bind(now())
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// What the node running a request learns from its heartbeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Beat {
    Running,
    /// Someone asked to stop it (on any node).
    CancelRequested,
    /// It is no longer in progress under this node: another node found it silent for too long
    /// and marked it interrupted. The node stops working on it.
    Gone,
}

/// Refreshes the heartbeat of a request this node runs, and reads whether it should stop.
pub async fn heartbeat(db: &Db, id: i64, node: &str) -> Result<Beat> {
    let row = sqlx::query(
        "UPDATE ai_requests SET heartbeat_at = $1 WHERE id = $2 AND node = $3 AND status IN ('queued', 'running') \
         RETURNING cancel_requested_at",
    )
    .bind(now())
    .bind(id)
    .bind(node)
    .fetch_optional(&db.pool)
    .await?;
    Ok(match row {
        None => Beat::Gone,
        Some(r) if r.try_get::<Option<i64>, _>("cancel_requested_at")?.is_some() => Beat::CancelRequested,
        Some(_) => Beat::Running,
    })
}

/// Asks whichever node runs a request to stop it; false when it is no longer in progress.
pub async fn request_cancel(db: &Db, id: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE ai_requests SET cancel_requested_at = $1 \
         WHERE id = $2 AND status IN ('queued', 'running') AND cancel_requested_at IS NULL",
    )
    .bind(now())
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Records the end of a request still in progress; false when it had already ended (a node
/// that was silent too long finds its request marked interrupted, and leaves it so).
pub async fn finish(db: &Db, id: i64, status: &str, error: &str) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE ai_requests SET status = $1, error = $2, finished_at = $3 \
         WHERE id = $4 AND status IN ('queued', 'running')",
    )
    .bind(status)
    .bind(error)
    .bind(now())
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Marks every request in progress that has shown no sign of life for `bound` as failed with
/// [`INTERRUPTED`]: its node stopped, was killed, or lost the database. The sign of life is the
/// heartbeat, or the time it was asked for when no node ever took it on. Returns their ids.
pub async fn reap(db: &Db, now: i64, bound: std::time::Duration) -> Result<Vec<i64>> {
    let before = now - bound.as_secs() as i64;
    let rows = sqlx::query(
        "UPDATE ai_requests SET status = 'failed', error = $1, finished_at = $2 \
         WHERE status IN ('queued', 'running') AND COALESCE(heartbeat_at, created_at) < $3 RETURNING id",
    )
    .bind(INTERRUPTED)
    .bind(now)
    .bind(before)
    .fetch_all(&db.pool)
    .await?;
    let ids = rows.iter().map(|r| r.try_get("id")).collect::<std::result::Result<Vec<i64>, _>>()?;
    if !ids.is_empty() {
        tracing::info!(?ids, "AI requests interrupted: their node went silent");
    }
    Ok(ids)
}

/// The status of a request, read cheaply while waiting for it to end.
pub async fn status(db: &Db, id: i64) -> Result<String> {
    Ok(sqlx::query("SELECT status FROM ai_requests WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::NotFound)?
        .try_get("status")?)
}

fn finish_code(f: &Finish) -> &'static str {
    match f {
        Finish::Stop => "stop",
        Finish::Length => "length",
        Finish::TimeLimit => "time_limit",
        Finish::Cancelled => "cancelled",
    }
}

#[allow(clippy::too_many_arguments)]
pub async fn add_output(
    db: &Db,
    request_id: i64,
    field: &str,
    text: &str,
    t: &Template,
    req: &Request,
    o: &Outcome,
    leans: &[(usize, i64)],
) -> Result<()> {
    let params = serde_json::json!({
        "max_tokens": o.params.max_tokens,
        "temperature": o.params.temperature,
        "top_p": o.params.top_p,
        "repeat_penalty": o.params.repeat_penalty,
        "seed": o.params.seed,
        "time_limit_ms": o.params.time_limit.as_millis() as u64,
    });
    sqlx::query(
        "INSERT INTO ai_outputs (request_id, field, text, backend, model, left_machine, prompt_kind, prompt_version, \
         input_hash, params, prompt_tokens, completion_tokens, first_token_ms, total_ms, finish, created_at, leans) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(request_id)
    .bind(field)
    .bind(text)
    .bind(o.backend)
    .bind(&o.model)
    .bind(o.left_machine)
    .bind(format!("{}/{}", t.kind.code(), t.lang.code()))
    .bind(t.version)
    .bind(req.input_hash())
    .bind(params.to_string())
    .bind(i64::from(o.prompt_tokens))
    .bind(i64::from(o.completion_tokens))
    .bind(o.first_token_ms as i64)
    .bind(o.total_ms as i64)
    .bind(finish_code(&o.finish))
    .bind(now())
    .bind(serde_json::to_string(leans).unwrap_or_else(|_| "[]".into()))
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[derive(Clone, Debug)]
pub struct AiRequest {
    pub id: i64,
    pub org_id: i64,
    pub kind: String,
    pub circle_id: Option<i64>,
    pub session_id: Option<i64>,
    pub situation_id: Option<i64>,
    pub proposal_id: Option<i64>,
    pub person_id: Option<i64>,
    pub status: String,
    pub error: String,
    pub sources: Vec<i64>,
    pub created_by_name: Option<String>,
    pub created_at: i64,
    /// The last sign of life of the node running it.
    pub heartbeat_at: Option<i64>,
    pub outputs: Vec<AiOutput>,
    /// Titles of the earlier proposals it drew on.
    pub source_titles: Vec<String>,
    /// The ids of those proposals, in the same order.
    pub source_ids: Vec<i64>,
}

#[derive(Clone, Debug)]
pub struct AiOutput {
    pub field: String,
    pub text: String,
    pub backend: String,
    pub model: String,
    pub left_machine: bool,
    pub prompt_kind: String,
    pub prompt_version: i64,
    pub input_hash: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub first_token_ms: i64,
    pub total_ms: i64,
    pub finish: String,
    /// Which sentences (by index in [`super::prompts::sentences`]) lean on which earlier
    /// proposal (by id).
    pub leans: Vec<(usize, i64)>,
}

impl AiOutput {
    /// Prompt tokens as counted by the backend; `None` when it did not say (an HTTP server
    /// that sends no usage while streaming: a prompt is never zero tokens).
    pub fn prompt_tokens_known(&self) -> Option<i64> {
        (self.prompt_tokens > 0).then_some(self.prompt_tokens)
    }
}

impl AiRequest {
    pub fn output(&self, field: &str) -> Option<&AiOutput> {
        self.outputs.iter().find(|o| o.field == field)
    }
    pub fn text(&self, field: &str) -> String {
        self.output(field).map(|o| o.text.clone()).unwrap_or_default()
    }
    pub fn in_progress(&self) -> bool {
        self.status == "queued" || self.status == "running"
    }
    /// In progress, but silent for longer than `bound`: its node is gone (see [`reap`]).
    pub fn is_stale(&self, now: i64, bound: std::time::Duration) -> bool {
        self.in_progress() && self.heartbeat_at.unwrap_or(self.created_at) < now - bound.as_secs() as i64
    }
    pub fn interrupted(&self) -> bool {
        self.status == "failed" && self.error == INTERRUPTED
    }
}

const REQUEST_COLS: &str = "r.id, r.org_id, r.kind, r.circle_id, r.session_id, r.situation_id, r.proposal_id, \
    r.person_id, r.status, r.error, r.sources, r.created_at, r.heartbeat_at, p.name AS created_by_name";

fn request_from(r: &sqlx::any::AnyRow) -> Result<AiRequest> {
    Ok(AiRequest {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        kind: r.try_get("kind")?,
        circle_id: r.try_get("circle_id")?,
        session_id: r.try_get("session_id")?,
        situation_id: r.try_get("situation_id")?,
        proposal_id: r.try_get("proposal_id")?,
        person_id: r.try_get("person_id")?,
        status: r.try_get("status")?,
        error: r.try_get("error")?,
        sources: serde_json::from_str(&r.try_get::<String, _>("sources")?).unwrap_or_default(),
        created_by_name: r.try_get("created_by_name")?,
        created_at: r.try_get("created_at")?,
        heartbeat_at: r.try_get("heartbeat_at")?,
        outputs: Vec::new(),
        source_titles: Vec::new(),
        source_ids: Vec::new(),
    })
}

async fn with_outputs(db: &Db, mut list: Vec<AiRequest>) -> Result<Vec<AiRequest>> {
    if list.is_empty() {
        return Ok(list);
    }
    // Integers we formatted ourselves.
    let ids = list.iter().map(|r| r.id.to_string()).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT request_id, field, text, backend, model, left_machine, prompt_kind, prompt_version, input_hash, \
         prompt_tokens, completion_tokens, first_token_ms, total_ms, finish, leans FROM ai_outputs \
         WHERE request_id IN ({ids}) ORDER BY id"
    );
    let sources: Vec<i64> = list.iter().flat_map(|r| r.sources.iter().copied()).collect();
    if !sources.is_empty() {
        let ids = sources.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let titles =
            sqlx::query(&format!("SELECT id, title FROM proposals WHERE id IN ({ids})")).fetch_all(&db.pool).await?;
        for req in list.iter_mut() {
            let mut found = Vec::new();
            for id in &req.sources {
                for t in &titles {
                    if t.try_get::<i64, _>("id")? == *id {
                        found.push((*id, t.try_get::<String, _>("title")?));
                    }
                }
            }
            (req.source_ids, req.source_titles) = found.into_iter().unzip();
        }
    }
    for r in sqlx::query(&sql).fetch_all(&db.pool).await? {
        let rid: i64 = r.try_get("request_id")?;
        if let Some(req) = list.iter_mut().find(|x| x.id == rid) {
            req.outputs.push(AiOutput {
                field: r.try_get("field")?,
                text: r.try_get("text")?,
                backend: r.try_get("backend")?,
                model: r.try_get("model")?,
                left_machine: r.try_get::<Flag, _>("left_machine")?.0,
                prompt_kind: r.try_get("prompt_kind")?,
                prompt_version: r.try_get("prompt_version")?,
                input_hash: r.try_get("input_hash")?,
                prompt_tokens: r.try_get("prompt_tokens")?,
                completion_tokens: r.try_get("completion_tokens")?,
                first_token_ms: r.try_get("first_token_ms")?,
                total_ms: r.try_get("total_ms")?,
                finish: r.try_get("finish")?,
                leans: serde_json::from_str(&r.try_get::<String, _>("leans")?).unwrap_or_default(),
            });
        }
    }
    Ok(list)
}

pub async fn request(db: &Db, id: i64) -> Result<AiRequest> {
    let sql =
        format!("SELECT {REQUEST_COLS} FROM ai_requests r LEFT JOIN people p ON p.id = r.created_by WHERE r.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await?.ok_or(Error::NotFound)?;
    let req = request_from(&row)?;
    Ok(with_outputs(db, vec![req]).await?.remove(0))
}

/// The newest requests of a kind about one thing, newest first.
pub async fn requests_for(db: &Db, column: For, id: i64, kind: &str, limit: i64) -> Result<Vec<AiRequest>> {
    let col = match column {
        For::Session => "r.session_id",
        For::Proposal => "r.proposal_id",
        For::Situation => "r.situation_id",
        For::Person => "r.person_id",
    };
    let sql = format!(
        "SELECT {REQUEST_COLS} FROM ai_requests r LEFT JOIN people p ON p.id = r.created_by \
         WHERE {col} = $1 AND r.kind = $2 ORDER BY r.id DESC LIMIT $3"
    );
    let rows = sqlx::query(&sql).bind(id).bind(kind).bind(limit).fetch_all(&db.pool).await?;
    let list = rows.iter().map(request_from).collect::<Result<Vec<_>>>()?;
    with_outputs(db, list).await
}

#[derive(Clone, Copy, Debug)]
pub enum For {
    Session,
    Proposal,
    Situation,
    Person,
}

/// The template in force: L&D's newest version, else the built-in one.
pub async fn template(db: &Db, org_id: i64, kind: Kind, lang: Lang) -> Result<Template> {
    let row = sqlx::query(
        "SELECT version, system, instruction FROM ai_prompts WHERE org_id = $1 AND kind = $2 AND lang = $3 \
         ORDER BY version DESC LIMIT 1",
    )
    .bind(org_id)
    .bind(kind.code())
    .bind(lang.code())
    .fetch_optional(&db.pool)
    .await?;
    Ok(match row {
        Some(r) => Template {
            kind,
            lang,
            version: r.try_get("version")?,
            system: r.try_get("system")?,
            instruction: r.try_get("instruction")?,
        },
        None => prompts::builtin(kind, lang),
    })
}

/// The version in force of every template, in one read: (kind, language) → version; the
/// built-in ones (version 1) are absent.
pub async fn versions(db: &Db, org_id: i64) -> Result<std::collections::HashMap<(String, String), i64>> {
    let rows =
        sqlx::query("SELECT kind, lang, MAX(version) AS version FROM ai_prompts WHERE org_id = $1 GROUP BY kind, lang")
            .bind(org_id)
            .fetch_all(&db.pool)
            .await?;
    rows.iter().map(|r| Ok(((r.try_get("kind")?, r.try_get("lang")?), r.try_get("version")?))).collect()
}

/// Stores L&D's edit as the next version; an unchanged text stores nothing.
pub async fn save_template(
    db: &Db,
    org_id: i64,
    by: i64,
    kind: Kind,
    lang: Lang,
    system: &str,
    instruction: &str,
) -> Result<i64> {
    let system = crate::web::required(system, 2_000, "ai-prompt-required")?;
    let instruction = crate::web::required(instruction, 2_000, "ai-prompt-required")?;
    let current = template(db, org_id, kind, lang).await?;
    if current.system == system && current.instruction == instruction {
        return Ok(current.version);
    }
    let version = current.version + 1;
    sqlx::query(
        "INSERT INTO ai_prompts (org_id, kind, lang, version, system, instruction, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(org_id)
    .bind(kind.code())
    .bind(lang.code())
    .bind(version)
    .bind(&system)
    .bind(&instruction)
    .bind(by)
    .bind(now())
    .execute(&db.pool)
    .await
    .map_err(|e| match e {
        // Two advisers saving at once: the second is told, nothing is overwritten.
        sqlx::Error::Database(d) if d.is_unique_violation() => Error::conflict("ai-prompt-changed"),
        e => e.into(),
    })?;
    Ok(version)
}
