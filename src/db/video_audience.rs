//! Who takes part in a session, for its video-conference link: the trainers and the people
//! enrolled (cohorts, module sessions), the examiners and the candidates (exam sessions).

use diesel::prelude::*;

use super::DbConn;
use super::schema::{
    cohort_enrolments, cohort_trainers, exam_candidates, exam_examiners, module_enrolments,
    module_session_trainers,
};

/// Whether `user_id` trains the cohort or `advisor_id` is actively enrolled in it.
pub fn in_cohort(
    conn: &mut DbConn,
    cohort_id: i64,
    user_id: i64,
    advisor_id: Option<i64>,
) -> QueryResult<bool> {
    let trains: bool = diesel::select(diesel::dsl::exists(
        cohort_trainers::table
            .filter(cohort_trainers::cohort_id.eq(cohort_id))
            .filter(cohort_trainers::user_id.eq(user_id)),
    ))
    .get_result(conn)?;
    let Some(advisor) = advisor_id.filter(|_| !trains) else {
        return Ok(trains);
    };
    diesel::select(diesel::dsl::exists(
        cohort_enrolments::table
            .filter(cohort_enrolments::cohort_id.eq(cohort_id))
            .filter(cohort_enrolments::advisor_id.eq(advisor))
            .filter(cohort_enrolments::status.eq("active")),
    ))
    .get_result(conn)
}

/// Whether `user_id` trains the module session or `advisor_id` holds a confirmed seat in it.
pub fn in_module_session(
    conn: &mut DbConn,
    session_id: i64,
    user_id: i64,
    advisor_id: Option<i64>,
) -> QueryResult<bool> {
    let trains: bool = diesel::select(diesel::dsl::exists(
        module_session_trainers::table
            .filter(module_session_trainers::session_id.eq(session_id))
            .filter(module_session_trainers::user_id.eq(user_id)),
    ))
    .get_result(conn)?;
    let Some(advisor) = advisor_id.filter(|_| !trains) else {
        return Ok(trains);
    };
    diesel::select(diesel::dsl::exists(
        module_enrolments::table
            .filter(module_enrolments::session_id.eq(session_id))
            .filter(module_enrolments::advisor_id.eq(advisor))
            .filter(module_enrolments::status.eq("confirmed")),
    ))
    .get_result(conn)
}

/// Whether `user_id` examines the exam session or `advisor_id` is one of its candidates.
pub fn in_exam_session(
    conn: &mut DbConn,
    session_id: i64,
    user_id: i64,
    advisor_id: Option<i64>,
) -> QueryResult<bool> {
    let examines: bool = diesel::select(diesel::dsl::exists(
        exam_examiners::table
            .filter(exam_examiners::session_id.eq(session_id))
            .filter(exam_examiners::user_id.eq(user_id)),
    ))
    .get_result(conn)?;
    let Some(advisor) = advisor_id.filter(|_| !examines) else {
        return Ok(examines);
    };
    diesel::select(diesel::dsl::exists(
        exam_candidates::table
            .filter(exam_candidates::session_id.eq(session_id))
            .filter(exam_candidates::advisor_id.eq(advisor)),
    ))
    .get_result(conn)
}
