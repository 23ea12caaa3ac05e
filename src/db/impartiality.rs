//! The exam sessions whose jury is still to decide (neither cancelled nor published), seen from a
//! candidate or from an examiner: the facts jury impartiality is re-checked against.

use diesel::prelude::*;

use super::DbConn;
use super::exams::ExamSessionRow;
use super::schema::{exam_candidates, exam_examiners, exam_sessions};

/// Live sessions in which `advisor_id` is a candidate.
pub fn live_sessions_of_candidate(
    conn: &mut DbConn,
    advisor_id: i64,
) -> QueryResult<Vec<ExamSessionRow>> {
    exam_candidates::table
        .inner_join(exam_sessions::table)
        .filter(exam_candidates::advisor_id.eq(advisor_id))
        .filter(exam_sessions::cancelled_at.is_null())
        .filter(exam_sessions::published_at.is_null())
        .order(exam_sessions::starts_at)
        .select(ExamSessionRow::as_select())
        .load(conn)
}

/// Live sessions on whose jury `user_id` sits.
pub fn live_sessions_of_examiner(
    conn: &mut DbConn,
    user_id: i64,
) -> QueryResult<Vec<ExamSessionRow>> {
    exam_examiners::table
        .inner_join(exam_sessions::table)
        .filter(exam_examiners::user_id.eq(user_id))
        .filter(exam_sessions::cancelled_at.is_null())
        .filter(exam_sessions::published_at.is_null())
        .order(exam_sessions::starts_at)
        .select(ExamSessionRow::as_select())
        .load(conn)
}
