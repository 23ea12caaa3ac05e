//! Jury impartiality, re-checked whenever a fact it rests on changes: a trainer assigned to a
//! cohort, an advisor enrolled in a cohort, an advisor's host structure, and a result recorded.
//! The rule itself is [`juries::candidate_conflict`] (the examiner trained the candidate, or
//! works for their host structure); this module only finds the juries a change touches.

use super::juries;
use crate::db::exams::{self as q, ExamSessionRow};
use crate::db::{DbConn, impartiality, users};
use crate::error::AppResult;

/// The organisations `user_id` belongs to.
fn orgs_of(conn: &mut DbConn, user_id: i64) -> AppResult<Vec<i64>> {
    Ok(users::memberships_of(conn, user_id)?
        .iter()
        .filter_map(|m| m.organisation_id)
        .collect())
}

/// « CCP1 du 12/05/2026 ».
fn label(conn: &mut DbConn, session: &ExamSessionRow) -> AppResult<String> {
    let code = q::certification(conn, session.certification_id)?.code;
    let zone = session.timezone.tz();
    let day = session
        .starts_at
        .and_utc()
        .with_timezone(&zone)
        .date_naive();
    Ok(format!("{code} du {}", day.format("%d/%m/%Y")))
}

/// Why a juror of one of `advisor_id`'s live sessions would no longer be impartial, if one
/// would; called inside the transaction that changed the advisor's facts.
pub fn after_advisor_change(conn: &mut DbConn, advisor_id: i64) -> AppResult<Option<String>> {
    for session in impartiality::live_sessions_of_candidate(conn, advisor_id)? {
        for (juror, name) in q::jury(conn, session.id)? {
            let orgs = orgs_of(conn, juror)?;
            if let Some(why) = juries::candidate_conflict(conn, juror, &orgs, advisor_id)? {
                return Ok(Some(format!(
                    "Refusé : le jury de la session {} ne serait plus impartial ({name} {why}).",
                    label(conn, &session)?
                )));
            }
        }
    }
    Ok(None)
}

/// Why `user_id`, just assigned as a trainer, may no longer sit on a jury they are on, if so:
/// the message names the session.
pub fn after_trainer_assignment(conn: &mut DbConn, user_id: i64) -> AppResult<Option<String>> {
    let orgs = orgs_of(conn, user_id)?;
    for session in impartiality::live_sessions_of_examiner(conn, user_id)? {
        for candidate in q::candidates(conn, session.id)? {
            if juries::candidate_conflict(conn, user_id, &orgs, candidate.advisor_id)?.is_some() {
                return Ok(Some(format!(
                    "Cette personne siège au jury de la session {} où se présente un conseiller \
                     de cette session de formation : elle ne peut pas à la fois le former et \
                     l'évaluer.",
                    label(conn, &session)?
                )));
            }
        }
    }
    Ok(None)
}

/// Why `user_id` may not record `advisor_id`'s result (no longer impartial), if so.
pub fn before_result(
    conn: &mut DbConn,
    user_id: i64,
    advisor_id: i64,
) -> AppResult<Option<String>> {
    let orgs = orgs_of(conn, user_id)?;
    Ok(
        juries::candidate_conflict(conn, user_id, &orgs, advisor_id)?.map(|why| {
            format!(
                "Vous ne pouvez pas saisir ce résultat : vous n'êtes plus impartial envers ce \
             candidat (examinateur qui {why})."
            )
        }),
    )
}
