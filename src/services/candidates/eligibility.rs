//! Who may sit a session: not already validated, a re-sit within a year of the failure, then
//! what the certification's role asks (CCP1 after initial training, later blocks after CCP1 with
//! the host's agreement and the course).

use chrono::NaiveDate;

use crate::db::exams::{self as q, PublishedResult};
use crate::db::{DbConn, cohorts, enrolments, organisations};
use crate::domain::certification::CertificationRole;
use crate::domain::exam::{Outcome, ccp1_delay_ok, ccp1_entered_ok, resit_ok};
use crate::error::AppResult;

/// Why `advisor_id` may not sit this session, if anything.
pub fn ineligibility(
    conn: &mut DbConn,
    session: &q::ExamSessionRow,
    advisor_id: i64,
    route: &str,
    delay_reason: bool,
) -> AppResult<Option<String>> {
    let certification = q::certification(conn, session.certification_id)?;
    let zone = session.timezone.tz();
    let day = session
        .starts_at
        .and_utc()
        .with_timezone(&zone)
        .date_naive();
    if let Some(why) = super::prolongation::refusal(conn, session, &certification, advisor_id, day)?
    {
        return Ok(Some(why));
    }
    let code = certification.code;
    let published = q::published_results(conn, advisor_id)?;
    let mine: Vec<_> = published
        .iter()
        .filter(|r| r.certification_code == code)
        .collect();
    if mine
        .iter()
        .any(|r| r.outcome == Outcome::Validated.as_str())
    {
        return Ok(Some(format!("{code} est déjà validé pour ce conseiller.")));
    }
    let last_failure = mine
        .iter()
        .filter(|r| {
            r.outcome == Outcome::NotValidated.as_str()
                || (r.outcome == Outcome::Absent.as_str() && !r.absence_justified)
        })
        .map(|r| r.starts_at.and_utc().with_timezone(&zone).date_naive())
        .max();
    if let Some(failed_on) = last_failure
        && !resit_ok(failed_on, day)
    {
        return Ok(Some(format!(
            "Le délai d'un an pour repasser {code} après l'échec du {} est dépassé.",
            failed_on.format("%d/%m/%Y")
        )));
    }
    match certification.role {
        CertificationRole::Ccp1Entry if route == "training" => {
            ccp1_by_training(conn, session, advisor_id, day, delay_reason)
        }
        CertificationRole::LaterBlock => {
            later_block(conn, &code, &published, advisor_id, route, day)
        }
        CertificationRole::Ccp1Entry | CertificationRole::Pix => Ok(None),
    }
}

/// CCP1 by the training route: initial training in one of the organiser's territories, entered
/// before the session's day, ended at most six months before it (or a delay reason).
fn ccp1_by_training(
    conn: &mut DbConn,
    session: &q::ExamSessionRow,
    advisor_id: i64,
    day: NaiveDate,
    delay_reason: bool,
) -> AppResult<Option<String>> {
    let served = organisations::territories_of(conn, &[session.organisation_id])?
        .remove(&session.organisation_id)
        .unwrap_or_default();
    let mut training = None;
    for (enrolment, kind) in &enrolments::active_for_advisor(conn, advisor_id)? {
        if kind == "initial" {
            let cohort = cohorts::find(conn, enrolment.cohort_id)?;
            if served.contains(&cohort.territory_code) {
                training = Some((enrolment.training_entry_date, cohort.ends_on));
            }
        }
    }
    let Some((entry, end)) = training else {
        return Ok(Some(
            "Le CCP1 suppose une formation initiale dans un territoire de l'organisateur."
                .to_owned(),
        ));
    };
    if !ccp1_entered_ok(entry, day) {
        return Ok(Some(format!(
            "Le CCP1 par la voie de la formation suppose d'être entré en formation initiale avant la session (entrée le {}).",
            entry.format("%d/%m/%Y")
        )));
    }
    if !ccp1_delay_ok(end, day, delay_reason) {
        return Ok(Some(format!(
            "L'examen tombe plus de six mois après la fin de la formation ({}) : indiquez le motif du délai.",
            end.format("%d/%m/%Y")
        )));
    }
    Ok(None)
}

/// A later block (CCP2, CCP3): CCP1 validated, the host structure's agreement by the session's
/// day, and by the training route the CCP2-CCP3 course.
fn later_block(
    conn: &mut DbConn,
    code: &str,
    published: &[PublishedResult],
    advisor_id: i64,
    route: &str,
    day: NaiveDate,
) -> AppResult<Option<String>> {
    if !published
        .iter()
        .any(|r| r.role == CertificationRole::Ccp1Entry && r.outcome == Outcome::Validated.as_str())
    {
        return Ok(Some(format!("{code} suppose le CCP1 validé.")));
    }
    if !q::has_host_agreement(conn, advisor_id, day)? {
        return Ok(Some(
            "L'accord de la structure d'accueil n'est pas enregistré.".to_owned(),
        ));
    }
    if route == "training"
        && !enrolments::active_for_advisor(conn, advisor_id)?
            .iter()
            .any(|(_, kind)| kind == "ccp23")
    {
        return Ok(Some(format!(
            "{code} suppose une inscription au parcours CCP2-CCP3."
        )));
    }
    Ok(None)
}
