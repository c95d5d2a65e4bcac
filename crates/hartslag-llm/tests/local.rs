//! The local backend with a real model (HARTSLAG_TEST_MODEL, a GGUF file; see README.md).
#![cfg(feature = "local")]

mod common;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use hartslag_llm::{Backend, Finish, LlmError, LocalBackend, Message, Params, Queue, Request};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// One model for every test of this file (loaded once, like the app does).
fn backend() -> Option<Arc<LocalBackend>> {
    static BACKEND: OnceLock<Arc<LocalBackend>> = OnceLock::new();
    let path = common::model_path()?;
    Some(BACKEND.get_or_init(|| Arc::new(LocalBackend::load(path, 0, 2048).expect("the test model loads"))).clone())
}

fn ask(question: &str, params: Params) -> Request {
    Request::new(vec![Message::system("You are a helpful assistant."), Message::user(question)], params)
}

fn long_answer(max_tokens: u32) -> Request {
    ask(
        "Write a long story about a lighthouse keeper and her cat, with many chapters.",
        Params { max_tokens, time_limit: Duration::from_secs(120), ..Params::default() },
    )
}

fn collect(mut rx: mpsc::UnboundedReceiver<String>) -> Vec<String> {
    let mut out = Vec::new();
    while let Ok(c) = rx.try_recv() {
        out.push(c);
    }
    out
}

#[tokio::test]
async fn generates_and_streams_with_provenance() {
    let Some(b) = backend() else { return };
    let req =
        ask("What is the capital of France? Answer in one sentence.", Params { max_tokens: 48, ..Params::default() });
    let (tx, rx) = mpsc::unbounded_channel();
    let out = b.generate(req.clone(), tx, CancellationToken::new()).await.unwrap();
    let chunks = collect(rx);
    println!("{out:#?}");
    assert!(!out.text.trim().is_empty());
    assert!(out.completion_tokens > 0 && out.completion_tokens <= 48, "{}", out.completion_tokens);
    assert!(matches!(out.finish, Finish::Stop | Finish::Length));
    assert!(chunks.len() >= 3, "several chunks: {chunks:?}");
    assert_eq!(chunks.concat(), out.text);
    // provenance
    assert_eq!(out.backend, "local");
    assert!(!out.left_machine);
    assert!(!out.model.is_empty());
    assert_eq!(out.model, b.describe().model);
    assert!(out.prompt_tokens > 10, "{}", out.prompt_tokens);
    assert!(out.first_token_ms > 0);
    assert!(out.total_ms >= out.first_token_ms);
    assert!(out.tokens_per_second > 0.0);
    assert_eq!(out.params, req.params);
    println!(
        "local: model {}, prompt {} tokens, {} tokens, first token {} ms, total {} ms, {:.1} tokens/s",
        out.model, out.prompt_tokens, out.completion_tokens, out.first_token_ms, out.total_ms, out.tokens_per_second
    );
}

#[tokio::test]
async fn token_limit_is_honoured_and_same_seed_gives_same_text() {
    let Some(b) = backend() else { return };
    let req = long_answer(20);
    let first = b.generate(req.clone(), mpsc::unbounded_channel().0, CancellationToken::new()).await.unwrap();
    assert_eq!(first.finish, Finish::Length);
    assert_eq!(first.completion_tokens, 20);
    let again = b.generate(req, mpsc::unbounded_channel().0, CancellationToken::new()).await.unwrap();
    assert_eq!(again.text, first.text, "same request and seed, same text");
}

#[tokio::test]
async fn cancel_stops_early() {
    let Some(b) = backend() else { return };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let cancel = CancellationToken::new();
    let task = {
        let (b, cancel) = (b.clone(), cancel.clone());
        tokio::spawn(async move { b.generate(long_answer(1500), tx, cancel).await })
    };
    let mut seen = String::new();
    for _ in 0..3 {
        seen.push_str(&rx.recv().await.expect("a chunk"));
    }
    cancel.cancel();
    let out = tokio::time::timeout(Duration::from_secs(10), task).await.expect("stops promptly").unwrap().unwrap();
    assert_eq!(out.finish, Finish::Cancelled);
    assert!(out.completion_tokens < 1500, "{}", out.completion_tokens);
    assert!(out.text.starts_with(&seen));
}

#[tokio::test]
async fn time_limit_is_honoured() {
    let Some(b) = backend() else { return };
    let mut req = long_answer(1500);
    req.params.time_limit = Duration::from_millis(400);
    let out = b.generate(req, mpsc::unbounded_channel().0, CancellationToken::new()).await.unwrap();
    assert_eq!(out.finish, Finish::TimeLimit, "{out:?}");
    assert!(out.total_ms < 400 + 1000, "{}", out.total_ms);
    assert!(out.completion_tokens < 1500);
}

#[tokio::test]
async fn stop_strings_end_the_text() {
    let Some(b) = backend() else { return };
    let mut req = ask("Describe a lighthouse in a few sentences.", Params { max_tokens: 60, ..Params::default() });
    req.params.temperature = 0.0;
    let full = b.generate(req.clone(), mpsc::unbounded_channel().0, CancellationToken::new()).await.unwrap();
    // Greedy is repeatable: stop at a piece from the middle of the full answer (likely spanning tokens).
    let text = &full.text;
    let (mut from, mut to) = (text.len() / 2, text.len() / 2 + 7);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    while !text.is_char_boundary(to) {
        to += 1;
    }
    assert!(from > 0 && to < text.len(), "a long enough answer: {text:?}");
    req.params.stop = vec!["never in the text".into(), text[from..to].to_string()];
    let (tx, rx) = mpsc::unbounded_channel();
    let cut = b.generate(req, tx, CancellationToken::new()).await.unwrap();
    assert_eq!(cut.finish, Finish::Stop);
    assert_eq!(cut.text, text[..text.find(&text[from..to]).unwrap()]);
    assert_eq!(collect(rx).concat(), cut.text);
}

#[tokio::test]
async fn queue_bounds_and_positions() {
    let Some(b) = backend() else { return };
    let q = Queue::new(b, 1, 2);
    let mut t1 = q.submit(long_answer(60), CancellationToken::new()).unwrap();
    let mut t2 = q.submit(long_answer(10), CancellationToken::new()).unwrap();
    let mut t3 = q.submit(long_answer(10), CancellationToken::new()).unwrap();
    let busy = q.submit(long_answer(10), CancellationToken::new());
    assert_eq!(busy.unwrap_err(), LlmError::Busy);
    assert_eq!(*t1.position.borrow_and_update(), 0);
    assert_eq!(*t2.position.borrow_and_update(), 1);
    assert_eq!(*t3.position.borrow_and_update(), 2);

    // The line moves down as the first one finishes.
    t3.position.changed().await.unwrap();
    assert_eq!(*t3.position.borrow_and_update(), 1);
    assert_eq!(*t2.position.borrow(), 0);
    t3.position.wait_for(|p| *p == 0).await.unwrap();

    let chunks1 = std::mem::replace(&mut t1.chunks, mpsc::unbounded_channel().1);
    let o1 = t1.outcome().await.unwrap();
    assert_eq!(collect(chunks1).concat(), o1.text);
    for t in [t2, t3] {
        let o = t.outcome().await.unwrap();
        assert!(!o.text.is_empty());
        assert!(matches!(o.finish, Finish::Length | Finish::Stop), "{:?}", o.finish);
    }
    assert_eq!(q.load(), (0, 0));
}

#[tokio::test]
async fn cancelled_waiting_ticket_leaves_the_line() {
    let Some(b) = backend() else { return };
    let q = Queue::new(b, 1, 2);
    let t1 = q.submit(long_answer(40), CancellationToken::new()).unwrap();
    let cancel2 = CancellationToken::new();
    let t2 = q.submit(long_answer(10), cancel2.clone()).unwrap();
    let mut t3 = q.submit(long_answer(10), CancellationToken::new()).unwrap();
    assert_eq!(*t3.position.borrow_and_update(), 2);

    cancel2.cancel();
    let o2 = t2.outcome().await.unwrap();
    assert_eq!(o2.finish, Finish::Cancelled);
    assert_eq!(o2.completion_tokens, 0);
    assert!(o2.text.is_empty());
    t3.position.wait_for(|p| *p == 1).await.unwrap();
    let (running, waiting) = q.load();
    assert_eq!(waiting, 1, "running {running}");

    assert!(!t1.outcome().await.unwrap().text.is_empty());
    assert!(!t3.outcome().await.unwrap().text.is_empty());
}

#[tokio::test]
async fn a_missing_model_file_is_a_clear_error() {
    let err = LocalBackend::load("/nonexistent/model.gguf", 1, 512).unwrap_err();
    assert!(matches!(err, LlmError::ModelLoad(ref m) if m.contains("/nonexistent/model.gguf")), "{err}");
    // Not a GGUF file: llama.cpp refuses it, the process survives.
    let dir = std::env::temp_dir().join(format!("hartslag-llm-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bogus = dir.join("bogus.gguf");
    std::fs::write(&bogus, b"this is not a model").unwrap();
    let err = LocalBackend::load(&bogus, 1, 512).unwrap_err();
    assert!(matches!(err, LlmError::ModelLoad(_)), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}
