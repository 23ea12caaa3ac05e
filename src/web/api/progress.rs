//! An advisor's progress and the deadline dashboard (JSON and CSV).

use crate::web::extract::{Path, Query};
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use super::PageQuery;
use crate::domain::deadline::ProgressStatus;
use crate::error::{AppError, AppResult};
use crate::services::deadline_dashboard;
use crate::services::progress::{self, ProgressView};
use crate::services::queries::{DashboardFilter, DashboardSort};
use crate::state::AppState;
use crate::web::extract::{ApiUser, ReadVersions};

/// An advisor's training entry, module deadline, modules and status.
#[utoipa::path(get, path = "/api/v1/advisors/{id}/progress", tag = "advisors",
    params(("id" = i64, Path)), responses((status = 200, body = ProgressView), (status = 404)))]
pub async fn advisor(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ProgressView>> {
    let ctx = state.ctx();
    Ok(Json(
        state
            .db
            .run(move |conn| progress::get(conn, &actor, ctx, id))
            .await?,
    ))
}

/// Filters of the dashboard.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// Training body.
    pub organisation_id: Option<i64>,
    /// Territory code.
    pub territory: Option<String>,
    /// `not_started`, `on_track`, `at_risk`, `late` or `done`.
    pub status: Option<String>,
    /// `urgency` (the default), `name` or `deadline`.
    pub sort: Option<String>,
}

impl DashboardQuery {
    /// The filter, or 422 on an unknown status.
    pub fn filter(self) -> Result<DashboardFilter, AppError> {
        let status = match self.status.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Some(ProgressStatus::parse(s).ok_or_else(|| {
                AppError::field(
                    "status",
                    "Statut inconnu : not_started, on_track, at_risk, late ou done.",
                )
            })?),
            None => None,
        };
        let sort = match self.sort.as_deref().filter(|s| !s.is_empty()) {
            None | Some("urgency") => DashboardSort::Urgency,
            Some("name") => DashboardSort::Name,
            Some("deadline") => DashboardSort::Deadline,
            Some(_) => {
                return Err(AppError::field(
                    "sort",
                    "Tri inconnu : urgency, name ou deadline.",
                ));
            }
        };
        Ok(DashboardFilter {
            organisation_id: self.organisation_id,
            territory: self.territory.filter(|s| !s.is_empty()),
            status,
            sort,
        })
    }
}

/// Advisors by module deadline, with counts per status.
#[utoipa::path(get, path = "/api/v1/progress", tag = "advisors", params(PageQuery, DashboardQuery),
    responses((status = 200, description = "`{advisors: {items, total, page, per_page}, counts}`"), (status = 403)))]
pub async fn dashboard(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    read: ReadVersions,
    Query(page): Query<PageQuery>,
    Query(q): Query<DashboardQuery>,
) -> AppResult<Response> {
    let filter = q.filter()?;
    let ctx = state.ctx();
    let page = page.request();
    let app = state.clone();
    let served = state
        .db
        .run(move |conn| {
            let kept = (&app.dashboards, read.dashboards());
            deadline_dashboard::dashboard(conn, kept, &actor, ctx, &filter, page)
        })
        .await?;
    // Written once per kept dashboard, the same bytes for every request served it.
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        served.json()?,
    )
        .into_response())
}

/// The dashboard as CSV for a French spreadsheet (`;`, UTF-8 with BOM), streamed.
#[utoipa::path(get, path = "/api/v1/progress/export.csv", tag = "advisors", params(DashboardQuery),
    responses((status = 200, content_type = "text/csv"), (status = 403)))]
pub async fn export(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Query(q): Query<DashboardQuery>,
) -> AppResult<Response> {
    csv_response(&state, actor, q.filter()?)
}

/// Streams the CSV export for `actor`; shared by the API and the page's download link.
pub fn csv_response(
    state: &AppState,
    actor: crate::auth::Principal,
    filter: DashboardFilter,
) -> AppResult<Response> {
    let ctx = state.ctx();
    // Refuse before streaming, so that a refusal is a proper error response.
    if !matches!(
        actor.advisor_scope(),
        crate::auth::principal::Scope::All | crate::auth::principal::Scope::Organisations(_)
    ) {
        return Err(AppError::Forbidden(
            "Le tableau des échéances est réservé aux organismes et aux coordinations.".to_owned(),
        ));
    }
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    let db = state.db.clone();
    tokio::task::spawn_blocking(move || {
        let result = db.get().map_err(AppError::from).and_then(|mut conn| {
            deadline_dashboard::export_csv(&mut conn, &actor, ctx, &filter, |chunk| {
                tx.blocking_send(Ok(chunk)).is_ok()
            })
        });
        if let Err(e) = result {
            e.log();
            let _ = tx.blocking_send(Err(std::io::Error::other("export failed")));
        }
    });
    // `poll_fn` over the receiver answers `None` again if polled after the end, as the gzip
    // layer does; `unfold` panicked there and the download came out empty.
    let mut rx = rx;
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"echeances-modules.csv\""),
    );
    Ok(response)
}
