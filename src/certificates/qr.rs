//! The QR code of a document: encoded with a fixed mask and drawn as one filled path.
//!
//! A QR encoder normally draws the code under each of its eight masks and keeps the one with the
//! lowest penalty score (a tenth of an attestation's drawing time). Any mask is valid (ISO/IEC
//! 18004, 7.8), and the score only matters for codes printed so small that a reader struggles:
//! ours are 40 mm wide, well over a millimetre per module. One mask, always the same, also makes
//! the same address give the same drawing.

use printpdf::{CurTransMat, DictItem, Op};
use qrcode::EcLevel;
use qrcode::canvas::{Canvas, MaskPattern};

use super::layout::Qr;
use super::render::{mm, rgb};

/// The mask every code is drawn with: pattern 000, `(x + y) % 2 == 0`.
const MASK: MaskPattern = MaskPattern::Checkerboard;

/// The modules of `data`'s code at error-correction level M, row by row (`true` is dark), and
/// its width in modules.
pub fn modules(data: &[u8]) -> Result<(Vec<bool>, usize), String> {
    let bits = qrcode::bits::encode_auto(data, EcLevel::M).map_err(|e| format!("QR code: {e}"))?;
    let version = bits.version();
    let (encoded, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M)
        .map_err(|e| format!("QR code: {e}"))?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec);
    canvas.apply_mask(MASK);
    let width = usize::try_from(version.width()).map_err(|e| format!("QR code: {e}"))?;
    let dark = canvas
        .into_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Ok((dark, width))
}

/// The QR code of `url` in `qr`'s box (`top` is the page height in millimetres): one path, in
/// module units under one transformation, whose subpaths are the runs of dark modules of each
/// row (`x y w 1 re`), filled once (`f`). printpdf has no operator for a rectangle that is only
/// a subpath, hence the raw operators (see [`super::output::save`]).
pub(super) fn qr_ops(ops: &mut Vec<Op>, url: &str, qr: &Qr, top: f32) -> Result<(), String> {
    let (dark, width) = modules(url.as_bytes())?;
    #[allow(clippy::cast_precision_loss)] // a QR code is at most 177 modules wide
    let modules_wide = width as f32;
    let module = mm(qr.size_mm / modules_wide).0;
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::SetTransformationMatrix {
        matrix: CurTransMat::Raw([
            module,
            0.0,
            0.0,
            module,
            mm(qr.x_mm).0,
            mm(top - qr.y_mm - qr.size_mm).0,
        ]),
    });
    ops.push(Op::SetFillColor {
        col: rgb((0.0, 0.0, 0.0)),
    });
    let number = |v: usize| DictItem::Int(i64::try_from(v).unwrap_or(i64::MAX));
    for (row, cells) in dark.chunks_exact(width).enumerate() {
        // Module rows count down from the top; the path's y axis goes up.
        let y = width - row - 1;
        let mut col = 0;
        while col < width {
            if !cells[col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < width && cells[col] {
                col += 1;
            }
            ops.push(Op::Unknown {
                key: "re".to_owned(),
                value: vec![number(start), number(y), number(col - start), number(1)],
            });
        }
    }
    ops.push(Op::Unknown {
        key: "f".to_owned(),
        value: Vec::new(),
    });
    ops.push(Op::RestoreGraphicsState);
    Ok(())
}
