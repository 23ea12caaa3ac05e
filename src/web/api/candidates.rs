//! `POST /api/v1/exam-sessions/{id}/candidates/batch`: several candidates at once.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::created;
use crate::error::AppResult;
use crate::services::candidates;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser, Path};

/// Registers several candidates in the caller's scope at once (at most 100), all or nothing:
/// each through the same rule as one registration; the first refusal (422) names the advisor.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/candidates/batch", tag = "certification",
    params(("id" = i64, Path)), request_body = candidates::BatchCandidateInput,
    responses((status = 201, body = candidates::BatchCandidateView), (status = 403),
              (status = 404), (status = 422)))]
pub async fn add_candidates(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<candidates::BatchCandidateInput>,
) -> AppResult<(StatusCode, Json<candidates::BatchCandidateView>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| candidates::register_batch(conn, &actor, ctx, id, &input))
            .await?,
    ))
}
