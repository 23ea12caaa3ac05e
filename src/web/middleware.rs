//! Request layers: resolve who is asking (once per request), refuse forged forms, and render
//! page errors as HTML.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::cookies;
use super::extract::{PageUser, ReadVersions, RequestIdentity};
use crate::auth::token::constant_time_eq;
use crate::error::AppError;
use crate::services::auth::Identity;
use crate::services::identity_cache::{Credential, Versions};
use crate::state::AppState;

/// Largest form body read for the CSRF check.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// Header carrying the CSRF token for cookie-authenticated API calls from scripts.
pub const CSRF_HEADER: &str = "x-csrf-token";

fn bearer(req: &Request) -> Option<String> {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
}

/// Resolves the bearer token or session cookie into an [`Identity`] stored in the request's
/// extensions, then checks CSRF on every unsafe request.
pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let now = state.clock.now_naive();
    let credential = if let Some(token) = bearer(&req) {
        Some(Credential::bearer(&token))
    } else {
        cookies::get(req.headers(), cookies::SESSION).map(|cookie| Credential::session(&cookie))
    };
    let resolved: Result<(Option<Identity>, Option<Versions>), AppError> = match credential {
        Some(credential) => {
            let app = state.clone();
            state
                .db
                .run(move |conn| app.identities.resolve(conn, &credential, now))
                .await
                .map(|(identity, versions)| (identity, Some(versions)))
        }
        None => Ok((None, None)),
    };
    let (identity, versions) = match resolved {
        Ok(resolved) => resolved,
        Err(e) => return e.into_response(),
    };
    // Error pages keep the layout of a signed-in session (its menu), not of a bearer token.
    let page_user = identity
        .as_ref()
        .filter(|i| i.csrf_token.is_some())
        .map(PageUser::of);
    let is_api = req.uri().path().starts_with("/api/");
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method {
        if is_api {
            // Cookie-authenticated API calls carry the token in a header; bearer tokens cannot
            // be sent by a forged cross-site form, so they need none.
            if let Some(expected) = identity.as_ref().and_then(|i| i.csrf_token.as_deref()) {
                let sent = req
                    .headers()
                    .get(CSRF_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                if !constant_time_eq(sent, expected) {
                    return AppError::Csrf.into_response();
                }
            }
        } else {
            let expected = match identity.as_ref().and_then(|i| i.csrf_token.clone()) {
                Some(token) => Some(token),
                None => cookies::get(req.headers(), cookies::PRE_LOGIN_CSRF),
            };
            let (parts, body) = req.into_parts();
            let multipart = super::multipart::is_multipart(&parts.headers);
            let limit = if multipart {
                super::multipart::body_limit(state.config.attendance.upload_max_bytes)
            } else {
                MAX_FORM_BYTES
            };
            let Ok(bytes) = to_bytes(body, limit).await else {
                return page_error(StatusCode::PAYLOAD_TOO_LARGE, "Formulaire trop volumineux.");
            };
            let in_body = if multipart {
                super::multipart::csrf_field(&parts.headers, bytes.clone()).await
            } else {
                form_field(&bytes, "csrf_token")
            };
            let sent = in_body
                .or_else(|| {
                    parts
                        .headers
                        .get(CSRF_HEADER)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned)
                })
                .unwrap_or_default();
            let cross_site = parts
                .headers
                .get("sec-fetch-site")
                .is_some_and(|v| v.as_bytes() == b"cross-site");
            let valid = !cross_site
                && expected.is_some_and(|e| !e.is_empty() && constant_time_eq(&sent, &e));
            if !valid {
                return with_layout(
                    page_error(StatusCode::FORBIDDEN, &AppError::Csrf.title()),
                    page_user,
                );
            }
            req = Request::from_parts(parts, Body::from(bytes));
        }
    }
    let authenticated = identity.is_some();
    req.extensions_mut().insert(RequestIdentity(identity));
    req.extensions_mut().insert(ReadVersions(versions));
    let mut response = with_layout(next.run(req).await, page_user);
    if authenticated {
        // What a signed-in person sees is theirs: no shared cache, no back-button copy.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The value of `name` in an `application/x-www-form-urlencoded` body.
fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// Marks a response whose body should be the HTML error page.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    /// What to tell the reader.
    pub message: String,
}

/// The signed-in user an error page is shown to, for its menu.
#[derive(Debug, Clone)]
struct ErrorPageUser(PageUser);

/// Marks an error page with its reader, so that it renders inside their layout.
fn with_layout(mut response: Response, user: Option<PageUser>) -> Response {
    if let Some(user) = user
        && response.extensions().get::<ErrorPage>().is_some()
    {
        response.extensions_mut().insert(ErrorPageUser(user));
    }
    response
}

/// A bare error response, rendered as a page by [`render_error_pages`].
pub fn page_error(status: StatusCode, message: &str) -> Response {
    let mut response = (status, message.to_owned()).into_response();
    response.extensions_mut().insert(ErrorPage {
        message: message.to_owned(),
    });
    response
}

/// Replaces the body of responses marked [`ErrorPage`] by the rendered `error.html`, inside
/// the signed-in user's layout (menu included) when there is one.
pub async fn render_error_pages(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    let was_post = req.method() == Method::POST;
    let response = next.run(req).await;
    let Some(page) = response.extensions().get::<ErrorPage>().cloned() else {
        return response;
    };
    let status = response.status();
    let mut context = tera::Context::new();
    if let Some(ErrorPageUser(user)) = response.extensions().get::<ErrorPageUser>() {
        super::pages::layout_context(user, &path, &mut context);
    }
    context.insert("after_form", &was_post);
    context.insert("status", &status.as_u16());
    context.insert("message", &page.message);
    context.insert("title", &format!("Erreur {}", status.as_u16()));
    match state.templates.render("error.html", &context) {
        Ok(html) => {
            let mut rendered = (status, html).into_response();
            rendered.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            rendered
        }
        Err(e) => {
            tracing::error!(error = %e, "error page template failed");
            response
        }
    }
}

/// Security headers on every response.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
        ),
    );
    response
}

/// Adds `Server-Timing: app;dur=…`, the milliseconds parcours spent on the request (read by
/// `bench/pages.sh` and by the browser's developer tools).
pub async fn server_timing(req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let mut response = next.run(req).await;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(value) = HeaderValue::from_str(&format!("app;dur={millis:.1}")) {
        response.headers_mut().insert("server-timing", value);
    }
    response
}
