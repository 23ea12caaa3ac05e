//! Accommodation requests of exam candidates (`/api/v1/exam-candidates/{id}/accommodation`),
//! their files (health data: audited reads), sending and decision; the référent handicap of an
//! organisation.

use axum::Json;
use axum::extract::{Multipart, State};
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;

use super::absences::proof_response;
use crate::error::AppResult;
use crate::services::absences::Proof;
use crate::services::accommodations::{
    self, AccommodationPage, AccommodationView, DecisionInput, FileSlot, HealthFile, ReferentInput,
    RequestInput, SentInput,
};
use crate::services::livret::ReferentView;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser, Path};

/// The `multipart/form-data` field of an uploaded file.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileUpload {
    /// PDF, JPEG or PNG, its type read from its bytes, at most `PARCOURS_UPLOAD_MAX_KB`.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// A candidate's request and what the actor may do; the health notes only for the candidate,
/// the organiser's staff and its référent handicap (that read is audited). 404 outside scope.
#[utoipa::path(get, path = "/api/v1/exam-candidates/{id}/accommodation", tag = "accommodations",
    params(("id" = i64, Path)),
    responses((status = 200, body = AccommodationPage), (status = 404)))]
pub async fn page(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<AccommodationPage>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| accommodations::of_candidate(conn, &actor, ctx, id))
            .await?,
    ))
}

/// Records (or changes, until its decision) a candidate's request (the organiser's staff); a
/// late request is recorded with its `late_warning`.
#[utoipa::path(put, path = "/api/v1/exam-candidates/{id}/accommodation", tag = "accommodations",
    params(("id" = i64, Path)), request_body = RequestInput,
    responses((status = 200, body = AccommodationView), (status = 403), (status = 404),
              (status = 409), (status = 422)))]
pub async fn record(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<RequestInput>,
) -> AppResult<Json<AccommodationView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| accommodations::record(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

async fn upload_to(
    state: AppState,
    actor: crate::auth::Principal,
    id: i64,
    slot: FileSlot,
    multipart: Multipart,
) -> AppResult<Json<AccommodationView>> {
    let ctx = state.ctx();
    let file =
        crate::web::multipart::single_file(multipart, ctx.attendance.upload_max_bytes).await?;
    Ok(Json(
        state
            .db
            .run(move |conn| accommodations::upload(conn, &actor, ctx, id, slot, &file))
            .await?,
    ))
}

fn download(file: HealthFile) -> Response {
    proof_response(Proof {
        file_name: file.file_name,
        kind: file.kind,
        bytes: file.bytes,
    })
}

/// Attaches the proof of status (RQTH, AAH, invalidity…): the candidate or the organiser's staff.
#[utoipa::path(post, path = "/api/v1/accommodations/{id}/proof", tag = "accommodations",
    params(("id" = i64, Path)),
    request_body(content = FileUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = AccommodationView), (status = 403), (status = 404),
              (status = 422)))]
pub async fn upload_proof(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> AppResult<Json<AccommodationView>> {
    upload_to(state, actor, id, FileSlot::Proof, multipart).await
}

/// The proof of status (health data): the candidate, the organiser's staff and its référent
/// handicap; each read audited. 404 outside scope, 403 naming the rule otherwise.
#[utoipa::path(get, path = "/api/v1/accommodations/{id}/proof", tag = "accommodations",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/octet-stream"), (status = 403),
              (status = 404)))]
pub async fn read_proof(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let ctx = state.ctx();
    let file = state
        .db
        .run(move |conn| accommodations::read_file(conn, &actor, ctx, id, FileSlot::Proof))
        .await?;
    Ok(download(file))
}

/// Attaches the doctor's recommendation: the candidate or the organiser's staff.
#[utoipa::path(post, path = "/api/v1/accommodations/{id}/medical", tag = "accommodations",
    params(("id" = i64, Path)),
    request_body(content = FileUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = AccommodationView), (status = 403), (status = 404),
              (status = 422)))]
pub async fn upload_medical(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> AppResult<Json<AccommodationView>> {
    upload_to(state, actor, id, FileSlot::Medical, multipart).await
}

/// The medical recommendation (health data): the candidate, the organiser's staff and its
/// référent handicap; each read audited. 404 outside scope, 403 naming the rule otherwise.
#[utoipa::path(get, path = "/api/v1/accommodations/{id}/medical", tag = "accommodations",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/octet-stream"), (status = 403),
              (status = 404)))]
pub async fn read_medical(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let ctx = state.ctx();
    let file = state
        .db
        .run(move |conn| accommodations::read_file(conn, &actor, ctx, id, FileSlot::Medical))
        .await?;
    Ok(download(file))
}

/// Records the date the request went to the DREETS (the organiser's staff).
#[utoipa::path(post, path = "/api/v1/accommodations/{id}/sent", tag = "accommodations",
    params(("id" = i64, Path)), request_body = SentInput,
    responses((status = 200, body = AccommodationView), (status = 403), (status = 404),
              (status = 409), (status = 422)))]
pub async fn mark_sent(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SentInput>,
) -> AppResult<Json<AccommodationView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| accommodations::mark_sent(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Records the DREETS's decision; an accepted one sets the candidate's extra time (the only
/// way it is set), a refused one clears it.
#[utoipa::path(post, path = "/api/v1/accommodations/{id}/decision", tag = "accommodations",
    params(("id" = i64, Path)), request_body = DecisionInput,
    responses((status = 200, body = AccommodationView), (status = 403), (status = 404),
              (status = 409), (status = 422)))]
pub async fn decide(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> AppResult<Json<AccommodationView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| accommodations::decide(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// An organisation's référent handicap (`null` when not named).
#[utoipa::path(get, path = "/api/v1/organisations/{id}/disability-referent", tag = "accommodations",
    params(("id" = i64, Path)),
    responses((status = 200, body = Option<ReferentView>), (status = 404)))]
pub async fn referent(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Option<ReferentView>>> {
    Ok(Json(
        state
            .db
            .run(move |conn| accommodations::referent(conn, &actor, id))
            .await?,
    ))
}

/// Names an organisation's référent handicap: one of its users, or a name and a contact (its
/// staff).
#[utoipa::path(put, path = "/api/v1/organisations/{id}/disability-referent", tag = "accommodations",
    params(("id" = i64, Path)), request_body = ReferentInput,
    responses((status = 200, body = Option<ReferentView>), (status = 403), (status = 404),
              (status = 422)))]
pub async fn set_referent(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ReferentInput>,
) -> AppResult<Json<Option<ReferentView>>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| accommodations::set_referent(conn, &actor, ctx, id, &input))
            .await?,
    ))
}
