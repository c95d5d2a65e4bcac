//! Shared by the integration tests: where the model and the server's python are.
#![allow(dead_code)]

use std::path::PathBuf;

/// The path in environment variable `var`, or None (the test is skipped with a note) — unless
/// HARTSLAG_REQUIRE_AI=1, then a missing variable fails the test.
pub fn env_path(var: &str) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(v) if !v.is_empty() => {
            let p = PathBuf::from(v);
            assert!(p.exists(), "{var}={} does not exist", p.display());
            Some(p)
        }
        _ => {
            if std::env::var("HARTSLAG_REQUIRE_AI").as_deref() == Ok("1") {
                panic!(
                    "{var} is not set and HARTSLAG_REQUIRE_AI=1: run scripts/setup-ai (see crates/hartslag-llm/README.md)"
                );
            }
            eprintln!(
                "note: skipped, {var} is not set (MODEL=$(scripts/setup-ai | tail -n1); see crates/hartslag-llm/README.md)"
            );
            None
        }
    }
}

pub fn model_path() -> Option<PathBuf> {
    env_path("HARTSLAG_TEST_MODEL")
}
