//! Login throttling, in the database so every app node sees the same count. Keyed by the hash
//! of the e-mail address typed (whether or not an account has it, so the answer tells nobody
//! which addresses exist). Five failures within fifteen minutes close sign-in for that address
//! for a minute; each further failure doubles the pause, up to fifteen minutes. A success clears
//! the count. Password checks are not even run while closed, which also spares the CPU argon2
//! would spend on a guessing run.
//!
//! Not throttled by network address: behind a reverse proxy every request comes from the proxy.
//! The proxy is the place for per-address limits (see docs/SECURITY.md).

use sqlx::Row;

use crate::db::Db;
use crate::error::Result;

/// Failures allowed in one window before sign-in closes.
pub const FREE_FAILURES: i64 = 5;
/// The window failures are counted in.
pub const WINDOW_SECONDS: i64 = 15 * 60;
/// The longest pause.
pub const MAX_PAUSE_SECONDS: i64 = 15 * 60;

fn key(email: &str) -> String {
    super::token_hash(&format!("login:{}", email.trim().to_lowercase()))
}

/// Seconds until sign-in opens again for this address, or `None` when it is open.
pub async fn closed_for(db: &Db, email: &str, t: i64) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT locked_until FROM login_throttle WHERE key = $1")
        .bind(key(email))
        .fetch_optional(&db.pool)
        .await?;
    let until: i64 = match row {
        Some(r) => r.try_get("locked_until")?,
        None => 0,
    };
    Ok((until > t).then_some(until - t))
}

/// Counts a failure, and closes sign-in when there were too many.
pub async fn failed(db: &Db, email: &str, t: i64) -> Result<()> {
    let k = key(email);
    let mut tx = db.begin().await?;
    // Start a new window when the last one is over; count in the current one otherwise.
    sqlx::query(
        "INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, 1, $2, 0) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN login_throttle.window_start < $3 THEN 1 ELSE login_throttle.failures + 1 END, \
           window_start = CASE WHEN login_throttle.window_start < $3 THEN $2 ELSE login_throttle.window_start END",
    )
    .bind(&k)
    .bind(t)
    .bind(t - WINDOW_SECONDS)
    .execute(&mut *tx)
    .await?;
    let failures: i64 = sqlx::query("SELECT failures FROM login_throttle WHERE key = $1")
        .bind(&k)
        .fetch_one(&mut *tx)
        .await?
        .try_get("failures")?;
    if failures >= FREE_FAILURES {
        let doublings = (failures - FREE_FAILURES).min(10) as u32;
        let pause = (60_i64 << doublings).min(MAX_PAUSE_SECONDS);
        sqlx::query("UPDATE login_throttle SET locked_until = $1 WHERE key = $2")
            .bind(t + pause)
            .bind(&k)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A successful sign-in starts with a clean slate.
pub async fn succeeded(db: &Db, email: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(key(email)).execute(&db.pool).await?;
    Ok(())
}

/// Housekeeping: rows whose window and pause are long over.
pub async fn prune(db: &Db, t: i64) -> Result<u64> {
    let r = sqlx::query("DELETE FROM login_throttle WHERE window_start < $1 AND locked_until < $2")
        .bind(t - 24 * 3600)
        .bind(t)
        .execute(&db.pool)
        .await?;
    Ok(r.rows_affected())
}
