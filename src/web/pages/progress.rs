//! `GET /progress`: the deadline dashboard for coordinators and training bodies.

use crate::web::extract::Query;
use axum::extract::State;

use super::{PageCtx, PageResult, Pager};
use crate::domain::pagination::PageRequest;
use crate::error::AppError;
use crate::services::queries::OrganisationFilter;
use crate::services::{organisations, progress, reference};
use crate::state::AppState;
use crate::web::api::PageQuery;
use crate::web::api::progress::DashboardQuery;

/// Advisors by status with filters, counts and the CSV link.
pub async fn dashboard(
    State(state): State<AppState>,
    page: PageCtx,
    Query(paging): Query<PageQuery>,
    Query(query): Query<DashboardQuery>,
) -> PageResult {
    let filter = query.clone().filter()?;
    let (principal, ctx, request) = (page.principal().clone(), state.ctx(), paging.request());
    let (board, territories, bodies, rejected) = state
        .db
        .run(move |conn| {
            let rejected = crate::services::exports::dataspace::rejected(conn, &principal)
                .map(|r| r.count)
                .ok();
            Ok::<_, AppError>((
                progress::dashboard(conn, &principal, ctx, &filter, request)?,
                reference::territories(conn)?,
                organisations::list(
                    conn,
                    &OrganisationFilter {
                        role: Some("initial_training".to_owned()),
                        ..OrganisationFilter::default()
                    },
                    PageRequest::new(Some(1), Some(200)),
                )?
                .items,
                rejected,
            ))
        })
        .await?;
    let params = [
        (
            "organisation_id",
            query
                .organisation_id
                .map(|o| o.to_string())
                .unwrap_or_default(),
        ),
        ("territory", query.territory.clone().unwrap_or_default()),
        ("status", query.status.clone().unwrap_or_default()),
    ];
    let pager = Pager::new(
        "/progress",
        &params,
        board.advisors.page,
        board.advisors.per_page,
        board.advisors.total,
    );
    let export_query = serde_urlencoded::to_string(
        params
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .collect::<Vec<_>>(),
    )
    .unwrap_or_default();
    let mut context = tera::Context::new();
    context.insert("title", "Échéances des modules");
    context.insert("board", &board);
    context.insert("dataspace_rejected", &rejected);
    context.insert("pager", &pager);
    context.insert("territories", &territories);
    context.insert("bodies", &bodies);
    context.insert("organisation_id", &query.organisation_id);
    context.insert("territory", &query.territory.unwrap_or_default());
    context.insert("status", &query.status.unwrap_or_default());
    context.insert(
        "export_url",
        &format!("/api/v1/progress/export.csv?{export_query}"),
    );
    page.render(&state, "progress/dashboard.html", context)
}
