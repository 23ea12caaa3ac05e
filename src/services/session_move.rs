//! A moved exam session keeps its jury and its candidates: each examiner still habilitated on
//! the new date and free at the new time, each candidate still within their windows (six months
//! after training for CCP1 unless a delay reason, a re-sit within a year…). The rules are the ones
//! used when the jury and the candidates were added (`juries::timing_conflict`,
//! `candidates::ineligibility`), applied again.

use super::{candidates, juries};
use crate::db::exams::{self as q, ExamSessionRow};
use crate::db::{DbConn, advisors};
use crate::error::{AppError, AppResult};

/// What the session, as it now stands, breaks: one line per examiner or candidate.
pub fn conflicts(conn: &mut DbConn, session: &ExamSessionRow) -> AppResult<Vec<String>> {
    let mut out = Vec::new();
    for (user_id, name) in q::jury(conn, session.id)? {
        if let Some(why) = juries::timing_conflict(conn, session, user_id)? {
            out.push(format!("{name} (jury) : {why}"));
        }
    }
    for candidate in q::candidates(conn, session.id)? {
        if let Some(why) = candidates::ineligibility(
            conn,
            session,
            candidate.advisor_id,
            &candidate.route,
            candidate.delay_reason.is_some(),
        )? {
            let advisor = advisors::find(conn, candidate.advisor_id)?;
            out.push(format!(
                "{} {} (candidat) : {why}",
                advisor.first_name, advisor.last_name
            ));
        }
    }
    Ok(out)
}

/// Refuses the move, beside `starts_at`, listing every conflict; runs in the transaction that
/// wrote the new values, so the refusal rolls them back.
pub fn check(conn: &mut DbConn, session_id: i64) -> AppResult<()> {
    let session = q::find(conn, session_id)?;
    let found = conflicts(conn, &session)?;
    if found.is_empty() {
        return Ok(());
    }
    Err(AppError::field(
        "starts_at",
        format!(
            "La session ne peut pas être déplacée ainsi : {}.",
            found.join(" ; ")
        ),
    ))
}
