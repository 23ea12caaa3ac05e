//! The video-conference link of a remote session (a cohort's remote days, a module session, an
//! exam session): optional; when given, an absolute `https://` URL naming a host, with no
//! `user:password@`, no whitespace nor control character, at most [`MAX_CHARS`] characters; and
//! only on a session held remotely.

/// The longest link accepted, in characters.
pub const MAX_CHARS: usize = 500;

/// The field's name in forms and JSON bodies.
pub const FIELD: &str = "video_link";

/// The link as typed (`None` or blank: no link), trimmed, or the French sentence naming the rule
/// it breaks.
pub fn parse(value: Option<&str>) -> Result<Option<String>, String> {
    let Some(link) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if link.chars().count() > MAX_CHARS {
        return Err(format!(
            "Le lien de visioconférence ne doit pas dépasser {MAX_CHARS} caractères."
        ));
    }
    if link.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(
            "Le lien de visioconférence ne doit contenir ni espace ni caractère de contrôle."
                .to_owned(),
        );
    }
    let scheme_len = "https://".len();
    let rest = match link.get(..scheme_len) {
        Some(scheme) if scheme.eq_ignore_ascii_case("https://") => &link[scheme_len..],
        _ => {
            return Err("Le lien de visioconférence doit commencer par https://".to_owned());
        }
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(
            "Le lien de visioconférence ne doit contenir ni identifiant ni mot de passe."
                .to_owned(),
        );
    }
    if !valid_authority(authority) {
        return Err(
            "Le lien de visioconférence doit nommer un serveur (https://visio.exemple.fr/…)."
                .to_owned(),
        );
    }
    Ok(Some(link.to_owned()))
}

/// The link of a module or exam session: [`parse`]d, then [`for_session`].
pub fn of_session(value: Option<&str>, remote: bool) -> Result<Option<String>, String> {
    for_session(parse(value)?, remote)
}

/// The link checked against the session's modality: a session held on site has none.
pub fn for_session(link: Option<String>, remote: bool) -> Result<Option<String>, String> {
    if link.is_some() && !remote {
        return Err(
            "Un lien de visioconférence ne se donne qu'à une session à distance : \
                    cochez « À distance » ou retirez le lien."
                .to_owned(),
        );
    }
    Ok(link)
}

/// `host` or `host:port`: a name of letters, digits, `-` and `.` (no empty label), or a
/// bracketed IPv6 address; a port of at most five digits.
fn valid_authority(authority: &str) -> bool {
    let (host_ok, port) = if let Some(inner) = authority.strip_prefix('[') {
        let Some((address, after)) = inner.split_once(']') else {
            return false;
        };
        let port = if after.is_empty() {
            Some("")
        } else {
            after.strip_prefix(':')
        };
        let ok = !address.is_empty() && address.chars().all(|c| c.is_ascii_hexdigit() || c == ':');
        (ok, port)
    } else {
        let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
        let labels = host.strip_suffix('.').unwrap_or(host);
        let ok = !labels.is_empty()
            && labels.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        (ok, Some(port))
    };
    host_ok && port.is_some_and(|p| p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_no_link() {
        assert_eq!(parse(None), Ok(None));
        assert_eq!(parse(Some("  ")), Ok(None));
    }

    #[test]
    fn https_links_are_kept_trimmed() {
        for link in [
            "https://visio.exemple.fr/salle-12",
            "https://meet.jit.si/parcours-ccp1?lang=fr#x",
            "HTTPS://Visio.Exemple.fr",
            "https://visio.exemple.fr:8443/a",
            "https://[2001:db8::1]/salle",
            "https://visio.exemple.fr./a",
        ] {
            assert_eq!(
                parse(Some(&format!(" {link} "))),
                Ok(Some(link.to_owned())),
                "{link}"
            );
        }
    }

    #[test]
    fn other_schemes_are_refused() {
        for link in [
            "http://visio.exemple.fr",
            "javascript:alert(1)",
            "visio.exemple.fr",
            "//visio.exemple.fr",
            "https:/visio.exemple.fr",
            "data:text/html,x",
        ] {
            assert_eq!(
                parse(Some(link)),
                Err("Le lien de visioconférence doit commencer par https://".to_owned()),
                "{link}"
            );
        }
    }

    #[test]
    fn a_host_is_needed() {
        for link in [
            "https://",
            "https:///salle",
            "https://:443/a",
            "https://visio..fr",
            "https://visio.fr:port",
            "https://[::1",
            "https://a<b>.fr",
        ] {
            assert!(
                parse(Some(link)).is_err_and(|e| e.contains("nommer un serveur")),
                "{link}"
            );
        }
    }

    #[test]
    fn credentials_spaces_and_length_are_refused() {
        assert!(
            parse(Some("https://moi:secret@visio.exemple.fr"))
                .is_err_and(|e| e.contains("ni identifiant ni mot de passe"))
        );
        assert!(
            parse(Some("https://visio.exemple.fr/a b"))
                .is_err_and(|e| e.contains("ni espace ni caractère de contrôle"))
        );
        assert!(
            parse(Some("https://visio.exemple.fr/\u{7}"))
                .is_err_and(|e| e.contains("ni espace ni caractère de contrôle"))
        );
        let long = format!("https://visio.exemple.fr/{}", "a".repeat(MAX_CHARS));
        assert!(parse(Some(&long)).is_err_and(|e| e.contains("500 caractères")));
        let just = format!("https://v.fr/{}", "a".repeat(MAX_CHARS - 13));
        assert_eq!(
            parse(Some(&just)).map(|l| l.map(|l| l.len())),
            Ok(Some(MAX_CHARS))
        );
    }

    #[test]
    fn only_remote_sessions_carry_a_link() {
        let link = Some("https://visio.exemple.fr".to_owned());
        assert_eq!(for_session(link.clone(), true), Ok(link.clone()));
        assert_eq!(for_session(None, false), Ok(None));
        assert!(for_session(link, false).is_err_and(|e| e.contains("session à distance")));
    }
}
