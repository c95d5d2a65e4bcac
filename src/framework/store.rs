//! Framework versions.

use sqlx::Row;

use super::FrameworkContent;
use crate::db::{Db, now};
use crate::error::{Error, Result, ResultExt};

#[derive(Clone, Debug)]
pub struct FrameworkVersion {
    pub id: i64,
    pub version: i64,
    pub content: FrameworkContent,
    pub created_at: i64,
    pub created_by_name: Option<String>,
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<FrameworkVersion> {
    let json: String = r.try_get("content")?;
    Ok(FrameworkVersion {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        content: serde_json::from_str(&json).map_err(|e| Error::Internal(e.into()))?,
        created_at: r.try_get("created_at")?,
        created_by_name: r.try_get("created_by_name")?,
    })
}

const SELECT: &str = "SELECT f.id, f.version, f.content, f.created_at, p.name AS created_by_name \
     FROM framework_versions f LEFT JOIN people p ON p.id = f.created_by";

/// Gives a new organisation the default framework as version 1.
pub async fn ensure_default(db: &Db, org_id: i64) -> Result<()> {
    let exists = sqlx::query("SELECT id FROM framework_versions WHERE org_id = $1 LIMIT 1")
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?;
    if exists.is_none() {
        save_version(db, org_id, None, &FrameworkContent::default_set()).await?;
    }
    Ok(())
}

pub async fn current(db: &Db, org_id: i64) -> Result<FrameworkVersion> {
    let sql = format!("{SELECT} WHERE f.org_id = $1 ORDER BY f.version DESC LIMIT 1");
    let r = sqlx::query(&sql).bind(org_id).fetch_optional(&db.pool).await?.ok_or(Error::NotFound)?;
    from_row(&r)
}

pub async fn by_id(db: &Db, id: i64) -> Result<FrameworkVersion> {
    let sql = format!("{SELECT} WHERE f.id = $1");
    let r = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await?.ok_or(Error::NotFound)?;
    from_row(&r)
}

pub async fn versions(db: &Db, org_id: i64, limit: i64, offset: i64) -> Result<Vec<FrameworkVersion>> {
    let sql = format!("{SELECT} WHERE f.org_id = $1 ORDER BY f.version DESC LIMIT $2 OFFSET $3");
    let rows = sqlx::query(&sql).bind(org_id).bind(limit).bind(offset).fetch_all(&db.pool).await?;
    rows.iter().map(from_row).collect()
}

/// Saves a checked framework as the next version; two advisers saving at once cannot both
/// take the same number (the unique key turns the second into a conflict).
pub async fn save_version(db: &Db, org_id: i64, by: Option<i64>, content: &FrameworkContent) -> Result<i64> {
    content.validate()?;
    let json = serde_json::to_string(content).map_err(|e| Error::Internal(e.into()))?;
    let mut tx = db.begin().await?;
    let next: i64 =
        sqlx::query("SELECT COALESCE(MAX(version), 0) + 1 AS next FROM framework_versions WHERE org_id = $1")
            .bind(org_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("next")?;
    let id: i64 = sqlx::query(
        "INSERT INTO framework_versions (org_id, version, content, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(org_id)
    .bind(next)
    .bind(json)
    .bind(by)
    .bind(now())
    .fetch_one(&mut *tx)
    .await
    .on_unique("framework-concurrent-edit")?
    .try_get("id")?;
    tx.commit().await?;
    Ok(id)
}
