//! `GET /assets/{file}`: the embedded static files of [`crate::assets`], under their
//! content-hashed names.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::state::AppState;
use crate::web::extract::Path;

/// `GET /assets/{file}`: an embedded file, cached for a year (its name changes with its content).
pub async fn serve(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    match state.assets.file(&file) {
        Some((bytes, content_type)) => {
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            );
            response
        }
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}
