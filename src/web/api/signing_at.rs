//! The bodies of the half-day endpoints, shared by the cohort routes
//! (`/api/v1/cohorts/{id}/days/{day}/half-days/{half}/…`, [`super::signing`]) and the module
//! session routes (`/api/v1/module-sessions/{id}/days/{day}/half-days/{half}/…`,
//! [`super::module_signing`]): each takes the key its route built and calls one service.

use axum::Json;
use axum::http::HeaderMap;
use base64::Engine as _;

use super::signing::{
    CloseInput, CorrectionInput, KioskInput, PaperInput, SelfSignInput, SignatureInput, client,
};
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::services::files::Upload;
use crate::services::signing::{self, Board, Closed, Corrected, HalfDayKey, QrToken, Signed};
use crate::state::AppState;
use crate::web::extract::ClientIp;

/// A half-day's board.
pub async fn board(state: AppState, actor: Principal, key: HalfDayKey) -> AppResult<Json<Board>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| signing::board(conn, &actor, ctx, &key))
            .await?,
    ))
}

/// A trainee's signature, by themselves or with a QR token.
pub async fn sign(
    state: AppState,
    actor: Principal,
    ip: ClientIp,
    headers: &HeaderMap,
    key: HalfDayKey,
    input: SignatureInput,
) -> AppResult<Json<Signed>> {
    let ctx = state.ctx();
    let client = client(ip, headers);
    Ok(Json(
        state
            .db
            .run(move |conn| match input.token.as_deref() {
                Some(token) => signing::sign_with_token(conn, &actor, ctx, &key, token, &client),
                None => signing::sign_self_at(conn, &actor, ctx, &key, &client),
            })
            .await?,
    ))
}

/// The QR token to show now.
pub async fn qr_token(
    state: AppState,
    actor: Principal,
    key: HalfDayKey,
) -> AppResult<Json<QrToken>> {
    let ctx = state.ctx();
    let base_url = state.config.base_url.clone();
    Ok(Json(
        state
            .db
            .run(move |conn| signing::qr_token(conn, &actor, ctx, &key, &base_url))
            .await?,
    ))
}

/// A kiosk signature.
pub async fn kiosk(
    state: AppState,
    actor: Principal,
    ip: ClientIp,
    headers: &HeaderMap,
    key: HalfDayKey,
    input: KioskInput,
) -> AppResult<Json<Signed>> {
    let ctx = state.ctx();
    let client = client(ip, headers);
    Ok(Json(
        state
            .db
            .run(move |conn| {
                signing::sign_kiosk(
                    conn,
                    &actor,
                    ctx,
                    &key,
                    input.advisor_id,
                    &input.drawn,
                    &client,
                )
            })
            .await?,
    ))
}

/// Self-signing on site, allowed or not.
pub async fn self_sign(
    state: AppState,
    actor: Principal,
    key: HalfDayKey,
    input: SelfSignInput,
) -> AppResult<Json<Board>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| signing::set_self_sign(conn, &actor, ctx, &key, input.allowed))
            .await?,
    ))
}

/// The trainer's closing signature.
pub async fn close(
    state: AppState,
    actor: Principal,
    ip: ClientIp,
    headers: &HeaderMap,
    key: HalfDayKey,
    input: CloseInput,
) -> AppResult<Json<Closed>> {
    let ctx = state.ctx();
    let client = client(ip, headers);
    Ok(Json(
        state
            .db
            .run(move |conn| {
                signing::close(conn, &actor, ctx, &key, input.drawn.as_deref(), &client)
            })
            .await?,
    ))
}

/// A paper half-day.
pub async fn paper(
    state: AppState,
    actor: Principal,
    key: HalfDayKey,
    input: PaperInput,
) -> AppResult<Json<Closed>> {
    let ctx = state.ctx();
    let scanned = input
        .scanned
        .map(|s| {
            base64::engine::general_purpose::STANDARD
                .decode(s.content_base64.trim())
                .map(|bytes| Upload {
                    name: s.name,
                    bytes,
                })
                .map_err(|_| AppError::field("scanned", "Le fichier n'est pas en base64."))
        })
        .transpose()?;
    let (absent, close) = (input.absent, input.close);
    Ok(Json(
        state
            .db
            .run(move |conn| {
                signing::paper(conn, &actor, ctx, &key, &absent, scanned.as_ref(), close)
            })
            .await?,
    ))
}

/// A correction after closing.
pub async fn correct(
    state: AppState,
    actor: Principal,
    key: HalfDayKey,
    input: CorrectionInput,
) -> AppResult<Json<Corrected>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| {
                signing::correct(
                    conn,
                    &actor,
                    ctx,
                    &key,
                    input.advisor_id,
                    &input.status,
                    &input.reason,
                )
            })
            .await?,
    ))
}
