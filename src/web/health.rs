//! `/health` (readiness: the database answers and every migration is applied, with the worker's
//! last heartbeat for information), `/health/live` (liveness: the process serves) and
//! `/health/worker` (503 once no worker has beaten for `PARCOURS_WORKER_SILENCE`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::NaiveDateTime;
use serde_json::{Value, json};

use crate::error::AppError;
use crate::services::operations;
use crate::state::AppState;

/// The latest heartbeat and its age in whole seconds (never negative).
async fn heartbeat(state: &AppState) -> Result<Option<(NaiveDateTime, i64)>, AppError> {
    let now = state.clock.now_naive();
    let latest = state.db.run(operations::latest_heartbeat).await?;
    Ok(latest.map(|at| (at, (now - at).num_seconds().max(0))))
}

/// The heartbeat as JSON: `{"last_heartbeat": RFC 3339 | null, "age_seconds": n | null}`.
fn heartbeat_json(beat: Option<(NaiveDateTime, i64)>) -> Value {
    match beat {
        Some((at, age)) => json!({
            "last_heartbeat": at.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "age_seconds": age,
        }),
        None => json!({"last_heartbeat": null, "age_seconds": null}),
    }
}

/// The worker's heartbeat age in seconds, for `/metrics` (none when no worker ever beat).
pub async fn heartbeat_age(state: &AppState) -> Result<Option<i64>, AppError> {
    Ok(heartbeat(state).await?.map(|(_, age)| age))
}

/// `GET /health`. The worker's heartbeat is reported but never fails readiness: a silent worker
/// does not make this instance unable to serve pages.
pub async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    let backend = state.db.backend().name();
    let checked: Result<bool, AppError> = state.db.run(operations::migrations_complete).await;
    let worker = match checked {
        Ok(true) => heartbeat_json(heartbeat(&state).await.unwrap_or(None)),
        _ => heartbeat_json(None),
    };
    match checked {
        Ok(true) => (
            StatusCode::OK,
            Json(
                json!({"status": "ok", "database": backend, "migrations": "applied",
                        "worker": worker}),
            ),
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

/// `GET /health/worker`: 200 while some worker beat within `PARCOURS_WORKER_SILENCE`, 503 when
/// none ever did, when the last beat is older, or when the database cannot say.
pub async fn worker(State(state): State<AppState>) -> impl IntoResponse {
    let threshold = i64::try_from(state.config.worker_silence.as_secs()).unwrap_or(i64::MAX);
    match heartbeat(&state).await {
        Ok(beat) => {
            let alive = beat.is_some_and(|(_, age)| age <= threshold);
            let mut body = heartbeat_json(beat);
            body["status"] = json!(if alive { "ok" } else { "silent" });
            body["threshold_seconds"] = json!(threshold);
            let status = if alive {
                StatusCode::OK
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            (status, Json(body))
        }
        Err(e) => {
            tracing::warn!(error = %e, "worker health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "threshold_seconds": threshold})),
            )
        }
    }
}

/// `GET /health/live`.
pub async fn live() -> impl IntoResponse {
    Json(json!({"status": "ok"}))
}
