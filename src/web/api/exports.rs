//! Exports in the shapes others read: the ANCT dataspace `formation` CSV (streamed) and its
//! rejected rows, and an exam session's Pix and CERES candidate lists.

use crate::web::extract::Path;
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::error::AppResult;
use crate::services::exports::{self, RejectedReport};
use crate::state::AppState;
use crate::web::extract::ApiUser;

/// The ANCT dataspace `formation` rows the actor may see, as CSV (`;`, UTF-8 with BOM), streamed:
/// `personne_id;label;parcours;lot;marche_formation;lieu;date_debut;date_fin;pix;remn;observations`
/// (the values' meanings are assumed, see ARCHITECTURE.md).
#[utoipa::path(get, path = "/api/v1/exports/dataspace-formation.csv", tag = "advisors",
    responses((status = 200, content_type = "text/csv"), (status = 403)))]
pub async fn dataspace_formation(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
) -> AppResult<Response> {
    dataspace_response(&state, actor)
}

/// The dataspace rows left out of the export, and why.
#[utoipa::path(get, path = "/api/v1/exports/dataspace-formation/rejected", tag = "advisors",
    responses((status = 200, body = RejectedReport), (status = 403)))]
pub async fn dataspace_rejected(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
) -> AppResult<Json<RejectedReport>> {
    Ok(Json(
        state
            .db
            .run(move |conn| exports::dataspace::rejected(conn, &actor))
            .await?,
    ))
}

/// Streams the dataspace CSV for `actor`; shared by the API and the page's download link.
pub fn dataspace_response(state: &AppState, actor: crate::auth::Principal) -> AppResult<Response> {
    // Refuse before streaming, so that a refusal is a proper error response.
    exports::dataspace::scope(&actor)?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    let db = state.db.clone();
    tokio::task::spawn_blocking(move || {
        let result = db
            .get()
            .map_err(crate::error::AppError::from)
            .and_then(|mut conn| {
                exports::dataspace::export_csv(&mut conn, &actor, |chunk| {
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
    Ok(csv_headers(
        Body::from_stream(stream).into_response(),
        "dataspace-formation.csv",
    ))
}

/// Sets the CSV content type and the download name.
pub fn csv_headers(mut response: Response, filename: &str) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The session's candidates in the column order Pix sessions import (REGULATION §3, assumed),
/// as CSV (`;`, UTF-8 with BOM); the birth name.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/pix-candidates.csv", tag = "certification",
    params(("id" = i64, Path)), responses((status = 200, content_type = "text/csv"), (status = 404)))]
pub async fn pix_candidates(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let bytes = state
        .db
        .run(move |conn| exports::pix_list::export_csv(conn, &actor, id))
        .await?;
    Ok(csv_headers(
        bytes.into_response(),
        &format!("pix-candidats-session-{id}.csv"),
    ))
}

/// The session's candidates in the identity shape CERES asks for (assumed), as CSV (`;`, UTF-8
/// with BOM).
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/ceres-candidates.csv", tag = "certification",
    params(("id" = i64, Path)), responses((status = 200, content_type = "text/csv"), (status = 404)))]
pub async fn ceres_candidates(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let bytes = state
        .db
        .run(move |conn| exports::ceres_list::export_csv(conn, &actor, id))
        .await?;
    Ok(csv_headers(
        bytes.into_response(),
        &format!("ceres-candidats-session-{id}.csv"),
    ))
}
