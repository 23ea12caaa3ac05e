//! Passwords, hashed with argon2id.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::config::PasswordParams;

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

fn hasher(params: PasswordParams) -> Result<Argon2<'static>, String> {
    let params = Params::new(params.memory_kib, params.iterations, 1, None)
        .map_err(|e| format!("argon2 parameters: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes `password` to a PHC string (`$argon2id$v=19$…`) with a fresh random salt.
pub fn hash(password: &str, params: PasswordParams) -> Result<String, String> {
    hasher(params)?
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("argon2: {e}"))
}

/// Whether `password` matches `phc`; the parameters stored in the hash are used.
pub fn verify(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// A hash of a random password with the same cost, verified against when the e-mail is unknown so
/// that a failed login takes the same time whether or not the account exists.
pub fn dummy_hash(params: PasswordParams) -> String {
    hash("not-a-real-password-but-the-same-cost", params).unwrap_or_default()
}

/// The rule for new passwords.
pub fn check_strength(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Err(format!(
            "Le mot de passe doit compter au moins {MIN_PASSWORD_CHARS} caractères."
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: PasswordParams = PasswordParams {
        memory_kib: 256,
        iterations: 1,
    };

    #[test]
    fn argon2id_round_trip() {
        let phc = hash("correct horse battery", CHEAP).unwrap_or_default();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify("correct horse battery", &phc));
        assert!(!verify("wrong horse battery", &phc));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(check_strength("court").is_err());
        assert!(check_strength("assez-long-pour-passer").is_ok());
    }
}
