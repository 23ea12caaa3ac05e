//! Registering several candidates at once: the advisors ticked in the page's search, or chosen
//! as chips by the suggestions, all through the one registration rule, all or nothing.

use axum::extract::State;

use super::super::{PageCtx, PageError, PageResult, redirect_with_flash};
use super::show::render_session_finding;
use super::{FormData, get};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::candidates::{self, BatchCandidateInput};
use crate::state::AppState;
use crate::web::extract::{Form, Path};

/// `POST /exam-sessions/{id}/candidates/batch`: `advisor_id` once per advisor, with the route
/// and reasons they share.
pub async fn add_candidates(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let mut advisor_ids = Vec::new();
    let mut unreadable = false;
    for (key, value) in &pairs {
        if key == "advisor_id" {
            match value.trim().parse::<i64>() {
                Ok(n) => advisor_ids.push(n),
                Err(_) => unreadable = true,
            }
        }
    }
    let form: FormData = pairs
        .into_iter()
        .filter(|(k, _)| ["route", "late_reason", "delay_reason", "find"].contains(&k.as_str()))
        .collect();
    let find = get(&form, "find");
    let input = BatchCandidateInput {
        advisor_ids,
        route: get(&form, "route"),
        late_reason: get(&form, "late_reason"),
        delay_reason: get(&form, "delay_reason"),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = if unreadable {
        Err(AppError::field(
            "advisor_ids",
            "Un des conseillers choisis n'est pas reconnu : recommencez la recherche.",
        ))
    } else {
        state
            .db
            .run(move |conn| candidates::register_batch(conn, &principal, ctx, id, &input))
            .await
    };
    match result {
        Ok(done) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}"),
            &match done.items.len() {
                1 => "1 candidat inscrit.".to_owned(),
                n => format!("{n} candidats inscrits."),
            },
        )),
        Err(AppError::Validation(errors)) => {
            render_session_finding(&state, &page, id, Some(("batch", errors, form)), find).await
        }
        Err(AppError::Conflict(why)) => {
            let errors = FieldErrors::single("advisor_ids", why);
            render_session_finding(&state, &page, id, Some(("batch", errors, form)), find).await
        }
        Err(other) => Err(PageError(other)),
    }
}
