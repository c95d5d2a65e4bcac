//! Running generations: which backend serves an organisation, the bounded line in front of
//! it, and the live state of requests in progress that pages stream from.
//!
//! Model work never runs on the web server's threads: the local backend has a thread of its
//! own, the HTTP backend is plain async I/O, and every generation sits behind a
//! [`hartslag_llm::Queue`] with a limit on running and waiting requests. The line and its
//! limits are per node (per process); several nodes on one database share the requests'
//! state through `ai_requests`: each request names the node that runs it, which refreshes a
//! heartbeat every [`HEARTBEAT`] and reads there whether anyone (on any node) asked to stop
//! it. A request silent for longer than [`Limits::stale_after`] is marked interrupted by any
//! node ([`store::reap`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hartslag_llm::{Backend, LlmError, Message, OpenAiBackend, Outcome, Params, Queue, Request};
use serde::Serialize;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::prompts::{self, Example, Kind, Part, Template};
use super::settings::{self, Mode};
use super::store;
use crate::db::Db;
use crate::error::{Error, Result};

/// How often the node running a request says so in the database and reads whether to stop.
pub const HEARTBEAT: Duration = Duration::from_secs(2);

/// How long a request in progress may stay silent before another node marks it interrupted.
pub const STALE_AFTER: Duration = Duration::from_secs(30);

/// The shortest silence taken as a dead node: a few missed heartbeats, never one late write.
pub const STALE_AFTER_MIN: Duration = Duration::from_secs(3 * HEARTBEAT.as_secs());

/// Limits on model work.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Generations running at once on an HTTP backend (the local one runs one at a time).
    pub http_running: usize,
    /// Requests that may wait in a line before new ones are turned away.
    pub waiting: usize,
    /// Wall-clock limit per generation.
    pub time_limit: Duration,
    /// An upper bound on tokens per field, below each field's own (`None`: the field's own).
    pub max_tokens: Option<u32>,
    /// A request in progress without a heartbeat for this long is interrupted ([`STALE_AFTER`];
    /// at least [`STALE_AFTER_MIN`]).
    pub stale_after: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            http_running: 2,
            waiting: 8,
            time_limit: Duration::from_secs(120),
            max_tokens: None,
            stale_after: STALE_AFTER,
        }
    }
}

/// The local model, when the server was started with one.
struct Local {
    queue: Queue,
    model: String,
}

/// What a page shows of a request in progress.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LiveState {
    /// Place in line: 0 while generating.
    pub position: usize,
    /// The field being written now.
    pub field: String,
    /// The fields written so far (field, text), the current one growing.
    pub fields: Vec<(String, String)>,
    pub done: bool,
    /// "done", "cancelled", "failed" once done.
    pub status: String,
    pub error: String,
}

struct Live {
    state: watch::Sender<LiveState>,
    cancel: CancellationToken,
}

pub struct AiService {
    /// This node's id in `ai_requests.node`: random per process.
    node: String,
    local: Option<Local>,
    remote: Mutex<HashMap<i64, (String, Queue)>>,
    live: Mutex<HashMap<i64, Arc<Live>>>,
    limits: Limits,
    secret: [u8; 32],
}

/// Why the AI cannot answer for an organisation right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unavailable {
    Off,
    NoModel,
    NotAllowed,
}

impl Unavailable {
    pub fn key(self) -> &'static str {
        match self {
            Unavailable::Off => "ai-off",
            Unavailable::NoModel => "ai-no-model",
            Unavailable::NotAllowed => "ai-not-allowed",
        }
    }
}

/// Which backend answers, for the page to say so.
#[derive(Clone, Debug)]
pub struct Answerer {
    pub mode: Mode,
    pub model: String,
    /// Where text goes when it leaves the machine.
    pub external_host: Option<String>,
}

impl AiService {
    /// `local` is a loaded local backend (see `hartslag_llm::LocalBackend`), if any.
    pub fn new(local: Option<Arc<dyn Backend>>, mut limits: Limits, secret: [u8; 32]) -> AiService {
        let local = local.map(|b| {
            let model = b.describe().model;
            Local { queue: Queue::new(b, 1, limits.waiting), model }
        });
        limits.stale_after = limits.stale_after.max(STALE_AFTER_MIN);
        let node = hex::encode(rand::random::<[u8; 8]>());
        AiService { node, local, remote: Mutex::new(HashMap::new()), live: Mutex::new(HashMap::new()), limits, secret }
    }

    /// This node's id, as `ai_requests.node` names it.
    pub fn node(&self) -> &str {
        &self.node
    }

    /// How long a request in progress may stay silent before it counts as interrupted.
    pub fn stale_after(&self) -> Duration {
        self.limits.stale_after
    }

    pub fn secret(&self) -> &[u8; 32] {
        &self.secret
    }

    pub fn local_model(&self) -> Option<&str> {
        self.local.as_ref().map(|l| l.model.as_str())
    }

    /// Who would answer for this organisation, or why nobody can.
    pub async fn answerer(&self, db: &Db, org_id: i64) -> Result<std::result::Result<Answerer, Unavailable>> {
        let s = settings::load(db, org_id).await?;
        Ok(match s.mode {
            Mode::Off => Err(Unavailable::Off),
            Mode::Local => match &self.local {
                Some(l) => Ok(Answerer { mode: Mode::Local, model: l.model.clone(), external_host: None }),
                None => Err(Unavailable::NoModel),
            },
            Mode::OpenAi if !s.is_loopback() && !s.allow_external => Err(Unavailable::NotAllowed),
            Mode::OpenAi => Ok(Answerer {
                mode: Mode::OpenAi,
                model: s.model.clone(),
                external_host: (!s.is_loopback()).then(|| s.host()),
            }),
        })
    }

    /// The line that serves an organisation.
    async fn queue(&self, db: &Db, org_id: i64) -> Result<Queue> {
        let s = settings::load(db, org_id).await?;
        match s.mode {
            Mode::Off => Err(Error::conflict(Unavailable::Off.key())),
            Mode::Local => {
                self.local.as_ref().map(|l| l.queue.clone()).ok_or(Error::conflict(Unavailable::NoModel.key()))
            }
            Mode::OpenAi => {
                if !s.is_loopback() && !s.allow_external {
                    return Err(Error::conflict(Unavailable::NotAllowed.key()));
                }
                let fingerprint = format!("{}\n{}\n{}", s.base_url, s.model, s.key_sealed);
                if let Some((f, q)) = self.remote.lock().expect("ai lock").get(&org_id)
                    && *f == fingerprint
                {
                    return Ok(q.clone());
                }
                let key = if s.has_key() { Some(settings::unseal(&self.secret, &s.key_sealed)?) } else { None };
                let backend = OpenAiBackend::new(&s.base_url, s.model.clone(), key, Duration::from_secs(60))
                    .map_err(|e| Error::Internal(anyhow::anyhow!("AI backend: {e}")))?;
                let q = Queue::new(Arc::new(backend), self.limits.http_running, self.limits.waiting);
                self.remote.lock().expect("ai lock").insert(org_id, (fingerprint, q.clone()));
                Ok(q)
            }
        }
    }

    /// Starts a request of one or more steps (each one field). The first step is put in line
    /// before this returns, so a full line is an error here and now. A request that cannot
    /// start is recorded as failed, so it never shows as in progress.
    pub async fn start(self: &Arc<Self>, db: &Db, org_id: i64, request_id: i64, steps: Vec<Step>) -> Result<()> {
        let queue = match self.queue(db, org_id).await {
            Ok(q) => q,
            Err(e) => {
                let code = match &e {
                    Error::Conflict(m) => m.key.to_string(),
                    _ => "unavailable".to_string(),
                };
                store::finish(db, request_id, "failed", &code).await?;
                return Err(e);
            }
        };
        let cancel = CancellationToken::new();
        let (tx, _) = watch::channel(LiveState::default());
        let live = Arc::new(Live { state: tx, cancel: cancel.clone() });
        let mut steps = steps.into_iter();
        let Some(first) = steps.next() else {
            store::finish(db, request_id, "done", "").await?;
            return Ok(());
        };
        let first_req = first.request(&[], &self.limits);
        let ticket = match queue.submit(first_req.clone(), cancel.clone()) {
            Ok(t) => t,
            Err(LlmError::Busy) => {
                store::finish(db, request_id, "failed", "busy").await?;
                return Err(Error::conflict("ai-busy"));
            }
            Err(e) => {
                store::finish(db, request_id, "failed", "unavailable").await?;
                return Err(Error::Internal(anyhow::anyhow!("AI: {e}")));
            }
        };
        self.live.lock().expect("ai lock").insert(request_id, live.clone());
        store::claim(db, request_id, &self.node).await?;
        let me = self.clone();
        let db = db.clone();
        let rest: Vec<Step> = steps.collect();
        tokio::spawn(async move {
            let run = me.run(&db, &queue, &live, request_id, first, first_req, ticket, rest);
            tokio::pin!(run);
            // While it runs: tell the other nodes it still does, and hear whether to stop.
            let mut beat = tokio::time::interval(HEARTBEAT);
            beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut gone = false;
            let result = loop {
                tokio::select! {
                    result = &mut run => break result,
                    _ = beat.tick() => match store::heartbeat(&db, request_id, &me.node).await {
                        Ok(store::Beat::Running) => {}
                        Ok(store::Beat::CancelRequested) => live.cancel.cancel(),
                        Ok(store::Beat::Gone) => {
                            if !gone {
                                tracing::warn!(request_id, "AI request was marked interrupted elsewhere: stopping it");
                            }
                            gone = true;
                            live.cancel.cancel();
                        }
                        // The next beat tries again; other nodes wait for [`Limits::stale_after`].
                        Err(e) => tracing::warn!(request_id, error = %e, "AI heartbeat failed"),
                    },
                }
            };
            let (mut status, mut error) = match result {
                Ok(()) if live.cancel.is_cancelled() => ("cancelled".to_string(), String::new()),
                Ok(()) => ("done".to_string(), String::new()),
                Err(e) => {
                    tracing::warn!(request_id, error = %e, "AI request failed");
                    ("failed".to_string(), e)
                }
            };
            match store::finish(&db, request_id, &status, &error).await {
                Ok(true) => {}
                // It had ended already (marked interrupted): the database's word stands.
                Ok(false) => {
                    status = "failed".into();
                    error = store::INTERRUPTED.into();
                    if let Ok(r) = store::request(&db, request_id).await {
                        (status, error) = (r.status, r.error);
                    }
                }
                Err(e) => tracing::warn!(request_id, error = %e, "storing the end of an AI request failed"),
            }
            live.state.send_modify(|s| {
                s.done = true;
                s.status = status;
                s.error = error;
            });
            // Late listeners still find the end for a minute; then the database tells.
            tokio::time::sleep(Duration::from_secs(60)).await;
            me.live.lock().expect("ai lock").remove(&request_id);
        });
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn run(
        &self,
        db: &Db,
        queue: &Queue,
        live: &Live,
        request_id: i64,
        first: Step,
        first_req: Request,
        first_ticket: hartslag_llm::Ticket,
        rest: Vec<Step>,
    ) -> std::result::Result<(), String> {
        let mut written: Vec<(String, String)> = Vec::new();
        let mut next = Some((first, first_req, first_ticket));
        let mut rest = rest.into_iter();
        while let Some((step, req, mut ticket)) = next.take() {
            let field = step.kind.field().to_string();
            live.state.send_modify(|s| {
                s.field = field.clone();
                s.fields.push((field.clone(), String::new()));
            });
            // The line's sender goes away when the generation ends: then stop listening to it.
            let mut in_line = true;
            let outcome = loop {
                tokio::select! {
                    changed = ticket.position.changed(), if in_line => {
                        if changed.is_ok() {
                            let p = *ticket.position.borrow();
                            live.state.send_modify(|s| s.position = p);
                        } else {
                            in_line = false;
                        }
                    }
                    chunk = ticket.chunks.recv() => match chunk {
                        Some(c) => live.state.send_modify(|s| {
                            s.position = 0;
                            if let Some(last) = s.fields.last_mut() {
                                last.1.push_str(&c);
                            }
                        }),
                        None => break ticket.done.await,
                    },
                }
            };
            let outcome: Outcome = match outcome {
                Ok(Ok(o)) => o,
                Ok(Err(e)) => return Err(e.to_string()),
                Err(_) => return Err("the generation ended without an answer".into()),
            };
            let user = req.messages.last().map(|m| m.content.as_str()).unwrap_or_default();
            let text = prompts::clean_answer(&outcome.text, user);
            // A field stopped before it had words is no field: nothing stored, no provenance.
            if text.is_empty() && live.cancel.is_cancelled() {
                live.state.send_modify(|s| {
                    s.fields.pop();
                });
                return Ok(());
            }
            let own: String = step.parts.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");
            let leans = prompts::leaning(&text, &own, &step.examples);
            store::add_output(db, request_id, &field, &text, &step.template, &req, &outcome, &leans)
                .await
                .map_err(|e| e.to_string())?;
            live.state.send_modify(|s| {
                if let Some(last) = s.fields.last_mut() {
                    last.1 = text.clone();
                }
            });
            written.push((step.label_for_next.clone(), text));
            if live.cancel.is_cancelled() {
                return Ok(());
            }
            if let Some(step) = rest.next() {
                let req = step.request(&written, &self.limits);
                let mut tries = 0;
                let ticket = loop {
                    match queue.submit(req.clone(), live.cancel.clone()) {
                        Ok(t) => break t,
                        Err(LlmError::Busy) if tries < 60 => {
                            tries += 1;
                            tokio::time::sleep(Duration::from_secs(1)).await;
                        }
                        Err(e) => return Err(e.to_string()),
                    }
                };
                next = Some((step, req, ticket));
            }
        }
        Ok(())
    }

    /// Stops a request in progress on this node; true when there was one. Other nodes hear of
    /// a stop through [`store::request_cancel`] and their heartbeat.
    pub fn cancel(&self, request_id: i64) -> bool {
        match self.live.lock().expect("ai lock").get(&request_id) {
            Some(l) => {
                l.cancel.cancel();
                true
            }
            None => false,
        }
    }

    /// The live state of a request in progress on this server.
    pub fn watch(&self, request_id: i64) -> Option<watch::Receiver<LiveState>> {
        self.live.lock().expect("ai lock").get(&request_id).map(|l| l.state.subscribe())
    }

    /// Waits until a request in progress is done (or the time is up): on this node through its
    /// live state, on another by reading the database twice a second.
    pub async fn wait(&self, db: &Db, request_id: i64, limit: Duration) {
        if let Some(mut rx) = self.watch(request_id) {
            let _ = tokio::time::timeout(limit, rx.wait_for(|s| s.done)).await;
            return;
        }
        let poll = async {
            loop {
                match store::status(db, request_id).await {
                    Ok(s) if s == "queued" || s == "running" => {}
                    _ => return,
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        };
        let _ = tokio::time::timeout(limit, poll).await;
    }

    /// One short generation outside any request, for `hartslag ai test`.
    pub async fn probe(&self, db: &Db, org_id: i64, lang: crate::web::Lang) -> Result<Outcome> {
        let queue = self.queue(db, org_id).await?;
        let t = prompts::builtin(Kind::DraftTitle, lang);
        let step = Step {
            kind: Kind::DraftTitle,
            template: t,
            parts: vec![Part {
                label: "Werksituatie".into(),
                text: "Bij de overdracht van de avond- naar de nachtdienst missen we vaak wie er die dag gevallen is."
                    .into(),
            }],
            label_for_next: String::new(),
            examples: Vec::new(),
        };
        let ticket = queue
            .submit(step.request(&[], &self.limits), CancellationToken::new())
            .map_err(|e| Error::Internal(anyhow::anyhow!("AI: {e}")))?;
        ticket.outcome().await.map_err(|e| Error::Internal(anyhow::anyhow!("AI: {e}")))
    }
}

/// One generation of a request: a template and the material it works on.
pub struct Step {
    pub kind: Kind,
    pub template: Template,
    pub parts: Vec<Part>,
    /// How this step's answer is named in the material of the next steps ("Titel").
    pub label_for_next: String,
    /// Earlier proposals to learn from, kept apart from the group's own material.
    pub examples: Vec<Example>,
}

impl Step {
    fn request(&self, written: &[(String, String)], limits: &Limits) -> Request {
        let mut parts = self.parts.clone();
        for (label, text) in written {
            parts.push(Part { label: label.clone(), text: text.clone() });
        }
        let (system, user) = prompts::messages(&self.template, &parts, &self.examples);
        let params = Params {
            max_tokens: limits.max_tokens.map_or(self.kind.max_tokens(), |cap| cap.min(self.kind.max_tokens())),
            temperature: 0.3,
            top_p: 0.9,
            repeat_penalty: 1.15,
            seed: 42,
            time_limit: limits.time_limit,
            stop: Vec::new(),
        };
        Request::new(vec![Message::system(system), Message::user(user)], params)
    }
}
