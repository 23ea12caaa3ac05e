//! `multipart/form-data` bodies (uploads): the CSRF token a page form carries inside one, and
//! the fields of an absence justification with its proof, read with bounds (each text field,
//! the number of fields, the file at the configured size plus one byte).

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, header};

use crate::domain::file_type;
use crate::error::{AppError, AppResult};
use crate::services::absences::SubmitInput;
use crate::services::files::Upload;

/// The largest body an upload route reads (the configured size is at most 100 MiB): the
/// service then applies `PARCOURS_UPLOAD_MAX_KB`.
pub const MAX_UPLOAD_BODY: usize = 101 * 1024 * 1024;

/// Longest text field read.
const MAX_TEXT: usize = 4096;
/// Most fields read.
const MAX_FIELDS: usize = 16;

/// Whether a request carries `multipart/form-data`.
pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .eq_ignore_ascii_case("multipart/form-data")
        })
}

/// The most a page's multipart form may weigh: the upload and its other fields.
pub fn body_limit(upload_max_bytes: u64) -> usize {
    usize::try_from(upload_max_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(1024 * 1024)
}

/// The `csrf_token` field of a multipart body (forms send it first).
pub async fn csrf_field(headers: &HeaderMap, bytes: Bytes) -> Option<String> {
    let content_type = headers.get(header::CONTENT_TYPE)?.clone();
    let request = Request::builder()
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(bytes))
        .ok()?;
    let mut multipart = Multipart::from_request(request, &()).await.ok()?;
    for _ in 0..MAX_FIELDS {
        let field = multipart.next_field().await.ok()??;
        if field.name() == Some("csrf_token") {
            let text = field.text().await.ok()?;
            return (text.len() <= MAX_TEXT).then_some(text);
        }
    }
    None
}

fn malformed() -> AppError {
    AppError::BadRequest(
        "Formulaire d'envoi de fichier illisible (multipart/form-data).".to_owned(),
    )
}

/// The fields of a justification and its proof (`file`), from a multipart body; a file over
/// `upload_max_bytes` is refused as soon as it is, with the size rule.
pub async fn justification(
    mut multipart: Multipart,
    upload_max_bytes: u64,
) -> AppResult<(SubmitInput, Upload)> {
    let mut input = SubmitInput::default();
    let mut upload = Upload {
        name: String::new(),
        bytes: Vec::new(),
    };
    let limit = usize::try_from(upload_max_bytes).unwrap_or(usize::MAX);
    for _ in 0..MAX_FIELDS {
        let Some(mut field) = multipart.next_field().await.map_err(|_| malformed())? else {
            return Ok((input, upload));
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            upload.name = field.file_name().unwrap_or_default().to_owned();
            while let Some(chunk) = field.chunk().await.map_err(|_| malformed())? {
                upload.bytes.extend_from_slice(&chunk);
                if upload.bytes.len() > limit {
                    let message = file_type::check(&upload.bytes, upload_max_bytes)
                        .err()
                        .unwrap_or_default();
                    return Err(AppError::field("file", message));
                }
            }
            continue;
        }
        let mut text = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| malformed())? {
            text.extend_from_slice(&chunk);
            if text.len() > MAX_TEXT {
                return Err(AppError::field(&name, "Ce champ est trop long."));
            }
        }
        let text = String::from_utf8(text)
            .map_err(|_| AppError::field(&name, "Ce champ n'est pas du texte UTF-8."))?;
        let slot = match name.as_str() {
            "cohort_id" => &mut input.cohort_id,
            "module_session_id" => &mut input.module_session_id,
            "exam_session_id" => &mut input.exam_session_id,
            "day_id" => &mut input.day_id,
            "half_day" => &mut input.half_day,
            "advisor_id" => &mut input.advisor_id,
            "category" => &mut input.category,
            "motive" => &mut input.motive,
            _ => continue,
        };
        *slot = Some(text);
    }
    Err(malformed())
}

/// The one file (`file`) of a multipart body, bounded like [`justification`]'s; other fields
/// are skipped.
pub async fn single_file(mut multipart: Multipart, upload_max_bytes: u64) -> AppResult<Upload> {
    let limit = usize::try_from(upload_max_bytes).unwrap_or(usize::MAX);
    for _ in 0..MAX_FIELDS {
        let Some(mut field) = multipart.next_field().await.map_err(|_| malformed())? else {
            break;
        };
        if field.name() != Some("file") {
            continue;
        }
        let mut upload = Upload {
            name: field.file_name().unwrap_or_default().to_owned(),
            bytes: Vec::new(),
        };
        while let Some(chunk) = field.chunk().await.map_err(|_| malformed())? {
            upload.bytes.extend_from_slice(&chunk);
            if upload.bytes.len() > limit {
                let message = file_type::check(&upload.bytes, upload_max_bytes)
                    .err()
                    .unwrap_or_default();
                return Err(AppError::field("file", message));
            }
        }
        return Ok(upload);
    }
    Err(AppError::field(
        "file",
        "Joignez le fichier (PDF, JPEG ou PNG).",
    ))
}

/// The `file` field of a multipart body already read (an import's CSV), bounded like
/// [`single_file`].
pub async fn file_field(
    headers: &HeaderMap,
    bytes: Bytes,
    upload_max_bytes: u64,
) -> AppResult<Vec<u8>> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .cloned()
        .ok_or_else(malformed)?;
    let request = Request::builder()
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(bytes))
        .map_err(|_| malformed())?;
    let multipart = Multipart::from_request(request, &())
        .await
        .map_err(|_| malformed())?;
    let upload = single_file(multipart, upload_max_bytes)
        .await
        .map_err(|e| match e {
            AppError::Validation(_) if upload_max_bytes > 0 => {
                AppError::field("file", "Joignez le fichier CSV.")
            }
            other => other,
        })?;
    Ok(upload.bytes)
}
