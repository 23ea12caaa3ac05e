//! `GET /api/v1/me/calendar`, its renewal, and the public feed `/calendar/{token}.ics`.

use crate::web::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::AppResult;
use crate::services::calendar_feed;
use crate::state::AppState;
use crate::web::extract::ApiUser;

/// The secret URL of the user's calendar feed, shown only when it is created or renewed.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedUrl {
    /// Subscribe to it in a calendar program.
    pub url: String,
}

/// Whether the user has a calendar feed (its URL is shown once, when created).
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedStatus {
    /// A feed URL is live.
    pub exists: bool,
    /// `POST` here to get a new URL (the old one stops working).
    pub renew: String,
}

fn url(state: &AppState, token: &str) -> String {
    format!(
        "{}/calendar/{token}.ics",
        state.config.base_url.trim_end_matches('/')
    )
}

/// Whether the user has a personal feed; its URL is only stored as a digest, so it is shown when
/// created or renewed, never again.
#[utoipa::path(get, path = "/api/v1/me/calendar", tag = "users", responses((status = 200, body = FeedStatus)))]
pub async fn mine(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
) -> AppResult<Json<FeedStatus>> {
    let exists = state
        .db
        .run(move |conn| calendar_feed::exists(conn, &actor))
        .await?;
    Ok(Json(FeedStatus {
        exists,
        renew: "/api/v1/me/calendar/renew".to_owned(),
    }))
}

/// Revokes the feed URL (if any) and issues a new one, shown once.
#[utoipa::path(post, path = "/api/v1/me/calendar/renew", tag = "users", responses((status = 200, body = FeedUrl)))]
pub async fn renew(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
) -> AppResult<Json<FeedUrl>> {
    let now = state.clock.now_naive();
    let token = state
        .db
        .run(move |conn| calendar_feed::renew(conn, &actor, now))
        .await?;
    Ok(Json(FeedUrl {
        url: url(&state, &token),
    }))
}

/// `GET /calendar/{token}.ics` (no account: the token is the secret); unknown or revoked: 404.
pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics").map(str::to_owned) else {
        return (StatusCode::NOT_FOUND, "introuvable").into_response();
    };
    let (now, from) = (state.clock.now_naive(), state.config.mail_from.clone());
    let base_url = state.public_url;
    let organizer = from
        .rsplit_once('<')
        .map_or(from.as_str(), |(_, a)| a.trim_end_matches('>'))
        .to_owned();
    let app = state.clone();
    match state
        .db
        .run(move |conn| calendar_feed::feed(conn, &app.feeds, &token, (&organizer, base_url), now))
        .await
    {
        Ok(text) => {
            let mut response = text.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            );
            response
        }
        Err(crate::error::AppError::NotFound) => {
            (StatusCode::NOT_FOUND, "introuvable").into_response()
        }
        Err(e) => e.into_response(),
    }
}
