//! Reading a spreadsheet exported as CSV for an import: its encoding ([`decode`]), its
//! delimiter, its headers matched to known [`Column`]s, and each cell's value. Pure: the
//! services validate the values with the same rules as a single record.

mod columns;
mod decode;

pub use columns::{Column, cell_name, cell_value, header_key, iso_date, match_headers};
pub use decode::{decode, delimiter};

/// One line of data: its line number in the file and its cells by column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// `(column key, value)` for every non-empty cell.
    pub cells: Vec<(&'static str, String)>,
    /// Cells refused before validation (a formula): `(column key, message)`.
    pub refused: Vec<(&'static str, String)>,
}

impl SheetRow {
    /// The value of a column, if the cell is not empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.cells
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A parsed file: the header of each column as written, and the data lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// `(column key, header as written)`, in the file's order.
    pub headers: Vec<(&'static str, String)>,
    /// Data lines (empty lines skipped).
    pub rows: Vec<SheetRow>,
}

impl Sheet {
    /// The header as written for a column key, else the column's label.
    pub fn header(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, h)| h.as_str())
    }
}

/// Parses `bytes` as a CSV of `columns`; refuses an unreadable file or unknown headers.
pub fn parse(bytes: &[u8], columns: &'static [Column]) -> Result<Sheet, String> {
    let text = decode(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let raw_headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("Fichier CSV illisible : {e}."))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if raw_headers.iter().all(String::is_empty) {
        return Err("Le fichier est vide : la première ligne doit nommer les colonnes.".to_owned());
    }
    let matched = match_headers(&raw_headers, columns)?;
    let headers: Vec<(&'static str, String)> = matched
        .iter()
        .zip(&raw_headers)
        .map(|(c, h)| (c.key, h.clone()))
        .collect();
    let mut rows = Vec::new();
    // Lines counted from the record's byte offset: the reader's own count is off with the
    // `\r\n` Excel writes.
    let (mut counted_to, mut line) = (0usize, 1u64);
    for record in reader.records() {
        let record = record.map_err(|e| format!("Fichier CSV illisible : {e}."))?;
        let mut start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(counted_to)
            .clamp(counted_to, text.len());
        // A record may be said to start on the `\n` that ends the line before it.
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let newlines = text
            .get(counted_to..start)
            .map_or(0, |t| t.matches('\n').count());
        line += u64::try_from(newlines).unwrap_or(0);
        counted_to = start;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() > headers.len() {
            return Err(format!(
                "Ligne {line} : {} cellules pour {} colonnes.",
                record.len(),
                headers.len()
            ));
        }
        let mut row = SheetRow {
            line,
            cells: Vec::new(),
            refused: Vec::new(),
        };
        for (index, (raw, (key, _))) in record.iter().zip(&headers).enumerate() {
            match cell_value(raw, &cell_name(index, line)) {
                Ok(value) if value.is_empty() => {}
                Ok(value) => row.cells.push((key, value)),
                Err(message) => row.refused.push((key, message)),
            }
        }
        rows.push(row);
    }
    Ok(Sheet { headers, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[Column] = &[
        Column {
            key: "last_name",
            label: "Nom",
            synonyms: &[],
            required: true,
        },
        Column {
            key: "first_name",
            label: "Prénom",
            synonyms: &[],
            required: true,
        },
    ];

    #[test]
    fn a_1252_file_with_semicolons_and_a_formula() {
        let sheet = parse(
            b"Nom;Pr\xE9nom\r\nC\x9Cur;Ana\xEFs\r\n;\r\n=1;L\x92a\r\n",
            COLUMNS,
        )
        .unwrap();
        assert_eq!(sheet.header("first_name"), Some("Prénom"));
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[0].line, 2);
        assert_eq!(sheet.rows[0].get("last_name"), Some("Cœur"));
        assert_eq!(sheet.rows[0].get("first_name"), Some("Anaïs"));
        assert_eq!(sheet.rows[1].line, 4);
        assert_eq!(sheet.rows[1].get("first_name"), Some("L’a"));
        assert_eq!(sheet.rows[1].refused[0].0, "last_name");
        assert!(sheet.rows[1].refused[0].1.contains("A4"));
    }

    #[test]
    fn a_comma_file_with_quotes() {
        let sheet = parse(
            "\u{feff}Nom,Prénom\n\"Dupont, dit Jo\",Jo\n".as_bytes(),
            COLUMNS,
        )
        .unwrap();
        assert_eq!(sheet.rows[0].get("last_name"), Some("Dupont, dit Jo"));
    }
}
