//! The e-mails of an exam registration: the convocation, the session changed or cancelled, and
//! the published result.

use chrono::NaiveDateTime;
use serde_json::json;

use super::draft::Draft;
use crate::db::{DbConn, advisors, exams};
use crate::domain::french::french_instant;
use crate::error::AppResult;
use crate::services::jobs::Job;

/// An exam session changed or cancelled, told to a candidate.
pub(super) fn session_notice(
    conn: &mut DbConn,
    job: &Job,
    candidate_id: i64,
    now: NaiveDateTime,
) -> AppResult<Option<Draft>> {
    let (_, advisor, session, code) = exam_facts(conn, candidate_id)?;
    let cancelled = matches!(job, Job::ExamSessionCancelled { .. });
    let schedule = crate::services::epreuves::convocation_schedule(conn, &session, candidate_id)?;
    let key = format!("exam-{}", session.id);
    Ok(Some(Draft {
        template: if cancelled {
            "exam_session_cancelled"
        } else {
            "exam_session_changed"
        },
        subject: if cancelled {
            format!("Examen {code} annulé")
        } else {
            format!("Examen {code} : nouvelle convocation")
        },
        to: advisor.email.clone(),
        to_name: format!("{} {}", advisor.first_name, advisor.last_name),
        context: json!({
            "first_name": advisor.first_name, "certification": code,
            "when": french_instant(session.starts_at, session.timezone.tz()),
            "place": if session.remote { "à distance".to_owned() } else { format!("{}{}", session.venue.clone().unwrap_or_default(), session.room.as_ref().map(|r| format!(", salle {r}")).unwrap_or_default()) },
            "reason": session.cancel_reason,
            "schedule": schedule,
        }),
        invite: Some((
            crate::db::calendar::exams(conn, Some(advisor.id), None, now)?
                .into_iter()
                .filter(|r| r.key == key)
                .collect(),
            advisor.id,
        )),
        files: Vec::new(),
    }))
}

/// The convocation to an exam session, or the published result.
pub(super) fn convocation_or_result(
    conn: &mut DbConn,
    job: &Job,
    candidate_id: i64,
    now: NaiveDateTime,
) -> AppResult<Option<Draft>> {
    let (candidate, advisor, session, code) = exam_facts(conn, candidate_id)?;
    if matches!(job, Job::ExamConvocation { .. }) {
        if session.cancelled_at.is_some() {
            return Ok(None);
        }
        let schedule =
            crate::services::epreuves::convocation_schedule(conn, &session, candidate_id)?;
        Ok(Some(Draft {
            template: "exam_convocation",
            subject: format!("Convocation à l'examen {code}"),
            to: advisor.email.clone(),
            to_name: format!("{} {}", advisor.first_name, advisor.last_name),
            context: json!({
                "first_name": advisor.first_name, "certification": code,
                "when": french_instant(session.starts_at, session.timezone.tz()),
                "place": if session.remote { "à distance".to_owned() } else { format!("{}{}", session.venue.clone().unwrap_or_default(), session.room.as_ref().map(|r| format!(", salle {r}")).unwrap_or_default()) },
                "extra_time": candidate.extra_time_percent,
                "schedule": schedule,
            }),
            invite: Some((
                crate::db::calendar::exams(conn, Some(advisor.id), None, now)?
                    .into_iter()
                    .filter(|r| r.key == format!("exam-{}", session.id))
                    .collect(),
                advisor.id,
            )),
            files: Vec::new(),
        }))
    } else {
        let Some(result) = exams::result_of(conn, candidate_id)? else {
            return Ok(None);
        };
        Ok(Some(Draft {
            template: "results_published",
            subject: format!("Résultat de votre examen {code}"),
            to: advisor.email.clone(),
            to_name: format!("{} {}", advisor.first_name, advisor.last_name),
            context: json!({
                "first_name": advisor.first_name, "certification": code,
                "outcome": crate::domain::exam::Outcome::parse(&result.outcome).map_or("", crate::domain::exam::Outcome::label),
                "validated": result.outcome == "validated",
                "comment": result.comment_for_candidate,
            }),
            invite: None,
            files: Vec::new(),
        }))
    }
}

/// A candidate's registration, the advisor, the session and its certification's code.
fn exam_facts(
    conn: &mut DbConn,
    candidate_id: i64,
) -> AppResult<(
    exams::CandidateRow,
    advisors::AdvisorRow,
    exams::ExamSessionRow,
    String,
)> {
    let candidate = exams::candidate(conn, candidate_id)?;
    let advisor = advisors::find(conn, candidate.advisor_id)?;
    let session = exams::find(conn, candidate.session_id)?;
    let code = exams::certification_rows(conn)?
        .into_iter()
        .find(|c| c.0 == session.certification_id)
        .map(|c| c.1)
        .unwrap_or_default();
    Ok((candidate, advisor, session, code))
}
