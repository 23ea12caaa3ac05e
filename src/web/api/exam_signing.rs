//! Attendance of an exam day, under `/api/v1/exam-sessions/{id}`: the session is its own day, so
//! its half-days are `/half-days/{half}` with the same endpoints as a module session's (board,
//! signatures, QR token, kiosk, self-signing, closing, paper, corrections; bodies in
//! [`super::signing_at`]), the jurors playing the trainer's part, and the day's sealed sheet.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::signing::{
    CloseInput, CorrectionInput, KioskInput, PaperInput, SelfSignInput, SignatureInput,
};
use super::signing_at as at;
use crate::error::AppResult;
use crate::services::sealing;
use crate::services::signing::{Board, Closed, Corrected, HalfDayKey, QrToken, Signed};
use crate::services::sitting::DayKind;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser, ClientIp, Path};
use crate::web::pages::sealed::pdf_response;

fn key((session_id, half): (i64, String)) -> HalfDayKey {
    HalfDayKey::exam(session_id, &half)
}

/// An exam half-day's board: candidates, their signatures and marks, the window.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/half-days/{half}", tag = "signing",
    params(("id" = i64, Path), ("half" = String, Path, description = "am or pm")),
    responses((status = 200, body = Board), (status = 404)))]
pub async fn board(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(path): Path<(i64, String)>,
) -> AppResult<Json<Board>> {
    at::board(state, actor, key(path)).await
}

/// A registered candidate signs: by themselves (`{}`), or with the QR code's token.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/half-days/{half}/signatures", tag = "signing",
    params(("id" = i64, Path), ("half" = String, Path)),
    request_body = SignatureInput,
    responses((status = 200, body = Signed), (status = 403), (status = 404), (status = 409)))]
pub async fn sign(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ip: ClientIp,
    headers: HeaderMap,
    Path(path): Path<(i64, String)>,
    ApiJson(input): ApiJson<SignatureInput>,
) -> AppResult<Json<Signed>> {
    at::sign(state, actor, ip, &headers, key(path), input).await
}

/// The QR token to show now (the session's jurors, staff): it changes every 30 seconds.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/half-days/{half}/qr-token", tag = "signing",
    params(("id" = i64, Path), ("half" = String, Path)),
    responses((status = 200, body = QrToken), (status = 403), (status = 404), (status = 409)))]
pub async fn qr_token(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(path): Path<(i64, String)>,
) -> AppResult<Json<QrToken>> {
    at::qr_token(state, actor, key(path)).await
}

/// A candidate's drawn signature on the juror's device.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/half-days/{half}/kiosk-signatures", tag = "signing",
    params(("id" = i64, Path), ("half" = String, Path)),
    request_body = KioskInput,
    responses((status = 200, body = Signed), (status = 403), (status = 409), (status = 422)))]
pub async fn kiosk(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ip: ClientIp,
    headers: HeaderMap,
    Path(path): Path<(i64, String)>,
    ApiJson(input): ApiJson<KioskInput>,
) -> AppResult<Json<Signed>> {
    at::kiosk(state, actor, ip, &headers, key(path), input).await
}

/// Lets candidates self-sign this on-site half-day (without on-site proof), or stops it.
#[utoipa::path(put, path = "/api/v1/exam-sessions/{id}/half-days/{half}/self-sign", tag = "signing",
    params(("id" = i64, Path), ("half" = String, Path)),
    request_body = SelfSignInput,
    responses((status = 200, body = Board), (status = 403), (status = 409)))]
pub async fn self_sign(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(path): Path<(i64, String)>,
    ApiJson(input): ApiJson<SelfSignInput>,
) -> AppResult<Json<Board>> {
    at::self_sign(state, actor, key(path), input).await
}

/// A juror signs and closes: the unsigned are marked absent (an excused mark stays) and their
/// host structure is told of an absence still unjustified after the delay.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/half-days/{half}/close", tag = "signing",
    params(("id" = i64, Path), ("half" = String, Path)),
    request_body = CloseInput,
    responses((status = 200, body = Closed), (status = 403), (status = 409), (status = 422)))]
pub async fn close(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ip: ClientIp,
    headers: HeaderMap,
    Path(path): Path<(i64, String)>,
    ApiJson(input): ApiJson<CloseInput>,
) -> AppResult<Json<Closed>> {
    at::close(state, actor, ip, &headers, key(path), input).await
}

/// Staff record a paper half-day (« Tous présents » but `absent`), with its scanned sheet.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/half-days/{half}/paper", tag = "signing",
    params(("id" = i64, Path), ("half" = String, Path)),
    request_body = PaperInput,
    responses((status = 200, body = Closed), (status = 403), (status = 409), (status = 422)))]
pub async fn paper(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(path): Path<(i64, String)>,
    ApiJson(input): ApiJson<PaperInput>,
) -> AppResult<Json<Closed>> {
    at::paper(state, actor, key(path), input).await
}

/// Corrects a candidate's status on a closed half-day, with a reason.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/half-days/{half}/corrections", tag = "signing",
    params(("id" = i64, Path), ("half" = String, Path)),
    request_body = CorrectionInput,
    responses((status = 200, body = Corrected), (status = 403), (status = 409), (status = 422)))]
pub async fn correct(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(path): Path<(i64, String)>,
    ApiJson(input): ApiJson<CorrectionInput>,
) -> AppResult<Json<Corrected>> {
    at::correct(state, actor, key(path), input).await
}

/// The latest sealed version of the exam day's attendance sheet (PDF); 409 until every half-day
/// is closed; 404 for anyone who may not read its attendance.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/sealed-sheet", tag = "attendance",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404), (status = 409)))]
pub async fn sealed_sheet(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(session_id): Path<i64>,
) -> AppResult<Response> {
    let (row, bytes) = state
        .db
        .run(move |conn| sealing::sheet_pdf(conn, &actor, DayKind::ExamDay, session_id, session_id))
        .await?;
    Ok(pdf_response(
        bytes,
        &format!("emargement-{}-v{}.pdf", row.code, row.version),
    ))
}
