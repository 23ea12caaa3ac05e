//! The drawing primitives every chart shares: sizes, colours, escaping, text and frames.

/// Width of every chart's drawing, in SVG units; the page scales it (class `chart`).
pub(super) const WIDTH: i64 = 720;
/// Width of a bar at its maximum.
pub(super) const BAR_WIDTH: i64 = 480;
/// Text colour (#1e1e1e, 16:1 on white).
pub const INK: &str = "#1e1e1e";
/// Secondary text colour (#4a4a4a, 8.9:1 on white).
pub const MUTED: &str = "#4a4a4a";
/// Bar colour (#1f3f8f, 10:1 on white).
pub const BRAND: &str = "#1f3f8f";
/// Outline of an empty track (#6b6f78, 5:1 on white).
pub const OUTLINE: &str = "#6b6f78";
pub(super) const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

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
pub(super) fn scaled(value: i64, max: i64, full: i64) -> String {
    if max <= 0 || value <= 0 {
        return "0".to_owned();
    }
    let tenths = value.min(max).saturating_mul(full * 10) / max;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// `text` cut to `max` characters, with an ellipsis when cut.
pub(super) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Splits `items` into lines of at most `max` characters, joined by ` · `.
pub(super) fn pack(items: &[String], max: usize) -> Vec<String> {
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
pub(super) fn open(id: &str, title: &str, height: i64) -> String {
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
pub(super) fn text(x: &str, y: i64, size: i64, fill: &str, extra: &str, content: &str) -> String {
    format!(
        "<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\" fill=\"{fill}\"{extra}>{}</text>",
        escape(content)
    )
}

/// What a chart with no data says.
pub(super) fn empty(id: &str, title: &str) -> String {
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

/// Writes a bar's breakdown under it, one line each from `y` (« Aucun » when there is none);
/// returns where the next bar starts.
pub(super) fn breakdown_lines(svg: &mut String, y: i64, breakdown: &[String]) -> i64 {
    let mut y = y;
    if breakdown.is_empty() {
        svg.push_str(&text("0", y, 12, MUTED, "", "Aucun"));
        y += 16;
    }
    for line in breakdown {
        svg.push_str(&text("0", y, 12, MUTED, "", line));
        y += 16;
    }
    y - 2
}
