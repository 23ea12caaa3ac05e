//! Reading a session's procès-verbal: its state, and the PDFs of the PV and of a candidate's
//! fiche. The organiser's staff, coordinators over it, its jurors and admins read them; a
//! candidate reads their own fiche; everyone else gets 404 before anything is said.

use super::state::{Current, PvState, state_of};
use crate::auth::Principal;
use crate::db::DbConn;
use crate::db::exams::{self as q, ExamSessionRow};
use crate::db::sealed_documents::{self as sealed, FICHE_RESULTATS, PROCES_VERBAL, SealedRow};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::exam_session_views;

/// What a download says before the PV is sealed.
pub const NOT_SEALED_YET: &str = "Le procès-verbal sera scellé quand tout le jury l'aura signé.";

/// The state of session `session_id`'s PV.
pub fn state(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
) -> AppResult<PvState> {
    let row = exam_session_views::visible(conn, actor, session_id)?;
    let current = Current::read(conn, row)?;
    state_of(conn, ctx.base_url, &current)
}

/// The latest sealed PV of session `session_id` and its PDF.
pub fn pv_pdf(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
) -> AppResult<(SealedRow, Vec<u8>)> {
    exam_session_views::visible(conn, actor, session_id)?;
    let row = sealed::latest_of_exam_session(conn, PROCES_VERBAL, session_id, None)?
        .ok_or_else(|| AppError::Conflict(NOT_SEALED_YET.to_owned()))?;
    let pdf = sealed::pdf(conn, row.id)?;
    Ok((row, pdf))
}

fn fiche_readable(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
    advisor_id: i64,
) -> AppResult<ExamSessionRow> {
    let row = q::find(conn, session_id).map_err(|_| AppError::NotFound)?;
    let own = actor.advisor_id == Some(advisor_id);
    if !(own || exam_session_views::may_see(conn, actor, &row)?) {
        return Err(AppError::NotFound);
    }
    if !q::candidates(conn, session_id)?
        .iter()
        .any(|c| c.advisor_id == advisor_id)
    {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

/// The latest sealed fiche of candidate `advisor_id` in session `session_id` and its PDF.
pub fn fiche_pdf(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
    advisor_id: i64,
) -> AppResult<(SealedRow, Vec<u8>)> {
    fiche_readable(conn, actor, session_id, advisor_id)?;
    let row = sealed::latest_of_exam_session(conn, FICHE_RESULTATS, session_id, Some(advisor_id))?
        .ok_or_else(|| AppError::Conflict(NOT_SEALED_YET.to_owned()))?;
    let pdf = sealed::pdf(conn, row.id)?;
    Ok((row, pdf))
}

/// The actor's own sealed fiches (« Mon parcours »), current versions only: `(session id,
/// version, code)`; none for an actor who is not an advisor.
pub fn own_fiches(conn: &mut DbConn, actor: &Principal) -> AppResult<Vec<(i64, i32, String)>> {
    let Some(advisor_id) = actor.advisor_id else {
        return Ok(Vec::new());
    };
    Ok(sealed::fiches_of_advisor(conn, advisor_id)?
        .into_iter()
        .filter(|r| r.superseded_by.is_none())
        .filter_map(|r| r.exam_session_id.map(|s| (s, r.version, r.code)))
        .collect())
}
