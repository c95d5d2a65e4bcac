//! Queries for conversations and agreements.

use chrono::NaiveDate;
use sqlx::Row;

use crate::db::{Db, now};
use crate::error::{Error, InField, Result};
use crate::policy::{Actor, ConversationSide};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Conversation {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub manager_id: i64,
    pub manager_name: String,
    pub scheduled_on: String,
    pub person_narrative: String,
    pub person_wishes: String,
    pub manager_account: String,
    pub person_confirmed_at: Option<i64>,
    pub manager_confirmed_at: Option<i64>,
    pub version: i64,
}

impl Conversation {
    pub fn confirmed(&self) -> bool {
        self.person_confirmed_at.is_some() && self.manager_confirmed_at.is_some()
    }
}

const SELECT: &str = "SELECT c.id, c.person_id, p.name AS person_name, c.manager_id, m.name AS manager_name, c.scheduled_on, \
     c.person_narrative, c.person_wishes, c.manager_account, c.person_confirmed_at, c.manager_confirmed_at, c.version \
     FROM conversations c JOIN people p ON p.id = c.person_id JOIN people m ON m.id = c.manager_id";

pub async fn get(db: &Db, id: i64) -> Result<Conversation> {
    let sql = format!("{SELECT} WHERE c.id = $1");
    sqlx::query_as(&sql).bind(id).fetch_optional(&db.pool).await?.ok_or(Error::NotFound)
}

/// The person's conversations, as professional or as manager, newest first.
pub async fn of_person(db: &Db, person_id: i64, limit: i64, offset: i64) -> Result<Vec<Conversation>> {
    let sql = format!(
        "{SELECT} WHERE c.person_id = $1 OR c.manager_id = $1 ORDER BY c.scheduled_on DESC, c.id DESC LIMIT $2 OFFSET $3"
    );
    Ok(sqlx::query_as(&sql).bind(person_id).bind(limit).bind(offset).fetch_all(&db.pool).await?)
}

/// Schedules a conversation between a professional and the manager who manages them.
pub async fn schedule(db: &Db, actor: &Actor, person_id: i64, manager: &Actor, date: &str) -> Result<i64> {
    let day =
        NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| Error::invalid("conversation-date-invalid"))?;
    if !crate::learning_time::store::manages(db, manager, person_id).await? {
        return Err(Error::invalid("conversation-no-manager"));
    }
    let t = now();
    let r = sqlx::query(
        "INSERT INTO conversations (person_id, manager_id, scheduled_on, created_by, version, created_at) \
         VALUES ($1, $2, $3, $4, 1, $5) RETURNING id",
    )
    .bind(person_id)
    .bind(manager.id)
    .bind(day.to_string())
    .bind(actor.id)
    .bind(t)
    .fetch_one(&db.pool)
    .await?;
    Ok(r.try_get("id")?)
}

/// Saves one side's preparation. Any change to the record withdraws both confirmations, so
/// a confirmation always covers the text as it stands.
pub async fn save_prep(
    db: &Db,
    c: &Conversation,
    side: ConversationSide,
    a: &str,
    b: &str,
    version: i64,
) -> Result<()> {
    let a = crate::web::optional(a, 10_000, "path-text-too-long")?;
    let b = crate::web::optional(b, 10_000, "path-text-too-long")?;
    if c.confirmed() {
        return Err(Error::conflict("conversation-confirmed"));
    }
    let query = match side {
        ConversationSide::Professional => sqlx::query(
            "UPDATE conversations SET person_narrative = $1, person_wishes = $2, person_confirmed_at = NULL, \
             manager_confirmed_at = NULL, version = version + 1 WHERE id = $3 AND version = $4",
        )
        .bind(a)
        .bind(b),
        ConversationSide::Manager => sqlx::query(
            "UPDATE conversations SET manager_account = $1, person_confirmed_at = NULL, manager_confirmed_at = NULL, \
             version = version + 1 WHERE id = $2 AND version = $3",
        )
        .bind(a),
    };
    let n = query.bind(c.id).bind(version).execute(&db.pool).await?.rows_affected();
    if n == 0 { Err(Error::conflict("path-edit-conflict")) } else { Ok(()) }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Agreement {
    pub text: String,
    pub follow_up_on: Option<String>,
    pub created_by_name: Option<String>,
}

pub async fn agreements(db: &Db, id: i64) -> Result<Vec<Agreement>> {
    Ok(sqlx::query_as(
        "SELECT a.text, a.follow_up_on, p.name AS created_by_name FROM agreements a LEFT JOIN people p ON p.id = a.created_by \
         WHERE a.conversation_id = $1 ORDER BY a.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn add_agreement(db: &Db, actor: &Actor, c: &Conversation, text: &str, follow_up: &str) -> Result<()> {
    if c.confirmed() {
        return Err(Error::conflict("conversation-confirmed"));
    }
    let text = crate::web::required(text, 2000, "agreement-text-required").in_field("text")?;
    let follow_up = match follow_up.trim() {
        "" => None,
        d => Some(
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| Error::invalid("conversation-date-invalid").in_field("follow_up_on"))?
                .to_string(),
        ),
    };
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO agreements (conversation_id, text, follow_up_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(c.id)
        .bind(text)
        .bind(follow_up)
        .bind(actor.id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE conversations SET person_confirmed_at = NULL, manager_confirmed_at = NULL, version = version + 1 WHERE id = $1")
        .bind(c.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// One side confirms the record as it stands (`version` guards against confirming text that
/// changed since it was read).
pub async fn confirm(db: &Db, c: &Conversation, side: ConversationSide, version: i64) -> Result<()> {
    let sql = match side {
        ConversationSide::Professional => {
            "UPDATE conversations SET person_confirmed_at = $1 WHERE id = $2 AND version = $3"
        }
        ConversationSide::Manager => {
            "UPDATE conversations SET manager_confirmed_at = $1 WHERE id = $2 AND version = $3"
        }
    };
    let n = sqlx::query(sql).bind(now()).bind(c.id).bind(version).execute(&db.pool).await?.rows_affected();
    if n == 0 { Err(Error::conflict("path-edit-conflict")) } else { Ok(()) }
}
