//! `/health` (readiness: the database answers and every migration is applied) and
//! `/health/live` (liveness: the process serves).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::json;

use super::state::AppState;
use crate::db;
use crate::error::AppError;

/// `GET /health`.
pub async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    let backend = state.db.backend().name();
    let checked: Result<bool, AppError> = state
        .db
        .run(|conn| db::migrations_complete(conn).map_err(AppError::from))
        .await;
    match checked {
        Ok(true) => (
            StatusCode::OK,
            Json(json!({"status": "ok", "database": backend, "migrations": "applied"})),
        ),
        Ok(false) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "unavailable", "database": backend, "migrations": "pending"})),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "database": backend})),
            )
        }
    }
}

/// `GET /health/live`.
pub async fn live() -> impl IntoResponse {
    Json(json!({"status": "ok"}))
}
