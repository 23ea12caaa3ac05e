//! Verification codes, the Pix way: `CN-` and 8 characters from an alphabet without vowels or
//! look-alike glyphs (no 0/O, 1/I/L, 5/S, Z/2…), so that a code read aloud or copied from paper
//! comes out right.

/// Every code starts with this.
pub const PREFIX: &str = "CN-";
/// The characters after the prefix.
pub const ALPHABET: &[u8; 24] = b"BCDFGHJKMPQRTVWXY2346789";
/// How many characters follow the prefix.
pub const LENGTH: usize = 8;
/// How many fresh codes to try before giving up (a collision is already one in ~10^11).
pub const MAX_ATTEMPTS: usize = 8;

/// A random code, drawn from the operating system's generator without modulo bias.
pub fn random_code() -> Result<String, String> {
    let mut code = String::with_capacity(PREFIX.len() + LENGTH);
    code.push_str(PREFIX);
    let mut buffer = [0u8; 32];
    while code.len() < PREFIX.len() + LENGTH {
        getrandom::fill(&mut buffer).map_err(|e| format!("random: {e}"))?;
        // 240 = 10 × 24: bytes above it would favour the first characters.
        for byte in buffer.iter().filter(|b| **b < 240) {
            if code.len() == PREFIX.len() + LENGTH {
                break;
            }
            code.push(char::from(ALPHABET[usize::from(*byte) % ALPHABET.len()]));
        }
    }
    Ok(code)
}

/// Draws codes from `next` until `taken` says one is free; an error after [`MAX_ATTEMPTS`].
pub fn unique_code<E>(
    mut next: impl FnMut() -> Result<String, E>,
    mut taken: impl FnMut(&str) -> Result<bool, E>,
) -> Result<Option<String>, E> {
    for _ in 0..MAX_ATTEMPTS {
        let code = next()?;
        if !taken(&code)? {
            return Ok(Some(code));
        }
    }
    Ok(None)
}

/// The canonical form of what someone typed (`cn bcdf 2346`, `CN-BCDF2346`…), or `None` when it
/// cannot be a code.
pub fn normalize(input: &str) -> Option<String> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let body = compact.strip_prefix("CN")?;
    (body.len() == LENGTH && body.bytes().all(|b| ALPHABET.contains(&b)))
        .then(|| format!("{PREFIX}{body}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_the_prefix_and_eight_characters_of_the_alphabet() {
        for _ in 0..200 {
            let code = random_code().unwrap();
            assert!(code.starts_with("CN-"));
            let body = &code[3..];
            assert_eq!(body.len(), 8);
            assert!(body.bytes().all(|b| ALPHABET.contains(&b)), "{code}");
            assert_eq!(normalize(&code).as_deref(), Some(code.as_str()));
        }
    }

    #[test]
    fn the_alphabet_has_no_vowels_nor_look_alikes() {
        for banned in b"AEIOUL01S5Z" {
            assert!(!ALPHABET.contains(banned), "{}", char::from(*banned));
        }
    }

    #[test]
    fn a_collision_draws_again() {
        let mut drawn = vec!["CN-BBBBBBBB", "CN-CCCCCCCC"].into_iter();
        let code = unique_code(
            || Ok::<_, ()>(drawn.next().unwrap().to_owned()),
            |c| Ok(c == "CN-BBBBBBBB"),
        )
        .unwrap();
        assert_eq!(code.as_deref(), Some("CN-CCCCCCCC"));
    }

    #[test]
    fn endless_collisions_give_up() {
        let code = unique_code(|| Ok::<_, ()>("CN-BBBBBBBB".to_owned()), |_| Ok(true)).unwrap();
        assert_eq!(code, None);
    }

    #[test]
    fn typed_codes_are_normalised() {
        assert_eq!(normalize(" cn-bcdf 2346 ").as_deref(), Some("CN-BCDF2346"));
        assert_eq!(normalize("CNBCDF2346").as_deref(), Some("CN-BCDF2346"));
        assert_eq!(normalize("CN-BCDF234"), None);
        assert_eq!(normalize("CN-BCDF2340"), None);
        assert_eq!(normalize("XX-BCDF2346"), None);
        assert_eq!(normalize("CN-ÉCDF2346"), None);
    }
}
