//! The durable job queue on both engines: no job lost or run twice by competing nodes, a dead
//! node's job taken over after its lease, retries with backoff, and giving up.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hartslag::db::Db;
use hartslag::jobs::{self, NewJob};

fn job(key: Option<String>, run_at: i64) -> NewJob {
    NewJob { org_id: None, kind: "test", payload: "{}".into(), run_at, dedupe_key: key }
}

async fn state(db: &Db, id: i64) -> (i64, Option<i64>, Option<i64>, i64) {
    use sqlx::Row;
    let r = sqlx::query("SELECT attempts, done_at, failed_at, run_at FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    (r.get("attempts"), r.get("done_at"), r.get("failed_at"), r.get("run_at"))
}

backends! {
    async fn a_dedupe_key_admits_one_job_only(app) {
        let db = &app.db;
        assert!(jobs::enqueue(db, &job(Some("reminder:1:2".into()), 0)).await.unwrap());
        assert!(!jobs::enqueue(db, &job(Some("reminder:1:2".into()), 0)).await.unwrap());
        assert!(jobs::enqueue(db, &job(None, 0)).await.unwrap());
        assert!(jobs::enqueue(db, &job(None, 0)).await.unwrap());
        let many: Vec<NewJob> = (0..1200).map(|i| job(Some(format!("k{}", i % 1000)), 0)).collect();
        assert_eq!(jobs::enqueue_many(db, &many).await.unwrap(), 1000);
        assert_eq!(common::count(db, "jobs").await, 1003);
    }

    async fn competing_workers_run_every_job_exactly_once(app) {
        let db = app.db.clone();
        for i in 0..300 {
            jobs::enqueue(&db, &job(Some(format!("j{i}")), 0)).await.unwrap();
        }
        let seen: Arc<Mutex<HashMap<i64, Vec<String>>>> = Arc::default();
        let mut tasks = Vec::new();
        for w in 0..6 {
            let (db, seen) = (db.clone(), seen.clone());
            tasks.push(tokio::spawn(async move {
                let worker = format!("node-{w}");
                while let Some(j) = jobs::claim(&db, &worker, hartslag::db::now(), 60).await.unwrap() {
                    seen.lock().unwrap().entry(j.id).or_default().push(worker.clone());
                    assert!(jobs::complete(&db, &j, &worker, hartslag::db::now()).await.unwrap());
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let seen = seen.lock().unwrap().clone();
        assert_eq!(seen.len(), 300, "every job ran");
        let twice: Vec<_> = seen.iter().filter(|(_, w)| w.len() > 1).collect();
        assert!(twice.is_empty(), "jobs run more than once: {twice:?}");
        let workers: std::collections::HashSet<&String> = seen.values().flatten().collect();
        assert!(workers.len() > 1, "the work was shared between workers");
        let done: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE done_at IS NOT NULL").fetch_one(&db.pool).await.unwrap();
        assert_eq!(done, 300);
    }

    async fn a_dead_nodes_job_is_taken_over_after_its_lease_and_its_late_finish_is_refused(app) {
        let db = &app.db;
        jobs::enqueue(db, &job(Some("mail:1".into()), 1000)).await.unwrap();
        // Node A claims at t=1000 for 60 s and dies.
        let a = jobs::claim(db, "node-a", 1000, 60).await.unwrap().expect("due");
        // Within the lease nobody else gets it; after it, node B does.
        assert!(jobs::claim(db, "node-b", 1030, 60).await.unwrap().is_none());
        let b = jobs::claim(db, "node-b", 1061, 60).await.unwrap().expect("taken over");
        assert_eq!(a.id, b.id);
        assert_eq!(b.attempts, 2);
        // A comes back and tries to finish: refused, the job is B's.
        assert!(!jobs::complete(db, &a, "node-a", 1062).await.unwrap());
        assert!(jobs::complete(db, &b, "node-b", 1063).await.unwrap());
        assert_eq!(state(db, b.id).await.1, Some(1063));
        assert!(jobs::claim(db, "node-c", 5000, 60).await.unwrap().is_none(), "a done job never runs again");
    }

    async fn failures_back_off_and_give_up_after_the_last_attempt(app) {
        let db = &app.db;
        jobs::enqueue(db, &job(None, 0)).await.unwrap();
        sqlx::query("UPDATE jobs SET max_attempts = 3").execute(&db.pool).await.unwrap();
        let mut t = 100;
        let j = jobs::claim(db, "n", t, 60).await.unwrap().unwrap();
        assert!(!jobs::fail(db, &j, "n", t, "server down", false).await.unwrap());
        let (attempts, done, failed, run_at) = state(db, j.id).await;
        assert_eq!((attempts, done, failed, run_at), (1, None, None, t + 30));
        assert!(jobs::claim(db, "n", t + 29, 60).await.unwrap().is_none(), "not before the backoff");
        t += 30;
        let j = jobs::claim(db, "n", t, 60).await.unwrap().unwrap();
        assert!(!jobs::fail(db, &j, "n", t, "server down", false).await.unwrap());
        assert_eq!(state(db, j.id).await.3, t + 60, "the wait doubles");
        t += 60;
        let j = jobs::claim(db, "n", t, 60).await.unwrap().unwrap();
        assert_eq!(j.attempts, 3);
        assert!(jobs::fail(db, &j, "n", t, "server down", false).await.unwrap(), "given up after the third");
        assert_eq!(state(db, j.id).await.2, Some(t));
        assert!(jobs::claim(db, "n", t + 100_000, 60).await.unwrap().is_none());
    }

    async fn deferring_for_quiet_hours_does_not_use_up_an_attempt(app) {
        let db = &app.db;
        jobs::enqueue(db, &job(None, 0)).await.unwrap();
        let j = jobs::claim(db, "n", 10, 60).await.unwrap().unwrap();
        assert!(jobs::defer(db, &j, "n", 5000).await.unwrap());
        let (attempts, _, _, run_at) = state(db, j.id).await;
        assert_eq!((attempts, run_at), (0, 5000));
        assert!(jobs::claim(db, "n", 4999, 60).await.unwrap().is_none());
        assert!(jobs::claim(db, "n", 5000, 60).await.unwrap().is_some());
    }

    async fn an_administrator_sees_given_up_jobs_and_retries_one(app) {
        let db = &app.db;
        let w = common::world(db).await;
        jobs::enqueue(db, &NewJob { org_id: Some(w.org), kind: "test", payload: "{}".into(), run_at: 0, dedupe_key: None })
            .await
            .unwrap();
        let j = jobs::claim(db, "n", 10, 60).await.unwrap().unwrap();
        jobs::fail(db, &j, "n", 10, "550 mailbox unavailable", true).await.unwrap();
        let admin = app.login("admin@test.example").await;
        let (status, page) = admin.get("/admin/mail").await;
        assert_eq!(status, 200);
        assert!(page.contains("550 mailbox unavailable"), "the last error is shown");
        let (status, _) = admin.post(&format!("/admin/jobs/{}/retry", j.id), &[]).await;
        assert_eq!(status, 303);
        let (attempts, _, failed, _) = state(db, j.id).await;
        assert_eq!((attempts, failed), (0, None));
        // Retrying again (no longer failed) or another organisation's job is not found.
        let (status, _) = admin.post(&format!("/admin/jobs/{}/retry", j.id), &[]).await;
        assert_eq!(status, 404);
        let member = app.login("member@test.example").await;
        let (status, _) = member.get("/admin/mail").await;
        assert_eq!(status, 404, "only administrators see the queue");
    }
}
