//! The OpenAI-compatible backend against a real server: llama-cpp-python's, started here with
//! HARTSLAG_TEST_PYTHON (a python with `llama-cpp-python[server]`) on HARTSLAG_TEST_MODEL. See README.md.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hartslag_llm::{Backend, Finish, LlmError, Message, OpenAiBackend, Params, Request};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// The server process, killed when the test ends (also when it fails).
struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

impl Server {
    fn start(python: &Path, model: &Path) -> Server {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = std::env::temp_dir().join(format!("hartslag-llm-server-{}-{port}.log", std::process::id()));
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(python)
            .args(["-m", "llama_cpp.server", "--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--n_ctx", "2048", "--model_alias", "smollm2-test"])
            .arg("--model")
            .arg(model)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("the server starts");
        Server { child, port, log }
    }

    fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    async fn wait_ready(&mut self) {
        let client = reqwest::Client::new();
        let url = format!("{}/models", self.base_url());
        let until = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(r) = client.get(&url).send().await
                && r.status().is_success()
            {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server stopped ({status}):\n{}", std::fs::read_to_string(&self.log).unwrap_or_default());
            }
            assert!(Instant::now() < until, "the server did not answer {url} within 120 s");
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
}

fn ask(question: &str, max_tokens: u32) -> Request {
    Request::new(
        vec![Message::system("You are a helpful assistant."), Message::user(question)],
        Params { max_tokens, ..Params::default() },
    )
}

#[tokio::test]
async fn against_a_real_server() {
    let Some(model) = common::model_path() else { return };
    let Some(python) = common::env_path("HARTSLAG_TEST_PYTHON") else { return };
    let mut server = Server::start(&python, &model);
    server.wait_ready().await;
    let backend =
        OpenAiBackend::new(&server.base_url(), "smollm2-test", Some("sk-test".into()), Duration::from_secs(30))
            .unwrap();
    let info = backend.describe();
    assert_eq!((info.kind, info.left_machine), ("openai", false));

    // A streamed generation.
    let req = ask("What is the capital of France? Answer in one sentence.", 48);
    let (tx, mut rx) = mpsc::unbounded_channel();
    let out = backend.generate(req.clone(), tx, CancellationToken::new()).await.unwrap();
    let mut chunks = Vec::new();
    while let Ok(c) = rx.try_recv() {
        chunks.push(c);
    }
    println!("{out:#?}");
    assert!(!out.text.trim().is_empty());
    assert!(chunks.len() >= 3, "several chunks: {chunks:?}");
    assert_eq!(chunks.concat(), out.text);
    assert!(matches!(out.finish, Finish::Stop | Finish::Length));
    assert!(out.completion_tokens > 0 && out.completion_tokens <= 48, "{}", out.completion_tokens);
    // llama-cpp-python's server sends no `usage` in streams (it ignores stream_options): then the completion
    // tokens are the counted content deltas (one per token there) and the prompt tokens are 0 (unknown).
    assert!(out.prompt_tokens == 0 || out.prompt_tokens > 10, "{}", out.prompt_tokens);
    assert_eq!(out.completion_tokens as usize, chunks.len(), "one delta per token");
    assert!(!out.model.is_empty());
    assert!(out.first_token_ms > 0 && out.total_ms >= out.first_token_ms);
    assert_eq!(out.backend, "openai");
    assert!(!out.left_machine);
    println!(
        "openai: model {}, prompt {} tokens, {} tokens, first token {} ms, total {} ms, {:.1} tokens/s",
        out.model, out.prompt_tokens, out.completion_tokens, out.first_token_ms, out.total_ms, out.tokens_per_second
    );

    // The token limit.
    let out = backend
        .generate(
            ask("Write a long story about a lighthouse.", 12),
            mpsc::unbounded_channel().0,
            CancellationToken::new(),
        )
        .await
        .unwrap();
    assert_eq!(out.finish, Finish::Length);
    assert!(out.completion_tokens <= 12);

    // Cancelling drops the stream and says so.
    let (tx, mut rx) = mpsc::unbounded_channel();
    let cancel = CancellationToken::new();
    let task = {
        let (backend, cancel) = (backend.clone(), cancel.clone());
        tokio::spawn(async move {
            backend.generate(ask("Write a long story about a lighthouse keeper and her cat.", 1500), tx, cancel).await
        })
    };
    for _ in 0..3 {
        rx.recv().await.expect("a chunk");
    }
    cancel.cancel();
    let out = tokio::time::timeout(Duration::from_secs(5), task).await.expect("stops promptly").unwrap().unwrap();
    assert_eq!(out.finish, Finish::Cancelled);
    assert!(!out.text.is_empty());

    // The server still answers after a dropped stream.
    let out = backend.generate(ask("Say hello.", 8), mpsc::unbounded_channel().0, CancellationToken::new()).await;
    assert!(out.is_ok(), "{out:?}");

    // An HTTP error carries the status and the server's message.
    let wrong_path = OpenAiBackend::new(
        &format!("http://127.0.0.1:{}/nowhere", server.port),
        "smollm2-test",
        None,
        Duration::from_secs(10),
    )
    .unwrap();
    let err =
        wrong_path.generate(ask("hi", 4), mpsc::unbounded_channel().0, CancellationToken::new()).await.unwrap_err();
    assert!(matches!(err, LlmError::Http { status: 404, .. }), "{err:?}");
    drop(server);
}

#[tokio::test]
async fn a_wrong_url_is_a_connect_error() {
    // A port that was free a moment ago: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let b = OpenAiBackend::new(&format!("http://127.0.0.1:{port}/v1"), "m", None, Duration::from_secs(5)).unwrap();
    let err = b.generate(ask("hi", 4), mpsc::unbounded_channel().0, CancellationToken::new()).await.unwrap_err();
    assert!(matches!(err, LlmError::Connect(_)), "{err:?}");
    println!("{err}");
}

#[tokio::test]
async fn a_cancelled_token_returns_at_once() {
    let b = OpenAiBackend::new("http://127.0.0.1:9/v1", "m", None, Duration::from_secs(5)).unwrap();
    let cancel = CancellationToken::new();
    cancel.cancel();
    let out = b.generate(ask("hi", 4), mpsc::unbounded_channel().0, cancel).await.unwrap();
    assert_eq!(out.finish, Finish::Cancelled);
}
