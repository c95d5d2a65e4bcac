//! AI as co-intelligence: the AI drafts, critiques and suggests; people decide.
//!
//! - a proposal draft in the session frame's AI step, one field at a time, from the work
//!   situation, the group's own notes and earlier validated proposals of the organisation
//!   (the draft says which it drew on);
//! - a critical friend on the group's own proposal;
//! - guiding questions that fit a work situation;
//! - a learning-path suggestion from the owner's own reflections, for the owner alone.
//!
//! Every output is stored with its provenance (backend, model, prompt version, input hash,
//! parameters, timing, tokens) and shown as "Concept door AI" until a person takes it over.
//! Backends and the queue live in the `hartslag-llm` crate; which one serves an organisation
//! is the administrator's choice ([`settings`]).

pub mod prompts;
pub mod retrieve;
mod routes;
pub mod service;
pub mod settings;
pub mod store;

use std::path::Path;
use std::sync::Arc;

pub use routes::{Panel, routes};
pub use service::{AiService, Limits};

/// Loads a local GGUF model for in-process inference (the `local-ai` build).
#[cfg(feature = "local-ai")]
pub async fn load_local(path: &Path, threads: usize) -> anyhow::Result<Arc<dyn hartslag_llm::Backend>> {
    let backend = hartslag_llm::LocalBackend::load_async(path.to_path_buf(), threads, 4096)
        .await
        .map_err(|e| anyhow::anyhow!("loading the model {}: {e}", path.display()))?;
    Ok(Arc::new(backend))
}

/// Without the `local-ai` build there is no in-process model: say how to get one.
#[cfg(not(feature = "local-ai"))]
pub async fn load_local(path: &Path, _threads: usize) -> anyhow::Result<Arc<dyn hartslag_llm::Backend>> {
    anyhow::bail!(
        "this binary was built without local AI; build with `--features local-ai` to run {} in-process, \
         or point the organisation at an OpenAI-compatible server",
        path.display()
    )
}

/// The server's secret key (for sealing API keys): `HARTSLAG_SECRET_KEY` (64 hex digits), else
/// `secret.key` in the data directory, made on first use and readable by the owner only.
pub fn secret_key(data_dir: &Path) -> anyhow::Result<[u8; 32]> {
    let parse = |s: &str| -> anyhow::Result<[u8; 32]> {
        let bytes = hex::decode(s.trim())?;
        bytes.try_into().map_err(|_| anyhow::anyhow!("the secret key must be 32 bytes (64 hex digits)"))
    };
    if let Ok(v) = std::env::var("HARTSLAG_SECRET_KEY") {
        return parse(&v);
    }
    let file = data_dir.join("secret.key");
    if let Ok(v) = std::fs::read_to_string(&file) {
        return parse(&v);
    }
    std::fs::create_dir_all(data_dir)?;
    let key: [u8; 32] = rand::random();
    {
        use std::io::Write;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&file)?;
        f.write_all(hex::encode(key).as_bytes())?;
    }
    Ok(key)
}

/// Whether a model name is the tiny demo model, whose writing is weak: the pages say so.
pub fn is_demo_model(model: &str) -> bool {
    let m = model.to_lowercase();
    m.contains("smollm") || m.contains("135m")
}

/// A word-level comparison of the AI's text with the group's: ('=', same), ('-', only the AI
/// wrote it), ('+', the group wrote it).
pub fn diff(ai: &str, group: &str) -> Vec<(char, String)> {
    let d = similar::TextDiff::from_words(ai, group);
    let mut out: Vec<(char, String)> = Vec::new();
    for c in d.iter_all_changes() {
        let tag = match c.tag() {
            similar::ChangeTag::Equal => '=',
            similar::ChangeTag::Delete => '-',
            similar::ChangeTag::Insert => '+',
        };
        match out.last_mut() {
            Some((t, s)) if *t == tag => s.push_str(c.value()),
            _ => out.push((tag, c.value().to_string())),
        }
    }
    out
}

/// Proposal fields as the AI draft and the proposal name them, with their labels.
pub const DRAFT_FIELDS: [(&str, &str); 5] = [
    ("title", "proposal-field-title"),
    ("problem", "proposal-field-problem"),
    ("proposal", "proposal-field-proposal"),
    ("expected_effect", "proposal-field-effect"),
    ("risks", "proposal-field-risks"),
];

#[cfg(test)]
mod tests {
    #[test]
    fn the_diff_shows_what_the_group_changed() {
        let d = super::diff("Een vaste vraag bij de overdracht.", "Een vaste vraag over vallen bij de overdracht.");
        assert!(d.iter().any(|(t, s)| *t == '+' && s.contains("vallen")));
        let joined: String = d.iter().filter(|(t, _)| *t != '-').map(|(_, s)| s.as_str()).collect();
        assert_eq!(joined, "Een vaste vraag over vallen bij de overdracht.");
    }
}
