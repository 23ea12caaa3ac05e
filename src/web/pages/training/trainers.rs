//! Trainers from the cohort page: assigned to the cohort or to one day, and removed.

use super::shared::{FormData, get, outcome};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::trainers::{self, TrainerInput};
use crate::state::AppState;
use crate::web::extract::Form;
use crate::web::extract::Path;
use crate::web::pages::{PageCtx, PageResult, redirect_with_flash};
use axum::extract::State;

/// The chosen trainer of a form, or the field's message.
fn chosen(form: &FormData) -> Result<TrainerInput, AppError> {
    match get(form, "user_id").map(|v| v.parse::<i64>()) {
        None => Ok(TrainerInput { user_id: None }),
        Some(Ok(id)) => Ok(TrainerInput { user_id: Some(id) }),
        Some(Err(_)) => Err(AppError::Validation(FieldErrors::single(
            "user_id",
            "Choisissez un formateur dans la liste.",
        ))),
    }
}

/// `POST /cohorts/{id}/trainers`: assigns a trainer to the whole cohort.
pub async fn add_trainer(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = match chosen(&form) {
        Ok(input) => {
            state
                .db
                .run(move |conn| trainers::add_trainer(conn, &principal, ctx, id, &input))
                .await
        }
        Err(e) => Err(e),
    };
    outcome(&state, &page, id, "trainer", form, result, |_| {
        "Formateur affecté à la session.".to_owned()
    })
    .await
}

/// `POST /cohorts/{id}/trainers/{user}/remove`: the trainer no longer trains the cohort.
pub async fn remove_trainer(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, user_id)): Path<(i64, i64)>,
    Form(_form): Form<FormData>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    state
        .db
        .run(move |conn| trainers::remove_trainer(conn, &principal, ctx, id, user_id))
        .await?;
    Ok(redirect_with_flash(
        &state,
        &format!("/cohorts/{id}"),
        "Formateur retiré de la session.",
    ))
}

/// `POST /cohorts/{id}/days/{day}/trainers`: assigns a trainer to that day only.
pub async fn add_day_trainer(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, day)): Path<(i64, i64)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = match chosen(&form) {
        Ok(input) => {
            state
                .db
                .run(move |conn| trainers::add_day_trainer(conn, &principal, ctx, id, day, &input))
                .await
        }
        Err(e) => Err(e),
    };
    outcome(
        &state,
        &page,
        id,
        &format!("day-trainer-{day}"),
        form,
        result,
        |_| "Formateur affecté à la journée.".to_owned(),
    )
    .await
}

/// `POST /cohorts/{id}/days/{day}/trainers/{user}/remove`: the trainer no longer trains that day.
pub async fn remove_day_trainer(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, day, user_id)): Path<(i64, i64, i64)>,
    Form(_form): Form<FormData>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    state
        .db
        .run(move |conn| trainers::remove_day_trainer(conn, &principal, ctx, id, day, user_id))
        .await?;
    Ok(redirect_with_flash(
        &state,
        &format!("/cohorts/{id}"),
        "Formateur retiré de la journée.",
    ))
}
