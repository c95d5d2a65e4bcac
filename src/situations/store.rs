//! Queries for work situations.

use sqlx::Row;

use crate::db::{Db, now};
use crate::error::{Error, InField, Result};
use crate::policy::Actor;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Situation {
    pub id: i64,
    pub circle_id: i64,
    pub author_name: Option<String>,
    pub title: String,
    pub description: String,
    pub kind: String,
    #[sqlx(try_from = "crate::db::Flag")]
    pub critical: bool,
    pub created_at: i64,
}

impl Situation {
    pub fn kind_key(&self) -> String {
        format!("situation-kind-{}", self.kind)
    }
}

const SELECT: &str = "SELECT s.id, s.circle_id, p.name AS author_name, s.title, s.description, s.kind, s.critical, s.created_at \
     FROM work_situations s LEFT JOIN people p ON p.id = s.author_id";

pub async fn get(db: &Db, id: i64) -> Result<Situation> {
    let sql = format!("{SELECT} WHERE s.id = $1");
    sqlx::query_as(&sql).bind(id).fetch_optional(&db.pool).await?.ok_or(Error::NotFound)
}

pub async fn for_circle(db: &Db, circle_id: i64, limit: i64, offset: i64) -> Result<Vec<Situation>> {
    let sql = format!("{SELECT} WHERE s.circle_id = $1 ORDER BY s.created_at DESC, s.id DESC LIMIT $2 OFFSET $3");
    Ok(sqlx::query_as(&sql).bind(circle_id).bind(limit).bind(offset).fetch_all(&db.pool).await?)
}

/// The situations a week cycle chose, in one query.
pub async fn for_cycle(db: &Db, cycle_id: i64) -> Result<Vec<Situation>> {
    let sql =
        format!("{SELECT} JOIN cycle_situations cs ON cs.situation_id = s.id WHERE cs.cycle_id = $1 ORDER BY s.id");
    Ok(sqlx::query_as(&sql).bind(cycle_id).fetch_all(&db.pool).await?)
}

pub struct NewSituation<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub kind: &'a str,
    pub critical: bool,
}

pub async fn create(db: &Db, actor: &Actor, circle_id: i64, s: &NewSituation<'_>) -> Result<i64> {
    let title = crate::web::required(s.title, 200, "situation-title-required").in_field("title")?;
    let description =
        crate::web::required(s.description, 5000, "situation-description-required").in_field("description")?;
    if !super::KINDS.contains(&s.kind) {
        return Err(Error::invalid("situation-kind-invalid").in_field("kind"));
    }
    let r = sqlx::query(
        "INSERT INTO work_situations (circle_id, author_id, title, description, kind, critical, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(circle_id)
    .bind(actor.id)
    .bind(title)
    .bind(description)
    .bind(s.kind)
    .bind(s.critical)
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
    Ok(r.try_get("id")?)
}
