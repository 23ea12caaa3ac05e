//! Registering candidates: eligibility for the certification, capacity, accommodations, and no
//! conflict with the jury. A convocation job is queued for each.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use super::exam_sessions;
use super::jobs::{self, Job};
use super::juries;
use crate::auth::Principal;
use crate::db::exams::{self as q, NewCandidate};
use crate::db::{self, DbConn, advisors, cohorts, enrolments, organisations, users};
use crate::domain::certification::CertificationRole;
use crate::domain::exam::{Outcome, ccp1_delay_ok, ccp1_entered_ok, resit_ok};
use crate::domain::timezone::parse_zone;
use crate::domain::validation::optional_multiline;
use crate::error::{AppError, AppResult};

/// A candidate registration.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CandidateInput {
    /// The advisor.
    pub advisor_id: Option<i64>,
    /// `training` (default) or `vae` (validation of prior experience, no training cohort).
    pub route: Option<String>,
    /// Required to register after the session has started (recording a session afterwards).
    pub late_reason: Option<String>,
    /// Required for a CCP1 exam later than six months after training.
    pub delay_reason: Option<String>,
    /// Extra time, in percent (0–100).
    pub extra_time_percent: Option<i32>,
    /// Other accommodations, for the examiners.
    pub accommodation_notes: Option<String>,
}

/// A registered candidate.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CandidateView {
    /// Registration id.
    pub id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// `training` or `vae`.
    pub route: String,
    /// Extra time.
    pub extra_time_percent: i32,
    /// Accommodations.
    pub accommodation_notes: Option<String>,
}

/// Why `advisor_id` may not sit this session, if anything.
pub fn ineligibility(
    conn: &mut DbConn,
    session: &q::ExamSessionRow,
    advisor_id: i64,
    route: &str,
    delay_reason: bool,
) -> AppResult<Option<String>> {
    let certification = q::certification(conn, session.certification_id)?;
    let code = certification.code;
    let zone = parse_zone(&session.timezone).unwrap_or(chrono_tz::Europe::Paris);
    let day = session
        .starts_at
        .and_utc()
        .with_timezone(&zone)
        .date_naive();
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
    let active = enrolments::active_for_advisor(conn, advisor_id)?;
    match certification.role {
        CertificationRole::Ccp1Entry if route == "training" => {
            let served = organisations::territories_of(conn, &[session.organisation_id])?
                .remove(&session.organisation_id)
                .unwrap_or_default();
            let mut training = None;
            for (enrolment, kind) in &active {
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
        }
        CertificationRole::LaterBlock => {
            if !published.iter().any(|r| {
                r.role == CertificationRole::Ccp1Entry && r.outcome == Outcome::Validated.as_str()
            }) {
                return Ok(Some(format!("{code} suppose le CCP1 validé.")));
            }
            if !q::has_host_agreement(conn, advisor_id, day)? {
                return Ok(Some(
                    "L'accord de la structure d'accueil n'est pas enregistré.".to_owned(),
                ));
            }
            if route == "training" && !active.iter().any(|(_, kind)| kind == "ccp23") {
                return Ok(Some(format!(
                    "{code} suppose une inscription au parcours CCP2-CCP3."
                )));
            }
        }
        CertificationRole::Ccp1Entry | CertificationRole::Pix => {}
    }
    Ok(None)
}

/// Registers a candidate.
pub fn register(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    input: &CandidateInput,
) -> AppResult<CandidateView> {
    let advisor_id = input
        .advisor_id
        .ok_or_else(|| AppError::field("advisor_id", "Indiquez le conseiller."))?;
    let route = input.route.clone().unwrap_or_else(|| "training".to_owned());
    if !matches!(route.as_str(), "training" | "vae") {
        return Err(AppError::field("route", "Voie d'accès : training ou vae."));
    }
    let extra = input.extra_time_percent.unwrap_or(0);
    if !(0..=100).contains(&extra) {
        return Err(AppError::field("extra_time_percent", "Entre 0 et 100 %."));
    }
    let notes = optional_multiline(input.accommodation_notes.as_deref(), 1000)
        .map_err(|m| AppError::field("accommodation_notes", m))?;
    let late_reason = optional_multiline(input.late_reason.as_deref(), 1000)
        .map_err(|m| AppError::field("late_reason", m))?;
    let delay_reason = optional_multiline(input.delay_reason.as_deref(), 1000)
        .map_err(|m| AppError::field("delay_reason", m))?;
    db::write_transaction(conn, |conn| {
        q::lock(conn, session_id)?;
        let session = exam_sessions::visible(conn, actor, session_id)?;
        actor.require_staff_of(session.organisation_id)?;
        if session.published_at.is_some() || session.cancelled_at.is_some() {
            return Err(AppError::Conflict("Session publiée ou annulée.".to_owned()));
        }
        if session.starts_at <= ctx.now && late_reason.is_none() {
            return Err(AppError::field(
                "late_reason",
                "La session a commencé : indiquez pourquoi ce candidat est inscrit après coup.",
            ));
        }
        if db::found(advisors::find_in_scope(
            conn,
            &actor.advisor_scope(),
            advisor_id,
        ))?
        .is_none()
        {
            return Err(AppError::field("advisor_id", "Conseiller introuvable."));
        }
        let existing = q::candidates(conn, session_id)?;
        if existing.iter().any(|c| c.advisor_id == advisor_id) {
            return Err(AppError::field(
                "advisor_id",
                "Ce conseiller est déjà inscrit à cette session.",
            ));
        }
        if existing.len() >= usize::try_from(session.capacity).unwrap_or(0) {
            return Err(AppError::field(
                "advisor_id",
                format!("La session est complète ({} places).", session.capacity),
            ));
        }
        if let Some(why) =
            ineligibility(conn, &session, advisor_id, &route, delay_reason.is_some())?
        {
            return Err(AppError::field(
                if why.contains("motif du délai") {
                    "delay_reason"
                } else {
                    "advisor_id"
                },
                why,
            ));
        }
        for (user_id, name) in q::jury(conn, session_id)? {
            let orgs: Vec<i64> = users::memberships_of(conn, user_id)?
                .iter()
                .filter_map(|m| m.organisation_id)
                .collect();
            if let Some(why) = juries::candidate_conflict(conn, user_id, &orgs, advisor_id)? {
                return Err(AppError::field(
                    "advisor_id",
                    format!("Conflit avec le jury : {name} {why}."),
                ));
            }
        }
        let id = q::add_candidate(
            conn,
            &NewCandidate {
                session_id,
                advisor_id,
                route: route.clone(),
                late_reason: late_reason.clone(),
                delay_reason: delay_reason.clone(),
                extra_time_percent: extra,
                accommodation_notes: notes.clone(),
                registered_by: actor.audit_user_id(),
                created_at: ctx.now,
            },
        )?;
        jobs::enqueue(
            conn,
            &Job::ExamConvocation { candidate_id: id },
            ctx.now,
            ctx.now,
        )?;
        let view = CandidateView {
            id,
            advisor_id,
            route: route.clone(),
            extra_time_percent: extra,
            accommodation_notes: notes.clone(),
        };
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_candidate.create",
                entity: "exam_session",
                entity_id: session_id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: late_reason.as_deref().or(delay_reason.as_deref()),
            },
        )?;
        Ok(view)
    })
}
