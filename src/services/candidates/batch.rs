//! Registering several candidates at once (the exam session page's multi-select and
//! `POST /api/v1/exam-sessions/{id}/candidates/batch`): each through the one rule of
//! [`super::registration::register_open`], all or nothing; the session is checked and locked once.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::registration::{
    CandidateInput, CandidateView, check_input, open_session, register_open,
};
use crate::auth::Principal;
use crate::db::{self, DbConn, advisor_search};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::enrolments::MAX_BATCH;

/// Several candidates with the same route and reasons.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct BatchCandidateInput {
    /// The advisors (ids in the actor's scope; repeats count once), at most 100.
    #[serde(default)]
    pub advisor_ids: Vec<i64>,
    /// `training` (default) or `vae`, for all of them.
    pub route: Option<String>,
    /// Required to register after the session has started.
    pub late_reason: Option<String>,
    /// For a CCP1 exam later than six months after training.
    pub delay_reason: Option<String>,
}

/// The registrations made.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BatchCandidateView {
    /// One per advisor, in the order given.
    pub items: Vec<CandidateView>,
}

/// Registers every advisor of `input`, or none: the first refusal names the advisor and the
/// rule's message, on `advisor_ids`.
pub fn register_batch(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    input: &BatchCandidateInput,
) -> AppResult<BatchCandidateView> {
    let mut ids: Vec<i64> = Vec::with_capacity(input.advisor_ids.len());
    for id in &input.advisor_ids {
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    if ids.is_empty() {
        return Err(AppError::field(
            "advisor_ids",
            "Choisissez au moins un conseiller.",
        ));
    }
    if ids.len() > MAX_BATCH {
        return Err(AppError::field(
            "advisor_ids",
            format!("Au plus {MAX_BATCH} conseillers à la fois."),
        ));
    }
    let checked = check_input(&CandidateInput {
        advisor_id: None,
        route: input.route.clone(),
        late_reason: input.late_reason.clone(),
        delay_reason: input.delay_reason.clone(),
        extra_time_percent: None,
        accommodation_notes: None,
    })?;
    db::write_transaction(conn, |conn| {
        let session = open_session(conn, actor, ctx, session_id, &checked)?;
        let found = advisor_search::many_in_scope(conn, &actor.advisor_scope(), &ids)?;
        let mut items = Vec::with_capacity(ids.len());
        for id in &ids {
            let Some(advisor) = found.iter().find(|a| a.id == *id) else {
                return Err(AppError::field(
                    "advisor_ids",
                    format!("Conseiller n° {id} : Conseiller introuvable."),
                ));
            };
            let name = format!("{} {}", advisor.first_name, advisor.last_name);
            let view = register_open(conn, actor, ctx, &session, advisor.id, &checked)
                .map_err(|e| named(&name, e))?;
            items.push(view);
        }
        Ok(BatchCandidateView { items })
    })
}

/// A refusal about one candidate of a batch, prefixed with their name.
fn named(name: &str, error: AppError) -> AppError {
    match error {
        AppError::Validation(errors) => {
            let mut out = FieldErrors::new();
            for (field, message) in errors.iter() {
                let field = if field == "advisor_id" {
                    "advisor_ids"
                } else {
                    field
                };
                out.add(field, format!("{name} : {message}"));
            }
            AppError::Validation(out)
        }
        AppError::Conflict(why) => AppError::field("advisor_ids", format!("{name} : {why}")),
        other => other,
    }
}
