//! The one rule for text arriving from outside: every form field, JSON string, query value and
//! path segment goes through [`check`] (at the door, `web::input`) before anything reads it, and
//! the field validators of `domain::validation` apply it again to what services receive from
//! elsewhere (the command line, imports).
//!
//! Refused: NUL and every other C0 or C1 control character, DEL, and the invisible bidirectional
//! overrides that make a name print backwards (U+202A–U+202E, U+2066–U+2069). A line feed (and
//! the carriage return browsers send before it) is allowed only in multi-line fields: comments,
//! reasons, notes, descriptions, justifications, a postal address. Lengths are bounded per shape.

/// Whether a field may hold several lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextShape {
    /// Names, codes, e-mails, queries, path segments: one line.
    SingleLine,
    /// Comments and reasons: line feeds allowed.
    MultiLine,
    /// A drawn signature's path (`drawn_path`): one line, as long as
    /// [`super::drawn_signature::MAX_LEN`] (its own parser then refuses anything but the path).
    Drawing,
}

/// The fields holding a drawn signature's path.
const DRAWING_NAMES: [&str; 1] = ["drawn_path"];

/// The longest single-line value accepted anywhere (fields have their own, lower limits).
pub const SINGLE_LINE_MAX: usize = 1_000;
/// The longest multi-line value accepted anywhere.
pub const MULTI_LINE_MAX: usize = 5_000;

/// Fields that are multi-line by their exact name (a postal address has several lines).
const MULTI_LINE_NAMES: [&str; 1] = ["address"];

/// Words that mark a multi-line field, wherever they appear in its name (`reason`,
/// `correction_reason`, `comment_for_candidate`, `accommodation_notes`, `comment_12`…).
const MULTI_LINE_MARKS: [&str; 6] = [
    "reason",
    "comment",
    "notes",
    "description",
    "justification",
    "observation",
];

impl TextShape {
    /// The shape of the field called `name`: multi-line for comments, reasons and the like,
    /// single-line for everything else (so that a new field is single-line unless named so).
    pub fn of_field(name: &str) -> Self {
        let lower = name.to_ascii_lowercase();
        if DRAWING_NAMES.contains(&lower.as_str()) {
            Self::Drawing
        } else if MULTI_LINE_NAMES.contains(&lower.as_str())
            || MULTI_LINE_MARKS.iter().any(|mark| lower.contains(mark))
        {
            Self::MultiLine
        } else {
            Self::SingleLine
        }
    }

    /// The longest value of this shape.
    pub fn max_chars(self) -> usize {
        match self {
            Self::SingleLine => SINGLE_LINE_MAX,
            Self::MultiLine => MULTI_LINE_MAX,
            Self::Drawing => super::drawn_signature::MAX_LEN,
        }
    }
}

/// Whether `c` is an invisible bidirectional override or isolate.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A French name for the first refused character, for the message.
fn describe(c: char) -> String {
    match c {
        '\0' => "un caractère nul".to_owned(),
        '\t' => "une tabulation".to_owned(),
        '\n' | '\r' => "un retour à la ligne".to_owned(),
        c if is_bidi_control(c) => "un caractère d'inversion du sens d'écriture".to_owned(),
        c => format!("un caractère de contrôle (U+{:04X})", u32::from(c)),
    }
}

/// Checks `value` against the rule for `shape`; the error is a French sentence for the field.
pub fn check(value: &str, shape: TextShape) -> Result<(), String> {
    let refused = value.chars().find(|&c| {
        let allowed_break = shape == TextShape::MultiLine && matches!(c, '\n' | '\r');
        (c.is_control() && !allowed_break) || is_bidi_control(c)
    });
    if let Some(c) = refused {
        return Err(match (c, shape) {
            ('\n' | '\r', TextShape::SingleLine | TextShape::Drawing) => {
                "Ce champ tient sur une seule ligne : retirez le retour à la ligne.".to_owned()
            }
            _ => format!(
                "Ce texte contient {}, qui n'est pas accepté : retirez-le.",
                describe(c)
            ),
        });
    }
    let max = shape.max_chars();
    if value.chars().count() > max {
        return Err(format!("{max} caractères au plus."));
    }
    Ok(())
}

/// A multi-line value with its line breaks made uniform (`\r\n` and lone `\r` become `\n`).
pub fn normalise_breaks(value: &str) -> String {
    value.replace("\r\n", "\n").replace('\r', "\n")
}

/// Whether a name starts like a spreadsheet formula (`=`, `+`, `-`, `@`): refused at entry so
/// that no export carries one.
pub fn starts_like_formula(value: &str) -> bool {
    value.starts_with(['=', '+', '-', '@'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_line_refuses_every_control_and_bidi_override() {
        for hostile in [
            "a\0b",
            "a\nb",
            "a\r\nb",
            "a\tb",
            "a\u{7f}",
            "a\u{85}",
            "a\u{9b}",
            "\u{202E}lirpa",
            "\u{2066}x",
        ] {
            assert!(
                check(hostile, TextShape::SingleLine).is_err(),
                "{hostile:?}"
            );
        }
        assert!(check("Élodie N'Guessan — 😀", TextShape::SingleLine).is_ok());
    }

    #[test]
    fn a_drawn_path_may_be_long_but_holds_one_line() {
        assert_eq!(TextShape::of_field("drawn_path"), TextShape::Drawing);
        let long = "M 1 1 L 2 2 ".repeat(1500);
        assert!(check(&long, TextShape::Drawing).is_ok());
        assert!(check(&long, TextShape::SingleLine).is_err());
        assert!(check("M 1 1\nL 2 2", TextShape::Drawing).is_err());
        assert!(check(&"M 1 1 ".repeat(5000), TextShape::Drawing).is_err());
    }

    #[test]
    fn multi_line_allows_breaks_only() {
        assert!(check("ligne 1\r\nligne 2\nligne 3", TextShape::MultiLine).is_ok());
        assert!(check("a\0b", TextShape::MultiLine).is_err());
        assert!(check("a\tb", TextShape::MultiLine).is_err());
        assert_eq!(normalise_breaks("a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn lengths_are_bounded_per_shape() {
        let long = "x".repeat(SINGLE_LINE_MAX + 1);
        assert!(check(&long, TextShape::SingleLine).is_err());
        assert!(check(&long, TextShape::MultiLine).is_ok());
        assert!(check(&"x".repeat(MULTI_LINE_MAX + 1), TextShape::MultiLine).is_err());
    }

    #[test]
    fn shapes_follow_field_names() {
        for name in [
            "reason",
            "correction_reason",
            "comment_for_candidate",
            "accommodation_notes",
            "comment_12",
            "description",
            "address",
        ] {
            assert_eq!(TextShape::of_field(name), TextShape::MultiLine, "{name}");
        }
        for name in ["last_name", "venue", "q", "email", "title", "contact_email"] {
            assert_eq!(TextShape::of_field(name), TextShape::SingleLine, "{name}");
        }
    }

    #[test]
    fn messages_name_the_character() {
        let message = check("a\0b", TextShape::SingleLine).unwrap_err();
        assert!(message.contains("caractère nul"), "{message}");
        let message = check("a\nb", TextShape::SingleLine).unwrap_err();
        assert!(message.contains("une seule ligne"), "{message}");
    }

    #[test]
    fn formula_prefixes() {
        for v in ["=1+1", "+33", "-2", "@SUM(A1)"] {
            assert!(starts_like_formula(v));
        }
        assert!(!starts_like_formula("Dupont"));
    }
}
