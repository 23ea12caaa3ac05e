//! A session's page and its printable record: the jury's availability for the organiser, the
//! candidates with their results for those who may read them.

use std::collections::HashMap;

use crate::web::extract::Path;
use crate::web::extract::Query;
use crate::web::pages::cohorts::FindQuery;
use axum::extract::State;

use super::super::{PageCtx, PageResult};
use super::FormData;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::advisor_search;
use crate::services::exam_lookup;
use crate::services::exam_sessions;
use crate::services::juries;
use crate::services::results;
use crate::state::AppState;
use crate::web::pages::training::Found;

/// Renders a session's page; `failed` carries a form's refusal, `check` an eligibility preview.
pub(super) async fn render_session(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    failed: Option<(&str, FieldErrors, FormData)>,
    check: Option<(String, Option<String>)>,
) -> PageResult {
    render_session_as(state, page, id, failed, check, "exams/show.html", None).await
}

/// [`render_session`] with the advisors in scope matching `find` listed to tick (staff of the
/// organiser only).
pub(super) async fn render_session_finding(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    failed: Option<(&str, FieldErrors, FormData)>,
    find: Option<String>,
) -> PageResult {
    render_session_as(state, page, id, failed, None, "exams/show.html", find).await
}

/// [`render_session`] with `template` (the page or its printable record).
async fn render_session_as(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    failed: Option<(&str, FieldErrors, FormData)>,
    check: Option<(String, Option<String>)>,
    template: &str,
    find: Option<String>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let text = find.clone();
    let (session, availability, candidates, names, results, dp_missing, accommodations, found) =
        state
            .db
            .run(move |conn| {
                let row = exam_sessions::visible(conn, &principal, id)?;
                let session = exam_sessions::view(conn, &row, ctx.now)?.shown_to(&principal);
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
                let found = match text.as_deref() {
                    Some(t) if principal.is_staff_of(row.organisation_id) => Some(
                        advisor_search::search(conn, &principal, t, advisor_search::PAGE_LIMIT)?
                            .items,
                    ),
                    _ => None,
                };
                Ok::<_, AppError>((
                    session,
                    availability,
                    candidates,
                    names,
                    results,
                    dp_missing,
                    accommodations,
                    found,
                ))
            })
            .await?;
    let found: Option<Vec<Found>> = found.map(|items| {
        items
            .into_iter()
            .map(|advisor| Found {
                enrolled: candidates.iter().any(|c| c.advisor_id == advisor.id),
                advisor,
            })
            .collect()
    });
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
    context.insert("find", &find.unwrap_or_default());
    context.insert("found", &found);
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
    render_session_as(&state, &page, id, None, None, "exams/print.html", None).await
}

/// `GET /exam-sessions/{id}`; with `?find=…`, the advisors in scope matching it, to register
/// several at once.
pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Query(q): Query<FindQuery>,
) -> PageResult {
    let find = q
        .find
        .map(|f| f.trim().to_owned())
        .filter(|f| !f.is_empty());
    render_session_finding(&state, &page, id, None, find).await
}
