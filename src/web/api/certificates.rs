//! Certificates over the API: the public check `GET /api/v1/verify/{code}` (no account), an
//! advisor's certificates, an attestation's Open Badges credential, and revocation by an admin.

use crate::web::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::AppResult;
use crate::services::certificates::{self, CertificateItem};
use crate::services::open_badges;
use crate::services::sealing::Verified;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser, ClientIp};
use crate::web::pages::verify::timed_check;

/// An advisor's certificates.
#[derive(Debug, Serialize, ToSchema)]
pub struct CertificateList {
    /// Oldest first.
    pub items: Vec<CertificateItem>,
}

/// Why a certificate is revoked.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RevokeInput {
    /// Shown on the public check's history and kept in the audit log.
    pub reason: Option<String>,
}

/// Checks a verification code of an attestation or a sealed document (no account needed;
/// rate-limited per address). Unknown codes answer 404 in the same time as known ones.
#[utoipa::path(get, path = "/api/v1/verify/{code}", tag = "certificates", security(()),
    params(("code" = String, Path)),
    responses((status = 200, body = Verified), (status = 404), (status = 429)))]
pub async fn verify(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
) -> Response {
    match timed_check(&state, code, ip.to_string()).await {
        Ok(Some(found)) => Json(found).into_response(),
        Ok(None) => crate::error::AppError::NotFound.into_response(),
        Err(e) => {
            let retry = match e {
                crate::error::AppError::TooManyRequests { retry_after } => Some(retry_after),
                _ => None,
            };
            let mut response = e.into_response();
            if let Some(value) = retry.and_then(|r| r.to_string().parse().ok()) {
                response
                    .headers_mut()
                    .insert(axum::http::header::RETRY_AFTER, value);
            }
            response
        }
    }
}

/// An advisor's certificates, for whoever may see the advisor.
#[utoipa::path(get, path = "/api/v1/advisors/{id}/certificates", tag = "certificates",
    params(("id" = i64, Path)), responses((status = 200, body = CertificateList), (status = 404)))]
pub async fn of_advisor(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<CertificateList>> {
    let base = state.config.base_url.clone();
    let items = state
        .db
        .run(move |conn| certificates::of_advisor(conn, &actor, &base, id))
        .await?;
    Ok(Json(CertificateList { items }))
}

/// An attestation's Open Badges 3.0 credential: a compact JWS (`application/vc+jwt`, `kid` in
/// `/.well-known/jwks.json`) whose payload is the `OpenBadgeCredential`; for whoever may see the
/// holder (404 otherwise), withheld once revoked (409).
#[utoipa::path(get, path = "/api/v1/certificates/{id}/credential", tag = "certificates",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The signed credential", content_type = "application/vc+jwt", body = String),
        (status = 404), (status = 409)))]
pub async fn credential(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (now, owned) = (state.clock.now_naive(), state.clone());
    let downloaded = state
        .db
        .run(move |conn| {
            open_badges::credential(
                conn,
                &actor,
                crate::web::open_badges::badges(&owned),
                id,
                now,
            )
        })
        .await?;
    Ok(crate::web::pages::certificates::credential_response(
        &downloaded,
    ))
}

/// Revokes a certificate (admins; a reason is required; audited).
#[utoipa::path(post, path = "/api/v1/certificates/{id}/revoke", tag = "certificates",
    params(("id" = i64, Path)), request_body = RevokeInput,
    responses((status = 200, body = CertificateItem), (status = 403), (status = 409), (status = 422)))]
pub async fn revoke(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<RevokeInput>,
) -> AppResult<(StatusCode, Json<CertificateItem>)> {
    let now = state.clock.now_naive();
    let item = state
        .db
        .run(move |conn| certificates::revoke(conn, &actor, now, id, input.reason.as_deref()))
        .await?;
    Ok((StatusCode::OK, Json(item)))
}
