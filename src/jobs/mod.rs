//! The durable job queue: work that must happen later or elsewhere — mail, calendar fan-outs,
//! learning-record statements — kept in the database, so it survives a crash and is shared by
//! every app node on one database.
//!
//! A node *claims* a due job by writing its name and a lease into the row in one statement
//! (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite serialises writers). While the lease runs no
//! other node takes the job; when the node dies, the lease expires and another node takes the
//! job over. Finishing checks the lease is still ours, so a node that lost its lease cannot mark
//! someone else's run. A failed run is retried with exponential backoff until `max_attempts`,
//! then kept as failed with its last error, for the administrator to see.
//!
//! Delivery is *at least once*: a node that dies after the outside world accepted the work (an
//! SMTP server took the mail) but before the row says done, leaves the job to be run again. The
//! window is the few milliseconds between the two; mail carries a Message-ID derived from the
//! job, so a repeated message is recognisable as the same one.

pub mod runner;

use sqlx::Row;

use crate::db::{Db, Engine};
use crate::error::Result;

pub use runner::{Outcome, Runner};

/// How long a claim holds before another node may take the job over.
pub const LEASE_SECONDS: i64 = 300;

/// Work to put in the queue.
#[derive(Clone, Debug)]
pub struct NewJob {
    pub org_id: Option<i64>,
    pub kind: &'static str,
    pub payload: String,
    pub run_at: i64,
    /// At most one job per key, ever (e.g. one reminder per person and session).
    pub dedupe_key: Option<String>,
}

/// A claimed job.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: i64,
    pub org_id: Option<i64>,
    pub kind: String,
    pub payload: String,
    /// Runs so far, this one included.
    pub attempts: i64,
    pub max_attempts: i64,
}

/// Puts a job in the queue; `false` when a job with the same dedupe key exists already.
pub async fn enqueue(db: &Db, job: &NewJob) -> Result<bool> {
    let r = sqlx::query(
        "INSERT INTO jobs (org_id, kind, payload, dedupe_key, run_at, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(job.org_id)
    .bind(job.kind)
    .bind(&job.payload)
    .bind(&job.dedupe_key)
    .bind(job.run_at)
    .bind(crate::db::now())
    .execute(&db.pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Many jobs in one transaction (a fan-out to every person of a population).
pub async fn enqueue_many(db: &Db, jobs: &[NewJob]) -> Result<u64> {
    let mut added = 0;
    let now = crate::db::now();
    for chunk in jobs.chunks(500) {
        let mut tx = db.begin().await?;
        for job in chunk {
            let r = sqlx::query(
                "INSERT INTO jobs (org_id, kind, payload, dedupe_key, run_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING",
            )
            .bind(job.org_id)
            .bind(job.kind)
            .bind(&job.payload)
            .bind(&job.dedupe_key)
            .bind(job.run_at)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            added += r.rows_affected();
        }
        tx.commit().await?;
    }
    Ok(added)
}

/// Claims the job that is due longest, for `lease` seconds, or `None` when nothing is due.
pub async fn claim(db: &Db, worker: &str, now: i64, lease: i64) -> Result<Option<Job>> {
    let lock = match db.engine {
        Engine::Postgres => " FOR UPDATE SKIP LOCKED",
        Engine::Sqlite => "",
    };
    let sql = format!(
        "UPDATE jobs SET locked_by = $1, locked_until = $2, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $3 \
                     AND (locked_until IS NULL OR locked_until < $3) ORDER BY run_at, id LIMIT 1{lock}) \
         RETURNING id, org_id, kind, payload, attempts, max_attempts"
    );
    let row = sqlx::query(&sql).bind(worker).bind(now + lease).bind(now).fetch_optional(&db.pool).await?;
    Ok(match row {
        Some(r) => Some(Job {
            id: r.try_get("id")?,
            org_id: r.try_get("org_id")?,
            kind: r.try_get("kind")?,
            payload: r.try_get("payload")?,
            attempts: r.try_get("attempts")?,
            max_attempts: r.try_get("max_attempts")?,
        }),
        None => None,
    })
}

/// Marks a claimed job done; `false` when the lease was lost (another node has it now).
pub async fn complete(db: &Db, job: &Job, worker: &str, now: i64) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE jobs SET done_at = $1, locked_by = NULL, locked_until = NULL, last_error = NULL \
         WHERE id = $2 AND locked_by = $3 AND done_at IS NULL",
    )
    .bind(now)
    .bind(job.id)
    .bind(worker)
    .execute(&db.pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Puts a claimed job back until `until` without counting the run as an attempt (quiet hours).
pub async fn defer(db: &Db, job: &Job, worker: &str, until: i64) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE jobs SET run_at = $1, attempts = attempts - 1, locked_by = NULL, locked_until = NULL \
         WHERE id = $2 AND locked_by = $3 AND done_at IS NULL",
    )
    .bind(until)
    .bind(job.id)
    .bind(worker)
    .execute(&db.pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Seconds to wait after the `attempts`-th failed run: 30 s, 1 min, 2 min, … at most 6 hours.
pub fn backoff(attempts: i64) -> i64 {
    let exp = attempts.clamp(1, 20) - 1;
    (30i64 << exp).min(6 * 3600)
}

/// Records a failed run: retried after the backoff, or given up after the last attempt.
/// Returns `true` when the job was given up.
pub async fn fail(db: &Db, job: &Job, worker: &str, now: i64, error: &str, permanent: bool) -> Result<bool> {
    let give_up = permanent || job.attempts >= job.max_attempts;
    let error: String = error.chars().take(1000).collect();
    let sql = if give_up {
        "UPDATE jobs SET failed_at = $1, last_error = $2, locked_by = NULL, locked_until = NULL \
         WHERE id = $3 AND locked_by = $4 AND done_at IS NULL"
    } else {
        "UPDATE jobs SET run_at = $1, last_error = $2, locked_by = NULL, locked_until = NULL \
         WHERE id = $3 AND locked_by = $4 AND done_at IS NULL"
    };
    let at = if give_up { now } else { now + backoff(job.attempts) };
    sqlx::query(sql).bind(at).bind(error).bind(job.id).bind(worker).execute(&db.pool).await?;
    Ok(give_up)
}

/// The queue at a glance, for the administrators' page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub waiting: i64,
    pub running: i64,
    pub done: i64,
    pub failed: i64,
}

pub async fn counts(db: &Db, org_id: i64, now: i64) -> Result<Counts> {
    let r = sqlx::query(
        "SELECT \
           COALESCE(SUM(CASE WHEN done_at IS NULL AND failed_at IS NULL AND (locked_until IS NULL OR locked_until < $2) THEN 1 ELSE 0 END), 0) AS waiting, \
           COALESCE(SUM(CASE WHEN done_at IS NULL AND failed_at IS NULL AND locked_until >= $2 THEN 1 ELSE 0 END), 0) AS running, \
           COALESCE(SUM(CASE WHEN done_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS done, \
           COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS failed \
         FROM jobs WHERE org_id = $1",
    )
    .bind(org_id)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    Ok(Counts {
        waiting: r.try_get("waiting")?,
        running: r.try_get("running")?,
        done: r.try_get("done")?,
        failed: r.try_get("failed")?,
    })
}

/// A job that was given up, with its last error.
#[derive(Clone, Debug)]
pub struct Failed {
    pub id: i64,
    pub kind: String,
    pub attempts: i64,
    pub failed_at: i64,
    pub last_error: String,
}

pub async fn failed(db: &Db, org_id: i64, limit: i64) -> Result<Vec<Failed>> {
    let rows = sqlx::query(
        "SELECT id, kind, attempts, failed_at, COALESCE(last_error, '') AS last_error FROM jobs \
         WHERE org_id = $1 AND failed_at IS NOT NULL ORDER BY failed_at DESC, id DESC LIMIT $2",
    )
    .bind(org_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Failed {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                attempts: r.try_get("attempts")?,
                failed_at: r.try_get("failed_at")?,
                last_error: r.try_get("last_error")?,
            })
        })
        .collect()
}

/// Puts a failed job back in the queue, once more with a fresh count of attempts.
pub async fn retry(db: &Db, org_id: i64, id: i64, now: i64) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE jobs SET failed_at = NULL, attempts = 0, run_at = $1 WHERE id = $2 AND org_id = $3 AND failed_at IS NOT NULL",
    )
    .bind(now)
    .bind(id)
    .bind(org_id)
    .execute(&db.pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Forgets finished jobs older than `days` (their dedupe keys stay meaningful that long).
pub async fn prune(db: &Db, now: i64, days: i64) -> Result<u64> {
    let r = sqlx::query("DELETE FROM jobs WHERE done_at IS NOT NULL AND done_at < $1")
        .bind(now - days * 86_400)
        .execute(&db.pool)
        .await?;
    Ok(r.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_doubles_and_stops_at_six_hours() {
        assert_eq!(backoff(1), 30);
        assert_eq!(backoff(2), 60);
        assert_eq!(backoff(5), 480);
        assert_eq!(backoff(12), 6 * 3600);
        assert_eq!(backoff(1000), 6 * 3600);
    }
}
