//! Reading and writing the few cookies parcours uses.

use std::fmt::Write as _;

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

/// The login session.
pub const SESSION: &str = "parcours_session";
/// The anti-forgery token of forms shown before login.
pub const PRE_LOGIN_CSRF: &str = "parcours_csrf";
/// A one-time message shown after a redirect.
pub const FLASH: &str = "parcours_flash";
/// The key of a refused form kept for the GET after its redirect (`web::form_replay`).
pub const FORM_REPLAY: &str = "parcours_form";

/// The value of cookie `name`, if sent.
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A `Set-Cookie` value: `HttpOnly`, `SameSite=Lax`, path `/`, `Secure` when asked.
pub fn set(name: &str, value: &str, max_age_secs: Option<u64>, secure: bool) -> String {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age_secs {
        let _ = write!(cookie, "; Max-Age={age}");
    }
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

/// A `Set-Cookie` value that deletes the cookie.
pub fn clear(name: &str, secure: bool) -> String {
    set(name, "", Some(0), secure)
}

/// Percent-encodes a flash message for a cookie value.
pub fn encode_flash(message: &str) -> String {
    let mut out = String::new();
    for b in message.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(*b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Decodes [`encode_flash`].
pub fn decode_flash(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len() + 1
            && let Some(hex) = value.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flash_round_trips_french_text() {
        let m = "Conseiller « Léa » enregistré ; merci.";
        assert_eq!(decode_flash(&encode_flash(m)), m);
    }

    #[test]
    fn reads_one_cookie_among_several() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, "a=1; parcours_session=xyz; b=2".parse().unwrap());
        assert_eq!(get(&headers, SESSION).as_deref(), Some("xyz"));
        assert_eq!(get(&headers, "c"), None);
    }
}
