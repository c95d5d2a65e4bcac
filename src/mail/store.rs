//! The mail's queries: who is due a reminder or a digest, a recipient's address and language,
//! and a person's mail settings.

use sqlx::Row;

use crate::db::Db;
use crate::error::Result;
use crate::web::Lang;

/// A session reminder that may be due: one person, one session.
pub struct Due {
    pub session: i64,
    pub person: i64,
    pub org_id: i64,
    pub starts_at: String,
}

/// Members and guests of the sessions that start after `from` and at or before `until` (local
/// times), cancelled sessions left out.
pub async fn due_reminders(db: &Db, from: &str, until: &str) -> Result<Vec<Due>> {
    let rows = sqlx::query(
        "SELECT s.id, s.starts_at, c.org_id, m.person_id FROM sessions s JOIN circles c ON c.id = s.circle_id \
         JOIN circle_members m ON m.circle_id = s.circle_id AND m.status = 'member' \
         WHERE s.cancelled = FALSE AND s.starts_at > $1 AND s.starts_at <= $2 \
         UNION \
         SELECT s.id, s.starts_at, c.org_id, g.person_id FROM sessions s JOIN circles c ON c.id = s.circle_id \
         JOIN session_guests g ON g.session_id = s.id \
         WHERE s.cancelled = FALSE AND s.starts_at > $1 AND s.starts_at <= $2",
    )
    .bind(from)
    .bind(until)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Due {
                session: r.try_get("id")?,
                person: r.try_get("person_id")?,
                org_id: r.try_get("org_id")?,
                starts_at: r.try_get("starts_at")?,
            })
        })
        .collect()
}

/// Active people who want the digest and have none planned for this week: (person, organisation).
pub async fn digest_due(db: &Db, week: &str) -> Result<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT p.id, p.org_id FROM people p WHERE p.active = TRUE AND p.mail_digest = TRUE \
         AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.dedupe_key = 'digest:' || $1 || ':' || CAST(p.id AS TEXT)) \
         ORDER BY p.id",
    )
    .bind(week)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("org_id")?))).collect()
}

/// Who a message goes to.
pub(crate) struct Recipient {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub email: String,
    pub lang: Lang,
}

pub(crate) async fn recipient(db: &Db, id: i64) -> Result<Option<Recipient>> {
    let row = sqlx::query("SELECT id, org_id, name, email, lang FROM people WHERE id = $1 AND active = TRUE")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| {
        Ok(Recipient {
            id: r.try_get("id")?,
            org_id: r.try_get("org_id")?,
            name: r.try_get("name")?,
            email: r.try_get("email")?,
            lang: Lang::parse(r.try_get::<&str, _>("lang")?).unwrap_or_default(),
        })
    })
    .transpose()
}

/// Whether this person receives the weekly digest.
pub async fn digest_on(db: &Db, person: i64) -> Result<bool> {
    let r = sqlx::query("SELECT mail_digest FROM people WHERE id = $1").bind(person).fetch_one(&db.pool).await?;
    Ok(r.try_get::<crate::db::Flag, _>("mail_digest")?.0)
}

pub async fn set_digest(db: &Db, person: i64, on: bool) -> Result<()> {
    sqlx::query("UPDATE people SET mail_digest = $1 WHERE id = $2").bind(on).bind(person).execute(&db.pool).await?;
    Ok(())
}

/// The language mail is written in follows the language the person last chose.
pub async fn set_language(db: &Db, person: i64, lang: Lang) -> Result<()> {
    sqlx::query("UPDATE people SET lang = $1 WHERE id = $2").bind(lang.code()).bind(person).execute(&db.pool).await?;
    Ok(())
}
