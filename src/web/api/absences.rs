//! Absences and their justifications: submit a proof (multipart), list a cohort's (staff) and
//! an advisor's own, accept or refuse, download the proof (health data: audited).

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::created;
use crate::error::AppResult;
use crate::services::absences::{
    self, AdvisorAbsences, Decision, DecisionInput, JustificationView, Proof,
};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser, Path};

/// The `multipart/form-data` fields of a justification.
#[derive(Debug, Serialize, ToSchema)]
pub struct JustificationUpload {
    /// The cohort (a training day).
    pub cohort_id: Option<i64>,
    /// The module session (a module session day), instead of the cohort.
    pub module_session_id: Option<i64>,
    /// The exam session (its exam day), instead of the cohort: only `sick_leave` or
    /// `force_majeure` justify an absence at an exam.
    pub exam_session_id: Option<i64>,
    /// The training day or module session day (omitted for an exam session, its own day).
    pub day_id: Option<i64>,
    /// `am` or `pm`.
    pub half_day: String,
    /// The advisor: staff name them; an advisor submits for themself (omit it).
    pub advisor_id: Option<i64>,
    /// `sick_leave` (arrêt maladie), `force_majeure` or `other` (autre).
    pub category: String,
    /// The motive, required for `other`.
    pub motive: Option<String>,
    /// The proof: PDF, JPEG or PNG, its type read from its bytes whatever its name, at most
    /// `PARCOURS_UPLOAD_MAX_KB`.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Submits a proof of absence for a half-day where the advisor is marked absent (or was not
/// marked and it is over). 404 when the cohort is not visible; 422 naming the field otherwise.
#[utoipa::path(post, path = "/api/v1/absence-justifications", tag = "absences",
    request_body(content = JustificationUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = JustificationView), (status = 403), (status = 404),
              (status = 409), (status = 422)))]
pub async fn submit(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    multipart: Multipart,
) -> AppResult<(StatusCode, Json<JustificationView>)> {
    let ctx = state.ctx();
    let (input, upload) =
        crate::web::multipart::justification(multipart, ctx.attendance.upload_max_bytes).await?;
    Ok(created(
        state
            .db
            .run(move |conn| absences::submit(conn, &actor, ctx, &input, &upload))
            .await?,
    ))
}

/// A cohort's justifications, pending first (staff of its organisation).
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/absence-justifications", tag = "absences",
    params(("id" = i64, Path)),
    responses((status = 200, body = [JustificationView]), (status = 403), (status = 404)))]
pub async fn for_cohort(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<JustificationView>>> {
    Ok(Json(
        state
            .db
            .run(move |conn| absences::for_cohort(conn, &actor, id))
            .await?,
    ))
}

/// An advisor's own absences and their justifications.
#[utoipa::path(get, path = "/api/v1/advisors/{id}/absences", tag = "absences",
    params(("id" = i64, Path)),
    responses((status = 200, body = AdvisorAbsences), (status = 403), (status = 404)))]
pub async fn for_advisor(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<AdvisorAbsences>> {
    Ok(Json(
        state
            .db
            .run(move |conn| absences::for_advisor(conn, &actor, id))
            .await?,
    ))
}

/// Accepts a justification: the absence becomes excused (a correction when the half-day was
/// closed: `changed_closed_day` names the day whose sheet is sealed again).
#[utoipa::path(post, path = "/api/v1/absence-justifications/{id}/accept", tag = "absences",
    params(("id" = i64, Path)), request_body = DecisionInput,
    responses((status = 200, body = Decision), (status = 403), (status = 404), (status = 409)))]
pub async fn accept(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> AppResult<Json<Decision>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| absences::accept(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Refuses a justification with a reason (required).
#[utoipa::path(post, path = "/api/v1/absence-justifications/{id}/refuse", tag = "absences",
    params(("id" = i64, Path)), request_body = DecisionInput,
    responses((status = 200, body = Decision), (status = 403), (status = 404), (status = 409),
              (status = 422)))]
pub async fn refuse(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> AppResult<Json<Decision>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| absences::refuse(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// The proof (health data): the advisor concerned, the deciding staff and admins; each read is
/// audited. 404 for who cannot see the cohort, 403 naming the rule for the others.
#[utoipa::path(get, path = "/api/v1/absence-justifications/{id}/proof", tag = "absences",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/octet-stream"), (status = 403),
              (status = 404)))]
pub async fn proof(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let ctx = state.ctx();
    let proof = state
        .db
        .run(move |conn| absences::read_proof(conn, &actor, ctx, id))
        .await?;
    Ok(proof_response(proof))
}

/// A proof as a download, never cached.
pub fn proof_response(proof: Proof) -> Response {
    let mut response = proof.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(proof.kind.mime()),
    );
    if let Ok(value) =
        HeaderValue::from_str(&format!("attachment; filename=\"{}\"", proof.file_name))
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}
