//! Why an examiner may not sit on a session: no examiner role, no habilitation valid on the
//! session's local date, another session at the same time, or a candidate they trained or who
//! works for their organisation.

use crate::db::exams::{self as q, ExamSessionRow};
use crate::db::{DbConn, advisors, day_trainers, enrolments, users};
use crate::domain::exam::{habilitation_covers, overlaps};
use crate::domain::roles::Role;
use crate::error::AppResult;

/// Why `user_id` may not examine in `session`, if anything.
pub fn conflict(
    conn: &mut DbConn,
    session: &ExamSessionRow,
    user_id: i64,
) -> AppResult<Option<String>> {
    let memberships = users::memberships_of(conn, user_id)?;
    if !memberships
        .iter()
        .any(|m| m.role == Role::Examiner.as_str())
    {
        return Ok(Some("n'a pas le rôle d'examinateur".to_owned()));
    }
    if let Some(why) = timing_conflict(conn, session, user_id)? {
        return Ok(Some(why));
    }
    let orgs: Vec<i64> = memberships
        .iter()
        .filter_map(|m| m.organisation_id)
        .collect();
    for candidate in q::candidates(conn, session.id)? {
        if let Some(why) = candidate_conflict(conn, user_id, &orgs, candidate.advisor_id)? {
            return Ok(Some(why));
        }
    }
    Ok(None)
}

/// Why `user_id` may not examine at the session's time, if anything: no habilitation for its
/// certification valid on its local date, or another session of theirs overlapping it.
pub fn timing_conflict(
    conn: &mut DbConn,
    session: &ExamSessionRow,
    user_id: i64,
) -> AppResult<Option<String>> {
    let code = q::certification(conn, session.certification_id)?.code;
    let zone = session.timezone.tz();
    let day = session
        .starts_at
        .and_utc()
        .with_timezone(&zone)
        .date_naive();
    let habilitated = q::habilitations_of(conn, user_id)?.iter().any(|h| {
        h.certification_code == code && habilitation_covers(h.valid_from, h.valid_to, day)
    });
    if !habilitated {
        return Ok(Some(format!(
            "pas d'habilitation {code} valide le {}",
            day.format("%d/%m/%Y")
        )));
    }
    if q::sessions_of_examiner(conn, user_id, session.id)?
        .iter()
        .any(|other| {
            overlaps(
                (session.starts_at, session.ends_at),
                (other.starts_at, other.ends_at),
            )
        })
    {
        return Ok(Some(
            "siège déjà dans une session au même moment".to_owned(),
        ));
    }
    Ok(None)
}

/// Why `user_id` (member of `orgs`) may not examine `advisor_id`, if anything.
pub fn candidate_conflict(
    conn: &mut DbConn,
    user_id: i64,
    orgs: &[i64],
    advisor_id: i64,
) -> AppResult<Option<String>> {
    let advisor = advisors::find(conn, advisor_id)?;
    for cohort_id in enrolments::all_cohort_ids_of_advisor(conn, advisor_id)? {
        if day_trainers::trains_any_day(conn, cohort_id, user_id)? {
            return Ok(Some(format!(
                "a formé {} {}",
                advisor.first_name, advisor.last_name
            )));
        }
    }
    if advisor.host_structure_id.is_some_and(|h| orgs.contains(&h)) {
        return Ok(Some(format!(
            "travaille pour la structure d'accueil de {} {}",
            advisor.first_name, advisor.last_name
        )));
    }
    Ok(None)
}
