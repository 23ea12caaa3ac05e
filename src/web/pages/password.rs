//! « Mot de passe oublié » (`/password/forgot`) and the single-use reset link
//! (`/password/reset/{token}`): reachable without an account, forms guarded by the pre-login
//! CSRF cookie (or the session's token when signed in).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::PageError;
use super::login::pre_login_token;
use crate::error::AppError;
use crate::services::password_reset::{self, INVALID_LINK};
use crate::state::AppState;
use crate::web::extract::RequestIdentity;

/// Longest reset token looked up (they are 43 characters).
const MAX_TOKEN_CHARS: usize = 64;

/// The anti-forgery token for these forms: the session's when signed in, else the pre-login
/// cookie's (set when missing).
fn form_token(
    state: &AppState,
    headers: &HeaderMap,
    identity: &RequestIdentity,
) -> Result<(String, Option<String>), PageError> {
    match identity.0.as_ref().and_then(|i| i.csrf_token.clone()) {
        Some(token) => Ok((token, None)),
        None => pre_login_token(state, headers),
    }
}

fn render(
    state: &AppState,
    template: &str,
    mut context: tera::Context,
    status: StatusCode,
    set_cookie: Option<String>,
) -> Result<Response, PageError> {
    if !context.contains_key("title") {
        context.insert("title", "Mot de passe oublié");
    }
    let html = state
        .templates
        .render(template, &context)
        .map_err(|e| AppError::Internal(format!("template {template}: {e:?}")))?;
    let mut response = (status, Html(html)).into_response();
    if let Some(cookie) = set_cookie
        && let Ok(value) = HeaderValue::from_str(&cookie)
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// `GET /password/forgot`.
pub async fn forgot_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    identity: axum::Extension<RequestIdentity>,
) -> Result<Response, PageError> {
    let (token, set_cookie) = form_token(&state, &headers, &identity.0)?;
    let mut context = tera::Context::new();
    context.insert("csrf_token", &token);
    context.insert("sent", &false);
    render(
        &state,
        "password/forgot.html",
        context,
        StatusCode::OK,
        set_cookie,
    )
}

/// The « mot de passe oublié » form.
#[derive(Debug, Deserialize)]
pub struct ForgotForm {
    email: Option<String>,
}

/// `POST /password/forgot`: the same answer, byte for byte, whether or not the address has an
/// account (the e-mail, if any, leaves through the job queue).
pub async fn forgot_submit(
    State(state): State<AppState>,
    Form(form): Form<ForgotForm>,
) -> Result<Response, PageError> {
    let (now, per_hour) = (
        state.clock.now_naive(),
        state.config.password_reset_per_hour,
    );
    let email = form.email.unwrap_or_default();
    state
        .db
        .run(move |conn| password_reset::request(conn, &email, now, per_hour))
        .await?;
    let mut context = tera::Context::new();
    context.insert("sent", &true);
    render(
        &state,
        "password/forgot.html",
        context,
        StatusCode::OK,
        None,
    )
}

fn reset_context(token: &str, csrf: &str) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert("title", "Nouveau mot de passe");
    context.insert("csrf_token", csrf);
    context.insert("action", &format!("/password/reset/{token}"));
    context
}

fn invalid(state: &AppState) -> Result<Response, PageError> {
    let mut context = reset_context("", "");
    context.insert("invalid", INVALID_LINK);
    render(
        state,
        "password/reset.html",
        context,
        StatusCode::NOT_FOUND,
        None,
    )
}

fn plausible(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= MAX_TOKEN_CHARS
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `GET /password/reset/{token}`: the form, or why the link no longer works.
pub async fn reset_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    identity: axum::Extension<RequestIdentity>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let now = state.clock.now_naive();
    let lookup = token.clone();
    let valid = plausible(&token)
        && state
            .db
            .run(move |conn| password_reset::is_valid(conn, &lookup, now))
            .await?;
    if !valid {
        return invalid(&state);
    }
    let (csrf, set_cookie) = form_token(&state, &headers, &identity.0)?;
    render(
        &state,
        "password/reset.html",
        reset_context(&token, &csrf),
        StatusCode::OK,
        set_cookie,
    )
}

/// The new password.
#[derive(Debug, Deserialize)]
pub struct ResetForm {
    password: Option<String>,
    csrf_token: Option<String>,
}

/// `POST /password/reset/{token}`: sets the password once, ends every session and token.
pub async fn reset_submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(form): Form<ResetForm>,
) -> Result<Response, PageError> {
    if !plausible(&token) {
        return invalid(&state);
    }
    let result = password_reset::reset(
        &state.db,
        token.clone(),
        form.password.unwrap_or_default(),
        state.config.password,
        state.clock.now_naive(),
    )
    .await;
    match result {
        Ok(()) => {
            let mut context = reset_context(&token, "");
            context.insert("done", &true);
            render(&state, "password/reset.html", context, StatusCode::OK, None)
        }
        Err(AppError::NotFound) => invalid(&state),
        Err(AppError::Validation(errors)) => {
            let mut context = reset_context(&token, &form.csrf_token.unwrap_or_default());
            context.insert("error", &errors.get("password"));
            render(
                &state,
                "password/reset.html",
                context,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
            )
        }
        Err(other) => Err(PageError(other)),
    }
}
