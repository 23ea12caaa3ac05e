//! Where a user-supplied value may send a browser: a path on this site, nothing else.
//!
//! A redirect target that comes from the request (`?next=` after login) is followed only when it
//! is a path-absolute reference (RFC 3986 §4.2): it starts with a single `/`, carries no scheme
//! and no authority, and holds only printable ASCII other than the backslash. Browsers strip
//! tabs and line breaks from URLs and read `\` as `/`, so `/\t/evil.example` or `/\evil.example`
//! would become `//evil.example`, another site; a CR or LF would split the `Location` header.

/// `candidate` when it is a local path that is safe to redirect to, else `None`.
pub fn local_path(candidate: &str) -> Option<&str> {
    let bytes = candidate.as_bytes();
    let path_absolute = bytes.first() == Some(&b'/') && bytes.get(1) != Some(&b'/');
    let clean = bytes.iter().all(|b| b.is_ascii_graphic() && *b != b'\\');
    (path_absolute && clean).then_some(candidate)
}

/// [`local_path`], or the home page.
pub fn local_path_or_home(candidate: Option<&str>) -> &str {
    candidate.and_then(local_path).unwrap_or("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        let table: &[(&str, Option<&str>)] = &[
            ("/", Some("/")),
            ("/ok?x=1", Some("/ok?x=1")),
            (
                "/advisors/12?tab=parcours#notes",
                Some("/advisors/12?tab=parcours#notes"),
            ),
            (
                "/recherche?q=Jean%20Dupont",
                Some("/recherche?q=Jean%20Dupont"),
            ),
            ("//evil.example", None),
            ("/\\evil.example", None),
            ("/\t/evil.example", None),
            ("\t", None),
            ("/ok\r\nSet-Cookie: x=1", None),
            ("/ok\n", None),
            ("/ok\r", None),
            ("https://evil.example", None),
            ("http:/evil.example", None),
            ("javascript:alert(1)", None),
            ("evil.example", None),
            ("", None),
            (" /ok", None),
            ("/ok path", None),
            ("/\u{0}", None),
            ("/\u{7f}", None),
            ("/\u{85}evil", None),
            ("/\u{202e}lmth.exe", None),
            ("/é", None),
            ("\\\\evil.example", None),
        ];
        for (candidate, expected) in table {
            assert_eq!(local_path(candidate), *expected, "{candidate:?}");
        }
    }

    #[test]
    fn anything_else_goes_home() {
        assert_eq!(local_path_or_home(None), "/");
        assert_eq!(local_path_or_home(Some("//evil")), "/");
        assert_eq!(local_path_or_home(Some("/cohorts")), "/cohorts");
    }
}
