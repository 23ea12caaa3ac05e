//! A cohort's trainers, and those of one of its days, under `/api/v1/cohorts/{id}`.

use crate::web::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::created;
use crate::error::AppResult;
use crate::services::trainers::{self, TrainerInput, TrainerView};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser};

/// Assigns a trainer (a user with the trainer role in the cohort's organisation).
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/trainers", tag = "training",
    params(("id" = i64, Path)), request_body = TrainerInput,
    responses((status = 201, description = "The cohort's trainers as `[[user_id, name]]`"), (status = 403), (status = 422)))]
pub async fn add_trainer(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TrainerInput>,
) -> AppResult<(StatusCode, Json<Vec<(i64, String)>>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| trainers::add_trainer(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Removes a trainer from the cohort (their day assignments stay).
#[utoipa::path(delete, path = "/api/v1/cohorts/{id}/trainers/{user_id}", tag = "training",
    params(("id" = i64, Path), ("user_id" = i64, Path)),
    responses((status = 200, description = "The cohort's trainers as `[[user_id, name]]`"), (status = 403), (status = 404)))]
pub async fn remove_trainer(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, user_id)): Path<(i64, i64)>,
) -> AppResult<Json<Vec<(i64, String)>>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| trainers::remove_trainer(conn, &actor, ctx, id, user_id))
            .await?,
    ))
}

/// The trainers of one day only (a guest trainer), besides the cohort's.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/days/{day}/trainers", tag = "training",
    params(("id" = i64, Path), ("day" = i64, Path)),
    responses((status = 200, body = [TrainerView]), (status = 404)))]
pub async fn day_trainers(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, day)): Path<(i64, i64)>,
) -> AppResult<Json<Vec<TrainerView>>> {
    Ok(Json(
        state
            .db
            .run(move |conn| trainers::of_day(conn, &actor, id, day))
            .await?,
    ))
}

/// Assigns a trainer of the cohort's organisation to one day; answers that day's trainers.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/days/{day}/trainers", tag = "training",
    params(("id" = i64, Path), ("day" = i64, Path)), request_body = TrainerInput,
    responses((status = 201, body = [TrainerView]), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn add_day_trainer(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, day)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<TrainerInput>,
) -> AppResult<(StatusCode, Json<Vec<TrainerView>>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| trainers::add_day_trainer(conn, &actor, ctx, id, day, &input))
            .await?,
    ))
}

/// Removes a trainer from one day; answers that day's trainers.
#[utoipa::path(delete, path = "/api/v1/cohorts/{id}/days/{day}/trainers/{user_id}", tag = "training",
    params(("id" = i64, Path), ("day" = i64, Path), ("user_id" = i64, Path)),
    responses((status = 200, body = [TrainerView]), (status = 403), (status = 404)))]
pub async fn remove_day_trainer(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, day, user_id)): Path<(i64, i64, i64)>,
) -> AppResult<Json<Vec<TrainerView>>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| trainers::remove_day_trainer(conn, &actor, ctx, id, day, user_id))
            .await?,
    ))
}
