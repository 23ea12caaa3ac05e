//! Horizontal bars: one figure per row against its maximum.

use super::svg::{BAR_WIDTH, BRAND, INK, OUTLINE, empty, open, percent, scaled, text, truncate};
use std::fmt::Write as _;

/// One bar of [`horizontal_bars`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// What the bar measures (a cohort's name…), written above it.
    pub label: String,
    /// The value.
    pub value: i64,
    /// What a full bar stands for (capacity, half-days recorded…).
    pub max: i64,
    /// The figure written beside the bar.
    pub figure: String,
}

impl Bar {
    /// A bar whose figure reads « value / max (p %) ».
    pub fn ratio(label: impl Into<String>, value: i64, max: i64) -> Self {
        Self {
            label: label.into(),
            value,
            max,
            figure: format!("{value} / {max} ({}\u{a0}%)", percent(value, max)),
        }
    }
}

const BAR_ROW: i64 = 44;

/// Horizontal bars, one per item, each against its own maximum (an outlined track), the label
/// above and the figure beside it.
pub fn horizontal_bars(id: &str, title: &str, bars: &[Bar]) -> String {
    if bars.is_empty() {
        return empty(id, title);
    }
    let height = i64::try_from(bars.len()).unwrap_or(i64::MAX / BAR_ROW) * BAR_ROW + 8;
    let mut svg = open(id, title, height);
    let mut top = 4;
    for bar in bars {
        svg.push_str(&text("0", top + 14, 14, INK, "", &truncate(&bar.label, 80)));
        let _ = write!(
            svg,
            "<rect class=\"track\" x=\"0.5\" y=\"{}.5\" width=\"{BAR_WIDTH}\" height=\"16\" \
             fill=\"#ffffff\" stroke=\"{OUTLINE}\"/>",
            top + 20
        );
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"0.5\" y=\"{}.5\" width=\"{}\" height=\"16\" fill=\"{BRAND}\"/>",
            top + 20,
            scaled(bar.value, bar.max, BAR_WIDTH)
        );
        svg.push_str(&text(
            &(BAR_WIDTH + 12).to_string(),
            top + 33,
            14,
            INK,
            "",
            &bar.figure,
        ));
        top += BAR_ROW;
    }
    svg.push_str("</svg>");
    svg
}
