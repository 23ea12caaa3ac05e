//! The cohort page and the plumbing of its forms: render, then redirect with a message.

use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::cohorts;
use crate::services::enrolments::{self};
use crate::services::schedule::{self};
use crate::services::{advisor_search, form_choices, trainers};
use crate::state::AppState;
use crate::web::pages::{PageCtx, PageError, PageResult, redirect_with_flash};
use std::collections::HashMap;

/// A form as typed.
pub type FormData = HashMap<String, String>;

/// Renders the cohort page, with a form's refused values and messages when `failed` is set.
pub async fn render_cohort(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    failed: Option<(&str, FieldErrors, FormData)>,
) -> PageResult {
    render_cohort_finding(state, page, id, failed, None).await
}

/// An advisor found by a page's search (no JavaScript), and whether already enrolled (or
/// registered, on an exam session's page).
#[derive(Debug, serde::Serialize)]
pub struct Found {
    /// The advisor as the search shows them.
    #[serde(flatten)]
    pub advisor: advisor_search::Suggestion,
    /// Already in (their box cannot be ticked).
    pub enrolled: bool,
}

/// Renders the cohort page; with `find`, the advisors in scope matching it, to tick.
pub async fn render_cohort_finding(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    failed: Option<(&str, FieldErrors, FormData)>,
    find: Option<String>,
) -> PageResult {
    let principal = page.principal().clone();
    let text = find.clone();
    let (detail, schedule, enrolled, (trainer_choices, day_trainers), missing_details, found) =
        state
            .db
            .run(move |conn| {
                let detail = cohorts::detail(conn, &principal, id)?;
                let found = match text.as_deref().filter(|_| detail.can_edit) {
                    Some(t) => Some(
                        advisor_search::search(conn, &principal, t, advisor_search::PAGE_LIMIT)?
                            .items,
                    ),
                    None => None,
                };
                Ok::<_, AppError>((
                    detail,
                    schedule::list(conn, &principal, id)?,
                    enrolments::list(conn, &principal, id)?,
                    (
                        form_choices::cohort_trainers(conn, &principal, id)?,
                        trainers::of_days(conn, &principal, id)?,
                    ),
                    crate::services::realisation::missing_details(conn, &principal, id)?,
                    found,
                ))
            })
            .await?;
    let mut context = tera::Context::new();
    context.insert("title", &detail.cohort.name);
    context.insert("detail", &detail);
    context.insert("schedule", &schedule);
    context.insert("enrolled", &enrolled);
    context.insert("trainer_choices", &trainer_choices);
    context.insert("day_trainers", &day_trainers);
    context.insert("missing_details", &missing_details.join(", "));
    let found: Option<Vec<Found>> = found.map(|items| {
        items
            .into_iter()
            .map(|advisor| Found {
                enrolled: enrolled
                    .iter()
                    .any(|e| e.advisor_id == advisor.id && e.status == "confirmed"),
                advisor,
            })
            .collect()
    });
    context.insert("find", &find.unwrap_or_default());
    context.insert("found", &found);
    context.insert("find_min", &advisor_search::MIN_CHARS);
    let (form, errors, values) = match failed {
        Some((form, errors, values)) => (form.to_owned(), errors, values),
        None => (String::new(), FieldErrors::new(), FormData::new()),
    };
    context.insert("failed_form", &form);
    context.insert("errors", &errors);
    context.insert("values", &values);
    if form.is_empty() {
        page.render(state, "cohorts/show.html", context)
    } else {
        page.render_invalid(state, "cohorts/show.html", context)
    }
}

/// Runs a cohort form's service call: redirect with a message, or the page again with errors.
pub(super) async fn outcome<T>(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    form_name: &str,
    form: FormData,
    result: Result<T, AppError>,
    message: impl FnOnce(T) -> String,
) -> PageResult {
    match result {
        Ok(value) => Ok(redirect_with_flash(
            state,
            &format!("/cohorts/{id}"),
            &message(value),
        )),
        Err(AppError::Validation(errors)) => {
            render_cohort(state, page, id, Some((form_name, errors, form))).await
        }
        Err(AppError::Conflict(why)) => {
            render_cohort(
                state,
                page,
                id,
                Some((form_name, FieldErrors::single("form", why), form)),
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}

pub(super) fn get(form: &FormData, key: &str) -> Option<String> {
    form.get(key)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}
