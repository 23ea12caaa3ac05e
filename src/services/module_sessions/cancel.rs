//! Cancelling a session: its enrolled are told and their figures refreshed.

use super::read::full as get;
use super::validate::require_provider_of;
use super::views::SessionView;
use crate::auth::Principal;
use crate::db::module_sessions::{self as q};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// Cancels a session with a reason; its participants' progress is updated.
pub fn cancel(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    reason: Option<&str>,
) -> AppResult<SessionView> {
    let reason = crate::domain::validation::required_multiline(reason, 500)
        .map_err(|m| AppError::field("reason", m))?;
    db::write_transaction(conn, |conn| {
        let current = q::find(conn, id)?;
        require_provider_of(conn, actor, &current)?;
        if current.cancelled_at.is_some() {
            return Err(AppError::Conflict(
                "Cette session est déjà annulée.".to_owned(),
            ));
        }
        let before = get(conn, id)?;
        q::cancel(conn, id, &reason, ctx.now)?;
        for participant in crate::db::module_enrolments::participants(conn, id)? {
            crate::services::progress::refresh(conn, ctx, participant.advisor_id)?;
            if participant.status == "confirmed" {
                crate::services::jobs::enqueue(
                    conn,
                    &crate::services::jobs::Job::ModuleSessionCancelled {
                        enrolment_id: participant.enrolment_id,
                    },
                    ctx.now,
                    ctx.now,
                )?;
            }
        }
        let after = get(conn, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module_session.cancel",
                entity: "module_session",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: Some(&reason),
            },
        )?;
        Ok(after)
    })
}
