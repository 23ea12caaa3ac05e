//! The entretien final: required for a session titre and when the candidate presents the last
//! CCPs they miss of the title version (they hold every other block of it, published and
//! validated); a decision (validated or not, an absence aside) without the jury's observation on
//! the entretien final is then refused.

use crate::db::exams::{self as q, CandidateRow, ExamSessionRow};
use crate::db::{DbConn, exam_grid};
use crate::domain::epreuves::{
    ENTRETIEN_FINAL_MISSING, EpreuveKind, entretien_final_required, presents_last_missing_ccps,
};
use crate::domain::exam::Outcome;
use crate::error::{AppError, AppResult};

/// Whether `candidate` of `session` must pass the entretien final.
pub fn entretien_final_due(
    conn: &mut DbConn,
    session: &ExamSessionRow,
    candidate: &CandidateRow,
) -> AppResult<bool> {
    let certification = q::certification(conn, session.certification_id)?;
    let Some(title) = certification.title_id else {
        return Ok(false);
    };
    let blocks = q::certification_ids_of_title(conn, title)?;
    let held: Vec<i64> = q::published_results(conn, candidate.advisor_id)?
        .into_iter()
        .filter(|r| r.title_id == Some(title) && r.session_id != session.id)
        .filter(|r| r.outcome == Outcome::Validated.as_str())
        .map(|r| r.certification_id)
        .collect();
    let presents = presents_last_missing_ccps(&blocks, &held, &[session.certification_id]);
    // kind: wired when the agrément branch lands (exam_sessions.kind = 'session_titre').
    let is_session_titre = false;
    Ok(entretien_final_required(is_session_titre, presents))
}

/// Refuses a decision on `candidate` when the entretien final is due and has no observation.
pub(super) fn check_decision(
    conn: &mut DbConn,
    session: &ExamSessionRow,
    candidate: &CandidateRow,
    outcome: Outcome,
) -> AppResult<()> {
    if outcome == Outcome::Absent || !entretien_final_due(conn, session, candidate)? {
        return Ok(());
    }
    if exam_grid::has_observation_of_kind(conn, candidate.id, EpreuveKind::EntretienFinal.as_str())?
    {
        Ok(())
    } else {
        Err(AppError::Conflict(ENTRETIEN_FINAL_MISSING.to_owned()))
    }
}
