//! A document's layout, read from `certificates/{kind}.toml`: page size, fonts, logo, QR code,
//! rules and texts with `{placeholders}` on the first page; tables that flow over as many pages
//! as their rows need (`[[table]]`, `[flow]`, see [`super::table`]) and footers on every page
//! (`[[footer]]`, which may also use `{page}` and `{pages}`). Pure data and the rules for
//! filling it in.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::table::{Flow, TableSpec};

/// One certificate kind's layout.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// The PDF's title (document properties), with placeholders.
    pub document_title: String,
    /// Page width.
    pub width_mm: f32,
    /// Page height.
    pub height_mm: f32,
    /// The font files, relative to `certificates/`.
    pub fonts: Fonts,
    /// An optional PNG logo.
    pub logo: Option<Logo>,
    /// Where the QR code to the verification page goes (none on unsealed documents).
    pub qr: Option<Qr>,
    /// Where the signatory's signature image goes, when the document carries one.
    #[serde(default)]
    pub signature: Option<ImageBox>,
    /// Straight lines.
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
    /// Texts.
    #[serde(default, rename = "text")]
    pub texts: Vec<TextBlock>,
    /// Where tables flow, when the layout has any.
    pub flow: Option<Flow>,
    /// Tables, drawn one after the other in the flow, rows supplied by the caller.
    #[serde(default, rename = "table")]
    pub tables: Vec<TableSpec>,
    /// Texts drawn on every page (`y_mm` from the top), with `{page}` and `{pages}`.
    #[serde(default, rename = "footer")]
    pub footers: Vec<TextBlock>,
}

/// Regular and bold faces.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    /// The regular face.
    pub regular: String,
    /// The bold face.
    pub bold: String,
}

/// A PNG image placed by its top-left corner.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    /// The PNG file, relative to `certificates/`.
    pub file: String,
    /// Left edge.
    pub x_mm: f32,
    /// Top edge.
    pub y_mm: f32,
    /// Printed width (the height follows the image's proportions).
    pub width_mm: f32,
}

/// A box for an image supplied with each document (a signature), placed by its top-left corner.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageBox {
    /// Left edge.
    pub x_mm: f32,
    /// Top edge.
    pub y_mm: f32,
    /// Printed width (the height follows the image's proportions).
    pub width_mm: f32,
}

/// The square QR code, placed by its top-left corner.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qr {
    /// Left edge.
    pub x_mm: f32,
    /// Top edge.
    pub y_mm: f32,
    /// Side.
    pub size_mm: f32,
}

/// A straight line.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Start, from the left.
    pub x1_mm: f32,
    /// Start, from the top.
    pub y1_mm: f32,
    /// End, from the left.
    pub x2_mm: f32,
    /// End, from the top.
    pub y2_mm: f32,
    /// Stroke width.
    pub thickness_pt: f32,
    /// `#rrggbb`.
    #[serde(default = "black")]
    pub color: String,
}

/// Horizontal alignment of a text on its `x_mm`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// `x_mm` is the left edge.
    #[default]
    Left,
    /// `x_mm` is the centre.
    Center,
}

/// A text, wrapped to `max_width_mm` when given; `\n` starts a new line.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextBlock {
    /// The text, with placeholders.
    pub text: String,
    /// Anchor, from the left.
    pub x_mm: f32,
    /// Baseline of the first line, from the top.
    pub y_mm: f32,
    /// Font size.
    pub size_pt: f32,
    /// Bold face.
    #[serde(default)]
    pub bold: bool,
    /// Alignment on `x_mm`.
    #[serde(default)]
    pub align: Align,
    /// Wrap width.
    pub max_width_mm: Option<f32>,
    /// `#rrggbb`.
    #[serde(default = "black")]
    pub color: String,
}

fn black() -> String {
    "#000000".to_owned()
}

impl Layout {
    /// Parses an attestation's layout file and checks what the renderer relies on.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::parse_with(text, PLACEHOLDERS)
    }

    /// Parses a layout whose texts may use `placeholders` (footers also `{page}`, `{pages}`).
    pub fn parse_with(text: &str, placeholders: &[&str]) -> Result<Self, String> {
        let layout: Self = toml::from_str(text).map_err(|e| e.to_string())?;
        if layout.width_mm <= 0.0 || layout.height_mm <= 0.0 {
            return Err("page size must be positive".to_owned());
        }
        if layout.qr.as_ref().is_some_and(|qr| qr.size_mm <= 0.0) {
            return Err("qr.size_mm must be positive".to_owned());
        }
        if !layout.tables.is_empty() && layout.flow.is_none() {
            return Err("a layout with tables needs a [flow]".to_owned());
        }
        for color in layout
            .rules
            .iter()
            .map(|r| &r.color)
            .chain(layout.texts.iter().map(|t| &t.color))
            .chain(layout.footers.iter().map(|t| &t.color))
        {
            parse_color(color)?;
        }
        let mut known = BTreeMap::new();
        for name in placeholders {
            known.insert(*name, String::new());
        }
        for text in layout
            .texts
            .iter()
            .map(|t| t.text.as_str())
            .chain([layout.document_title.as_str()])
        {
            fill(text, &known)?;
        }
        for table in &layout.tables {
            table.check(&known)?;
        }
        known.insert("page", String::new());
        known.insert("pages", String::new());
        for footer in &layout.footers {
            fill(&footer.text, &known)?;
        }
        Ok(layout)
    }
}

/// The placeholders a layout may use.
pub const PLACEHOLDERS: &[&str] = &[
    "holder_name",
    "birth_date",
    // « née le … », « né le … » or « Date de naissance : … », by the holder's form of address.
    "born_on",
    "certification_code",
    "certification",
    "title_name",
    "title_version",
    "result_date",
    "jury_session",
    "organiser",
    "issuer",
    "issued_on",
    "code",
    "verify_url",
    // Certificat de réalisation and attestation de fin de formation.
    "body_name",
    "body_siret",
    "body_nda",
    "body_address",
    "signatory_name",
    "signatory_role",
    "trainee_name",
    "employer",
    "action_title",
    "nature_formation",
    "nature_bilan",
    "nature_vae",
    "nature_apprentissage",
    "first_day",
    "last_day",
    "hours_completed",
    "hours_scheduled",
    "objectives",
    "assessment",
    "city",
];

/// Replaces each `{name}` by its value, printed on one line (a line break or any other control
/// character stored in a venue or a name before the input rule existed becomes a space); an
/// unknown name or an unclosed brace is an error.
pub fn fill(template: &str, values: &BTreeMap<&str, String>) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after
            .find('}')
            .ok_or_else(|| format!("unclosed placeholder in {template:?}"))?;
        let name = &after[..end];
        let value = values
            .get(name)
            .ok_or_else(|| format!("unknown placeholder {{{name}}} in {template:?}"))?;
        push_one_line(&mut out, value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Appends `value` with its runs of whitespace and control characters as single spaces.
fn push_one_line(out: &mut String, value: &str) {
    let mut words = value
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty());
    if let Some(first) = words.next() {
        out.push_str(first);
        for word in words {
            out.push(' ');
            out.push_str(word);
        }
    }
}

/// `#rrggbb` as RGB fractions.
pub fn parse_color(hex: &str) -> Result<(f32, f32, f32), String> {
    let digits = hex
        .strip_prefix('#')
        .filter(|d| d.len() == 6 && d.is_ascii())
        .ok_or_else(|| format!("colour {hex:?} is not #rrggbb"))?;
    let channel = |i: usize| {
        u8::from_str_radix(&digits[i..i + 2], 16)
            .map(|v| f32::from(v) / 255.0)
            .map_err(|_| format!("colour {hex:?} is not #rrggbb"))
    };
    Ok((channel(0)?, channel(2)?, channel(4)?))
}

/// Splits `text` into lines no wider than `max_width` (as measured by `width`), breaking at
/// spaces; a word wider than the limit stands on its own line. `\n` always breaks.
pub fn wrap(text: &str, max_width: Option<f32>, width: impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let Some(limit) = max_width else {
            lines.push(paragraph.to_owned());
            continue;
        };
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            if line.is_empty() {
                line.push_str(word);
                continue;
            }
            let candidate = format!("{line} {word}");
            if width(&candidate) <= limit {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line.push_str(word);
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> BTreeMap<&'static str, String> {
        let mut v = BTreeMap::new();
        v.insert("holder_name", "Éloïse Ménard".to_owned());
        v.insert("code", "CN-BCDF2346".to_owned());
        v
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill("{holder_name} ({code})", &values()).unwrap(),
            "Éloïse Ménard (CN-BCDF2346)"
        );
        assert_eq!(fill("sans champ", &values()).unwrap(), "sans champ");
        let mut multi = values();
        multi.insert("holder_name", "Salle 2\r\nBâtiment\tB\0".to_owned());
        assert_eq!(
            fill("à {holder_name}.", &multi).unwrap(),
            "à Salle 2 Bâtiment B."
        );
    }

    #[test]
    fn unknown_or_unclosed_placeholders_are_errors() {
        assert!(fill("{nom}", &values()).unwrap_err().contains("unknown"));
        assert!(fill("{code", &values()).unwrap_err().contains("unclosed"));
    }

    #[test]
    fn colours_parse() {
        assert_eq!(parse_color("#ff0000").unwrap(), (1.0, 0.0, 0.0));
        assert!(parse_color("red").is_err());
        assert!(parse_color("#ff00").is_err());
    }

    #[test]
    fn wrapping_breaks_at_spaces_within_the_width() {
        let width = |s: &str| f32::from(u16::try_from(s.chars().count()).unwrap());
        assert_eq!(
            wrap("un deux trois quatre", Some(9.0), width),
            vec!["un deux", "trois", "quatre"]
        );
        assert_eq!(wrap("a\nb c", None, width), vec!["a", "b c"]);
        assert_eq!(
            wrap("anticonstitutionnellement x", Some(5.0), width),
            vec!["anticonstitutionnellement", "x"]
        );
    }

    #[test]
    fn the_shipped_layouts_parse() {
        for text in [
            include_str!("../../certificates/ccp.toml"),
            include_str!("../../certificates/title.toml"),
            include_str!("../../certificates/certificat_realisation.toml"),
            include_str!("../../certificates/attestation_fin_formation.toml"),
        ] {
            let layout = Layout::parse(text).unwrap();
            assert!(!layout.texts.is_empty());
            assert!(layout.texts.iter().any(|t| t.text.contains("{code}")));
        }
    }

    #[test]
    fn a_layout_with_an_unknown_placeholder_is_refused() {
        let text = include_str!("../../certificates/ccp.toml").replace("{code}", "{kode}");
        assert!(Layout::parse(&text).unwrap_err().contains("kode"));
    }
}
