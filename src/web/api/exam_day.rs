//! The exam day's records: incidents, each candidate's remote modality, the anti-fraud measures,
//! and the remote experiment's report over a period (JSON and CSV).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use super::created;
use crate::domain::validation::{FieldErrors, parse_date};
use crate::error::AppResult;
use crate::services::exam_day::{
    self, AntiFraudInput, IncidentInput, IncidentView, ModalityInput, ModalityView,
};
use crate::services::remote_report::{self, RemoteReport};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser, Path, Query};

/// Records an incident of the session (its jury, the organiser's staff).
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/incidents", tag = "certification",
    params(("id" = i64, Path)), request_body = IncidentInput,
    responses((status = 201, body = IncidentView), (status = 403), (status = 404), (status = 422)))]
pub async fn record_incident(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<IncidentInput>,
) -> AppResult<(StatusCode, Json<IncidentView>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| exam_day::record_incident(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// The session's incidents, in time order.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/incidents", tag = "certification",
    params(("id" = i64, Path)),
    responses((status = 200, body = [IncidentView]), (status = 404)))]
pub async fn incidents(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<IncidentView>>> {
    Ok(Json(
        state
            .db
            .run(move |conn| exam_day::incidents(conn, &actor, id))
            .await?,
    ))
}

/// Records how a candidate sits the session (any modality in a remote session, only `on_site`
/// in an on-site one).
#[utoipa::path(put, path = "/api/v1/exam-sessions/{id}/candidates/{candidate}/remote-modality",
    tag = "certification",
    params(("id" = i64, Path), ("candidate" = i64, Path)), request_body = ModalityInput,
    responses((status = 200, body = ModalityView), (status = 403), (status = 404), (status = 422)))]
pub async fn set_modality(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, candidate)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<ModalityInput>,
) -> AppResult<Json<ModalityView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| exam_day::set_modality(conn, &actor, ctx, id, candidate, &input))
            .await?,
    ))
}

/// Records the session's anti-fraud measures (the organiser's staff); returns them.
#[utoipa::path(put, path = "/api/v1/exam-sessions/{id}/anti-fraud-measures", tag = "certification",
    params(("id" = i64, Path)), request_body = AntiFraudInput,
    responses((status = 200, body = Option<String>), (status = 403), (status = 404), (status = 422)))]
pub async fn set_anti_fraud_measures(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AntiFraudInput>,
) -> AppResult<Json<Option<String>>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| exam_day::set_anti_fraud_measures(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// The period of a report.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// First day, `YYYY-MM-DD` (Paris).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (Paris).
    pub to: Option<String>,
}

/// Reads the period, naming the field at fault.
pub fn period(query: &PeriodQuery) -> AppResult<(chrono::NaiveDate, chrono::NaiveDate)> {
    let mut errors = FieldErrors::new();
    let from = errors.take("from", parse_date(query.from.as_deref()));
    let to = errors.take("to", parse_date(query.to.as_deref()));
    errors.into_result()?;
    match (from, to) {
        (Some(from), Some(to)) => Ok((from, to)),
        _ => Err(crate::error::AppError::Internal(
            "period checked".to_owned(),
        )),
    }
}

/// The remote experiment's report of an organiser over a period.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/remote-exam-report", tag = "certification",
    params(("id" = i64, Path), PeriodQuery),
    responses((status = 200, body = RemoteReport), (status = 404), (status = 422)))]
pub async fn remote_report(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    Query(query): Query<PeriodQuery>,
) -> AppResult<Json<RemoteReport>> {
    let (from, to) = period(&query)?;
    Ok(Json(
        state
            .db
            .run(move |conn| remote_report::report(conn, &actor, id, from, to))
            .await?,
    ))
}

/// The same report as CSV (`;`, BOM), a line per remote session.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/remote-exam-report.csv", tag = "certification",
    params(("id" = i64, Path), PeriodQuery),
    responses((status = 200, content_type = "text/csv"), (status = 404), (status = 422)))]
pub async fn remote_report_csv(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    Query(query): Query<PeriodQuery>,
) -> AppResult<Response> {
    let (from, to) = period(&query)?;
    let bytes = state
        .db
        .run(move |conn| {
            let report = remote_report::report(conn, &actor, id, from, to)?;
            remote_report::csv(&report)
        })
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"rapport-distance-{id}-{from}-{to}.csv\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
