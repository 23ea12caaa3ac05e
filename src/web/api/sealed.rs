//! Sealed attendance documents over the API: a day's sealed sheet and an advisor's état de
//! présence, as PDFs.

use crate::web::extract::Path;
use axum::extract::State;
use axum::response::Response;

use crate::error::AppResult;
use crate::services::sealing;
use crate::services::sitting::DayKind;
use crate::state::AppState;
use crate::web::extract::ApiUser;
use crate::web::pages::sealed::pdf_response;

/// The latest sealed version of a day's attendance sheet (PDF); 409 until every half-day of the
/// day is closed; 404 for anyone who may not read the cohort's attendance.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/days/{day}/sealed-sheet", tag = "attendance",
    params(("id" = i64, Path), ("day" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"),
        (status = 404), (status = 409)))]
pub async fn sealed_sheet(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((cohort_id, day_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (row, bytes) = state
        .db
        .run(move |conn| sealing::sheet_pdf(conn, &actor, DayKind::CohortDay, cohort_id, day_id))
        .await?;
    Ok(pdf_response(
        bytes,
        &format!("emargement-{}-v{}.pdf", row.code, row.version),
    ))
}

/// An advisor's état de présence (PDF): every half-day of their cohorts with status, signature
/// and hours; for the advisor, staff of their cohorts' organisations or host structure, admins.
#[utoipa::path(get, path = "/api/v1/advisors/{id}/attendance-statement", tag = "attendance",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404)))]
pub async fn attendance_statement(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(advisor_id): Path<i64>,
) -> AppResult<Response> {
    let ctx = state.ctx();
    let bytes = state
        .db
        .run(move |conn| sealing::attendance_statement(conn, &actor, ctx, advisor_id))
        .await?;
    Ok(pdf_response(
        bytes,
        &format!("etat-de-presence-{advisor_id}.pdf"),
    ))
}
