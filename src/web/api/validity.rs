//! `/api/v1/validity` (what expires), host labels, a habilitation's end and a title version's
//! prolongation.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{PageQuery, created};
use crate::domain::validity::within_days;
use crate::error::AppResult;
use crate::services::validity::{
    self, HabilitationEndInput, HostLabelInput, HostLabelView, ProlongationInput, ProlongationView,
    ValidityList,
};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser, Path, Query};

/// The window of the list.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WithinQuery {
    /// Days ahead (default 90, at most 3650); what ended as many days back is listed apart.
    pub within: Option<u32>,
}

/// What ends within `within` days in the caller's scope, ordered by end date.
#[utoipa::path(get, path = "/api/v1/validity", tag = "certification",
    params(WithinQuery, PageQuery),
    responses((status = 200, body = ValidityList)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Query(within): Query<WithinQuery>,
    Query(paging): Query<PageQuery>,
) -> AppResult<Json<ValidityList>> {
    let today = state.ctx().now.date();
    let days = within_days(within.within);
    let page = paging.request();
    Ok(Json(
        state
            .db
            .run(move |conn| validity::expiring(conn, &actor, today, days, page))
            .await?,
    ))
}

/// A host structure's yearly labels, latest first.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/host-labels", tag = "organisations",
    params(("id" = i64, Path)),
    responses((status = 200, body = [HostLabelView]), (status = 404)))]
pub async fn labels(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<HostLabelView>>> {
    Ok(Json(
        state
            .db
            .run(move |conn| validity::labels_of(conn, &actor, id))
            .await?,
    ))
}

/// Records a host structure's label for a year (its staff, its coordination, admins).
#[utoipa::path(post, path = "/api/v1/organisations/{id}/host-labels", tag = "organisations",
    params(("id" = i64, Path)), request_body = HostLabelInput,
    responses((status = 201, body = HostLabelView), (status = 403), (status = 404), (status = 422)))]
pub async fn record_label(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<HostLabelInput>,
) -> AppResult<(StatusCode, Json<HostLabelView>)> {
    let ctx = state.ctx();
    Ok(created(
        state
            .db
            .run(move |conn| validity::record_label(conn, &actor, ctx, id, &input))
            .await?,
    ))
}

/// Changes a habilitation's last day (admins, coordinators); its reminders follow.
#[utoipa::path(patch, path = "/api/v1/habilitations/{id}", tag = "certification",
    params(("id" = i64, Path)), request_body = HabilitationEndInput,
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn set_habilitation_end(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<HabilitationEndInput>,
) -> AppResult<StatusCode> {
    let ctx = state.ctx();
    state
        .db
        .run(move |conn| validity::set_habilitation_end(conn, &actor, ctx, id, &input))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records or removes a title version's prolongation (admins); its reminders follow.
#[utoipa::path(put, path = "/api/v1/titles/{id}/prolongation", tag = "reference",
    params(("id" = i64, Path)), request_body = ProlongationInput,
    responses((status = 200, body = ProlongationView), (status = 403), (status = 404), (status = 422)))]
pub async fn set_prolongation(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ProlongationInput>,
) -> AppResult<Json<ProlongationView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| validity::set_prolongation(conn, &actor, ctx, id, &input))
            .await?,
    ))
}
