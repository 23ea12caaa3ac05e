//! A cohort's days, enrolments and attendance under `/api/v1/cohorts/{id}` (its trainers:
//! `api::trainers`).

use crate::web::extract::{Path, Query};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

use super::created;
use crate::error::{AppError, AppResult};
use crate::services::attendance::{self, AttendanceInput, Sheet};
use crate::services::enrolments::{self, EnrolmentInput, EnrolmentView, WithdrawalInput};
use crate::services::schedule::{self, CancelInput, DayInput, DayView, PatternInput, Schedule};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser};

/// A cohort's schedule, with its planned hours against the track's.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/days", tag = "training",
    params(("id" = i64, Path)), responses((status = 200, body = Schedule), (status = 404)))]
pub async fn days(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Schedule>> {
    Ok(Json(
        state
            .db
            .run(move |conn| schedule::list(conn, &actor, id))
            .await?,
    ))
}

/// Adds a day (local date and times in the cohort's zone).
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/days", tag = "training",
    params(("id" = i64, Path)), request_body = DayInput,
    responses((status = 201, body = DayView), (status = 403), (status = 422)))]
pub async fn create_day(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DayInput>,
) -> AppResult<(StatusCode, Json<DayView>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| schedule::create(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Adds the days of a weekly pattern (e.g. every Tuesday for 17 weeks).
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/days/generate", tag = "training",
    params(("id" = i64, Path)), request_body = PatternInput,
    responses((status = 201, body = [DayView]), (status = 403), (status = 422)))]
pub async fn generate_days(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PatternInput>,
) -> AppResult<(StatusCode, Json<Vec<DayView>>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| schedule::generate(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Changes a day.
#[utoipa::path(patch, path = "/api/v1/cohorts/{id}/days/{day}", tag = "training",
    params(("id" = i64, Path), ("day" = i64, Path)), request_body = DayInput,
    responses((status = 200, body = DayView), (status = 403), (status = 422)))]
pub async fn update_day(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, day)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<DayInput>,
) -> AppResult<Json<DayView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| schedule::update(conn, &actor, ctx, id, day, &input))
            .await?,
    ))
}

/// Cancels a day with a reason.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/days/{day}/cancel", tag = "training",
    params(("id" = i64, Path), ("day" = i64, Path)), request_body = CancelInput,
    responses((status = 200, body = DayView), (status = 403), (status = 422)))]
pub async fn cancel_day(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, day)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<CancelInput>,
) -> AppResult<Json<DayView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| schedule::cancel(conn, &actor, ctx, id, day, &input))
            .await?,
    ))
}

/// The attendance sheet of a day.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/days/{day}/attendance", tag = "training",
    params(("id" = i64, Path), ("day" = i64, Path)), responses((status = 200, body = Sheet), (status = 404)))]
pub async fn sheet(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, day)): Path<(i64, i64)>,
) -> AppResult<Json<Sheet>> {
    Ok(Json(
        state
            .db
            .run(move |conn| attendance::sheet(conn, &actor, id, day))
            .await?,
    ))
}

/// Records attendance per half-day: present, absent, or excused with a justification.
#[utoipa::path(put, path = "/api/v1/cohorts/{id}/days/{day}/attendance", tag = "training",
    params(("id" = i64, Path), ("day" = i64, Path)), request_body = AttendanceInput,
    responses((status = 200, body = Sheet), (status = 403), (status = 422)))]
pub async fn record_attendance(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, day)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<AttendanceInput>,
) -> AppResult<Json<Sheet>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| attendance::record(conn, &actor, ctx, id, day, &input))
            .await?,
    ))
}

/// Enrols an advisor: refused (422, with the reason) when ineligible, the cohort is full, the
/// advisor already had a funded initial training, or the track does not match.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/enrolments", tag = "training",
    params(("id" = i64, Path)), request_body = EnrolmentInput,
    responses((status = 201, body = EnrolmentView), (status = 403), (status = 422)))]
pub async fn enrol(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EnrolmentInput>,
) -> AppResult<(StatusCode, Json<EnrolmentView>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| enrolments::enrol(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Enrols several advisors in the caller's scope at once (at most 100), all or nothing: each
/// goes through the same rule as one enrolment, and the first refusal (422) names the advisor.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/enrolments/batch", tag = "training",
    params(("id" = i64, Path)), request_body = enrolments::BatchEnrolmentInput,
    responses((status = 201, body = enrolments::BatchEnrolmentView), (status = 403),
              (status = 404), (status = 422)))]
pub async fn enrol_batch(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<enrolments::BatchEnrolmentInput>,
) -> AppResult<(StatusCode, Json<enrolments::BatchEnrolmentView>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| enrolments::enrol_batch(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// A cohort's enrolments with the hours each advisor attended.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/enrolments", tag = "training",
    params(("id" = i64, Path)), responses((status = 200, description = "`{items, total, page, per_page}` of enrolments"), (status = 404)))]
pub async fn enrolments(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<crate::domain::pagination::Paginated<enrolments::EnrolledView>>> {
    let items = state
        .db
        .run(move |conn| enrolments::list(conn, &actor, id))
        .await?;
    let n = i64::try_from(items.len()).unwrap_or(0);
    Ok(Json(crate::domain::pagination::Paginated {
        items,
        total: n,
        page: 1,
        per_page: n.max(1),
    }))
}

/// `?reason=` of a withdrawal.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReasonQuery {
    /// Why (optional).
    pub reason: Option<String>,
}

/// The reason of a `DELETE`, from the query or a JSON body `{"reason"}`.
pub fn reason_of(query: ReasonQuery, body: &Bytes) -> AppResult<Option<String>> {
    if query.reason.is_some() || body.is_empty() {
        return Ok(query.reason);
    }
    serde_json::from_slice::<WithdrawalInput>(body)
        .map(|w| w.reason)
        .map_err(|_| {
            AppError::BadRequest("Corps JSON mal formé : {\"reason\": \"…\"} attendu.".to_owned())
        })
}

/// Withdraws an advisor from a cohort (history kept).
#[utoipa::path(delete, path = "/api/v1/cohorts/{id}/enrolments/{enrolment_id}", tag = "training",
    params(("id" = i64, Path), ("enrolment_id" = i64, Path), ReasonQuery),
    responses((status = 200, body = EnrolmentView), (status = 403), (status = 404)))]
pub async fn withdraw(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, enrolment)): Path<(i64, i64)>,
    Query(query): Query<ReasonQuery>,
    body: Bytes,
) -> AppResult<Json<EnrolmentView>> {
    let reason = reason_of(query, &body)?;
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| {
                enrolments::withdraw(
                    conn,
                    &actor,
                    ctx,
                    id,
                    enrolment,
                    &WithdrawalInput { reason },
                )
            })
            .await?,
    ))
}
