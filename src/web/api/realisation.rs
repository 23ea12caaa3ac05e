//! The documents funders ask for, over the API (and shared with the pages): a trainee's
//! certificat de réalisation and attestation de fin de formation, the cohort's certificates in
//! one PDF, and the cohort's attendance as CSV (streamed).

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::services::realisation::{self, DocumentKind};
use crate::state::AppState;
use crate::web::extract::{ApiUser, Path};

/// A PDF as an attachment named `filename`, never cached.
fn pdf_response(bytes: Vec<u8>, filename: &str) -> Response {
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

/// A trainee's document, issued or reissued as needed, as a PDF response.
pub async fn document_response(
    state: &AppState,
    actor: Principal,
    kind: DocumentKind,
    cohort_id: i64,
    advisor_id: i64,
) -> AppResult<Response> {
    let (base, now) = (state.config.base_url.clone(), state.clock.now_naive());
    let issued = state
        .db
        .run(move |conn| {
            realisation::document(conn, &actor, &base, now, kind, cohort_id, advisor_id)
        })
        .await?;
    let name = format!("{}-{}.pdf", kind.as_str(), issued.row.code);
    Ok(pdf_response(issued.pdf, &name))
}

/// Every trainee's certificat de réalisation of the cohort, one per page.
pub async fn bulk_response(
    state: &AppState,
    actor: Principal,
    cohort_id: i64,
) -> AppResult<Response> {
    let (base, now) = (state.config.base_url.clone(), state.clock.now_naive());
    let pdf = state
        .db
        .run(move |conn| realisation::bulk_certificates(conn, &actor, &base, now, cohort_id))
        .await?;
    Ok(pdf_response(
        pdf,
        &format!("certificats-realisation-session-{cohort_id}.pdf"),
    ))
}

/// Streams the cohort's attendance CSV; a refusal is answered before streaming starts.
pub async fn csv_response(
    state: &AppState,
    actor: Principal,
    cohort_id: i64,
) -> AppResult<Response> {
    // Check first with an empty sink, so that a refusal is a proper error response.
    let check = actor.clone();
    state
        .db
        .run(move |conn| realisation::export_csv(conn, &check, cohort_id, |_| false))
        .await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    let db = state.db.clone();
    tokio::task::spawn_blocking(move || {
        let result = db.get().map_err(AppError::from).and_then(|mut conn| {
            realisation::export_csv(&mut conn, &actor, cohort_id, |chunk| {
                tx.blocking_send(Ok(chunk)).is_ok()
            })
        });
        if let Err(e) = result {
            e.log();
            let _ = tx.blocking_send(Err(std::io::Error::other("export failed")));
        }
    });
    let mut rx = rx;
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"emargement-session-{cohort_id}.csv\""
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// A trainee's certificat de réalisation (the ministry's model), sealed; issued again as a new
/// version when what it says has changed. The trainee, staff of the cohort's organisation and of
/// the trainee's employer; 404 for anyone else.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/advisors/{advisor}/certificat-realisation.pdf",
    tag = "cohorts", params(("id" = i64, Path), ("advisor" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404)))]
pub async fn certificat(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, advisor)): Path<(i64, i64)>,
) -> AppResult<Response> {
    document_response(
        &state,
        actor,
        DocumentKind::CertificatRealisation,
        id,
        advisor,
    )
    .await
}

/// A trainee's attestation de fin de formation (objectives, nature, duration, assessment),
/// sealed; same readers as the certificat.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/advisors/{advisor}/attestation-fin-formation.pdf",
    tag = "cohorts", params(("id" = i64, Path), ("advisor" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404)))]
pub async fn attestation(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, advisor)): Path<(i64, i64)>,
) -> AppResult<Response> {
    document_response(
        &state,
        actor,
        DocumentKind::AttestationFinFormation,
        id,
        advisor,
    )
    .await
}

/// Every trainee's certificat de réalisation in one PDF, one page each (staff of the cohort's
/// organisation and admins).
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/certificats-realisation.pdf", tag = "cohorts",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 403), (status = 404), (status = 409)))]
pub async fn bulk(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    bulk_response(&state, actor, id).await
}

/// The cohort's attendance as CSV for a French spreadsheet (`;`, UTF-8 with BOM), one line per
/// trainee per half-day; streamed (staff of the cohort's organisation and admins).
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/attendance.csv", tag = "cohorts",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/csv"), (status = 403), (status = 404)))]
pub async fn attendance_csv(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    csv_response(&state, actor, id).await
}
