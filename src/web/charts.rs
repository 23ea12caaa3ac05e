//! Charts drawn on the server as inline SVG: plain data in, an SVG string out.
//!
//! Pages include the result with tera's `| safe`, so every text that reaches the SVG goes
//! through [`escape`] here. Each chart is an `role="img"` image named by its own `<title>` (the
//! caller gives an id unique on the page); pages show the same figures in an HTML table beside
//! it. Colours come from presentation attributes (the Content-Security-Policy forbids inline
//! styles), each at least 3:1 against white, texts at least 4.5:1, and every figure is also
//! written as text: colour never carries a figure alone.

mod bars;
mod linked;
mod stacked;
mod svg;
#[cfg(test)]
mod tests;

pub use bars::{Bar, horizontal_bars};
pub use linked::{LinkedRow, linked_stacked_bars};
pub use stacked::{Series, StackedRow, stacked_bars};
pub use svg::{BRAND, INK, MUTED, OUTLINE, escape, percent};
