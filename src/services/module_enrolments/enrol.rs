//! Enrolling under the session's lock, and promoting the waiting list when a seat frees.

use super::rules::{advisor_for, funded, refusal};
use super::views::{ModuleEnrolmentInput, ModuleEnrolmentView, view};
use crate::auth::Principal;
use crate::db::module_enrolments::{self as q};
use crate::db::module_sessions::{self, SessionRow};
use crate::db::{self, DbConn, advisors};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};
use crate::services::audit::{self, Change, snapshot};
use crate::services::jobs::{self, Job};
use crate::services::progress;
use crate::services::{Ctx, cross_org};

/// Enrols an advisor: confirmed while seats last (counted under a lock), waitlisted after.
/// Beyond the funded quota the enrolment needs `accept_unfunded`.
pub fn enrol(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    input: &ModuleEnrolmentInput,
) -> AppResult<ModuleEnrolmentView> {
    db::write_transaction(conn, |conn| {
        module_sessions::lock(conn, session_id)?;
        let session = module_sessions::find(conn, session_id)?;
        if session.cancelled_at.is_some() {
            return Err(AppError::field("session_id", "Cette session est annulée."));
        }
        let reached = advisor_for(conn, actor, ctx, input, &session)?;
        let result = enrol_reached(conn, actor, ctx, &session, &reached.advisor, input)
            .map_err(|e| reached.hide(e))?;
        if reached.cross_org {
            cross_org::record(
                conn,
                actor,
                ctx,
                session.organisation_id,
                &reached.advisor,
                cross_org::Target::ModuleSession(session_id),
            )?;
        }
        Ok(result)
    })
}

/// The checks and writes of [`enrol`] once the advisor is known, in its transaction.
fn enrol_reached(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session: &SessionRow,
    advisor: &advisors::AdvisorRow,
    input: &ModuleEnrolmentInput,
) -> AppResult<ModuleEnrolmentView> {
    let (session_id, advisor_id) = (session.id, advisor.id);
    {
        let is_staff = actor.is_admin() || !actor.orgs_with(Role::Staff).is_empty();
        if session.starts_at <= ctx.now && !is_staff {
            return Err(AppError::field(
                "session_id",
                "Cette session a déjà commencé.",
            ));
        }
        let own = actor.advisor_id == Some(advisor_id);
        if let Some(why) = refusal(conn, advisor, session, None, own)? {
            return Err(AppError::field("advisor_id", why));
        }
        let funded = funded(conn, advisor, session, None)?;
        if !funded && input.accept_unfunded != Some(true) {
            return Err(AppError::field(
                "accept_unfunded",
                "Ce module dépasse le quota de modules financés (deux la première année, puis un par an) : \
                 confirmez pour vous inscrire sans financement.",
            ));
        }
        let confirmed = q::confirmed_count(conn, session_id)?;
        let status = if confirmed < i64::from(session.capacity) {
            "confirmed"
        } else {
            "waitlisted"
        };
        // The position is taken here, under the session's lock, in the order of insertion.
        let id = q::insert(conn, session_id, advisor_id, status, funded, ctx.now)?;
        let row = q::find(conn, session_id, id)?;
        progress::refresh(conn, ctx, advisor_id)?;
        let job = if status == "confirmed" {
            Job::ModuleEnrolmentConfirmed { enrolment_id: id }
        } else {
            Job::ModuleEnrolmentWaitlisted { enrolment_id: id }
        };
        jobs::enqueue(conn, &job, ctx.now, ctx.now)?;
        let result = view(conn, &row)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module_enrolment.create",
                entity: "advisor",
                entity_id: advisor_id.to_string(),
                before: None,
                after: snapshot(&result)?,
                reason: None,
            },
        )?;
        Ok(result)
    }
}

/// Gives free seats to the first eligible people of the waiting list, in order, and tells them.
/// Runs in the caller's transaction, with the session locked.
pub fn promote_waitlist(conn: &mut DbConn, ctx: Ctx, session_id: i64) -> AppResult<Vec<i64>> {
    let session = module_sessions::find(conn, session_id)?;
    let mut free = i64::from(session.capacity) - q::confirmed_count(conn, session_id)?;
    let mut promoted = Vec::new();
    if free <= 0 || session.cancelled_at.is_some() {
        return Ok(promoted);
    }
    for waiting in q::waitlist(conn, session_id)? {
        if free <= 0 {
            break;
        }
        let advisor = advisors::find(conn, waiting.advisor_id)?;
        if refusal(conn, &advisor, &session, Some(waiting.id), false)?.is_some() {
            continue;
        }
        let funded = funded(conn, &advisor, &session, Some(waiting.id))?;
        q::set_status(conn, waiting.id, "confirmed", funded, ctx.now)?;
        progress::refresh(conn, ctx, waiting.advisor_id)?;
        jobs::enqueue(
            conn,
            &Job::ModuleWaitlistPromoted {
                enrolment_id: waiting.id,
            },
            ctx.now,
            ctx.now,
        )?;
        promoted.push(waiting.id);
        free -= 1;
    }
    Ok(promoted)
}
