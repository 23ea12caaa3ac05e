//! The import pages: « Importer des conseillers » (`/advisors/import`) and « Importer des
//! candidats » of an exam session (`/exam-sessions/{id}/candidates/import`): the upload form
//! (multipart, CSRF token first), the dry run's table (line, action, messages), and the button
//! that imports the same file, kept server-side for its uploader only, once
//! (`services::imports::try_upload`).

use axum::extract::{Multipart, State};

use super::{PageCtx, PageError, PageResult, redirect_with_flash};
use crate::domain::csv_import::Column;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::imports::{self, ImportReport, UploadKind};
use crate::state::AppState;
use crate::web::extract::Path;

/// What the page imports, and where it sits.
fn texts(kind: UploadKind) -> (String, &'static [Column], [(&'static str, String); 8]) {
    match kind {
        UploadKind::Advisors => (
            "/advisors/import".to_owned(),
            imports::ADVISOR_COLUMNS,
            [
                ("title", "Importer des conseillers".to_owned()),
                ("back_href", "/advisors".to_owned()),
                ("back_label", "Conseillers".to_owned()),
                ("intro", "Un conseiller déjà enregistré dans votre organisme est retrouvé par son identifiant ANCT, sinon par son e-mail, et mis à jour ; une cellule vide garde la valeur enregistrée.".to_owned()),
                ("who", "Conseiller".to_owned()),
                ("verb", "Importer".to_owned()),
                ("noun", "conseillers".to_owned()),
                ("hint", "Dates au format JJ/MM/AAAA ou AAAA-MM-JJ ; territoire par son code (FR, 974…) ; pays de naissance par son code INSEE (99xxx).".to_owned()),
            ],
        ),
        UploadKind::Candidates(session) => (
            format!("/exam-sessions/{session}/candidates/import"),
            imports::CANDIDATE_COLUMNS,
            [
                ("title", "Importer des candidats".to_owned()),
                ("back_href", format!("/exam-sessions/{session}")),
                ("back_label", "Session d'examen".to_owned()),
                ("intro", "Chaque candidat est un conseiller de votre organisme, nommé par son identifiant ANCT ou son e-mail, inscrit comme un à un (éligibilité, places, jury).".to_owned()),
                ("who", "Candidat".to_owned()),
                ("verb", "Inscrire".to_owned()),
                ("noun", "candidats".to_owned()),
                ("hint", "Voie : formation (training) ou vae ; un motif d'inscription tardive une fois la session commencée.".to_owned()),
            ],
        ),
    }
}

fn render(
    state: &AppState,
    page: &PageCtx,
    kind: UploadKind,
    report: Option<&ImportReport>,
    upload_id: Option<i64>,
    errors: &FieldErrors,
) -> PageResult {
    let (action, columns, texts) = texts(kind);
    let mut context = tera::Context::new();
    for (key, text) in texts {
        context.insert(key, &text);
    }
    context.insert("action", &action);
    context.insert("report", &report);
    context.insert("upload_id", &upload_id);
    context.insert("errors", errors);
    let columns: Vec<(&str, bool)> = columns.iter().map(|c| (c.label, c.required)).collect();
    context.insert("columns", &columns);
    if errors.is_empty() && report.is_none_or(|r| r.refused == 0) {
        page.render(state, "imports.html", context)
    } else {
        page.render_invalid(state, "imports.html", context)
    }
}

async fn try_file(
    state: &AppState,
    page: &PageCtx,
    kind: UploadKind,
    multipart: Multipart,
) -> PageResult {
    let ctx = state.ctx();
    let read = crate::web::multipart::single_file(multipart, ctx.attendance.upload_max_bytes).await;
    let upload = match read {
        Ok(upload) => upload,
        Err(AppError::Validation(_)) => {
            let errors = FieldErrors::single("file", "Joignez le fichier CSV.");
            return render(state, page, kind, None, None, &errors);
        }
        Err(other) => return Err(PageError(other)),
    };
    let principal = page.principal().clone();
    match state
        .db
        .run(move |conn| imports::try_upload(conn, &principal, ctx, kind, &upload.bytes))
        .await
    {
        Ok((report, kept)) => render(state, page, kind, Some(&report), kept, &FieldErrors::new()),
        Err(AppError::Validation(errors)) => render(state, page, kind, None, None, &errors),
        Err(other) => Err(PageError(other)),
    }
}

async fn confirm(state: &AppState, page: &PageCtx, kind: UploadKind, upload: i64) -> PageResult {
    let ctx = state.ctx();
    let principal = page.principal().clone();
    let report = state
        .db
        .run(move |conn| imports::import_upload(conn, &principal, ctx, kind, upload))
        .await?;
    if !report.imported {
        return render(state, page, kind, Some(&report), None, &FieldErrors::new());
    }
    let (to, message) = match kind {
        UploadKind::Advisors => (
            "/advisors".to_owned(),
            format!(
                "Import terminé : {}, {}.",
                crate::domain::address::plural(report.created, "fiche créée", "fiches créées"),
                crate::domain::address::plural(
                    report.updated,
                    "fiche mise à jour",
                    "fiches mises à jour"
                ),
            ),
        ),
        UploadKind::Candidates(session) => (
            format!("/exam-sessions/{session}"),
            format!(
                "{}.",
                crate::domain::address::plural(
                    report.created,
                    "inscription enregistrée",
                    "inscriptions enregistrées"
                )
            ),
        ),
    };
    Ok(redirect_with_flash(state, &to, &message))
}

/// `GET /advisors/import`: the upload form and the columns it reads.
pub async fn form(State(state): State<AppState>, page: PageCtx) -> PageResult {
    render(
        &state,
        &page,
        UploadKind::Advisors,
        None,
        None,
        &FieldErrors::new(),
    )
}

/// `POST /advisors/import` (multipart): the dry run of the file, and the button to import it.
pub async fn try_advisors(
    State(state): State<AppState>,
    page: PageCtx,
    multipart: Multipart,
) -> PageResult {
    try_file(&state, &page, UploadKind::Advisors, multipart).await
}

/// `POST /advisors/import/{upload}`: imports the file the dry run showed.
pub async fn confirm_advisors(
    State(state): State<AppState>,
    page: PageCtx,
    Path(upload): Path<i64>,
) -> PageResult {
    confirm(&state, &page, UploadKind::Advisors, upload).await
}

/// `GET /exam-sessions/{id}/candidates/import`: the upload form.
pub async fn candidates_form(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> PageResult {
    render(
        &state,
        &page,
        UploadKind::Candidates(id),
        None,
        None,
        &FieldErrors::new(),
    )
}

/// `POST /exam-sessions/{id}/candidates/import` (multipart): the dry run of the file.
pub async fn try_candidates(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> PageResult {
    try_file(&state, &page, UploadKind::Candidates(id), multipart).await
}

/// `POST /exam-sessions/{id}/candidates/import/{upload}`: registers the file's candidates.
pub async fn confirm_candidates(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, upload)): Path<(i64, i64)>,
) -> PageResult {
    confirm(&state, &page, UploadKind::Candidates(id), upload).await
}
