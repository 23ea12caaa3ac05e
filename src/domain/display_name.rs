//! Names printed in one header line (an e-mail's `To:`, a calendar's `CN=`): whatever the
//! database holds, they come out on one line. Control characters (C0 such as CR, LF, TAB and NUL,
//! DEL, and C1) and Unicode line or paragraph separators become spaces, runs of spaces collapse,
//! the ends are trimmed; a name left empty is no name at all (the address stands alone).

/// Whether `c` cannot stand inside a one-line name.
fn breaks_a_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The name as one clean line, or `None` when nothing printable is left.
pub fn one_line(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for c in raw.chars() {
        if breaks_a_line(c) || c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `one_line`, or the empty string.
pub fn one_line_or_empty(raw: &str) -> String {
    one_line(raw).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_other_controls_become_single_spaces() {
        assert_eq!(
            one_line("Léa\r\nBcc: x@evil.example").as_deref(),
            Some("Léa Bcc: x@evil.example")
        );
        assert_eq!(
            one_line(" a\t\u{0}b\u{85}\u{9f}c\u{7f} \u{2028}d ").as_deref(),
            Some("a b c d")
        );
        assert_eq!(
            one_line("Jean-Baptiste Dupont").as_deref(),
            Some("Jean-Baptiste Dupont")
        );
    }

    #[test]
    fn a_name_of_nothing_but_controls_is_no_name() {
        assert_eq!(one_line("\r\n\t\u{0}"), None);
        assert_eq!(one_line(""), None);
        assert_eq!(one_line_or_empty("\n"), "");
    }
}
