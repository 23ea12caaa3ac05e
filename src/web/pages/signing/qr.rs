//! The trainer's QR page: `GET /cohorts/{id}/days/{day}/{half}/qr` shows the code that changes
//! every 30 seconds (the URL under it, a countdown), and `…/qr/current` answers the current one as
//! JSON `{svg, url, refresh_in_seconds}` for `assets/signing.js` to swap in; without JavaScript
//! the page reloads itself.

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use super::HalfDayAddress;
use super::qr_svg::qr_svg;
use crate::error::AppError;
use crate::services::signing::{self, QrToken};
use crate::state::AppState;
use crate::web::pages::{PageCtx, PageResult};

/// The accessible name of the code.
const QR_LABEL: &str = "QR code à scanner avec votre téléphone pour signer votre présence";

/// The current code, for the page's script.
#[derive(Debug, Serialize)]
pub struct CurrentCode {
    /// The code, an SVG document.
    pub svg: String,
    /// The address it encodes.
    pub url: String,
    /// Seconds until the next code.
    pub refresh_in_seconds: i64,
}

impl CurrentCode {
    fn of(token: &QrToken) -> Result<Self, AppError> {
        Ok(Self {
            svg: qr_svg(&token.url, QR_LABEL)?,
            url: token.url.clone(),
            refresh_in_seconds: token.refresh_in_seconds.max(1),
        })
    }
}

/// `GET /cohorts/{id}/days/{day}/{half}/qr`.
pub async fn qr_page(
    State(state): State<AppState>,
    page: PageCtx,
    HalfDayAddress(key): HalfDayAddress,
) -> PageResult {
    let (principal, ctx, base_url) = (
        page.principal().clone(),
        state.ctx(),
        state.config.base_url.clone(),
    );
    let asked = key.clone();
    let (token, board) = state
        .db
        .run(move |conn| {
            let token = signing::qr_token(conn, &principal, ctx, &asked, &base_url)?;
            let board = signing::board(conn, &principal, ctx, &asked)?;
            Ok::<_, AppError>((token, board))
        })
        .await?;
    let code = CurrentCode::of(&token)?;
    let mut context = tera::Context::new();
    context.insert(
        "title",
        &format!("QR code · {} · {}", board.name, board.span_text),
    );
    context.insert("board", &board);
    context.insert("code", &code);
    context.insert(
        "current_url",
        &format!("{}/qr/current", super::board_path(&key)),
    );
    context.insert("board_path", &super::board_path(&key));
    context.insert("owner_path", &super::owner_path(&key));
    page.render(&state, "signing/qr.html", context)
}

/// `GET /cohorts/{id}/days/{day}/{half}/qr/current`: JSON; a refusal is a problem document.
pub async fn qr_current(
    State(state): State<AppState>,
    page: PageCtx,
    HalfDayAddress(key): HalfDayAddress,
) -> Result<Json<CurrentCode>, AppError> {
    let (principal, ctx, base_url) = (
        page.principal().clone(),
        state.ctx(),
        state.config.base_url.clone(),
    );
    let token = state
        .db
        .run(move |conn| signing::qr_token(conn, &principal, ctx, &key, &base_url))
        .await?;
    Ok(Json(CurrentCode::of(&token)?))
}
