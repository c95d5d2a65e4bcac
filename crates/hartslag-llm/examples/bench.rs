//! Measures time to first token and tokens per second of one backend, on a fixed prompt (greedy, 200 tokens):
//!
//!   bench local MODEL.gguf [RUNS] [THREADS]
//!   bench openai BASE_URL MODEL [RUNS]
//!
//! One warm-up run, then RUNS (default 5); prints one JSON line per run and a last line with the medians:
//! `{"backend":…,"first_token_ms":…,"tokens_per_second":…,"completion_tokens":…,"prompt_tokens":…}`.
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

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: bench local MODEL.gguf [RUNS] [THREADS] | bench openai BASE_URL MODEL [RUNS]";
    let (backend, runs): (Arc<dyn Backend>, usize) = match args.first().map(String::as_str) {
        Some("local") => {
            let model = args.get(1).expect(usage);
            let runs = args.get(2).map_or(5, |r| r.parse().expect(usage));
            let threads = args.get(3).map_or(0, |t| t.parse().expect(usage));
            let b = hartslag_llm::LocalBackend::load_async(model, threads, 2048).await.expect("the model loads");
            (Arc::new(b), runs)
        }
        Some("openai") => {
            let (url, model) = (args.get(1).expect(usage), args.get(2).expect(usage));
            let runs = args.get(3).map_or(5, |r| r.parse().expect(usage));
            (Arc::new(OpenAiBackend::new(url, model.as_str(), None, Duration::from_secs(60)).unwrap()), runs)
        }
        _ => panic!("{usage}"),
    };
    let (mut first, mut rate, mut tokens, mut prompt) = (vec![], vec![], vec![], 0);
    for run in 0..=runs {
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let out = backend.generate(request(), tx, CancellationToken::new()).await.expect("generation");
        let line = serde_json::json!({
            "run": run, "warmup": run == 0, "backend": out.backend, "first_token_ms": out.first_token_ms,
            "total_ms": out.total_ms, "tokens_per_second": out.tokens_per_second,
            "completion_tokens": out.completion_tokens, "prompt_tokens": out.prompt_tokens, "finish": out.finish,
        });
        eprintln!("{line}");
        if run > 0 {
            first.push(out.first_token_ms as f64);
            rate.push(out.tokens_per_second);
            tokens.push(f64::from(out.completion_tokens));
            prompt = out.prompt_tokens;
        }
    }
    let info = backend.describe();
    println!(
        "{}",
        serde_json::json!({
            "backend": info.kind, "model": info.model, "runs": runs,
            "first_token_ms": median(first), "tokens_per_second": median(rate),
            "completion_tokens": median(tokens), "prompt_tokens": prompt,
        })
    );
}
