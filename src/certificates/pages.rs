//! Documents of one page per entry in one PDF (a cohort's certificats de réalisation), each page
//! with its own values, QR code and the signatory's PNG signature when the layout places one.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use printpdf::{Mm, Op, PdfPage, RawImage, XObjectTransform};

use super::render::{Prepared, mm};

/// One page's values: the placeholders, what its QR code opens, and the signatory's PNG
/// signature, when the layout places one.
#[derive(Debug, Clone, Copy)]
pub struct PageValues<'a> {
    /// The placeholders' values.
    pub values: &'a BTreeMap<&'a str, String>,
    /// What the QR code opens.
    pub qr_url: &'a str,
    /// A PNG drawn in the layout's `[signature]` box.
    pub signature_png: Option<&'a [u8]>,
}

impl Prepared {
    /// Draws one page per entry of `pages` into one PDF (titled after the first page);
    /// `identifier` becomes the document's identifier (plain ASCII, kept readable in the file).
    pub fn render_pages(
        &self,
        pages: &[PageValues<'_>],
        issued_at: NaiveDateTime,
        identifier: &str,
    ) -> Result<Vec<u8>, String> {
        let layout = self.layout();
        let empty = BTreeMap::new();
        let first = pages.first().map_or(&empty, |page| page.values);
        let mut doc = self.document(first, issued_at)?;
        identifier.clone_into(&mut doc.metadata.info.identifier);
        let (regular, bold) = self.add_faces(&mut doc);
        let mut drawn = Vec::with_capacity(pages.len());
        for page in pages {
            let mut ops = self.first_page_ops(page.values, page.qr_url, (&regular, &bold))?;
            if let (Some(place), Some(png)) = (&layout.signature, page.signature_png) {
                // A signature that does not decode is left out rather than failing the document.
                if let Ok(image) = RawImage::decode_from_bytes(png, &mut Vec::new()) {
                    let id = doc.add_image(&image);
                    #[allow(clippy::cast_precision_loss)] // pixel sizes of a signature
                    let (w, h) = (image.width as f32, image.height as f32);
                    let height_mm = place.width_mm * h / w.max(1.0);
                    ops.push(Op::UseXobject {
                        id,
                        transform: XObjectTransform {
                            translate_x: Some(mm(place.x_mm)),
                            translate_y: Some(mm(layout.height_mm - place.y_mm - height_mm)),
                            dpi: Some(w * 25.4 / place.width_mm.max(1.0)),
                            ..Default::default()
                        },
                    });
                }
            }
            drawn.push(PdfPage::new(Mm(layout.width_mm), Mm(layout.height_mm), ops));
        }
        self.save(doc.with_pages(drawn))
    }
}
