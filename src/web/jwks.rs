//! `GET /.well-known/jwks.json`: the instance's public Ed25519 keys (public, no account), with
//! which anyone checks a sealed document's signature or an attestation.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::AppResult;
use crate::services::signing_keys;
use crate::state::AppState;

/// The published key set.
pub async fn jwks(State(state): State<AppState>) -> AppResult<Response> {
    let set = state.db.run(signing_keys::jwks).await?;
    Ok((
        [
            (header::CACHE_CONTROL, "public, max-age=300"),
            (header::CONTENT_TYPE, "application/jwk-set+json"),
        ],
        Json(set),
    )
        .into_response())
}
