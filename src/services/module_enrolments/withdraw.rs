//! Withdrawing from a session, which frees a seat for the waiting list.

use super::enrol::promote_waitlist;
use super::rules::may_act_for;
use super::views::{ModuleEnrolmentView, view};
use crate::auth::Principal;
use crate::db::module_enrolments::{self as q};
use crate::db::module_sessions::{self};
use crate::db::{self, DbConn, advisors};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::progress;

/// Refusal of an advisor's own withdrawal once the session has started.
pub const WITHDRAW_AFTER_START: &str = "Cette session a commencé : l'inscription ne se retire plus. \
     Adressez-vous à l'organisme du module pour toute correction.";

/// Withdraws an enrolment; a freed seat goes to the waiting list. Once the session has started
/// (or attendance is recorded) only staff and admins may.
pub fn withdraw(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    enrolment_id: i64,
    reason: Option<&str>,
) -> AppResult<ModuleEnrolmentView> {
    db::write_transaction(conn, |conn| {
        module_sessions::lock(conn, session_id)?;
        let session = module_sessions::find(conn, session_id)?;
        let current = q::find(conn, session_id, enrolment_id)?;
        let advisor = advisors::find(conn, current.advisor_id)?;
        if !may_act_for(actor, &advisor, &session) {
            return Err(AppError::NotFound);
        }
        let is_staff = actor.is_admin() || !actor.orgs_with(Role::Staff).is_empty();
        if !is_staff && (session.starts_at <= ctx.now || current.attended.is_some()) {
            return Err(AppError::Conflict(WITHDRAW_AFTER_START.to_owned()));
        }
        if current.status == "withdrawn" {
            return Err(AppError::Conflict(
                "Cette inscription est déjà retirée.".to_owned(),
            ));
        }
        let reason = crate::domain::validation::optional_multiline(reason, 1000)
            .map_err(|m| AppError::field("reason", m))?;
        q::withdraw(conn, enrolment_id, reason.as_deref(), ctx.now)?;
        progress::refresh(conn, ctx, current.advisor_id)?;
        promote_waitlist(conn, ctx, session_id)?;
        let withdrawn = q::find(conn, session_id, enrolment_id)?;
        let after = view(conn, &withdrawn)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module_enrolment.withdraw",
                entity: "advisor",
                entity_id: current.advisor_id.to_string(),
                before: snapshot(&current)?,
                after: snapshot(&after)?,
                reason: reason.as_deref(),
            },
        )?;
        Ok(after)
    })
}
