//! « Importer des conseillers » (`/advisors/import`): the upload form (multipart, CSRF token
//! first), the dry run's table (line, action, messages), and the button that imports the same
//! file, kept server-side for its uploader only, once (`services::imports::try_advisors`).

use axum::extract::{Multipart, State};

use super::{PageCtx, PageError, PageResult, redirect_with_flash};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::imports::{self, ImportReport};
use crate::state::AppState;
use crate::web::extract::Path;

fn render(
    state: &AppState,
    page: &PageCtx,
    report: Option<&ImportReport>,
    upload_id: Option<i64>,
    errors: &FieldErrors,
) -> PageResult {
    let mut context = tera::Context::new();
    context.insert("title", "Importer des conseillers");
    context.insert("report", &report);
    context.insert("upload_id", &upload_id);
    context.insert("errors", errors);
    let columns: Vec<(&str, bool)> = imports::ADVISOR_COLUMNS
        .iter()
        .map(|c| (c.label, c.required))
        .collect();
    context.insert("columns", &columns);
    if errors.is_empty() && report.is_none_or(|r| r.refused == 0) {
        page.render(state, "advisors/import.html", context)
    } else {
        page.render_invalid(state, "advisors/import.html", context)
    }
}

/// `GET /advisors/import`: the upload form and the columns it reads.
pub async fn form(State(state): State<AppState>, page: PageCtx) -> PageResult {
    render(&state, &page, None, None, &FieldErrors::new())
}

/// `POST /advisors/import` (multipart): the dry run of the file, and the button to import it.
pub async fn try_file(
    State(state): State<AppState>,
    page: PageCtx,
    multipart: Multipart,
) -> PageResult {
    let ctx = state.ctx();
    let upload = match crate::web::multipart::single_file(
        multipart,
        ctx.attendance.upload_max_bytes,
    )
    .await
    {
        Ok(upload) => upload,
        Err(AppError::Validation(_)) => {
            let errors = FieldErrors::single("file", "Joignez le fichier CSV.");
            return render(&state, &page, None, None, &errors);
        }
        Err(other) => return Err(PageError(other)),
    };
    let principal = page.principal().clone();
    match state
        .db
        .run(move |conn| imports::try_advisors(conn, &principal, ctx, &upload.bytes))
        .await
    {
        Ok((report, kept)) => render(&state, &page, Some(&report), kept, &FieldErrors::new()),
        Err(AppError::Validation(errors)) => render(&state, &page, None, None, &errors),
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /advisors/import/{upload}`: imports the file the dry run showed.
pub async fn confirm(
    State(state): State<AppState>,
    page: PageCtx,
    Path(upload): Path<i64>,
) -> PageResult {
    let ctx = state.ctx();
    let principal = page.principal().clone();
    let report = state
        .db
        .run(move |conn| imports::import_advisors_upload(conn, &principal, ctx, upload))
        .await?;
    if !report.imported {
        return render(&state, &page, Some(&report), None, &FieldErrors::new());
    }
    Ok(redirect_with_flash(
        &state,
        "/advisors",
        &format!(
            "Import terminé : {} conseiller(s) créé(s), {} mis à jour.",
            report.created, report.updated
        ),
    ))
}
