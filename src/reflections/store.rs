//! Queries for reflections. Every query is scoped by the writer's id.

use sqlx::Row;

use crate::db::{Db, now};
use crate::error::{Error, InField, Result};
use crate::policy::Actor;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Reflection {
    pub id: i64,
    pub person_id: i64,
    pub session_id: Option<i64>,
    pub body: String,
    pub created_at: i64,
}

pub async fn create(db: &Db, actor: &Actor, session_id: Option<i64>, body: &str) -> Result<i64> {
    let body = crate::web::required(body, 10_000, "reflection-required").in_field("body")?;
    let t = now();
    let r = sqlx::query("INSERT INTO reflections (person_id, session_id, body, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id")
        .bind(actor.id)
        .bind(session_id)
        .bind(body)
        .bind(t)
        .fetch_one(&db.pool)
        .await?;
    Ok(r.try_get("id")?)
}

pub async fn mine(db: &Db, person_id: i64, limit: i64, offset: i64) -> Result<Vec<Reflection>> {
    Ok(sqlx::query_as(
        "SELECT id, person_id, session_id, body, created_at FROM reflections WHERE person_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
    )
    .bind(person_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn for_session(db: &Db, person_id: i64, session_id: i64) -> Result<Vec<Reflection>> {
    Ok(sqlx::query_as(
        "SELECT id, person_id, session_id, body, created_at FROM reflections WHERE person_id = $1 AND session_id = $2 ORDER BY id",
    )
    .bind(person_id)
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn get(db: &Db, id: i64) -> Result<Reflection> {
    sqlx::query_as("SELECT id, person_id, session_id, body, created_at FROM reflections WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn delete(db: &Db, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM reflections WHERE id = $1").bind(id).execute(&db.pool).await?;
    Ok(())
}
