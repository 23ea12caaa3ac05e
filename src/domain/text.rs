//! Text helpers: the folded form used for search.

use unicode_normalization::UnicodeNormalization;

/// Lower-case, accents removed, spaces collapsed: `« Élodie  N'Guessan »` → `elodie n'guessan`.
/// Stored beside names so that a `LIKE` search behaves the same on SQLite and PostgreSQL.
pub fn fold(input: &str) -> String {
    let stripped: String = input
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .replace(['œ', 'Œ'], "oe")
        .replace(['æ', 'Æ'], "ae")
        .to_lowercase();
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
pub fn like_escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_spaces() {
        assert_eq!(fold("  Élodie   N'Guessan "), "elodie n'guessan");
        assert_eq!(fold("Cœur"), "coeur");
        assert_eq!(fold("FRANÇOISE"), "francoise");
    }

    #[test]
    fn escapes_like_wildcards() {
        assert_eq!(like_escape("50%_a\\b"), "50\\%\\_a\\\\b");
    }
}
