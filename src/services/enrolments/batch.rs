//! Enrolling several advisors in a cohort at once (the multi-select of the cohort page and
//! `POST /api/v1/cohorts/{id}/enrolments/batch`): each through the one rule of
//! [`super::enrol_reached`], all or nothing in one transaction. The cohort is opened and locked
//! once, the advisors read in one query, the capacity counted in memory.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{EnrolmentView, check_room, enrol_reached, open_cohort};
use crate::auth::Principal;
use crate::db::{self, DbConn, advisor_search};
use crate::domain::validation::{FieldErrors, parse_date};
use crate::error::{AppError, AppResult};
use crate::services::{Ctx, cross_org};

/// At most this many advisors in one batch.
pub const MAX_BATCH: usize = 100;

/// Several advisors to enrol, all in the actor's scope.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct BatchEnrolmentInput {
    /// The advisors (ids in the actor's scope; repeats count once), at most 100.
    #[serde(default)]
    pub advisor_ids: Vec<i64>,
    /// `YYYY-MM-DD`, for all of them; defaults to today.
    pub joined_on: Option<String>,
}

/// The enrolments made.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BatchEnrolmentView {
    /// One per advisor, in the order given.
    pub items: Vec<EnrolmentView>,
}

/// Enrols every advisor of `input` in the cohort, or none: the first refusal names the advisor
/// (by the name the actor sees, or by the number they gave for someone they cannot see, with the
/// neutral message) and the rule's message, on `advisor_ids`.
pub fn enrol_batch(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    cohort_id: i64,
    input: &BatchEnrolmentInput,
) -> AppResult<BatchEnrolmentView> {
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
    let joined_on = input
        .joined_on
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(text) = joined_on {
        parse_date(Some(text)).map_err(|m| AppError::field("joined_on", m))?;
    }
    db::write_transaction(conn, |conn| {
        let (cohort, taken) = open_cohort(conn, actor, cohort_id)?;
        let found = advisor_search::many_in_scope(conn, &actor.advisor_scope(), &ids)?;
        let mut items = Vec::with_capacity(ids.len());
        for (n, id) in ids.iter().enumerate() {
            let Some(advisor) = found.iter().find(|a| a.id == *id) else {
                return Err(AppError::field(
                    "advisor_ids",
                    format!("Conseiller n° {id} : {}", cross_org::NEUTRAL),
                ));
            };
            let name = format!("{} {}", advisor.first_name, advisor.last_name);
            let added = i64::try_from(n).unwrap_or(i64::MAX);
            check_room(&cohort, taken.saturating_add(added))
                .map_err(|why| AppError::field("advisor_ids", format!("{name} : {why}")))?;
            let view = enrol_reached(conn, actor, ctx, &cohort, advisor, joined_on)
                .map_err(|e| named(&name, e))?;
            items.push(view);
        }
        Ok(BatchEnrolmentView { items })
    })
}

/// A refusal about one advisor of a batch, prefixed with their name.
fn named(name: &str, error: AppError) -> AppError {
    match error {
        AppError::Validation(errors) => {
            let mut out = FieldErrors::new();
            for (field, message) in errors.iter() {
                if field == "joined_on" {
                    out.add(field, format!("{name} : {message}"));
                } else {
                    out.add("advisor_ids", format!("{name} : {message}"));
                }
            }
            AppError::Validation(out)
        }
        AppError::Conflict(why) => AppError::field("advisor_ids", format!("{name} : {why}")),
        other => other,
    }
}
