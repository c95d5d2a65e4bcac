//! In-process inference with llama.cpp on the CPU (cargo feature `local`).
//!
//! One thread per [`LocalBackend`] owns the model and its context for the backend's whole life and runs the
//! generations one after the other; the async side only hands it jobs and waits for the answer, so no
//! generation ever runs on the async runtime's threads.

use std::num::NonZeroU32;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, mpsc as std_mpsc};
use std::time::Instant;

use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::{LlamaChatMessage, LlamaChatTemplate, LlamaModel};
use llama_cpp_2::sampling::LlamaSampler;
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;

use crate::text::{StopFilter, Utf8Decoder};
use crate::{Backend, BackendInfo, Chunks, Clock, Finish, LlmError, Outcome, Params, Request};

/// Tokens of the past that the repeat penalty looks at.
const PENALTY_LAST_N: i32 = 64;
/// Fixed parts of the sampler chain (as llama.cpp's own defaults).
const TOP_K: i32 = 40;
const MIN_P: f32 = 0.05;

/// llama.cpp's backend may be initialised once per process: every LocalBackend shares this one.
fn llama() -> Result<&'static LlamaBackend, LlmError> {
    static BACKEND: OnceLock<Result<LlamaBackend, String>> = OnceLock::new();
    BACKEND
        .get_or_init(|| {
            // llama.cpp's own log lines go to `tracing` (target "llama_cpp_2"), not to stderr.
            llama_cpp_2::send_logs_to_tracing(llama_cpp_2::LogOptions::default());
            LlamaBackend::init().map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| LlmError::ModelLoad(format!("llama.cpp could not start: {e}")))
}

struct Job {
    req: Request,
    chunks: Chunks,
    cancel: CancellationToken,
    reply: oneshot::Sender<Result<Outcome, LlmError>>,
}

/// A GGUF model loaded once and run in-process on the CPU. Generations run one at a time on the backend's own
/// thread (put a [`crate::Queue`] with `max_running = 1` in front of it).
pub struct LocalBackend {
    jobs: Mutex<std_mpsc::Sender<Job>>,
    info: BackendInfo,
    context_len: u32,
    path: PathBuf,
}

impl std::fmt::Debug for LocalBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalBackend")
            .field("path", &self.path)
            .field("model", &self.info.model)
            .field("context_len", &self.context_len)
            .finish()
    }
}

impl LocalBackend {
    /// Loads the model and starts its thread. `n_threads`: CPU threads for llama.cpp (0 = all cores but one, at
    /// least 1: llama.cpp's threads wait for each other after every step, so when any of them must share its
    /// core with other work, such as the web app, generation slows down many times over);
    /// `context_len`: tokens of prompt plus answer (0 = the model's training length, at most 4096).
    ///
    /// Blocks while the model loads (a second for a small model, longer for big ones): from async code use
    /// [`LocalBackend::load_async`].
    pub fn load(path: impl AsRef<Path>, n_threads: usize, context_len: u32) -> Result<Self, LlmError> {
        let path = path.as_ref().to_path_buf();
        if !path.is_file() {
            return Err(LlmError::ModelLoad(format!("no model file at {}", path.display())));
        }
        llama()?;
        let n_threads = match n_threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1)),
            n => n,
        };
        let n_threads = i32::try_from(n_threads).unwrap_or(i32::MAX);
        let (init_tx, init_rx) = std_mpsc::sync_channel(1);
        let (jobs_tx, jobs_rx) = std_mpsc::channel::<Job>();
        let thread_path = path.clone();
        std::thread::Builder::new()
            .name("hartslag-llm-local".into())
            .spawn(move || worker(&thread_path, n_threads, context_len, init_tx, jobs_rx))
            .map_err(|e| LlmError::ModelLoad(format!("could not start the model's thread: {e}")))?;
        let (info, context_len) =
            init_rx.recv().map_err(|_| LlmError::ModelLoad("the model's thread stopped while loading".into()))??;
        tracing::info!(model = %info.model, path = %path.display(), context_len, n_threads, "local model loaded");
        Ok(LocalBackend { jobs: Mutex::new(jobs_tx), info, context_len, path })
    }

    /// [`LocalBackend::load`] on a blocking thread of the Tokio runtime.
    pub async fn load_async(path: impl Into<PathBuf>, n_threads: usize, context_len: u32) -> Result<Self, LlmError> {
        let path = path.into();
        tokio::task::spawn_blocking(move || Self::load(path, n_threads, context_len))
            .await
            .map_err(|e| LlmError::ModelLoad(format!("loading panicked: {e}")))?
    }

    /// Tokens of prompt plus answer that fit.
    pub fn context_len(&self) -> u32 {
        self.context_len
    }
}

#[async_trait::async_trait]
impl Backend for LocalBackend {
    fn describe(&self) -> BackendInfo {
        self.info.clone()
    }

    async fn generate(&self, req: Request, chunks: Chunks, cancel: CancellationToken) -> Result<Outcome, LlmError> {
        let (reply, answer) = oneshot::channel();
        let job = Job { req, chunks, cancel, reply };
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(job)
            .map_err(|_| LlmError::Generation("the local model's thread has stopped".into()))?;
        answer.await.unwrap_or_else(|_| Err(LlmError::Generation("the local model's thread has stopped".into())))
    }
}

type Init = Result<(BackendInfo, u32), LlmError>;

fn worker(
    path: &Path,
    n_threads: i32,
    context_len: u32,
    init: std_mpsc::SyncSender<Init>,
    jobs: std_mpsc::Receiver<Job>,
) {
    let backend = match llama() {
        Ok(b) => b,
        Err(e) => {
            let _ = init.send(Err(e));
            return;
        }
    };
    let model = match LlamaModel::load_from_file(backend, path, &LlamaModelParams::default()) {
        Ok(m) => m,
        Err(e) => {
            let _ = init.send(Err(LlmError::ModelLoad(format!("{}: {e}", path.display()))));
            return;
        }
    };
    let trained = model.n_ctx_train().max(1);
    let n_ctx = match context_len {
        0 => trained.min(4096),
        n => n.min(trained),
    };
    let ctx_params = LlamaContextParams::default()
        .with_n_ctx(NonZeroU32::new(n_ctx))
        .with_n_batch(n_ctx.min(512))
        .with_n_ubatch(n_ctx.min(512))
        .with_n_threads(n_threads)
        .with_n_threads_batch(n_threads);
    let mut ctx = match model.new_context(backend, ctx_params) {
        Ok(c) => c,
        Err(e) => {
            let _ = init.send(Err(LlmError::ModelLoad(format!("could not make a context of {n_ctx} tokens: {e}"))));
            return;
        }
    };
    let name =
        model.meta_val_str("general.name").ok().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).unwrap_or_else(
            || path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into()),
        );
    let info = BackendInfo { kind: "local", model: name, left_machine: false };
    let template = model.chat_template(None).ok();
    if template.is_none() {
        tracing::info!(model = %info.model, "the model has no chat template: using ChatML");
    }
    if init.send(Ok((info.clone(), ctx.n_ctx()))).is_err() {
        return;
    }
    drop(init);

    let model = Model { model: &model, template, info };
    while let Ok(job) = jobs.recv() {
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| model.run(&mut ctx, &job)))
            .unwrap_or_else(|_| Err(LlmError::Generation("llama.cpp panicked".into())));
        if let Err(e) = &result {
            tracing::warn!(error = %e, "local generation failed");
        }
        let _ = job.reply.send(result);
    }
}

struct Model<'m> {
    model: &'m LlamaModel,
    template: Option<LlamaChatTemplate>,
    info: BackendInfo,
}

impl Model<'_> {
    /// The conversation as the model's own chat template writes it (ChatML if it has none or llama.cpp does
    /// not know it), ending where the assistant's answer begins.
    fn prompt(&self, req: &Request) -> Result<String, LlmError> {
        let chat = req
            .messages
            .iter()
            .map(|m| LlamaChatMessage::new(m.role.as_str().to_string(), m.content.clone()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| LlmError::Generation(format!("a message cannot be passed to llama.cpp: {e}")))?;
        if let Some(t) = &self.template {
            match self.model.apply_chat_template(t, &chat, true) {
                Ok(p) => return Ok(p),
                Err(e) => tracing::debug!(error = %e, "the model's chat template is not one llama.cpp knows: ChatML"),
            }
        }
        let chatml = LlamaChatTemplate::new("chatml").expect("no NUL in a literal");
        self.model.apply_chat_template(&chatml, &chat, true).map_err(|e| LlmError::Generation(e.to_string()))
    }

    fn sampler(&self, p: &Params) -> LlamaSampler {
        let mut chain = Vec::new();
        if p.repeat_penalty != 1.0 {
            chain.push(LlamaSampler::penalties(self.model.n_vocab(), PENALTY_LAST_N, p.repeat_penalty, 0.0, 0.0));
        }
        if p.temperature <= 0.0 {
            chain.push(LlamaSampler::greedy());
        } else {
            chain.push(LlamaSampler::top_k(TOP_K));
            chain.push(LlamaSampler::top_p(p.top_p, 1));
            chain.push(LlamaSampler::min_p(MIN_P, 1));
            chain.push(LlamaSampler::temp(p.temperature));
            chain.push(LlamaSampler::dist(p.seed));
        }
        LlamaSampler::chain_simple(chain)
    }

    fn run(&self, ctx: &mut LlamaContext<'_>, job: &Job) -> Result<Outcome, LlmError> {
        let mut clock = Clock::start();
        let started = Instant::now();
        let p = &job.req.params;
        let mut out = Outcome::cancelled(&self.info, p.clone());
        let finish = |mut out: Outcome, clock: &Clock, finish: Finish| {
            out.finish = finish;
            (out.first_token_ms, out.total_ms, out.tokens_per_second) = clock.finish(out.completion_tokens);
            Ok(out)
        };
        let over_time = || started.elapsed() >= p.time_limit;
        if job.cancel.is_cancelled() {
            return finish(out, &clock, Finish::Cancelled);
        }

        let prompt = self.prompt(&job.req)?;
        let vocab = self.model.vocab();
        let tokens = vocab.tokenize(prompt.as_bytes(), true, true);
        let n_ctx = ctx.n_ctx() as usize;
        out.prompt_tokens = u32::try_from(tokens.len()).unwrap_or(u32::MAX);
        if tokens.is_empty() {
            return Err(LlmError::Generation("the prompt is empty".into()));
        }
        if tokens.len() >= n_ctx {
            return Err(LlmError::Generation(format!(
                "the prompt has {} tokens; the model's context holds {n_ctx}",
                tokens.len()
            )));
        }

        ctx.clear_kv_cache();
        let n_batch = (ctx.n_batch() as usize).max(1);
        let mut batch = LlamaBatch::new(n_batch, 1);
        let decode_err = |e: llama_cpp_2::DecodeError| LlmError::Generation(format!("llama.cpp: {e}"));
        let batch_err = |e: llama_cpp_2::llama_batch::BatchAddError| LlmError::Generation(format!("llama.cpp: {e}"));
        for (c, chunk) in tokens.chunks(n_batch).enumerate() {
            if job.cancel.is_cancelled() {
                return finish(out, &clock, Finish::Cancelled);
            }
            if over_time() {
                return finish(out, &clock, Finish::TimeLimit);
            }
            batch.clear();
            for (i, token) in chunk.iter().enumerate() {
                let pos = c * n_batch + i;
                batch.add(*token, pos as i32, &[0], pos == tokens.len() - 1).map_err(batch_err)?;
            }
            ctx.decode(&mut batch).map_err(decode_err)?;
        }

        let mut sampler = self.sampler(p);
        // Like llama.cpp's server: the prompt counts for the repeat penalty.
        sampler.accept_many(&tokens);
        let mut n_cur = tokens.len();
        let mut logits_at = batch.n_tokens() - 1;
        let mut utf8 = Utf8Decoder::default();
        let mut stop = StopFilter::new(&p.stop);
        let mut piece = Vec::with_capacity(32);
        let send = |text: String, out: &mut Outcome| {
            if !text.is_empty() {
                out.text.push_str(&text);
                let _ = job.chunks.send(text);
            }
        };
        let reason = loop {
            if job.cancel.is_cancelled() {
                break Finish::Cancelled;
            }
            if over_time() {
                break Finish::TimeLimit;
            }
            if out.completion_tokens >= p.max_tokens {
                break Finish::Length;
            }
            let token = sampler.sample(ctx, logits_at); // also accepts it into the chain
            clock.mark_first();
            if vocab.is_eog(token) {
                break Finish::Stop;
            }
            out.completion_tokens += 1;
            piece.clear();
            vocab.token_to_piece_into(token, &mut piece, false, None);
            let (emit, hit) = stop.push(&utf8.push(&piece));
            send(emit, &mut out);
            if hit {
                break Finish::Stop;
            }
            if out.completion_tokens >= p.max_tokens {
                break Finish::Length;
            }
            if n_cur + 1 >= n_ctx {
                break Finish::Length;
            }
            if job.cancel.is_cancelled() {
                break Finish::Cancelled;
            }
            batch.clear();
            batch.add(token, n_cur as i32, &[0], true).map_err(batch_err)?;
            n_cur += 1;
            ctx.decode(&mut batch).map_err(decode_err)?;
            logits_at = 0;
        };
        // What was held back (a partial character or the start of a stop string) goes out, unless a stop
        // string ended the text.
        let (emit, _) = stop.push(&utf8.finish());
        send(emit + &stop.finish(), &mut out);
        finish(out, &clock, reason)
    }
}
