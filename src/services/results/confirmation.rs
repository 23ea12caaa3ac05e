//! Confirmation: every candidate has a result, and a jury member other than the one who recorded
//! the last result confirms them.

use super::on_jury;
use crate::auth::Principal;
use crate::db::exams as q;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::exam_session_views::{self, ExamSessionView};

/// The session's results, refused unless every candidate has one.
pub(super) fn all_recorded(
    conn: &mut DbConn,
    session_id: i64,
) -> AppResult<(usize, Vec<q::ResultRow>)> {
    let candidates = q::candidates(conn, session_id)?.len();
    let results = q::results(conn, session_id)?;
    if candidates == 0 || results.len() < candidates {
        return Err(AppError::Conflict(format!(
            "Chaque candidat doit avoir un résultat ({} sur {candidates}).",
            results.len()
        )));
    }
    Ok((candidates, results))
}

/// A jury member other than the one who recorded the last result confirms the results.
pub fn confirm(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
) -> AppResult<ExamSessionView> {
    db::write_transaction(conn, |conn| {
        q::lock(conn, session_id)?;
        let session = exam_session_views::visible(conn, actor, session_id)?;
        if !on_jury(conn, actor, session_id)? {
            return Err(AppError::Forbidden(
                "Seul un membre du jury confirme les résultats.".to_owned(),
            ));
        }
        if session.published_at.is_some() {
            return Err(AppError::Conflict(
                "Les résultats sont déjà publiés.".to_owned(),
            ));
        }
        let (_, results) = all_recorded(conn, session_id)?;
        let last = results
            .iter()
            .max_by_key(|r| r.recorded_at)
            .and_then(|r| r.recorded_by);
        if last == actor.audit_user_id() {
            return Err(AppError::Conflict(
                "La confirmation revient à un autre membre du jury que celui qui a saisi le dernier résultat.".to_owned(),
            ));
        }
        q::set_confirmation(conn, session_id, actor.audit_user_id(), Some(ctx.now))?;
        let view = exam_session_views::view_of(conn, session_id, ctx.now)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_session.confirm",
                entity: "exam_session",
                entity_id: session_id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}
