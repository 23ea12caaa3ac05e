//! Post/redirect/get, also for refused forms: a page re-rendered by
//! [`super::pages::PageCtx::render_invalid`] after a POST is kept server-side
//! (`services::form_replays`) and the browser is sent `303 See Other` to the page the form was
//! on (its same-origin `Referer`); that GET shows the kept page once, with what was typed and
//! the messages. A reload then asks for the page afresh and never resubmits. Without a usable
//! `Referer` the refused page is answered in place (422), as before.

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use super::cookies;
use super::extract::RequestIdentity;
use crate::domain::redirect::local_path;
use crate::services::form_replays::{self, KEPT_FOR_SECS};
use crate::state::AppState;

/// Marks a refused form's page, to be kept and redirected to.
#[derive(Debug, Clone, Copy)]
pub struct RefusedForm;

/// Largest page kept.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// The local path and query of a same-origin `Referer`.
pub fn referer_path(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("http://")
        .or_else(|| referer.strip_prefix("https://"))?;
    let path = rest.strip_prefix(host)?;
    local_path(path).map(str::to_owned)
}

fn path_and_query(req: &Request) -> String {
    req.uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned())
}

/// The layer: keeps refused forms on POST, shows them once on the GET that follows.
pub async fn replay_forms(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let user_id = req
        .extensions()
        .get::<RequestIdentity>()
        .and_then(|r| r.0.as_ref())
        .filter(|i| i.csrf_token.is_some())
        .map(|i| i.principal.user_id);
    let Some(user_id) = user_id else {
        return next.run(req).await;
    };
    let secure = state.config.secure_cookies();
    let now = state.clock.now_naive();
    if req.method() == Method::GET
        && let Some(secret) = cookies::get(req.headers(), cookies::FORM_REPLAY)
    {
        let path = path_and_query(&req);
        let kept = state
            .db
            .run(move |conn| form_replays::take(conn, &secret, user_id, &path, now))
            .await;
        match kept {
            Ok(Some(html)) => {
                let mut response = Html(html).into_response();
                if let Ok(value) =
                    HeaderValue::from_str(&cookies::clear(cookies::FORM_REPLAY, secure))
                {
                    response.headers_mut().append(header::SET_COOKIE, value);
                }
                return response;
            }
            Ok(None) => {}
            Err(e) => e.log(),
        }
        return next.run(req).await;
    }
    if req.method() != Method::POST || req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let back = referer_path(req.headers());
    let response = next.run(req).await;
    let refused = response.extensions().get::<RefusedForm>().is_some();
    let Some(back) = back.filter(|_| refused) else {
        return response;
    };
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let html = String::from_utf8_lossy(&bytes).into_owned();
    let to = back.clone();
    let kept = state
        .db
        .run(move |conn| form_replays::keep(conn, user_id, &to, &html, now))
        .await;
    let secret = match kept {
        Ok(secret) => secret,
        Err(e) => {
            e.log();
            return Response::from_parts(parts, bytes.into());
        }
    };
    let mut redirect = (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response();
    for cookie in parts.headers.get_all(header::SET_COOKIE) {
        redirect
            .headers_mut()
            .append(header::SET_COOKIE, cookie.clone());
    }
    let max_age = u64::try_from(KEPT_FOR_SECS).unwrap_or(600);
    if let Ok(value) = HeaderValue::from_str(&cookies::set(
        cookies::FORM_REPLAY,
        &secret,
        Some(max_age),
        secure,
    )) {
        redirect.headers_mut().append(header::SET_COOKIE, value);
    }
    redirect
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_same_origin_referer_is_followed() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("parcours.example"));
        headers.insert(
            header::REFERER,
            HeaderValue::from_static("https://parcours.example/cohorts/new?x=1"),
        );
        assert_eq!(referer_path(&headers).as_deref(), Some("/cohorts/new?x=1"));
        headers.insert(
            header::REFERER,
            HeaderValue::from_static("https://evil.example/cohorts/new"),
        );
        assert_eq!(referer_path(&headers), None);
        headers.insert(
            header::REFERER,
            HeaderValue::from_static("https://parcours.example.evil/x"),
        );
        assert_eq!(referer_path(&headers), None);
    }
}
