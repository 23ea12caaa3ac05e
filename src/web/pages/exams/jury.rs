//! Adding an examiner to the jury; a refusal re-renders the session with its reason.

use crate::web::extract::{Form, Path};
use axum::extract::State;

use super::super::{PageCtx, PageError, PageResult, redirect_with_flash};
use super::FormData;
use super::show::render_session;
use crate::error::AppError;
use crate::services::juries::{self, ExaminerInput};
use crate::state::AppState;

/// `POST /exam-sessions/{id}/examiners`.
pub async fn add_examiner(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = ExaminerInput {
        user_id: form.get("user_id").and_then(|v| v.parse().ok()),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| juries::add(conn, &principal, ctx, id, &input))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}"),
            "Examinateur ajouté au jury.",
        )),
        Err(AppError::Validation(errors)) => {
            render_session(&state, &page, id, Some(("jury", errors, form)), None).await
        }
        Err(other) => Err(PageError(other)),
    }
}
