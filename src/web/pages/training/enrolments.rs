//! Enrolment and withdrawal from the cohort page.

use super::shared::{FormData, get, outcome, render_cohort_finding};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::enrolments::{self, BatchEnrolmentInput, EnrolmentInput, WithdrawalInput};
use crate::state::AppState;
use crate::web::extract::Form;
use crate::web::extract::Path;
use crate::web::pages::{PageCtx, PageError, PageResult, redirect_with_flash};
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

/// `POST /cohorts/{id}/enrolments/batch`: the advisors ticked in the search's list, or chosen as
/// chips by the suggestions (both send `advisor_id` once per advisor), all or nothing.
pub async fn enrol_batch(
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
        .filter(|(k, _)| k == "joined_on" || k == "find")
        .collect();
    let find = get(&form, "find");
    let input = BatchEnrolmentInput {
        advisor_ids,
        joined_on: get(&form, "joined_on"),
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
            .run(move |conn| enrolments::enrol_batch(conn, &principal, ctx, id, &input))
            .await
    };
    match result {
        Ok(done) => Ok(redirect_with_flash(
            &state,
            &format!("/cohorts/{id}"),
            &match done.items.len() {
                1 => "1 conseiller inscrit.".to_owned(),
                n => format!("{n} conseillers inscrits."),
            },
        )),
        Err(AppError::Validation(errors)) => {
            render_cohort_finding(&state, &page, id, Some(("batch", errors, form)), find).await
        }
        Err(AppError::Conflict(why)) => {
            let errors = FieldErrors::single("advisor_ids", why);
            render_cohort_finding(&state, &page, id, Some(("batch", errors, form)), find).await
        }
        Err(other) => Err(PageError(other)),
    }
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
