//! Registering candidates: eligibility for the certification, capacity, no extra time or
//! accommodation notes (they come from an accommodation request), and no conflict with the
//! jury. A convocation job is queued for each.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ineligibility;
use crate::auth::Principal;
use crate::db::exams::{self as q, NewCandidate};
use crate::db::{self, DbConn, advisors, users};
use crate::domain::accommodation::{EXTRA_TIME_RULE, NOTES_RULE};
use crate::domain::validation::optional_multiline;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::exam_session_views;
use crate::services::jobs::{self, Job};
use crate::services::juries;
use crate::services::livret;

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
    /// Refused above 0: extra time comes only from an accepted accommodation decision
    /// (`PUT /api/v1/exam-candidates/{id}/accommodation`, then its decision).
    pub extra_time_percent: Option<i32>,
    /// Refused when given: accommodations are requested on the candidate's line (health data).
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
    /// Extra time granted by an accepted accommodation decision (0 at registration).
    pub extra_time_percent: i32,
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
    let checked = check_input(input)?;
    db::write_transaction(conn, |conn| {
        let session = open_session(conn, actor, ctx, session_id, &checked)?;
        register_open(conn, actor, ctx, &session, advisor_id, &checked)
    })
}

/// A registration's fields once checked (the same for every advisor of a batch).
pub(super) struct Checked {
    route: String,
    late_reason: Option<String>,
    delay_reason: Option<String>,
}

/// The fields of a registration other than the advisor.
pub(super) fn check_input(input: &CandidateInput) -> AppResult<Checked> {
    let route = input.route.clone().unwrap_or_else(|| "training".to_owned());
    if !matches!(route.as_str(), "training" | "vae") {
        return Err(AppError::field("route", "Voie d'accès : training ou vae."));
    }
    if input.extra_time_percent.unwrap_or(0) != 0 {
        return Err(AppError::field("extra_time_percent", EXTRA_TIME_RULE));
    }
    if input
        .accommodation_notes
        .as_deref()
        .is_some_and(|n| !n.trim().is_empty())
    {
        return Err(AppError::field("accommodation_notes", NOTES_RULE));
    }
    let late_reason = optional_multiline(input.late_reason.as_deref(), 1000)
        .map_err(|m| AppError::field("late_reason", m))?;
    let delay_reason = optional_multiline(input.delay_reason.as_deref(), 1000)
        .map_err(|m| AppError::field("delay_reason", m))?;
    Ok(Checked {
        route,
        late_reason,
        delay_reason,
    })
}

/// The session candidates are registered in, locked, in the caller's transaction: visible, the
/// actor its organiser's staff, neither published nor cancelled, a late registration explained.
pub(super) fn open_session(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    checked: &Checked,
) -> AppResult<q::ExamSessionRow> {
    q::lock(conn, session_id)?;
    let session = exam_session_views::visible(conn, actor, session_id)?;
    actor.require_staff_of(session.organisation_id)?;
    if session.published_at.is_some() || session.cancelled_at.is_some() {
        return Err(AppError::Conflict("Session publiée ou annulée.".to_owned()));
    }
    if session.starts_at <= ctx.now && checked.late_reason.is_none() {
        return Err(AppError::field(
            "late_reason",
            "La session a commencé : indiquez pourquoi ce candidat est inscrit après coup.",
        ));
    }
    Ok(session)
}

/// The rule of one registration in an open session (see [`open_session`]): the advisor in the
/// actor's scope, not yet registered, a seat left, eligible, no conflict with the jury; then
/// the writes (registration, livret, convocation, audit).
pub(super) fn register_open(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session: &q::ExamSessionRow,
    advisor_id: i64,
    checked: &Checked,
) -> AppResult<CandidateView> {
    let session_id = session.id;
    let Checked {
        route,
        late_reason,
        delay_reason,
    } = checked;
    {
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
        if let Some(why) = ineligibility(conn, session, advisor_id, route, delay_reason.is_some())?
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
                extra_time_percent: 0,
                accommodation_notes: None,
                registered_by: actor.audit_user_id(),
                created_at: ctx.now,
            },
        )?;
        // A holder of CCPs of another title version holds this one's by correspondence.
        livret::sync(conn, ctx, advisor_id)?;
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
            extra_time_percent: 0,
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
    }
}
