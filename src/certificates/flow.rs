//! Draws a layout with tables: the first page's fixed elements, then each table's rows flowing
//! down the pages (a new page when a row would pass `[flow].bottom_mm`, the table's title and
//! header repeated on it), then the footers on every page (« Page n / N »). The output is
//! deterministic: fonts and images under fixed resource names, the document's dates given by the
//! caller and its trailer identifier derived from its content, so equal inputs give equal bytes.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use printpdf::{
    FontId, Mm, Op, PaintMode, ParsedFont, PdfFontHandle, PdfPage, Point, Pt, Rect, TextItem,
    WindingOrder,
};

use super::layout::{self, wrap};
use super::render::{LINE_SPACING, Prepared, mm, rgb, segment};
use super::table::{Cell, Column, Rows, TableSpec};

/// Points to millimetres.
const PT_MM: f32 = 25.4 / 72.0;
/// The stroke of drawn signatures.
const INK: (f32, f32, f32) = (0.05, 0.15, 0.45);

/// The pages being filled: ops per page and the cursor (millimetres from the top).
struct Pages<'a> {
    prepared: &'a Prepared,
    fonts: (&'a FontId, &'a FontId),
    ops_per_page: Vec<Vec<Op>>,
    y: f32,
}

impl Prepared {
    /// Draws a document whose layout has tables: `values` fill the placeholders, `rows` the
    /// tables by name, `qr_url` the QR code (when the layout has one), `at` the document's dates.
    pub fn render_flow(
        &self,
        values: &BTreeMap<&str, String>,
        rows: &Rows,
        qr_url: &str,
        at: NaiveDateTime,
    ) -> Result<Vec<u8>, String> {
        let layout = self.layout();
        let flow = layout
            .flow
            .as_ref()
            .ok_or_else(|| "this layout has no [flow]".to_owned())?;
        let mut doc = self.document(values, at)?;
        let (regular, bold) = self.add_faces(&mut doc);
        let first = self.first_page_ops(values, qr_url, (&regular, &bold))?;
        let mut pages = Pages {
            prepared: self,
            fonts: (&regular, &bold),
            ops_per_page: vec![first],
            y: flow.first_top_mm,
        };
        for (i, table) in layout.tables.iter().enumerate() {
            if i > 0 {
                pages.y += flow.gap_mm;
            }
            let empty = Vec::new();
            let table_rows = rows.get(&table.name).unwrap_or(&empty);
            pages.table(table, table_rows, values, flow.top_mm, flow.bottom_mm)?;
        }
        let count = pages.ops_per_page.len();
        let mut numbered = values.clone();
        numbered.insert("pages", count.to_string());
        let mut out = Vec::with_capacity(count);
        for (i, mut ops) in pages.ops_per_page.into_iter().enumerate() {
            numbered.insert("page", (i + 1).to_string());
            for footer in &layout.footers {
                let text = layout::fill(&footer.text, &numbered)?;
                self.block_ops(&mut ops, footer, &text, (&regular, &bold))?;
            }
            out.push(PdfPage::new(Mm(layout.width_mm), Mm(layout.height_mm), ops));
        }
        self.save(doc.with_pages(out))
    }
}

fn line_height(size_pt: f32) -> f32 {
    size_pt * LINE_SPACING * PT_MM
}

impl Pages<'_> {
    fn ops(&mut self) -> &mut Vec<Op> {
        let last = self.ops_per_page.len() - 1;
        &mut self.ops_per_page[last]
    }

    fn new_page(&mut self, top: f32) {
        self.ops_per_page.push(Vec::new());
        self.y = top;
    }

    fn font(&self, bold: bool) -> (&ParsedFont, FontId) {
        let (regular, bold_face) = self.prepared.faces();
        if bold {
            (bold_face, self.fonts.1.clone())
        } else {
            (regular, self.fonts.0.clone())
        }
    }

    fn lines(&self, text: &str, width_mm: f32, size: f32, bold: bool) -> Vec<String> {
        let (font, _) = self.font(bold);
        wrap(text, Some(mm(width_mm).0), |s| {
            Prepared::text_width(font, s, size)
        })
    }

    fn page_height(&self) -> f32 {
        self.prepared.layout().height_mm
    }

    /// Draws lines of text from `top` (millimetres from the top) at `x`.
    fn text(&mut self, lines: &[String], x: f32, top: f32, size: f32, bold: bool) {
        let (_, id) = self.font(bold);
        let height = self.page_height();
        let ops = self.ops();
        for (i, line) in lines.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)] // a handful of lines
            let baseline = top + size * PT_MM + i as f32 * line_height(size);
            ops.push(Op::StartTextSection);
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: Pt(size),
            });
            ops.push(Op::SetFillColor {
                col: rgb((0.0, 0.0, 0.0)),
            });
            ops.push(Op::SetTextCursor {
                pos: Point {
                    x: mm(x),
                    y: mm(height - baseline),
                },
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(line.clone())],
            });
            ops.push(Op::EndTextSection);
        }
    }

    fn rect(&mut self, (x, top, w, h): (f32, f32, f32, f32), paint: PaintMode) {
        let height = self.page_height();
        self.ops().push(Op::DrawRectangle {
            rectangle: Rect {
                x: mm(x),
                y: mm(height - top - h),
                width: mm(w),
                height: mm(h),
                mode: Some(paint),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    /// The wrapped content of each cell and the row's height.
    fn measure(
        &self,
        table: &TableSpec,
        cells: &[Cell],
        bold: bool,
        size: f32,
    ) -> (Vec<Vec<String>>, f32) {
        let pad = table.padding_mm;
        let mut height: f32 = 0.0;
        let mut wrapped = Vec::with_capacity(table.columns.len());
        for (i, column) in table.columns.iter().enumerate() {
            let (text, drawing) = match cells.get(i) {
                Some(Cell::Text(t)) => (t.as_str(), false),
                Some(Cell::Signature { caption, drawing }) => (caption.as_str(), drawing.is_some()),
                None => ("", false),
            };
            let lines = self.lines(text, column.width_mm - 2.0 * pad, size, bold);
            #[allow(clippy::cast_precision_loss)]
            let mut h = lines.len() as f32 * line_height(size) + 2.0 * pad;
            if drawing {
                h += column.signature_height_mm;
            }
            height = height.max(h);
            wrapped.push(lines);
        }
        (wrapped, height)
    }

    fn row(&mut self, table: &TableSpec, cells: &[Cell], header: bool) -> Result<(), String> {
        let size = if header {
            table.header_size_pt
        } else {
            table.size_pt
        };
        let (wrapped, height) = self.measure(table, cells, header, size);
        let (pad, top) = (table.padding_mm, self.y);
        let mut x = table.x_mm;
        if header {
            self.ops().push(Op::SetFillColor {
                col: rgb(layout::parse_color(&table.header_fill)?),
            });
            self.rect((x, top, table.width_mm(), height), PaintMode::Fill);
        }
        self.ops().push(Op::SetOutlineColor {
            col: rgb(layout::parse_color(&table.border)?),
        });
        self.ops().push(Op::SetOutlineThickness { pt: Pt(0.5) });
        for (i, column) in table.columns.iter().enumerate() {
            self.rect((x, top, column.width_mm, height), PaintMode::Stroke);
            self.text(&wrapped[i], x + pad, top + pad, size, header);
            if let Some(Cell::Signature {
                drawing: Some(drawing),
                ..
            }) = cells.get(i)
            {
                #[allow(clippy::cast_precision_loss)]
                let caption = wrapped[i].len() as f32 * line_height(size);
                self.drawing(drawing, column, (x + pad, top + pad + caption), pad);
            }
            x += column.width_mm;
        }
        self.y += height;
        Ok(())
    }

    /// A drawn signature's strokes as lines, scaled into the column's signature box.
    fn drawing(
        &mut self,
        drawing: &crate::domain::drawn_signature::DrawnSignature,
        column: &Column,
        (x0, y0): (f32, f32),
        pad: f32,
    ) {
        use crate::domain::drawn_signature::{HEIGHT, WIDTH};
        let scale =
            ((column.width_mm - 2.0 * pad) / WIDTH).min(column.signature_height_mm / HEIGHT);
        let height = self.page_height();
        let ops = self.ops();
        ops.push(Op::SetOutlineColor { col: rgb(INK) });
        ops.push(Op::SetOutlineThickness { pt: Pt(0.7) });
        for stroke in &drawing.strokes {
            for pair in stroke.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                ops.push(Op::DrawLine {
                    line: segment(
                        (x0 + a.0 * scale, height - (y0 + a.1 * scale)),
                        (x0 + b.0 * scale, height - (y0 + b.1 * scale)),
                    ),
                });
            }
        }
    }

    fn title(&mut self, table: &TableSpec, title: Option<&str>, continued: bool) {
        if let Some(title) = title {
            let text = if continued {
                format!("{title} (suite)")
            } else {
                title.to_owned()
            };
            let size = table.header_size_pt + 2.0;
            let lines = self.lines(&text, table.width_mm(), size, true);
            self.text(&lines, table.x_mm, self.y, size, true);
            #[allow(clippy::cast_precision_loss)]
            let used = lines.len() as f32 * line_height(size) + 1.5;
            self.y += used;
        }
    }

    fn table(
        &mut self,
        table: &TableSpec,
        rows: &[Vec<Cell>],
        values: &BTreeMap<&str, String>,
        top: f32,
        bottom: f32,
    ) -> Result<(), String> {
        let title = table
            .title
            .as_deref()
            .map(|t| layout::fill(t, values))
            .transpose()?;
        let header: Vec<Cell> = table
            .columns
            .iter()
            .map(|c| layout::fill(&c.header, values).map(|h| Cell::text(&h)))
            .collect::<Result<_, _>>()?;
        let (_, header_h) = self.measure(table, &header, true, table.header_size_pt);
        let title_h = if title.is_some() {
            line_height(table.header_size_pt + 2.0) + 1.5
        } else {
            0.0
        };
        if rows.is_empty() {
            let Some(empty) = &table.empty else {
                return Ok(());
            };
            let lines = self.lines(empty, table.width_mm(), table.size_pt, false);
            #[allow(clippy::cast_precision_loss)]
            let need = title_h + lines.len() as f32 * line_height(table.size_pt);
            if self.y + need > bottom {
                self.new_page(top);
            }
            self.title(table, title.as_deref(), false);
            self.text(&lines, table.x_mm, self.y, table.size_pt, false);
            #[allow(clippy::cast_precision_loss)]
            let used = lines.len() as f32 * line_height(table.size_pt);
            self.y += used;
            return Ok(());
        }
        let (_, first_h) = self.measure(table, &rows[0], false, table.size_pt);
        if self.y + title_h + header_h + first_h > bottom {
            self.new_page(top);
        }
        self.title(table, title.as_deref(), false);
        self.row(table, &header, true)?;
        let mut fresh = true;
        for cells in rows {
            let (_, h) = self.measure(table, cells, false, table.size_pt);
            if self.y + h > bottom && !fresh {
                self.new_page(top);
                self.title(table, title.as_deref(), true);
                self.row(table, &header, true)?;
            }
            self.row(table, cells, false)?;
            fresh = false;
        }
        Ok(())
    }
}
