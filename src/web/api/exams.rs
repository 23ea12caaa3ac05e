//! `/api/v1/exam-sessions`, habilitations, host agreements and certifications.

use crate::web::extract::{Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{PageQuery, created};
use crate::domain::pagination::Paginated;
use crate::domain::validation::{FieldErrors, parse_date};
use crate::error::AppResult;
use crate::services::candidates::{self, CandidateInput, CandidateView};
use crate::services::exam_lookup;
use crate::services::exam_sessions::{
    self, ExamSessionInput, ExamSessionView, HabilitationInput, HabilitationView,
    HostAgreementInput, PixResultInput,
};
use crate::services::juries::{self, ExaminerAvailability, ExaminerInput};
use crate::services::queries::ExamFilter;
use crate::services::results::{self, Certifications, ResultInput, ResultView};
use crate::services::schedule::CancelInput;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser};

/// Filters of the session list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExamQuery {
    /// Organiser.
    pub organisation_id: Option<i64>,
    /// `CCP1`, `CCP2`, `CCP3` or `PIX`.
    pub certification: Option<String>,
    /// Starting on or after (`YYYY-MM-DD`).
    pub from: Option<String>,
}

/// Exam sessions the caller may see (their organisations', those they sit on), by start.
#[utoipa::path(get, path = "/api/v1/exam-sessions", tag = "certification", params(PageQuery, ExamQuery),
    responses((status = 200, description = "`{items, total, page, per_page}` of exam sessions"), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Query(page): Query<PageQuery>,
    Query(q): Query<ExamQuery>,
) -> AppResult<Json<Paginated<ExamSessionView>>> {
    let mut errors = FieldErrors::new();
    let from = match q.from.as_deref().filter(|s| !s.is_empty()) {
        Some(d) => errors
            .take("from", parse_date(Some(d)))
            .and_then(|d| d.and_hms_opt(0, 0, 0)),
        None => None,
    };
    errors.into_result()?;
    let (ctx, page) = (state.ctx(), page.request());
    let code = q.certification.clone().filter(|c| !c.is_empty());
    Ok(Json(
        state
            .db
            .run(move |conn| {
                let certification_ids = match code {
                    Some(code) => Some(exam_lookup::certification_ids(conn, &code)?),
                    None => None,
                };
                let filter = ExamFilter {
                    organisation_id: q.organisation_id,
                    certification_ids,
                    examiner_id: None,
                    from,
                };
                exam_sessions::list(conn, &actor, ctx, &filter, page)
            })
            .await?,
    ))
}

/// One session.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}", tag = "certification",
    params(("id" = i64, Path)), responses((status = 200, body = ExamSessionView), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ExamSessionView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| {
                let row = exam_sessions::visible(conn, &actor, id)?;
                exam_sessions::view(conn, &row, ctx.now).map(|v| v.shown_to(&actor))
            })
            .await?,
    ))
}

/// Plans a session (staff of an organiser entitled to the certification).
#[utoipa::path(post, path = "/api/v1/exam-sessions", tag = "certification", request_body = ExamSessionInput,
    responses((status = 201, body = ExamSessionView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(input): ApiJson<ExamSessionInput>,
) -> AppResult<(StatusCode, Json<ExamSessionView>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| exam_sessions::create(conn, &actor, ctx, &input))
            .await?,
    ))
}

/// Changes a session before publication.
#[utoipa::path(patch, path = "/api/v1/exam-sessions/{id}", tag = "certification",
    params(("id" = i64, Path)), request_body = ExamSessionInput,
    responses((status = 200, body = ExamSessionView), (status = 403), (status = 409), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ExamSessionInput>,
) -> AppResult<Json<ExamSessionView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| exam_sessions::update(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Cancels a session with a reason.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/cancel", tag = "certification",
    params(("id" = i64, Path)), request_body = CancelInput,
    responses((status = 200, body = ExamSessionView), (status = 403), (status = 422)))]
pub async fn cancel(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CancelInput>,
) -> AppResult<Json<ExamSessionView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| exam_sessions::cancel(conn, &actor, ctx, id, input.reason.as_deref()))
            .await?,
    ))
}

/// Every examiner and whether they may sit on the jury, with the reason when not.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/examiners", tag = "certification",
    params(("id" = i64, Path)), responses((status = 200, body = [ExaminerAvailability]), (status = 404)))]
pub async fn examiners(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<ExaminerAvailability>>> {
    Ok(Json(
        state
            .db
            .run(move |conn| juries::availability(conn, &actor, id))
            .await?,
    ))
}

/// Adds an examiner to the jury; conflicts are refused with the reason.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/examiners", tag = "certification",
    params(("id" = i64, Path)), request_body = ExaminerInput,
    responses((status = 201, body = ExamSessionView), (status = 403), (status = 422)))]
pub async fn add_examiner(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ExaminerInput>,
) -> AppResult<(StatusCode, Json<ExamSessionView>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| juries::add(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Registers a candidate after checking eligibility.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/candidates", tag = "certification",
    params(("id" = i64, Path)), request_body = CandidateInput,
    responses((status = 201, body = CandidateView), (status = 403), (status = 422)))]
pub async fn add_candidate(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CandidateInput>,
) -> AppResult<(StatusCode, Json<CandidateView>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| candidates::register(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// The session's results (jury and organiser).
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/results", tag = "certification",
    params(("id" = i64, Path)), responses((status = 200, body = [ResultView]), (status = 404)))]
pub async fn results_list(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<ResultView>>> {
    Ok(Json(
        state
            .db
            .run(move |conn| results::list(conn, &actor, id))
            .await?,
    ))
}

/// Records (or, after publication, corrects with a reason) a candidate's result.
#[utoipa::path(put, path = "/api/v1/exam-sessions/{id}/results/{advisor_id}", tag = "certification",
    params(("id" = i64, Path), ("advisor_id" = i64, Path)), request_body = ResultInput,
    responses((status = 200, body = ResultView), (status = 403), (status = 409), (status = 422)))]
pub async fn record_result(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, advisor)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<ResultInput>,
) -> AppResult<Json<ResultView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| results::record(conn, &actor, ctx, id, advisor, &input))
            .await?,
    ))
}

/// A second jury member confirms the results.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/confirm", tag = "certification",
    params(("id" = i64, Path)), responses((status = 200, body = ExamSessionView), (status = 403), (status = 409)))]
pub async fn confirm(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ExamSessionView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| results::confirm(conn, &actor, ctx, id))
            .await?,
    ))
}

/// Publishes the results (every candidate has one, a jury of two, confirmed).
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/publish", tag = "certification",
    params(("id" = i64, Path)), responses((status = 200, body = ExamSessionView), (status = 403), (status = 409)))]
pub async fn publish(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ExamSessionView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| results::publish(conn, &actor, ctx, id))
            .await?,
    ))
}

/// An advisor's published results and full title.
#[utoipa::path(get, path = "/api/v1/advisors/{id}/certifications", tag = "certification",
    params(("id" = i64, Path)), responses((status = 200, body = Certifications), (status = 404)))]
pub async fn certifications(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Certifications>> {
    Ok(Json(
        state
            .db
            .run(move |conn| results::certifications(conn, &actor, id))
            .await?,
    ))
}

/// Grants a habilitation to an examiner (admins, coordinators).
#[utoipa::path(post, path = "/api/v1/users/{id}/habilitations", tag = "certification",
    params(("id" = i64, Path)), request_body = HabilitationInput,
    responses((status = 201, body = HabilitationView), (status = 403), (status = 422)))]
pub async fn add_habilitation(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<HabilitationInput>,
) -> AppResult<(StatusCode, Json<HabilitationView>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| exam_sessions::add_habilitation(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Records the host structure's agreement to CCP2-CCP3 (`agreed_by`: who agreed).
#[utoipa::path(post, path = "/api/v1/advisors/{id}/host-agreements", tag = "certification",
    params(("id" = i64, Path)), request_body = HostAgreementInput,
    responses((status = 201, body = HostAgreementInput), (status = 403), (status = 422)))]
pub async fn add_host_agreement(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<HostAgreementInput>,
) -> AppResult<(StatusCode, Json<HostAgreementInput>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| exam_sessions::add_host_agreement(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// The session's results as CSV (`;`, UTF-8 with BOM): `id;nom;prénom;email;certification;résultat;date`.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/results.csv", tag = "certification",
    params(("id" = i64, Path)), responses((status = 200, content_type = "text/csv"), (status = 404)))]
pub async fn export_results(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let bytes = state
        .db
        .run(move |conn| results::export_csv(conn, &actor, id))
        .await?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"resultats-session-{id}.csv\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Imports results in the export's format (body: the CSV): all rows valid or nothing written,
/// 422 with a message per bad row (`errors: {"ligne 3": "…"}`).
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/results.csv", tag = "certification",
    params(("id" = i64, Path)), request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "`{\"imported\": n}`"), (status = 403), (status = 422)))]
pub async fn import_results(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> AppResult<Json<serde_json::Value>> {
    let ctx = state.ctx();
    let imported = state
        .db
        .run(move |conn| results::import_csv(conn, &actor, ctx, id, &body))
        .await?;
    Ok(Json(serde_json::json!({ "imported": imported })))
}

/// Records a Pix certification result as Pix reports it (date, score, Pix's verification code).
#[utoipa::path(post, path = "/api/v1/advisors/{id}/pix-results", tag = "certification",
    params(("id" = i64, Path)), request_body = PixResultInput,
    responses((status = 201, body = PixResultInput), (status = 403), (status = 422)))]
pub async fn add_pix_result(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PixResultInput>,
) -> AppResult<(StatusCode, Json<PixResultInput>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| exam_sessions::add_pix_result(conn, &actor, ctx, id, &input))
            .await?,
    ))
}
