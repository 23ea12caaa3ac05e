//! `GET /sign`: « Signer ma présence », the half-days open for the advisor now, each with its
//! « Je signe ma présence » button; `POST /sign/{half_day_id}` signs and confirms with the time.

use axum::extract::State;
use axum::http::StatusCode;

use super::{SigningClient, refusal};
use crate::services::signing::{self, Signed};
use crate::state::AppState;
use crate::web::extract::Path;
use crate::web::pages::{PageCtx, PageError, PageResult};

/// Renders the list of open half-days, with a refusal above it when `refused` is set.
async fn render_list(
    state: &AppState,
    page: &PageCtx,
    refused: Option<(StatusCode, String)>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let open = state
        .db
        .run(move |conn| signing::signable_now(conn, &principal, ctx))
        .await?;
    let mut context = tera::Context::new();
    context.insert("title", "Signer ma présence");
    context.insert("open", &open);
    context.insert("opens_before", &ctx.attendance.opens_before_minutes);
    context.insert("refused", &refused.as_ref().map(|(_, why)| why));
    let mut response = page.render(state, "signing/sign.html", context)?;
    if let Some((status, _)) = refused {
        *response.status_mut() = status;
    }
    Ok(response)
}

/// `GET /sign`.
pub async fn sign_page(State(state): State<AppState>, page: PageCtx) -> PageResult {
    render_list(&state, &page, None).await
}

/// `POST /sign/{half_day_id}`: the advisor's own signature, signed in on their phone.
pub async fn sign_self(
    State(state): State<AppState>,
    page: PageCtx,
    SigningClient(client): SigningClient,
    Path(half_day_id): Path<i64>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| signing::sign_self(conn, &principal, ctx, half_day_id, &client))
        .await;
    match result {
        Ok(signed) => render_signed(&state, &page, &signed, None),
        Err(err) => match refusal(&err) {
            Some(why) => render_list(&state, &page, Some((err.status(), why))).await,
            None => Err(PageError(err)),
        },
    }
}

/// The confirmation of a signature: « Signé à 9 h 02 », with the half-day when known.
pub(super) fn render_signed(
    state: &AppState,
    page: &PageCtx,
    signed: &Signed,
    what: Option<(&str, &str)>,
) -> PageResult {
    let mut context = tera::Context::new();
    context.insert("title", "Présence signée");
    context.insert("signed", signed);
    context.insert("cohort_name", &what.map(|(cohort, _)| cohort));
    context.insert("span_text", &what.map(|(_, span)| span));
    page.render(state, "signing/signed.html", context)
}
