//! Reading the schedule: per candidate, each épreuve with its lengthened duration, its slot and
//! its jurors, the dossier professionnel and whether the entretien final is due.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::access::{self, SessionFacts};
use crate::auth::Principal;
use crate::db::DbConn;
use crate::db::exam_grid;
use crate::db::exams::CandidateRow;
use crate::domain::epreuves::{EpreuveKind, lengthened_minutes, slot_end};
use crate::error::AppResult;
use crate::services::results;

/// An épreuve of a candidate and its slot.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScheduledEpreuve {
    /// The épreuve.
    pub epreuve_id: i64,
    /// Its kind (`mise_en_situation`…).
    pub kind: String,
    /// Its label.
    pub label: String,
    /// Its duration, before extra time.
    pub duration_minutes: i32,
    /// Its duration for this candidate, lengthened by their extra time.
    pub lengthened_minutes: i64,
    /// Start, when set.
    pub starts_at: Option<DateTime<Utc>>,
    /// End (start + lengthened duration), when set.
    pub ends_at: Option<DateTime<Utc>>,
    /// The jurors sitting on it.
    pub juror_ids: Vec<i64>,
}

/// A candidate's schedule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CandidateSchedule {
    /// The advisor.
    pub advisor_id: i64,
    /// « Nom Prénom ».
    pub name: String,
    /// Extra time (an accepted decision's percentage).
    pub extra_time_percent: i32,
    /// When the dossier professionnel came in.
    pub dossier_received_on: Option<NaiveDate>,
    /// Not received on the session's day: « dossier professionnel non reçu ».
    pub dossier_missing: bool,
    /// The entretien final is due (session titre, or the last missing CCPs).
    pub entretien_final_required: bool,
    /// The épreuves, the CCP's then the entretien final.
    pub epreuves: Vec<ScheduledEpreuve>,
}

/// A juror of the session.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Juror {
    /// User id.
    pub user_id: i64,
    /// Name.
    pub name: String,
}

/// A session's schedule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionSchedule {
    /// The session.
    pub session_id: i64,
    /// Its zone (the times shown to people are in it).
    pub timezone: String,
    /// Its jury.
    pub jury: Vec<Juror>,
    /// Its candidates.
    pub candidates: Vec<CandidateSchedule>,
}

/// The schedule of one registration.
pub(super) fn candidate_schedule(
    conn: &mut DbConn,
    facts: &SessionFacts,
    candidate: &CandidateRow,
) -> AppResult<CandidateSchedule> {
    let slots = exam_grid::slots_of_candidate(conn, candidate.id)?;
    let jurors = exam_grid::jurors_of_session(conn, facts.row.id)?;
    let entretien_final_required = results::entretien_final_due(conn, &facts.row, candidate)?;
    let epreuves = facts
        .epreuves
        .iter()
        .map(|e| {
            let slot = slots.iter().find(|s| s.epreuve_id == e.id);
            ScheduledEpreuve {
                epreuve_id: e.id,
                kind: e.kind.as_str().to_owned(),
                label: e.label.clone(),
                duration_minutes: e.duration_minutes,
                lengthened_minutes: lengthened_minutes(
                    e.duration_minutes,
                    candidate.extra_time_percent,
                ),
                starts_at: slot.map(|s| s.starts_at.and_utc()),
                ends_at: slot.map(|s| {
                    slot_end(
                        s.starts_at,
                        e.duration_minutes,
                        candidate.extra_time_percent,
                    )
                    .and_utc()
                }),
                juror_ids: slot
                    .map(|s| {
                        jurors
                            .iter()
                            .filter(|(id, _)| *id == s.slot_id)
                            .map(|(_, u)| *u)
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .filter(|e| {
            entretien_final_required
                || e.kind != EpreuveKind::EntretienFinal.as_str()
                || e.starts_at.is_some()
        })
        .collect();
    Ok(CandidateSchedule {
        advisor_id: candidate.advisor_id,
        name: facts.name(candidate.advisor_id),
        extra_time_percent: candidate.extra_time_percent,
        dossier_received_on: facts.received_on(candidate.id),
        dossier_missing: facts.dossier_missing(candidate.id),
        entretien_final_required,
        epreuves,
    })
}

/// A session's schedule, for those who read its results.
pub fn schedule(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
) -> AppResult<SessionSchedule> {
    let facts = access::readable(conn, actor, session_id)?;
    let mut candidates = Vec::with_capacity(facts.candidates.len());
    for candidate in &facts.candidates {
        candidates.push(candidate_schedule(conn, &facts, candidate)?);
    }
    Ok(SessionSchedule {
        session_id,
        timezone: facts.row.timezone.name().to_owned(),
        jury: facts
            .jury
            .iter()
            .map(|(user_id, name)| Juror {
                user_id: *user_id,
                name: name.clone(),
            })
            .collect(),
        candidates,
    })
}
