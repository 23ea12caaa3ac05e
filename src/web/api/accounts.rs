//! The signed-in user's account (`POST /api/v1/me/password`, `GET /api/v1/me/tokens`,
//! `DELETE /api/v1/me/tokens/{id}`) and deactivation (`POST /api/v1/users/{id}/deactivate`,
//! `/reactivate`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::AppResult;
use crate::services::accounts::{self, AccessEnded, AccountView, PasswordChange, TokenView};
use crate::state::AppState;
use crate::web::cookies;
use crate::web::extract::{ApiJson, ApiUser, ClientIp};

/// Changes the password (the current one asked). The user's other sessions end and every API
/// token is revoked, the one making this call included; a cookie session making it stays.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "users", request_body = PasswordChange,
    responses((status = 200, body = AccessEnded), (status = 422, description = "Wrong current password or weak new one"),
              (status = 429, description = "Too many wrong passwords")))]
pub async fn change_password(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(input): ApiJson<PasswordChange>,
) -> AppResult<Json<AccessEnded>> {
    let keep = if headers.contains_key(header::AUTHORIZATION) {
        None
    } else {
        cookies::get(&headers, cookies::SESSION)
    };
    let ended = accounts::change_password(
        &state.db,
        &actor,
        state.ctx(),
        state.config.throttle,
        ip.to_string(),
        input,
        keep,
    )
    .await?;
    Ok(Json(ended))
}

/// The user's API tokens.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenList {
    /// Tokens not revoked, newest first; never their secret.
    pub items: Vec<TokenView>,
}

/// Lists the user's API tokens (not revoked), expired ones marked; the secret is never shown
/// again after its creation.
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "users", responses((status = 200, body = TokenList)))]
pub async fn tokens(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
) -> AppResult<Json<TokenList>> {
    let now = state.clock.now_naive();
    let items = state
        .db
        .run(move |conn| accounts::my_tokens(conn, &actor, now))
        .await?;
    Ok(Json(TokenList { items }))
}

/// Revokes one of the user's API tokens (404 for anyone else's).
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "users", params(("id" = i64, Path)),
    responses((status = 204), (status = 404)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    let now = state.clock.now_naive();
    state
        .db
        .run(move |conn| accounts::revoke_my_token(conn, &actor, id, now))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn set_active(
    state: AppState,
    actor: crate::auth::Principal,
    id: i64,
    active: bool,
) -> AppResult<Json<AccountView>> {
    let now = state.clock.now_naive();
    let view = state
        .db
        .run(move |conn| accounts::set_active(conn, &actor, id, active, now))
        .await?;
    Ok(Json(view))
}

/// Deactivates an account: admins any (but their own), staff their organisation's trainers and
/// advisors. Its sessions, API tokens and calendar feed end at once; it can no longer sign in.
#[utoipa::path(post, path = "/api/v1/users/{id}/deactivate", tag = "users", params(("id" = i64, Path)),
    responses((status = 200, body = AccountView), (status = 403), (status = 404)))]
pub async fn deactivate(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<AccountView>> {
    set_active(state, actor, id, false).await
}

/// Reactivates an account (same rights as deactivation); no session or token comes back.
#[utoipa::path(post, path = "/api/v1/users/{id}/reactivate", tag = "users", params(("id" = i64, Path)),
    responses((status = 200, body = AccountView), (status = 403), (status = 404)))]
pub async fn reactivate(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<AccountView>> {
    set_active(state, actor, id, true).await
}
