//! `/api/v1/organisations`.

use crate::web::extract::{Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{PageQuery, created};
use crate::domain::pagination::Paginated;
use crate::error::AppResult;
use crate::services::organisations::{self, OrganisationInput, OrganisationView};
use crate::services::queries::OrganisationFilter;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser};

/// Filters of the organisation list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    /// `national_coordinator`, `training_body` or `host_structure`.
    pub kind: Option<String>,
    /// A programme role, e.g. `initial_training`.
    pub role: Option<String>,
    /// A territory served.
    pub territory: Option<String>,
    /// Part of the name.
    pub q: Option<String>,
}

impl From<OrganisationQuery> for OrganisationFilter {
    fn from(q: OrganisationQuery) -> Self {
        Self {
            kind: q.kind.filter(|s| !s.is_empty()),
            role: q.role.filter(|s| !s.is_empty()),
            territory: q.territory.filter(|s| !s.is_empty()),
            q: q.q,
        }
    }
}

/// Organisations, by name.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "organisations",
    params(PageQuery, OrganisationQuery),
    responses((status = 200, description = "`{items, total, page, per_page}` of organisations")))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
    Query(page): Query<PageQuery>,
    Query(filter): Query<OrganisationQuery>,
) -> AppResult<Json<Paginated<OrganisationView>>> {
    let filter = OrganisationFilter::from(filter);
    let page = page.request();
    Ok(Json(
        state
            .db
            .run(move |conn| organisations::list(conn, &filter, page))
            .await?,
    ))
}

/// One organisation.
#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "organisations",
    params(("id" = i64, Path)), responses((status = 200, body = OrganisationView), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<OrganisationView>> {
    Ok(Json(
        state
            .db
            .run(move |conn| organisations::get(conn, id))
            .await?,
    ))
}

/// Creates an organisation (admins).
#[utoipa::path(post, path = "/api/v1/organisations", tag = "organisations",
    request_body = OrganisationInput,
    responses((status = 201, body = OrganisationView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> AppResult<(StatusCode, Json<OrganisationView>)> {
    let ctx = state.ctx();
    let view = state
        .db
        .run(move |conn| organisations::create(conn, &actor, ctx, &input))
        .await?;
    Ok(created(view))
}

/// Updates an organisation (admins, or its staff for name and territories).
#[utoipa::path(patch, path = "/api/v1/organisations/{id}", tag = "organisations",
    params(("id" = i64, Path)), request_body = OrganisationInput,
    responses((status = 200, body = OrganisationView), (status = 403), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> AppResult<Json<OrganisationView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| organisations::update(conn, &actor, ctx, id, &input))
            .await?,
    ))
}
