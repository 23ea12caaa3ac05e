//! The trainer's tablet, `GET /cohorts/{id}/days/{day}/{half}/kiosk`: each trainee picks their
//! name among those who have not signed (`?advisor=`), draws their signature (pointer events
//! turned into the path of `domain::drawn_signature` by `assets/signing.js`) and validates
//! (`POST`); a message names them, then the list comes back.

use axum::extract::State;
use serde::Deserialize;

use super::{HalfDayAddress, SigningClient, board_path, refusal};
use crate::error::AppError;
use crate::services::signing::{self, HalfDayKey};
use crate::state::AppState;
use crate::web::extract::{Form, Query};
use crate::web::pages::{PageCtx, PageError, PageResult, redirect_with_flash};

/// Who may open the kiosk, as the board says (`may_show_qr`).
const KIOSK_RESERVED: &str = "La tablette d'émargement est réservée aux formateurs de cette \
                              journée et à l'équipe de l'organisme, tant que la demi-journée \
                              n'est pas close.";

/// `?advisor=`: the trainee who picked their name.
#[derive(Debug, Deserialize)]
pub struct Picked {
    advisor: Option<i64>,
}

/// The kiosk's form.
#[derive(Debug, Deserialize)]
pub struct KioskForm {
    advisor_id: i64,
    #[serde(default)]
    drawn_path: String,
}

async fn render_kiosk(
    state: &AppState,
    page: &PageCtx,
    key: HalfDayKey,
    picked: Option<i64>,
    error: Option<String>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let path = board_path(&key);
    let board = state
        .db
        .run(move |conn| signing::board(conn, &principal, ctx, &key))
        .await?;
    if !board.may_show_qr {
        return Err(PageError(AppError::Forbidden(KIOSK_RESERVED.to_owned())));
    }
    let waiting: Vec<_> = board
        .trainees
        .iter()
        .filter(|t| t.signed_at_text.is_none())
        .collect();
    let trainee = picked.and_then(|id| waiting.iter().find(|t| t.advisor_id == id).copied());
    let mut context = tera::Context::new();
    context.insert(
        "title",
        &match trainee {
            Some(t) => format!("Signature de {} {}", t.first_name, t.last_name),
            None => format!("Tablette d'émargement · {}", board.span_text),
        },
    );
    context.insert("words", &crate::services::sitting::Words::of(board.kind));
    context.insert("board", &board);
    context.insert("board_path", &path);
    context.insert("waiting", &waiting);
    context.insert("trainee", &trainee);
    context.insert("error", &error);
    if error.is_some() {
        page.render_invalid(state, "signing/kiosk.html", context)
    } else {
        page.render(state, "signing/kiosk.html", context)
    }
}

/// `GET /cohorts/{id}/days/{day}/{half}/kiosk`.
pub async fn kiosk_page(
    State(state): State<AppState>,
    page: PageCtx,
    HalfDayAddress(key): HalfDayAddress,
    Query(picked): Query<Picked>,
) -> PageResult {
    render_kiosk(&state, &page, key, picked.advisor, None).await
}

/// `POST /cohorts/{id}/days/{day}/{half}/kiosk`: `advisor_id`, `drawn_path`.
pub async fn kiosk_sign(
    State(state): State<AppState>,
    page: PageCtx,
    SigningClient(client): SigningClient,
    HalfDayAddress(key): HalfDayAddress,
    Form(form): Form<KioskForm>,
) -> PageResult {
    let (principal, ctx, asked) = (page.principal().clone(), state.ctx(), key.clone());
    let advisor_id = form.advisor_id;
    let result = state
        .db
        .run(move |conn| {
            let signed = signing::sign_kiosk(
                conn,
                &principal,
                ctx,
                &asked,
                advisor_id,
                &form.drawn_path,
                &client,
            )?;
            let board = signing::board(conn, &principal, ctx, &asked)?;
            let name = board
                .trainees
                .into_iter()
                .find(|t| t.advisor_id == advisor_id)
                .map(|t| format!("{} {}", t.first_name, t.last_name))
                .unwrap_or_default();
            Ok::<_, AppError>((signed, name))
        })
        .await;
    match result {
        Ok((signed, name)) => Ok(redirect_with_flash(
            &state,
            &format!("{}/kiosk", board_path(&key)),
            &format!(
                "Merci {name} : présence signée le {}.",
                signed.signed_at_text
            ),
        )),
        Err(err) => match refusal(&err) {
            Some(why) => render_kiosk(&state, &page, key, Some(advisor_id), Some(why)).await,
            None => Err(PageError(err)),
        },
    }
}
