//! The organisation's choice of AI backend, set by an administrator.
//!
//! Sending text off the machine is an explicit choice: an OpenAI-compatible server anywhere
//! but on this machine is only used when `allow_external` is set. The API key is sealed with
//! the server's secret key (ChaCha20-Poly1305) and never shown again.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sqlx::Row;

use crate::db::{Db, Flag};
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Off,
    /// The model file the server was started with.
    Local,
    /// An OpenAI-compatible server.
    OpenAi,
}

impl Mode {
    pub fn code(self) -> &'static str {
        match self {
            Mode::Off => "off",
            Mode::Local => "local",
            Mode::OpenAi => "openai",
        }
    }
    pub fn parse(s: &str) -> Option<Mode> {
        [Mode::Off, Mode::Local, Mode::OpenAi].into_iter().find(|m| m.code() == s)
    }
}

#[derive(Clone, Debug)]
pub struct AiSettings {
    pub mode: Mode,
    pub base_url: String,
    pub model: String,
    /// Sealed; empty when no key was given.
    pub key_sealed: String,
    pub allow_external: bool,
}

impl AiSettings {
    pub fn has_key(&self) -> bool {
        !self.key_sealed.is_empty()
    }

    /// The host text goes to, for the notice.
    pub fn host(&self) -> String {
        hartslag_llm::endpoint(&self.base_url).map(|e| e.0).unwrap_or_default()
    }

    /// Whether the configured server is on this machine.
    pub fn is_loopback(&self) -> bool {
        hartslag_llm::endpoint(&self.base_url).is_some_and(|e| e.1)
    }
}

pub async fn load(db: &Db, org_id: i64) -> Result<AiSettings> {
    let r = sqlx::query(
        "SELECT ai_mode, ai_base_url, ai_model, ai_key_sealed, ai_allow_external FROM organisations WHERE id = $1",
    )
    .bind(org_id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(Error::NotFound)?;
    Ok(AiSettings {
        mode: Mode::parse(&r.try_get::<String, _>("ai_mode")?).unwrap_or(Mode::Off),
        base_url: r.try_get("ai_base_url")?,
        model: r.try_get("ai_model")?,
        key_sealed: r.try_get("ai_key_sealed")?,
        allow_external: r.try_get::<Flag, _>("ai_allow_external")?.0,
    })
}

/// What an administrator submits. An empty key keeps the stored one; `clear_key` removes it.
pub struct Change<'a> {
    pub mode: &'a str,
    pub base_url: &'a str,
    pub model: &'a str,
    pub key: &'a str,
    pub clear_key: bool,
    pub allow_external: bool,
}

/// Checks and stores the settings, with their audit row in the same transaction; bad input
/// changes nothing.
pub async fn save(db: &Db, by: crate::audit::By<'_>, secret: &[u8; 32], c: &Change<'_>) -> Result<()> {
    let org_id = by.org_id();
    let mode = Mode::parse(c.mode).ok_or(Error::invalid("ai-mode-unknown"))?;
    let base_url = c.base_url.trim().trim_end_matches('/').to_string();
    let model = c.model.trim().to_string();
    if mode == Mode::OpenAi {
        let Some((_, on_this_machine)) = hartslag_llm::endpoint(&base_url).filter(|_| base_url.chars().count() <= 300)
        else {
            return Err(Error::invalid("ai-url-invalid"));
        };
        if model.is_empty() || model.chars().count() > 200 {
            return Err(Error::invalid("ai-model-required"));
        }
        if !on_this_machine && !c.allow_external {
            return Err(Error::invalid("ai-external-needs-consent"));
        }
    }
    if c.key.chars().count() > 500 {
        return Err(Error::invalid("ai-key-too-long"));
    }
    let current = load(db, org_id).await?;
    let sealed = if c.clear_key {
        String::new()
    } else if c.key.trim().is_empty() {
        current.key_sealed
    } else {
        seal(secret, c.key.trim())?
    };
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE organisations SET ai_mode = $1, ai_base_url = $2, ai_model = $3, ai_key_sealed = $4, \
         ai_allow_external = $5 WHERE id = $6",
    )
    .bind(mode.code())
    .bind(&base_url)
    .bind(&model)
    .bind(&sealed)
    .bind(c.allow_external)
    .bind(org_id)
    .execute(&mut *tx)
    .await?;
    let detail = format!("{} {} {}", mode.code(), base_url, model);
    crate::audit::record_in(&mut tx, by, crate::audit::Action::AiBackend, None, detail.trim()).await?;
    tx.commit().await?;
    Ok(())
}

/// Encrypts a secret for storage: hex of nonce and ciphertext.
pub fn seal(secret: &[u8; 32], plain: &str) -> Result<String> {
    let cipher = ChaCha20Poly1305::new(Key::from_slice(secret));
    let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
    let sealed = cipher
        .encrypt(&nonce, plain.as_bytes())
        .map_err(|_| Error::Internal(anyhow::anyhow!("sealing a secret failed")))?;
    Ok(format!("{}{}", hex::encode(nonce), hex::encode(sealed)))
}

/// The stored secret in the clear, for the one request that needs it.
pub fn unseal(secret: &[u8; 32], sealed: &str) -> Result<String> {
    let bytes = hex::decode(sealed).map_err(|_| Error::Internal(anyhow::anyhow!("a sealed secret is not hex")))?;
    if bytes.len() < 12 {
        return Err(Error::Internal(anyhow::anyhow!("a sealed secret is too short")));
    }
    let (nonce, body) = bytes.split_at(12);
    let cipher = ChaCha20Poly1305::new(Key::from_slice(secret));
    let plain = cipher.decrypt(Nonce::from_slice(nonce), body).map_err(|_| {
        Error::Internal(anyhow::anyhow!("a sealed secret does not open with this server's key (was the key changed?)"))
    })?;
    String::from_utf8(plain).map_err(|e| Error::Internal(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_key_opens_only_with_the_same_secret() {
        let a = [7u8; 32];
        let sealed = seal(&a, "sk-geheim").unwrap();
        assert!(!sealed.contains("geheim"));
        assert_eq!(unseal(&a, &sealed).unwrap(), "sk-geheim");
        assert!(unseal(&[8u8; 32], &sealed).is_err());
    }
}
