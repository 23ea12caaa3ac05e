//! Look-ups the exam pages and the exam API need besides the sessions themselves: a session's
//! candidates with their names, an advisor named by id or e-mail within the actor's scope, the
//! certifications bearing a code.

use crate::auth::Principal;
use crate::db::advisors::{self, AdvisorRow};
use crate::db::exams::{self as q, CandidateRow};
use crate::db::{self, DbConn};
use crate::error::AppResult;

/// An advisor's id with their last name, first name and e-mail.
pub use crate::db::exams::AdvisorName;

/// The candidates of session `session_id` in registration order, with their names. The caller
/// has checked that the session is visible to the actor.
pub fn candidates_with_names(
    conn: &mut DbConn,
    session_id: i64,
) -> AppResult<(Vec<CandidateRow>, Vec<AdvisorName>)> {
    let candidates = q::candidates(conn, session_id)?;
    let ids: Vec<i64> = candidates.iter().map(|c| c.advisor_id).collect();
    let names = q::advisor_names(conn, &ids)?;
    Ok((candidates, names))
}

/// The advisor `who` names (an id, else an e-mail, compared lower-cased) if visible to `actor`;
/// `None` when there is none, a database failure is an error.
pub fn advisor_named(
    conn: &mut DbConn,
    actor: &Principal,
    who: &str,
) -> AppResult<Option<AdvisorRow>> {
    let scope = actor.advisor_scope();
    Ok(match who.parse::<i64>() {
        Ok(id) => db::found(advisors::find_in_scope(conn, &scope, id))?,
        Err(_) => advisors::find_by_email_in_scope(conn, &scope, &who.to_lowercase())?,
    })
}

/// The ids of every certification (all title versions) whose code is `code`.
pub fn certification_ids(conn: &mut DbConn, code: &str) -> AppResult<Vec<i64>> {
    Ok(q::certifications_with_code(conn, code)?
        .into_iter()
        .map(|c| c.id)
        .collect())
}
