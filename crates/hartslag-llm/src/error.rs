/// What can go wrong. The messages are meant for logs and for an administrator, never contain an API key, and
/// may contain a server's own error message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    /// The queue is full: too many requests already wait.
    #[error("the language model is busy: too many requests are waiting, try again later")]
    Busy,
    /// The local model could not be loaded (missing file, not a GGUF model, out of memory, …).
    #[error("could not load the model: {0}")]
    ModelLoad(String),
    /// The server answered with an HTTP error status.
    #[error("the language-model server answered HTTP {status}: {message}")]
    Http { status: u16, message: String },
    /// The server could not be reached (refused, unknown host, TLS, timeout before the answer began).
    #[error("could not reach the language-model server: {0}")]
    Connect(String),
    /// The server's answer did not follow the protocol (bad JSON, broken stream).
    #[error("unexpected answer from the language-model server: {0}")]
    Protocol(String),
    /// The generation itself failed (prompt too long, llama.cpp error, error reported in the stream).
    #[error("generation failed: {0}")]
    Generation(String),
}
