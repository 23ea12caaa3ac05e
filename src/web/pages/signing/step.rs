//! The scanned QR code: `GET /sign/qr/{token}` starts a signing step (signed in or not) and
//! sends the browser to it, through the login when needed (`/login?next=/sign/step/{secret}`);
//! `GET /sign/step/{secret}` asks to confirm, `POST` signs and confirms with the time.

use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use super::advisor::render_signed;
use super::{SigningClient, refusal};
use crate::error::AppError;
use crate::services::signing;
use crate::state::AppState;
use crate::web::extract::{Path, RequestIdentity, login_redirect};
use crate::web::middleware::page_error;
use crate::web::pages::{PageCtx, PageError, PageResult};

/// The error page for a refused token or step, with the service's sentence.
fn refused_page(err: AppError) -> Response {
    match refusal(&err) {
        Some(why) => page_error(err.status(), &why),
        None => PageError(err).into_response(),
    }
}

/// `GET /sign/qr/{token}`: the address in the QR code. A token past its validity or for
/// nothing is refused on a page that says so.
pub async fn from_qr(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(token): Path<String>,
) -> Response {
    let principal = identity.0.map(|i| i.principal);
    let signed_in = principal.is_some();
    let ctx = state.ctx();
    let started = state
        .db
        .run(move |conn| signing::start_step(conn, principal.as_ref(), ctx, &token))
        .await;
    match started {
        Ok(secret) => {
            let step = format!("/sign/step/{secret}");
            if signed_in {
                Redirect::to(&step).into_response()
            } else {
                login_redirect(&step)
            }
        }
        Err(err) => refused_page(err),
    }
}

/// `GET /sign/step/{secret}`: the half-day to sign, and the button.
pub async fn step_page(
    State(state): State<AppState>,
    page: PageCtx,
    Path(secret): Path<String>,
) -> PageResult {
    let (principal, ctx, asked) = (page.principal().clone(), state.ctx(), secret.clone());
    let view = match state
        .db
        .run(move |conn| signing::step(conn, &principal, ctx, &asked))
        .await
    {
        Ok(view) => view,
        Err(err) => return Ok(refused_page(err)),
    };
    let mut context = tera::Context::new();
    context.insert("title", "Signer ma présence");
    context.insert("step", &view);
    context.insert("secret", &secret);
    page.render(&state, "signing/step.html", context)
}

/// `POST /sign/step/{secret}`: signs the step's half-day.
pub async fn sign_step(
    State(state): State<AppState>,
    page: PageCtx,
    SigningClient(client): SigningClient,
    Path(secret): Path<String>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| {
            let view = signing::step(conn, &principal, ctx, &secret)?;
            let signed = signing::sign_step(conn, &principal, ctx, &secret, &client)?;
            Ok::<_, AppError>((view, signed))
        })
        .await;
    match result {
        Ok((view, signed)) => {
            render_signed(&state, &page, &signed, Some((&view.name, &view.span_text)))
        }
        Err(err) => Ok(refused_page(err)),
    }
}
