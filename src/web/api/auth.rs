//! `POST /api/v1/auth/token`: exchange credentials for an API token.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::AppResult;
use crate::services::auth::{Credentials, issue_token};
use crate::services::login::{LoginGate, login};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ClientIp};

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// Account e-mail.
    pub email: String,
    /// Password.
    pub password: String,
}

/// A new API token, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
}

/// Issues an API token for valid credentials; failed attempts are throttled per account and
/// per address, and password checks are bounded per instance.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = TokenResponse), (status = 422, description = "Wrong credentials"),
              (status = 429, description = "Too many failed attempts (`/problems/too-many-requests`), \
               or every password check of the instance busy (`/problems/login-capacity`); see Retry-After")),
    security(()))]
pub async fn create_token(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<TokenRequest>,
) -> AppResult<Json<TokenResponse>> {
    let credentials = Credentials {
        email: body.email,
        password: body.password,
        ip: ip.to_string(),
    };
    let now = state.clock.now_naive();
    let gate = LoginGate {
        db: &state.db,
        hashes: &state.hashes,
        throttle: state.config.throttle,
        dummy_hash: &state.dummy_hash,
    };
    let ttl = state.config.token_ttl;
    let token = login(gate, now, credentials, move |conn, user_id| {
        issue_token(conn, user_id, "api", now, ttl)
    })
    .await?;
    Ok(Json(TokenResponse { token }))
}
