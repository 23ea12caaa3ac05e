//! `/api/v1/modules`: the thematic module catalogue.

use crate::web::extract::{Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{PageQuery, created};
use crate::domain::pagination::Paginated;
use crate::error::AppResult;
use crate::services::modules::{self, ModuleInput, ModuleView};
use crate::services::queries::ModuleFilter;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiUser};

/// Filters of the catalogue.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ModuleQuery {
    /// Theme.
    pub theme: Option<String>,
    /// Only active (`true`) or inactive (`false`) modules.
    pub active: Option<bool>,
    /// Part of the title.
    pub q: Option<String>,
}

/// The catalogue, by theme and title.
#[utoipa::path(get, path = "/api/v1/modules", tag = "modules", params(PageQuery, ModuleQuery),
    responses((status = 200, description = "`{items, total, page, per_page}` of modules")))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(_u): ApiUser,
    Query(page): Query<PageQuery>,
    Query(q): Query<ModuleQuery>,
) -> AppResult<Json<Paginated<ModuleView>>> {
    let filter = ModuleFilter {
        theme: q.theme.filter(|s| !s.is_empty()),
        active: q.active,
        q: q.q,
    };
    let page = page.request();
    Ok(Json(
        state
            .db
            .run(move |conn| modules::list(conn, &filter, page))
            .await?,
    ))
}

/// One module.
#[utoipa::path(get, path = "/api/v1/modules/{id}", tag = "modules",
    params(("id" = i64, Path)), responses((status = 200, body = ModuleView), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(_u): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ModuleView>> {
    Ok(Json(
        state.db.run(move |conn| modules::get(conn, id)).await?,
    ))
}

/// Adds a module (admins, staff of the catalogue's owner); lasts 7 or 14 hours.
#[utoipa::path(post, path = "/api/v1/modules", tag = "modules", request_body = ModuleInput,
    responses((status = 201, body = ModuleView), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(input): ApiJson<ModuleInput>,
) -> AppResult<(StatusCode, Json<ModuleView>)> {
    let ctx = state.ctx();
    let view = state
        .db
        .run(move |conn| modules::create(conn, &actor, ctx, &input))
        .await?;
    Ok(created(view))
}

/// Changes a module.
#[utoipa::path(patch, path = "/api/v1/modules/{id}", tag = "modules",
    params(("id" = i64, Path)), request_body = ModuleInput,
    responses((status = 200, body = ModuleView), (status = 403), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ModuleInput>,
) -> AppResult<Json<ModuleView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| modules::update(conn, &actor, ctx, id, &input))
            .await?,
    ))
}
