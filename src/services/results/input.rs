//! A result as the jury gives it, checked field by field before anything is written, and as the
//! API answers it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::exams::ResultValues;
use crate::domain::exam::Outcome;
use crate::domain::validation::{FieldErrors, optional_multiline};

/// A result as recorded.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct ResultInput {
    /// `validated`, `not_validated` or `absent`.
    pub outcome: Option<String>,
    /// For an absence: with a sick-leave certificate or force majeure.
    pub absence_justified: Option<bool>,
    /// The jury's reasons.
    pub reasons: Option<String>,
    /// Comment for the candidate.
    pub comment_for_candidate: Option<String>,
    /// Comment for the organisation.
    pub comment_for_organisation: Option<String>,
    /// Required to change a published result.
    pub correction_reason: Option<String>,
}

/// A candidate's result, as the API answers it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResultView {
    /// The advisor.
    pub advisor_id: i64,
    /// `validated`, `not_validated` or `absent`.
    pub outcome: String,
    /// Justified absence.
    pub absence_justified: bool,
    /// Reasons.
    pub reasons: Option<String>,
    /// For the candidate.
    pub comment_for_candidate: Option<String>,
    /// For the organisation (not shown to advisors).
    pub comment_for_organisation: Option<String>,
    /// Corrected after publication.
    pub corrected: bool,
    /// Why.
    pub correction_reason: Option<String>,
}

/// A result's validated fields.
pub(super) struct Checked {
    pub(super) outcome: Outcome,
    pub(super) justified: bool,
    pub(super) reasons: Option<String>,
    pub(super) for_candidate: Option<String>,
    pub(super) for_organisation: Option<String>,
    pub(super) correction: Option<String>,
}

pub(super) fn check(input: &ResultInput) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let outcome = errors.take(
        "outcome",
        input
            .outcome
            .as_deref()
            .and_then(Outcome::parse)
            .ok_or_else(|| "Résultat : validated, not_validated ou absent.".to_owned()),
    );
    let justified = input.absence_justified.unwrap_or(false);
    if justified && outcome != Some(Outcome::Absent) {
        errors.add(
            "absence_justified",
            "Seule une absence peut être justifiée.",
        );
    }
    let text = |field: &str, v: &Option<String>, errors: &mut FieldErrors| {
        errors
            .take(field, optional_multiline(v.as_deref(), 2000))
            .flatten()
    };
    let reasons = text("reasons", &input.reasons, &mut errors);
    let for_candidate = text(
        "comment_for_candidate",
        &input.comment_for_candidate,
        &mut errors,
    );
    let for_organisation = text(
        "comment_for_organisation",
        &input.comment_for_organisation,
        &mut errors,
    );
    let correction = text("correction_reason", &input.correction_reason, &mut errors);
    errors.clone().into_result()?;
    let Some(outcome) = outcome else {
        return Err(errors);
    };
    Ok(Checked {
        outcome,
        justified,
        reasons,
        for_candidate,
        for_organisation,
        correction,
    })
}

/// The view of the values just written for `advisor_id`.
pub(super) fn to_view(advisor_id: i64, v: &ResultValues) -> ResultView {
    ResultView {
        advisor_id,
        outcome: v.outcome.clone(),
        absence_justified: v.absence_justified,
        reasons: v.reasons.clone(),
        comment_for_candidate: v.comment_for_candidate.clone(),
        comment_for_organisation: v.comment_for_organisation.clone(),
        corrected: v.corrected_at.is_some(),
        correction_reason: v.correction_reason.clone(),
    }
}
