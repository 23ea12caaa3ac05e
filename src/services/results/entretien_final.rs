//! The entretien final: required for a session titre and when the candidate presents the last
//! CCPs they miss of the title version (the livret's ledger holds every other block of it, by
//! exam, VAE or correspondence); a decision (validated or not, an absence aside) without the jury's observation on
//! the entretien final is then refused.

use crate::db::exams::{self as q, CandidateRow, ExamSessionRow};
use crate::db::{DbConn, exam_grid, livret};
use crate::domain::epreuves::{
    ENTRETIEN_FINAL_MISSING, EpreuveKind, entretien_final_required, presents_last_missing_ccps,
};
use crate::domain::exam::Outcome;
use crate::domain::session_file::SessionKind;
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
    // The livret's ledger: CCPs held by exam, VAE or correspondence from an older version (a CCP
    // once obtained is final), other than the one this session examines.
    let held: Vec<i64> = livret::holdings_of(conn, candidate.advisor_id)?
        .into_iter()
        .filter(|h| h.candidate_id != Some(candidate.id))
        .map(|h| h.certification_id)
        .collect();
    let presents = presents_last_missing_ccps(&blocks, &held, &[session.certification_id]);
    let is_session_titre = SessionKind::parse(&session.kind) == Some(SessionKind::Titre);
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
