//! Downloads of the sealed attendance documents: the day's sheet
//! (`GET /cohorts/{id}/days/{day}/sheet.pdf` or `/module-sessions/{id}/days/{day}/sheet.pdf`,
//! its latest sealed version, or a French page saying
//! it is not sealed yet) and an advisor's état de présence (`GET /advisors/{id}/attendance.pdf`).

use crate::web::extract::Path;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::{PageCtx, PageResult};
use crate::services::sealing;
use crate::services::sitting::DayKind;
use crate::state::AppState;

/// A PDF as an attachment named `filename`, never cached by a shared cache.
pub fn pdf_response(bytes: Vec<u8>, filename: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// The day's sealed sheet (latest version).
pub async fn sheet(
    State(state): State<AppState>,
    page: PageCtx,
    Path((cohort_id, day_id)): Path<(i64, i64)>,
) -> PageResult {
    sheet_of(&state, &page, DayKind::CohortDay, cohort_id, day_id).await
}

/// A module session day's sealed sheet (`GET /module-sessions/{id}/days/{day}/sheet.pdf`).
pub async fn module_sheet(
    State(state): State<AppState>,
    page: PageCtx,
    Path((session_id, day_id)): Path<(i64, i64)>,
) -> PageResult {
    sheet_of(&state, &page, DayKind::ModuleDay, session_id, day_id).await
}

/// An exam session's sealed exam-day sheet (`GET /exam-sessions/{id}/sheet.pdf`).
pub async fn exam_sheet(
    State(state): State<AppState>,
    page: PageCtx,
    Path(session_id): Path<i64>,
) -> PageResult {
    sheet_of(&state, &page, DayKind::ExamDay, session_id, session_id).await
}

async fn sheet_of(
    state: &AppState,
    page: &PageCtx,
    kind: DayKind,
    owner_id: i64,
    day_id: i64,
) -> PageResult {
    let principal = page.principal().clone();
    let (row, bytes) = state
        .db
        .run(move |conn| sealing::sheet_pdf(conn, &principal, kind, owner_id, day_id))
        .await?;
    Ok(pdf_response(
        bytes,
        &format!("emargement-{}-v{}.pdf", row.code, row.version),
    ))
}

/// An advisor's état de présence.
pub async fn statement(
    State(state): State<AppState>,
    page: PageCtx,
    Path(advisor_id): Path<i64>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let bytes = state
        .db
        .run(move |conn| sealing::attendance_statement(conn, &principal, ctx, advisor_id))
        .await?;
    Ok(pdf_response(
        bytes,
        &format!("etat-de-presence-{advisor_id}.pdf"),
    ))
}
