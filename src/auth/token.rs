//! Secret tokens (sessions, API tokens, CSRF): random, shown once, stored as SHA-256.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// 32 random bytes, URL-safe base64 (43 characters).
pub fn generate() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("random source: {e}"))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The stored form of a token: its SHA-256, hex.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two secrets in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_digests_stable() {
        let a = generate().unwrap_or_default();
        let b = generate().unwrap_or_default();
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert_eq!(digest("x"), digest("x"));
        assert_ne!(digest("x"), digest("y"));
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "ab"));
    }
}
