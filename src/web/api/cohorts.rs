//! `/api/v1/cohorts`.

use crate::web::extract::{Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{PageQuery, created};
use crate::domain::pagination::Paginated;
use crate::domain::validation::{FieldErrors, parse_date};
use crate::error::{AppError, AppResult};
use crate::services::cohorts::{self, CohortInput, CohortView};
use crate::services::queries::CohortFilter;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser};

/// Filters of the cohort list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CohortQuery {
    /// Training body.
    pub organisation_id: Option<i64>,
    /// `initial` or `ccp23`.
    pub kind: Option<String>,
    /// Track.
    pub track_id: Option<i64>,
    /// Territory code.
    pub territory: Option<String>,
    /// Starting on or after (`YYYY-MM-DD`).
    pub starts_from: Option<String>,
    /// Starting on or before (`YYYY-MM-DD`).
    pub starts_until: Option<String>,
}

impl CohortQuery {
    /// The filter, or 422 on a malformed date.
    pub fn filter(self) -> Result<CohortFilter, AppError> {
        let mut errors = FieldErrors::new();
        let mut date = |field: &str, v: Option<String>| match v.filter(|s| !s.is_empty()) {
            Some(text) => errors.take(field, parse_date(Some(&text))),
            None => None,
        };
        let starts_from = date("starts_from", self.starts_from);
        let starts_until = date("starts_until", self.starts_until);
        errors.into_result()?;
        Ok(CohortFilter {
            organisation_id: self.organisation_id,
            kind: self.kind.filter(|s| !s.is_empty()),
            track_id: self.track_id,
            territory: self.territory.filter(|s| !s.is_empty()),
            starts_from,
            starts_until,
        })
    }
}

/// The cohorts the caller may see, latest first.
#[utoipa::path(get, path = "/api/v1/cohorts", tag = "cohorts", params(PageQuery, CohortQuery),
    responses((status = 200, description = "`{items, total, page, per_page}` of cohorts"),
              (status = 403), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Query(page): Query<PageQuery>,
    Query(q): Query<CohortQuery>,
) -> AppResult<Json<Paginated<CohortView>>> {
    let filter = q.filter()?;
    let page = page.request();
    Ok(Json(
        state
            .db
            .run(move |conn| cohorts::list(conn, &actor, &filter, page))
            .await?,
    ))
}

/// One cohort (404 when not visible to the caller).
#[utoipa::path(get, path = "/api/v1/cohorts/{id}", tag = "cohorts",
    params(("id" = i64, Path)), responses((status = 200, body = CohortView), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<CohortView>> {
    Ok(Json(
        state
            .db
            .run(move |conn| cohorts::get(conn, &actor, id))
            .await?,
    ))
}

/// Schedules a cohort (staff of a training body entitled to its kind).
#[utoipa::path(post, path = "/api/v1/cohorts", tag = "cohorts", request_body = CohortInput,
    responses((status = 201, body = CohortView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(input): ApiJson<CohortInput>,
) -> AppResult<(StatusCode, Json<CohortView>)> {
    let ctx = state.ctx();
    let view = state
        .db
        .run(move |conn| cohorts::create(conn, &actor, ctx, &input))
        .await?;
    Ok(created(view))
}

/// Changes a cohort.
#[utoipa::path(patch, path = "/api/v1/cohorts/{id}", tag = "cohorts",
    params(("id" = i64, Path)), request_body = CohortInput,
    responses((status = 200, body = CohortView), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CohortInput>,
) -> AppResult<Json<CohortView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| cohorts::update(conn, &actor, ctx, id, &input))
            .await?,
    ))
}
