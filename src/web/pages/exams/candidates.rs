//! Registering a candidate named by id or e-mail, or only checking their eligibility first.

use crate::web::extract::{Form, Path};
use axum::extract::State;

use super::super::{PageCtx, PageError, PageResult, redirect_with_flash};
use super::show::render_session;
use super::{FormData, get};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::candidates::{self, CandidateInput};
use crate::services::exam_lookup;
use crate::services::exam_sessions;
use crate::state::AppState;

/// The advisor named in the form (id or e-mail) and the rest of the registration.
fn candidate_input(form: &FormData) -> (Option<String>, CandidateInput) {
    let extra = form
        .get("extra_time_percent")
        .and_then(|v| v.trim().parse().ok());
    (
        get(form, "advisor"),
        CandidateInput {
            advisor_id: None,
            route: get(form, "route"),
            late_reason: get(form, "late_reason"),
            delay_reason: get(form, "delay_reason"),
            extra_time_percent: extra,
            accommodation_notes: get(form, "accommodation_notes"),
        },
    )
}

/// `POST /exam-sessions/{id}/candidates`: with `check` set, shows eligibility only.
pub async fn add_candidate(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let (who, mut input) = candidate_input(&form);
    let checking = form.contains_key("check");
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| {
            let who = who.unwrap_or_default();
            let advisor = exam_lookup::advisor_named(conn, &principal, &who)?;
            let Some(advisor) = advisor else {
                return Err(AppError::field(
                    "advisor",
                    "Aucun conseiller avec cette adresse ou ce numéro.",
                ));
            };
            if checking {
                let session = exam_sessions::visible(conn, &principal, id)?;
                let why = candidates::ineligibility(
                    conn,
                    &session,
                    advisor.id,
                    input.route.as_deref().unwrap_or("training"),
                    input.delay_reason.is_some(),
                )?;
                return Ok(Err((
                    format!("{} {}", advisor.first_name, advisor.last_name),
                    why,
                )));
            }
            input.advisor_id = Some(advisor.id);
            candidates::register(conn, &principal, ctx, id, &input)
                .map(Ok)
                .map_err(|e| match e {
                    AppError::Validation(f) => {
                        let mut renamed = FieldErrors::new();
                        for (field, message) in f.iter() {
                            renamed.add(
                                if field == "advisor_id" {
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
    match result {
        Ok(Ok(_)) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}"),
            "Candidat inscrit ; sa convocation part.",
        )),
        Ok(Err(check)) => {
            render_session(
                &state,
                &page,
                id,
                Some(("", FieldErrors::new(), form)),
                Some(check),
            )
            .await
        }
        Err(AppError::Validation(errors)) => {
            render_session(&state, &page, id, Some(("candidate", errors, form)), None).await
        }
        Err(AppError::Conflict(why)) => {
            render_session(
                &state,
                &page,
                id,
                Some(("candidate", FieldErrors::single("advisor", why), form)),
                None,
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}
