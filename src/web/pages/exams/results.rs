//! The jury's result form, confirmation and publication; a refusal re-renders the session with
//! its reason.

use crate::web::extract::{Form, Path};
use axum::extract::State;

use super::super::{PageCtx, PageError, PageResult, redirect_with_flash};
use super::show::render_session;
use super::{FormData, get};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::results::{self, ResultInput};
use crate::state::AppState;

/// `POST /exam-sessions/{id}/results`: the whole result form; fields `outcome-{advisor}`,
/// `reasons-{advisor}`, `comment_for_candidate-{advisor}`, `comment_for_organisation-{advisor}`,
/// and `correction_reason` once published.
pub async fn record_results(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let correction = get(&form, "correction_reason");
    let mut entries = Vec::new();
    for (key, value) in &form {
        let Some(advisor) = key
            .strip_prefix("outcome-")
            .and_then(|a| a.parse::<i64>().ok())
        else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let (outcome, justified) = match value.as_str() {
            "absent_justified" => ("absent".to_owned(), true),
            other => (other.to_owned(), false),
        };
        entries.push((
            advisor,
            ResultInput {
                outcome: Some(outcome),
                absence_justified: Some(justified),
                reasons: get(&form, &format!("reasons-{advisor}")),
                comment_for_candidate: get(&form, &format!("comment_for_candidate-{advisor}")),
                comment_for_organisation: get(
                    &form,
                    &format!("comment_for_organisation-{advisor}"),
                ),
                correction_reason: correction.clone(),
            },
        ));
    }
    entries.sort_by_key(|(a, _)| *a);
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| results::record_many(conn, &principal, ctx, id, &entries))
        .await
    {
        Ok(n) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}"),
            &format!(
                "{}.",
                crate::domain::address::plural(n, "résultat enregistré", "résultats enregistrés")
            ),
        )),
        Err(AppError::Validation(errors)) => {
            render_session(&state, &page, id, Some(("results", errors, form)), None).await
        }
        Err(AppError::Conflict(why)) => {
            render_session(
                &state,
                &page,
                id,
                Some(("results", FieldErrors::single("results", why), form)),
                None,
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}

/// Redirects with `done` when the step went through; a conflict re-renders the session with its
/// reason beside the publication block.
async fn after_step<T>(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    outcome: Result<T, AppError>,
    done: &str,
) -> PageResult {
    match outcome {
        Ok(_) => Ok(redirect_with_flash(
            state,
            &format!("/exam-sessions/{id}"),
            done,
        )),
        Err(AppError::Conflict(why)) => {
            render_session(
                state,
                page,
                id,
                Some((
                    "publish",
                    FieldErrors::single("publish", why),
                    FormData::new(),
                )),
                None,
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /exam-sessions/{id}/confirm`.
pub async fn confirm(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let outcome = state
        .db
        .run(move |conn| results::confirm(conn, &principal, ctx, id))
        .await;
    after_step(&state, &page, id, outcome, "Résultats confirmés.").await
}

/// `POST /exam-sessions/{id}/publish`.
pub async fn publish(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let outcome = state
        .db
        .run(move |conn| results::publish(conn, &principal, ctx, id))
        .await;
    after_step(&state, &page, id, outcome, "Résultats publiés.").await
}
