//! Writing exam sessions: planned, changed before publication (a move re-checks its jury and
//! candidates and sends updated convocations), cancelled with a reason; each audited.

use super::validate::{ExamSessionInput, validate};
use crate::auth::Principal;
use crate::db::exams as q;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::exam_session_views::{ExamSessionView, view, view_of, visible};

/// Plans a session.
pub fn create(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &ExamSessionInput,
) -> AppResult<ExamSessionView> {
    db::write_transaction(conn, |conn| {
        let values = validate(conn, actor, ctx, input, None)?;
        let id = q::insert(conn, &values, ctx.now)?;
        crate::services::session_file::schedule_reminders(conn, ctx, id)?;
        let view = view_of(conn, id, ctx.now)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_session.create",
                entity: "exam_session",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Changes a session before its results are published.
pub fn update(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &ExamSessionInput,
) -> AppResult<ExamSessionView> {
    db::write_transaction(conn, |conn| {
        let current = visible(conn, actor, id)?;
        actor.require_staff_of(current.organisation_id)?;
        if current.published_at.is_some() || current.cancelled_at.is_some() {
            return Err(AppError::Conflict(
                "Une session publiée ou annulée ne se modifie plus.".to_owned(),
            ));
        }
        let before = view(conn, &current, ctx.now)?;
        let values = validate(conn, actor, ctx, input, Some(&current))?;
        let seated = i32::try_from(before.candidates).unwrap_or(i32::MAX);
        if values.capacity < seated {
            return Err(AppError::field(
                "capacity",
                format!("{seated} candidats sont déjà inscrits."),
            ));
        }
        q::update(conn, id, &values)?;
        if (
            values.starts_at,
            values.ends_at,
            values.timezone.as_str(),
            values.certification_id,
        ) != (
            current.starts_at,
            current.ends_at,
            current.timezone.name(),
            current.certification_id,
        ) {
            crate::services::session_move::check(conn, id)?;
        }
        let moved = (
            values.starts_at,
            values.ends_at,
            &values.venue,
            &values.room,
            values.remote,
        ) != (
            current.starts_at,
            current.ends_at,
            &current.venue,
            &current.room,
            current.remote,
        );
        if moved {
            notify_candidates(conn, ctx, id, false)?;
        }
        crate::services::session_file::schedule_reminders(conn, ctx, id)?;
        let after = view_of(conn, id, ctx.now)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_session.update",
                entity: "exam_session",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}

/// Queues an updated convocation (or a cancellation) for each candidate.
fn notify_candidates(conn: &mut DbConn, ctx: Ctx, id: i64, cancelled: bool) -> AppResult<()> {
    for candidate in q::candidates(conn, id)? {
        let job = if cancelled {
            crate::services::jobs::Job::ExamSessionCancelled {
                candidate_id: candidate.id,
            }
        } else {
            crate::services::jobs::Job::ExamSessionChanged {
                candidate_id: candidate.id,
            }
        };
        crate::services::jobs::enqueue(conn, &job, ctx.now, ctx.now)?;
    }
    Ok(())
}

/// Cancels a session with a reason.
pub fn cancel(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    reason: Option<&str>,
) -> AppResult<ExamSessionView> {
    let reason = crate::domain::validation::required_multiline(reason, 500)
        .map_err(|m| AppError::field("reason", m))?;
    db::write_transaction(conn, |conn| {
        let current = visible(conn, actor, id)?;
        actor.require_staff_of(current.organisation_id)?;
        if current.published_at.is_some() || current.cancelled_at.is_some() {
            return Err(AppError::Conflict(
                "Une session publiée ou annulée ne s'annule plus.".to_owned(),
            ));
        }
        let before = view(conn, &current, ctx.now)?;
        q::cancel(conn, id, &reason, ctx.now)?;
        notify_candidates(conn, ctx, id, true)?;
        let after = view_of(conn, id, ctx.now)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_session.cancel",
                entity: "exam_session",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: Some(&reason),
            },
        )?;
        Ok(after)
    })
}
