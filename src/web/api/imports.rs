//! `/api/v1/imports/advisors` and `/api/v1/exam-sessions/{id}/candidates/import`: a CSV (as
//! `text/csv`, or the `file` of a `multipart/form-data` body), a dry run by default; with
//! `dry_run=false` the import, answered 201 with the counts and ids, or a 422 problem carrying
//! the report when any row is refused (nothing is then written).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::AppResult;
use crate::services::imports::{self, ImportReport};
use crate::state::AppState;
use crate::web::extract::{ApiUser, Path, Query};

/// Dry run or import.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `true` (default): report only; `false`: import, all rows or none.
    pub dry_run: Option<bool>,
}

/// The report as the answer: 200 for a dry run, 201 once imported, a 422 problem otherwise.
fn answer(report: ImportReport, dry_run: bool) -> Response {
    if dry_run {
        return (StatusCode::OK, axum::Json(report)).into_response();
    }
    if report.imported {
        return (StatusCode::CREATED, axum::Json(report)).into_response();
    }
    let body = serde_json::json!({
        "type": "/problems/import-refused",
        "title": format!(
            "Import refusé : {} à corriger ; rien n'a été enregistré.",
            crate::domain::address::plural(report.refused, "ligne", "lignes")
        ),
        "status": 422,
        "report": report,
    });
    let mut response = (StatusCode::UNPROCESSABLE_ENTITY, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

/// The CSV of the body: the body itself, or the `file` of a multipart form.
async fn csv_of(headers: &HeaderMap, body: Bytes, max: u64) -> AppResult<Vec<u8>> {
    let bytes = if crate::web::multipart::is_multipart(headers) {
        crate::web::multipart::file_field(headers, body, max).await?
    } else {
        body.to_vec()
    };
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > max {
        return Err(crate::error::AppError::PayloadTooLarge);
    }
    Ok(bytes)
}

/// Imports advisors from a CSV (`;` or `,`, UTF-8 with or without BOM, or Windows-1252), matched
/// on the ANCT id, else the e-mail, within the caller's scope.
#[utoipa::path(post, path = "/api/v1/imports/advisors", tag = "advisors", params(ImportQuery),
    request_body(content = String, content_type = "text/csv",
        description = "The file; or `multipart/form-data` with the file as `file`"),
    responses((status = 200, body = ImportReport, description = "The dry run"),
              (status = 201, body = ImportReport, description = "Imported"),
              (status = 403), (status = 413),
              (status = 422, description = "A row refused (the problem carries `report`), or the file unreadable")))]
pub async fn advisors(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Query(query): Query<ImportQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let ctx = state.ctx();
    let bytes = csv_of(&headers, body, ctx.attendance.upload_max_bytes).await?;
    let dry_run = query.dry_run.unwrap_or(true);
    let report = state
        .db
        .run(move |conn| {
            if dry_run {
                imports::dry_run(conn, &actor, ctx, &bytes, &mut |_, _| {})
            } else {
                imports::import(conn, &actor, ctx, &bytes, &mut |_, _| {})
            }
        })
        .await?;
    Ok(answer(report, dry_run))
}

/// Registers the candidates of an exam session from a CSV (`ID ANCT` or `E-mail`, `Voie`
/// training or vae, `Motif d'inscription tardive`, `Motif du délai`), each by the rule of a
/// single registration; all or none.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/candidates/import", tag = "certification",
    params(("id" = i64, Path), ImportQuery),
    request_body(content = String, content_type = "text/csv",
        description = "The file; or `multipart/form-data` with the file as `file`"),
    responses((status = 200, body = ImportReport, description = "The dry run"),
              (status = 201, body = ImportReport, description = "Registered"),
              (status = 403), (status = 404), (status = 413),
              (status = 422, description = "A row refused (the problem carries `report`), or the file unreadable")))]
pub async fn candidates(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<i64>,
    Query(query): Query<ImportQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let ctx = state.ctx();
    let bytes = csv_of(&headers, body, ctx.attendance.upload_max_bytes).await?;
    let dry_run = query.dry_run.unwrap_or(true);
    let report = state
        .db
        .run(move |conn| {
            if dry_run {
                imports::dry_run_candidates(conn, &actor, ctx, id, &bytes)
            } else {
                imports::import_candidates(conn, &actor, ctx, id, &bytes)
            }
        })
        .await?;
    Ok(answer(report, dry_run))
}
