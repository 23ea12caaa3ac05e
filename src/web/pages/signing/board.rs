//! The trainer's half-day, `GET /cohorts/{id}/days/{day}/{half}` (or
//! `/module-sessions/{id}/days/{day}/{half}`): who signed, when and how; the
//! QR page and the kiosk; the self-signing toggle (`POST …/self-sign`); closing with the
//! trainer's drawn signature or its keyboard alternative (`POST …/close`); after closing, a
//! correction per trainee with its reason (`POST …/corrections`).

use axum::extract::State;

use super::{HalfDayAddress, SigningClient, board_path, owner_path, refusal};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::signing::{self, HalfDayKey};
use crate::state::AppState;
use crate::web::extract::Form;
use crate::web::pages::training::FormData;
use crate::web::pages::{PageCtx, PageError, PageResult, redirect_with_flash};

/// The statuses a correction may set, with their labels.
const CORRECTION_STATUSES: [(&str, &str); 2] = [("present", "Présent"), ("absent", "Absent")];

/// A refused form of the board: which one, its messages, what was typed.
struct Failed {
    form: String,
    errors: FieldErrors,
    values: FormData,
}

async fn render_board(
    state: &AppState,
    page: &PageCtx,
    key: HalfDayKey,
    failed: Option<Failed>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let (path, owner) = (board_path(&key), owner_path(&key));
    let board = state
        .db
        .run(move |conn| signing::board(conn, &principal, ctx, &key))
        .await?;
    let mut context = tera::Context::new();
    context.insert(
        "title",
        &format!("Émargement · {} · {}", board.name, board.span_text),
    );
    context.insert("owner_path", &owner);
    context.insert("words", &crate::services::sitting::Words::of(board.kind));
    context.insert("board", &board);
    context.insert("board_path", &path);
    context.insert(
        "signed_count",
        &board
            .trainees
            .iter()
            .filter(|t| t.signed_at_text.is_some())
            .count(),
    );
    context.insert("correction_statuses", &CORRECTION_STATUSES);
    let invalid = failed.is_some();
    let failed = failed.unwrap_or(Failed {
        form: String::new(),
        errors: FieldErrors::new(),
        values: FormData::new(),
    });
    context.insert("failed_form", &failed.form);
    context.insert("errors", &failed.errors);
    context.insert("values", &failed.values);
    if invalid {
        page.render_invalid(state, "signing/board.html", context)
    } else {
        page.render(state, "signing/board.html", context)
    }
}

/// Shows the board again with `err` beside the form `form`, or the error page.
async fn refused(
    state: &AppState,
    page: &PageCtx,
    key: HalfDayKey,
    form: &str,
    values: FormData,
    err: AppError,
) -> PageResult {
    let errors = match err {
        AppError::Validation(errors) => errors,
        other => match refusal(&other) {
            Some(why) => FieldErrors::single("form", why),
            None => return Err(PageError(other)),
        },
    };
    let failed = Failed {
        form: form.to_owned(),
        errors,
        values,
    };
    render_board(state, page, key, Some(failed)).await
}

/// `GET /cohorts/{id}/days/{day}/{half}`.
pub async fn board_page(
    State(state): State<AppState>,
    page: PageCtx,
    HalfDayAddress(key): HalfDayAddress,
) -> PageResult {
    render_board(&state, &page, key, None).await
}

/// `POST /cohorts/{id}/days/{day}/{half}/self-sign`: `allowed=on` lets the trainees sign from
/// their phones without the QR code (their signatures then carry no proof of presence).
pub async fn set_self_sign(
    State(state): State<AppState>,
    page: PageCtx,
    HalfDayAddress(key): HalfDayAddress,
    Form(form): Form<FormData>,
) -> PageResult {
    let allowed = form.get("allowed").is_some_and(|v| v == "on");
    let (principal, ctx, asked) = (page.principal().clone(), state.ctx(), key.clone());
    match state
        .db
        .run(move |conn| signing::set_self_sign(conn, &principal, ctx, &asked, allowed))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &board_path(&key),
            if allowed {
                "Signature depuis le téléphone sans QR code autorisée pour cette demi-journée."
            } else {
                "Signature depuis le téléphone sans QR code retirée pour cette demi-journée."
            },
        )),
        Err(err) => refused(&state, &page, key, "self-sign", form, err).await,
    }
}

/// `POST /cohorts/{id}/days/{day}/{half}/close`: `drawn_path` (the trainer's drawing), or
/// `certify=on` for closing without one.
pub async fn close(
    State(state): State<AppState>,
    page: PageCtx,
    SigningClient(client): SigningClient,
    HalfDayAddress(key): HalfDayAddress,
    Form(form): Form<FormData>,
) -> PageResult {
    let drawn = form
        .get("drawn_path")
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty());
    let certified = form.get("certify").is_some_and(|v| v == "on");
    if drawn.is_none() && !certified {
        let err = AppError::field(
            "certify",
            "Signez dans le cadre, ou cochez « Je certifie… », pour clore la demi-journée.",
        );
        return refused(&state, &page, key, "close", form, err).await;
    }
    let (principal, ctx, asked) = (page.principal().clone(), state.ctx(), key.clone());
    match state
        .db
        .run(move |conn| signing::close(conn, &principal, ctx, &asked, drawn.as_deref(), &client))
        .await
    {
        Ok(closed) => {
            let absent = closed.absent.len();
            let message = match absent {
                0 => "Demi-journée close : tous les stagiaires ont signé.".to_owned(),
                1 => "Demi-journée close : 1 stagiaire est noté absent.".to_owned(),
                n => format!("Demi-journée close : {n} stagiaires sont notés absents."),
            };
            Ok(redirect_with_flash(&state, &board_path(&key), &message))
        }
        Err(err) => refused(&state, &page, key, "close", form, err).await,
    }
}

/// `POST /cohorts/{id}/days/{day}/{half}/corrections`: `advisor_id`, `status`, `reason`.
pub async fn correct(
    State(state): State<AppState>,
    page: PageCtx,
    HalfDayAddress(key): HalfDayAddress,
    Form(form): Form<FormData>,
) -> PageResult {
    let Some(advisor_id) = form.get("advisor_id").and_then(|v| v.parse::<i64>().ok()) else {
        return Err(PageError(AppError::NotFound));
    };
    let form_name = format!("correct-{advisor_id}");
    let status = form.get("status").cloned().unwrap_or_default();
    let reason = form.get("reason").cloned().unwrap_or_default();
    let (principal, ctx, asked) = (page.principal().clone(), state.ctx(), key.clone());
    match state
        .db
        .run(move |conn| {
            signing::correct(conn, &principal, ctx, &asked, advisor_id, &status, &reason)
        })
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &board_path(&key),
            "Correction enregistrée ; la feuille sera scellée à nouveau.",
        )),
        Err(err) => refused(&state, &page, key, &form_name, form, err).await,
    }
}
