//! Read-outs: a session's participants and an advisor's own enrolment.

use crate::auth::Principal;
use crate::db::DbConn;
use crate::db::module_enrolments::{self as q};
use crate::error::AppResult;

/// The participants of module session `session_id`, for the staff of its provider
/// `organisation_id`; nobody else sees them (an empty list).
pub fn participants(
    conn: &mut DbConn,
    actor: &Principal,
    organisation_id: i64,
    session_id: i64,
) -> AppResult<Vec<q::SessionParticipant>> {
    if !actor.is_staff_of(organisation_id) {
        return Ok(Vec::new());
    }
    Ok(q::participants(conn, session_id)?)
}

/// Advisor `advisor_id`'s enrolment in module session `session_id`, if any.
pub fn own_enrolment(
    conn: &mut DbConn,
    advisor_id: i64,
    session_id: i64,
) -> AppResult<Option<q::AdvisorModule>> {
    Ok(q::for_advisor(conn, advisor_id)?
        .into_iter()
        .find(|m| m.session_id == session_id))
}
