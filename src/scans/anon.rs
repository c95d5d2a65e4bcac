//! The keyed hashes and seals that keep answers apart from people (see `PRIVACY.md`).
//!
//! Everything here is derived from the server's secret key, which lives outside the database
//! (`HARTSLAG_SECRET_KEY` or `secret.key` in the data directory). From a database dump alone a
//! marker cannot be traced to a person, nor a draft opened.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::error::Result;

type HmacSha256 = Hmac<Sha256>;

fn keyed(secret: &[u8; 32], purpose: &str, run_id: i64, person_id: i64) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"hartslag/scans/");
    mac.update(purpose.as_bytes());
    mac.update(&[0]);
    mac.update(&run_id.to_be_bytes());
    mac.update(&person_id.to_be_bytes());
    mac.finalize().into_bytes().into()
}

/// Marks that a person has answered a run (for reminders and against answering twice).
pub fn responded(secret: &[u8; 32], run_id: i64, person_id: i64) -> String {
    hex::encode(&keyed(secret, "responded", run_id, person_id)[..16])
}

/// Where a person's saved, unsent answers are kept.
pub fn draft(secret: &[u8; 32], run_id: i64, person_id: i64) -> String {
    hex::encode(&keyed(secret, "draft", run_id, person_id)[..16])
}

/// The key that seals a person's draft: different for every run and person.
fn draft_key(secret: &[u8; 32], run_id: i64, person_id: i64) -> [u8; 32] {
    keyed(secret, "draft-key", run_id, person_id)
}

pub fn seal_draft(secret: &[u8; 32], run_id: i64, person_id: i64, plain: &str) -> Result<String> {
    crate::ai::settings::seal(&draft_key(secret, run_id, person_id), plain)
}

pub fn open_draft(secret: &[u8; 32], run_id: i64, person_id: i64, sealed: &str) -> Result<String> {
    crate::ai::settings::unseal(&draft_key(secret, run_id, person_id), sealed)
}

/// A fresh random id for a response, and a receipt for the respondent.
pub fn random_token() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

/// What is stored of a receipt: its hash.
pub fn receipt_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_differ_per_purpose_run_person_and_key() {
        let k = [7u8; 32];
        let a = responded(&k, 1, 2);
        assert_eq!(a, responded(&k, 1, 2));
        assert_ne!(a, draft(&k, 1, 2));
        assert_ne!(a, responded(&k, 2, 1));
        assert_ne!(a, responded(&[8u8; 32], 1, 2));
        let sealed = seal_draft(&k, 1, 2, "{\"c1\":4}").unwrap();
        assert_eq!(open_draft(&k, 1, 2, &sealed).unwrap(), "{\"c1\":4}");
        assert!(open_draft(&k, 1, 3, &sealed).is_err(), "another person's key does not open it");
    }
}
