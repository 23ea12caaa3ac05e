//! W3C Bitstring Status List (v1.0): a revocation list is a bitstring of at least 16 KiB
//! (131 072 entries), entry `i` being bit `0x80 >> (i % 8)` of byte `i / 8`; it is published
//! GZIP-compressed, base64url without padding, with the multibase prefix `u`.

use std::io::Write;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Entries per list: 16 KiB of bits, the least the specification allows (group privacy).
pub const LIST_ENTRIES: i64 = 131_072;

/// Bytes per list.
pub const LIST_BYTES: usize = 16_384;

/// An all-clear list.
pub fn empty() -> Vec<u8> {
    vec![0; LIST_BYTES]
}

/// The list (numbered from 1) and the index inside it of the `n`-th entry ever allocated
/// (from 0): lists fill one after the other.
pub fn position(n: i64) -> (i64, i64) {
    (n / LIST_ENTRIES + 1, n % LIST_ENTRIES)
}

fn byte_and_mask(index: i64) -> Option<(usize, u8)> {
    let index = usize::try_from(index).ok()?;
    let byte = index / 8;
    (byte < LIST_BYTES).then(|| (byte, 0x80u8 >> (index % 8)))
}

/// Sets entry `index` (revoked); `false` when the index is outside the list or `bits` is short.
pub fn set(bits: &mut [u8], index: i64) -> bool {
    match byte_and_mask(index) {
        Some((byte, mask)) if byte < bits.len() => {
            bits[byte] |= mask;
            true
        }
        _ => false,
    }
}

/// Whether entry `index` is set.
pub fn is_set(bits: &[u8], index: i64) -> bool {
    byte_and_mask(index)
        .and_then(|(byte, mask)| bits.get(byte).map(|b| b & mask != 0))
        .unwrap_or(false)
}

/// The `encodedList` of `bits`: `u` + base64url (no padding) of its GZIP.
pub fn encode(bits: &[u8]) -> Result<String, String> {
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(bits).map_err(|e| format!("gzip: {e}"))?;
    let compressed = gzip.finish().map_err(|e| format!("gzip: {e}"))?;
    Ok(format!("u{}", URL_SAFE_NO_PAD.encode(compressed)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn decode(encoded: &str) -> Vec<u8> {
        let bytes = URL_SAFE_NO_PAD
            .decode(encoded.strip_prefix('u').unwrap_or_default())
            .unwrap_or_default();
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_end(&mut out)
            .unwrap_or_default();
        out
    }

    #[test]
    fn entries_are_bits_from_the_most_significant() {
        let mut bits = empty();
        assert!(set(&mut bits, 0));
        assert!(set(&mut bits, 9));
        assert_eq!(bits[0], 0x80);
        assert_eq!(bits[1], 0x40);
        assert!(is_set(&bits, 9) && !is_set(&bits, 8));
        assert!(!set(&mut bits, LIST_ENTRIES));
        assert!(!set(&mut bits, -1));
    }

    #[test]
    fn lists_fill_one_after_the_other() {
        assert_eq!(position(0), (1, 0));
        assert_eq!(position(LIST_ENTRIES - 1), (1, LIST_ENTRIES - 1));
        assert_eq!(position(LIST_ENTRIES), (2, 0));
    }

    #[test]
    fn the_encoded_list_is_multibase_base64url_of_gzip() {
        let mut bits = empty();
        set(&mut bits, 5);
        let encoded = encode(&bits).unwrap_or_default();
        assert!(encoded.starts_with('u') && !encoded.contains('='));
        let back = decode(&encoded);
        assert_eq!(back.len(), LIST_BYTES);
        assert!(is_set(&back, 5) && !is_set(&back, 4));
    }
}
