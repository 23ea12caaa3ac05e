//! What identifies an organisation on documents: SIRET (14 digits, Luhn), NDA (numéro de
//! déclaration d'activité, 11 digits), and the signatory's signature image (PNG, by content).

/// The largest signature image accepted, in bytes.
pub const MAX_SIGNATURE_BYTES: usize = 200 * 1024;

/// The digits of `input` once spaces are removed, if it is only digits.
fn digits(input: &str) -> Option<String> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .chars()
        .all(|c| c.is_ascii_digit())
        .then_some(compact)
}

/// Whether the Luhn sum of `digits` (ASCII digits only) is a multiple of ten.
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let double = d * 2;
                if double > 9 { double - 9 } else { double }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A SIRET: 14 digits (spaces allowed) passing the Luhn check; La Poste's establishments
/// (SIREN 356 000 000) follow their own rule, the sum of the digits being a multiple of five.
pub fn parse_siret(input: &str) -> Result<String, String> {
    let Some(siret) = digits(input).filter(|d| d.len() == 14) else {
        return Err("Le SIRET compte 14 chiffres.".to_owned());
    };
    let la_poste = siret.starts_with("356000000")
        && siret
            .bytes()
            .map(|b| u32::from(b - b'0'))
            .sum::<u32>()
            .is_multiple_of(5);
    if luhn(&siret) || la_poste {
        Ok(siret)
    } else {
        Err("Ce SIRET n'est pas valide : vérifiez les chiffres (clé de contrôle).".to_owned())
    }
}

/// A numéro de déclaration d'activité: 11 digits (spaces allowed).
pub fn parse_nda(input: &str) -> Result<String, String> {
    digits(input)
        .filter(|d| d.len() == 11)
        .ok_or_else(|| "Le numéro de déclaration d'activité compte 11 chiffres.".to_owned())
}

/// A signature image: PNG bytes (signature and header chunk read from the content, not from a
/// declared type), at most [`MAX_SIGNATURE_BYTES`].
pub fn check_signature_png(bytes: &[u8]) -> Result<(), String> {
    const MAGIC: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
    if bytes.len() > MAX_SIGNATURE_BYTES {
        return Err(format!(
            "L'image de la signature ne dépasse pas {} Ko.",
            MAX_SIGNATURE_BYTES / 1024
        ));
    }
    if bytes.len() < 33 || bytes[..8] != MAGIC || &bytes[12..16] != b"IHDR" {
        return Err("La signature doit être une image PNG.".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siret_is_fourteen_digits_with_a_luhn_key() {
        assert_eq!(parse_siret("732 829 320 00074").unwrap(), "73282932000074");
        assert!(parse_siret("73282932000075").unwrap_err().contains("clé"));
        assert!(
            parse_siret("1300260320001")
                .unwrap_err()
                .contains("14 chiffres")
        );
        assert!(
            parse_siret("1300260320001A")
                .unwrap_err()
                .contains("14 chiffres")
        );
        // La Poste: sum of digits a multiple of five.
        assert!(parse_siret("35600000000001").is_ok());
    }

    #[test]
    fn nda_is_eleven_digits() {
        assert_eq!(parse_nda("11 75 12345 75").unwrap(), "11751234575");
        assert!(parse_nda("1175123457").is_err());
    }

    #[test]
    fn signature_is_read_from_its_bytes() {
        let mut png = vec![
            0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13,
        ];
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&[0; 17]);
        assert!(check_signature_png(&png).is_ok());
        assert!(check_signature_png(b"GIF89a and more bytes than thirty-three").is_err());
        let mut big = png.clone();
        big.resize(MAX_SIGNATURE_BYTES + 1, 0);
        assert!(check_signature_png(&big).unwrap_err().contains("Ko"));
    }
}
