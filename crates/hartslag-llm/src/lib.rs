//! Language-model inference for Hartslag behind one small async API.
//!
//! * [`LocalBackend`] (cargo feature `local`): a GGUF model loaded from disk and run in-process on the CPU
//!   with llama.cpp (through the `llama-cpp-2` crate), on a dedicated thread.
//! * [`OpenAiBackend`] (always compiled): any server that speaks the OpenAI chat-completions protocol with
//!   server-sent events (Ollama, vLLM, llama.cpp's server, LM Studio, Mistral, …).
//! * [`Queue`]: a bounded line in front of a backend: at most N run, at most M wait, each waiting request sees
//!   its place in line.
//!
//! Every finished generation returns an [`Outcome`] with its text and provenance (backend, model, whether the
//! text left the machine, token counts, timings, finish reason and the sampling parameters used).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

mod error;
#[cfg(feature = "local")]
mod local;
mod openai;
mod queue;
pub mod sse;
mod text;

pub use error::LlmError;
#[cfg(feature = "local")]
pub use local::LocalBackend;
pub use openai::{OpenAiBackend, endpoint};
pub use queue::{Queue, Ticket};
pub use tokio_util::sync::CancellationToken as Cancel;

/// Who wrote a message of a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
}

impl Role {
    /// The role's name in chat templates and in the OpenAI protocol.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
        }
    }
}

/// One message of a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

impl Message {
    pub fn system(content: impl Into<String>) -> Self {
        Message { role: Role::System, content: content.into() }
    }
    pub fn user(content: impl Into<String>) -> Self {
        Message { role: Role::User, content: content.into() }
    }
    pub fn assistant(content: impl Into<String>) -> Self {
        Message { role: Role::Assistant, content: content.into() }
    }
}

/// Sampling parameters and limits of one generation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// At most this many generated tokens (then [`Finish::Length`]).
    pub max_tokens: u32,
    /// 0 = greedy (always the most likely token).
    pub temperature: f32,
    /// Nucleus sampling: keep the smallest set of tokens whose probabilities add up to this (1 = off).
    pub top_p: f32,
    /// Penalty on tokens of the last 64 (1 = off). The HTTP backend sends it only when asked to, see
    /// [`OpenAiBackend::send_repeat_penalty`].
    pub repeat_penalty: f32,
    /// Seed of the random sampler: the same request, seed and model give the same text (locally).
    pub seed: u32,
    /// Wall-clock limit of the whole generation (then [`Finish::TimeLimit`]).
    #[serde(with = "duration_ms", rename = "time_limit_ms")]
    pub time_limit: Duration,
    /// The generation stops before the first of these strings; the string itself is not part of the text.
    pub stop: Vec<String>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            max_tokens: 512,
            temperature: 0.7,
            top_p: 0.9,
            repeat_penalty: 1.1,
            seed: 42,
            time_limit: Duration::from_secs(120),
            stop: Vec::new(),
        }
    }
}

/// A conversation to continue, and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub messages: Vec<Message>,
    pub params: Params,
}

impl Request {
    pub fn new(messages: Vec<Message>, params: Params) -> Self {
        Request { messages, params }
    }

    /// Hex SHA-256 over the canonical form of the request (messages and parameters): the same request gives
    /// the same hash in every version of this crate, so it can be stored beside an outcome.
    ///
    /// The canonical form is the compact JSON
    /// `{"messages":[{"role":"user","content":"…"},…],"params":{"max_tokens":…,"temperature":…,"top_p":…,
    /// "repeat_penalty":…,"seed":…,"time_limit_ms":…,"stop":[…]}}` with the keys in exactly that order.
    pub fn input_hash(&self) -> String {
        input_hash(self)
    }
}

/// See [`Request::input_hash`].
pub fn input_hash(req: &Request) -> String {
    // Spelled out (not the derived Serialize) so that the hash stays put if the types gain fields.
    #[derive(Serialize)]
    struct M<'a> {
        role: &'static str,
        content: &'a str,
    }
    #[derive(Serialize)]
    struct P<'a> {
        max_tokens: u32,
        temperature: f32,
        top_p: f32,
        repeat_penalty: f32,
        seed: u32,
        time_limit_ms: u64,
        stop: &'a [String],
    }
    #[derive(Serialize)]
    struct C<'a> {
        messages: Vec<M<'a>>,
        params: P<'a>,
    }
    let p = &req.params;
    let canonical = C {
        messages: req.messages.iter().map(|m| M { role: m.role.as_str(), content: &m.content }).collect(),
        params: P {
            max_tokens: p.max_tokens,
            temperature: p.temperature,
            top_p: p.top_p,
            repeat_penalty: p.repeat_penalty,
            seed: p.seed,
            time_limit_ms: duration_ms::millis(p.time_limit),
            stop: &p.stop,
        },
    };
    let json = serde_json::to_vec(&canonical).expect("serialising plain data cannot fail");
    hex::encode(Sha256::digest(&json))
}

/// Why a generation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Finish {
    /// The model ended its answer (end-of-generation token, or a stop string).
    Stop,
    /// [`Params::max_tokens`] reached, or the model's context is full.
    Length,
    /// [`Params::time_limit`] reached.
    TimeLimit,
    /// The cancellation token was cancelled (also while waiting in a [`Queue`]).
    Cancelled,
}

impl Finish {
    pub fn as_str(self) -> &'static str {
        match self {
            Finish::Stop => "stop",
            Finish::Length => "length",
            Finish::TimeLimit => "time_limit",
            Finish::Cancelled => "cancelled",
        }
    }
}

/// What a backend is: its kind, its model, and whether text sent to it leaves the machine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BackendInfo {
    /// "local" or "openai".
    pub kind: &'static str,
    /// Local: the GGUF `general.name`, else the file name. HTTP: the configured model string.
    pub model: String,
    /// HTTP to a host other than a loopback address.
    pub left_machine: bool,
}

/// A finished generation with its provenance. Serialize only (its `backend` is a `&'static str`): store its
/// fields, or its JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// The whole generated text (equal to the concatenation of the streamed chunks).
    pub text: String,
    /// "local" or "openai".
    pub backend: &'static str,
    /// Local: the GGUF `general.name`, else the file name. HTTP: the model string the server reports.
    pub model: String,
    /// Whether the request's text left this machine.
    pub left_machine: bool,
    /// Tokens of the templated prompt (HTTP: as reported by the server; 0 if it reports no usage).
    pub prompt_tokens: u32,
    /// Generated tokens (HTTP: as reported by the server; else the number of content deltas).
    pub completion_tokens: u32,
    /// From the start of the generation to the first piece of text, in ms (rounded up; 0 if none came).
    pub first_token_ms: u64,
    /// From the start of the generation to its end, in ms (rounded up).
    pub total_ms: u64,
    /// Generation speed after the first token: (completion_tokens - 1) / (total - first token time).
    pub tokens_per_second: f64,
    pub finish: Finish,
    /// The sampling parameters used.
    pub params: Params,
}

impl Outcome {
    /// An outcome without text: the request was cancelled before it ran.
    pub fn cancelled(info: &BackendInfo, params: Params) -> Self {
        Outcome {
            text: String::new(),
            backend: info.kind,
            model: info.model.clone(),
            left_machine: info.left_machine,
            prompt_tokens: 0,
            completion_tokens: 0,
            first_token_ms: 0,
            total_ms: 0,
            tokens_per_second: 0.0,
            finish: Finish::Cancelled,
            params,
        }
    }
}

/// Where the chunks of text go while they are generated.
pub type Chunks = mpsc::UnboundedSender<String>;

/// A way to run generations. Hold it as `Arc<dyn Backend>`.
#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    /// Kind, model and whether text leaves the machine.
    fn describe(&self) -> BackendInfo;

    /// Runs one generation, sending the text out in pieces on `chunks` as it comes (a closed receiver is no
    /// error: the generation goes on). Cancelling `cancel` ends it promptly with [`Finish::Cancelled`].
    async fn generate(&self, req: Request, chunks: Chunks, cancel: CancellationToken) -> Result<Outcome, LlmError>;
}

/// Timing helper shared by the backends.
pub(crate) struct Clock {
    start: std::time::Instant,
    first: Option<Duration>,
}

impl Clock {
    pub(crate) fn start() -> Self {
        Clock { start: std::time::Instant::now(), first: None }
    }
    /// Marks the first piece of text (once).
    pub(crate) fn mark_first(&mut self) {
        if self.first.is_none() {
            self.first = Some(self.start.elapsed());
        }
    }
    /// (first_token_ms, total_ms, tokens_per_second)
    pub(crate) fn finish(&self, completion_tokens: u32) -> (u64, u64, f64) {
        let total = self.start.elapsed();
        let first = self.first.unwrap_or_default();
        let rate = match self.first {
            Some(first) if completion_tokens > 1 && total > first => {
                f64::from(completion_tokens - 1) / (total - first).as_secs_f64()
            }
            _ => 0.0,
        };
        (ceil_ms(first), ceil_ms(total), rate)
    }
}

fn ceil_ms(d: Duration) -> u64 {
    u64::try_from(d.as_micros().div_ceil(1000)).unwrap_or(u64::MAX)
}

mod duration_ms {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn millis(d: Duration) -> u64 {
        u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
    }
    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(millis(*d))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        Ok(Duration::from_millis(u64::deserialize(d)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Request {
        Request::new(
            vec![Message::system("Je bent een coach."), Message::user("Wat is lerend werken? ✨")],
            Params { stop: vec!["\n\n".into()], ..Params::default() },
        )
    }

    #[test]
    fn input_hash_is_stable() {
        let req = sample();
        // Fixed value (checked with Python: json.dumps(…, separators=(",", ":"), ensure_ascii=False) and
        // hashlib.sha256): if this changes, stored hashes no longer match their requests.
        assert_eq!(req.input_hash(), "f6e6a158aee892bfb6254f6367cf3f768c40e0ceee30c5e40f33d28e00a7576f");
        assert_eq!(req.input_hash(), sample().input_hash());
        assert_eq!(req.input_hash().len(), 64);
    }

    #[test]
    fn input_hash_sees_every_field() {
        let base = sample().input_hash();
        type Change = Box<dyn Fn(&mut Request)>;
        let changes: Vec<Change> = vec![
            Box::new(|r| r.messages[1].content.push(' ')),
            Box::new(|r| r.messages[0].role = Role::User),
            Box::new(|r| r.messages.push(Message::assistant(""))),
            Box::new(|r| r.params.max_tokens += 1),
            Box::new(|r| r.params.temperature = 0.0),
            Box::new(|r| r.params.top_p = 1.0),
            Box::new(|r| r.params.repeat_penalty = 1.0),
            Box::new(|r| r.params.seed += 1),
            Box::new(|r| r.params.time_limit += Duration::from_millis(1)),
            Box::new(|r| r.params.stop.clear()),
        ];
        for (i, change) in changes.iter().enumerate() {
            let mut r = sample();
            change(&mut r);
            assert_ne!(r.input_hash(), base, "change {i} did not change the hash");
        }
    }

    #[test]
    fn params_round_trip_as_json() {
        let p = Params::default();
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains("\"time_limit_ms\":120000"), "{json}");
        assert_eq!(serde_json::from_str::<Params>(&json).unwrap(), p);
    }
}
