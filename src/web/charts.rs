//! Charts drawn on the server as inline SVG: plain data in, an SVG string out.
//!
//! Pages include the result with tera's `| safe`, so every text that reaches the SVG goes
//! through [`escape`] here. Each chart is an `role="img"` image named by its own `<title>` (the
//! caller gives an id unique on the page); pages show the same figures in an HTML table beside
//! it. Colours come from presentation attributes (the Content-Security-Policy forbids inline
//! styles), each at least 3:1 against white, texts at least 4.5:1, and every figure is also
//! written as text: colour never carries a figure alone.

use std::fmt::Write as _;

mod timeline;

pub use timeline::{Step, StepState, timeline};

/// Width of every chart's drawing, in SVG units; the page scales it (class `chart`).
const WIDTH: i64 = 720;
/// Width of a bar at its maximum.
const BAR_WIDTH: i64 = 480;
/// Text colour (#1e1e1e, 16:1 on white).
pub const INK: &str = "#1e1e1e";
/// Secondary text colour (#4a4a4a, 8.9:1 on white).
pub const MUTED: &str = "#4a4a4a";
/// Bar colour (#1f3f8f, 10:1 on white).
pub const BRAND: &str = "#1f3f8f";
/// Outline of an empty track (#6b6f78, 5:1 on white).
pub const OUTLINE: &str = "#6b6f78";
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/// Escapes a text for an SVG text node or attribute value: `& < > " '`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// `value / max` as a whole percentage, rounded half up; 0 when `max` is not positive.
pub fn percent(value: i64, max: i64) -> i64 {
    if max <= 0 {
        return 0;
    }
    (value.max(0).saturating_mul(200) + max) / max.saturating_mul(2)
}

/// The length of `value` on a scale where `max` measures `full`, clamped to `[0, full]`, in
/// SVG units with one decimal (integer arithmetic: no float casts).
fn scaled(value: i64, max: i64, full: i64) -> String {
    if max <= 0 || value <= 0 {
        return "0".to_owned();
    }
    let tenths = value.min(max).saturating_mul(full * 10) / max;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Splits `items` into lines of at most `max` characters, joined by ` · `.
fn pack(items: &[String], max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for item in items {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 3 + item.chars().count() <= max => {
                line.push_str(" · ");
                line.push_str(item);
            }
            _ => lines.push(item.clone()),
        }
    }
    lines
}

/// The opening of a chart: the `<svg>` element named by its `<title>`.
fn open(id: &str, title: &str, height: i64) -> String {
    let id = escape(id);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" \
         aria-labelledby=\"{id}\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" \
         height=\"{height}\" font-family=\"{FONT}\" focusable=\"false\">\
         <title id=\"{id}\">{}</title>",
        escape(title)
    )
}

/// A `<text>` element.
fn text(x: &str, y: i64, size: i64, fill: &str, extra: &str, content: &str) -> String {
    format!(
        "<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\" fill=\"{fill}\"{extra}>{}</text>",
        escape(content)
    )
}

/// What a chart with no data says.
fn empty(id: &str, title: &str) -> String {
    let mut svg = open(id, title, 40);
    svg.push_str(&text(
        "0",
        24,
        14,
        MUTED,
        "",
        "Aucune donnée pour l'instant.",
    ));
    svg.push_str("</svg>");
    svg
}

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
        let mut y = top + 52;
        if breakdown.is_empty() {
            svg.push_str(&text("0", y, 12, MUTED, "", "Aucun"));
            y += 16;
        }
        for line in breakdown {
            svg.push_str(&text("0", y, 12, MUTED, "", line));
            y += 16;
        }
        top = y - 2;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("Café numérique"), "Café numérique");
    }

    #[test]
    fn labels_titles_and_ids_are_escaped_in_every_chart() {
        let evil = "<script>alert('x')</script> & \"co\"";
        let bars = horizontal_bars(
            "c\"1",
            evil,
            &[
                Bar::ratio(evil, 1, 2),
                Bar {
                    label: "ok".to_owned(),
                    value: 1,
                    max: 2,
                    figure: evil.to_owned(),
                },
            ],
        );
        let stacked = stacked_bars(
            "c2",
            evil,
            &[Series {
                name: evil.to_owned(),
                fill: BRAND,
            }],
            &[StackedRow {
                label: evil.to_owned(),
                values: vec![3],
            }],
        );
        for svg in [bars, stacked] {
            assert!(!svg.contains("<script"), "{svg}");
            assert!(!svg.contains("'x'"), "{svg}");
            assert!(!svg.contains("\"co\""), "{svg}");
            assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp;"));
        }
    }

    #[test]
    fn a_chart_is_an_image_named_by_its_title() {
        let svg = horizontal_bars("fill", "Taux de remplissage", &[Bar::ratio("A", 1, 2)]);
        assert!(svg.starts_with("<svg "));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"fill\""));
        assert!(svg.contains("<title id=\"fill\">Taux de remplissage</title>"));
        assert!(!svg.contains("style="), "the CSP forbids inline styles");
    }

    #[test]
    fn bars_are_proportional_to_their_maximum_and_carry_their_figure() {
        let svg = horizontal_bars(
            "b",
            "t",
            &[
                Bar::ratio("quart", 3, 12),
                Bar::ratio("plein", 12, 12),
                Bar::ratio("vide", 0, 12),
                Bar::ratio("tiers", 1, 3),
            ],
        );
        assert!(svg.contains("class=\"bar\" x=\"0.5\" y=\"24.5\" width=\"120.0\""));
        assert!(svg.contains("width=\"480.0\""));
        assert!(svg.contains("width=\"0\""));
        assert!(svg.contains("width=\"160.0\""));
        assert!(svg.contains(">3 / 12 (25\u{a0}%)</text>"));
        assert!(svg.contains(">1 / 3 (33\u{a0}%)</text>"));
    }

    #[test]
    fn a_bar_over_its_maximum_stops_at_the_track_and_a_zero_maximum_draws_nothing() {
        let svg = horizontal_bars("b", "t", &[Bar::ratio("trop", 15, 12)]);
        assert!(svg.contains("width=\"480.0\""));
        assert!(svg.contains("15 / 12 (125\u{a0}%)"));
        let zero = horizontal_bars("b", "t", &[Bar::ratio("rien", 0, 0)]);
        assert!(zero.contains("class=\"bar\" x=\"0.5\" y=\"24.5\" width=\"0\""));
        assert!(zero.contains("0 / 0 (0\u{a0}%)"));
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 8), 13);
        assert_eq!(percent(5, 0), 0);
        assert_eq!(percent(-1, 4), 0);
    }

    #[test]
    fn empty_data_says_so_instead_of_drawing() {
        for svg in [
            horizontal_bars("e", "Assiduité", &[]),
            stacked_bars("e", "Assiduité", &[], &[]),
        ] {
            assert!(svg.contains("<title id=\"e\">Assiduité</title>"));
            assert!(svg.contains("Aucune donnée"));
            assert!(!svg.contains("<rect"));
        }
    }

    #[test]
    fn stacked_bars_share_one_scale_and_write_each_value() {
        let series = [
            Series {
                name: "En retard".to_owned(),
                fill: "#b00020",
            },
            Series {
                name: "Dans les temps".to_owned(),
                fill: BRAND,
            },
        ];
        let svg = stacked_bars(
            "s",
            "Échéances",
            &series,
            &[
                StackedRow {
                    label: "Rhône".to_owned(),
                    values: vec![1, 3],
                },
                StackedRow {
                    label: "Guadeloupe".to_owned(),
                    values: vec![0, 2],
                },
            ],
        );
        // The largest total (4) fills 480: 1 → 120, 3 → 360 starting at 120.5, 2 → 240.
        assert!(
            svg.contains("x=\"0.5\" y=\"52.5\" width=\"120.0\""),
            "{svg}"
        );
        assert!(
            svg.contains("x=\"120.5\" y=\"52.5\" width=\"360.0\""),
            "{svg}"
        );
        assert!(svg.contains("width=\"240.0\""), "{svg}");
        assert!(svg.contains(">En retard : 1 · Dans les temps : 3</text>"));
        assert!(svg.contains(">Dans les temps : 2</text>"));
        assert!(!svg.contains("En retard : 0"), "zeros are left out");
        assert!(svg.contains("font-weight=\"bold\">4</text>"));
        assert_eq!(svg.matches("class=\"segment\"").count(), 3);
    }

    #[test]
    fn long_breakdowns_wrap_and_long_labels_are_cut() {
        let items: Vec<String> = (0..8).map(|i| format!("Catégorie {i} : 10")).collect();
        let lines = pack(&items, 40);
        assert!(lines.iter().all(|l| l.chars().count() <= 40));
        assert_eq!(lines.join(" · "), items.join(" · "));
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }
}
