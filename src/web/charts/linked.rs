//! Stacked bars that are links: each bar leads to the list it counts, each segment to that list
//! filtered by its series. The scale is the square root of the totals, and every non-zero
//! segment is at least [`MIN_SEGMENT`] wide, so that a small territory beside a large one stays
//! visible and clickable; the figures are written as text beside and under each bar.
//!
//! Unlike the other charts, the drawing holds links: it is a named group (`role="group"`), not
//! an image, and each link carries its own accessible name.

use std::fmt::Write as _;

use super::stacked::Series;
use super::svg::{BAR_WIDTH, FONT, INK, WIDTH, breakdown_lines, escape, pack, text, truncate};

/// Narrowest non-zero segment, in SVG units (tenths in the arithmetic below).
pub const MIN_SEGMENT: i64 = 14;

/// One linked bar: its label, the list it counts, and per series a value and a filtered list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedRow {
    /// What the bar stands for (a territory, a training body).
    pub label: String,
    /// The list of everyone it counts.
    pub href: String,
    /// One value per series.
    pub values: Vec<i64>,
    /// One filtered list per series.
    pub hrefs: Vec<String>,
}

/// A bar's length in tenths of a unit: `sqrt(total) / sqrt(max)` of [`BAR_WIDTH`], in integers.
fn length_tenths(total: i64, max: i64) -> i64 {
    if total <= 0 || max <= 0 {
        return 0;
    }
    let root = |v: i64| v.saturating_mul(1_000_000).isqrt();
    root(total).saturating_mul(BAR_WIDTH * 10) / root(max).max(1)
}

/// The bars, with a legend, the total beside each bar and the non-zero values under it.
pub fn linked_stacked_bars(id: &str, title: &str, series: &[Series], rows: &[LinkedRow]) -> String {
    let total = |r: &LinkedRow| r.values.iter().map(|v| (*v).max(0)).sum::<i64>();
    let max = rows.iter().map(total).max().unwrap_or(0);
    let breakdowns: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let items: Vec<String> = series
                .iter()
                .zip(&row.values)
                .filter(|(_, v)| **v > 0)
                .map(|(s, v)| format!("{} : {v}", s.name))
                .collect();
            pack(&items, 100)
        })
        .collect();
    let legend_height = 32;
    let lines: i64 = breakdowns
        .iter()
        .map(|b| i64::try_from(b.len().max(1)).unwrap_or(1))
        .sum();
    let height = legend_height + i64::try_from(rows.len()).unwrap_or(1) * 50 + lines * 16 + 4;
    let eid = escape(id);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart linked\" role=\"group\" \
         aria-labelledby=\"{eid}\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" \
         height=\"{height}\" font-family=\"{FONT}\"><title id=\"{eid}\">{}</title>",
        escape(title)
    );
    let mut x = 0_i64;
    for s in series {
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"4\" width=\"14\" height=\"14\" fill=\"{}\"/>",
            s.fill
        );
        svg.push_str(&text(&(x + 20).to_string(), 16, 13, INK, "", &s.name));
        x += 20 + i64::try_from(s.name.chars().count()).unwrap_or(10) * 7 + 16;
    }
    let mut top = legend_height;
    for (row, breakdown) in rows.iter().zip(&breakdowns) {
        let sum = total(row);
        let _ = write!(
            svg,
            "<a href=\"{}\" aria-label=\"{} : {sum}, voir la liste\">",
            escape(&row.href),
            escape(&row.label)
        );
        svg.push_str(&text(
            "0",
            top + 14,
            14,
            INK,
            " text-decoration=\"underline\"",
            &truncate(&row.label, 80),
        ));
        svg.push_str("</a>");
        let length = length_tenths(sum, max);
        let mut x_tenths: i64 = 5;
        for ((s, value), href) in series.iter().zip(&row.values).zip(&row.hrefs) {
            if *value <= 0 || sum <= 0 {
                continue;
            }
            let w = ((*value).saturating_mul(length) / sum).max(MIN_SEGMENT * 10);
            let _ = write!(
                svg,
                "<a href=\"{}\" aria-label=\"{}, {} : {value}\"><rect class=\"segment\" \
                 x=\"{}.{}\" y=\"{}\" width=\"{}.{}\" height=\"20\" fill=\"{}\" \
                 stroke=\"#ffffff\" stroke-width=\"1\"/></a>",
                escape(href),
                escape(&row.label),
                escape(&s.name),
                x_tenths / 10,
                x_tenths % 10,
                top + 18,
                w / 10,
                w % 10,
                s.fill
            );
            x_tenths += w;
        }
        svg.push_str(&text(
            &(x_tenths / 10 + 10).to_string(),
            top + 33,
            14,
            INK,
            " font-weight=\"bold\"",
            &sum.to_string(),
        ));
        top = breakdown_lines(&mut svg, top + 52, breakdown);
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_territory_keeps_a_visible_clickable_bar() {
        let series = [Series {
            name: "En retard".to_owned(),
            fill: "#b00020",
        }];
        let row = |label: &str, n: i64| LinkedRow {
            label: label.to_owned(),
            href: format!("/progress?territory={label}"),
            values: vec![n],
            hrefs: vec![format!("/progress?territory={label}&status=late")],
        };
        let svg = linked_stacked_bars("c", "T", &series, &[row("75", 10_000), row("975", 1)]);
        assert!(svg.contains("<a href=\"/progress?territory=975&amp;status=late\""));
        // sqrt(1 / 10 000) of 480 is 4.8 units: raised to the minimum.
        assert!(svg.contains(&format!("width=\"{MIN_SEGMENT}.0\"")), "{svg}");
        assert!(svg.contains("width=\"480.0\""), "{svg}");
        assert_eq!(length_tenths(2_500, 10_000), 2_400);
    }
}
