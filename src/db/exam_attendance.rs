//! Marks per half-day of an exam day (`exam_attendance`; the day is the exam session itself),
//! mirroring [`super::module_attendance`], and the look-ups exam-day signing needs: whether a
//! user sits on a session's jury, whether an advisor is registered, the sessions of a window.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{exam_attendance as ea, exam_candidates, exam_examiners, exam_sessions};

/// A row of `exam_attendance`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = ea)]
pub struct ExamMarkRow {
    /// Id.
    pub id: i64,
    /// The exam session (its day).
    pub exam_session_id: i64,
    /// The candidate (an advisor).
    pub advisor_id: i64,
    /// `am` or `pm`.
    pub half_day: String,
    /// `present`, `absent` or `excused`.
    pub status: String,
    /// `sick_leave` or `force_majeure` when excused.
    pub justification: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<i64>,
    /// When.
    pub recorded_at: NaiveDateTime,
}

/// One mark to record.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = ea)]
pub struct NewExamMark {
    /// The exam session.
    pub exam_session_id: i64,
    /// The candidate.
    pub advisor_id: i64,
    /// Half-day.
    pub half_day: String,
    /// Status.
    pub status: String,
    /// Justification.
    pub justification: Option<String>,
    /// Who.
    pub recorded_by: Option<i64>,
    /// When.
    pub recorded_at: NaiveDateTime,
}

/// The marks of one exam session's day.
pub fn for_day(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<ExamMarkRow>> {
    ea::table
        .filter(ea::exam_session_id.eq(session_id))
        .order(ea::id)
        .select(ExamMarkRow::as_select())
        .load(conn)
}

/// Replaces the mark of `(session, advisor, half-day)`.
pub fn upsert(conn: &mut DbConn, mark: &NewExamMark) -> QueryResult<()> {
    diesel::delete(
        ea::table
            .filter(ea::exam_session_id.eq(mark.exam_session_id))
            .filter(ea::advisor_id.eq(mark.advisor_id))
            .filter(ea::half_day.eq(&mark.half_day)),
    )
    .execute(conn)?;
    diesel::insert_into(ea::table).values(mark).execute(conn)?;
    Ok(())
}

/// An advisor's absences (absent or excused) at exam days.
pub fn absences_of(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<ExamMarkRow>> {
    ea::table
        .filter(ea::advisor_id.eq(advisor_id))
        .filter(ea::status.eq_any(["absent", "excused"]))
        .order(ea::id)
        .select(ExamMarkRow::as_select())
        .load(conn)
}

/// Whether `user_id` sits on the jury of session `session_id`.
pub fn is_juror(conn: &mut DbConn, session_id: i64, user_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        exam_examiners::table
            .filter(exam_examiners::session_id.eq(session_id))
            .filter(exam_examiners::user_id.eq(user_id)),
    ))
    .get_result(conn)
}

/// Whether `advisor_id` is registered as a candidate of session `session_id`.
pub fn is_candidate(conn: &mut DbConn, session_id: i64, advisor_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        exam_candidates::table
            .filter(exam_candidates::session_id.eq(session_id))
            .filter(exam_candidates::advisor_id.eq(advisor_id)),
    ))
    .get_result(conn)
}

/// The live sessions starting between `from` and `to` (UTC) where `advisor_id` is a candidate.
pub fn sessions_of_candidate(
    conn: &mut DbConn,
    advisor_id: i64,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<i64>> {
    exam_candidates::table
        .inner_join(exam_sessions::table)
        .filter(exam_candidates::advisor_id.eq(advisor_id))
        .filter(exam_sessions::cancelled_at.is_null())
        .filter(exam_sessions::starts_at.between(from, to))
        .order(exam_sessions::starts_at)
        .select(exam_sessions::id)
        .load(conn)
}

/// The live sessions starting between `from` and `to` (UTC) on whose jury `user_id` sits.
pub fn sessions_of_juror(
    conn: &mut DbConn,
    user_id: i64,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<i64>> {
    exam_examiners::table
        .inner_join(exam_sessions::table)
        .filter(exam_examiners::user_id.eq(user_id))
        .filter(exam_sessions::cancelled_at.is_null())
        .filter(exam_sessions::starts_at.between(from, to))
        .order(exam_sessions::starts_at)
        .select(exam_sessions::id)
        .load(conn)
}
