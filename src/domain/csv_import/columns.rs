//! The columns an import reads: French headers matched tolerantly (accents, case, spaces and
//! punctuation folded, a few synonyms), and the checks every cell passes (no spreadsheet formula)
//! and dates (JJ/MM/AAAA or AAAA-MM-JJ).

use crate::domain::text::{csv_cell_value, fold};

/// A column an import knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The field it fills (`first_name`, `anct_id`…).
    pub key: &'static str,
    /// Its header as the expected-columns list shows it.
    pub label: &'static str,
    /// Other headers that name it.
    pub synonyms: &'static [&'static str],
    /// Whether a file without it is refused.
    pub required: bool,
}

/// A header folded for matching: lower case, no accents, letters and digits only.
pub fn header_key(header: &str) -> String {
    fold(header)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// The column each header names, in order; refuses an unknown header or a missing required
/// column with the list of the expected ones.
pub fn match_headers(
    headers: &[String],
    columns: &'static [Column],
) -> Result<Vec<&'static Column>, String> {
    let expected = || {
        columns
            .iter()
            .map(|c| {
                if c.required {
                    format!("« {} » (obligatoire)", c.label)
                } else {
                    format!("« {} »", c.label)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut found: Vec<&'static Column> = Vec::with_capacity(headers.len());
    for header in headers {
        let key = header_key(header);
        let column = columns.iter().find(|c| {
            header_key(c.label) == key || c.synonyms.iter().any(|s| header_key(s) == key)
        });
        match column {
            Some(c) if found.iter().any(|f| f.key == c.key) => {
                return Err(format!(
                    "La colonne « {} » figure deux fois. Colonnes attendues : {}.",
                    header.trim(),
                    expected()
                ));
            }
            Some(c) => found.push(c),
            None => {
                return Err(format!(
                    "Colonne inconnue : « {} ». Colonnes attendues : {}.",
                    header.trim(),
                    expected()
                ));
            }
        }
    }
    let missing: Vec<&str> = columns
        .iter()
        .filter(|c| c.required && !found.iter().any(|f| f.key == c.key))
        .map(|c| c.label)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "Colonne(s) obligatoire(s) manquante(s) : « {} ». Colonnes attendues : {}.",
            missing.join(" », « "),
            expected()
        ));
    }
    Ok(found)
}

/// The spreadsheet name of a cell: column letters then line (`C4`).
pub fn cell_name(column_index: usize, line: u64) -> String {
    let mut letters = Vec::new();
    let mut n = column_index + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rest).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{line}", letters.into_iter().collect::<String>())
}

/// Whether `+` or `-` opens a phone number or a number rather than a formula.
fn number_like(rest: &str) -> bool {
    rest.chars().any(|c| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | ',' | '(' | ')' | '-'))
}

/// The value of a cell, refused when it starts like a spreadsheet formula (`=`, `@`, a tab, a
/// carriage return, or `+`/`-` not opening a number): a file must not carry a formula into the
/// next spreadsheet that opens an export. A cell an export protected with `'` reads back as text.
pub fn cell_value(raw: &str, cell: &str) -> Result<String, String> {
    if raw.starts_with('\'') {
        return Ok(csv_cell_value(raw).trim().to_owned());
    }
    let formula = match raw.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !number_like(&raw[1..]),
        _ => false,
    };
    if formula {
        let first = raw.chars().next().map_or_else(String::new, |c| match c {
            '\t' => "une tabulation".to_owned(),
            '\r' => "un retour chariot".to_owned(),
            c => format!("« {c} »"),
        });
        return Err(format!(
            "La cellule {cell} commence par {first}, comme une formule de tableur : elle est \
             refusée. Retirez ce caractère (ou faites-le précéder d'une apostrophe)."
        ));
    }
    Ok(raw.trim().to_owned())
}

/// A date as `AAAA-MM-JJ`, from `JJ/MM/AAAA` or `AAAA-MM-JJ`.
pub fn iso_date(value: &str) -> Result<String, String> {
    let refused = || "Date invalide : attendu JJ/MM/AAAA ou AAAA-MM-JJ.".to_owned();
    let value = value.trim();
    let date = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(value, "%d/%m/%Y"))
        .map_err(|_| refused())?;
    // `%Y` reads `26` as the year 26: a two-digit year is refused rather than guessed.
    if !value.contains('-') && value.rsplit('/').next().is_some_and(|y| y.len() != 4) {
        return Err(refused());
    }
    Ok(date.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[Column] = &[
        Column {
            key: "last_name",
            label: "Nom",
            synonyms: &["Nom d'usage"],
            required: true,
        },
        Column {
            key: "email",
            label: "E-mail",
            synonyms: &["Courriel"],
            required: true,
        },
    ];

    #[test]
    fn headers_match_whatever_their_accents_case_and_spaces() {
        let headers = vec!["  NOM D’USAGE ".to_owned(), "courriel".to_owned()];
        let found = match_headers(&headers, COLUMNS).unwrap();
        assert_eq!(found[0].key, "last_name");
        assert_eq!(found[1].key, "email");
        let unknown = match_headers(&["Nom".to_owned(), "Âge".to_owned()], COLUMNS).unwrap_err();
        assert!(
            unknown.starts_with("Colonne inconnue : « Âge »"),
            "{unknown}"
        );
        assert!(unknown.contains("« E-mail » (obligatoire)"), "{unknown}");
        let missing = match_headers(&["Nom".to_owned()], COLUMNS).unwrap_err();
        assert!(missing.contains("manquante(s) : « E-mail »"), "{missing}");
    }

    #[test]
    fn formulas_are_refused_and_numbers_kept() {
        assert_eq!(
            cell_value("+33 6 12 34 56 78", "F2").unwrap(),
            "+33 6 12 34 56 78"
        );
        assert_eq!(cell_value("-12", "A2").unwrap(), "-12");
        assert_eq!(cell_value("'=1+1", "A2").unwrap(), "=1+1");
        let err = cell_value("=HYPERLINK(\"x\")", "C4").unwrap_err();
        assert!(err.starts_with("La cellule C4 commence par « = »"), "{err}");
        assert!(cell_value("+cmd|' /C calc'!A0", "B2").is_err());
        assert!(cell_value("@SUM(A1)", "B2").is_err());
        assert!(cell_value("\tx", "B2").is_err());
    }

    #[test]
    fn cells_are_named_as_spreadsheets_do() {
        assert_eq!(cell_name(0, 2), "A2");
        assert_eq!(cell_name(27, 10), "AB10");
    }

    #[test]
    fn dates_in_french_or_iso() {
        assert_eq!(iso_date("04/05/1990").unwrap(), "1990-05-04");
        assert_eq!(iso_date("1990-05-04").unwrap(), "1990-05-04");
        assert!(iso_date("31/02/1990").is_err());
        assert!(iso_date("04/05/90").is_err());
        assert!(iso_date("hier").is_err());
    }
}
