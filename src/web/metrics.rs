//! `GET /metrics` in the Prometheus text format, open to the local machine (or behind the trusted
//! proxy, to a bearer token equal to `PARCOURS_METRICS_TOKEN`); and the layer that counts every
//! request by its route pattern and status.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::time::Instant;

use super::extract::ClientIp;
use crate::auth::token::constant_time_eq;
use crate::error::AppError;
use crate::metrics::QueueFigures;
use crate::services::operations;
use crate::state::AppState;

/// Counts the request once answered, under its route pattern (`/advisors/{id}`, never the raw
/// path, so that the series stay few).
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let method = req.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(req).await;
    state.metrics.record(
        &route,
        &method,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

fn has_token(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(expected) = state.config.metrics_token.as_deref() else {
        return false;
    };
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|sent| constant_time_eq(sent.trim(), expected))
}

/// `GET /metrics`.
pub async fn scrape(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Response {
    if !ip.is_loopback() && !has_token(&state, &headers) {
        return (
            StatusCode::FORBIDDEN,
            "Les métriques ne s'ouvrent qu'à la machine locale ou avec leur jeton.",
        )
            .into_response();
    }
    let heartbeat_age = super::health::heartbeat_age(&state).await.unwrap_or(None);
    let figures = state
        .db
        .run(move |conn| {
            let (jobs, retrying, emails_sent) = operations::queue_figures(conn)?;
            Ok::<_, AppError>(QueueFigures {
                jobs,
                retrying,
                emails_sent,
                heartbeat_age,
            })
        })
        .await;
    match figures {
        Ok(figures) => {
            let mut response = state.metrics.render(&figures).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
            );
            response
        }
        Err(e) => e.into_response(),
    }
}
