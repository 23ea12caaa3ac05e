//! The livret (`/api/v1/advisors/{id}/livret`), its DREETS number, the « CCP à repasser » list
//! (JSON and CSV) and the correspondence table between title versions.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::created;
use crate::error::AppResult;
use crate::services::correspondences::{self, CorrespondenceInput, CorrespondenceView};
use crate::services::livret::{self, LivretNumberInput, LivretView, ResitLine};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser, Path};

/// An advisor's livret: per title version the CCPs held (and how: exam, VAE, correspondence),
/// the full title, the DREETS livret number; the re-sit deadlines; the référent handicap.
#[utoipa::path(get, path = "/api/v1/advisors/{id}/livret", tag = "livret",
    params(("id" = i64, Path)), responses((status = 200, body = LivretView), (status = 404)))]
pub async fn livret(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<LivretView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| livret::livret(conn, &actor, ctx, id))
            .await?,
    ))
}

/// Records the livret number the DREETS issued for a title version (staff following the
/// advisor).
#[utoipa::path(put, path = "/api/v1/advisors/{id}/livrets/{title_id}", tag = "livret",
    params(("id" = i64, Path), ("title_id" = i64, Path)), request_body = LivretNumberInput,
    responses((status = 200, body = LivretView), (status = 403), (status = 404), (status = 422)))]
pub async fn set_number(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, title_id)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<LivretNumberInput>,
) -> AppResult<Json<LivretView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| livret::set_number(conn, &actor, ctx, (id, title_id), &input))
            .await?,
    ))
}

/// « CCP à repasser »: advisors in scope with a CCP failed whose re-sit year runs, earliest
/// deadline first (staff and coordinators).
#[utoipa::path(get, path = "/api/v1/ccp-resits", tag = "livret",
    responses((status = 200, body = [ResitLine]), (status = 403)))]
pub async fn resits(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
) -> AppResult<Json<Vec<ResitLine>>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| livret::resit_list(conn, &actor, ctx))
            .await?,
    ))
}

/// The same list as CSV for a French spreadsheet (`;`, UTF-8 with BOM).
#[utoipa::path(get, path = "/api/v1/ccp-resits/export.csv", tag = "livret",
    responses((status = 200, content_type = "text/csv"), (status = 403)))]
pub async fn resits_csv(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
) -> AppResult<Response> {
    let ctx = state.ctx();
    let bytes = state
        .db
        .run(move |conn| livret::export_csv(conn, &actor, ctx))
        .await?;
    Ok(csv_download(bytes))
}

/// CSV bytes as the `ccp-a-repasser.csv` download.
pub fn csv_download(bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"ccp-a-repasser.csv\"",
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The correspondence table between title versions (reference data; `assumed` rows are not
/// sourced).
#[utoipa::path(get, path = "/api/v1/title-correspondences", tag = "reference",
    responses((status = 200, body = [CorrespondenceView])))]
pub async fn correspondences(
    State(state): State<AppState>,
    ApiUser(_actor): ApiUser,
) -> AppResult<Json<Vec<CorrespondenceView>>> {
    Ok(Json(state.db.run(correspondences::list).await?))
}

/// Adds a correspondence (admins).
#[utoipa::path(post, path = "/api/v1/title-correspondences", tag = "reference",
    request_body = CorrespondenceInput,
    responses((status = 201, body = CorrespondenceView), (status = 403), (status = 422)))]
pub async fn create_correspondence(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(input): ApiJson<CorrespondenceInput>,
) -> AppResult<(StatusCode, Json<CorrespondenceView>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| correspondences::create(conn, &actor, ctx, &input))
            .await?,
    ))
}

/// Changes a correspondence's source or whether it is assumed (admins).
#[utoipa::path(patch, path = "/api/v1/title-correspondences/{id}", tag = "reference",
    params(("id" = i64, Path)), request_body = CorrespondenceInput,
    responses((status = 200, body = CorrespondenceView), (status = 403), (status = 404),
              (status = 422)))]
pub async fn update_correspondence(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CorrespondenceInput>,
) -> AppResult<Json<CorrespondenceView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| correspondences::update(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Removes a correspondence (admins); CCPs already held by it stay held.
#[utoipa::path(delete, path = "/api/v1/title-correspondences/{id}", tag = "reference",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 404)))]
pub async fn delete_correspondence(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    let ctx = state.ctx();
    state
        .db
        .run(move |conn| correspondences::delete(conn, &actor, ctx, id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
