//! Measures time to first token and tokens per second of one backend, on a fixed prompt (greedy, 200 tokens):
//!
//!   bench local MODEL.gguf [RUNS] [THREADS]
//!   bench openai BASE_URL MODEL [RUNS]
//!   bench compare MODEL.gguf BASE_URL [RUNS] [THREADS]     (local and openai runs alternate)
//!
//! One warm-up run, then RUNS (default 5); prints one JSON line per run on stderr and, per backend, a line with
//! the medians on stdout: `{"backend":…,"first_token_ms":…,"tokens_per_second":…,"completion_tokens":…,…}`.
//! scripts/bench-ai runs it against llama.cpp's own server.

use std::sync::Arc;
use std::time::Duration;

use hartslag_llm::{Backend, Message, OpenAiBackend, Params, Request};
use tokio_util::sync::CancellationToken;

fn request() -> Request {
    Request::new(
        vec![
            Message::system("You are a helpful assistant."),
            Message::user("Explain in detail how a lighthouse works, its history, and why lighthouses matter today."),
        ],
        Params {
            max_tokens: 200,
            temperature: 0.0,
            top_p: 1.0,
            repeat_penalty: 1.0,
            seed: 1,
            time_limit: Duration::from_secs(300),
            stop: vec![],
        },
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() { 0.0 } else { v[v.len() / 2] }
}

#[derive(Default)]
struct Runs {
    first: Vec<f64>,
    rate: Vec<f64>,
    tokens: Vec<f64>,
    prompt: u32,
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: bench local MODEL.gguf [RUNS] [THREADS] | bench openai BASE_URL MODEL [RUNS] \
                 | bench compare MODEL.gguf BASE_URL [RUNS] [THREADS]";
    let arg = |i: usize| args.get(i).expect(usage).as_str();
    let num = |i: usize, default: usize| args.get(i).map_or(default, |r| r.parse().expect(usage));
    let local = |model: String, threads: usize| async move {
        let b = hartslag_llm::LocalBackend::load_async(model, threads, 2048).await.expect("the model loads");
        Arc::new(b) as Arc<dyn Backend>
    };
    let openai = |url: &str, model: &str| {
        Arc::new(OpenAiBackend::new(url, model, None, Duration::from_secs(60)).unwrap()) as Arc<dyn Backend>
    };
    // With several backends the runs alternate, so that both see the same load on the machine.
    let (backends, runs): (Vec<Arc<dyn Backend>>, usize) = match args.first().map(String::as_str) {
        Some("local") => (vec![local(arg(1).into(), num(3, 0)).await], num(2, 5)),
        Some("openai") => (vec![openai(arg(1), arg(2))], num(3, 5)),
        Some("compare") => (vec![local(arg(1).into(), num(4, 0)).await, openai(arg(2), "bench")], num(3, 5)),
        _ => panic!("{usage}"),
    };
    let mut results: Vec<Runs> = backends.iter().map(|_| Runs::default()).collect();
    for run in 0..=runs {
        for (backend, r) in backends.iter().zip(&mut results) {
            let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
            let out = backend.generate(request(), tx, CancellationToken::new()).await.expect("generation");
            let line = serde_json::json!({
                "run": run, "warmup": run == 0, "backend": out.backend, "first_token_ms": out.first_token_ms,
                "total_ms": out.total_ms, "tokens_per_second": out.tokens_per_second,
                "completion_tokens": out.completion_tokens, "prompt_tokens": out.prompt_tokens, "finish": out.finish,
            });
            eprintln!("{line}");
            if run > 0 {
                r.first.push(out.first_token_ms as f64);
                r.rate.push(out.tokens_per_second);
                r.tokens.push(f64::from(out.completion_tokens));
                r.prompt = out.prompt_tokens;
            }
        }
    }
    for (backend, r) in backends.iter().zip(results) {
        let info = backend.describe();
        println!(
            "{}",
            serde_json::json!({
                "backend": info.kind, "model": info.model, "runs": runs, "prompt_tokens": r.prompt,
                "first_token_ms": median(r.first), "tokens_per_second": median(r.rate),
                "completion_tokens": median(r.tokens),
            })
        );
    }
}
