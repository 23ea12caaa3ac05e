//! Assigning the trainers of a module session from its page (its organisation's staff).

use axum::extract::State;

use super::schedule::FormData;
use super::show::render_session;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::module_trainers;
use crate::services::trainers::TrainerInput;
use crate::state::AppState;
use crate::web::extract::{Form, Path};
use crate::web::pages::{PageCtx, PageError, PageResult, redirect_with_flash};

/// `POST /module-sessions/{id}/trainers`: `user_id`.
pub async fn add_trainer(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = TrainerInput {
        user_id: form.get("user_id").and_then(|v| v.trim().parse().ok()),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| module_trainers::add(conn, &principal, ctx, id, &input))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/module-sessions/{id}"),
            "Formateur affecté à la session.",
        )),
        Err(AppError::Validation(errors)) => render_session(&state, &page, id, errors, false).await,
        Err(AppError::Conflict(why)) => {
            render_session(
                &state,
                &page,
                id,
                FieldErrors::single("user_id", why),
                false,
            )
            .await
        }
        Err(err) => Err(PageError(err)),
    }
}

/// `POST /module-sessions/{id}/trainers/{user}/remove`.
pub async fn remove_trainer(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, user_id)): Path<(i64, i64)>,
    Form(_form): Form<FormData>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    state
        .db
        .run(move |conn| module_trainers::remove(conn, &principal, ctx, id, user_id))
        .await?;
    Ok(redirect_with_flash(
        &state,
        &format!("/module-sessions/{id}"),
        "Formateur retiré de la session.",
    ))
}
