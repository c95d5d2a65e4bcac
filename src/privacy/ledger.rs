//! The privacy ledger: what each release spent, per organisation and year. A release and its
//! ledger row are written in one transaction, so a figure is never published unaccounted.

use sqlx::Row;

use crate::db::{Db, Tx, now};
use crate::error::Result;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Cockpit,
    Scan,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Cockpit => "cockpit",
            Kind::Scan => "scan",
        }
    }
}

fn milli(epsilon: f64) -> i64 {
    (epsilon * 1000.0).round() as i64
}

/// Records a release in the caller's transaction. `subject` names what was released (a
/// month, a run); recording the same subject twice is refused by the primary key, so a
/// release cannot be made twice.
pub async fn record(tx: &mut Tx, org_id: i64, year: i64, kind: Kind, subject: &str, epsilon: f64) -> Result<()> {
    sqlx::query(
        "INSERT INTO privacy_ledger (org_id, year, kind, subject, epsilon_milli, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(org_id)
    .bind(year)
    .bind(kind.code())
    .bind(subject)
    .bind(milli(epsilon))
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether a subject was released.
pub async fn released(db: &Db, org_id: i64, kind: Kind, subject: &str) -> Result<bool> {
    Ok(sqlx::query("SELECT 1 AS x FROM privacy_ledger WHERE org_id = $1 AND kind = $2 AND subject = $3")
        .bind(org_id)
        .bind(kind.code())
        .bind(subject)
        .fetch_optional(&db.pool)
        .await?
        .is_some())
}

/// The subjects of one kind released in a year, with their epsilon.
pub async fn of_year(db: &Db, org_id: i64, year: i64, kind: Kind) -> Result<Vec<(String, f64)>> {
    let rows = sqlx::query(
        "SELECT subject, epsilon_milli FROM privacy_ledger WHERE org_id = $1 AND year = $2 AND kind = $3 ORDER BY subject",
    )
    .bind(org_id)
    .bind(year)
    .bind(kind.code())
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("subject")?, r.try_get::<i64, _>("epsilon_milli")? as f64 / 1000.0))).collect()
}
