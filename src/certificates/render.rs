//! Draws a certificate from its [`Layout`] with printpdf: texts in an embedded, subset font (so
//! the holder's accented name is real, extractable text), the logo, rules, and the QR code drawn as
//! vector squares.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDateTime, Timelike};
use printpdf::{
    Color, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, RawImage, Rect, Rgb, TextItem, WindingOrder, XObjectTransform,
};
use qrcode::{EcLevel, QrCode};

use super::layout::{self, Align, Layout, TextBlock};

/// Line spacing, as a multiple of the font size.
const LINE_SPACING: f32 = 1.3;

/// A layout with its fonts parsed and its logo decoded, ready to draw many certificates.
pub struct Prepared {
    layout: Layout,
    regular: ParsedFont,
    bold: ParsedFont,
    logo: Option<RawImage>,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Prepared({})", self.layout.document_title)
    }
}

fn mm(value: f32) -> Pt {
    Mm(value).into_pt()
}

fn rgb((r, g, b): (f32, f32, f32)) -> Color {
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
            ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
                .ok_or_else(|| format!("font {name} cannot be read"))
        };
        let regular = font(&layout.fonts.regular)?;
        let bold = font(&layout.fonts.bold)?;
        let logo = match &layout.logo {
            Some(logo) => {
                let bytes =
                    file(&logo.file).ok_or_else(|| format!("logo {} is missing", logo.file))?;
                Some(
                    RawImage::decode_from_bytes(bytes, &mut Vec::new())
                        .map_err(|e| format!("logo {}: {e}", logo.file))?,
                )
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
    fn text_width(font: &ParsedFont, text: &str, size: f32) -> f32 {
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
        self.render_pages(
            &[PageValues {
                values,
                qr_url,
                signature_png: None,
            }],
            issued_at,
            "",
        )
    }

    /// Draws one page per entry of `pages` into one PDF (titled after the first page);
    /// `identifier` becomes the document's identifier (plain ASCII, kept readable in the file).
    pub fn render_pages(
        &self,
        pages: &[PageValues<'_>],
        issued_at: NaiveDateTime,
        identifier: &str,
    ) -> Result<Vec<u8>, String> {
        let layout = &self.layout;
        let title = match pages.first() {
            Some(first) => layout::fill(&layout.document_title, first.values)?,
            None => String::new(),
        };
        let mut doc = PdfDocument::new(&title);
        let when = pdf_date(issued_at);
        doc.metadata.info.creation_date = when;
        doc.metadata.info.modification_date = when;
        doc.metadata.info.metadata_date = when;
        "parcours".clone_into(&mut doc.metadata.info.creator);
        "parcours".clone_into(&mut doc.metadata.info.producer);
        identifier.clone_into(&mut doc.metadata.info.identifier);
        let regular = doc.add_font(&self.regular);
        let bold = doc.add_font(&self.bold);
        let logo = self
            .logo
            .as_ref()
            .map(|image| (doc.add_image(image), image));
        let mut drawn = Vec::with_capacity(pages.len());
        for page in pages {
            let mut ops = Vec::new();
            if let (Some(place), Some((id, image))) = (&layout.logo, &logo) {
                image_op(
                    &mut ops,
                    id.clone(),
                    image,
                    place.x_mm,
                    place.y_mm,
                    place.width_mm,
                    layout.height_mm,
                );
            }
            if let (Some(place), Some(png)) = (&layout.signature, page.signature_png) {
                // A signature that does not decode is left out rather than failing the document.
                if let Ok(image) = RawImage::decode_from_bytes(png, &mut Vec::new()) {
                    let id = doc.add_image(&image);
                    image_op(
                        &mut ops,
                        id,
                        &image,
                        place.x_mm,
                        place.y_mm,
                        place.width_mm,
                        layout.height_mm,
                    );
                }
            }
            self.page_ops(&mut ops, page.values, page.qr_url, &regular, &bold)?;
            drawn.push(PdfPage::new(Mm(layout.width_mm), Mm(layout.height_mm), ops));
        }
        let mut warnings = Vec::new();
        Ok(doc
            .with_pages(drawn)
            .save(&PdfSaveOptions::default(), &mut warnings))
    }

    /// The rules, QR code and texts of one page.
    fn page_ops(
        &self,
        ops: &mut Vec<Op>,
        values: &BTreeMap<&str, String>,
        qr_url: &str,
        regular: &printpdf::FontId,
        bold: &printpdf::FontId,
    ) -> Result<(), String> {
        let layout = &self.layout;
        let top = layout.height_mm;
        for rule in &layout.rules {
            ops.push(Op::SetOutlineColor {
                col: rgb(layout::parse_color(&rule.color)?),
            });
            ops.push(Op::SetOutlineThickness {
                pt: Pt(rule.thickness_pt),
            });
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: mm(rule.x1_mm),
                                y: mm(top - rule.y1_mm),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: mm(rule.x2_mm),
                                y: mm(top - rule.y2_mm),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
        }

        qr_ops(ops, qr_url, layout, top)?;

        for block in &layout.texts {
            let text = layout::fill(&block.text, values)?;
            let (font, id) = if block.bold {
                (&self.bold, bold)
            } else {
                (&self.regular, regular)
            };
            self.text_ops(ops, block, &text, font, id)?;
        }
        Ok(())
    }

    fn text_ops(
        &self,
        ops: &mut Vec<Op>,
        block: &TextBlock,
        text: &str,
        font: &ParsedFont,
        id: &printpdf::FontId,
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

/// What one page of a document says: its placeholders' values, the QR code's address and the
/// signatory's PNG signature, when the layout places one.
#[derive(Debug, Clone, Copy)]
pub struct PageValues<'a> {
    /// The placeholders' values.
    pub values: &'a BTreeMap<&'a str, String>,
    /// What the QR code opens.
    pub qr_url: &'a str,
    /// A PNG drawn in the layout's `[signature]` box.
    pub signature_png: Option<&'a [u8]>,
}

/// Places an image by its top-left corner, `width_mm` wide (its height follows its proportions).
fn image_op(
    ops: &mut Vec<Op>,
    id: printpdf::XObjectId,
    image: &RawImage,
    x_mm: f32,
    y_mm: f32,
    width_mm: f32,
    top: f32,
) {
    #[allow(clippy::cast_precision_loss)] // pixel sizes of a logo or a signature
    let (w, h) = (image.width as f32, image.height as f32);
    let height_mm = width_mm * h / w.max(1.0);
    ops.push(Op::UseXobject {
        id,
        transform: XObjectTransform {
            translate_x: Some(mm(x_mm)),
            translate_y: Some(mm(top - y_mm - height_mm)),
            dpi: Some(w * 25.4 / width_mm.max(1.0)),
            ..Default::default()
        },
    });
}

/// The QR code as filled squares, one rectangle per run of dark modules in a row.
fn qr_ops(ops: &mut Vec<Op>, url: &str, layout: &Layout, top: f32) -> Result<(), String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|e| format!("QR code: {e}"))?;
    let width = code.width();
    let colors = code.to_colors();
    #[allow(clippy::cast_precision_loss)] // a QR code is at most 177 modules wide
    let module = layout.qr.size_mm / width as f32;
    ops.push(Op::SetFillColor {
        col: rgb((0.0, 0.0, 0.0)),
    });
    for row in 0..width {
        let mut col = 0;
        while col < width {
            if colors[row * width + col] == qrcode::Color::Light {
                col += 1;
                continue;
            }
            let start = col;
            while col < width && colors[row * width + col] == qrcode::Color::Dark {
                col += 1;
            }
            #[allow(clippy::cast_precision_loss)]
            let (x, y, run) = (start as f32, row as f32, (col - start) as f32);
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: mm(layout.qr.x_mm + x * module),
                    y: mm(top - layout.qr.y_mm - (y + 1.0) * module),
                    width: mm(run * module),
                    height: mm(module),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            });
        }
    }
    Ok(())
}

/// A naive UTC instant as printpdf's date.
fn pdf_date(at: NaiveDateTime) -> printpdf::OffsetDateTime {
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
