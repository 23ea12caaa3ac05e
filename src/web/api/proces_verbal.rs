//! The procès-verbal of an exam session over the API: its state, a juror's signature, and the
//! sealed PDFs of the PV and of a candidate's fiche individuelle de résultats.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::signing::client;
use crate::error::AppResult;
use crate::services::proces_verbal::{self, PvSignatureInput, PvState, SignedFrom};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser, ClientIp, Path};
use crate::web::pages::sealed::pdf_response;

/// The PV's state: what is missing, which jurors signed its current content, its sealed
/// versions. For the organiser's staff, coordinators over it, its jurors and admins.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/proces-verbal", tag = "certification",
    params(("id" = i64, Path)),
    responses((status = 200, body = PvState), (status = 404)))]
pub async fn state(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<PvState>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| proces_verbal::state(conn, &actor, ctx, id))
            .await?,
    ))
}

/// A juror signs the PV's current content (`drawn`, or `certify`); the last signature seals
/// the PV and the fiches. 403 for a non-juror who sees the session, 409 while a decision or the
/// confirmation is missing.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/proces-verbal/signatures",
    tag = "certification", params(("id" = i64, Path)), request_body = PvSignatureInput,
    responses((status = 200, body = PvState), (status = 403), (status = 404), (status = 409),
        (status = 422)))]
pub async fn sign(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ip: ClientIp,
    headers: HeaderMap,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PvSignatureInput>,
) -> AppResult<Json<PvState>> {
    let ctx = state.ctx();
    let client = client(ip, &headers);
    let from = SignedFrom {
        addr: client.addr,
        user_agent: client.user_agent,
    };
    Ok(Json(
        state
            .db
            .run(move |conn| proces_verbal::sign(conn, &actor, ctx, id, &input, &from))
            .await?,
    ))
}

/// The latest sealed PV (PDF); 409 until the whole jury signed.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/proces-verbal.pdf", tag = "certification",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404), (status = 409)))]
pub async fn pv_pdf(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (row, bytes) = state
        .db
        .run(move |conn| proces_verbal::pv_pdf(conn, &actor, id))
        .await?;
    Ok(pdf_response(
        bytes,
        &format!("proces-verbal-{}-v{}.pdf", row.code, row.version),
    ))
}

/// A candidate's latest sealed fiche individuelle de résultats (PDF): for those who read the PV
/// and for the candidate themselves; 409 until the whole jury signed.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/fiches/{advisor}", tag = "certification",
    params(("id" = i64, Path), ("advisor" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404), (status = 409)))]
pub async fn fiche_pdf(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, advisor)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (row, bytes) = state
        .db
        .run(move |conn| proces_verbal::fiche_pdf(conn, &actor, id, advisor))
        .await?;
    Ok(pdf_response(
        bytes,
        &format!("fiche-resultats-{}-v{}.pdf", row.code, row.version),
    ))
}
