//! Tables in a layout (`[[table]]` with its `[[table.column]]`s): columns with widths and
//! headers, rows supplied by the caller under the table's `name`, cells that wrap, and cells that
//! hold a drawn signature. Tables flow one after the other between `[flow]`'s limits and continue
//! over as many pages as needed, their header repeated on each page ([`super::flow`] draws them).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::layout::{fill, parse_color};
use crate::domain::drawn_signature::DrawnSignature;

/// Where tables flow on the pages (millimetres from the top).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// Where the first table starts on the first page (below its fixed texts).
    pub first_top_mm: f32,
    /// Where tables continue on the following pages.
    pub top_mm: f32,
    /// The lowest a row may reach (above the footers).
    pub bottom_mm: f32,
    /// Space between two tables.
    #[serde(default = "default_gap")]
    pub gap_mm: f32,
}

/// One table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// The caller supplies this table's rows under this name.
    pub name: String,
    /// A heading above the table, with placeholders (repeated with « (suite) » on later pages).
    pub title: Option<String>,
    /// Left edge.
    pub x_mm: f32,
    /// Cells' font size.
    #[serde(default = "default_size")]
    pub size_pt: f32,
    /// Headers' font size (bold).
    #[serde(default = "default_size")]
    pub header_size_pt: f32,
    /// Space inside each cell.
    #[serde(default = "default_padding")]
    pub padding_mm: f32,
    /// The headers' background, `#rrggbb`.
    #[serde(default = "default_fill")]
    pub header_fill: String,
    /// The borders, `#rrggbb`.
    #[serde(default = "default_border")]
    pub border: String,
    /// What a table without rows shows instead (no table at all when absent).
    pub empty: Option<String>,
    /// The columns, left to right.
    #[serde(rename = "column")]
    pub columns: Vec<Column>,
}

/// A column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Its header (wraps like a cell).
    pub header: String,
    /// Its width.
    pub width_mm: f32,
    /// Height of a drawn signature in this column's cells.
    #[serde(default = "default_signature_height")]
    pub signature_height_mm: f32,
}

fn default_gap() -> f32 {
    6.0
}
fn default_size() -> f32 {
    8.0
}
fn default_padding() -> f32 {
    1.2
}
fn default_fill() -> String {
    "#e8ecf5".to_owned()
}
fn default_border() -> String {
    "#8a8a8a".to_owned()
}
fn default_signature_height() -> f32 {
    10.0
}

impl TableSpec {
    /// Checks colours, widths and the placeholders of the title and headers.
    pub fn check(&self, known: &BTreeMap<&str, String>) -> Result<(), String> {
        parse_color(&self.header_fill)?;
        parse_color(&self.border)?;
        if self.columns.is_empty() || self.columns.iter().any(|c| c.width_mm <= 0.0) {
            return Err(format!("table {}: columns need positive widths", self.name));
        }
        if let Some(title) = &self.title {
            fill(title, known)?;
        }
        for column in &self.columns {
            fill(&column.header, known)?;
        }
        Ok(())
    }

    /// The total width.
    pub fn width_mm(&self) -> f32 {
        self.columns.iter().map(|c| c.width_mm).sum()
    }
}

/// A cell supplied by the caller.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, wrapped to the column (`\n` breaks).
    Text(String),
    /// A caption (time, method) and, when there is one, the drawn signature below it.
    Signature {
        /// The text above the drawing.
        caption: String,
        /// The strokes, scaled into the cell.
        drawing: Option<DrawnSignature>,
    },
}

impl Cell {
    /// A text cell.
    pub fn text(value: impl Into<String>) -> Self {
        Self::Text(value.into())
    }
}

/// A table's rows, by table name.
pub type Rows = BTreeMap<String, Vec<Vec<Cell>>>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificates::{Documents, SHEET_PLACEHOLDERS};

    fn values() -> BTreeMap<&'static str, String> {
        SHEET_PLACEHOLDERS
            .iter()
            .map(|name| (*name, format!("«{name}»")))
            .collect()
    }

    fn rows(n: usize) -> Rows {
        let drawing = DrawnSignature::parse("M 10 10 L 100 80 L 200 20").ok();
        let trainees = (0..n)
            .map(|i| {
                vec![
                    Cell::text(format!("Stagiaire numéro {i}")),
                    Cell::Signature {
                        caption: "Présence\n9 h 02 · QR code".to_owned(),
                        drawing: drawing.clone(),
                    },
                    Cell::text("Absence"),
                ]
            })
            .collect();
        let mut rows = Rows::new();
        rows.insert("trainees".to_owned(), trainees);
        rows
    }

    #[test]
    fn tables_continue_over_pages_with_their_header_and_the_same_bytes_each_time() {
        let documents = Documents::load().unwrap();
        let at = chrono::NaiveDate::from_ymd_opt(2027, 1, 12)
            .unwrap()
            .and_hms_opt(16, 0, 0)
            .unwrap();
        let one = documents
            .render_flow(
                crate::certificates::FlowDocument::AttendanceSheet,
                &values(),
                &rows(40),
                "https://x.example/verify/CN-B",
                at,
            )
            .unwrap();
        let two = documents
            .render_flow(
                crate::certificates::FlowDocument::AttendanceSheet,
                &values(),
                &rows(40),
                "https://x.example/verify/CN-B",
                at,
            )
            .unwrap();
        assert_eq!(one, two, "the same inputs give the same bytes");
        let doc = lopdf::Document::load_mem(&one).unwrap();
        let pages = doc.get_pages().len();
        assert!(pages >= 3, "{pages} pages");
        for page in 1..=u32::try_from(pages).unwrap() {
            let text = doc.extract_text(&[page]).unwrap();
            assert!(text.contains("Stagiaire"), "page {page}: {text}");
            assert!(text.contains(&format!("Page {page} / {pages}")), "{text}");
        }
        let all = doc
            .extract_text(&(1..=u32::try_from(pages).unwrap()).collect::<Vec<_>>())
            .unwrap();
        assert!(all.contains("Stagiaire numéro 39"));
        assert!(all.contains("Aucune correction après clôture."));
    }
}
