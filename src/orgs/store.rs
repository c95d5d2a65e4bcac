//! Queries for organisations, units and people.

use sqlx::Row;

use super::{OrgSettings, ValidationRule};
use crate::db::{Db, now};
use crate::error::{Error, InField, Result, ResultExt};

pub async fn create_org(db: &Db, name: &str, slug: &str) -> Result<i64> {
    let id: i64 = sqlx::query("INSERT INTO organisations (name, slug, created_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(name)
        .bind(slug)
        .bind(now())
        .fetch_one(&db.pool)
        .await
        .on_unique("org-slug-taken")?
        .try_get("id")?;
    crate::framework::store::ensure_default(db, id).await?;
    Ok(id)
}

pub async fn rename_org(db: &Db, org_id: i64, name: &str) -> Result<()> {
    let name = crate::web::required(name, 120, "org-name-required")?;
    sqlx::query("UPDATE organisations SET name = $1 WHERE id = $2").bind(name).bind(org_id).execute(&db.pool).await?;
    Ok(())
}

pub async fn org_by_slug(db: &Db, slug: &str) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT id FROM organisations WHERE slug = $1").bind(slug).fetch_optional(&db.pool).await?;
    Ok(row.map(|r| r.try_get("id")).transpose()?)
}

/// An organisation as the command line names it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OrgRef {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// Every organisation, oldest first.
pub async fn all(db: &Db) -> Result<Vec<OrgRef>> {
    Ok(sqlx::query_as("SELECT id, slug, name FROM organisations ORDER BY id").fetch_all(&db.pool).await?)
}

/// The organisation with this slug, or without one the first (a single-organisation install).
pub async fn by_slug_or_first(db: &Db, slug: Option<&str>) -> Result<Option<OrgRef>> {
    let slug = slug.unwrap_or_default();
    Ok(sqlx::query_as("SELECT id, slug, name FROM organisations WHERE slug = $1 OR $2 = '' ORDER BY id LIMIT 1")
        .bind(slug)
        .bind(slug)
        .fetch_optional(&db.pool)
        .await?)
}

/// The person with this e-mail address in any organisation (addresses are unique).
pub async fn person_id_by_email(db: &Db, email: &str) -> Result<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM people WHERE email = $1")
        .bind(email.trim().to_lowercase())
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| r.0))
}

pub async fn settings(db: &Db, org_id: i64) -> Result<OrgSettings> {
    let r = sqlx::query(
        "SELECT id, name, sessions_per_week, session_minutes, granted_minutes_per_week, circle_min, circle_max, \
         validation_agree_num, validation_agree_den, validation_objection_blocks FROM organisations WHERE id = $1",
    )
    .bind(org_id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(Error::NotFound)?;
    Ok(OrgSettings {
        org_id: r.try_get("id")?,
        name: r.try_get("name")?,
        sessions_per_week: r.try_get("sessions_per_week")?,
        session_minutes: r.try_get("session_minutes")?,
        granted_minutes_per_week: r.try_get("granted_minutes_per_week")?,
        circle_min: r.try_get("circle_min")?,
        circle_max: r.try_get("circle_max")?,
        validation: ValidationRule {
            agree_num: r.try_get("validation_agree_num")?,
            agree_den: r.try_get("validation_agree_den")?,
            objection_blocks: r.try_get::<crate::db::Flag, _>("validation_objection_blocks")?.0,
        },
    })
}

/// Checks and stores the cycle defaults; bad values change nothing.
pub async fn update_settings(db: &Db, s: &OrgSettings) -> Result<()> {
    if !(1..=7).contains(&s.sessions_per_week) {
        return Err(Error::invalid("settings-sessions-range"));
    }
    if !(15..=240).contains(&s.session_minutes) {
        return Err(Error::invalid("settings-minutes-range"));
    }
    if !(0..=40 * 60).contains(&s.granted_minutes_per_week) {
        return Err(Error::invalid("settings-granted-range"));
    }
    if !(2..=12).contains(&s.circle_min) || !(s.circle_min..=12).contains(&s.circle_max) {
        return Err(Error::invalid("settings-circle-size-range"));
    }
    sqlx::query(
        "UPDATE organisations SET sessions_per_week = $1, session_minutes = $2, granted_minutes_per_week = $3, \
         circle_min = $4, circle_max = $5, validation_agree_num = $6, validation_agree_den = $7, \
         validation_objection_blocks = $8 WHERE id = $9",
    )
    .bind(s.sessions_per_week)
    .bind(s.session_minutes)
    .bind(s.granted_minutes_per_week)
    .bind(s.circle_min)
    .bind(s.circle_max)
    .bind(s.validation.agree_num)
    .bind(s.validation.agree_den)
    .bind(s.validation.objection_blocks)
    .bind(s.org_id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Unit {
    pub id: i64,
    pub org_id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub manager_id: Option<i64>,
    pub manager_name: Option<String>,
    pub people: i64,
}

pub async fn create_unit(
    db: &Db,
    org_id: i64,
    name: &str,
    parent_id: Option<i64>,
    manager_id: Option<i64>,
) -> Result<i64> {
    let name = crate::web::required(name, 120, "unit-name-required").in_field("name")?;
    if let Some(p) = parent_id {
        unit(db, org_id, p).await?.ok_or(Error::invalid("unit-parent-unknown").in_field("parent_id"))?;
    }
    if let Some(m) = manager_id {
        person(db, org_id, m).await?.ok_or(Error::invalid("unit-manager-unknown").in_field("manager_email"))?;
    }
    let r = sqlx::query(
        "INSERT INTO units (org_id, parent_id, name, manager_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(org_id)
    .bind(parent_id)
    .bind(name)
    .bind(manager_id)
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
    Ok(r.try_get("id")?)
}

pub async fn update_unit(
    db: &Db,
    org_id: i64,
    id: i64,
    name: &str,
    parent_id: Option<i64>,
    manager_id: Option<i64>,
) -> Result<()> {
    let name = crate::web::required(name, 120, "unit-name-required")?;
    unit(db, org_id, id).await?.ok_or(Error::NotFound)?;
    if let Some(p) = parent_id {
        // A unit cannot sit below itself or one of its own descendants.
        let mut cursor = Some(p);
        while let Some(c) = cursor {
            if c == id {
                return Err(Error::invalid("unit-parent-cycle"));
            }
            cursor = unit(db, org_id, c).await?.ok_or(Error::invalid("unit-parent-unknown"))?.parent_id;
        }
    }
    if let Some(m) = manager_id {
        person(db, org_id, m).await?.ok_or(Error::invalid("unit-manager-unknown"))?;
    }
    // A new version and time: the SCIM ETag of the unit changes with an administrator's edit.
    sqlx::query(
        "UPDATE units SET name = $1, parent_id = $2, manager_id = $3, version = version + 1, updated_at = $4 \
         WHERE id = $5 AND org_id = $6",
    )
    .bind(name)
    .bind(parent_id)
    .bind(manager_id)
    .bind(now())
    .bind(id)
    .bind(org_id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

const UNIT_SELECT: &str = "SELECT u.id, u.org_id, u.parent_id, u.name, u.manager_id, m.name AS manager_name, \
     (SELECT COUNT(*) FROM people p WHERE p.unit_id = u.id AND p.active = TRUE) AS people \
     FROM units u LEFT JOIN people m ON m.id = u.manager_id";

pub async fn unit(db: &Db, org_id: i64, id: i64) -> Result<Option<Unit>> {
    let sql = format!("{UNIT_SELECT} WHERE u.id = $1 AND u.org_id = $2");
    Ok(sqlx::query_as(&sql).bind(id).bind(org_id).fetch_optional(&db.pool).await?)
}

pub async fn units(db: &Db, org_id: i64, limit: i64, offset: i64) -> Result<Vec<Unit>> {
    let sql = format!("{UNIT_SELECT} WHERE u.org_id = $1 ORDER BY u.name, u.id LIMIT $2 OFFSET $3");
    Ok(sqlx::query_as(&sql).bind(org_id).bind(limit).bind(offset).fetch_all(&db.pool).await?)
}

/// All units, for pickers (names only).
pub async fn unit_names(db: &Db, org_id: i64) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, name FROM units WHERE org_id = $1 ORDER BY name, id")
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("name")?))).collect()
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Person {
    pub id: i64,
    pub org_id: i64,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub name: String,
    pub email: String,
    pub job_title: String,
    #[sqlx(try_from = "crate::db::Flag")]
    pub is_admin: bool,
    #[sqlx(try_from = "crate::db::Flag")]
    pub is_adviser: bool,
    #[sqlx(try_from = "crate::db::Flag")]
    pub is_guest: bool,
    #[sqlx(try_from = "crate::db::Flag")]
    pub active: bool,
}

const PERSON_SELECT: &str = "SELECT p.id, p.org_id, p.unit_id, u.name AS unit_name, p.name, p.email, p.job_title, \
     p.is_admin, p.is_adviser, p.is_guest, p.active FROM people p LEFT JOIN units u ON u.id = p.unit_id";

pub async fn person(db: &Db, org_id: i64, id: i64) -> Result<Option<Person>> {
    let sql = format!("{PERSON_SELECT} WHERE p.id = $1 AND p.org_id = $2");
    Ok(sqlx::query_as(&sql).bind(id).bind(org_id).fetch_optional(&db.pool).await?)
}

pub async fn person_by_email(db: &Db, org_id: i64, email: &str) -> Result<Option<Person>> {
    let sql = format!("{PERSON_SELECT} WHERE p.email = $1 AND p.org_id = $2");
    Ok(sqlx::query_as(&sql).bind(email.trim().to_lowercase()).bind(org_id).fetch_optional(&db.pool).await?)
}

/// People of an organisation, optionally filtered by a name or e-mail fragment.
pub async fn people(db: &Db, org_id: i64, search: &str, limit: i64, offset: i64) -> Result<Vec<Person>> {
    let pattern = format!("%{}%", search.trim().to_lowercase());
    let sql = format!(
        "{PERSON_SELECT} WHERE p.org_id = $1 AND (LOWER(p.name) LIKE $2 OR p.email LIKE $2) \
         ORDER BY p.name, p.id LIMIT $3 OFFSET $4"
    );
    Ok(sqlx::query_as(&sql).bind(org_id).bind(pattern).bind(limit).bind(offset).fetch_all(&db.pool).await?)
}

/// What an administrator (or the CLI, or the demo) fills in to create a person.
#[derive(Clone, Debug, Default)]
pub struct NewPerson {
    pub name: String,
    pub email: String,
    pub job_title: String,
    pub unit_id: Option<i64>,
    pub password: Option<String>,
    pub is_admin: bool,
    pub is_adviser: bool,
    pub is_guest: bool,
}

pub fn valid_email(email: &str) -> Result<String> {
    let e = email.trim().to_lowercase();
    let ok = e.len() <= 254
        && e.split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.'))
        && !e.contains(char::is_whitespace);
    if ok { Ok(e) } else { Err(Error::invalid("email-invalid").in_field("email")) }
}

pub async fn create_person(db: &Db, org_id: i64, p: &NewPerson) -> Result<i64> {
    let name = crate::web::required(&p.name, 120, "person-name-required").in_field("name")?;
    let email = valid_email(&p.email)?;
    let job = crate::web::optional(&p.job_title, 120, "job-title-too-long").in_field("job_title")?;
    if let Some(u) = p.unit_id {
        unit(db, org_id, u).await?.ok_or(Error::invalid("unit-parent-unknown").in_field("unit_id"))?;
    }
    let hash = match &p.password {
        Some(pw) => {
            crate::auth::check_password_policy(pw).in_field("password")?;
            Some(crate::auth::hash_password(pw)?)
        }
        None => None,
    };
    let r = sqlx::query(
        "INSERT INTO people (org_id, unit_id, name, email, job_title, password_hash, is_admin, is_adviser, is_guest, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, TRUE, $10) RETURNING id",
    )
    .bind(org_id)
    .bind(p.unit_id)
    .bind(name)
    .bind(email)
    .bind(job)
    .bind(hash)
    .bind(p.is_admin)
    .bind(p.is_adviser)
    .bind(p.is_guest)
    .bind(now())
    .fetch_one(&db.pool)
    .await
    .on_unique("email-taken")?;
    Ok(r.try_get("id")?)
}

/// Roles, unit and activity of a person, as an administrator sets them.
/// An administrator's edit of a person in their own organisation. A change of roles (or of being
/// active) is written to the audit log in the same transaction.
pub async fn update_person(db: &Db, by: &crate::policy::Actor, id: i64, p: &NewPerson, active: bool) -> Result<()> {
    let org_id = by.org_id;
    let name = crate::web::required(&p.name, 120, "person-name-required")?;
    let job = crate::web::optional(&p.job_title, 120, "job-title-too-long")?;
    let before = person(db, org_id, id).await?.ok_or(Error::NotFound)?;
    if let Some(u) = p.unit_id {
        unit(db, org_id, u).await?.ok_or(Error::invalid("unit-parent-unknown"))?;
    }
    let mut tx = db.begin().await?;
    // A new version and time, so the SCIM ETag changes with an administrator's edit; a rename
    // here makes Hartslag's name the one SCIM shows until the identity system sends names again.
    sqlx::query(
        "UPDATE people SET name = $1, job_title = $2, unit_id = $3, is_admin = $4, is_adviser = $5, active = $6, \
         scim_names = CASE WHEN name = $1 THEN scim_names ELSE FALSE END, version = version + 1, updated_at = $7 \
         WHERE id = $8 AND org_id = $9",
    )
    .bind(name)
    .bind(job)
    .bind(p.unit_id)
    .bind(p.is_admin)
    .bind(p.is_adviser)
    .bind(active)
    .bind(now())
    .bind(id)
    .bind(org_id)
    .execute(&mut *tx)
    .await?;
    if let Some(pw) = &p.password {
        crate::auth::check_password_policy(pw)?;
        sqlx::query("UPDATE people SET password_hash = $1 WHERE id = $2")
            .bind(crate::auth::hash_password(pw)?)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    if active {
        sqlx::query("UPDATE people SET deactivated_at = NULL WHERE id = $1").bind(id).execute(&mut *tx).await?;
    } else {
        sqlx::query("DELETE FROM login_sessions WHERE person_id = $1").bind(id).execute(&mut *tx).await?;
        // The first day of absence counts for the retention period, not the last edit.
        sqlx::query("UPDATE people SET deactivated_at = COALESCE(deactivated_at, $1) WHERE id = $2")
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let changes: Vec<String> = [
        ("admin", before.is_admin, p.is_admin),
        ("adviser", before.is_adviser, p.is_adviser),
        ("active", before.active, active),
    ]
    .iter()
    .filter(|(_, b, a)| b != a)
    .map(|(role, b, a)| format!("{role}: {b} → {a}"))
    .collect();
    if !changes.is_empty() {
        crate::audit::record_in(&mut tx, by, crate::audit::Action::RoleChange, Some(id), &changes.join(", ")).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The unit managers of an organisation, for the decider picker.
pub async fn managers(db: &Db, org_id: i64) -> Result<Vec<(i64, String, String)>> {
    let rows = sqlx::query(
        "SELECT DISTINCT p.id, p.name, u.name AS unit_name FROM units u JOIN people p ON p.id = u.manager_id \
         WHERE u.org_id = $1 AND p.active = TRUE ORDER BY p.name, u.name",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("name")?, r.try_get("unit_name")?))).collect()
}

/// The manager of a person's own unit, walking up the hierarchy when a unit has none (or when
/// the person manages their own unit). One query in the common case.
pub async fn manager_of(db: &Db, person_id: i64) -> Result<Option<i64>> {
    let row =
        sqlx::query("SELECT u.parent_id, u.manager_id FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1")
            .bind(person_id)
            .fetch_optional(&db.pool)
            .await?;
    let Some(mut r) = row else { return Ok(None) };
    for _ in 0..64 {
        let manager: Option<i64> = r.try_get("manager_id")?;
        if let Some(m) = manager.filter(|m| *m != person_id) {
            return Ok(Some(m));
        }
        let Some(parent) = r.try_get::<Option<i64>, _>("parent_id")? else { return Ok(None) };
        r = sqlx::query("SELECT parent_id, manager_id FROM units WHERE id = $1")
            .bind(parent)
            .fetch_one(&db.pool)
            .await?;
    }
    Ok(None)
}

/// The smallest group the cockpit shows figures for, as set (the cockpit never goes below five).
pub async fn cockpit_min_group(db: &Db, org_id: i64) -> Result<i64> {
    let r = sqlx::query("SELECT cockpit_min_group FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(r.try_get("cockpit_min_group")?)
}

/// Sets the cockpit's minimum group: five or more, up to a hundred.
pub async fn set_cockpit_min_group(db: &Db, org_id: i64, k: i64) -> Result<()> {
    if !(crate::cockpit::disclosure::FLOOR..=100).contains(&k) {
        return Err(Error::invalid("cockpit-min-group-range"));
    }
    sqlx::query("UPDATE organisations SET cockpit_min_group = $1 WHERE id = $2")
        .bind(k)
        .bind(org_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// How long an organisation keeps what it need not keep forever; `None` keeps it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Retention {
    /// Shared session notes, counted from their last change.
    pub notes_months: Option<i64>,
    /// Deactivated accounts, counted from their deactivation; then they are erased.
    pub departed_months: Option<i64>,
}

pub async fn retention(db: &Db, org_id: i64) -> Result<Retention> {
    let r = sqlx::query("SELECT retention_notes_months, retention_departed_months FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Retention {
        notes_months: r.try_get("retention_notes_months")?,
        departed_months: r.try_get("retention_departed_months")?,
    })
}

/// Stores retention periods of 1 to 120 months (or none); bad values change nothing.
/// Sets the organisation's retention periods, with its audit row in the same transaction.
pub async fn set_retention(db: &Db, by: &crate::policy::Actor, r: Retention) -> Result<()> {
    for months in [r.notes_months, r.departed_months].into_iter().flatten() {
        if !(1..=120).contains(&months) {
            return Err(Error::invalid("retention-range"));
        }
    }
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE organisations SET retention_notes_months = $1, retention_departed_months = $2 WHERE id = $3")
        .bind(r.notes_months)
        .bind(r.departed_months)
        .bind(by.org_id)
        .execute(&mut *tx)
        .await?;
    let detail = format!("notes: {:?} months, departed: {:?} months", r.notes_months, r.departed_months);
    crate::audit::record_in(&mut tx, by, crate::audit::Action::Retention, None, &detail).await?;
    tx.commit().await?;
    Ok(())
}
