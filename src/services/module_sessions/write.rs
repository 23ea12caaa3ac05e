//! Scheduling and changing a session, audited; a change of time tells the enrolled.

use super::read::full as get;
use super::validate::{require_provider_of, validate};
use super::views::{SessionInput, SessionView};
use crate::auth::Principal;
use crate::db::module_sessions::{self as q};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// Schedules a session.
pub fn create(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &SessionInput,
) -> AppResult<SessionView> {
    db::write_transaction(conn, |conn| {
        let (values, days) = validate(conn, actor, ctx, input, None)?;
        let id = q::insert(conn, &values, &days, ctx.now)?;
        let view = get(conn, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module_session.create",
                entity: "module_session",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Changes a session; a larger capacity promotes people from the waiting list.
pub fn update(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &SessionInput,
) -> AppResult<SessionView> {
    db::write_transaction(conn, |conn| {
        q::lock(conn, id)?;
        let current = q::find(conn, id)?;
        require_provider_of(conn, actor, &current)?;
        if current.cancelled_at.is_some() {
            return Err(AppError::Conflict("Cette session est annulée.".to_owned()));
        }
        let (values, days) = validate(conn, actor, ctx, input, Some(&current))?;
        let confirmed = crate::db::module_enrolments::confirmed_count(conn, id)?;
        if i64::from(values.capacity) < confirmed {
            return Err(AppError::field(
                "capacity",
                format!(
                    "{confirmed} personnes sont déjà inscrites : la capacité ne peut pas descendre en dessous."
                ),
            ));
        }
        let before = get(conn, id)?;
        q::update(conn, id, &values, &days)?;
        crate::services::module_enrolments::promote_waitlist(conn, ctx, id)?;
        let after = get(conn, id)?;
        let moved = before
            .days
            .iter()
            .map(|d| (&d.starts_at, &d.ends_at))
            .ne(after.days.iter().map(|d| (&d.starts_at, &d.ends_at)))
            || before.venue != after.venue
            || before.remote != after.remote;
        if moved {
            for p in crate::db::module_enrolments::participants(conn, id)?
                .into_iter()
                .filter(|p| p.status == "confirmed")
            {
                crate::services::jobs::enqueue(
                    conn,
                    &crate::services::jobs::Job::ModuleSessionChanged {
                        enrolment_id: p.enrolment_id,
                    },
                    ctx.now,
                    ctx.now,
                )?;
            }
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module_session.update",
                entity: "module_session",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}
