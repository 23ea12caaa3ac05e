//! Submitting a proof for a half-day the advisor missed.

use serde::Deserialize;
use serde_json::json;

use super::access::{Place, own_advisor, visible_cohort};
use super::views::{JustificationView, view};
use crate::auth::Principal;
use crate::db::{self, DbConn, absences, half_days, marks};
use crate::domain::absence::{Category, EXAM_ABSENCE_RULE, MOTIVE_REQUIRED};
use crate::domain::file_type;
use crate::domain::schedule::HalfDay;
use crate::domain::validation::{FieldErrors, optional_text, required_text};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::files::{self, Upload};
use crate::services::sitting::{self, DayKind, Sitting};

/// The fields of a justification, as sent (the proof travels beside them).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SubmitInput {
    /// The cohort (for a training day).
    pub cohort_id: Option<String>,
    /// The module session (for a module session day), instead of the cohort.
    pub module_session_id: Option<String>,
    /// The exam session (for an exam day; the day is the session), instead of the cohort.
    pub exam_session_id: Option<String>,
    /// The training day, or the module session day (an exam session's day may be omitted).
    pub day_id: Option<String>,
    /// `am` or `pm`.
    pub half_day: Option<String>,
    /// The advisor (staff only; an advisor submits for themself).
    pub advisor_id: Option<String>,
    /// `sick_leave`, `force_majeure` or `other`.
    pub category: Option<String>,
    /// Required for `other`.
    pub motive: Option<String>,
}

fn id_field(value: Option<&str>, field: &str, errors: &mut FieldErrors) -> Option<i64> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => {
            errors.add(field, "Ce champ est obligatoire.");
            None
        }
        Some(text) => text.parse::<i64>().ok().or_else(|| {
            errors.add(field, "Un identifiant numérique est attendu.");
            None
        }),
    }
}

/// The organisation of the cohort or module session `owner_id`, if the actor may see it (its
/// scope, or an advisor enrolled in it); « introuvable » otherwise.
fn visible_owner(
    conn: &mut DbConn,
    actor: &Principal,
    kind: DayKind,
    owner_id: i64,
) -> AppResult<i64> {
    let in_scope = match kind {
        DayKind::CohortDay => return Ok(visible_cohort(conn, actor, owner_id)?.organisation_id),
        DayKind::ModuleDay => {
            sitting::module_session_in_scope(conn, actor, owner_id).map(|s| s.organisation_id)
        }
        DayKind::ExamDay => {
            sitting::exam_session_in_scope(conn, actor, owner_id).map(|s| s.organisation_id)
        }
    };
    match in_scope {
        Ok(organisation_id) => Ok(organisation_id),
        Err(AppError::NotFound) => match own_advisor(actor) {
            Some(own) if sitting::enrolled_ever(conn, kind, owner_id, own)? => Ok(match kind {
                DayKind::ExamDay => crate::db::exams::find(conn, owner_id)?.organisation_id,
                _ => crate::db::module_sessions::find(conn, owner_id)?.organisation_id,
            }),
            _ => Err(AppError::NotFound),
        },
        Err(err) => Err(err),
    }
}

/// Submits `upload` as the proof of the advisor's absence at `(cohort or module session, day,
/// half-day)`: by the advisor themself or the staff of the organisation, only for a half-day
/// where the advisor is marked absent (or not marked and over), with nothing pending or accepted
/// for it.
pub fn submit(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &SubmitInput,
    upload: &Upload,
) -> AppResult<JustificationView> {
    let mut errors = FieldErrors::new();
    let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    let module = given(&input.module_session_id);
    let (kind, owner_id) = if given(&input.exam_session_id) {
        (
            DayKind::ExamDay,
            id_field(
                input.exam_session_id.as_deref(),
                "exam_session_id",
                &mut errors,
            ),
        )
    } else if module {
        (
            DayKind::ModuleDay,
            id_field(
                input.module_session_id.as_deref(),
                "module_session_id",
                &mut errors,
            ),
        )
    } else {
        (
            DayKind::CohortDay,
            id_field(input.cohort_id.as_deref(), "cohort_id", &mut errors),
        )
    };
    let day_id = match (kind, owner_id) {
        // An exam session is its own day.
        (DayKind::ExamDay, Some(id)) if !given(&input.day_id) => Some(id),
        _ => id_field(input.day_id.as_deref(), "day_id", &mut errors),
    };
    let (Some(owner_id), Some(day_id)) = (owner_id, day_id) else {
        return Err(AppError::Validation(errors));
    };
    db::write_transaction(conn, |conn| {
        let organisation_id = visible_owner(conn, actor, kind, owner_id)?;
        let named = input
            .advisor_id
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty());
        let advisor_id = match (own_advisor(actor), named) {
            (Some(own), None) => own,
            (Some(own), Some(text)) if text == own.to_string() => own,
            _ => {
                if !actor.is_staff_of(organisation_id) {
                    return Err(AppError::Forbidden(super::SUBMITTERS.to_owned()));
                }
                let Some(id) = id_field(named, "advisor_id", &mut errors) else {
                    return Err(AppError::Validation(errors));
                };
                id
            }
        };
        let sitting = Sitting::of_owner(conn, kind, owner_id, day_id)?;
        if sitting.day.cancelled_at.is_some() {
            return Err(AppError::Conflict("Cette journée est annulée.".to_owned()));
        }
        let enrolled = sitting
            .roster(conn)?
            .iter()
            .any(|(e, _)| e.advisor_id == advisor_id);
        if !enrolled {
            errors.add(
                "advisor_id",
                "Ce conseiller n'est pas inscrit à cette session.",
            );
        }
        let half = HalfDay::parse(input.half_day.as_deref().unwrap_or_default().trim());
        let span = half.and_then(|h| sitting.span(h));
        if span.is_none() {
            errors.add(
                "half_day",
                "Choisissez une demi-journée de cette journée (matin ou après-midi).",
            );
        }
        let category = Category::parse(input.category.as_deref().unwrap_or_default());
        if category.is_none() {
            errors.add(
                "category",
                "Choisissez une catégorie : arrêt maladie, force majeure ou autre (avec son motif).",
            );
        } else if kind == DayKind::ExamDay
            && !category.is_some_and(Category::justifies_exam_absence)
        {
            errors.add("category", EXAM_ABSENCE_RULE);
        }
        let motive = if category.is_some_and(Category::needs_motive) {
            match required_text(input.motive.as_deref(), 300) {
                Ok(m) => Some(m),
                Err(_) if input.motive.as_deref().is_none_or(|m| m.trim().is_empty()) => {
                    errors.add("motive", MOTIVE_REQUIRED);
                    None
                }
                Err(message) => {
                    errors.add("motive", message);
                    None
                }
            }
        } else {
            optional_text(input.motive.as_deref(), 300).unwrap_or_else(|message| {
                errors.add("motive", message);
                None
            })
        };
        if let Err(message) = file_type::check(&upload.bytes, ctx.attendance.upload_max_bytes) {
            errors.add("file", message);
        }
        errors.clone().into_result()?;
        let (Some(half), Some(span), Some(category)) = (half, span, category) else {
            return Err(AppError::Validation(errors));
        };
        let mark = marks::find(conn, kind.as_str(), day_id, advisor_id, half.as_str())?;
        let absent = match &mark {
            Some(m) => m.status == "absent",
            None => span.ends_at <= ctx.now,
        };
        if !absent {
            return Err(AppError::Conflict(
                "Un justificatif ne se dépose que pour une demi-journée où le conseiller est marqué absent (ou terminée sans émargement)."
                    .to_owned(),
            ));
        }
        let half_day = half_days::get_or_create(conn, kind.as_str(), day_id, half.as_str())?;
        let earlier = absences::for_half_day(conn, half_day.id, advisor_id)?;
        if earlier.iter().any(|j| j.status == absences::PENDING) {
            return Err(AppError::Conflict(
                "Un justificatif est déjà en attente de décision pour cette demi-journée."
                    .to_owned(),
            ));
        }
        if earlier.iter().any(|j| j.status == absences::ACCEPTED) {
            return Err(AppError::Conflict(
                "Cette absence est déjà justifiée.".to_owned(),
            ));
        }
        let file_id = files::store(conn, actor, ctx, "file", upload)?;
        let id = absences::insert(
            conn,
            &absences::NewJustification {
                half_day_id: half_day.id,
                advisor_id,
                category: category.as_str(),
                motive: motive.as_deref(),
                file_id,
                submitted_by: actor.audit_user_id(),
                submitted_at: ctx.now,
            },
        )?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "absence_justification.submit",
                entity: "absence_justification",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&json!({
                    "advisor_id": advisor_id, "half_day_id": half_day.id,
                    "category": category.as_str(), "motive": motive, "file_id": file_id,
                }))?,
                reason: None,
            },
        )?;
        let row = absences::find(conn, id)?;
        let place = Place {
            sitting,
            half_day,
            half,
            span,
        };
        view(conn, &row, &place)
    })
}
