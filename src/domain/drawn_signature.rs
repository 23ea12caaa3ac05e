//! A signature drawn with a finger or a pen (the kiosk, the trainer's closing): strokes of points
//! in a 300 × 100 box, exchanged and stored as a restricted SVG path (`M x y L x y … M …`, absolute
//! coordinates, at most one decimal). Nothing else is accepted: the stored text is drawn into
//! pages and PDFs, so it must never carry markup.

use std::fmt::Write as _;

/// The width of the drawing box.
pub const WIDTH: f32 = 300.0;
/// The height of the drawing box.
pub const HEIGHT: f32 = 100.0;
/// The longest accepted path text.
pub const MAX_LEN: usize = 20_000;
/// The fewest points of a signature (a dot is not one).
pub const MIN_POINTS: usize = 3;

/// The refusal of a malformed drawing.
pub const MALFORMED: &str = "La signature dessinée est illisible : recommencez le tracé.";

/// A drawn signature: its strokes, each a list of points.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnSignature {
    /// Each stroke's points, in the 300 × 100 box.
    pub strokes: Vec<Vec<(f32, f32)>>,
}

impl DrawnSignature {
    /// Parses the restricted path (points rounded to one decimal); refuses anything else, an empty drawing, or a point outside
    /// the box.
    pub fn parse(path: &str) -> Result<Self, String> {
        if path.len() > MAX_LEN {
            return Err("La signature dessinée est trop longue.".to_owned());
        }
        let mut strokes: Vec<Vec<(f32, f32)>> = Vec::new();
        let mut tokens = path.split_ascii_whitespace();
        while let Some(command) = tokens.next() {
            let (x, y) = (round(number(tokens.next())?), round(number(tokens.next())?));
            if !(0.0..=WIDTH).contains(&x) || !(0.0..=HEIGHT).contains(&y) {
                return Err(MALFORMED.to_owned());
            }
            match (command, strokes.last_mut()) {
                ("M", _) => strokes.push(vec![(x, y)]),
                ("L", Some(stroke)) => stroke.push((x, y)),
                _ => return Err(MALFORMED.to_owned()),
            }
        }
        let points: usize = strokes.iter().map(Vec::len).sum();
        if points < MIN_POINTS {
            return Err("Dessinez votre signature avant de valider.".to_owned());
        }
        Ok(Self { strokes })
    }

    /// The canonical path text (what is stored).
    pub fn to_path(&self) -> String {
        let mut out = String::new();
        for stroke in &self.strokes {
            for (i, (x, y)) in stroke.iter().enumerate() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(if i == 0 { "M " } else { "L " });
                let _ = write!(out, "{x} {y}");
            }
        }
        out
    }
}

fn round(value: f32) -> f32 {
    (value * 10.0).round() / 10.0
}

fn number(token: Option<&str>) -> Result<f32, String> {
    let token = token.ok_or_else(|| MALFORMED.to_owned())?;
    let digits_ok = !token.is_empty()
        && token.len() <= 8
        && token.chars().all(|c| c.is_ascii_digit() || c == '.')
        && token.chars().filter(|c| *c == '.').count() <= 1;
    if !digits_ok {
        return Err(MALFORMED.to_owned());
    }
    token.parse::<f32>().map_err(|_| MALFORMED.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawing_round_trips_through_its_canonical_path() {
        let drawn =
            DrawnSignature::parse("M 10 10 L 20.25 30 L 40 50 M 100 20 L 120 40").expect("drawing");
        assert_eq!(drawn.strokes.len(), 2);
        assert_eq!(
            drawn.to_path(),
            "M 10 10 L 20.3 30 L 40 50 M 100 20 L 120 40"
        );
        assert_eq!(DrawnSignature::parse(&drawn.to_path()), Ok(drawn));
    }

    #[test]
    fn markup_and_nonsense_are_refused() {
        for bad in [
            "",
            "M 1 1",
            "M 10 10 L 20 20 L 30 \"/><script>",
            "L 10 10 L 20 20 L 30 30",
            "M 10 10 L 400 20 L 30 30",
            "M -1 10 L 20 20 L 30 30",
            "M 1e3 10 L 20 20 L 30 30",
            "M 10 10 C 20 20 L 30 30",
        ] {
            assert!(DrawnSignature::parse(bad).is_err(), "{bad}");
        }
        assert!(DrawnSignature::parse(&"M 1 1 ".repeat(4000)).is_err());
    }
}
