//! Corrections after closing: a change of status needs a reason; its before and after go to
//! `attendance_corrections` and the audit log, and the day's sheet is to be sealed again.

use super::board::board_of;
use super::target;
use super::trainee::mark;
use super::{Corrected, HalfDayKey};
use crate::auth::Principal;
use crate::db::signatures::{self, NewCorrection};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// Refusal: a closed half-day's marks change with a reason only.
pub const NEEDS_REASON: &str = "Cette demi-journée est close : indiquez le motif de la correction.";

/// One correction to write.
#[derive(Debug, Clone, Copy)]
pub struct Correction<'a> {
    /// The half-day row.
    pub half_day_id: i64,
    /// The trainee.
    pub advisor_id: i64,
    /// Status before (none when unmarked).
    pub before: Option<&'a str>,
    /// Status after.
    pub after: &'a str,
    /// Why (non-empty).
    pub reason: &'a str,
}

/// Writes the correction row and its audit entry, in the caller's transaction (the mark itself
/// is written by the caller).
pub fn write_correction(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    correction: Correction<'_>,
) -> AppResult<()> {
    signatures::insert_correction(
        conn,
        &NewCorrection {
            half_day_id: correction.half_day_id,
            advisor_id: correction.advisor_id,
            before_status: correction.before,
            after_status: correction.after,
            reason: correction.reason,
            corrected_by: actor.audit_user_id(),
            corrected_at: ctx.now,
        },
    )?;
    audit::record(
        conn,
        actor,
        ctx.now,
        Change {
            action: "attendance.correct",
            entity: "attendance_half_day",
            entity_id: correction.half_day_id.to_string(),
            before: snapshot(&serde_json::json!({
                "advisor_id": correction.advisor_id,
                "status": correction.before,
            }))?,
            after: snapshot(&serde_json::json!({
                "advisor_id": correction.advisor_id,
                "status": correction.after,
            }))?,
            reason: Some(correction.reason),
        },
    )
}

/// Changes a trainee's status on a closed half-day (`present` or `absent`; an excused absence
/// goes through its justification), with a reason. For trainers of the day and staff.
pub fn correct(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    key: &HalfDayKey,
    advisor_id: i64,
    status: &str,
    reason: &str,
) -> AppResult<Corrected> {
    let target = target::in_scope(conn, actor, ctx, key)?;
    target.require_trainer_or_staff(conn, actor)?;
    if target.row.closed_at.is_none() {
        return Err(AppError::Conflict(
            "Cette demi-journée n'est pas close : modifiez l'émargement directement.".to_owned(),
        ));
    }
    if !matches!(status, "present" | "absent") {
        return Err(AppError::field(
            "status",
            "Statut inconnu : present ou absent (une absence justifiée passe par son justificatif).",
        ));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::field("reason", NEEDS_REASON));
    }
    if reason.chars().count() > 1000 {
        return Err(AppError::field(
            "reason",
            "Le motif tient en 1000 caractères.",
        ));
    }
    if !target
        .expected(conn)?
        .iter()
        .any(|e| e.advisor_id == advisor_id)
    {
        return Err(AppError::field(
            "advisor_id",
            "Ce conseiller n'est pas attendu à cette demi-journée.",
        ));
    }
    let before = target
        .day_marks(conn)?
        .into_iter()
        .find(|m| m.advisor_id == advisor_id && m.half_day == target.half.as_str())
        .map(|m| m.status);
    if before.as_deref() == Some(status) {
        return Err(AppError::Conflict(
            "Ce statut est déjà celui enregistré.".to_owned(),
        ));
    }
    db::write_transaction(conn, |conn| {
        mark(conn, actor, ctx, &target, advisor_id, status)?;
        write_correction(
            conn,
            actor,
            ctx,
            Correction {
                half_day_id: target.row.id,
                advisor_id,
                before: before.as_deref(),
                after: status,
                reason,
            },
        )?;
        if status == "absent" {
            crate::services::absences::absences_recorded(
                conn,
                ctx,
                &target.sitting,
                target.half,
                &[advisor_id],
            )?;
        }
        super::closing::settle(conn, ctx, &target)?;
        Ok::<_, AppError>(())
    })?;
    Ok(Corrected {
        board: board_of(conn, actor, ctx, &target)?,
        corrected_day: target.sitting.day.id,
    })
}
