//! The public check of attestations and sealed documents (attendance sheets, certificats de
//! réalisation, attestations de fin de formation): `GET /verify` (a form) and
//! `GET /verify/{code}`, open to anyone (an employer has no account). Every answer takes at least [`MIN_DURATION`], so that found and
//! unknown codes cannot be told apart by their timing; lookups are rate-limited per address.

use std::time::Duration;

use crate::web::extract::{Path, Query};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tokio::time::Instant;

use crate::certificates::code;
use crate::error::AppError;
use crate::services::sealing::{self, Verified};
use crate::state::AppState;
use crate::web::extract::ClientIp;

/// The least time any verification answer takes: well above a lookup's few milliseconds, so that
/// found and unknown codes answer alike, and well below what a person notices.
pub const MIN_DURATION: Duration = Duration::from_millis(40);

/// `?code=` from the form.
#[derive(Debug, Deserialize)]
pub struct CodeQuery {
    code: Option<String>,
}

fn render(state: &AppState, status: StatusCode, context: &tera::Context) -> Response {
    match state.templates.render("verify/page.html", context) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => AppError::Internal(format!("verify template: {e:?}")).into_response(),
    }
}

fn context(code: &str) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert("title", "Vérifier un document");
    context.insert("code", code);
    context
}

/// The form; with `?code=`, goes to that code's page.
pub async fn form(State(state): State<AppState>, Query(query): Query<CodeQuery>) -> Response {
    match query.code.as_deref().map(str::trim) {
        Some(typed) if !typed.is_empty() => {
            let canonical = code::normalize(typed).unwrap_or_else(|| typed.to_owned());
            let encoded: String = url_path_segment(&canonical);
            Redirect::to(&format!("/verify/{encoded}")).into_response()
        }
        Some(_) => {
            let mut context = context("");
            context.insert(
                "error",
                "Saisissez le code imprimé sur l'attestation ou le document scellé.",
            );
            render(&state, StatusCode::UNPROCESSABLE_ENTITY, &context)
        }
        None => render(&state, StatusCode::OK, &context("")),
    }
}

/// Percent-encodes what is not a plain code character, so any input makes a valid path.
fn url_path_segment(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Looks `code` up for `address`, taking at least [`MIN_DURATION`].
pub async fn timed_check(
    state: &AppState,
    code: String,
    address: String,
) -> Result<Option<Verified>, AppError> {
    let started = Instant::now();
    let (limit, now) = (state.config.verify_limit, state.clock.now_naive());
    let result = state
        .db
        .run(move |conn| sealing::verify(conn, &code, &address, limit, now))
        .await;
    tokio::time::sleep_until(started + MIN_DURATION).await;
    result
}

/// A code's page: holder, certification, date, issuer and status; a plain "not found" otherwise.
pub async fn show(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(typed): Path<String>,
) -> Response {
    let mut context = context(&typed);
    match timed_check(&state, typed.clone(), ip.to_string()).await {
        Ok(Some(Verified::Certificate(found))) => {
            context.insert("certificate", &found);
            render(&state, StatusCode::OK, &context)
        }
        Ok(Some(Verified::Sealed(found))) => {
            context.insert("sealed", &found);
            render(&state, StatusCode::OK, &context)
        }
        Ok(None) => {
            context.insert("not_found", &true);
            render(&state, StatusCode::NOT_FOUND, &context)
        }
        Err(AppError::TooManyRequests { retry_after }) => {
            let error = AppError::TooManyRequests { retry_after };
            context.insert("error", &error.title());
            let mut response = render(&state, StatusCode::TOO_MANY_REQUESTS, &context);
            if let Ok(value) = retry_after.to_string().parse() {
                response
                    .headers_mut()
                    .insert(axum::http::header::RETRY_AFTER, value);
            }
            response
        }
        Err(e) => super::PageError(e).into_response(),
    }
}
