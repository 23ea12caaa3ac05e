//! Enrolment and withdrawal from the cohort page.

use super::shared::{FormData, get, outcome};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::enrolments::{self, EnrolmentInput, WithdrawalInput};
use crate::state::AppState;
use crate::web::extract::Form;
use crate::web::extract::Path;
use crate::web::pages::{PageCtx, PageResult};
use axum::extract::State;

/// `POST /cohorts/{id}/enrolments`: the advisor is named by e-mail, or by number when the staff
/// follow them.
pub async fn enrol(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let who = get(&form, "advisor").unwrap_or_default();
    let joined_on = get(&form, "joined_on");
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| {
            let who = who.trim();
            let (advisor_id, advisor_email) = match who.parse::<i64>() {
                Ok(n) => (Some(n), None),
                Err(_) => (None, Some(who.to_owned())),
            };
            enrolments::enrol(
                conn,
                &principal,
                ctx,
                id,
                &EnrolmentInput {
                    advisor_id,
                    advisor_email,
                    joined_on,
                },
            )
            .map_err(|e| match e {
                AppError::Validation(errors) => {
                    let mut renamed = FieldErrors::new();
                    for (field, message) in errors.iter() {
                        renamed.add(
                            if field == "advisor_id" || field == "advisor_email" {
                                "advisor"
                            } else {
                                field
                            },
                            message,
                        );
                    }
                    AppError::Validation(renamed)
                }
                other => other,
            })
        })
        .await;
    outcome(&state, &page, id, "enrol", form, result, |_| {
        "Conseiller inscrit.".to_owned()
    })
    .await
}

/// `POST /cohorts/{id}/enrolments/{enrolment}/withdraw`.
pub async fn withdraw(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, enrolment)): Path<(i64, i64)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = WithdrawalInput {
        reason: get(&form, "reason"),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| enrolments::withdraw(conn, &principal, ctx, id, enrolment, &input))
        .await;
    outcome(
        &state,
        &page,
        id,
        &format!("withdraw-{enrolment}"),
        form,
        result,
        |_| "Inscription retirée.".to_owned(),
    )
    .await
}
