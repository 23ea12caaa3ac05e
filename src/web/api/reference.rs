//! `/api/v1/territories`, `/api/v1/tracks`, `/api/v1/certifications`.

use crate::web::extract::{Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::{PageQuery, created};
use crate::domain::pagination::Paginated;
use crate::error::AppResult;
use crate::services::reference::{
    self, CertificationView, TerritoryInput, TerritoryView, TrackInput, TrackView,
};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser};

/// Pages an in-memory list (reference lists are short).
pub(super) fn page_of<T>(all: Vec<T>, page: PageQuery) -> Paginated<T> {
    let request = page.request();
    let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
    let items = all
        .into_iter()
        .skip(usize::try_from(request.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(request.per_page).unwrap_or(0))
        .collect();
    Paginated::new(items, total, request)
}

/// Every territory with its default zone.
#[utoipa::path(get, path = "/api/v1/territories", tag = "reference", params(PageQuery),
    responses((status = 200, description = "`{items, total, page, per_page}` of territories")))]
pub async fn territories(
    State(state): State<AppState>,
    ApiUser(_u): ApiUser,
    Query(page): Query<PageQuery>,
) -> AppResult<Json<Paginated<TerritoryView>>> {
    let all = state.db.run(reference::territories).await?;
    Ok(Json(page_of(all, page)))
}

/// One territory.
#[utoipa::path(get, path = "/api/v1/territories/{code}", tag = "reference",
    params(("code" = String, Path)), responses((status = 200, body = TerritoryView), (status = 404)))]
pub async fn territory(
    State(state): State<AppState>,
    ApiUser(_u): ApiUser,
    Path(code): Path<String>,
) -> AppResult<Json<TerritoryView>> {
    Ok(Json(
        state
            .db
            .run(move |conn| reference::territory(conn, &code))
            .await?,
    ))
}

/// Adds a territory (admins).
#[utoipa::path(post, path = "/api/v1/territories", tag = "reference", request_body = TerritoryInput,
    responses((status = 201, body = TerritoryView), (status = 403), (status = 422)))]
pub async fn create_territory(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(input): ApiJson<TerritoryInput>,
) -> AppResult<(StatusCode, Json<TerritoryView>)> {
    let ctx = state.ctx();
    let view = state
        .db
        .run(move |conn| reference::create_territory(conn, &actor, ctx, &input))
        .await?;
    Ok(created(view))
}

/// Changes a territory (admins).
#[utoipa::path(patch, path = "/api/v1/territories/{code}", tag = "reference",
    params(("code" = String, Path)), request_body = TerritoryInput,
    responses((status = 200, body = TerritoryView), (status = 403), (status = 422)))]
pub async fn update_territory(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(code): Path<String>,
    ApiJson(input): ApiJson<TerritoryInput>,
) -> AppResult<Json<TerritoryView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| reference::update_territory(conn, &actor, ctx, &code, &input))
            .await?,
    ))
}

/// Every track, active first.
#[utoipa::path(get, path = "/api/v1/tracks", tag = "reference", params(PageQuery),
    responses((status = 200, description = "`{items, total, page, per_page}` of tracks")))]
pub async fn tracks(
    State(state): State<AppState>,
    ApiUser(_u): ApiUser,
    Query(page): Query<PageQuery>,
) -> AppResult<Json<Paginated<TrackView>>> {
    let all = state.db.run(reference::tracks).await?;
    Ok(Json(page_of(all, page)))
}

/// One track.
#[utoipa::path(get, path = "/api/v1/tracks/{id}", tag = "reference",
    params(("id" = i64, Path)), responses((status = 200, body = TrackView), (status = 404)))]
pub async fn track(
    State(state): State<AppState>,
    ApiUser(_u): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<TrackView>> {
    Ok(Json(
        state.db.run(move |conn| reference::track(conn, id)).await?,
    ))
}

/// Adds a track (admins); its score range may not overlap another active track's.
#[utoipa::path(post, path = "/api/v1/tracks", tag = "reference", request_body = TrackInput,
    responses((status = 201, body = TrackView), (status = 403), (status = 422)))]
pub async fn create_track(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(input): ApiJson<TrackInput>,
) -> AppResult<(StatusCode, Json<TrackView>)> {
    let ctx = state.ctx();
    let view = state
        .db
        .run(move |conn| reference::create_track(conn, &actor, ctx, &input))
        .await?;
    Ok(created(view))
}

/// Changes a track (admins).
#[utoipa::path(patch, path = "/api/v1/tracks/{id}", tag = "reference",
    params(("id" = i64, Path)), request_body = TrackInput,
    responses((status = 200, body = TrackView), (status = 403), (status = 422)))]
pub async fn update_track(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TrackInput>,
) -> AppResult<Json<TrackView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| reference::update_track(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Every certification, with its title version.
#[utoipa::path(get, path = "/api/v1/certifications", tag = "reference", params(PageQuery),
    responses((status = 200, description = "`{items, total, page, per_page}` of certifications")))]
pub async fn certifications(
    State(state): State<AppState>,
    ApiUser(_u): ApiUser,
    Query(page): Query<PageQuery>,
) -> AppResult<Json<Paginated<CertificationView>>> {
    let all = state.db.run(reference::certifications).await?;
    Ok(Json(page_of(all, page)))
}
