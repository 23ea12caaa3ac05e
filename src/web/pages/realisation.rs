//! The documents funders ask for, downloaded from the pages: a trainee's certificat de
//! réalisation and attestation de fin de formation, the cohort's certificates in one PDF and the
//! cohort's attendance CSV (the same responses as the API's).

use axum::extract::State;

use super::{PageCtx, PageResult};
use crate::services::realisation::DocumentKind;
use crate::state::AppState;
use crate::web::api::realisation as api;
use crate::web::extract::Path;

/// `GET /cohorts/{id}/advisors/{advisor}/certificat-realisation.pdf`.
pub async fn certificat(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, advisor)): Path<(i64, i64)>,
) -> PageResult {
    let actor = page.principal().clone();
    Ok(api::document_response(
        &state,
        actor,
        DocumentKind::CertificatRealisation,
        id,
        advisor,
    )
    .await?)
}

/// `GET /cohorts/{id}/advisors/{advisor}/attestation-fin-formation.pdf`.
pub async fn attestation(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, advisor)): Path<(i64, i64)>,
) -> PageResult {
    let actor = page.principal().clone();
    Ok(api::document_response(
        &state,
        actor,
        DocumentKind::AttestationFinFormation,
        id,
        advisor,
    )
    .await?)
}

/// `GET /cohorts/{id}/certificats-realisation.pdf`.
pub async fn bulk(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    let actor = page.principal().clone();
    Ok(api::bulk_response(&state, actor, id).await?)
}

/// `GET /cohorts/{id}/attendance.csv`.
pub async fn attendance_csv(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> PageResult {
    let actor = page.principal().clone();
    Ok(api::csv_response(&state, actor, id).await?)
}
