//! The bytes of an uploaded CSV as text: UTF-8 with or without its byte-order mark, else the
//! Windows-1252 that Excel writes on French Windows (« œ » 0x9C, « ’ » 0x92, « é » 0xE9).

/// The characters of Windows-1252 from 0x80 to 0x9F (`None`: undefined in 1252); 0xA0 to 0xFF
/// are Latin-1, the same code points as Unicode.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The text of `bytes`: UTF-8 (its BOM dropped), else Windows-1252; a byte that 1252 leaves
/// undefined refuses the file.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for (at, byte) in bytes.iter().enumerate() {
        let c = match byte {
            0x80..=0x9F => CP1252_HIGH[usize::from(byte - 0x80)].ok_or_else(|| {
                format!(
                    "Fichier illisible : l'octet 0x{byte:02X} (position {}) n'est ni de l'UTF-8 \
                     ni du Windows-1252. Enregistrez le fichier en « CSV UTF-8 ».",
                    at + 1
                )
            })?,
            _ => char::from(*byte),
        };
        out.push(c);
    }
    Ok(out)
}

/// The delimiter of a CSV: `;` or `,`, whichever the header line holds more of outside quotes
/// (`;` when tied, as French spreadsheets write).
pub fn delimiter(text: &str) -> u8 {
    let (mut semicolons, mut commas, mut quoted) = (0usize, 0usize, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            '\n' if !quoted => break,
            _ => {}
        }
    }
    if commas > semicolons { b',' } else { b';' }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_bom() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFNom;Pr\xC3\xA9nom").unwrap(),
            "Nom;Prénom"
        );
        assert_eq!(decode("Nom;Prénom".as_bytes()).unwrap(), "Nom;Prénom");
    }

    #[test]
    fn windows_1252_as_excel_writes_it() {
        assert_eq!(
            decode(b"C\x9Cur d\x92\xE9t\xE9 \x80").unwrap(),
            "Cœur d’été €"
        );
    }

    #[test]
    fn a_byte_undefined_in_1252_refuses_the_file() {
        let err = decode(b"ab\x81").unwrap_err();
        assert!(err.contains("0x81 (position 3)"), "{err}");
    }

    #[test]
    fn the_delimiter_is_read_outside_quotes() {
        assert_eq!(delimiter("Nom;Prénom;E-mail\na,b;c;d"), b';');
        assert_eq!(delimiter("Nom,Prénom,E-mail"), b',');
        assert_eq!(delimiter("\"Nom; d'usage\",Prénom,Courriel"), b',');
    }
}
