//! The session's file on its page: the checklist (what is late), the agrément or « sans
//! agrément », and the form by which staff mark a step done (`templates/exams/_file.html`).

use crate::web::extract::{Form, Path};
use axum::extract::State;

use super::super::{PageCtx, PageError, PageResult, redirect_with_flash};
use super::FormData;
use super::show::render_session;
use crate::domain::session_file::Channel;
use crate::error::{AppError, AppResult};
use crate::services::session_file::{self, StepInput};
use crate::state::AppState;

/// Puts the session's file in the page's context (`file`, `channels`).
pub(super) async fn insert_file(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    context: &mut tera::Context,
) -> AppResult<()> {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let file = state
        .db
        .run(move |conn| session_file::checklist(conn, &principal, ctx, id))
        .await?;
    context.insert("file", &file);
    context.insert(
        "channels",
        &Channel::ALL
            .iter()
            .map(|c| (c.as_str(), c.label()))
            .collect::<Vec<_>>(),
    );
    Ok(())
}

/// `POST /exam-sessions/{id}/file/steps`: a step marked done.
pub async fn record_step(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = StepInput {
        step: super::get(&form, "step"),
        done_on: super::get(&form, "done_on"),
        notes: super::get(&form, "notes"),
        channel: super::get(&form, "channel"),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| session_file::record_step_input(conn, &principal, ctx, id, &input))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}#h-file"),
            "Étape du dossier de session enregistrée.",
        )),
        Err(AppError::Validation(errors)) => {
            render_session(&state, &page, id, Some(("step", errors, form)), None).await
        }
        Err(other) => Err(PageError(other)),
    }
}
