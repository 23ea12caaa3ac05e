//! A path drawn as a timeline: one marker per step, done, in progress or to come, with its name,
//! its state in words and a few lines (dates, counts) under it.

use std::fmt::Write as _;

use super::{BRAND, INK, MUTED, OUTLINE, WIDTH, open, text, truncate};

/// Green of a step done (#1b5e20, 7.9:1 on white).
const DONE: &str = "#1b5e20";

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// Behind the person.
    Done,
    /// Under way.
    Current,
    /// Ahead.
    Upcoming,
}

impl StepState {
    /// The state in words, written under the marker.
    pub fn label(self) -> &'static str {
        match self {
            Self::Done => "Fait",
            Self::Current => "En cours",
            Self::Upcoming => "À venir",
        }
    }
}

/// One step of a [`timeline`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Name of the step.
    pub label: String,
    /// Where it stands.
    pub state: StepState,
    /// Short lines under the state (a date, « 1 sur 2 », a deadline), about 22 characters each.
    pub lines: Vec<String>,
}

/// Characters per line under a marker (a step's column is 144 units wide at 12 units a glyph).
const LINE_CHARS: usize = 24;
const CY: i64 = 30;
const R: i64 = 14;

/// The steps left to right, joined by a solid line up to the last step reached and a dashed one
/// after it; the state is written under each marker, never shown by colour or shape alone.
pub fn timeline(id: &str, title: &str, steps: &[Step]) -> String {
    if steps.is_empty() {
        return super::empty(id, title);
    }
    let n = i64::try_from(steps.len()).unwrap_or(1);
    let column = WIDTH / n;
    let cx = |i: i64| column * i + column / 2;
    let max_lines = steps.iter().map(|s| s.lines.len()).max().unwrap_or(0);
    let height = 106 + i64::try_from(max_lines).unwrap_or(0) * 17 + 8;
    let mut svg = open(id, title, height);
    for (i, next) in (0_i64..).zip(steps.iter().skip(1)) {
        let (x1, x2) = (cx(i) + R, cx(i + 1) - R);
        let reached = next.state != StepState::Upcoming;
        let stroke = if reached {
            format!("stroke=\"{BRAND}\" stroke-width=\"4\"")
        } else {
            format!("stroke=\"{OUTLINE}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"")
        };
        let _ = write!(
            svg,
            "<line x1=\"{x1}\" y1=\"{CY}\" x2=\"{x2}\" y2=\"{CY}\" {stroke}/>"
        );
    }
    for (i, step) in (0_i64..).zip(steps) {
        let x = cx(i);
        let _ = write!(
            svg,
            "<g class=\"step step-{}\">",
            match step.state {
                StepState::Done => "done",
                StepState::Current => "current",
                StepState::Upcoming => "upcoming",
            }
        );
        svg.push_str(&marker(x, step.state));
        let middle = " text-anchor=\"middle\"";
        let xs = x.to_string();
        svg.push_str(&text(
            &xs,
            70,
            13,
            INK,
            &format!("{middle} font-weight=\"bold\""),
            &truncate(&step.label, LINE_CHARS),
        ));
        let state_colour = if step.state == StepState::Done {
            DONE
        } else {
            INK
        };
        svg.push_str(&text(&xs, 88, 12, state_colour, middle, step.state.label()));
        for (line, y) in step.lines.iter().zip((106_i64..).step_by(17)) {
            svg.push_str(&text(
                &xs,
                y,
                12,
                MUTED,
                middle,
                &truncate(line, LINE_CHARS),
            ));
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

/// A step's marker: a filled disc with a tick (done), a ring around a dot (in progress), a
/// dashed ring (to come).
fn marker(x: i64, state: StepState) -> String {
    match state {
        StepState::Done => format!(
            "<circle cx=\"{x}\" cy=\"{CY}\" r=\"{R}\" fill=\"{DONE}\"/>\
             <path d=\"M{} {CY} l4 5 l8 -10\" fill=\"none\" stroke=\"#ffffff\" \
             stroke-width=\"3\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>",
            x - 6
        ),
        StepState::Current => format!(
            "<circle cx=\"{x}\" cy=\"{CY}\" r=\"{}\" fill=\"#ffffff\" stroke=\"{BRAND}\" \
             stroke-width=\"4\"/><circle cx=\"{x}\" cy=\"{CY}\" r=\"5\" fill=\"{BRAND}\"/>",
            R - 2
        ),
        StepState::Upcoming => format!(
            "<circle cx=\"{x}\" cy=\"{CY}\" r=\"{}\" fill=\"#ffffff\" stroke=\"{OUTLINE}\" \
             stroke-width=\"2\" stroke-dasharray=\"4 3\"/>",
            R - 1
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(label: &str, state: StepState, lines: &[&str]) -> Step {
        Step {
            label: label.to_owned(),
            state,
            lines: lines.iter().map(|l| (*l).to_owned()).collect(),
        }
    }

    #[test]
    fn each_step_writes_its_name_state_and_lines() {
        let svg = timeline(
            "path",
            "Mon parcours",
            &[
                step("Positionnement", StepState::Done, &["12/01/2026"]),
                step("CCP1", StepState::Current, &[]),
                step("Modules", StepState::Upcoming, &["0 sur 2"]),
            ],
        );
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"path\">Mon parcours</title>"));
        assert!(svg.contains("class=\"step step-done\""));
        assert!(svg.contains("class=\"step step-current\""));
        assert!(svg.contains("class=\"step step-upcoming\""));
        for words in [
            ">Positionnement</text>",
            ">Fait</text>",
            ">En cours</text>",
            ">À venir</text>",
            ">12/01/2026</text>",
            ">0 sur 2</text>",
        ] {
            assert!(svg.contains(words), "{words} in {svg}");
        }
    }

    #[test]
    fn the_line_is_solid_up_to_the_last_step_reached() {
        let svg = timeline(
            "t",
            "t",
            &[
                step("A", StepState::Done, &[]),
                step("B", StepState::Current, &[]),
                step("C", StepState::Upcoming, &[]),
            ],
        );
        let lines: Vec<&str> = svg.split("<line").skip(1).collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with(" x1=\"134\"") && lines[0].contains("stroke-width=\"4\""));
        assert!(lines[1].contains("stroke-dasharray=\"6 4\""));
    }

    #[test]
    fn texts_are_escaped_and_empty_paths_say_so() {
        let svg = timeline("t", "<b>", &[step("A & <B>", StepState::Done, &["\"x\""])]);
        assert!(svg.contains("&lt;b&gt;"));
        assert!(svg.contains("A &amp; &lt;B&gt;"));
        assert!(svg.contains("&quot;x&quot;"));
        assert!(!svg.contains("<B>"));
        assert!(timeline("t", "t", &[]).contains("Aucune donnée"));
    }
}
