//! Stacked bars: each row split into series, with a legend.

use super::svg::{BAR_WIDTH, INK, WIDTH, breakdown_lines, empty, open, pack, text, truncate};
use std::fmt::Write as _;

/// A series of [`stacked_bars`]: its name and colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// Name, in the legend and the breakdown under each bar.
    pub name: String,
    /// Fill colour (`#rrggbb`, at least 3:1 against white).
    pub fill: &'static str,
}

/// One bar of [`stacked_bars`]: a label and one value per series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackedRow {
    /// What the bar stands for (a territory…).
    pub label: String,
    /// One value per series, in the series' order.
    pub values: Vec<i64>,
}

/// Characters of breakdown per line under a stacked bar.
const BREAKDOWN_CHARS: usize = 100;

/// Stacked horizontal bars on one scale (the largest total fills the width), with a legend, the
/// total beside each bar and the non-zero values written under it.
pub fn stacked_bars(id: &str, title: &str, series: &[Series], rows: &[StackedRow]) -> String {
    let total = |r: &StackedRow| r.values.iter().map(|v| (*v).max(0)).sum::<i64>();
    let scale = rows.iter().map(total).max().unwrap_or(0);
    if rows.is_empty() || series.is_empty() {
        return empty(id, title);
    }
    let legend = legend(series);
    let breakdowns: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let items: Vec<String> = series
                .iter()
                .zip(&row.values)
                .filter(|(_, v)| **v > 0)
                .map(|(s, v)| format!("{} : {v}", s.name))
                .collect();
            pack(&items, BREAKDOWN_CHARS)
        })
        .collect();
    let lines: i64 = breakdowns
        .iter()
        .map(|b| i64::try_from(b.len().max(1)).unwrap_or(1))
        .sum();
    let row_count = i64::try_from(rows.len()).unwrap_or(1);
    let height = legend.1 + row_count * 50 + lines * 16 + 4;
    let mut svg = open(id, title, height);
    svg.push_str(&legend.0);
    let mut top = legend.1;
    for (row, breakdown) in rows.iter().zip(&breakdowns) {
        svg.push_str(&text("0", top + 14, 14, INK, "", &truncate(&row.label, 80)));
        let mut x_tenths: i64 = 5;
        for (s, value) in series.iter().zip(&row.values) {
            if *value <= 0 || scale <= 0 {
                continue;
            }
            let w = (*value).saturating_mul(BAR_WIDTH * 10) / scale;
            let _ = write!(
                svg,
                "<rect class=\"segment\" x=\"{}.{}\" y=\"{}.5\" width=\"{}.{}\" height=\"16\" \
                 fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\"/>",
                x_tenths / 10,
                x_tenths % 10,
                top + 20,
                w / 10,
                w % 10,
                s.fill
            );
            x_tenths += w;
        }
        svg.push_str(&text(
            &(BAR_WIDTH + 12).to_string(),
            top + 33,
            14,
            INK,
            " font-weight=\"bold\"",
            &total(row).to_string(),
        ));
        top = breakdown_lines(&mut svg, top + 52, breakdown);
    }
    svg.push_str("</svg>");
    svg
}

/// The legend of a stacked chart and the height it takes: swatches and names, wrapped.
fn legend(series: &[Series]) -> (String, i64) {
    let mut out = String::new();
    let (mut x, mut y) = (0_i64, 4_i64);
    for s in series {
        let width = 20 + i64::try_from(s.name.chars().count()).unwrap_or(40) * 7 + 16;
        if x > 0 && x + width > WIDTH {
            x = 0;
            y += 20;
        }
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"14\" height=\"14\" fill=\"{}\"/>",
            s.fill
        );
        out.push_str(&text(&(x + 20).to_string(), y + 12, 13, INK, "", &s.name));
        x += width;
    }
    (out, y + 28)
}
