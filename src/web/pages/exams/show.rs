//! A session's page and its printable record: the jury's availability for the organiser, the
//! candidates with their results for those who may read them.

use std::collections::HashMap;

use crate::web::extract::Path;
use axum::extract::State;

use super::super::{PageCtx, PageResult};
use super::FormData;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::exam_lookup;
use crate::services::exam_sessions;
use crate::services::juries;
use crate::services::results;
use crate::state::AppState;

/// Renders a session's page; `failed` carries a form's refusal, `check` an eligibility preview.
pub(super) async fn render_session(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    failed: Option<(&str, FieldErrors, FormData)>,
    check: Option<(String, Option<String>)>,
) -> PageResult {
    render_session_as(state, page, id, failed, check, "exams/show.html").await
}

/// [`render_session`] with `template` (the page or its printable record).
async fn render_session_as(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    failed: Option<(&str, FieldErrors, FormData)>,
    check: Option<(String, Option<String>)>,
    template: &str,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let (session, availability, candidates, names, results, dp_missing, accommodations) = state
        .db
        .run(move |conn| {
            let row = exam_sessions::visible(conn, &principal, id)?;
            let session = exam_sessions::view(conn, &row, ctx.now)?;
            let availability = if principal.is_staff_of(row.organisation_id) {
                juries::availability(conn, &principal, id)?
            } else {
                Vec::new()
            };
            let (candidates, names) = exam_lookup::candidates_with_names(conn, id)?;
            let results = if results::may_read(conn, &principal, &row)? {
                results::list(conn, &principal, id)?
            } else {
                Vec::new()
            };
            let dp_missing = crate::services::epreuves::missing_dossiers(conn, &row)?;
            let accommodations = crate::services::accommodations::summaries(conn, id)?;
            Ok::<_, AppError>((
                session,
                availability,
                candidates,
                names,
                results,
                dp_missing,
                accommodations,
            ))
        })
        .await?;
    let lines: Vec<HashMap<&str, serde_json::Value>> = candidates
        .iter()
        .map(|c| {
            let name = names.iter().find(|n| n.advisor_id == c.advisor_id);
            let result = results.iter().find(|r| r.advisor_id == c.advisor_id);
            HashMap::from([
                ("advisor_id", serde_json::json!(c.advisor_id)),
                (
                    "name",
                    serde_json::json!(
                        name.map(|n| format!("{} {}", n.last_name, n.first_name))
                            .unwrap_or_default()
                    ),
                ),
                (
                    "email",
                    serde_json::json!(name.map(|n| n.email.clone()).unwrap_or_default()),
                ),
                ("route", serde_json::json!(c.route)),
                (
                    "extra_time_percent",
                    serde_json::json!(c.extra_time_percent),
                ),
                ("candidate_id", serde_json::json!(c.id)),
                (
                    "accommodation",
                    serde_json::json!(accommodations.iter().find(|a| a.candidate_id == c.id)),
                ),
                ("result", serde_json::json!(result)),
                (
                    "dp_missing",
                    serde_json::json!(dp_missing.contains(&c.advisor_id)),
                ),
            ])
        })
        .collect();
    let on_jury = session
        .jury
        .iter()
        .any(|(u, _)| *u == page.principal().user_id);
    let is_staff = page.principal().is_staff_of(session.organisation_id);
    let mut context = tera::Context::new();
    context.insert(
        "title",
        &format!(
            "{} — session du {}",
            session.certification,
            session.starts_at.format("%d/%m/%Y")
        ),
    );
    context.insert("session", &session);
    context.insert("availability", &availability);
    context.insert("lines", &lines);
    context.insert("on_jury", &on_jury);
    context.insert("is_staff", &is_staff);
    context.insert(
        "started",
        &(session.starts_at.naive_utc() <= state.clock.now_naive()),
    );
    let (form, errors, values) = failed.map_or_else(
        || (String::new(), FieldErrors::new(), FormData::new()),
        |(f, e, v)| (f.to_owned(), e, v),
    );
    context.insert("failed_form", &form);
    context.insert("errors", &errors);
    context.insert("values", &values);
    context.insert("check", &check);
    super::session_file::insert_file(state, page, id, &mut context).await?;
    super::proces_verbal::insert_pv(state, page, id, &mut context).await?;
    if form.is_empty() {
        page.render(state, template, context)
    } else {
        page.render_invalid(state, template, context)
    }
}

/// `GET /exam-sessions/{id}/print`: the session's record (procès-verbal) to print and sign.
pub async fn print(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> PageResult {
    render_session_as(&state, &page, id, None, None, "exams/print.html").await
}

/// `GET /exam-sessions/{id}`.
pub async fn show(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    render_session(&state, &page, id, None, None).await
}
