//! The calendar's queries: feed tokens (only their hashes are stored) and the sessions a feed
//! or a download shows.

use chrono::Duration;
use sqlx::Row;

use super::token;
use crate::db::{Db, now};
use crate::error::Result;
use crate::web::Lang;

/// The person's feed token, made on first use.
pub async fn feed_token(db: &Db, secret: &[u8; 32], person: i64) -> Result<String> {
    let row = sqlx::query("SELECT created_at FROM calendar_feeds WHERE person_id = $1")
        .bind(person)
        .fetch_optional(&db.pool)
        .await?;
    match row {
        Some(r) => Ok(token(secret, person, r.try_get("created_at")?)),
        None => rotate(db, secret, person).await,
    }
}

/// A new address for the person's feed; the old one stops working at once.
pub async fn rotate(db: &Db, secret: &[u8; 32], person: i64) -> Result<String> {
    // Strictly later than the previous feed, so a rotation within the same second still changes it.
    let previous: Option<i64> = sqlx::query("SELECT created_at FROM calendar_feeds WHERE person_id = $1")
        .bind(person)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get::<i64, _>("created_at"))
        .transpose()?;
    let created = previous.map_or(now(), |p| now().max(p + 1));
    let t = token(secret, person, created);
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM calendar_feeds WHERE person_id = $1").bind(person).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO calendar_feeds (person_id, token_hash, created_at) VALUES ($1, $2, $3)")
        .bind(person)
        .bind(crate::auth::token_hash(&t))
        .bind(created)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(t)
}

/// Whose feed a token opens: an active person, with their organisation and language.
pub async fn feed_owner(db: &Db, token: &str) -> Result<Option<(i64, i64, Lang)>> {
    if token.len() != 40 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let row = sqlx::query(
        "SELECT p.id, p.org_id, p.lang FROM calendar_feeds f JOIN people p ON p.id = f.person_id \
         WHERE f.token_hash = $1 AND p.active = TRUE",
    )
    .bind(crate::auth::token_hash(token))
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok((r.try_get("id")?, r.try_get("org_id")?, Lang::parse(r.try_get::<&str, _>("lang")?).unwrap_or_default()))
    })
    .transpose()
}

/// One session as a calendar shows it.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: i64,
    pub circle: String,
    pub position: i64,
    pub starts_at: String,
    pub minutes: i64,
    pub place: String,
    pub cancelled: bool,
    pub sequence: i64,
    pub updated_at: i64,
}

fn entry(r: &sqlx::any::AnyRow) -> Result<Entry> {
    Ok(Entry {
        id: r.try_get("id")?,
        circle: r.try_get("circle_name")?,
        position: r.try_get("position")?,
        starts_at: r.try_get("starts_at")?,
        minutes: r.try_get("minutes")?,
        place: r.try_get("place")?,
        cancelled: r.try_get::<crate::db::Flag, _>("cancelled")?.0,
        sequence: r.try_get("sequence")?,
        updated_at: r.try_get("updated_at")?,
    })
}

const ENTRY: &str =
    "s.id, c.name AS circle_name, s.position, s.starts_at, s.minutes, s.place, s.cancelled, s.sequence, s.updated_at";

/// The person's sessions from eight weeks back on: their circles' and the ones they are a guest
/// in, cancelled ones included.
pub async fn person_entries(db: &Db, person: i64) -> Result<Vec<Entry>> {
    let from = (chrono::Local::now().date_naive() - Duration::weeks(8)).format("%Y-%m-%dT00:00").to_string();
    let sql = format!(
        "SELECT {ENTRY} FROM circle_members m JOIN sessions s ON s.circle_id = m.circle_id \
         JOIN circles c ON c.id = s.circle_id WHERE m.person_id = $1 AND m.status = 'member' AND s.starts_at >= $2 \
         UNION \
         SELECT {ENTRY} FROM session_guests g JOIN sessions s ON s.id = g.session_id \
         JOIN circles c ON c.id = s.circle_id WHERE g.person_id = $1 AND s.starts_at >= $2 \
         ORDER BY starts_at LIMIT 2000"
    );
    let rows = sqlx::query(&sql).bind(person).bind(from).fetch_all(&db.pool).await?;
    rows.iter().map(entry).collect()
}

pub async fn cycle_entries(db: &Db, cycle: i64) -> Result<Vec<Entry>> {
    let sql = format!(
        "SELECT {ENTRY} FROM sessions s JOIN circles c ON c.id = s.circle_id WHERE s.cycle_id = $1 ORDER BY s.position"
    );
    let rows = sqlx::query(&sql).bind(cycle).fetch_all(&db.pool).await?;
    rows.iter().map(entry).collect()
}
