//! The remote experiment's report page (`/organisations/{id}/remote-exam-report`): a period, the
//! organiser's remote sessions counted per route, their incidents, and the CSV download.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use super::super::{PageCtx, PageError, PageResult};
use crate::error::AppError;
use crate::services::remote_report;
use crate::state::AppState;
use crate::web::api::exam_day::{PeriodQuery, period};
use crate::web::extract::{Path, Query};

/// `GET /organisations/{id}/remote-exam-report?from=&to=`: the form, and the report once a
/// period is given.
pub async fn page(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Query(query): Query<PeriodQuery>,
) -> PageResult {
    let asked = query.from.is_some() || query.to.is_some();
    let mut context = tera::Context::new();
    context.insert("title", "Rapport des sessions d'examen à distance");
    context.insert("organisation_id", &id);
    let from = query.from.clone().unwrap_or_default();
    let to = query.to.clone().unwrap_or_default();
    context.insert(
        "csv_query",
        &format!("from={}&to={}", urlencoding(&from), urlencoding(&to)),
    );
    context.insert(
        "values",
        &std::collections::HashMap::from([("from", from), ("to", to)]),
    );
    context.insert("errors", &crate::domain::validation::FieldErrors::new());
    let principal = page.principal().clone();
    if !principal.can_read_org(id) {
        return Err(PageError(AppError::NotFound));
    }
    if !asked {
        return page.render(&state, "exams/remote_report.html", context);
    }
    let result = match period(&query) {
        Ok((from, to)) => {
            state
                .db
                .run(move |conn| remote_report::report(conn, &principal, id, from, to))
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(report) => {
            context.insert("report", &report);
            page.render(&state, "exams/remote_report.html", context)
        }
        Err(AppError::Validation(errors)) => {
            context.insert("errors", &errors);
            page.render_invalid(&state, "exams/remote_report.html", context)
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `GET /organisations/{id}/remote-exam-report.csv?from=&to=`.
pub async fn csv(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Query(query): Query<PeriodQuery>,
) -> PageResult {
    let (from, to) = period(&query).map_err(PageError)?;
    let principal = page.principal().clone();
    let bytes = state
        .db
        .run(move |conn| {
            let report = remote_report::report(conn, &principal, id, from, to)?;
            remote_report::csv(&report)
        })
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"rapport-distance-{id}-{from}-{to}.csv\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Keeps only what a date may hold, so the CSV link never carries markup or separators.
fn urlencoding(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect()
}
