//! Unit tests of the charts: escaping, layout and the figures written as text.

use super::bars::{Bar, horizontal_bars};
use super::stacked::{Series, StackedRow, stacked_bars};
use super::svg::{BRAND, escape, pack, percent, truncate};

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
