//! The uploaded HR files: kept until applied (or a day), with their options and report.

use super::Options;
use crate::db::Db;
use crate::error::{Error, Result};

/// An upload in the list of recent ones.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Recent {
    pub id: i64,
    pub filename: String,
    pub created_at: i64,
    pub applied_at: Option<i64>,
}

/// The organisation's ten latest uploads, newest first.
pub async fn recent(db: &Db, org_id: i64) -> Result<Vec<Recent>> {
    Ok(sqlx::query_as(
        "SELECT id, filename, created_at, applied_at FROM imports WHERE org_id = $1 ORDER BY id DESC LIMIT 10",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Keeps an uploaded file (already decoded to text) with its options; returns its id.
pub async fn keep(db: &Db, org_id: i64, by: i64, filename: &str, text: &str, opts: &Options) -> Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO imports (org_id, created_by, filename, content, options, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(org_id)
    .bind(by)
    .bind(filename)
    .bind(text)
    .bind(serde_json::to_string(opts).map_err(|e| Error::Internal(e.into()))?)
    .bind(crate::db::now())
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// An upload as stored.
pub struct Stored {
    pub filename: String,
    pub content: String,
    pub options: Options,
    pub applied_at: Option<i64>,
    pub summary: Option<String>,
}

#[derive(sqlx::FromRow)]
struct StoredRow {
    filename: String,
    content: String,
    options: String,
    applied_at: Option<i64>,
    summary: Option<String>,
}

/// One upload of the organisation; `None` for another organisation's.
pub async fn stored(db: &Db, org_id: i64, id: i64) -> Result<Option<Stored>> {
    let row: Option<StoredRow> = sqlx::query_as(
        "SELECT filename, content, options, applied_at, summary FROM imports WHERE id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| Stored {
        filename: r.filename,
        content: r.content,
        options: serde_json::from_str(&r.options).unwrap_or_default(),
        applied_at: r.applied_at,
        summary: r.summary,
    }))
}
