//! Who may see a session's video-conference link: the staff of the organisation running it (and
//! admins), its trainers or examiners, and the people enrolled or convened. Everyone else who
//! may read the session (coordinators, the catalogue's readers) sees it without its link.

use crate::auth::Principal;
use crate::db::{DbConn, video_audience as q};
use crate::error::AppResult;

/// Whether `actor` takes part in the cohort run by `organisation_id`.
pub fn cohort(
    conn: &mut DbConn,
    actor: &Principal,
    organisation_id: i64,
    cohort_id: i64,
) -> AppResult<bool> {
    Ok(actor.is_staff_of(organisation_id)
        || q::in_cohort(conn, cohort_id, actor.user_id, actor.advisor_id)?)
}

/// Whether `actor` takes part in the module session run by `organisation_id`.
pub fn module_session(
    conn: &mut DbConn,
    actor: &Principal,
    organisation_id: i64,
    session_id: i64,
) -> AppResult<bool> {
    Ok(actor.is_staff_of(organisation_id)
        || q::in_module_session(conn, session_id, actor.user_id, actor.advisor_id)?)
}

/// Whether `actor` takes part in the exam session run by `organisation_id`.
pub fn exam_session(
    conn: &mut DbConn,
    actor: &Principal,
    organisation_id: i64,
    session_id: i64,
) -> AppResult<bool> {
    Ok(actor.is_staff_of(organisation_id)
        || q::in_exam_session(conn, session_id, actor.user_id, actor.advisor_id)?)
}
