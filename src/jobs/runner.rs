//! The worker every app node runs: claims due jobs one by one, hands each to the capability that
//! knows its kind, and records the outcome.

use std::sync::Arc;
use std::time::Duration;

use crate::db::{Db, now};
use crate::error::Result;

use super::{Job, LEASE_SECONDS};

/// What a handler reports about one run of a job.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Finished (or nothing left to do, e.g. the person has left).
    Done,
    /// Not now (quiet hours, a focus block): run again at this time, not counted as an attempt.
    Later(i64),
    /// Failed in a way that may pass (the mail server is down): retry after the backoff.
    Retry(String),
    /// Failed in a way that will not pass (an unknown kind): give up at once.
    GiveUp(String),
}

#[derive(Clone)]
pub struct Runner {
    pub db: Db,
    /// This node's name in the rows it claims.
    pub worker: String,
    pub mail: Option<Arc<crate::mail::Mailer>>,
    /// The server's secret key (a scan reminder checks who has answered; sealed LRS passwords).
    pub secret: [u8; 32],
    /// `--public-url`: the root of the activity ids in xAPI statements.
    pub public_url: Option<String>,
}

impl Runner {
    pub fn new(db: Db, mail: Option<Arc<crate::mail::Mailer>>, secret: [u8; 32], public_url: Option<String>) -> Runner {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "node".into());
        let worker = format!("{host}-{}-{:08x}", std::process::id(), rand::random::<u32>());
        let public_url = public_url.map(|u| u.trim_end_matches('/').to_string());
        Runner { db, worker, mail, secret, public_url }
    }

    /// Runs every job that is due now; returns how many runs there were.
    pub async fn run_due(&self) -> Result<usize> {
        let mut runs = 0;
        while let Some(job) = super::claim(&self.db, &self.worker, now(), LEASE_SECONDS).await? {
            runs += 1;
            // A run may never outlive its lease, or another node could start it too.
            let limit = Duration::from_secs((LEASE_SECONDS / 2) as u64);
            let outcome = match tokio::time::timeout(limit, self.handle(&job)).await {
                Ok(o) => o,
                Err(_) => Outcome::Retry("timed out".into()),
            };
            self.record(&job, outcome).await?;
        }
        Ok(runs)
    }

    async fn handle(&self, job: &Job) -> Outcome {
        match job.kind.as_str() {
            crate::mail::KIND => crate::mail::deliver(self, job).await,
            crate::mail::FAN_OUT => crate::mail::fan_out(self, job).await,
            crate::xapi::KIND => crate::xapi::deliver(self, job).await,
            other => Outcome::GiveUp(format!("unknown job kind {other}")),
        }
    }

    async fn record(&self, job: &Job, outcome: Outcome) -> Result<()> {
        let t = now();
        let kept = match &outcome {
            Outcome::Done => super::complete(&self.db, job, &self.worker, t).await?,
            Outcome::Later(at) => super::defer(&self.db, job, &self.worker, *at).await?,
            Outcome::Retry(e) => {
                let gave_up = super::fail(&self.db, job, &self.worker, t, e, false).await?;
                tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, gave_up, error = %e, "job failed");
                true
            }
            Outcome::GiveUp(e) => {
                super::fail(&self.db, job, &self.worker, t, e, true).await?;
                tracing::warn!(job = job.id, kind = %job.kind, error = %e, "job given up");
                true
            }
        };
        if !kept {
            tracing::warn!(job = job.id, "job lease lost before it was recorded; another node runs it");
        }
        Ok(())
    }

    /// Polls the queue for as long as the server runs, and plans the periodic mail and the xAPI
    /// statements every five minutes.
    pub async fn run(self) {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_plan = 0;
        let mut last_xapi = 0;
        loop {
            tick.tick().await;
            if self.mail.is_some() && now() - last_plan >= 300 {
                last_plan = now();
                if let Err(e) = crate::mail::plan(&self.db, now()).await {
                    tracing::warn!(error = %e, "planning mail failed");
                }
            }
            if self.public_url.is_some() && now() - last_xapi >= 300 {
                last_xapi = now();
                if let Err(e) = crate::xapi::plan(&self.db, now()).await {
                    tracing::warn!(error = %e, "planning xAPI statements failed");
                }
            }
            if let Err(e) = self.run_due().await {
                tracing::warn!(error = %e, "job queue round failed");
            }
        }
    }
}
