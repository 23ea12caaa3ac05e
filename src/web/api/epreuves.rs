//! `/api/v1/epreuves` and `/api/v1/competences` (reference data, changed by admins), and per
//! exam session: the candidates' schedule, the jury's grid and the dossiers professionnels.

use axum::Json;
use axum::extract::State;

use super::PageQuery;
use super::reference::page_of;
use crate::domain::pagination::Paginated;
use crate::error::AppResult;
use crate::services::epreuves::{
    self, CandidateGrid, CompetenceInput, CompetenceView, DossierInput, DossierView, EpreuveInput,
    EpreuveView, GridInput, ScheduledEpreuve, SessionGrid, SessionSchedule, SlotInput,
};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser, Path, Query};

/// Every épreuve of every title version, each saying whether it is assumed and its source.
#[utoipa::path(get, path = "/api/v1/epreuves", tag = "reference", params(PageQuery),
    responses((status = 200, description = "`{items, total, page, per_page}` of épreuves")))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(_u): ApiUser,
    Query(page): Query<PageQuery>,
) -> AppResult<Json<Paginated<EpreuveView>>> {
    let all = state.db.run(epreuves::epreuves).await?;
    Ok(Json(page_of(all, page)))
}

/// One épreuve.
#[utoipa::path(get, path = "/api/v1/epreuves/{id}", tag = "reference",
    params(("id" = i64, Path)), responses((status = 200, body = EpreuveView), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(_u): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<EpreuveView>> {
    Ok(Json(
        state
            .db
            .run(move |conn| epreuves::epreuve(conn, id))
            .await?,
    ))
}

/// Changes an épreuve: label, duration, position, assumed, source (admins).
#[utoipa::path(patch, path = "/api/v1/epreuves/{id}", tag = "reference",
    params(("id" = i64, Path)), request_body = EpreuveInput,
    responses((status = 200, body = EpreuveView), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EpreuveInput>,
) -> AppResult<Json<EpreuveView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| epreuves::update_epreuve(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Every competence of every CCP.
#[utoipa::path(get, path = "/api/v1/competences", tag = "reference", params(PageQuery),
    responses((status = 200, description = "`{items, total, page, per_page}` of competences")))]
pub async fn competences(
    State(state): State<AppState>,
    ApiUser(_u): ApiUser,
    Query(page): Query<PageQuery>,
) -> AppResult<Json<Paginated<CompetenceView>>> {
    let all = state.db.run(epreuves::competences).await?;
    Ok(Json(page_of(all, page)))
}

/// Changes a competence: code, label, position, assumed, source (admins).
#[utoipa::path(patch, path = "/api/v1/competences/{id}", tag = "reference",
    params(("id" = i64, Path)), request_body = CompetenceInput,
    responses((status = 200, body = CompetenceView), (status = 403), (status = 404), (status = 422)))]
pub async fn update_competence(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CompetenceInput>,
) -> AppResult<Json<CompetenceView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| epreuves::update_competence(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// The candidates' schedule: each épreuve with its duration lengthened by the candidate's extra
/// time, its slot and jurors, the dossier professionnel and whether the entretien final is due.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/schedule", tag = "certification",
    params(("id" = i64, Path)),
    responses((status = 200, body = SessionSchedule), (status = 403), (status = 404)))]
pub async fn schedule(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<SessionSchedule>> {
    Ok(Json(
        state
            .db
            .run(move |conn| epreuves::schedule(conn, &actor, id))
            .await?,
    ))
}

/// Sets a candidate's slot for an épreuve, with the jurors sitting on it (staff of the
/// organiser); refused (422) when it overlaps another épreuve of the candidate or a slot of one
/// of its jurors.
#[utoipa::path(put, path = "/api/v1/exam-sessions/{id}/schedule/{advisor_id}/{epreuve_id}",
    tag = "certification",
    params(("id" = i64, Path), ("advisor_id" = i64, Path), ("epreuve_id" = i64, Path)),
    request_body = SlotInput,
    responses((status = 200, body = ScheduledEpreuve), (status = 403), (status = 404),
              (status = 409), (status = 422)))]
pub async fn set_slot(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, advisor, epreuve)): Path<(i64, i64, i64)>,
    ApiJson(input): ApiJson<SlotInput>,
) -> AppResult<Json<ScheduledEpreuve>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| epreuves::set_slot(conn, &actor, ctx, id, (advisor, epreuve), &input))
            .await?,
    ))
}

/// Removes a candidate's slot for an épreuve (staff of the organiser).
#[utoipa::path(delete, path = "/api/v1/exam-sessions/{id}/schedule/{advisor_id}/{epreuve_id}",
    tag = "certification",
    params(("id" = i64, Path), ("advisor_id" = i64, Path), ("epreuve_id" = i64, Path)),
    responses((status = 200, description = "`{\"removed\": n}`"), (status = 403), (status = 404)))]
pub async fn clear_slot(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, advisor, epreuve)): Path<(i64, i64, i64)>,
) -> AppResult<Json<serde_json::Value>> {
    let ctx = state.ctx();
    let removed = state
        .db
        .run(move |conn| epreuves::clear_slot(conn, &actor, ctx, id, (advisor, epreuve)))
        .await?;
    Ok(Json(serde_json::json!({ "removed": removed })))
}

/// Sends each scheduled candidate a new convocation giving their schedule (staff of the
/// organiser).
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/schedule/send", tag = "certification",
    params(("id" = i64, Path)),
    responses((status = 200, description = "`{\"sent\": n}`"), (status = 403), (status = 404)))]
pub async fn send_schedules(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<serde_json::Value>> {
    let ctx = state.ctx();
    let sent = state
        .db
        .run(move |conn| epreuves::send_schedules(conn, &actor, ctx, id))
        .await?;
    Ok(Json(serde_json::json!({ "sent": sent })))
}

/// The jury's grid: per candidate, the observation on each épreuve and each competence acquired
/// or not.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/grid", tag = "certification",
    params(("id" = i64, Path)),
    responses((status = 200, body = SessionGrid), (status = 403), (status = 404)))]
pub async fn grid(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<SessionGrid>> {
    Ok(Json(
        state
            .db
            .run(move |conn| epreuves::grid(conn, &actor, id))
            .await?,
    ))
}

/// Records a candidate's grid (jury members, from the session's start); what is not named stays.
#[utoipa::path(put, path = "/api/v1/exam-sessions/{id}/grid/{advisor_id}", tag = "certification",
    params(("id" = i64, Path), ("advisor_id" = i64, Path)), request_body = GridInput,
    responses((status = 200, body = CandidateGrid), (status = 403), (status = 404),
              (status = 409), (status = 422)))]
pub async fn record_grid(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, advisor)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<GridInput>,
) -> AppResult<Json<CandidateGrid>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| epreuves::record_grid(conn, &actor, ctx, id, advisor, &input))
            .await?,
    ))
}

/// Marks a candidate's dossier professionnel received on a date, or not received (staff of the
/// organiser).
#[utoipa::path(put, path = "/api/v1/exam-sessions/{id}/candidates/{advisor_id}/dossier-professionnel",
    tag = "certification", params(("id" = i64, Path), ("advisor_id" = i64, Path)),
    request_body = DossierInput,
    responses((status = 200, body = DossierView), (status = 403), (status = 404), (status = 422)))]
pub async fn set_dossier(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, advisor)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<DossierInput>,
) -> AppResult<Json<DossierView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| epreuves::set_dossier(conn, &actor, ctx, id, advisor, &input))
            .await?,
    ))
}
