//! Who sees a candidate's request and who reads its health data: scope first (who cannot see
//! the session, and is not the candidate, gets « introuvable »), then the rule of each act.

use crate::auth::Principal;
use crate::db::accommodations as q;
use crate::db::exams::{self, CandidateRow, ExamSessionRow};
use crate::db::{self, DbConn};
use crate::domain::accommodation::{DECIDERS, HEALTH_DATA};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};
use crate::services::exam_session_views;

/// A candidate and their session.
pub(super) struct Place {
    /// The registration.
    pub candidate: CandidateRow,
    /// The session.
    pub session: ExamSessionRow,
}

/// The advisor record of an advisor account.
fn own_advisor(actor: &Principal) -> Option<i64> {
    actor.advisor_id.filter(|_| actor.has_role(Role::Advisor))
}

/// Whether the actor is the candidate.
pub(super) fn is_candidate(actor: &Principal, place: &Place) -> bool {
    own_advisor(actor) == Some(place.candidate.advisor_id)
}

/// The candidate `candidate_id`, if the actor sees their session or is them (404 otherwise).
pub(super) fn visible(conn: &mut DbConn, actor: &Principal, candidate_id: i64) -> AppResult<Place> {
    let Some(candidate) = db::found(exams::candidate(conn, candidate_id))? else {
        return Err(AppError::NotFound);
    };
    let session = exams::find(conn, candidate.session_id)?;
    let place = Place { candidate, session };
    if is_candidate(actor, &place) || exam_session_views::may_see(conn, actor, &place.session)? {
        Ok(place)
    } else {
        Err(AppError::NotFound)
    }
}

/// Refuses unless the actor is staff of the session's organiser (or an admin).
pub(super) fn require_decider(actor: &Principal, place: &Place) -> AppResult<()> {
    if actor.is_staff_of(place.session.organisation_id) {
        Ok(())
    } else {
        Err(AppError::Forbidden(DECIDERS.to_owned()))
    }
}

/// Who reads the health data: the candidate, the organiser's staff (who decide) and its
/// référent handicap; not admins, trainers or the jury. Returns the capacity read as.
pub(super) fn health_reader(
    conn: &mut DbConn,
    actor: &Principal,
    place: &Place,
) -> AppResult<Option<&'static str>> {
    if is_candidate(actor, place) {
        return Ok(Some("candidate"));
    }
    let org = place.session.organisation_id;
    if actor.orgs_with(Role::Staff).contains(&org) {
        return Ok(Some("staff"));
    }
    let referent = q::referent(conn, org)?;
    if referent.is_some_and(|(r, _)| r.user_id == Some(actor.user_id) && actor.user_id > 0) {
        return Ok(Some("referent"));
    }
    Ok(None)
}

/// [`health_reader`], refused with the rule when the actor is none of them.
pub(super) fn require_health_reader(
    conn: &mut DbConn,
    actor: &Principal,
    place: &Place,
) -> AppResult<&'static str> {
    health_reader(conn, actor, place)?.ok_or_else(|| AppError::Forbidden(HEALTH_DATA.to_owned()))
}
