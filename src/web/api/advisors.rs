//! `/api/v1/advisors` and their positioning tests.

use crate::web::extract::{Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{PageQuery, created};
use crate::domain::pagination::Paginated;
use crate::error::AppResult;
use crate::services::advisors::{self, AdvisorInput, AdvisorView, PositioningInput};
use crate::services::queries::AdvisorFilter;
use crate::services::reference::TrackView;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser};

/// Filters of the advisor list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdvisorQuery {
    /// Part of a name or e-mail (accents and case ignored).
    pub q: Option<String>,
    /// Territory code.
    pub territory: Option<String>,
    /// Training body in charge.
    pub organisation_id: Option<i64>,
    /// Employer.
    pub host_structure_id: Option<i64>,
}

impl From<AdvisorQuery> for AdvisorFilter {
    fn from(q: AdvisorQuery) -> Self {
        Self {
            q: q.q,
            territory: q.territory.filter(|s| !s.is_empty()),
            organisation_id: q.organisation_id,
            host_structure_id: q.host_structure_id,
        }
    }
}

/// The advisors the caller may see, by name.
#[utoipa::path(get, path = "/api/v1/advisors", tag = "advisors", params(PageQuery, AdvisorQuery),
    responses((status = 200, description = "`{items, total, page, per_page}` of advisors"),
              (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Query(page): Query<PageQuery>,
    Query(q): Query<AdvisorQuery>,
) -> AppResult<Json<Paginated<AdvisorView>>> {
    let filter = AdvisorFilter::from(q);
    let page = page.request();
    Ok(Json(
        state
            .db
            .run(move |conn| advisors::list(conn, &actor, &filter, page))
            .await?,
    ))
}

/// One advisor (404 when not visible to the caller).
#[utoipa::path(get, path = "/api/v1/advisors/{id}", tag = "advisors",
    params(("id" = i64, Path)), responses((status = 200, body = AdvisorView), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<AdvisorView>> {
    Ok(Json(
        state
            .db
            .run(move |conn| advisors::get(conn, &actor, id))
            .await?,
    ))
}

/// Records an advisor; refused when not 16–64 on the hiring date, retired, or on a *service
/// civique* engagement.
#[utoipa::path(post, path = "/api/v1/advisors", tag = "advisors", request_body = AdvisorInput,
    responses((status = 201, body = AdvisorView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(input): ApiJson<AdvisorInput>,
) -> AppResult<(StatusCode, Json<AdvisorView>)> {
    let ctx = state.ctx();
    let view = state
        .db
        .run(move |conn| advisors::create(conn, &actor, ctx, &input))
        .await?;
    Ok(created(view))
}

/// Changes an advisor's record.
#[utoipa::path(patch, path = "/api/v1/advisors/{id}", tag = "advisors",
    params(("id" = i64, Path)), request_body = AdvisorInput,
    responses((status = 200, body = AdvisorView), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AdvisorInput>,
) -> AppResult<Json<AdvisorView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| advisors::update(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// The recorded test and the track it selects.
#[derive(Debug, Serialize, ToSchema)]
pub struct PositioningResponse {
    /// The test's id.
    pub id: i64,
    /// Date taken.
    pub taken_on: chrono::NaiveDate,
    /// Score.
    pub score: i32,
    /// The selected track.
    pub track: TrackView,
}

/// Records a positioning test; answers with the track its score selects.
#[utoipa::path(post, path = "/api/v1/advisors/{id}/positioning-tests", tag = "advisors",
    params(("id" = i64, Path)), request_body = PositioningInput,
    responses((status = 201, body = PositioningResponse), (status = 403), (status = 404), (status = 422)))]
pub async fn record_positioning(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PositioningInput>,
) -> AppResult<(StatusCode, Json<PositioningResponse>)> {
    let ctx = state.ctx();
    let view = state
        .db
        .run(move |conn| advisors::record_positioning(conn, &actor, ctx, id, &input))
        .await?;
    Ok(created(PositioningResponse {
        id: view.id,
        taken_on: view.taken_on,
        score: view.score,
        track: view.track,
    }))
}

/// What the caller typed.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestQuery {
    /// Part of a name, birth name, e-mail or ANCT id (accents and case ignored; at least two
    /// characters, else no suggestion).
    pub q: Option<String>,
}

/// Up to ten advisors in the caller's scope matching what they typed, those with a word starting
/// with it first (for the enrolment forms' suggestions).
#[utoipa::path(get, path = "/api/v1/advisors/suggest", tag = "advisors", params(SuggestQuery),
    responses((status = 200, body = crate::services::advisor_search::Suggestions),
              (status = 403)))]
pub async fn suggest(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Query(q): Query<SuggestQuery>,
) -> AppResult<Json<crate::services::advisor_search::Suggestions>> {
    let text = q.q.unwrap_or_default();
    Ok(Json(
        state
            .db
            .run(move |conn| crate::services::advisor_search::suggest(conn, &actor, &text))
            .await?,
    ))
}
