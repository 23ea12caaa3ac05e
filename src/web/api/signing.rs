//! Signing attendance under `/api/v1/cohorts/{id}/days/{day}/half-days/{half}` (the same for a
//! module session's day: [`super::module_signing`], both through [`super::signing_at`]), the
//! signing steps a QR scan starts (`/api/v1/signing-steps`) and the advisor's half-days open
//! now (`/api/v1/me/signable`).

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::signing_at as at;
use crate::error::AppResult;
use crate::services::signing::{
    self, Board, Client, Closed, Corrected, HalfDayKey, QrToken, Signable, Signed,
};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser, ClientIp, Path, RequestIdentity};

/// The request's client (address, behind the trusted proxy the forwarded one; user agent).
pub fn client(ip: ClientIp, headers: &HeaderMap) -> Client {
    Client {
        addr: Some(ip.0.to_string()),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(500).collect()),
    }
}

fn key((cohort_id, day_id, half): (i64, i64, String)) -> HalfDayKey {
    HalfDayKey::cohort(cohort_id, day_id, &half)
}

/// A trainee's signature: `{}` signs by oneself, `{"token": …}` with the QR code's token.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SignatureInput {
    /// The QR token, for a QR signature.
    #[serde(default)]
    pub token: Option<String>,
}

/// A kiosk signature: the trainee and their drawing.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct KioskInput {
    /// The trainee.
    pub advisor_id: i64,
    /// The drawn signature (the restricted path `M x y L x y …`).
    pub drawn: String,
}

/// Whether trainees may self-sign on site.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SelfSignInput {
    /// Allowed.
    pub allowed: bool,
}

/// The trainer's closing signature.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CloseInput {
    /// The trainer's drawn signature, optional.
    #[serde(default)]
    pub drawn: Option<String>,
}

/// A scanned sheet, base64-encoded.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ScannedInput {
    /// File name.
    pub name: String,
    /// The bytes, standard base64 (PDF, JPEG or PNG).
    pub content_base64: String,
}

/// A paper half-day: everyone present but `absent`; `close` needs the scanned sheet.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PaperInput {
    /// Advisors absent.
    #[serde(default)]
    pub absent: Vec<i64>,
    /// Close the half-day.
    #[serde(default)]
    pub close: bool,
    /// The scanned signed sheet.
    #[serde(default)]
    pub scanned: Option<ScannedInput>,
}

/// A correction after closing.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CorrectionInput {
    /// The trainee.
    pub advisor_id: i64,
    /// `present` or `absent`.
    pub status: String,
    /// Why (required).
    pub reason: String,
}

/// A scanned QR token.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct StepInput {
    /// The token.
    pub token: String,
}

/// A started signing step.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StepStarted {
    /// Its secret (shown once): `POST /api/v1/signing-steps/{secret}/signature` signs.
    pub secret: String,
}

/// A half-day's board: trainees, their signatures and marks, the window.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/days/{day}/half-days/{half}", tag = "signing",
    params(("id" = i64, Path), ("day" = i64, Path), ("half" = String, Path, description = "am or pm")),
    responses((status = 200, body = Board), (status = 404)))]
pub async fn board(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(path): Path<(i64, i64, String)>,
) -> AppResult<Json<Board>> {
    at::board(state, actor, key(path)).await
}

/// The advisor signs: by themselves (`{}`), or with the QR code's token.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/days/{day}/half-days/{half}/signatures", tag = "signing",
    params(("id" = i64, Path), ("day" = i64, Path), ("half" = String, Path)),
    request_body = SignatureInput,
    responses((status = 200, body = Signed), (status = 403), (status = 404), (status = 409)))]
pub async fn sign(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ip: ClientIp,
    headers: HeaderMap,
    Path(path): Path<(i64, i64, String)>,
    ApiJson(input): ApiJson<SignatureInput>,
) -> AppResult<Json<Signed>> {
    at::sign(state, actor, ip, &headers, key(path), input).await
}

/// The QR token to show now (trainers of the day, staff): it changes every 30 seconds.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/days/{day}/half-days/{half}/qr-token", tag = "signing",
    params(("id" = i64, Path), ("day" = i64, Path), ("half" = String, Path)),
    responses((status = 200, body = QrToken), (status = 403), (status = 404), (status = 409)))]
pub async fn qr_token(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(path): Path<(i64, i64, String)>,
) -> AppResult<Json<QrToken>> {
    at::qr_token(state, actor, key(path)).await
}

/// A trainee's drawn signature on the trainer's device.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/days/{day}/half-days/{half}/kiosk-signatures", tag = "signing",
    params(("id" = i64, Path), ("day" = i64, Path), ("half" = String, Path)),
    request_body = KioskInput,
    responses((status = 200, body = Signed), (status = 403), (status = 409), (status = 422)))]
pub async fn kiosk(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ip: ClientIp,
    headers: HeaderMap,
    Path(path): Path<(i64, i64, String)>,
    ApiJson(input): ApiJson<KioskInput>,
) -> AppResult<Json<Signed>> {
    at::kiosk(state, actor, ip, &headers, key(path), input).await
}

/// Lets trainees self-sign this on-site half-day (without on-site proof), or stops it.
#[utoipa::path(put, path = "/api/v1/cohorts/{id}/days/{day}/half-days/{half}/self-sign", tag = "signing",
    params(("id" = i64, Path), ("day" = i64, Path), ("half" = String, Path)),
    request_body = SelfSignInput,
    responses((status = 200, body = Board), (status = 403), (status = 409)))]
pub async fn self_sign(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(path): Path<(i64, i64, String)>,
    ApiJson(input): ApiJson<SelfSignInput>,
) -> AppResult<Json<Board>> {
    at::self_sign(state, actor, key(path), input).await
}

/// The trainer signs and closes: the unsigned are marked absent (an excused mark stays).
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/days/{day}/half-days/{half}/close", tag = "signing",
    params(("id" = i64, Path), ("day" = i64, Path), ("half" = String, Path)),
    request_body = CloseInput,
    responses((status = 200, body = Closed), (status = 403), (status = 409), (status = 422)))]
pub async fn close(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ip: ClientIp,
    headers: HeaderMap,
    Path(path): Path<(i64, i64, String)>,
    ApiJson(input): ApiJson<CloseInput>,
) -> AppResult<Json<Closed>> {
    at::close(state, actor, ip, &headers, key(path), input).await
}

/// Staff record a paper half-day (« Tous présents » but `absent`), with its scanned sheet
/// (base64) to close it.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/days/{day}/half-days/{half}/paper", tag = "signing",
    params(("id" = i64, Path), ("day" = i64, Path), ("half" = String, Path)),
    request_body = PaperInput,
    responses((status = 200, body = Closed), (status = 403), (status = 409), (status = 422)))]
pub async fn paper(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(path): Path<(i64, i64, String)>,
    ApiJson(input): ApiJson<PaperInput>,
) -> AppResult<Json<Closed>> {
    at::paper(state, actor, key(path), input).await
}

/// Corrects a trainee's status on a closed half-day, with a reason.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/days/{day}/half-days/{half}/corrections", tag = "signing",
    params(("id" = i64, Path), ("day" = i64, Path), ("half" = String, Path)),
    request_body = CorrectionInput,
    responses((status = 200, body = Corrected), (status = 403), (status = 409), (status = 422)))]
pub async fn correct(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(path): Path<(i64, i64, String)>,
    ApiJson(input): ApiJson<CorrectionInput>,
) -> AppResult<Json<Corrected>> {
    at::correct(state, actor, key(path), input).await
}

/// A scanned QR token starts a signing step (bound to the caller when signed in).
#[utoipa::path(post, path = "/api/v1/signing-steps", tag = "signing", request_body = StepInput,
    responses((status = 200, body = StepStarted), (status = 400), (status = 409)))]
pub async fn start_step(
    State(state): State<AppState>,
    identity: Option<Extension<RequestIdentity>>,
    ApiJson(input): ApiJson<StepInput>,
) -> AppResult<Json<StepStarted>> {
    let ctx = state.ctx();
    let actor = identity.and_then(|Extension(RequestIdentity(i))| i.map(|i| i.principal));
    let secret = state
        .db
        .run(move |conn| signing::start_step(conn, actor.as_ref(), ctx, &input.token))
        .await?;
    Ok(Json(StepStarted { secret }))
}

/// Signs through a signing step (the window and the enrolment are checked again).
#[utoipa::path(post, path = "/api/v1/signing-steps/{secret}/signature", tag = "signing",
    params(("secret" = String, Path)),
    responses((status = 200, body = Signed), (status = 403), (status = 404), (status = 409)))]
pub async fn sign_step(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ip: ClientIp,
    headers: HeaderMap,
    Path(secret): Path<String>,
) -> AppResult<Json<Signed>> {
    let ctx = state.ctx();
    let client = client(ip, &headers);
    Ok(Json(
        state
            .db
            .run(move |conn| signing::sign_step(conn, &actor, ctx, &secret, &client))
            .await?,
    ))
}

/// The advisor's half-days open for signing now, signed or not.
#[utoipa::path(get, path = "/api/v1/me/signable", tag = "signing",
    responses((status = 200, body = [Signable]), (status = 403)))]
pub async fn signable(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
) -> AppResult<Json<Vec<Signable>>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| signing::signable_now(conn, &actor, ctx))
            .await?,
    ))
}
