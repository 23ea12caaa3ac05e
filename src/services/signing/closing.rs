//! Closing a half-day (the trainer's signature: the signed present, the unsigned absent, an
//! excused mark kept), the paper route (staff record « Tous présents » with exceptions; closing
//! needs the scanned sheet) and letting trainees self-sign on site.

use super::board::board_of;
use super::target::{self, Target};
use super::trainee::mark;
use super::{Board, Client, Closed, HalfDayKey};
use crate::auth::Principal;
use crate::db::signatures::{self, NewSignature, TRAINEE, TRAINER};
use crate::db::{self, DbConn, half_days};
use crate::domain::drawn_signature::DrawnSignature;
use crate::error::{AppError, AppResult};
use crate::services::audit::{self, Change, snapshot};
use crate::services::{Ctx, files};

/// Refusal: a paper half-day closes with its scanned sheet only.
pub const NEEDS_SHEET: &str =
    "Joignez la feuille signée numérisée pour clore une demi-journée sur papier.";

/// What follows a change of a closed half-day's marks, in the caller's transaction: the day's
/// sheet sealed (again) once every half-day is closed and, for a module session, each
/// enrolment's attendance derived once all its half-days are closed.
pub fn settle(conn: &mut DbConn, ctx: Ctx, target: &Target) -> AppResult<()> {
    let sitting = &target.sitting;
    crate::services::sealing::seal_day(conn, ctx, sitting.kind(), sitting.day.id)?;
    // An exam's candidates: their host structure is told by `absences_recorded`; the results'
    // rule reads the marks and justifications when the jury records an outcome.
    if let Some(session) = sitting.module_session() {
        crate::services::module_enrolments::derive_attended(conn, ctx, session.id)?;
    }
    Ok(())
}

/// Marks every expected trainee from the signatures (present if signed, else absent unless
/// excused) and closes; the absent are told to their host structure after the delay, and the day's
/// sheet is sealed once its last half-day closes. Returns who was marked absent. In the caller's
/// transaction.
fn mark_and_close(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    target: &Target,
) -> AppResult<Vec<i64>> {
    let signed: Vec<i64> = signatures::for_half_days(conn, &[target.row.id])?
        .into_iter()
        .filter(|s| s.signer_role == TRAINEE)
        .filter_map(|s| s.advisor_id)
        .collect();
    let current = target.day_marks(conn)?;
    let mut absent = Vec::new();
    for e in target.expected(conn)? {
        let status = current
            .iter()
            .find(|m| m.advisor_id == e.advisor_id && m.half_day == target.half.as_str())
            .map(|m| m.status.as_str());
        if signed.contains(&e.advisor_id) {
            if status != Some("present") {
                mark(conn, actor, ctx, target, e.advisor_id, "present")?;
            }
        } else if status != Some("excused") {
            mark(conn, actor, ctx, target, e.advisor_id, "absent")?;
            absent.push(e.advisor_id);
        }
    }
    if !half_days::close(conn, target.row.id, actor.audit_user_id(), ctx.now)? {
        return Err(AppError::Conflict(target::CLOSED.to_owned()));
    }
    crate::services::absences::absences_recorded(conn, ctx, &target.sitting, target.half, &absent)?;
    settle(conn, ctx, target)?;
    Ok(absent)
}

/// The trainer of the day signs and closes the half-day (staff may close a paper half-day that
/// has its scanned sheet).
pub fn close(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    key: &HalfDayKey,
    drawn_path: Option<&str>,
    client: &Client,
) -> AppResult<Closed> {
    let target = target::in_scope(conn, actor, ctx, key)?;
    let trains = target.trains(conn, actor)?;
    if !(trains || (target.row.paper && target.is_staff(actor))) {
        return Err(AppError::Forbidden(
            target.sitting.words().only_trainer_closes.to_owned(),
        ));
    }
    target.require_not_closed()?;
    target.require_opened(ctx.now)?;
    if target.row.paper && target.row.scanned_sheet_id.is_none() {
        return Err(AppError::Conflict(NEEDS_SHEET.to_owned()));
    }
    let drawn = drawn_path
        .filter(|p| !p.trim().is_empty())
        .map(|p| DrawnSignature::parse(p).map(|d| d.to_path()))
        .transpose()
        .map_err(|message| AppError::field("drawn", message))?;
    let absent = db::write_transaction(conn, |conn| {
        if trains {
            signatures::insert(
                conn,
                &NewSignature {
                    half_day_id: target.row.id,
                    signer_role: TRAINER,
                    advisor_id: None,
                    user_id: actor.audit_user_id(),
                    method: if target.row.paper { "paper" } else { "self" },
                    on_site_proof: !target.sitting.day.remote,
                    signed_at: ctx.now,
                    client_addr: client.addr.as_deref(),
                    user_agent: client.user_agent.as_deref(),
                    drawn_svg: drawn.as_deref(),
                },
            )?;
        }
        let absent = mark_and_close(conn, actor, ctx, &target)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "attendance.close",
                entity: "attendance_half_day",
                entity_id: target.row.id.to_string(),
                before: None,
                after: snapshot(&serde_json::json!({ "absent": absent }))?,
                reason: None,
            },
        )?;
        Ok::<_, AppError>(absent)
    })?;
    let target = target::in_scope(conn, actor, ctx, key)?;
    Ok(Closed {
        board: board_of(conn, actor, ctx, &target)?,
        absent,
    })
}

/// Staff record a paper half-day: everyone expected present but `absent` (an excused mark
/// kept), with the scanned sheet; `close` closes it (the sheet is then required).
pub fn paper(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    key: &HalfDayKey,
    absent: &[i64],
    scanned: Option<&files::Upload>,
    close: bool,
) -> AppResult<Closed> {
    let target = target::in_scope(conn, actor, ctx, key)?;
    actor.require_staff_of(target.sitting.organisation_id())?;
    target.require_not_closed()?;
    target.require_opened(ctx.now)?;
    let expected = target.expected(conn)?;
    if let Some(stranger) = absent
        .iter()
        .find(|id| !expected.iter().any(|e| e.advisor_id == **id))
    {
        return Err(AppError::field(
            "absent",
            format!("Le conseiller {stranger} n'est pas attendu à cette demi-journée."),
        ));
    }
    if close && scanned.is_none() && target.row.scanned_sheet_id.is_none() {
        return Err(AppError::Conflict(NEEDS_SHEET.to_owned()));
    }
    let marked_absent = db::write_transaction(conn, |conn| {
        let sheet = match scanned {
            Some(upload) => Some(files::store(conn, actor, ctx, "scanned", upload)?),
            None => target.row.scanned_sheet_id,
        };
        half_days::set_paper(conn, target.row.id, sheet)?;
        let current = target.day_marks(conn)?;
        let mut marked_absent = Vec::new();
        for e in &expected {
            if absent.contains(&e.advisor_id) {
                let excused = current.iter().any(|m| {
                    m.advisor_id == e.advisor_id
                        && m.half_day == target.half.as_str()
                        && m.status == "excused"
                });
                if !excused {
                    mark(conn, actor, ctx, &target, e.advisor_id, "absent")?;
                    marked_absent.push(e.advisor_id);
                }
                continue;
            }
            if signatures::of_trainee(conn, target.row.id, e.advisor_id)?.is_none() {
                signatures::insert(
                    conn,
                    &NewSignature {
                        half_day_id: target.row.id,
                        signer_role: TRAINEE,
                        advisor_id: Some(e.advisor_id),
                        user_id: actor.audit_user_id(),
                        method: "paper",
                        on_site_proof: true,
                        signed_at: ctx.now,
                        client_addr: None,
                        user_agent: None,
                        drawn_svg: None,
                    },
                )?;
            }
            mark(conn, actor, ctx, &target, e.advisor_id, "present")?;
        }
        if close {
            let mut paper_target = target.clone();
            paper_target.row.paper = true;
            marked_absent = mark_and_close(conn, actor, ctx, &paper_target)?;
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "attendance.paper",
                entity: "attendance_half_day",
                entity_id: target.row.id.to_string(),
                before: None,
                after: snapshot(&serde_json::json!({
                    "absent": absent,
                    "scanned_sheet_id": sheet,
                    "closed": close,
                }))?,
                reason: None,
            },
        )?;
        Ok::<_, AppError>(marked_absent)
    })?;
    let target = target::in_scope(conn, actor, ctx, key)?;
    Ok(Closed {
        board: board_of(conn, actor, ctx, &target)?,
        absent: marked_absent,
    })
}

/// The trainer of the day (or staff) lets trainees self-sign this on-site half-day, or stops.
pub fn set_self_sign(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    key: &HalfDayKey,
    allowed: bool,
) -> AppResult<Board> {
    let target = target::in_scope(conn, actor, ctx, key)?;
    target.require_trainer_or_staff(conn, actor)?;
    target.require_not_closed()?;
    db::write_transaction(conn, |conn| {
        half_days::set_self_sign(conn, target.row.id, allowed)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "attendance.self_sign_on_site",
                entity: "attendance_half_day",
                entity_id: target.row.id.to_string(),
                before: snapshot(&target.row.self_sign_on_site)?,
                after: snapshot(&allowed)?,
                reason: None,
            },
        )?;
        Ok::<_, AppError>(())
    })?;
    let target = target::in_scope(conn, actor, ctx, key)?;
    board_of(conn, actor, ctx, &target)
}
