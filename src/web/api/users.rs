//! Users: `GET /api/v1/me`, `POST /api/v1/users`, `POST /api/v1/users/{id}/memberships`.

use crate::web::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use super::created;
use crate::error::AppResult;
use crate::services::users::{self, UserInput, UserView};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser};

/// The signed-in user, with every role they hold.
#[utoipa::path(get, path = "/api/v1/me", tag = "users", responses((status = 200, body = UserView)))]
pub async fn me(ApiUser(user): ApiUser) -> Json<UserView> {
    Json(UserView::of(&user))
}

/// Creates an account: admins any role; staff the staff, trainer and advisor accounts of their
/// own organisation.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = UserInput,
    responses((status = 201, body = UserView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(input): ApiJson<UserInput>,
) -> AppResult<(StatusCode, Json<UserView>)> {
    let ctx = state.ctx();
    let view = state
        .db
        .run(move |conn| users::create(conn, &actor, ctx, &input))
        .await?;
    Ok(created(view))
}

/// A role to add.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MembershipInput {
    /// Role name.
    pub role: String,
    /// Organisation, for organisation roles.
    pub organisation_id: Option<i64>,
}

/// Adds a role to an account (admins).
#[utoipa::path(post, path = "/api/v1/users/{id}/memberships", tag = "users",
    params(("id" = i64, Path)), request_body = MembershipInput,
    responses((status = 201, body = UserView), (status = 403), (status = 422)))]
pub async fn add_membership(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MembershipInput>,
) -> AppResult<(StatusCode, Json<UserView>)> {
    let ctx = state.ctx();
    let view = state
        .db
        .run(move |conn| {
            users::add_membership(conn, &actor, ctx, id, &input.role, input.organisation_id)
        })
        .await?;
    Ok(created(view))
}
