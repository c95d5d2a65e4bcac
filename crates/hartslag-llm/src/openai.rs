//! A backend that talks to any OpenAI-compatible chat-completions server, streaming.

use std::net::IpAddr;
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use reqwest::{Client, Url};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

use crate::sse::SseParser;
use crate::text::StopFilter;
use crate::{Backend, BackendInfo, Chunks, Clock, Finish, LlmError, Outcome, Request};

/// POSTs `{base_url}/chat/completions` with `stream: true` and reads the server-sent events as they come.
///
/// Works with Ollama (`http://127.0.0.1:11434/v1`), vLLM, llama.cpp's `llama-server`, llama-cpp-python,
/// LM Studio, Mistral (`https://api.mistral.ai/v1`), OpenAI and the like. The API key, if any, goes out as
/// `Authorization: Bearer …` and is never logged nor shown by `Debug`.
#[derive(Clone)]
pub struct OpenAiBackend {
    client: Client,
    url: Url,
    model: String,
    api_key: Option<String>,
    timeout: Duration,
    left_machine: bool,
    send_repeat_penalty: bool,
}

impl std::fmt::Debug for OpenAiBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiBackend")
            .field("url", &self.url.as_str())
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("left_machine", &self.left_machine)
            .finish()
    }
}

impl OpenAiBackend {
    /// `base_url` is the part before `/chat/completions`, e.g. `http://127.0.0.1:8080/v1`. `timeout` bounds
    /// connecting, waiting for the answer to begin, and each silence within the stream (the whole generation
    /// is bounded by [`crate::Params::time_limit`]).
    pub fn new(
        base_url: &str,
        model: impl Into<String>,
        api_key: Option<String>,
        timeout: Duration,
    ) -> Result<Self, LlmError> {
        let base = Url::parse(base_url.trim_end_matches('/'))
            .map_err(|e| LlmError::Connect(format!("invalid base URL {base_url:?}: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") || base.host().is_none() {
            return Err(LlmError::Connect(format!("invalid base URL {base_url:?}: not an http(s) URL with a host")));
        }
        let url = Url::parse(&format!("{}/chat/completions", base.as_str().trim_end_matches('/')))
            .map_err(|e| LlmError::Connect(format!("invalid base URL {base_url:?}: {e}")))?;
        let left_machine = !is_loopback(&url);
        let client = Client::builder()
            .connect_timeout(timeout)
            .user_agent(concat!("hartslag-llm/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| LlmError::Connect(error_chain(&e)))?;
        let api_key = api_key.filter(|k| !k.trim().is_empty());
        Ok(OpenAiBackend {
            client,
            url,
            model: model.into(),
            api_key,
            timeout,
            left_machine,
            send_repeat_penalty: false,
        })
    }

    /// Also send [`crate::Params::repeat_penalty`] as the field `repeat_penalty`, which llama.cpp's server,
    /// llama-cpp-python and Ollama understand but OpenAI and Mistral reject. Off by default: then the server's
    /// own default applies and the outcome's `params.repeat_penalty` says 1.0 (none requested).
    pub fn send_repeat_penalty(mut self, yes: bool) -> Self {
        self.send_repeat_penalty = yes;
        self
    }

    /// The full URL requests go to.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    fn body(&self, req: &Request) -> Value {
        let p = &req.params;
        let messages: Vec<Value> =
            req.messages.iter().map(|m| json!({"role": m.role.as_str(), "content": m.content})).collect();
        let mut body = json!({
            "model": self.model,
            "messages": messages,
            "stream": true,
            "stream_options": {"include_usage": true},
            "max_tokens": p.max_tokens,
            "temperature": p.temperature,
            "top_p": p.top_p,
            "seed": p.seed,
        });
        if !p.stop.is_empty() {
            body["stop"] = json!(p.stop);
        }
        if self.send_repeat_penalty {
            body["repeat_penalty"] = json!(p.repeat_penalty);
        }
        body
    }
}

/// Where an OpenAI-compatible base URL points: its host, and whether that is this machine.
/// `None` for anything but an http(s) URL with a host. The same reading decides
/// [`crate::Outcome::left_machine`].
pub fn endpoint(base_url: &str) -> Option<(String, bool)> {
    let url = Url::parse(base_url.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    Some((host, is_loopback(&url)))
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        None => false,
    }
}

/// A reqwest error with its causes ("error sending request" alone says little).
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !msg.contains(&text) {
            msg.push_str(": ");
            msg.push_str(&text);
        }
        source = cause.source();
    }
    msg
}

/// The server's own words from an error body: `{"error":{"message":…}}`, `{"error":"…"}`, `{"message":…}`,
/// `{"detail":…}`, or the text itself.
fn server_message(body: &str) -> String {
    if let Ok(v) = serde_json::from_str::<Value>(body) {
        let found =
            [&v["error"]["message"], &v["error"], &v["message"], &v["detail"]].into_iter().find_map(|x| match x {
                Value::String(s) => Some(s.clone()),
                Value::Null => None,
                Value::Object(_) => None,
                other => Some(other.to_string()),
            });
        if let Some(m) = found {
            return m;
        }
    }
    let body = body.trim();
    if body.is_empty() {
        return "(empty answer)".to_string();
    }
    let mut cut = body.len().min(500);
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    body[..cut].to_string()
}

#[derive(Deserialize)]
struct StreamChunk {
    model: Option<String>,
    #[serde(default)]
    choices: Vec<StreamChoice>,
    usage: Option<Usage>,
    error: Option<Value>,
}

#[derive(Deserialize)]
struct StreamChoice {
    delta: Option<Delta>,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct Delta {
    content: Option<String>,
}

#[derive(Deserialize)]
struct Usage {
    prompt_tokens: Option<u32>,
    completion_tokens: Option<u32>,
}

#[async_trait::async_trait]
impl Backend for OpenAiBackend {
    fn describe(&self) -> BackendInfo {
        BackendInfo { kind: "openai", model: self.model.clone(), left_machine: self.left_machine }
    }

    async fn generate(&self, req: Request, chunks: Chunks, cancel: CancellationToken) -> Result<Outcome, LlmError> {
        let mut clock = Clock::start();
        let deadline = tokio::time::Instant::now() + req.params.time_limit;
        let mut params = req.params.clone();
        if !self.send_repeat_penalty {
            params.repeat_penalty = 1.0;
        }
        let mut out = Outcome::cancelled(&self.describe(), params);
        let finish = |mut out: Outcome, clock: &Clock, finish: Finish| {
            out.finish = finish;
            (out.first_token_ms, out.total_ms, out.tokens_per_second) = clock.finish(out.completion_tokens);
            Ok(out)
        };
        if cancel.is_cancelled() {
            return finish(out, &clock, Finish::Cancelled);
        }

        let mut http = self.client.post(self.url.clone()).json(&self.body(&req));
        if let Some(key) = &self.api_key {
            let mut value = HeaderValue::from_str(&format!("Bearer {key}"))
                .map_err(|_| LlmError::Connect("the API key contains characters not allowed in a header".into()))?;
            value.set_sensitive(true);
            http = http.header(AUTHORIZATION, value);
        }
        tracing::debug!(url = %self.url, model = %self.model, "chat completion request");
        let response = tokio::select! {
            biased;
            _ = cancel.cancelled() => return finish(out, &clock, Finish::Cancelled),
            _ = tokio::time::sleep_until(deadline) => return finish(out, &clock, Finish::TimeLimit),
            r = tokio::time::timeout(self.timeout, http.send()) => match r {
                Err(_) => return Err(LlmError::Connect(format!(
                    "{} did not answer within {:?}", self.url, self.timeout
                ))),
                Ok(Err(e)) => return Err(LlmError::Connect(format!("{}: {}", self.url, error_chain(&e.without_url())))),
                Ok(Ok(r)) => r,
            },
        };
        let status = response.status();
        if !status.is_success() {
            let body = tokio::time::timeout(self.timeout, response.text()).await.ok().and_then(|r| r.ok());
            return Err(LlmError::Http { status: status.as_u16(), message: server_message(&body.unwrap_or_default()) });
        }

        let mut stream = response.bytes_stream();
        let mut parser = SseParser::new();
        let mut stop = StopFilter::new(&req.params.stop);
        let mut deltas = 0u32;
        let mut reason: Option<Finish> = None;
        let mut usage: Option<Usage> = None;
        let mut done = false;
        let mut saw_done = false;
        let mut events_seen = 0usize;
        'read: while !done {
            let bytes = tokio::select! {
                biased;
                _ = cancel.cancelled() => return finish(out, &clock, Finish::Cancelled), // drops the stream
                _ = tokio::time::sleep_until(deadline) => return finish(out, &clock, Finish::TimeLimit),
                next = tokio::time::timeout(self.timeout, stream.next()) => match next {
                    Err(_) => return Err(LlmError::Protocol(format!("the stream was silent for {:?}", self.timeout))),
                    Ok(Some(Ok(bytes))) => Some(bytes),
                    Ok(Some(Err(e))) => return Err(LlmError::Protocol(format!("the stream broke: {}", error_chain(&e.without_url())))),
                    Ok(None) => None,
                },
            };
            let events = match &bytes {
                Some(b) => parser.push(b),
                None => {
                    done = true;
                    parser.finish().into_iter().collect()
                }
            };
            for ev in events {
                events_seen += 1;
                let data = ev.data.trim();
                if data == "[DONE]" {
                    (done, saw_done) = (true, true);
                    break;
                }
                if data.is_empty() {
                    continue;
                }
                if ev.event.as_deref() == Some("error") {
                    return Err(LlmError::Generation(server_message(data)));
                }
                let chunk: StreamChunk = serde_json::from_str(data).map_err(|e| {
                    LlmError::Protocol(format!("bad JSON in the stream ({e}): {}", server_message(data)))
                })?;
                if let Some(err) = chunk.error.filter(|e| !e.is_null()) {
                    return Err(LlmError::Generation(server_message(&json!({"error": err}).to_string())));
                }
                if let Some(m) = chunk.model.filter(|m| !m.is_empty()) {
                    out.model = m;
                }
                if chunk.usage.is_some() {
                    usage = chunk.usage;
                }
                for choice in chunk.choices {
                    if let Some(content) = choice.delta.and_then(|d| d.content).filter(|c| !c.is_empty()) {
                        deltas += 1;
                        clock.mark_first();
                        let (emit, hit) = stop.push(&content);
                        if !emit.is_empty() {
                            out.text.push_str(&emit);
                            let _ = chunks.send(emit);
                        }
                        if hit {
                            reason = Some(Finish::Stop);
                            break 'read; // drops the stream: the server stops generating
                        }
                    }
                    if let Some(r) = choice.finish_reason {
                        reason = Some(if r == "length" { Finish::Length } else { Finish::Stop });
                    }
                }
            }
        }
        let rest = stop.finish(); // empty after a stop string
        if !rest.is_empty() {
            out.text.push_str(&rest);
            let _ = chunks.send(rest);
        }
        let reason = match reason {
            Some(r) => r,
            None if saw_done => Finish::Stop, // [DONE] without a finish reason: lenient
            None if events_seen == 0 => {
                return Err(LlmError::Protocol(
                    "the answer held no server-sent events (is this a streaming chat-completions endpoint?)".into(),
                ));
            }
            None => return Err(LlmError::Protocol("the stream ended without a finish reason or [DONE]".into())),
        };
        out.prompt_tokens = usage.as_ref().and_then(|u| u.prompt_tokens).unwrap_or(0);
        out.completion_tokens = usage.as_ref().and_then(|u| u.completion_tokens).unwrap_or(deltas);
        finish(out, &clock, reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endpoint_names_its_host_and_whether_it_is_this_machine() {
        assert_eq!(endpoint("http://127.0.0.1:8081/v1"), Some(("127.0.0.1".into(), true)));
        assert_eq!(endpoint("https://user@API.mistral.ai/v1"), Some(("api.mistral.ai".into(), false)));
        assert_eq!(endpoint("http://localhost:11434/v1").map(|e| e.1), Some(true));
        assert_eq!(endpoint("http://10.0.0.5/v1").map(|e| e.1), Some(false));
        assert_eq!(endpoint("ftp://x"), None);
        assert_eq!(endpoint("niet een adres"), None);
    }

    #[test]
    fn loopback_hosts_stay_on_the_machine() {
        let t = Duration::from_secs(1);
        for (url, left) in [
            ("http://127.0.0.1:8080/v1", false),
            ("http://localhost:11434/v1/", false),
            ("http://[::1]:8000/v1", false),
            ("http://127.1.2.3/v1", false),
            ("https://api.mistral.ai/v1", true),
            ("http://192.168.1.10:8000/v1", true),
        ] {
            let b = OpenAiBackend::new(url, "m", None, t).unwrap();
            assert_eq!(b.describe().left_machine, left, "{url}");
            assert!(b.url().ends_with("/v1/chat/completions"), "{}", b.url());
        }
        assert!(OpenAiBackend::new("not a url", "m", None, t).is_err());
        assert!(OpenAiBackend::new("ftp://example.org", "m", None, t).is_err());
    }

    #[test]
    fn debug_hides_the_key() {
        let b =
            OpenAiBackend::new("http://127.0.0.1:1/v1", "m", Some("sk-secret".into()), Duration::from_secs(1)).unwrap();
        let shown = format!("{b:?}");
        assert!(!shown.contains("sk-secret"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }

    #[test]
    fn server_messages() {
        assert_eq!(server_message(r#"{"error":{"message":"model not found","type":"x"}}"#), "model not found");
        assert_eq!(server_message(r#"{"error":"bad key"}"#), "bad key");
        assert_eq!(server_message(r#"{"detail":"Not Found"}"#), "Not Found");
        assert_eq!(server_message("plain text\n"), "plain text");
        assert_eq!(server_message(""), "(empty answer)");
    }

    #[test]
    fn body_has_the_standard_fields_only() {
        let b = OpenAiBackend::new("http://127.0.0.1:1/v1", "smol", None, Duration::from_secs(1)).unwrap();
        let req = Request::new(vec![crate::Message::user("hoi")], crate::Params::default());
        let body = b.body(&req);
        assert_eq!(body["stream"], true);
        assert_eq!(body["stream_options"]["include_usage"], true);
        assert_eq!(body["messages"][0]["role"], "user");
        assert!(body.get("repeat_penalty").is_none());
        assert!(body.get("stop").is_none());
        let body = b.send_repeat_penalty(true).body(&req);
        assert!(body.get("repeat_penalty").is_some());
    }
}
