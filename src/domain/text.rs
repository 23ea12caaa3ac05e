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

/// A free-text cell as a CSV writer must put it: prefixed with `'` when it starts like a
/// spreadsheet formula (`=`, `+`, `-`, `@`) or with a tab or carriage return, so that Excel and
/// LibreOffice show it as text instead of running it.
pub fn csv_cell(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// The value of a cell written by [`csv_cell`], read back by an import.
pub fn csv_cell_value(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
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
    fn csv_cells_never_start_a_formula() {
        for v in ["=HYPERLINK(\"x\")", "+33 6", "-1", "@SUM(A1)", "\tx", "\rx"] {
            let cell = csv_cell(v);
            assert!(cell.starts_with('\''), "{v}");
            assert_eq!(csv_cell_value(&cell), v);
        }
        assert_eq!(csv_cell("Dupont"), "Dupont");
        assert_eq!(csv_cell_value("'quoted"), "'quoted");
    }

    #[test]
    fn escapes_like_wildcards() {
        assert_eq!(like_escape("50%_a\\b"), "50\\%\\_a\\\\b");
    }
}
