//! Draws a certificate from its [`Layout`] with printpdf: texts in an embedded, subset font (so
//! the holder's accented name is real, extractable text), the logo (encoded once, see
//! [`super::output`]), rules, and the QR code drawn as one vector path ([`super::qr`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chrono::{Datelike, NaiveDateTime, Timelike};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, Point, Pt, RawImage, Rgb, TextItem, XObjectId, XObjectTransform,
};

use super::layout::{self, Align, Layout, TextBlock};
use super::output::{self, EncodedLogo};
use super::qr::qr_ops;

/// Line spacing, as a multiple of the font size.
pub(super) const LINE_SPACING: f32 = 1.3;

/// A layout with its fonts parsed and its logo encoded, ready to draw many certificates.
pub struct Prepared {
    layout: Layout,
    regular: Arc<ParsedFont>,
    bold: Arc<ParsedFont>,
    logo: Option<EncodedLogo>,
}

/// The font `name` parsed, once per process whatever the number of layouts naming it (each
/// parsed face holds its tables decoded: some megabytes).
fn parsed_once(name: &str, bytes: &'static [u8]) -> Result<Arc<ParsedFont>, String> {
    static PARSED: OnceLock<Mutex<HashMap<String, Arc<ParsedFont>>>> = OnceLock::new();
    let mut parsed = PARSED
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(face) = parsed.get(name) {
        return Ok(Arc::clone(face));
    }
    let face = Arc::new(
        ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .ok_or_else(|| format!("font {name} cannot be read"))?,
    );
    parsed.insert(name.to_owned(), Arc::clone(&face));
    Ok(face)
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Prepared({})", self.layout.document_title)
    }
}

pub(super) fn mm(value: f32) -> Pt {
    Mm(value).into_pt()
}

pub(super) fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

impl Prepared {
    /// Parses the fonts and decodes the logo that `layout` names, read through `file`.
    pub fn new(
        layout: Layout,
        file: impl Fn(&str) -> Option<&'static [u8]>,
    ) -> Result<Self, String> {
        let font = |name: &str| {
            let bytes = file(name).ok_or_else(|| format!("font {name} is missing"))?;
            parsed_once(name, bytes)
        };
        let regular = font(&layout.fonts.regular)?;
        let bold = font(&layout.fonts.bold)?;
        let logo = match &layout.logo {
            Some(logo) => {
                let bytes =
                    file(&logo.file).ok_or_else(|| format!("logo {} is missing", logo.file))?;
                let image = RawImage::decode_from_bytes(bytes, &mut Vec::new())
                    .map_err(|e| format!("logo {}: {e}", logo.file))?;
                Some(EncodedLogo::new(&image).map_err(|e| format!("logo {}: {e}", logo.file))?)
            }
            None => None,
        };
        Ok(Self {
            layout,
            regular,
            bold,
            logo,
        })
    }

    /// The width of `text` set in `font` at `size`.
    pub(super) fn text_width(font: &ParsedFont, text: &str, size: f32) -> f32 {
        let units = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        let advance: u32 = text
            .chars()
            .map(|c| {
                let glyph = font.lookup_glyph_index(u32::from(c)).unwrap_or(0);
                u32::from(font.get_horizontal_advance(glyph))
            })
            .sum();
        // Advances of one line stay far below f32's exact-integer range.
        #[allow(clippy::cast_precision_loss)]
        let advance = advance as f32;
        advance / units * size
    }

    /// Draws one certificate. `values` fills the placeholders; `qr_url` is what the QR code
    /// opens; `issued_at` becomes the document's dates.
    pub fn render(
        &self,
        values: &BTreeMap<&str, String>,
        qr_url: &str,
        issued_at: NaiveDateTime,
    ) -> Result<Vec<u8>, String> {
        let layout = &self.layout;
        let mut doc = self.document(values, issued_at)?;
        let (regular, bold) = self.add_faces(&mut doc);
        let ops = self.first_page_ops(values, qr_url, (&regular, &bold))?;
        let page = PdfPage::new(Mm(layout.width_mm), Mm(layout.height_mm), ops);
        self.save(doc.with_pages(vec![page]))
    }

    /// Adds the regular and bold faces to `doc` under fixed resource names (`F1`, `F2`), so that
    /// equal inputs give equal bytes.
    pub(super) fn add_faces(&self, doc: &mut PdfDocument) -> (FontId, FontId) {
        let (regular, bold) = (FontId("F1".to_owned()), FontId("F2".to_owned()));
        for (id, face) in [(&regular, &self.regular), (&bold, &self.bold)] {
            doc.resources
                .fonts
                .map
                .insert(id.clone(), PdfFont::new(ParsedFont::clone(face)));
        }
        (regular, bold)
    }

    /// The bytes of `doc`, drawn from this layout (its logo attached).
    pub(super) fn save(&self, doc: &PdfDocument) -> Result<Vec<u8>, String> {
        output::save(doc, self.logo.as_ref())
    }

    /// The layout.
    pub(super) fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The regular and bold faces.
    pub(super) fn faces(&self) -> (&ParsedFont, &ParsedFont) {
        (&*self.regular, &*self.bold)
    }

    /// An empty document titled and dated (`at` for every date, so nothing reads the clock).
    pub(super) fn document(
        &self,
        values: &BTreeMap<&str, String>,
        at: NaiveDateTime,
    ) -> Result<PdfDocument, String> {
        let mut doc = PdfDocument::new(&layout::fill(&self.layout.document_title, values)?);
        let when = pdf_date(at);
        doc.metadata.info.creation_date = when;
        doc.metadata.info.modification_date = when;
        doc.metadata.info.metadata_date = when;
        "parcours".clone_into(&mut doc.metadata.info.creator);
        "parcours".clone_into(&mut doc.metadata.info.producer);
        Ok(doc)
    }

    /// The first page's fixed elements: logo, rules, QR code and texts.
    pub(super) fn first_page_ops(
        &self,
        values: &BTreeMap<&str, String>,
        qr_url: &str,
        (regular, bold): (&FontId, &FontId),
    ) -> Result<Vec<Op>, String> {
        let layout = &self.layout;
        let top = layout.height_mm;
        let mut ops = Vec::new();

        if let (Some(logo), Some(image)) = (&layout.logo, &self.logo) {
            #[allow(clippy::cast_precision_loss)] // pixel sizes of a logo
            let (w, h) = (image.width as f32, image.height as f32);
            let height_mm = logo.width_mm * h / w.max(1.0);
            // The image is a unit square: scaled to its size on the page, then placed.
            ops.push(Op::UseXobject {
                id: XObjectId(output::LOGO_NAME.to_owned()),
                transform: XObjectTransform {
                    translate_x: Some(mm(logo.x_mm)),
                    translate_y: Some(mm(top - logo.y_mm - height_mm)),
                    scale_x: Some(mm(logo.width_mm).0),
                    scale_y: Some(mm(height_mm).0),
                    no_auto_scale: true,
                    ..Default::default()
                },
            });
        }

        for rule in &layout.rules {
            ops.push(Op::SetOutlineColor {
                col: rgb(layout::parse_color(&rule.color)?),
            });
            ops.push(Op::SetOutlineThickness {
                pt: Pt(rule.thickness_pt),
            });
            ops.push(Op::DrawLine {
                line: segment(
                    (rule.x1_mm, top - rule.y1_mm),
                    (rule.x2_mm, top - rule.y2_mm),
                ),
            });
        }

        if let Some(qr) = &layout.qr {
            qr_ops(&mut ops, qr_url, qr, top)?;
        }

        for block in &layout.texts {
            let text = layout::fill(&block.text, values)?;
            self.block_ops(&mut ops, block, &text, (regular, bold))?;
        }
        Ok(ops)
    }

    /// A text block, filled, in its face.
    pub(super) fn block_ops(
        &self,
        ops: &mut Vec<Op>,
        block: &TextBlock,
        text: &str,
        (regular, bold): (&FontId, &FontId),
    ) -> Result<(), String> {
        let (font, id) = if block.bold {
            (&self.bold, bold)
        } else {
            (&self.regular, regular)
        };
        self.text_ops(ops, block, text, font, id)
    }

    fn text_ops(
        &self,
        ops: &mut Vec<Op>,
        block: &TextBlock,
        text: &str,
        font: &ParsedFont,
        id: &FontId,
    ) -> Result<(), String> {
        let size = block.size_pt;
        let max_width = block.max_width_mm.map(|w| mm(w).0);
        let lines = layout::wrap(text, max_width, |s| Self::text_width(font, s, size));
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: Pt(size),
        });
        ops.push(Op::SetFillColor {
            col: rgb(layout::parse_color(&block.color)?),
        });
        let baseline = mm(self.layout.height_mm - block.y_mm).0;
        for (i, line) in lines.into_iter().enumerate() {
            #[allow(clippy::cast_precision_loss)] // a handful of lines
            let y = baseline - i as f32 * size * LINE_SPACING;
            let x = match block.align {
                Align::Left => mm(block.x_mm).0,
                Align::Center => mm(block.x_mm).0 - Self::text_width(font, &line, size) / 2.0,
            };
            ops.push(Op::SetTextCursor {
                pos: Point { x: Pt(x), y: Pt(y) },
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(line)],
            });
            // The cursor is absolute for each line: reset the text matrix between lines.
            ops.push(Op::EndTextSection);
            ops.push(Op::StartTextSection);
        }
        ops.push(Op::EndTextSection);
        Ok(())
    }
}

/// A straight segment between two points in millimetres from the page's bottom-left corner.
pub(super) fn segment((x1, y1): (f32, f32), (x2, y2): (f32, f32)) -> Line {
    Line {
        points: vec![
            LinePoint {
                p: Point {
                    x: mm(x1),
                    y: mm(y1),
                },
                bezier: false,
            },
            LinePoint {
                p: Point {
                    x: mm(x2),
                    y: mm(y2),
                },
                bezier: false,
            },
        ],
        is_closed: false,
    }
}

/// A naive UTC instant as printpdf's date.
pub(super) fn pdf_date(at: NaiveDateTime) -> printpdf::OffsetDateTime {
    let narrow = |v: u32| u8::try_from(v).unwrap_or(0);
    printpdf::OffsetDateTime::new_in_offset(
        printpdf::Date {
            year: at.year(),
            month: narrow(at.month()),
            day: narrow(at.day()),
        },
        printpdf::Time {
            hour: narrow(at.hour()),
            minute: narrow(at.minute()),
            second: narrow(at.second()),
            millisecond: 0,
        },
        printpdf::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    )
}
