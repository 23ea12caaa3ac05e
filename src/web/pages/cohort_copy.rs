//! « Dupliquer » from a cohort page: the new start date (and name), then the copy with its days
//! shifted; a weekend or a holiday among them is warned about first.

use std::collections::HashMap;

use axum::extract::State;

use super::scheduling::days_off;
use super::{PageCtx, PageError, PageResult, redirect_with_flash};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::cohorts::{self, DuplicateInput};
use crate::state::AppState;
use crate::web::extract::{Form, Path};

/// The form with `values`, `errors` and `warnings`.
async fn render(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    values: &HashMap<String, String>,
    errors: &FieldErrors,
    warnings: &[String],
) -> PageResult {
    let principal = page.principal().clone();
    let detail = state
        .db
        .run(move |conn| cohorts::detail(conn, &principal, id))
        .await?;
    if !detail.can_edit {
        return Err(PageError(AppError::Forbidden(
            "Seule l'équipe de l'organisme de formation duplique une session.".to_owned(),
        )));
    }
    let mut context = tera::Context::new();
    context.insert("title", &format!("Dupliquer « {} »", detail.cohort.name));
    context.insert("cohort", &detail.cohort);
    context.insert("values", values);
    context.insert("errors", errors);
    context.insert("days_off", warnings);
    if errors.is_empty() && warnings.is_empty() {
        page.render(state, "cohorts/duplicate.html", context)
    } else {
        page.render_invalid(state, "cohorts/duplicate.html", context)
    }
}

/// `GET /cohorts/{id}/duplicate`.
pub async fn form(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    let principal = page.principal().clone();
    let source = state
        .db
        .run(move |conn| cohorts::get(conn, &principal, id))
        .await?;
    let values = HashMap::from([
        (
            "starts_on".to_owned(),
            cohorts::default_start(&source).to_string(),
        ),
        ("name".to_owned(), format!("{} (copie)", source.name)),
    ]);
    render(&state, &page, id, &values, &FieldErrors::new(), &[]).await
}

/// `POST /cohorts/{id}/duplicate`.
pub async fn duplicate(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult {
    let input = DuplicateInput {
        starts_on: form.get("starts_on").map(|s| s.trim().to_owned()),
        name: form.get("name").cloned(),
    };
    if let Some(start) = input
        .starts_on
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        let principal = page.principal().clone();
        let (territory, venue, dates) = state
            .db
            .run(move |conn| cohorts::shifted_days(conn, &principal, id, start))
            .await?;
        let warnings = days_off(&form, &territory, venue.as_deref(), &dates);
        if !warnings.is_empty() {
            return render(&state, &page, id, &form, &FieldErrors::new(), &warnings).await;
        }
    }
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| cohorts::duplicate(conn, &principal, ctx, id, &input))
        .await;
    match result {
        Ok(copy) => Ok(redirect_with_flash(
            &state,
            &format!("/cohorts/{}", copy.id),
            &format!("Session « {} » créée, sans inscrits.", copy.name),
        )),
        Err(AppError::Validation(errors)) => render(&state, &page, id, &form, &errors, &[]).await,
        Err(AppError::Conflict(why)) => {
            render(
                &state,
                &page,
                id,
                &form,
                &FieldErrors::single("form", why),
                &[],
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}
