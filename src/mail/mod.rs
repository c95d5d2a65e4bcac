//! Calm e-mail over SMTP: an invitation to a circle, one reminder before a session, a weekly
//! digest (opt-out), and scan invitations and reminders. Nothing else.
//!
//! Every message is a job in the durable queue ([`crate::jobs`]), written when it is sent — in
//! the recipient's language and with what is true at that moment (a session that was cancelled
//! meanwhile is not announced). No mail leaves in the organisation's quiet hours or focus
//! blocks: such a job waits for the next moment that is free. Messages are plain text.

pub mod quiet;
mod render;
mod routes;
mod store;

pub use routes::routes;
pub(crate) use store::{Recipient, recipient};
pub use store::{digest_on, set_digest, set_language};

use chrono::{Datelike, Duration, Local, NaiveDateTime, TimeZone};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};

use crate::db::{Db, now};
use crate::error::Result;
use crate::jobs::{self, Job, NewJob, Outcome, Runner};

/// The job kind of one message to one person.
pub const KIND: &str = "mail";
/// The job kind that writes one message job per person of a scan's population.
pub const FAN_OUT: &str = "mail-fan-out";

/// Where mail goes out, from whom, and the address links in it point to.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// `smtp://host:port` (no TLS), `smtp://user:pass@host:587?tls=required` (STARTTLS) or
    /// `smtps://user:pass@host:465`.
    pub smtp_url: String,
    /// The sender, e.g. `Hartslag <hartslag@example.org>`.
    pub from: String,
    /// The address people open Hartslag at, e.g. `https://hartslag.example.org`.
    pub public_url: String,
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
}

impl Mailer {
    pub fn new(cfg: &MailConfig) -> anyhow::Result<Mailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&cfg.smtp_url)
            .map_err(|e| anyhow::anyhow!("--smtp-url: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(30)))
            .build();
        let from: Mailbox = cfg.from.parse().map_err(|e| anyhow::anyhow!("--mail-from: {e}"))?;
        Ok(Mailer { transport, from, public_url: cfg.public_url.trim_end_matches('/').to_string() })
    }

    fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }
}

/// One message, as the job remembers it: who, and what about. The text is written at sending.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "mail", rename_all = "kebab-case")]
pub enum Mail {
    CircleInvitation { person: i64, circle: i64, by: i64 },
    SessionReminder { person: i64, session: i64 },
    Digest { person: i64, week: String },
    ScanInvitation { person: i64, run: i64 },
    ScanReminder { person: i64, run: i64 },
}

impl Mail {
    fn person(&self) -> i64 {
        match self {
            Mail::CircleInvitation { person, .. }
            | Mail::SessionReminder { person, .. }
            | Mail::Digest { person, .. }
            | Mail::ScanInvitation { person, .. }
            | Mail::ScanReminder { person, .. } => *person,
        }
    }
}

/// A fan-out over a scan's population.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct FanOut {
    run: i64,
    /// 0 for the invitation, 1 and 2 for the reminders.
    round: i64,
}

async fn enqueue(db: &Db, org_id: i64, mail: &Mail, key: String, at: i64) -> Result<bool> {
    let run_at = quiet::next_free(db, org_id, at).await?;
    jobs::enqueue(
        db,
        &NewJob {
            org_id: Some(org_id),
            kind: KIND,
            payload: serde_json::to_string(mail).map_err(|e| crate::error::Error::Internal(e.into()))?,
            run_at,
            dedupe_key: Some(key),
        },
    )
    .await
}

/// A colleague invited `person` to a circle.
pub async fn circle_invitation(db: &Db, org_id: i64, circle: i64, person: i64, by: i64) -> Result<()> {
    // One per invitation moment: inviting again after a decline mails again, a double click does not.
    let key = format!("circle-invitation:{circle}:{person}:{}", now() / 600);
    enqueue(db, org_id, &Mail::CircleInvitation { person, circle, by }, key, now()).await?;
    Ok(())
}

/// A scan opened (today, or on its opening day): one invitation per person of its population.
pub async fn scan_invitations(db: &Db, org_id: i64, run: i64, opens_at: i64) -> Result<()> {
    fan_out_job(db, org_id, FanOut { run, round: 0 }, opens_at).await
}

/// L&D sent reminder `round` (1 or 2): mail for whoever has not answered when it is sent.
pub async fn scan_reminders(db: &Db, org_id: i64, run: i64, round: i64) -> Result<()> {
    fan_out_job(db, org_id, FanOut { run, round }, now()).await
}

async fn fan_out_job(db: &Db, org_id: i64, f: FanOut, at: i64) -> Result<()> {
    jobs::enqueue(
        db,
        &NewJob {
            org_id: Some(org_id),
            kind: FAN_OUT,
            payload: serde_json::to_string(&f).map_err(|e| crate::error::Error::Internal(e.into()))?,
            run_at: at,
            dedupe_key: Some(format!("scan-fan-out:{}:{}", f.run, f.round)),
        },
    )
    .await?;
    Ok(())
}

/// Writes one message job per person of the scan's population.
pub async fn fan_out(runner: &Runner, job: &Job) -> Outcome {
    let Ok(f) = serde_json::from_str::<FanOut>(&job.payload) else {
        return Outcome::GiveUp("unreadable fan-out".into());
    };
    let db = &runner.db;
    let result: Result<()> = async {
        let Some(org_id) = job.org_id else { return Ok(()) };
        let Some(run) = crate::scans::store::run(db, org_id, f.run).await? else { return Ok(()) };
        if run.closed_at.is_some() {
            return Ok(());
        }
        let people = crate::scans::store::population_people(db, &run).await?;
        let at = quiet::next_free(db, org_id, now()).await?;
        let mut out = Vec::with_capacity(people.len());
        for person in people {
            let (mail, key) = if f.round == 0 {
                (Mail::ScanInvitation { person, run: run.id }, format!("scan-invitation:{}:{person}", run.id))
            } else {
                (Mail::ScanReminder { person, run: run.id }, format!("scan-reminder:{}:{}:{person}", run.id, f.round))
            };
            out.push(NewJob {
                org_id: Some(org_id),
                kind: KIND,
                payload: serde_json::to_string(&mail).map_err(|e| crate::error::Error::Internal(e.into()))?,
                run_at: at,
                dedupe_key: Some(key),
            });
        }
        jobs::enqueue_many(db, &out).await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Outcome::Done,
        Err(e) => Outcome::Retry(e.to_string()),
    }
}

/// Plans the mail that follows the clock: one reminder a day before each session, and the weekly
/// digest on Monday. Idempotent (dedupe keys), so every node may run it.
pub async fn plan(db: &Db, t: i64) -> Result<()> {
    plan_reminders(db, t).await?;
    plan_digest(db, t).await
}

/// One reminder per person a day before each session that starts within the next 25 hours.
pub async fn plan_reminders(db: &Db, t: i64) -> Result<()> {
    let local = Local.timestamp_opt(t, 0).single().unwrap_or_else(Local::now);
    let from = local.naive_local().format("%Y-%m-%dT%H:%M").to_string();
    let until = (local.naive_local() + Duration::hours(25)).format("%Y-%m-%dT%H:%M").to_string();
    let rows = store::due_reminders(db, &from, &until).await?;
    // One look at each organisation's quiet hours per round, not one per reminder.
    let mut quiet_of: std::collections::HashMap<i64, quiet::Quiet> = std::collections::HashMap::new();
    for &store::Due { session, person, org_id, ref starts_at } in &rows {
        let Some(start) = local_ts(starts_at) else { continue };
        // A day ahead; if quiet hours push it to within an hour of the session, it is not sent.
        let q = match quiet_of.entry(org_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(quiet::load(db, org_id).await?),
        };
        let at = q.next_free((start - 86_400).max(t));
        if at > start - 3600 {
            continue;
        }
        let mail = Mail::SessionReminder { person, session };
        jobs::enqueue(
            db,
            &NewJob {
                org_id: Some(org_id),
                kind: KIND,
                payload: serde_json::to_string(&mail).map_err(|e| crate::error::Error::Internal(e.into()))?,
                run_at: at,
                dedupe_key: Some(format!("session-reminder:{session}:{person}")),
            },
        )
        .await?;
    }
    Ok(())
}

/// The weekly digest, from Monday morning on, once per person and week.
pub async fn plan_digest(db: &Db, t: i64) -> Result<()> {
    let local = Local.timestamp_opt(t, 0).single().unwrap_or_else(Local::now);
    if local.weekday() == chrono::Weekday::Mon {
        let week = crate::cycles::monday_of(local.date_naive()).to_string();
        let people = store::digest_due(db, &week).await?;
        let mut out = Vec::with_capacity(people.len());
        let mut free: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
        for &(person, org_id) in &people {
            let mail = Mail::Digest { person, week: week.clone() };
            let run_at = match free.get(&org_id) {
                Some(at) => *at,
                None => {
                    let at = quiet::next_free(db, org_id, t).await?;
                    free.insert(org_id, at);
                    at
                }
            };
            out.push(NewJob {
                org_id: Some(org_id),
                kind: KIND,
                payload: serde_json::to_string(&mail).map_err(|e| crate::error::Error::Internal(e.into()))?,
                run_at,
                dedupe_key: Some(format!("digest:{week}:{person}")),
            });
        }
        jobs::enqueue_many(db, &out).await?;
    }
    Ok(())
}

/// A stored local time (`2026-11-24T09:00`) as Unix seconds.
pub fn local_ts(s: &str) -> Option<i64> {
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").ok()?;
    Local.from_local_datetime(&naive).earliest().map(|d| d.timestamp())
}

/// Sends one message job: written now, in the recipient's language, unless it is quiet time.
pub async fn deliver(runner: &Runner, job: &Job) -> Outcome {
    let Some(mailer) = &runner.mail else {
        return Outcome::Retry("no SMTP server configured".into());
    };
    let Ok(mail) = serde_json::from_str::<Mail>(&job.payload) else {
        return Outcome::GiveUp("unreadable mail job".into());
    };
    let db = &runner.db;
    let person = match recipient(db, mail.person()).await {
        Ok(Some(p)) => p,
        Ok(None) => return Outcome::Done, // left, or erased: nothing to send
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let t = now();
    match quiet::next_free(db, person.org_id, t).await {
        Ok(free) if free > t => return Outcome::Later(free),
        Ok(_) => {}
        Err(e) => return Outcome::Retry(e.to_string()),
    }
    let text = match render::render(db, &runner.secret, mailer, &person, &mail).await {
        Ok(Some(text)) => text,
        Ok(None) => return Outcome::Done, // no longer true (cancelled, answered, closed)
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let to: Mailbox = match format!("{} <{}>", person.name.replace(['<', '>', '"'], ""), person.email).parse() {
        Ok(m) => m,
        Err(e) => return Outcome::GiveUp(format!("address: {e}")),
    };
    let domain = mailer.from.email.domain().to_string();
    let message = Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(text.subject)
        .message_id(Some(format!("<hartslag.job-{}@{domain}>", job.id)))
        .header(ContentType::TEXT_PLAIN)
        .body(text.body);
    let message = match message {
        Ok(m) => m,
        Err(e) => return Outcome::GiveUp(format!("message: {e}")),
    };
    match mailer.transport.send(message).await {
        Ok(_) => Outcome::Done,
        Err(e) if e.is_permanent() => Outcome::GiveUp(e.to_string()),
        Err(e) => Outcome::Retry(e.to_string()),
    }
}
