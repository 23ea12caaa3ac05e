//! The public side of Open Badges (no account, like the JWKS): the issuer profile
//! `GET /open-badges/issuer` and the revocation status lists `GET /open-badges/status/{list}`,
//! each a signed `vc+jwt` credential that any verifier fetches.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::{AppError, AppResult};
use crate::services::open_badges::{self, Badges};
use crate::state::AppState;
use crate::web::extract::Path;

/// What the credentials name: the base URL and the issuer.
pub fn badges(state: &AppState) -> Badges<'_> {
    Badges {
        base_url: &state.config.base_url,
        issuer: &state.config.issuer,
    }
}

/// The issuer profile (JSON-LD).
pub async fn issuer(State(state): State<AppState>) -> Response {
    let profile = open_badges::issuer_profile(badges(&state));
    (
        [
            (header::CACHE_CONTROL, "public, max-age=300"),
            (header::CONTENT_TYPE, "application/ld+json"),
        ],
        profile.to_string(),
    )
        .into_response()
}

/// A status list credential; never cached for long, since a revocation changes it.
pub async fn status_list(
    State(state): State<AppState>,
    Path(list): Path<i64>,
) -> AppResult<Response> {
    let now = state.clock.now_naive();
    let owned = state.clone();
    let jwt = state
        .db
        .run(move |conn| open_badges::status_list(conn, badges(&owned), list, now))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CACHE_CONTROL, "public, max-age=60"),
            (header::CONTENT_TYPE, open_badges::MEDIA_TYPE),
        ],
        jwt,
    )
        .into_response())
}
