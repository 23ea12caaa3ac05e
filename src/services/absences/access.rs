//! Who may see, submit, decide and read: scope first (an actor who cannot see the cohort or module session gets
//! « introuvable » before anything is revealed), then the rule of each act.

use crate::auth::Principal;
use crate::db::cohorts::CohortRow;
use crate::db::half_days::HalfDayRow;
use crate::db::{self, DbConn, absences, cohorts, enrolments, half_days};
use crate::domain::roles::Role;
use crate::domain::schedule::HalfDay;
use crate::domain::signing_window::HalfDaySpan;
use crate::error::{AppError, AppResult};
use crate::services::sitting::{DayKind, Sitting, exam_session_in_scope, module_session_in_scope};

/// The rule of who submits a proof.
pub const SUBMITTERS: &str = "Un justificatif d'absence est déposé par le conseiller concerné, depuis son compte, ou par l'équipe de l'organisme de formation de la session.";
/// The rule of who decides.
pub const DECIDERS: &str = "Les justificatifs d'absence sont acceptés ou refusés par l'équipe de l'organisme de formation de la session.";
/// The rule of who reads a proof (health data).
pub const HEALTH_DATA: &str = "Un justificatif d'absence peut contenir des données de santé : seuls le conseiller concerné, l'équipe de l'organisme de formation qui en décide et les administrateurs le consultent.";

/// The advisor record of an advisor account.
pub(super) fn own_advisor(actor: &Principal) -> Option<i64> {
    actor.advisor_id.filter(|_| actor.has_role(Role::Advisor))
}

/// The cohort, if the actor may see it: by their organisations' scope, or as an advisor who is
/// (or was) enrolled in it. Otherwise « introuvable ».
pub(super) fn visible_cohort(
    conn: &mut DbConn,
    actor: &Principal,
    cohort_id: i64,
) -> AppResult<CohortRow> {
    if let Some(cohort) = db::found(cohorts::find_in_scope(
        conn,
        &actor.cohort_scope(),
        cohort_id,
    ))? {
        return Ok(cohort);
    }
    if let Some(own) = own_advisor(actor)
        && enrolments::all_cohort_ids_of_advisor(conn, own)?.contains(&cohort_id)
    {
        return Ok(cohorts::find(conn, cohort_id)?);
    }
    Err(AppError::NotFound)
}

/// Where a justification or an absence sits.
#[derive(Debug, Clone)]
pub(super) struct Place {
    /// The day and its owner (a cohort or a module session).
    pub sitting: Sitting,
    /// The half-day's row.
    pub half_day: HalfDayRow,
    /// Which half.
    pub half: HalfDay,
    /// Its span, UTC.
    pub span: HalfDaySpan,
}

/// The place of the half-day `half_day_id` (a cohort's training day or a module session's day).
pub(super) fn place_of(conn: &mut DbConn, half_day_id: i64) -> AppResult<Place> {
    let half_day = half_days::find(conn, half_day_id)?;
    let kind = DayKind::parse(&half_day.day_kind).ok_or(AppError::NotFound)?;
    let sitting = Sitting::load(conn, kind, half_day.day_id)?.ok_or(AppError::NotFound)?;
    let half = HalfDay::parse(&half_day.half_day).ok_or_else(|| {
        AppError::Internal(format!("half-day {half_day_id}: {}", half_day.half_day))
    })?;
    let span = sitting.span(half).ok_or_else(|| {
        AppError::Internal(format!("half-day {half_day_id} outside its day's times"))
    })?;
    Ok(Place {
        sitting,
        half_day,
        half,
        span,
    })
}

/// Whether the actor sees the place's owner by their organisations' scope (a module session's
/// trainers too).
fn sees_owner(conn: &mut DbConn, actor: &Principal, sitting: &Sitting) -> AppResult<bool> {
    Ok(match sitting.kind() {
        DayKind::CohortDay => db::found(cohorts::find_in_scope(
            conn,
            &actor.cohort_scope(),
            sitting.owner_id(),
        ))?
        .is_some(),
        DayKind::ModuleDay => match module_session_in_scope(conn, actor, sitting.owner_id()) {
            Ok(_) => true,
            Err(AppError::NotFound) => false,
            Err(err) => return Err(err),
        },
        DayKind::ExamDay => match exam_session_in_scope(conn, actor, sitting.owner_id()) {
            Ok(_) => true,
            Err(AppError::NotFound) => false,
            Err(err) => return Err(err),
        },
    })
}

/// A justification and its place, if the actor may see it: the advisor concerned, or someone
/// who sees the cohort or module session. Otherwise « introuvable ».
pub(super) fn visible_justification(
    conn: &mut DbConn,
    actor: &Principal,
    id: i64,
) -> AppResult<(absences::JustificationRow, Place)> {
    let Some(row) = db::found(absences::find(conn, id))? else {
        return Err(AppError::NotFound);
    };
    let place = place_of(conn, row.half_day_id)?;
    let concerned = own_advisor(actor) == Some(row.advisor_id);
    if !concerned && !sees_owner(conn, actor, &place.sitting)? {
        return Err(AppError::NotFound);
    }
    Ok((row, place))
}
