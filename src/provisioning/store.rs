//! The import's queries: the uploaded HR files (kept until applied, or a day, with their options
//! and report), what the organisation has now, and applying a plan in one transaction.

use std::collections::{HashMap, HashSet};

use sqlx::Row;

use super::{Entry, Options, Plan, norm};
use crate::db::bulk::{V, chunked, row};
use crate::db::{Db, Engine, Tx, now};
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

/// A person of the organisation as the import compares them.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct Known {
    pub id: i64,
    #[sqlx(rename = "employee_number")]
    pub number: Option<String>,
    pub name: String,
    pub email: String,
    #[sqlx(rename = "job_title")]
    pub job: String,
    #[sqlx(rename = "unit_id")]
    pub unit: Option<i64>,
    #[sqlx(try_from = "crate::db::Flag")]
    pub active: bool,
}

/// A unit of the organisation as the import compares it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct UnitRow {
    pub id: i64,
    pub code: Option<String>,
    pub name: String,
    pub parent_id: Option<i64>,
}

/// What the organisation has now: its people, and its units by code (or, without one, by name).
pub(crate) struct Current {
    pub people: Vec<Known>,
    pub units: Vec<UnitRow>,
    pub unit_by_code: HashMap<String, UnitRow>,
    pub uncoded_by_name: HashMap<String, i64>,
}

pub(crate) async fn current(db: &Db, org_id: i64) -> Result<Current> {
    let people: Vec<Known> = sqlx::query_as(
        "SELECT id, employee_number, name, email, job_title, unit_id, active FROM people WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?;
    let units: Vec<UnitRow> = sqlx::query_as("SELECT id, code, name, parent_id FROM units WHERE org_id = $1")
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?;
    let mut unit_by_code = HashMap::new();
    let mut uncoded_by_name = HashMap::new();
    for u in &units {
        match &u.code {
            Some(c) => {
                unit_by_code.insert(c.clone(), u.clone());
            }
            None => {
                uncoded_by_name.insert(norm(&u.name), u.id);
            }
        }
    }
    Ok(Current { people, units, unit_by_code, uncoded_by_name })
}

/// Which of these addresses belong to people of other organisations.
pub(crate) async fn emails_elsewhere(db: &Db, org_id: i64, emails: &[&str]) -> Result<HashSet<String>> {
    let mut elsewhere = HashSet::new();
    for chunk in emails.chunks(200) {
        let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!("SELECT email FROM people WHERE org_id <> $1 AND email IN ({})", marks.join(", "));
        let mut q = sqlx::query_as::<_, (String,)>(&sql).bind(org_id);
        for e in chunk {
            q = q.bind(*e);
        }
        elsewhere.extend(q.fetch_all(&db.pool).await?.into_iter().map(|(e,)| e));
    }
    Ok(elsewhere)
}

/// An HR file that was never applied is not kept longer than it needs to be: its content is
/// emptied once it is older than `before` (the row stays, for the record of who uploaded).
pub async fn forget_unapplied(db: &Db, before: i64) -> Result<u64> {
    Ok(sqlx::query("UPDATE imports SET content = '' WHERE applied_at IS NULL AND content <> '' AND created_at < $1")
        .bind(before)
        .execute(&db.pool)
        .await?
        .rows_affected())
}

/// Marks a stored import applied, drops its file (its personal data is no longer needed) and
/// writes the audit row, in one transaction.
pub async fn mark_applied(db: &Db, by: &crate::policy::Actor, id: i64, summary: &serde_json::Value) -> Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE imports SET applied_at = $1, summary = $2, content = '' WHERE id = $3 AND applied_at IS NULL")
        .bind(crate::db::now())
        .bind(summary.to_string())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let detail = summary.to_string();
    crate::audit::record_in(&mut tx, by, crate::audit::Action::ImportApplied, Some(id), &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// Applies a plan in one transaction, many rows per statement: units (created, renamed, an
/// uncoded one of the same name adopted) and their parents where no loop follows, new and
/// changed people, the people who left (inactive, their sessions ended), and unit managers.
pub(crate) async fn apply(db: &Db, org_id: i64, rows: &[Entry], plan: &Plan<'_>, current: &Current) -> Result<()> {
    let t = now();
    let mut tx = db.begin().await?;
    let unit_ids = apply_units(&mut tx, org_id, plan, current, t).await?;
    apply_parents(&mut tx, plan, current, &unit_ids).await?;
    apply_people(&mut tx, db.engine, org_id, plan, &unit_ids, t).await?;
    apply_managers(&mut tx, db.engine, org_id, rows, &unit_ids).await?;
    tx.commit().await?;
    Ok(())
}

/// Units the file names; returns every unit code's id.
async fn apply_units(
    tx: &mut Tx,
    org_id: i64,
    plan: &Plan<'_>,
    current: &Current,
    t: i64,
) -> Result<HashMap<String, i64>> {
    let mut unit_ids: HashMap<String, i64> = current.unit_by_code.iter().map(|(c, u)| (c.clone(), u.id)).collect();
    let mut codes: Vec<&String> = plan.units.keys().collect();
    codes.sort();
    for code in codes {
        let name = plan.unit_name(current, code);
        match current.unit_by_code.get(code) {
            Some(u) => {
                if u.name != name {
                    sqlx::query("UPDATE units SET name = $1, version = version + 1, updated_at = $2 WHERE id = $3")
                        .bind(&name)
                        .bind(t)
                        .bind(u.id)
                        .execute(&mut **tx)
                        .await?;
                }
            }
            None => {
                let id: i64 = match current.uncoded_by_name.get(&norm(&name)) {
                    Some(id) => {
                        sqlx::query("UPDATE units SET code = $1, version = version + 1, updated_at = $2 WHERE id = $3")
                            .bind(code)
                            .bind(t)
                            .bind(id)
                            .execute(&mut **tx)
                            .await?;
                        *id
                    }
                    None => sqlx::query(
                        "INSERT INTO units (org_id, name, code, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
                    )
                    .bind(org_id)
                    .bind(&name)
                    .bind(code)
                    .bind(t)
                    .fetch_one(&mut **tx)
                    .await?
                    .try_get("id")?,
                };
                unit_ids.insert(code.clone(), id);
            }
        }
    }
    Ok(unit_ids)
}

async fn apply_parents(tx: &mut Tx, plan: &Plan<'_>, current: &Current, unit_ids: &HashMap<String, i64>) -> Result<()> {
    // Parents, where the file names them and no loop follows.
    let mut parent_of: HashMap<i64, Option<i64>> = current.units.iter().map(|u| (u.id, u.parent_id)).collect();
    let mut parents: Vec<(&String, &String)> =
        plan.units.iter().filter_map(|(code, (_, parent))| parent.as_ref().map(|p| (code, p))).collect();
    parents.sort();
    for (code, parent) in parents {
        let (Some(&id), Some(&pid)) = (unit_ids.get(code), unit_ids.get(parent)) else { continue };
        let mut cursor = Some(pid);
        let mut loops = false;
        while let Some(c) = cursor {
            if c == id {
                loops = true;
                break;
            }
            cursor = parent_of.get(&c).copied().flatten();
        }
        if loops || parent_of.get(&id).copied().flatten() == Some(pid) {
            continue;
        }
        parent_of.insert(id, Some(pid));
        sqlx::query("UPDATE units SET parent_id = $1 WHERE id = $2").bind(pid).bind(id).execute(&mut **tx).await?;
    }
    Ok(())
}

async fn apply_people(
    tx: &mut Tx,
    engine: Engine,
    org_id: i64,
    plan: &Plan<'_>,
    unit_ids: &HashMap<String, i64>,
    t: i64,
) -> Result<()> {
    // New people.
    let mut bulk = crate::db::bulk::Bulk::new(engine);
    let table = bulk.table(
        "people",
        &["org_id", "unit_id", "name", "email", "job_title", "employee_number", "created_at", "updated_at"],
    );
    for r in &plan.creates {
        let unit = r.unit_code.as_ref().and_then(|c| unit_ids.get(c).copied());
        bulk.push(table, row![org_id, unit, r.name.clone(), r.email.clone(), r.job.clone(), r.number.clone(), t, t]);
    }
    bulk.flush(tx).await.map_err(Error::Internal)?;
    // Changed people, grouped by what changes: a statement sets only those columns, so SQLite
    // rewrites only the indexes on them (it rewrites an index whenever a column of it is set,
    // even to the same value).
    let mut groups: HashMap<&[&'static str], Vec<Vec<V>>> = HashMap::new();
    for (id, r, changed) in &plan.updates {
        let mut values = row![*id];
        for field in changed {
            values.push(match *field {
                "employee_number" => V::S(r.number.clone()),
                "name" => V::S(r.name.clone()),
                "email" => V::S(r.email.clone()),
                "job_title" => V::S(r.job.clone()),
                "unit" => V::N(r.unit_code.as_ref().and_then(|c| unit_ids.get(c).copied())),
                _ => continue, // active: no value
            });
        }
        groups.entry(changed.as_slice()).or_default().push(values);
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by_key(|(changed, _)| changed.to_vec());
    for (changed, values) in groups {
        let mut set = Vec::new();
        let mut casts = vec!["BIGINT"];
        for field in changed {
            let column = format!("v.column{}", casts.len() + 1);
            match *field {
                "unit" => {
                    set.push(format!("unit_id = COALESCE({column}, people.unit_id)"));
                    casts.push("BIGINT");
                }
                "active" => set.push("active = TRUE, deactivated_at = NULL".to_string()),
                f => {
                    set.push(format!("{f} = {column}"));
                    casts.push("");
                }
            }
        }
        let sql = format!(
            "UPDATE people SET {}, version = people.version + 1, updated_at = $1 \
             FROM (VALUES {{values}}) AS v WHERE people.id = v.column1",
            set.join(", ")
        );
        chunked(tx, engine, &sql, &[V::I(t)], &casts, &values).await.map_err(Error::Internal)?;
    }
    // People who left: inactive, their sessions ended.
    let gone: Vec<Vec<V>> = plan.deactivate.iter().map(|(id, _)| row![*id]).collect();
    chunked(
        tx,
        engine,
        "UPDATE people SET active = FALSE, deactivated_at = COALESCE(deactivated_at, $1), version = version + 1, \
         updated_at = $1 WHERE id IN (VALUES {values})",
        &[V::I(t)],
        &["BIGINT"],
        &gone,
    )
    .await
    .map_err(Error::Internal)?;
    chunked(tx, engine, "DELETE FROM login_sessions WHERE person_id IN (VALUES {values})", &[], &["BIGINT"], &gone)
        .await
        .map_err(Error::Internal)?;
    Ok(())
}

async fn apply_managers(
    tx: &mut Tx,
    engine: Engine,
    org_id: i64,
    rows: &[Entry],
    unit_ids: &HashMap<String, i64>,
) -> Result<()> {
    // Unit managers: the known manager most rows of a unit name.
    let mut votes: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for r in rows {
        if let (Some(u), Some(m)) = (&r.unit_code, &r.manager) {
            *votes.entry(u.as_str()).or_default().entry(m.as_str()).or_default() += 1;
        }
    }
    if !votes.is_empty() {
        let numbers: HashMap<String, i64> = sqlx::query_as::<_, (String, i64)>(
            "SELECT employee_number, id FROM people WHERE org_id = $1 AND employee_number IS NOT NULL AND active = TRUE",
        )
        .bind(org_id)
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .collect();
        let mut managed: Vec<Vec<V>> = Vec::new();
        for (unit, counts) in votes {
            let Some(&uid) = unit_ids.get(unit) else { continue };
            let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            if let Some(&mid) = ranked.iter().find_map(|(m, _)| numbers.get(*m)) {
                managed.push(row![uid, mid]);
            }
        }
        managed.sort_by_key(|r| match r[0] {
            V::I(id) => id,
            _ => 0,
        });
        chunked(
            tx,
            engine,
            "UPDATE units SET manager_id = v.column2 FROM (VALUES {values}) AS v \
             WHERE units.id = v.column1 AND (units.manager_id IS NULL OR units.manager_id <> v.column2)",
            &[],
            &["BIGINT", "BIGINT"],
            &managed,
        )
        .await
        .map_err(Error::Internal)?;
    }
    Ok(())
}
