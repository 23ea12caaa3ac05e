//! Who reads a session's results (and its comments for the organisation), and the list they read.

use super::input::ResultView;
use super::on_jury;
use crate::auth::Principal;
use crate::db::DbConn;
use crate::db::exams as q;
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};
use crate::services::exam_session_views;

/// Who may read a session's results and its comments for the organisation: admins, the
/// organiser's staff, coordinators over the organiser, the session's jury (not trainers).
pub fn may_read(
    conn: &mut DbConn,
    actor: &Principal,
    session: &q::ExamSessionRow,
) -> AppResult<bool> {
    let org = session.organisation_id;
    Ok(actor.is_staff_of(org)
        || actor.orgs_with(Role::Coordinator).contains(&org)
        || (actor.has_role(Role::Coordinator) && actor.coordinated.contains(&org))
        || on_jury(conn, actor, session.id)?)
}

/// The session the actor may see and whose results they may read.
pub(super) fn readable(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
) -> AppResult<q::ExamSessionRow> {
    let session = exam_session_views::visible(conn, actor, session_id)?;
    if may_read(conn, actor, &session)? {
        Ok(session)
    } else {
        Err(AppError::Forbidden(
            "Les résultats sont réservés à l'organisateur, aux coordinateurs et au jury."
                .to_owned(),
        ))
    }
}

/// A session's results for the jury and the organiser (comments for the organisation included).
pub fn list(conn: &mut DbConn, actor: &Principal, session_id: i64) -> AppResult<Vec<ResultView>> {
    readable(conn, actor, session_id)?;
    let candidates = q::candidates(conn, session_id)?;
    let results = q::results(conn, session_id)?;
    Ok(results
        .iter()
        .filter_map(|r| {
            let advisor = candidates
                .iter()
                .find(|c| c.id == r.candidate_id)?
                .advisor_id;
            Some(ResultView {
                advisor_id: advisor,
                outcome: r.outcome.clone(),
                absence_justified: r.absence_justified,
                reasons: r.reasons.clone(),
                comment_for_candidate: r.comment_for_candidate.clone(),
                comment_for_organisation: r.comment_for_organisation.clone(),
                corrected: r.corrected_at.is_some(),
                correction_reason: r.correction_reason.clone(),
            })
        })
        .collect())
}
