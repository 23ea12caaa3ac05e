//! Who sees a sitting: staff, trainers and coordinators by their organisations' scope (a guest
//! trainer of a cohort day, a module session's trainers, an exam session's jurors too); an
//! advisor enrolled in its cohort or module session, or registered as the exam's candidate.
//! NotFound otherwise, before anything is revealed.

use super::{DayKind, Sitting};
use crate::auth::Principal;
use crate::db::exams::{self, ExamSessionRow};
use crate::db::module_sessions::{self, SessionRow};
use crate::db::{
    self, DbConn, cohorts, day_trainers, enrolments, exam_attendance, module_days, schedule,
};
use crate::error::{AppError, AppResult};

impl Sitting {
    /// The day for staff, trainers and coordinators: the owner in the actor's scope (or trained
    /// by them: a guest trainer may come from another organisation); NotFound otherwise.
    pub fn in_scope(
        conn: &mut DbConn,
        actor: &Principal,
        kind: DayKind,
        owner_id: i64,
        day_id: i64,
    ) -> AppResult<Self> {
        match kind {
            DayKind::CohortDay => {
                let cohort = if day_trainers::trains_day(conn, owner_id, day_id, actor.user_id)? {
                    cohorts::find(conn, owner_id)?
                } else {
                    cohorts::find_in_scope(conn, &actor.cohort_scope(), owner_id)?
                };
                let day = schedule::find(conn, cohort.id, day_id)?;
                Ok(Self::cohort_day(cohort, day))
            }
            DayKind::ModuleDay => {
                let session = module_session_in_scope(conn, actor, owner_id)?;
                let day = module_days::day(conn, day_id)?;
                if day.session_id != session.id {
                    return Err(AppError::NotFound);
                }
                Self::module_day(conn, session, &day)
            }
            DayKind::ExamDay => {
                let session = exam_session_in_scope(conn, actor, owner_id)?;
                if day_id != session.id {
                    return Err(AppError::NotFound);
                }
                Self::exam_day(conn, session)
            }
        }
    }

    /// The day for an advisor: its owner must be a cohort or module session they are (or were)
    /// enrolled in; NotFound otherwise.
    pub fn for_advisor(
        conn: &mut DbConn,
        advisor_id: i64,
        kind: DayKind,
        owner_id: i64,
        day_id: i64,
    ) -> AppResult<Self> {
        if !enrolled_ever(conn, kind, owner_id, advisor_id)? {
            return Err(AppError::NotFound);
        }
        Self::of_owner(conn, kind, owner_id, day_id)
    }
}

/// A module session for staff, trainers and coordinators: its trainers and those who read its
/// organisation's data (admins all); NotFound otherwise.
pub fn module_session_in_scope(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
) -> AppResult<SessionRow> {
    let session = db::found(module_sessions::find(conn, session_id))?.ok_or(AppError::NotFound)?;
    if actor.can_read_org(session.organisation_id)
        || module_days::trains(conn, session.id, actor.user_id)?
    {
        Ok(session)
    } else {
        Err(AppError::NotFound)
    }
}

/// An exam session for staff, jurors and coordinators: its jurors and those who read its
/// organisation's data (admins all); NotFound otherwise.
pub fn exam_session_in_scope(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
) -> AppResult<ExamSessionRow> {
    let session = db::found(exams::find(conn, session_id))?.ok_or(AppError::NotFound)?;
    if actor.can_read_org(session.organisation_id)
        || exam_attendance::is_juror(conn, session.id, actor.user_id)?
    {
        Ok(session)
    } else {
        Err(AppError::NotFound)
    }
}

/// Whether the advisor is (or was) enrolled in the cohort or module session, or is registered
/// as the exam session's candidate.
pub fn enrolled_ever(
    conn: &mut DbConn,
    kind: DayKind,
    owner_id: i64,
    advisor_id: i64,
) -> AppResult<bool> {
    Ok(match kind {
        DayKind::CohortDay => enrolments::for_cohort(conn, owner_id)?
            .iter()
            .any(|e| e.advisor_id == advisor_id),
        DayKind::ModuleDay => module_days::enrolled_ever(conn, owner_id, advisor_id)?,
        DayKind::ExamDay => exam_attendance::is_candidate(conn, owner_id, advisor_id)?,
    })
}
