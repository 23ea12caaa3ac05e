//! `GET /admin/epreuves`: the épreuves of each title version and the competences of each CCP,
//! each editable by admins in its own row (`POST /admin/epreuves/{id}`,
//! `POST /admin/competences/{id}`); what is assumed says so, with its source.

use axum::extract::State;

use super::super::{PageCtx, PageError, PageResult, redirect_with_flash};
use super::{FormData, get};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::epreuves::{self, CompetenceInput, EpreuveInput};
use crate::state::AppState;
use crate::web::extract::{Form, Path};

/// Renders the page; `failed` is the row (`epreuve-3`, `competence-7`) a refusal is about.
async fn render(
    state: &AppState,
    page: &PageCtx,
    failed: Option<(String, FieldErrors, FormData)>,
) -> PageResult {
    let principal = page.principal().clone();
    principal.require_admin()?;
    let (all, competences) = state
        .db
        .run(|conn| Ok::<_, AppError>((epreuves::epreuves(conn)?, epreuves::competences(conn)?)))
        .await?;
    let mut context = tera::Context::new();
    context.insert("title", "Épreuves et compétences des titres");
    context.insert("epreuves", &all);
    context.insert("competences", &competences);
    let (row, errors, values) = failed.unwrap_or_default();
    context.insert("failed_row", &row);
    context.insert("errors", &errors);
    context.insert("values", &values);
    if row.is_empty() {
        page.render(state, "admin/epreuves.html", context)
    } else {
        page.render_invalid(state, "admin/epreuves.html", context)
    }
}

/// `GET /admin/epreuves`.
pub async fn page(State(state): State<AppState>, page: PageCtx) -> PageResult {
    render(&state, &page, None).await
}

/// A number typed in a form: blank keeps the stored value, anything else unreadable is refused.
fn number(form: &FormData, key: &str, errors: &mut FieldErrors) -> Option<i32> {
    let text = get(form, key)?;
    let parsed = text.parse().ok();
    if parsed.is_none() {
        errors.add(key, "Saisissez un nombre entier.");
    }
    parsed
}

/// `POST /admin/epreuves/{id}`: label, duration_minutes, position, assumed, source.
pub async fn update_epreuve(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let mut errors = FieldErrors::new();
    let input = EpreuveInput {
        label: get(&form, "label"),
        duration_minutes: number(&form, "duration_minutes", &mut errors),
        position: number(&form, "position", &mut errors),
        assumed: Some(form.contains_key("assumed")),
        source: get(&form, "source"),
    };
    let row = format!("epreuve-{id}");
    if !errors.is_empty() {
        return render(&state, &page, Some((row, errors, form))).await;
    }
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| epreuves::update_epreuve(conn, &principal, ctx, id, &input))
        .await
    {
        Ok(view) => Ok(redirect_with_flash(
            &state,
            "/admin/epreuves",
            &format!("Épreuve « {} » enregistrée.", view.label),
        )),
        Err(AppError::Validation(errors)) => render(&state, &page, Some((row, errors, form))).await,
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /admin/competences/{id}`: code, label, position, assumed, source.
pub async fn update_competence(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let mut errors = FieldErrors::new();
    let input = CompetenceInput {
        code: get(&form, "code"),
        label: get(&form, "label"),
        position: number(&form, "position", &mut errors),
        assumed: Some(form.contains_key("assumed")),
        source: get(&form, "source"),
    };
    let row = format!("competence-{id}");
    if !errors.is_empty() {
        return render(&state, &page, Some((row, errors, form))).await;
    }
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| epreuves::update_competence(conn, &principal, ctx, id, &input))
        .await
    {
        Ok(view) => Ok(redirect_with_flash(
            &state,
            "/admin/epreuves",
            &format!("Compétence {} enregistrée.", view.code),
        )),
        Err(AppError::Validation(errors)) => render(&state, &page, Some((row, errors, form))).await,
        Err(other) => Err(PageError(other)),
    }
}
