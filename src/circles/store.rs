//! Queries for circles and their members.

use sqlx::Row;

use super::MemberStatus;
use crate::db::{Db, now};
use crate::error::{Error, InField, Msg, Result};
use crate::policy::{Actor, CircleFacts, Membership};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Circle {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub purpose: String,
    #[sqlx(try_from = "crate::db::Flag")]
    pub open: bool,
    pub members: i64,
    /// The language the circle works in ("nl", "en"): its AI drafts are written in it.
    pub lang: String,
}

impl Circle {
    /// The circle's working language.
    pub fn language(&self) -> crate::web::Lang {
        crate::web::Lang::parse(&self.lang).unwrap_or_default()
    }
}

const CIRCLE_SELECT: &str = "SELECT c.id, c.org_id, c.name, c.purpose, c.open, c.lang, \
     (SELECT COUNT(*) FROM circle_members m WHERE m.circle_id = c.id AND m.status = 'member') AS members \
     FROM circles c";

/// The circle and how the actor stands to it, in one query.
pub async fn with_facts(db: &Db, actor: &Actor, circle_id: i64) -> Result<(Circle, CircleFacts)> {
    let sql = format!("{CIRCLE_SELECT_WITH_STATUS} WHERE c.id = $1");
    let row =
        sqlx::query(&sql).bind(circle_id).bind(actor.id).fetch_optional(&db.pool).await?.ok_or(Error::NotFound)?;
    let circle = <Circle as sqlx::FromRow<sqlx::any::AnyRow>>::from_row(&row)?;
    let status: Option<String> = row.try_get("my_status")?;
    let membership = match status.as_deref() {
        Some("member") => Membership::Member,
        Some("invited") => Membership::Invited,
        _ => Membership::None,
    };
    let facts = CircleFacts { org_id: circle.org_id, membership, open: circle.open };
    Ok((circle, facts))
}

const CIRCLE_SELECT_WITH_STATUS: &str = "SELECT c.id, c.org_id, c.name, c.purpose, c.open, c.lang, \
     (SELECT COUNT(*) FROM circle_members m WHERE m.circle_id = c.id AND m.status = 'member') AS members, \
     (SELECT me.status FROM circle_members me WHERE me.circle_id = c.id AND me.person_id = $2) AS my_status \
     FROM circles c";

/// Loads a circle's facts by id alone (for resources that point at a circle).
pub async fn facts(db: &Db, actor: &Actor, circle_id: i64) -> Result<CircleFacts> {
    Ok(with_facts(db, actor, circle_id).await?.1)
}

pub async fn create(db: &Db, actor: &Actor, name: &str, purpose: &str, open: bool) -> Result<i64> {
    create_in(db, actor, name, purpose, open, crate::web::Lang::Nl).await
}

/// A new circle working in `lang`, with its founder as first member.
pub async fn create_in(
    db: &Db,
    actor: &Actor,
    name: &str,
    purpose: &str,
    open: bool,
    lang: crate::web::Lang,
) -> Result<i64> {
    let name = crate::web::required(name, 80, "circle-name-required").in_field("name")?;
    let purpose = crate::web::optional(purpose, 1000, "circle-purpose-too-long").in_field("purpose")?;
    let t = now();
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO circles (org_id, name, purpose, open, created_by, created_at, lang) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(actor.org_id)
    .bind(name)
    .bind(purpose)
    .bind(open)
    .bind(actor.id)
    .bind(t)
    .bind(lang.code())
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    sqlx::query("INSERT INTO circle_members (circle_id, person_id, status, invited_by, updated_at) VALUES ($1, $2, 'member', NULL, $3)")
        .bind(id)
        .bind(actor.id)
        .bind(t)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Member {
    pub person_id: i64,
    pub name: String,
    pub job_title: String,
    pub unit_name: Option<String>,
    pub status: String,
}

impl Member {
    pub fn is_member(&self) -> bool {
        self.status == MemberStatus::Member.code()
    }
}

/// Members and open invitations.
pub async fn members(db: &Db, circle_id: i64) -> Result<Vec<Member>> {
    Ok(sqlx::query_as(
        "SELECT m.person_id, p.name, p.job_title, u.name AS unit_name, m.status FROM circle_members m \
         JOIN people p ON p.id = m.person_id LEFT JOIN units u ON u.id = p.unit_id \
         WHERE m.circle_id = $1 AND m.status IN ('member', 'invited') ORDER BY m.status DESC, p.name",
    )
    .bind(circle_id)
    .fetch_all(&db.pool)
    .await?)
}

async fn counts(db: &Db, circle_id: i64) -> Result<(i64, i64)> {
    let r = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN status = 'member' THEN 1 ELSE 0 END), 0) AS members, \
         COALESCE(SUM(CASE WHEN status = 'invited' THEN 1 ELSE 0 END), 0) AS invited \
         FROM circle_members WHERE circle_id = $1",
    )
    .bind(circle_id)
    .fetch_one(&db.pool)
    .await?;
    Ok((r.try_get("members")?, r.try_get("invited")?))
}

/// Invites a colleague by e-mail address. The circle may not grow past its maximum size,
/// counting open invitations.
/// Invites a colleague by e-mail address; returns who was invited.
pub async fn invite(db: &Db, actor: &Actor, circle_id: i64, email: &str) -> Result<i64> {
    let email = crate::orgs::valid_email(email)?;
    let invitee = crate::orgs::person_by_email(db, actor.org_id, &email)
        .await?
        .filter(|p| p.active && !p.is_guest)
        .ok_or(Error::invalid("invite-unknown-colleague"))?;
    let settings = crate::orgs::settings(db, actor.org_id).await?;
    let (members, invited) = counts(db, circle_id).await?;
    if members + invited >= settings.circle_max {
        return Err(Error::Invalid(Msg::new("circle-full").arg("max", settings.circle_max)));
    }
    let existing: Option<String> =
        sqlx::query("SELECT status FROM circle_members WHERE circle_id = $1 AND person_id = $2")
            .bind(circle_id)
            .bind(invitee.id)
            .fetch_optional(&db.pool)
            .await?
            .map(|r| r.try_get::<String, _>("status"))
            .transpose()?;
    match existing.as_deref() {
        Some("member") => return Err(Error::conflict("invite-already-member")),
        Some("invited") => return Err(Error::conflict("invite-already-invited")),
        Some(_) => {
            sqlx::query("UPDATE circle_members SET status = 'invited', invited_by = $1, updated_at = $2 WHERE circle_id = $3 AND person_id = $4")
                .bind(actor.id)
                .bind(now())
                .bind(circle_id)
                .bind(invitee.id)
                .execute(&db.pool)
                .await?;
        }
        None => {
            sqlx::query("INSERT INTO circle_members (circle_id, person_id, status, invited_by, updated_at) VALUES ($1, $2, 'invited', $3, $4)")
                .bind(circle_id)
                .bind(invitee.id)
                .bind(actor.id)
                .bind(now())
                .execute(&db.pool)
                .await?;
        }
    }
    Ok(invitee.id)
}

/// Sets the actor's own membership: accepting, declining, joining or leaving.
pub async fn set_status(db: &Db, actor: &Actor, circle_id: i64, status: MemberStatus) -> Result<()> {
    if status == MemberStatus::Member {
        let settings = crate::orgs::settings(db, actor.org_id).await?;
        let (members, _) = counts(db, circle_id).await?;
        if members >= settings.circle_max {
            return Err(Error::Invalid(Msg::new("circle-full").arg("max", settings.circle_max)));
        }
    }
    let t = now();
    let updated =
        sqlx::query("UPDATE circle_members SET status = $1, updated_at = $2 WHERE circle_id = $3 AND person_id = $4")
            .bind(status.code())
            .bind(t)
            .bind(circle_id)
            .bind(actor.id)
            .execute(&db.pool)
            .await?
            .rows_affected();
    if updated == 0 && status == MemberStatus::Member {
        sqlx::query("INSERT INTO circle_members (circle_id, person_id, status, invited_by, updated_at) VALUES ($1, $2, 'member', NULL, $3)")
            .bind(circle_id)
            .bind(actor.id)
            .bind(t)
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}

/// The circles a person is a member of (or invited to).
pub async fn of_person(db: &Db, person_id: i64, status: MemberStatus) -> Result<Vec<Circle>> {
    let sql = format!(
        "{CIRCLE_SELECT} JOIN circle_members me ON me.circle_id = c.id AND me.person_id = $1 AND me.status = $2 ORDER BY c.name"
    );
    Ok(sqlx::query_as(&sql).bind(person_id).bind(status.code()).fetch_all(&db.pool).await?)
}

/// The person's circles and the circles they are invited to, in one query.
pub async fn mine_and_invitations(db: &Db, person_id: i64) -> Result<(Vec<Circle>, Vec<Circle>)> {
    let sql = format!(
        "{CIRCLE_SELECT_WITH_STATUS} WHERE c.id IN (SELECT circle_id FROM circle_members \
         WHERE person_id = $1 AND status IN ('member', 'invited')) ORDER BY c.name, c.id"
    );
    let rows = sqlx::query(&sql).bind(person_id).bind(person_id).fetch_all(&db.pool).await?;
    let (mut mine, mut invited) = (Vec::new(), Vec::new());
    for row in &rows {
        let circle = <Circle as sqlx::FromRow<sqlx::any::AnyRow>>::from_row(row)?;
        match row.try_get::<Option<String>, _>("my_status")?.as_deref() {
            Some("member") => mine.push(circle),
            _ => invited.push(circle),
        }
    }
    Ok((mine, invited))
}

/// Open circles of the organisation that the person is not in.
pub async fn open_to(db: &Db, actor: &Actor, limit: i64, offset: i64) -> Result<Vec<Circle>> {
    let sql = format!(
        "{CIRCLE_SELECT} WHERE c.org_id = $1 AND c.open = TRUE AND NOT EXISTS \
         (SELECT 1 FROM circle_members me WHERE me.circle_id = c.id AND me.person_id = $2 AND me.status IN ('member', 'invited')) \
         ORDER BY c.name, c.id LIMIT $3 OFFSET $4"
    );
    Ok(sqlx::query_as(&sql).bind(actor.org_id).bind(actor.id).bind(limit).bind(offset).fetch_all(&db.pool).await?)
}

/// What L&D may know of a circle: that it exists, its size, its active weeks. No content.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CircleMeta {
    pub id: i64,
    pub name: String,
    pub members: i64,
    pub active_weeks: i64,
    pub last_week: Option<String>,
}

const META_COLUMNS: &str = "c.id, c.name, \
     (SELECT COUNT(*) FROM circle_members m WHERE m.circle_id = c.id AND m.status = 'member') AS members, \
     (SELECT COUNT(*) FROM week_cycles w WHERE w.circle_id = c.id) AS active_weeks, \
     (SELECT MAX(w.week_start) FROM week_cycles w WHERE w.circle_id = c.id) AS last_week";

/// The circles of at least `min_members` members, each with its figures (L&D's overview; the
/// minimum is `policy::MIN_GROUP`).
pub async fn metadata(db: &Db, org_id: i64, min_members: i64, limit: i64, offset: i64) -> Result<Vec<CircleMeta>> {
    let sql = format!(
        "SELECT * FROM (SELECT {META_COLUMNS} FROM circles c WHERE c.org_id = $1) t \
         WHERE t.members >= $2 ORDER BY t.name, t.id LIMIT $3 OFFSET $4"
    );
    Ok(sqlx::query_as(&sql).bind(org_id).bind(min_members).bind(limit).bind(offset).fetch_all(&db.pool).await?)
}

/// The circles smaller than `min_members` taken together: how many, their members and active
/// weeks summed. Nothing of one of them on its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SmallCircles {
    pub circles: i64,
    pub members: i64,
    pub active_weeks: i64,
}

pub async fn small_circles(db: &Db, org_id: i64, min_members: i64) -> Result<SmallCircles> {
    let sql = format!(
        "SELECT COUNT(*) AS circles, CAST(COALESCE(SUM(t.members), 0) AS BIGINT) AS members, \
         CAST(COALESCE(SUM(t.active_weeks), 0) AS BIGINT) AS active_weeks \
         FROM (SELECT {META_COLUMNS} FROM circles c WHERE c.org_id = $1) t WHERE t.members < $2"
    );
    let r = sqlx::query(&sql).bind(org_id).bind(min_members).fetch_one(&db.pool).await?;
    Ok(SmallCircles {
        circles: r.try_get("circles")?,
        members: r.try_get("members")?,
        active_weeks: r.try_get("active_weeks")?,
    })
}

/// Member ids of a circle (for validation counts and the policy of writing).
pub async fn member_count(db: &Db, circle_id: i64) -> Result<i64> {
    Ok(counts(db, circle_id).await?.0)
}
