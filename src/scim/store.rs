//! Queries for SCIM: tokens, people as Users, units as Groups. Everything is scoped to one
//! organisation; a person deleted through SCIM (`scim_deleted_at`) is invisible here.
//!
//! Every write checks the version it read (`… AND version = $v`), so two clients writing at
//! once cannot both succeed silently, and raises `version` and `updated_at` (the ETag).

use std::collections::{HashMap, HashSet};

use sqlx::Row;

use super::filter::{self, AttrPath, Case, Column, Filter};
use super::groups::GroupInput;
use super::users::UserInput;
use super::{ENTERPRISE_SCHEMA, GROUP_SCHEMA, ScimClient, ScimError, USER_SCHEMA};
use crate::db::{Db, Flag, Tx, now};
use crate::error::{Error, Result};

// ---- Tokens ----

#[derive(Clone, Debug)]
pub struct Token {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked: bool,
}

/// Creates a token for an organisation; it is returned once and stored only as a hash. The
/// audit row is written in the same transaction.
pub async fn create_token(db: &Db, by: crate::audit::By<'_>, name: &str) -> Result<String> {
    let name = crate::web::required(name, 80, "scim-token-name-required")?;
    let token = format!("scim_{}", crate::auth::random_token());
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO scim_tokens (org_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)")
        .bind(by.org_id())
        .bind(&name)
        .bind(crate::auth::token_hash(&token))
        .bind(now())
        .execute(&mut *tx)
        .await?;
    let detail = format!("created: {name}");
    crate::audit::record_in(&mut tx, by, crate::audit::Action::ScimToken, None, &detail).await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn tokens(db: &Db, org_id: i64) -> Result<Vec<Token>> {
    let rows = sqlx::query(
        "SELECT id, name, created_at, last_used_at, revoked FROM scim_tokens WHERE org_id = $1 \
         ORDER BY revoked, created_at DESC, id DESC",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Token {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                created_at: r.try_get("created_at")?,
                last_used_at: r.try_get("last_used_at")?,
                revoked: r.try_get::<Flag, _>("revoked")?.0,
            })
        })
        .collect()
}

/// Revokes a token of the organisation; another organisation's token is not found.
pub async fn revoke_token(db: &Db, by: crate::audit::By<'_>, id: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    let done = sqlx::query("UPDATE scim_tokens SET revoked = TRUE WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(by.org_id())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound);
    }
    crate::audit::record_in(&mut tx, by, crate::audit::Action::ScimToken, Some(id), "revoked").await?;
    tx.commit().await?;
    Ok(())
}

/// The organisation a token acts for. The lookup is by the token's SHA-256, so its timing says
/// nothing about the token. `last_used_at` is written at most once a minute.
pub async fn authenticate(db: &Db, token: &str) -> Result<Option<ScimClient>> {
    let row = sqlx::query("SELECT id, org_id, last_used_at FROM scim_tokens WHERE token_hash = $1 AND revoked = FALSE")
        .bind(crate::auth::token_hash(token))
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let client = ScimClient { token_id: row.try_get("id")?, org_id: row.try_get("org_id")? };
    let last: Option<i64> = row.try_get("last_used_at")?;
    let t = now();
    if last.is_none_or(|l| l < t - 60) {
        sqlx::query("UPDATE scim_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(t)
            .bind(client.token_id)
            .execute(&db.pool)
            .await?;
    }
    Ok(Some(client))
}

// ---- Shared helpers ----

fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    binds: &'q [filter::Bind],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        q = match b {
            filter::Bind::Text(s) => q.bind(s.as_str()),
            filter::Bind::Int(i) => q.bind(*i),
        };
    }
    q
}

/// A page of a list: the matching rows' total and `count` rows from `start_index` (1-based).
pub struct Page<T> {
    pub total: i64,
    pub rows: Vec<T>,
}

const IN_CHUNK: usize = 500;

fn qualified(p: &AttrPath, core: &str, extension: Option<&str>) -> bool {
    match &p.uri {
        None => true,
        Some(u) => u.eq_ignore_ascii_case(core) || extension.is_some_and(|e| u.eq_ignore_ascii_case(e)),
    }
}

// ---- Users ----

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub org_id: i64,
    pub email: String,
    pub name: String,
    pub job_title: String,
    #[sqlx(try_from = "Flag")]
    pub active: bool,
    pub external_id: Option<String>,
    pub employee_number: Option<String>,
    #[sqlx(try_from = "Flag")]
    pub scim_names: bool,
    pub formatted: Option<String>,
    pub given: Option<String>,
    pub family: Option<String>,
    pub display: Option<String>,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub deactivated_at: Option<i64>,
}

const USER_SELECT: &str = "SELECT p.id, p.org_id, p.email, p.name, p.job_title, p.active, p.external_id, p.employee_number, \
     p.scim_names, p.scim_formatted_name AS formatted, p.scim_given_name AS given, p.scim_family_name AS family, \
     p.scim_display_name AS display, p.unit_id, u.name AS unit_name, p.version, p.created_at, p.updated_at, \
     p.deactivated_at FROM people p LEFT JOIN units u ON u.id = p.unit_id";

const SHOWN_DISPLAY: &str = "(CASE WHEN p.scim_names = TRUE THEN p.scim_display_name ELSE p.name END)";
const SHOWN_FORMATTED: &str = "(CASE WHEN p.scim_names = TRUE THEN p.scim_formatted_name ELSE p.name END)";
const USER_MODIFIED: &str = "(CASE WHEN p.updated_at > 0 THEN p.updated_at ELSE p.created_at END)";

/// What Users can be filtered on, and how.
fn user_column(parent: Option<&AttrPath>, p: &AttrPath) -> Option<Column> {
    let email = Column::Text { expr: "p.email", case: Case::Lowered, nullable: false };
    if let Some(parent) = parent {
        if !parent.is("emails", None) {
            return None;
        }
        return match p.key().as_str() {
            "value" => Some(email),
            "type" => Some(Column::Const("work")),
            _ => None,
        };
    }
    if p.is("employeeNumber", None) {
        return qualified(p, ENTERPRISE_SCHEMA, None).then_some(Column::Text {
            expr: "p.employee_number",
            case: Case::Exact,
            nullable: true,
        });
    }
    if !qualified(p, USER_SCHEMA, None) {
        return None;
    }
    Some(match p.key().as_str() {
        "id" => Column::Id("p.id"),
        "username" | "emails" | "emails.value" => email,
        "emails.type" => Column::Const("work"),
        "externalid" => Column::Text { expr: "p.external_id", case: Case::Exact, nullable: true },
        "displayname" => Column::Text { expr: SHOWN_DISPLAY, case: Case::Insensitive, nullable: true },
        "name.formatted" => Column::Text { expr: SHOWN_FORMATTED, case: Case::Insensitive, nullable: true },
        "name.givenname" => Column::Text { expr: "p.scim_given_name", case: Case::Insensitive, nullable: true },
        "name.familyname" => Column::Text { expr: "p.scim_family_name", case: Case::Insensitive, nullable: true },
        "title" => Column::Text { expr: "p.job_title", case: Case::Insensitive, nullable: false },
        "active" => Column::Bool("p.active"),
        "groups" | "groups.value" => Column::Id("p.unit_id"),
        "meta.lastmodified" => Column::Time(USER_MODIFIED),
        "meta.created" => Column::Time("p.created_at"),
        _ => return None,
    })
}

/// Checks a filter against what Users can be filtered on, without running it.
pub fn check_user_filter(f: &Filter) -> Result<(), ScimError> {
    filter::compile(f, &user_column, crate::db::Engine::Sqlite, 1).map(|_| ())
}

/// A person SCIM can see, of any organisation: the caller asks `policy::provision`.
pub async fn user(db: &Db, id: i64) -> Result<Option<UserRow>> {
    let sql = format!("{USER_SELECT} WHERE p.id = $1 AND p.scim_deleted_at IS NULL");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&db.pool).await?)
}

fn user_where(db: &Db, f: Option<&Filter>) -> Result<(String, Vec<filter::Bind>), ScimError> {
    let compiled = match f {
        Some(f) => Some(filter::compile(f, &user_column, db.engine, 2)?),
        None => None,
    };
    let cond = compiled.as_ref().map(|c| format!(" AND {}", c.sql)).unwrap_or_default();
    Ok((
        format!("WHERE p.org_id = $1 AND p.scim_deleted_at IS NULL{cond}"),
        compiled.map(|c| c.binds).unwrap_or_default(),
    ))
}

fn user_page_sql(base: &str, binds: usize) -> String {
    let n = binds + 2;
    format!("{USER_SELECT} {base} ORDER BY p.id LIMIT ${n} OFFSET ${}", n + 1)
}

/// Users matching a filter, in id order. `userName eq` and `externalId eq` use the unique
/// indexes on e-mail and on (organisation, external id) (see [`user_query_plan`]).
pub async fn users(
    db: &Db,
    org_id: i64,
    f: Option<&Filter>,
    start: i64,
    count: i64,
) -> Result<Page<UserRow>, ScimError> {
    let (base, binds) = user_where(db, f)?;
    let count_sql = format!("SELECT COUNT(*) AS n FROM people p {base}");
    let total: i64 = bind_all(sqlx::query(&count_sql).bind(org_id), &binds).fetch_one(&db.pool).await?.try_get("n")?;
    let mut rows = Vec::new();
    if count > 0 && start <= total {
        let sql = user_page_sql(&base, binds.len());
        let q = bind_all(sqlx::query(&sql).bind(org_id), &binds).bind(count).bind(start - 1);
        for r in q.fetch_all(&db.pool).await? {
            rows.push(<UserRow as sqlx::FromRow<_>>::from_row(&r)?);
        }
    }
    Ok(Page { total, rows })
}

/// How the database would run the page query of a Users filter (SQLite's `EXPLAIN QUERY PLAN`,
/// PostgreSQL's `EXPLAIN`), one step a line: for tests and benchmarks.
pub async fn user_query_plan(db: &Db, org_id: i64, filter_text: &str) -> Result<String, ScimError> {
    let f = filter::parse(filter_text)?;
    let (base, binds) = user_where(db, Some(&f))?;
    let (explain, column) = match db.engine {
        crate::db::Engine::Sqlite => ("EXPLAIN QUERY PLAN", "detail"),
        crate::db::Engine::Postgres => ("EXPLAIN", "QUERY PLAN"),
    };
    let sql = format!("{explain} {}", user_page_sql(&base, binds.len()));
    let rows = bind_all(sqlx::query(&sql).bind(org_id), &binds).bind(100i64).bind(0i64).fetch_all(&db.pool).await?;
    let lines: Vec<String> = rows.iter().map(|r| r.try_get::<String, _>(column)).collect::<Result<_, _>>()?;
    Ok(lines.join("\n"))
}

/// Frees an identifier held by someone deleted through SCIM (they no longer count, RFC 7644
/// §3.6); refuses it when someone else in the organisation holds it.
async fn claim(
    tx: &mut Tx,
    org_id: i64,
    column: &str,
    attr: &str,
    value: &Option<String>,
    me: i64,
) -> Result<(), ScimError> {
    let Some(v) = value else { return Ok(()) };
    let sql = format!("SELECT id, scim_deleted_at FROM people WHERE org_id = $1 AND {column} = $2 AND id <> $3");
    let holders = sqlx::query(&sql).bind(org_id).bind(v).bind(me).fetch_all(&mut **tx).await?;
    for h in holders {
        let deleted: Option<i64> = h.try_get("scim_deleted_at")?;
        if deleted.is_none() {
            return Err(ScimError::uniqueness(format!("{attr} is already in use in this organisation")));
        }
        let sql = format!("UPDATE people SET {column} = NULL WHERE id = $1");
        sqlx::query(&sql).bind(h.try_get::<i64, _>("id")?).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Writes a person's SCIM attributes, if they are still at `version`.
async fn write_person(
    tx: &mut Tx,
    org_id: i64,
    id: i64,
    version: i64,
    u: &UserInput,
    active: bool,
    deactivated_at: Option<i64>,
) -> Result<(), ScimError> {
    let done = sqlx::query(
        "UPDATE people SET email = $1, name = $2, job_title = $3, active = $4, deactivated_at = $5, external_id = $6, \
         employee_number = $7, scim_names = TRUE, scim_formatted_name = $8, scim_given_name = $9, \
         scim_family_name = $10, scim_display_name = $11, scim_deleted_at = NULL, version = version + 1, \
         updated_at = $12 WHERE id = $13 AND org_id = $14 AND version = $15",
    )
    .bind(&u.email)
    .bind(u.shown_name())
    .bind(&u.title)
    .bind(active)
    .bind(deactivated_at)
    .bind(&u.external_id)
    .bind(&u.employee_number)
    .bind(&u.formatted)
    .bind(&u.given)
    .bind(&u.family)
    .bind(&u.display)
    .bind(now())
    .bind(id)
    .bind(org_id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ScimError::precondition());
    }
    if !active {
        sqlx::query("DELETE FROM login_sessions WHERE person_id = $1").bind(id).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Creates a person. A person of this organisation deleted through SCIM with the same address
/// comes back (same id, history kept) instead of a conflict.
pub async fn create_user(db: &Db, org_id: i64, u: &UserInput) -> Result<i64, ScimError> {
    let mut tx = db.begin().await?;
    let holder = sqlx::query("SELECT id, org_id, version, scim_deleted_at FROM people WHERE email = $1")
        .bind(&u.email)
        .fetch_optional(&mut *tx)
        .await?;
    let revive = match holder {
        Some(h)
            if h.try_get::<i64, _>("org_id")? == org_id
                && h.try_get::<Option<i64>, _>("scim_deleted_at")?.is_some() =>
        {
            Some((h.try_get::<i64, _>("id")?, h.try_get::<i64, _>("version")?))
        }
        Some(_) => return Err(ScimError::uniqueness("userName is already in use")),
        None => None,
    };
    let me = revive.map(|(id, _)| id).unwrap_or(0);
    claim(&mut tx, org_id, "external_id", "externalId", &u.external_id, me).await?;
    claim(&mut tx, org_id, "employee_number", "employeeNumber", &u.employee_number, me).await?;
    let active = u.active.unwrap_or(true);
    let t = now();
    let deactivated_at = (!active).then_some(t);
    let id = match revive {
        Some((id, version)) => {
            write_person(&mut tx, org_id, id, version, u, active, deactivated_at).await?;
            id
        }
        None => sqlx::query(
            "INSERT INTO people (org_id, name, email, job_title, active, deactivated_at, external_id, employee_number, \
             scim_names, scim_formatted_name, scim_given_name, scim_family_name, scim_display_name, version, \
             created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, TRUE, $9, $10, $11, $12, 1, $13, $13) RETURNING id",
        )
        .bind(org_id)
        .bind(u.shown_name())
        .bind(&u.email)
        .bind(&u.title)
        .bind(active)
        .bind(deactivated_at)
        .bind(&u.external_id)
        .bind(&u.employee_number)
        .bind(&u.formatted)
        .bind(&u.given)
        .bind(&u.family)
        .bind(&u.display)
        .bind(t)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?,
    };
    tx.commit().await?;
    Ok(id)
}

/// Replaces a person's SCIM attributes (PUT, or the result of a PATCH).
pub async fn replace_user(db: &Db, org_id: i64, current: &UserRow, u: &UserInput) -> Result<(), ScimError> {
    let mut tx = db.begin().await?;
    if u.email != current.email {
        let taken =
            sqlx::query("SELECT id FROM people WHERE email = $1").bind(&u.email).fetch_optional(&mut *tx).await?;
        if taken.is_some() {
            return Err(ScimError::uniqueness("userName is already in use"));
        }
    }
    claim(&mut tx, org_id, "external_id", "externalId", &u.external_id, current.id).await?;
    claim(&mut tx, org_id, "employee_number", "employeeNumber", &u.employee_number, current.id).await?;
    let active = u.active.unwrap_or(current.active);
    let deactivated_at = if active { None } else { current.deactivated_at.or(Some(now())) };
    write_person(&mut tx, org_id, current.id, current.version, u, active, deactivated_at).await?;
    tx.commit().await?;
    Ok(())
}

/// DELETE: the person is deactivated (sessions ended, `deactivated_at` set) and hidden from
/// SCIM; nothing of theirs is destroyed.
pub async fn delete_user(db: &Db, org_id: i64, current: &UserRow) -> Result<(), ScimError> {
    let mut tx = db.begin().await?;
    let t = now();
    let done = sqlx::query(
        "UPDATE people SET active = FALSE, deactivated_at = COALESCE(deactivated_at, $1), scim_deleted_at = $1, \
         version = version + 1, updated_at = $1 WHERE id = $2 AND org_id = $3 AND version = $4 AND scim_deleted_at IS NULL",
    )
    .bind(t)
    .bind(current.id)
    .bind(org_id)
    .bind(current.version)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ScimError::precondition());
    }
    sqlx::query("DELETE FROM login_sessions WHERE person_id = $1").bind(current.id).execute(&mut *tx).await?;
    // The unit's member list changed.
    if let Some(unit) = current.unit_id {
        sqlx::query("UPDATE units SET version = version + 1, updated_at = $1 WHERE id = $2")
            .bind(t)
            .bind(unit)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

// ---- Groups ----

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct GroupRow {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub external_id: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const GROUP_SELECT: &str =
    "SELECT u.id, u.org_id, u.name, u.external_id, u.version, u.created_at, u.updated_at FROM units u";

fn group_column(parent: Option<&AttrPath>, p: &AttrPath) -> Option<Column> {
    if parent.is_some() || !qualified(p, GROUP_SCHEMA, None) {
        return None;
    }
    Some(match p.key().as_str() {
        "id" => Column::Id("u.id"),
        "displayname" => Column::Text { expr: "u.name", case: Case::Insensitive, nullable: false },
        "externalid" => Column::Text { expr: "u.external_id", case: Case::Exact, nullable: true },
        "meta.lastmodified" => Column::Time("(CASE WHEN u.updated_at > 0 THEN u.updated_at ELSE u.created_at END)"),
        "meta.created" => Column::Time("u.created_at"),
        _ => return None,
    })
}

pub fn check_group_filter(f: &Filter) -> Result<(), ScimError> {
    filter::compile(f, &group_column, crate::db::Engine::Sqlite, 1).map(|_| ())
}

/// A unit, of any organisation: the caller asks `policy::provision`.
pub async fn group(db: &Db, id: i64) -> Result<Option<GroupRow>> {
    let sql = format!("{GROUP_SELECT} WHERE u.id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&db.pool).await?)
}

pub async fn groups(
    db: &Db,
    org_id: i64,
    f: Option<&Filter>,
    start: i64,
    count: i64,
) -> Result<Page<GroupRow>, ScimError> {
    let compiled = match f {
        Some(f) => Some(filter::compile(f, &group_column, db.engine, 2)?),
        None => None,
    };
    let cond = compiled.as_ref().map(|c| format!(" AND {}", c.sql)).unwrap_or_default();
    let binds = compiled.as_ref().map(|c| c.binds.as_slice()).unwrap_or(&[]);
    let base = format!("WHERE u.org_id = $1{cond}");
    let count_sql = format!("SELECT COUNT(*) AS n FROM units u {base}");
    let total: i64 = bind_all(sqlx::query(&count_sql).bind(org_id), binds).fetch_one(&db.pool).await?.try_get("n")?;
    let mut rows = Vec::new();
    if count > 0 && start <= total {
        let n = binds.len() + 2;
        let sql = format!("{GROUP_SELECT} {base} ORDER BY u.id LIMIT ${n} OFFSET ${}", n + 1);
        let q = bind_all(sqlx::query(&sql).bind(org_id), binds).bind(count).bind(start - 1);
        for r in q.fetch_all(&db.pool).await? {
            rows.push(<GroupRow as sqlx::FromRow<_>>::from_row(&r)?);
        }
    }
    Ok(Page { total, rows })
}

/// The people in units, by unit, in id order (people deleted through SCIM left out).
pub async fn members(db: &Db, unit_ids: &[i64]) -> Result<HashMap<i64, Vec<i64>>> {
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for chunk in unit_ids.chunks(IN_CHUNK) {
        let sql = format!(
            "SELECT unit_id, id FROM people WHERE unit_id IN ({}) AND scim_deleted_at IS NULL ORDER BY id",
            placeholders(1, chunk.len())
        );
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        for r in q.fetch_all(&db.pool).await? {
            out.entry(r.try_get("unit_id")?).or_default().push(r.try_get("id")?);
        }
    }
    Ok(out)
}

/// Checks that every member is a person of the organisation SCIM can see.
async fn check_members(tx: &mut Tx, org_id: i64, ids: &[i64]) -> Result<(), ScimError> {
    for chunk in ids.chunks(IN_CHUNK) {
        let sql = format!(
            "SELECT id FROM people WHERE org_id = $1 AND scim_deleted_at IS NULL AND id IN ({})",
            placeholders(2, chunk.len())
        );
        let mut q = sqlx::query(&sql).bind(org_id);
        for id in chunk {
            q = q.bind(*id);
        }
        let found: HashSet<i64> =
            q.fetch_all(&mut **tx).await?.iter().map(|r| r.try_get("id")).collect::<std::result::Result<_, _>>()?;
        if let Some(missing) = chunk.iter().find(|id| !found.contains(id)) {
            return Err(ScimError::invalid_value(format!("member {missing} is not a User of this organisation")));
        }
    }
    Ok(())
}

/// Moves people into a unit and out of it: `added` leave their former unit (whose version
/// rises too), `removed` leave this unit if they are still in it.
async fn move_members(tx: &mut Tx, org_id: i64, unit: i64, added: &[i64], removed: &[i64]) -> Result<(), ScimError> {
    let t = now();
    for chunk in added.chunks(IN_CHUNK) {
        let list = placeholders(4, chunk.len());
        let sql = format!(
            "UPDATE units SET version = version + 1, updated_at = $1 WHERE org_id = $2 AND id <> $3 AND id IN \
             (SELECT unit_id FROM people WHERE unit_id IS NOT NULL AND id IN ({list}))"
        );
        let mut q = sqlx::query(&sql).bind(t).bind(org_id).bind(unit);
        for id in chunk {
            q = q.bind(*id);
        }
        q.execute(&mut **tx).await?;
        let sql = format!(
            "UPDATE people SET unit_id = $3, version = version + 1, updated_at = $1 WHERE org_id = $2 AND id IN ({list})"
        );
        let mut q = sqlx::query(&sql).bind(t).bind(org_id).bind(unit);
        for id in chunk {
            q = q.bind(*id);
        }
        q.execute(&mut **tx).await?;
    }
    for chunk in removed.chunks(IN_CHUNK) {
        let sql = format!(
            "UPDATE people SET unit_id = NULL, version = version + 1, updated_at = $1 \
             WHERE org_id = $2 AND unit_id = $3 AND id IN ({})",
            placeholders(4, chunk.len())
        );
        let mut q = sqlx::query(&sql).bind(t).bind(org_id).bind(unit);
        for id in chunk {
            q = q.bind(*id);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

async fn claim_unit_external_id(tx: &mut Tx, org_id: i64, value: &Option<String>, me: i64) -> Result<(), ScimError> {
    let Some(v) = value else { return Ok(()) };
    let taken = sqlx::query("SELECT id FROM units WHERE org_id = $1 AND external_id = $2 AND id <> $3")
        .bind(org_id)
        .bind(v)
        .bind(me)
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return Err(ScimError::uniqueness("externalId is already in use in this organisation"));
    }
    Ok(())
}

pub async fn create_group(db: &Db, org_id: i64, g: &GroupInput) -> Result<i64, ScimError> {
    let mut tx = db.begin().await?;
    claim_unit_external_id(&mut tx, org_id, &g.external_id, 0).await?;
    check_members(&mut tx, org_id, &g.members).await?;
    let t = now();
    let id: i64 = sqlx::query(
        "INSERT INTO units (org_id, name, external_id, version, created_at, updated_at) \
         VALUES ($1, $2, $3, 1, $4, $4) RETURNING id",
    )
    .bind(org_id)
    .bind(&g.name)
    .bind(&g.external_id)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    move_members(&mut tx, org_id, id, &g.members, &[]).await?;
    tx.commit().await?;
    Ok(id)
}

/// Replaces a unit's name, external id and members (PUT, or the result of a PATCH).
pub async fn replace_group(
    db: &Db,
    org_id: i64,
    current: &GroupRow,
    now_in: &[i64],
    g: &GroupInput,
) -> Result<(), ScimError> {
    let mut tx = db.begin().await?;
    claim_unit_external_id(&mut tx, org_id, &g.external_id, current.id).await?;
    let before: HashSet<i64> = now_in.iter().copied().collect();
    let after: HashSet<i64> = g.members.iter().copied().collect();
    let added: Vec<i64> = g.members.iter().copied().filter(|id| !before.contains(id)).collect();
    let removed: Vec<i64> = now_in.iter().copied().filter(|id| !after.contains(id)).collect();
    check_members(&mut tx, org_id, &added).await?;
    let done = sqlx::query(
        "UPDATE units SET name = $1, external_id = $2, version = version + 1, updated_at = $3 \
         WHERE id = $4 AND org_id = $5 AND version = $6",
    )
    .bind(&g.name)
    .bind(&g.external_id)
    .bind(now())
    .bind(current.id)
    .bind(org_id)
    .bind(current.version)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ScimError::precondition());
    }
    move_members(&mut tx, org_id, current.id, &added, &removed).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes a unit that no longer holds anything: no active people, no units below it, no scan
/// results. People who were deactivated in it are left without a unit.
pub async fn delete_group(db: &Db, org_id: i64, current: &GroupRow) -> Result<(), ScimError> {
    let mut tx = db.begin().await?;
    let id = current.id;
    let active = count_in(&mut tx, "SELECT COUNT(*) AS n FROM people WHERE unit_id = $1 AND active = TRUE", id).await?;
    if active > 0 {
        return Err(ScimError::conflict(format!(
            "The unit still has {active} active people: remove them from its members (or move them) first"
        )));
    }
    if count_in(&mut tx, "SELECT COUNT(*) AS n FROM units WHERE parent_id = $1", id).await? > 0 {
        return Err(ScimError::conflict("Units sit below this unit in Hartslag: an administrator moves them first"));
    }
    let scans = count_in(
        &mut tx,
        "SELECT (SELECT COUNT(*) FROM scan_run_units WHERE unit_id = $1) + \
         (SELECT COUNT(*) FROM scan_responses WHERE unit_id = $1) AS n",
        id,
    )
    .await?;
    if scans > 0 {
        return Err(ScimError::conflict(
            "The unit holds results of scans, which stay with it: rename it instead of deleting it",
        ));
    }
    let t = now();
    sqlx::query("UPDATE people SET unit_id = NULL, version = version + 1, updated_at = $1 WHERE unit_id = $2")
        .bind(t)
        .bind(current.id)
        .execute(&mut *tx)
        .await?;
    let done = sqlx::query("DELETE FROM units WHERE id = $1 AND org_id = $2 AND version = $3")
        .bind(current.id)
        .bind(org_id)
        .bind(current.version)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(ScimError::precondition());
    }
    tx.commit().await?;
    Ok(())
}

async fn count_in(tx: &mut Tx, sql: &str, id: i64) -> Result<i64, ScimError> {
    Ok(sqlx::query(sql).bind(id).fetch_one(&mut **tx).await?.try_get("n")?)
}
