//! A QR code as an SVG document, drawn here from the `qrcode` crate's modules: one path of
//! dark runs, nothing from the input but the encoded bits, so the markup is pure and needs no
//! escaping.

use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};

use crate::error::AppError;

/// The light modules around the code that scanners need (the standard's quiet zone).
const QUIET_ZONE: usize = 4;

/// The SVG of the QR code of `text`, with `label` as its accessible name (a fixed French
/// phrase chosen by the caller, never user input).
pub fn qr_svg(text: &str, label: &'static str) -> Result<String, AppError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| AppError::Internal(format!("QR code: {e}")))?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET_ZONE;
    let mut path = String::new();
    for row in 0..width {
        let mut col = 0;
        while col < width {
            if colors[row * width + col] == Color::Light {
                col += 1;
                continue;
            }
            let start = col;
            while col < width && colors[row * width + col] == Color::Dark {
                col += 1;
            }
            let _ = write!(
                path,
                "M{} {}h{}v1h-{}z",
                start + QUIET_ZONE,
                row + QUIET_ZONE,
                col - start,
                col - start
            );
        }
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 {size} {size}\" \
         role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_holds_only_the_drawing() {
        let svg = qr_svg("https://parcours.example/sign/qr/a<b>\"c", "QR code").expect("svg");
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(!svg.contains("<b>") && !svg.contains("sign/qr"));
        assert!(svg.contains("aria-label=\"QR code\""));
    }
}
