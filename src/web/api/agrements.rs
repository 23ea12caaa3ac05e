//! `/api/v1/organisations/{id}/agrements`, the forecast programmes, and a session's file
//! (`/api/v1/exam-sessions/{id}/file`).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::created;
use crate::auth::Principal;
use crate::error::AppResult;
use crate::services::agrements::{self, AgrementInput, AgrementView, ForecastQuery};
use crate::services::session_file::{self, Checklist, StepInput};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser, Path, Query};

/// An organisation's agréments, the latest ending first (its staff and admins).
#[utoipa::path(get, path = "/api/v1/organisations/{id}/agrements", tag = "certification",
    params(("id" = i64, Path)),
    responses((status = 200, body = [AgrementView]), (status = 403), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<AgrementView>>> {
    Ok(Json(
        state
            .db
            .run(move |conn| agrements::list(conn, &actor, id))
            .await?,
    ))
}

/// Records an agrément: title version, number, site, period, DREETS unit.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/agrements", tag = "certification",
    params(("id" = i64, Path)), request_body = AgrementInput,
    responses((status = 201, body = AgrementView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AgrementInput>,
) -> AppResult<(StatusCode, Json<AgrementView>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| agrements::create(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// One agrément.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/agrements/{agrement_id}",
    tag = "certification", params(("id" = i64, Path), ("agrement_id" = i64, Path)),
    responses((status = 200, body = AgrementView), (status = 403), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, agrement)): Path<(i64, i64)>,
) -> AppResult<Json<AgrementView>> {
    Ok(Json(
        state
            .db
            .run(move |conn| agrements::get(conn, &actor, id, agrement))
            .await?,
    ))
}

/// Changes an agrément (never so as to leave one of its sessions outside it).
#[utoipa::path(patch, path = "/api/v1/organisations/{id}/agrements/{agrement_id}",
    tag = "certification", params(("id" = i64, Path), ("agrement_id" = i64, Path)),
    request_body = AgrementInput,
    responses((status = 200, body = AgrementView), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, agrement)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<AgrementInput>,
) -> AppResult<Json<AgrementView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| agrements::update(conn, &actor, ctx, id, agrement, &input))
            .await?,
    ))
}

/// Deletes an agrément no session names.
#[utoipa::path(delete, path = "/api/v1/organisations/{id}/agrements/{agrement_id}",
    tag = "certification", params(("id" = i64, Path), ("agrement_id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 409)))]
pub async fn delete(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, agrement)): Path<(i64, i64)>,
) -> AppResult<StatusCode> {
    let ctx = state.ctx();
    state
        .db
        .run(move |conn| agrements::delete(conn, &actor, ctx, id, agrement))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The forecast programme as a CSV download (shared by the API and the page's links).
pub async fn forecast_response(
    state: &AppState,
    actor: Principal,
    organisation_id: i64,
    query: ForecastQuery,
    remote_only: bool,
) -> AppResult<Response> {
    let today = state.clock.today_in(chrono_tz::Europe::Paris);
    let (year, bytes) = state
        .db
        .run(move |conn| {
            agrements::forecast_csv(conn, &actor, organisation_id, &query, remote_only, today)
        })
        .await?;
    let name = if remote_only {
        format!("programme-previsionnel-distanciel-{year}.csv")
    } else {
        format!("programme-previsionnel-{year}.csv")
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// The forecast programme of a year (sessions under the organisation's agréments of a DREETS
/// unit): CSV, `;`, UTF-8 with a BOM.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/forecast.csv", tag = "certification",
    params(("id" = i64, Path), ForecastQuery),
    responses((status = 200, content_type = "text/csv"), (status = 403), (status = 404), (status = 422)))]
pub async fn forecast(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    Query(query): Query<ForecastQuery>,
) -> AppResult<Response> {
    forecast_response(&state, actor, id, query, false).await
}

/// The same for remote sessions only, for the DGEFP.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/forecast-remote.csv", tag = "certification",
    params(("id" = i64, Path), ForecastQuery),
    responses((status = 200, content_type = "text/csv"), (status = 403), (status = 404), (status = 422)))]
pub async fn forecast_remote(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    Query(query): Query<ForecastQuery>,
) -> AppResult<Response> {
    forecast_response(&state, actor, id, query, true).await
}

/// A session's file: each step with its due date, done or late.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/file", tag = "certification",
    params(("id" = i64, Path)), responses((status = 200, body = Checklist), (status = 404)))]
pub async fn file(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Checklist>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| session_file::checklist(conn, &actor, ctx, id))
            .await?,
    ))
}

/// Records a step of the session's file as done (recorded again: corrected).
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/file/steps", tag = "certification",
    params(("id" = i64, Path)), request_body = StepInput,
    responses((status = 200, body = Checklist), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn record_step(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<StepInput>,
) -> AppResult<Json<Checklist>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| session_file::record_step_input(conn, &actor, ctx, id, &input))
            .await?,
    ))
}
