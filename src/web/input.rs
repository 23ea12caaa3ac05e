//! The door every request passes before anything reads it: the path, each query value and each
//! string of a form or JSON body are checked by [`crate::domain::input::check`], so that no
//! control character reaches a handler, the database, an e-mail or a document.
//!
//! A refused path or query answers 400, a refused body 422 naming the field, an oversized body
//! 413: as `application/problem+json` under `/api`, as the French error page elsewhere. Anonymous
//! endpoints pass here too.

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::middleware::page_error;
use crate::domain::input::{TextShape, check};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;

/// The largest form or JSON body read (the CSV import, sent as `text/csv`, has its own limit).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// What was refused, before it is rendered for the API or for a page.
enum Refusal {
    /// A path segment or query value: 400.
    Address(String),
    /// A body field: 422.
    Field(String, String),
    /// A body over [`MAX_BODY_BYTES`]: 413.
    TooLarge,
}

impl Refusal {
    fn into_response(self, is_api: bool) -> Response {
        match (self, is_api) {
            (Self::Address(message), true) => AppError::BadRequest(message).into_response(),
            (Self::Address(message), false) => page_error(StatusCode::BAD_REQUEST, &message),
            (Self::Field(field, message), true) => {
                AppError::Validation(FieldErrors::single(&field, message)).into_response()
            }
            (Self::Field(field, message), false) => page_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("Le champ « {field} » est à corriger : {message} Revenez au formulaire."),
            ),
            (Self::TooLarge, true) => AppError::PayloadTooLarge.into_response(),
            (Self::TooLarge, false) => page_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                &AppError::PayloadTooLarge.title(),
            ),
        }
    }
}

/// Checks the path, the query and the body of every request (see the module's documentation).
pub async fn guard(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    if let Err(refusal) = check_address(req.uri().path(), req.uri().query()) {
        return refusal.into_response(is_api);
    }
    let Some(kind) = body_kind(&req) else {
        return next.run(req).await;
    };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES).await else {
        return Refusal::TooLarge.into_response(is_api);
    };
    let checked = match kind {
        BodyKind::Form => check_form(&bytes),
        BodyKind::Json => check_json(&bytes),
    };
    if let Err(refusal) = checked {
        return refusal.into_response(is_api);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The path's segments, percent-decoded, and each query key and value.
fn check_address(path: &str, query: Option<&str>) -> Result<(), Refusal> {
    for segment in path.split('/') {
        let decoded = percent_decode_str(segment)
            .decode_utf8()
            .map_err(|_| Refusal::Address("Adresse illisible : UTF-8 attendu.".to_owned()))?;
        check(&decoded, TextShape::SingleLine)
            .map_err(|message| Refusal::Address(format!("Adresse refusée : {message}")))?;
    }
    if let Some(query) = query {
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            check(&key, TextShape::SingleLine)
                .and_then(|()| check(&value, TextShape::SingleLine))
                .map_err(|message| {
                    Refusal::Address(format!(
                        "Paramètre « {} » refusé : {message}",
                        printable(&key)
                    ))
                })?;
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum BodyKind {
    Form,
    Json,
}

fn body_kind(req: &Request) -> Option<BodyKind> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)?
        .to_str()
        .ok()?
        .to_ascii_lowercase();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if essence == "application/x-www-form-urlencoded" {
        Some(BodyKind::Form)
    } else if essence == "application/json" || essence.ends_with("+json") {
        Some(BodyKind::Json)
    } else {
        None
    }
}

fn check_form(bytes: &Bytes) -> Result<(), Refusal> {
    for (key, value) in form_urlencoded::parse(bytes) {
        check(&key, TextShape::SingleLine)
            .map_err(|message| Refusal::Field(printable(&key), message))?;
        check(&value, TextShape::of_field(&key))
            .map_err(|message| Refusal::Field(key.clone().into_owned(), message))?;
    }
    Ok(())
}

/// Malformed JSON is left to the extractor, which answers it with its own problem document.
fn check_json(bytes: &Bytes) -> Result<(), Refusal> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => check_value(&value, "body"),
        Err(_) => Ok(()),
    }
}

/// Walks a JSON value; a string is checked by the shape of the key that holds it.
fn check_value(value: &Value, field: &str) -> Result<(), Refusal> {
    match value {
        Value::String(text) => check(text, TextShape::of_field(field))
            .map_err(|message| Refusal::Field(field.to_owned(), message)),
        Value::Array(items) => items.iter().try_for_each(|item| check_value(item, field)),
        Value::Object(map) => map.iter().try_for_each(|(key, item)| {
            check(key, TextShape::SingleLine)
                .map_err(|message| Refusal::Field(printable(key), message))?;
            check_value(item, key)
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => Ok(()),
    }
}

/// A refused key, shown without its control characters and cut short.
fn printable(key: &str) -> String {
    key.chars().filter(|c| !c.is_control()).take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_queries_with_controls_are_refused() {
        assert!(check_address("/verify/CN-%00", None).is_err());
        assert!(check_address("/calendar/a%0Ab.ics", None).is_err());
        assert!(check_address("/advisors", Some("q=%E2%80%AEx")).is_err());
        assert!(check_address("/advisors", Some("q=%C3%A9lodie&page=2")).is_ok());
        assert!(check_address("/verify/%FF", None).is_err());
    }

    #[test]
    fn bodies_are_checked_by_field_shape() {
        assert!(check_form(&Bytes::from_static(b"last_name=Du%0Apont")).is_err());
        assert!(check_form(&Bytes::from_static(b"reason=ligne%0D%0Aligne")).is_ok());
        assert!(check_json(&Bytes::from_static(br#"{"days":[{"venue":"a\u0000"}]}"#)).is_err());
        assert!(check_json(&Bytes::from_static(br#"{"comment":"a\nb"}"#)).is_ok());
        assert!(check_json(&Bytes::from_static(b"{not json")).is_ok());
    }
}
