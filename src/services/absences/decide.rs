//! The staff's decision on a justification: accepted (the absence becomes excused, with a
//! correction when its half-day was already closed) or refused with a reason.

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::access::{Place, visible_justification};
use super::views::{JustificationView, view};
use crate::auth::Principal;
use crate::db::marks::{self, NewMark};
use crate::db::signatures::{self, NewCorrection};
use crate::db::{self, DbConn, absences};
use crate::domain::absence::{Category, EXAM_ABSENCE_RULE, correction_reason};
use crate::domain::validation::{FieldErrors, optional_multiline, required_multiline};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::jobs::{self, Job};

/// The staff's word on a justification.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DecisionInput {
    /// Why: required to refuse, optional to accept.
    pub reason: Option<String>,
}

/// A decision taken.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Decision {
    /// The justification, decided.
    pub justification: JustificationView,
    /// The day (training day or module session day) whose closed half-day this acceptance corrected (its sheet was sealed
    /// again, in the same transaction).
    pub changed_closed_day: Option<i64>,
}

/// The pending justification `id` and its place, for a decider.
fn pending_for_decider(
    conn: &mut DbConn,
    actor: &Principal,
    id: i64,
) -> AppResult<(absences::JustificationRow, Place)> {
    let (row, place) = visible_justification(conn, actor, id)?;
    if !actor.is_staff_of(place.sitting.organisation_id()) {
        return Err(AppError::Forbidden(super::DECIDERS.to_owned()));
    }
    if row.status != absences::PENDING {
        return Err(AppError::Conflict(
            "Ce justificatif a déjà fait l'objet d'une décision.".to_owned(),
        ));
    }
    Ok((row, place))
}

/// Accepts justification `id`: in one transaction, the mark becomes `excused` with the
/// category as its justification (a correction with its reason when the half-day was closed),
/// the host structure is told (its category, never the file), and the decision is audited.
pub fn accept(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &DecisionInput,
) -> AppResult<Decision> {
    db::write_transaction(conn, |conn| {
        let (row, place) = pending_for_decider(conn, actor, id)?;
        let reason = optional_multiline(input.reason.as_deref(), 1000)
            .map_err(|m| AppError::Validation(FieldErrors::single("reason", m)))?;
        let category = Category::parse(&row.category)
            .ok_or_else(|| AppError::Internal(format!("justification {id}: {}", row.category)))?;
        if place.sitting.kind() == crate::services::sitting::DayKind::ExamDay
            && !category.justifies_exam_absence()
        {
            return Err(AppError::Conflict(EXAM_ABSENCE_RULE.to_owned()));
        }
        absences::decide(
            conn,
            id,
            absences::ACCEPTED,
            actor.audit_user_id(),
            ctx.now,
            reason.as_deref(),
        )?;
        let (kind, day_id) = (place.sitting.kind(), place.sitting.day.id);
        let before = marks::find(
            conn,
            kind.as_str(),
            day_id,
            row.advisor_id,
            place.half.as_str(),
        )?;
        marks::upsert(
            conn,
            &NewMark {
                day_kind: kind.as_str(),
                day_id,
                advisor_id: row.advisor_id,
                half_day: place.half.as_str(),
                status: "excused",
                justification: Some(category.as_str()),
                recorded_by: actor.audit_user_id(),
                recorded_at: ctx.now,
            },
        )?;
        let closed = place.half_day.closed_at.is_some();
        if closed {
            signatures::insert_correction(
                conn,
                &NewCorrection {
                    half_day_id: place.half_day.id,
                    advisor_id: row.advisor_id,
                    before_status: before.as_ref().map(|m| m.status.as_str()),
                    after_status: "excused",
                    reason: &correction_reason(category),
                    corrected_by: actor.audit_user_id(),
                    corrected_at: ctx.now,
                },
            )?;
        }
        jobs::enqueue(
            conn,
            &Job::AbsenceJustified {
                justification_id: id,
            },
            ctx.now,
            ctx.now,
        )?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "absence_justification.accept",
                entity: "absence_justification",
                entity_id: id.to_string(),
                before: snapshot(&json!({
                    "status": row.status, "mark": before.as_ref().map(|m| m.status.clone()),
                }))?,
                after: snapshot(&json!({
                    "status": absences::ACCEPTED, "mark": "excused",
                    "justification": category.as_str(), "closed_half_day": closed,
                }))?,
                reason: reason.as_deref(),
            },
        )?;
        let decided = absences::find(conn, id)?;
        if closed {
            crate::services::sealing::seal_day(conn, ctx, kind, day_id)?;
            if let Some(session) = place.sitting.module_session() {
                crate::services::module_enrolments::derive_attended(conn, ctx, session.id)?;
            }
        }
        Ok(Decision {
            justification: view(conn, &decided, &place)?,
            changed_closed_day: closed.then_some(day_id),
        })
    })
}

/// Refuses justification `id` with a reason (required); the absence stays unjustified.
pub fn refuse(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &DecisionInput,
) -> AppResult<Decision> {
    db::write_transaction(conn, |conn| {
        let (row, place) = pending_for_decider(conn, actor, id)?;
        let reason = required_multiline(input.reason.as_deref(), 1000).map_err(|m| {
            let message = if input.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                "Un refus se motive : indiquez la raison, elle sera montrée au conseiller."
                    .to_owned()
            } else {
                m
            };
            AppError::Validation(FieldErrors::single("reason", message))
        })?;
        absences::decide(
            conn,
            id,
            absences::REFUSED,
            actor.audit_user_id(),
            ctx.now,
            Some(&reason),
        )?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "absence_justification.refuse",
                entity: "absence_justification",
                entity_id: id.to_string(),
                before: snapshot(&json!({"status": row.status}))?,
                after: snapshot(&json!({"status": absences::REFUSED}))?,
                reason: Some(&reason),
            },
        )?;
        let decided = absences::find(conn, id)?;
        Ok(Decision {
            justification: view(conn, &decided, &place)?,
            changed_closed_day: None,
        })
    })
}
