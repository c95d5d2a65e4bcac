//! Hartslag: learning while working (lerend werken) in Prof-cirkels.
//!
//! One folder per capability — `circles`, `cycles`, `situations`, `proposals`,
//! `reflections`, `framework`, `orgs`, `home` — each with its store queries, routes and
//! templates. Cross-cutting rooms stay few: `app` (the router, assembled at the top), `db` (one
//! way to query SQLite or PostgreSQL), `web` (layout, i18n, forms, errors), `auth` (who is asking), `policy` (who may see
//! what), `error` (the one error type), `api` (the JSON face) and `demo` (the demo world).

pub mod ai;
pub mod api;
pub mod app;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod circles;
pub mod cockpit;
pub mod conversations;
pub mod cycles;
pub mod db;
pub mod demo;
pub mod error;
pub mod framework;
pub mod home;
pub mod impact;
pub mod jobs;
pub mod learning_time;
pub mod mail;
pub mod orgs;
pub mod paths;
pub mod policy;
pub mod privacy;
pub mod proposals;
pub mod provisioning;
pub mod reflections;
pub mod rights;
pub mod scans;
pub mod scim;
pub mod situations;
pub mod sso;
pub mod web;
pub mod xapi;

use std::sync::Arc;

/// Builds the application for a database.
/// The application with no local model and a fresh secret key (tests; see [`app_with_ai`]).
pub fn app(db: db::Db, config: web::Config) -> axum::Router {
    let ai = ai::AiService::new(None, ai::Limits::default(), rand::random());
    app_with_ai(db, config, Arc::new(ai))
}

pub fn app_with_ai(db: db::Db, config: web::Config, ai: Arc<ai::AiService>) -> axum::Router {
    app::router(web::AppState { db, config: Arc::new(config), ai, tallies: Default::default() })
}

/// Serves until Ctrl-C or SIGTERM. Every node also works the job queue (mail, when an SMTP
/// server is configured).
pub async fn serve(
    db: db::Db,
    mut config: web::Config,
    ai: Arc<ai::AiService>,
    listen: &str,
    mail: Option<mail::MailConfig>,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    tracing::info!("Hartslag listening on http://{}", listener.local_addr()?);
    let mailer = match &mail {
        Some(m) => Some(Arc::new(mail::Mailer::new(m)?)),
        None => None,
    };
    config.mail = mailer.is_some();
    tokio::spawn(jobs::Runner::new(db.clone(), mailer, *ai.secret(), config.public_url.clone()).run());
    tracing::info!(node = ai.node(), "AI requests of this node carry this id");
    tokio::spawn(housekeeping(db.clone(), ai.stale_after()));
    axum::serve(listener, app_with_ai(db, config, ai)).with_graceful_shutdown(shutdown()).await?;
    Ok(())
}

/// Work that runs on its own while the server is up. Every hour: each organisation's retention
/// periods are applied, cockpit figures older than an hour are computed again, and scans past
/// their closing date are closed. In between, every third of `ai_stale` (2 to 10 s), AI
/// requests whose node went silent are marked interrupted, so a node that dies mid-generation
/// leaves nothing "in progress" for longer than the bound and a little.
async fn housekeeping(db: db::Db, ai_stale: std::time::Duration) {
    use std::time::Duration;
    let every = (ai_stale / 3).clamp(Duration::from_secs(2), Duration::from_secs(10));
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_round: Option<tokio::time::Instant> = None;
    loop {
        tick.tick().await;
        if last_round.is_none_or(|t| t.elapsed() >= Duration::from_secs(3600)) {
            last_round = Some(tokio::time::Instant::now());
            if let Err(e) = housekeeping_round(&db, ai_stale).await {
                tracing::warn!(error = %e, "housekeeping round failed");
            }
        } else if let Err(e) = ai::store::reap(&db, db::now(), ai_stale).await {
            tracing::warn!(error = %e, "marking silent AI requests interrupted failed");
        }
    }
}

async fn housekeeping_round(db: &db::Db, ai_stale: std::time::Duration) -> error::Result<()> {
    ai::store::reap(db, db::now(), ai_stale).await?;
    for org_id in orgs::store::all(db).await?.into_iter().map(|o| o.id) {
        let removed = rights::store::apply_retention(db, org_id, &web::Lang::Nl.t("former-member")).await?;
        if removed != rights::store::Removed::default() {
            tracing::info!(org_id, notes = removed.notes, people = removed.people, "retention applied");
        }
    }
    for org_id in cockpit::store::stale_orgs(db, db::now() - 3600).await? {
        cockpit::refresh::refresh(db, org_id).await?;
    }
    auth::throttle::prune(db, db::now()).await?;
    // Scans past their closing date keep their aggregates and forget who answered.
    let closed = scans::store::close_due(db, chrono::Local::now().date_naive()).await?;
    if closed > 0 {
        tracing::info!(closed, "scan runs closed");
    }
    // Runs closed before their reports were published once (an upgrade) are published now.
    scans::store::publish_pending(db).await?;
    // Finished jobs are kept a month (their dedupe keys hold that long), then forgotten.
    jobs::prune(db, db::now(), 30).await?;
    // An HR file that was never applied is not kept longer than a day.
    provisioning::forget_unapplied(db, db::now() - 86_400).await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
