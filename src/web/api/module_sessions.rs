//! `/api/v1/module-sessions`: sessions of catalogue modules, enrolments and attendance.

use crate::web::extract::{Path, Query};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

use super::training::{ReasonQuery, reason_of};
use super::{PageQuery, created};
use crate::domain::pagination::Paginated;
use crate::domain::validation::{FieldErrors, parse_date};
use crate::error::{AppError, AppResult};
use crate::services::module_enrolments::{
    self, ModuleAttendanceInput, ModuleEnrolmentInput, ModuleEnrolmentView,
};
use crate::services::module_sessions::{self, SessionInput, SessionView};
use crate::services::queries::SessionFilter;
use crate::services::queries::SessionParticipant;
use crate::services::schedule::CancelInput;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser};

/// Filters of the session list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionQuery {
    /// Catalogue module.
    pub module_id: Option<i64>,
    /// Territory code.
    pub territory: Option<String>,
    /// Provider.
    pub organisation_id: Option<i64>,
    /// Starting on or after this date (`YYYY-MM-DD`, UTC); defaults to now.
    pub from: Option<String>,
    /// Starting before this date (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// Only sessions with a seat left.
    pub seats_left: Option<bool>,
}

impl SessionQuery {
    /// The filter, or 422 on a malformed date.
    pub fn filter(self, now: chrono::NaiveDateTime) -> Result<SessionFilter, AppError> {
        let mut errors = FieldErrors::new();
        let mut date = |field: &str, v: Option<String>| match v.filter(|s| !s.is_empty()) {
            Some(text) => errors
                .take(field, parse_date(Some(&text)))
                .and_then(|d| d.and_hms_opt(0, 0, 0)),
            None => None,
        };
        let from = date("from", self.from).or(Some(now));
        let until = date("until", self.until);
        errors.into_result()?;
        Ok(SessionFilter {
            module_id: self.module_id,
            territory: self.territory.filter(|s| !s.is_empty()),
            organisation_id: self.organisation_id,
            from,
            until,
            with_seats: self.seats_left.unwrap_or(false),
            include_cancelled: false,
        })
    }
}

/// Upcoming sessions, soonest first.
#[utoipa::path(get, path = "/api/v1/module-sessions", tag = "modules", params(PageQuery, SessionQuery),
    responses((status = 200, description = "`{items, total, page, per_page}` of sessions"), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Query(page): Query<PageQuery>,
    Query(q): Query<SessionQuery>,
) -> AppResult<Json<Paginated<SessionView>>> {
    let filter = q.filter(state.clock.now_naive())?;
    let page = page.request();
    Ok(Json(
        state
            .db
            .run(move |conn| module_sessions::list(conn, &actor, &filter, page))
            .await?,
    ))
}

/// One session.
#[utoipa::path(get, path = "/api/v1/module-sessions/{id}", tag = "modules",
    params(("id" = i64, Path)), responses((status = 200, body = SessionView), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<SessionView>> {
    Ok(Json(
        state
            .db
            .run(move |conn| module_sessions::get(conn, &actor, id))
            .await?,
    ))
}

/// Schedules a session (staff of a module provider): one day for 7 h, two for 14 h.
#[utoipa::path(post, path = "/api/v1/module-sessions", tag = "modules", request_body = SessionInput,
    responses((status = 201, body = SessionView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(input): ApiJson<SessionInput>,
) -> AppResult<(StatusCode, Json<SessionView>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| module_sessions::create(conn, &actor, ctx, &input))
            .await?,
    ))
}

/// Changes a session; more seats promote the waiting list.
#[utoipa::path(patch, path = "/api/v1/module-sessions/{id}", tag = "modules",
    params(("id" = i64, Path)), request_body = SessionInput,
    responses((status = 200, body = SessionView), (status = 403), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SessionInput>,
) -> AppResult<Json<SessionView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| module_sessions::update(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Cancels a session with a reason.
#[utoipa::path(post, path = "/api/v1/module-sessions/{id}/cancel", tag = "modules",
    params(("id" = i64, Path)), request_body = CancelInput,
    responses((status = 200, body = SessionView), (status = 403), (status = 422)))]
pub async fn cancel(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CancelInput>,
) -> AppResult<Json<SessionView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| {
                module_sessions::cancel(conn, &actor, ctx, id, input.reason.as_deref())
            })
            .await?,
    ))
}

/// Enrols an advisor: `confirmed` while seats last, `waitlisted` after, or 422 with the reason
/// (before training entry, same module twice, beyond the funded quota without
/// `accept_unfunded`).
#[utoipa::path(post, path = "/api/v1/module-sessions/{id}/enrolments", tag = "modules",
    params(("id" = i64, Path)), request_body = ModuleEnrolmentInput,
    responses((status = 201, body = ModuleEnrolmentView), (status = 403), (status = 422)))]
pub async fn enrol(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ModuleEnrolmentInput>,
) -> AppResult<(StatusCode, Json<ModuleEnrolmentView>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| module_enrolments::enrol(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Withdraws an enrolment; the first eligible person waiting gets the seat.
#[utoipa::path(delete, path = "/api/v1/module-sessions/{id}/enrolments/{enrolment_id}", tag = "modules",
    params(("id" = i64, Path), ("enrolment_id" = i64, Path), ReasonQuery),
    responses((status = 200, body = ModuleEnrolmentView), (status = 404)))]
pub async fn withdraw(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, enrolment)): Path<(i64, i64)>,
    Query(query): Query<ReasonQuery>,
    body: Bytes,
) -> AppResult<Json<ModuleEnrolmentView>> {
    let reason = reason_of(query, &body)?;
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| {
                module_enrolments::withdraw(conn, &actor, ctx, id, enrolment, reason.as_deref())
            })
            .await?,
    ))
}

/// Records who attended; completion follows.
#[utoipa::path(put, path = "/api/v1/module-sessions/{id}/attendance", tag = "modules",
    params(("id" = i64, Path)), request_body = ModuleAttendanceInput,
    responses((status = 200, description = "The participants"), (status = 403), (status = 422)))]
pub async fn attendance(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ModuleAttendanceInput>,
) -> AppResult<Json<Vec<SessionParticipant>>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| module_enrolments::record_attendance(conn, &actor, ctx, id, &input))
            .await?,
    ))
}
