//! Passwords, hashed with argon2id.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Block, Params, Version};

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

/// The most memory a stored hash may ask for when verified (256 MiB): a hash asking for more is
/// refused rather than allowed to exhaust the machine.
const MAX_VERIFY_BLOCKS: usize = 256 * 1024;

/// Whether `password` matches `phc`, computing the hash in `memory` (grown to the size the hash
/// asks for, then kept by the caller for the next verification), so that a flood of logins does
/// not allocate and free a fresh work area per attempt. The comparison is in constant time.
pub fn verify_with_memory(password: &str, phc: &str, memory: &mut Vec<Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let blocks = params.block_count();
    if blocks > MAX_VERIFY_BLOCKS {
        return false;
    }
    if memory.len() < blocks {
        memory.resize(blocks, Block::new());
    }
    let mut buffer = [0_u8; 64];
    let Some(out) = buffer.get_mut(..expected.len()) else {
        return false;
    };
    let Some(work) = memory.get_mut(..blocks) else {
        return false;
    };
    if Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, out, work)
        .is_err()
    {
        return false;
    }
    argon2::password_hash::phc::Output::new(out).is_ok_and(|computed| computed == *expected)
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
    fn verification_in_reused_memory_agrees_with_the_library() {
        let mut memory = Vec::new();
        let phc = hash("correct horse battery", CHEAP).unwrap_or_default();
        assert!(verify_with_memory(
            "correct horse battery",
            &phc,
            &mut memory
        ));
        let grown = memory.len();
        assert_eq!(grown, 256, "one block per KiB");
        assert!(!verify_with_memory(
            "wrong horse battery",
            &phc,
            &mut memory
        ));
        assert!(!verify_with_memory("anything", "not a hash", &mut memory));
        // A cheaper hash reuses the larger area; a default-cost one grows it once.
        let cheaper = hash(
            "x",
            PasswordParams {
                memory_kib: 64,
                iterations: 1,
            },
        )
        .unwrap_or_default();
        assert!(verify_with_memory("x", &cheaper, &mut memory));
        assert_eq!(memory.len(), grown);
        let costly = hash("y", PasswordParams::default()).unwrap_or_default();
        assert!(verify_with_memory("y", &costly, &mut memory));
        assert!(verify("y", &costly));
        assert_eq!(memory.len(), 19 * 1024);
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(check_strength("court").is_err());
        assert!(check_strength("assez-long-pour-passer").is_ok());
    }
}
