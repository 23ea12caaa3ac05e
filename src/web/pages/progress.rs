//! `GET /progress`: the deadline dashboard for coordinators and training bodies.

use crate::web::extract::{Form, Query, ReadVersions};
use axum::extract::State;

use super::{PageCtx, PageResult, Pager};
use crate::domain::pagination::PageRequest;
use crate::error::AppError;
use crate::services::queries::OrganisationFilter;
use crate::services::{deadline_dashboard, organisations, reference, relances};
use crate::state::AppState;
use crate::web::api::PageQuery;
use crate::web::api::progress::DashboardQuery;

/// Advisors by status with filters, counts and the CSV link.
pub async fn dashboard(
    State(state): State<AppState>,
    page: PageCtx,
    read: ReadVersions,
    Query(paging): Query<PageQuery>,
    Query(query): Query<DashboardQuery>,
) -> PageResult {
    let filter = query.clone().filter()?;
    let (principal, ctx, request) = (page.principal().clone(), state.ctx(), paging.request());
    // The export's rejected rows are a report of their own (linked): counting them here would
    // walk every enrolment in scope on each view of the dashboard.
    let app = state.clone();
    let (board, territories, bodies) = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>((
                deadline_dashboard::dashboard(
                    conn,
                    (&app.dashboards, read.dashboards()),
                    &principal,
                    ctx,
                    &filter,
                    request,
                )?,
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
        ("sort", query.sort.clone().unwrap_or_default()),
    ];
    let board = &board.dashboard;
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
    context.insert("board", board);
    context.insert("pager", &pager);
    context.insert("territories", &territories);
    context.insert("bodies", &bodies);
    context.insert("organisation_id", &query.organisation_id);
    context.insert("territory", &query.territory.unwrap_or_default());
    context.insert("status", &query.status.unwrap_or_default());
    context.insert(
        "sort",
        &query.sort.clone().unwrap_or_else(|| "urgency".to_owned()),
    );
    let sort_base: Vec<(&str, String)> = params
        .iter()
        .filter(|(k, v)| *k != "sort" && !v.is_empty())
        .cloned()
        .collect();
    context.insert(
        "sort_query",
        &serde_urlencoded::to_string(&sort_base).unwrap_or_default(),
    );
    context.insert(
        "export_url",
        &format!("/api/v1/progress/export.csv?{export_query}"),
    );
    page.render(&state, "progress/dashboard.html", context)
}

/// Up to ten names, then how many more.
fn some_names(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(10).map(String::as_str).collect();
    match names.len().saturating_sub(shown.len()) {
        0 => shown.join(", "),
        1 => format!("{} et 1 autre", shown.join(", ")),
        more => format!("{} et {more} autres", shown.join(", ")),
    }
}

/// What a relance did, in one message.
fn relance_message(outcome: &relances::Outcome) -> String {
    let mut parts = Vec::new();
    if !outcome.sent.is_empty() {
        let hosts = match outcome.hosts_told {
            0 => String::new(),
            1 => " (et à 1 structure d'accueil)".to_owned(),
            n => format!(" (et à {n} structures d'accueil)"),
        };
        parts.push(format!(
            "Relance envoyée à {}{hosts}.",
            some_names(&outcome.sent)
        ));
    }
    if !outcome.skipped.is_empty() {
        let skipped: Vec<String> = outcome
            .skipped
            .iter()
            .map(|s| format!("{} ({})", s.name, s.reason))
            .collect();
        parts.push(format!("Non relancés : {}.", some_names(&skipped)));
    }
    parts.join(" ")
}

/// `POST /progress/relances`: queues a reminder for each ticked advisor (at most one a week
/// each) and comes back to the list saying who was skipped and why.
pub async fn relancer(
    State(state): State<AppState>,
    page: PageCtx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let advisor_ids: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "advisor_ids")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let with_host = pairs.iter().any(|(k, v)| k == "with_host" && v == "on");
    let back = pairs
        .iter()
        .find(|(k, _)| k == "back")
        .map(|(_, v)| v.as_str())
        .filter(|v| v.starts_with("/progress"))
        .unwrap_or("/progress")
        .to_owned();
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let done = state
        .db
        .run(move |conn| relances::relancer(conn, &principal, ctx, &advisor_ids, with_host))
        .await;
    let message = match done {
        Ok(outcome) => relance_message(&outcome),
        Err(AppError::Validation(errors)) => errors
            .iter()
            .map(|(_, message)| message.to_owned())
            .collect::<Vec<_>>()
            .join(" "),
        Err(other) => return Err(super::PageError(other)),
    };
    Ok(super::redirect_with_flash(&state, &back, &message))
}
