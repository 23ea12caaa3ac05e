//! Juries: who sits on a session, and the other sessions an examiner sits on.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{exam_examiners, exam_sessions, users};

/// Adds a jury member.
pub fn add_examiner(
    conn: &mut DbConn,
    session_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(exam_examiners::table)
        .values((
            exam_examiners::session_id.eq(session_id),
            exam_examiners::user_id.eq(user_id),
            exam_examiners::created_at.eq(now),
        ))
        .execute(conn)
}

/// The jury: `(user id, name)`.
pub fn jury(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<(i64, String)>> {
    exam_examiners::table
        .inner_join(users::table)
        .filter(exam_examiners::session_id.eq(session_id))
        .order(users::name)
        .select((users::id, users::name))
        .load(conn)
}

/// Another live session an examiner sits on.
#[derive(Debug, Clone, Queryable)]
pub struct ExaminerSession {
    /// The session.
    pub session_id: i64,
    /// Its start (UTC).
    pub starts_at: NaiveDateTime,
    /// Its end (UTC).
    pub ends_at: NaiveDateTime,
}

/// The other live sessions a user sits on.
pub fn sessions_of_examiner(
    conn: &mut DbConn,
    user_id: i64,
    except: i64,
) -> QueryResult<Vec<ExaminerSession>> {
    exam_examiners::table
        .inner_join(exam_sessions::table)
        .filter(exam_examiners::user_id.eq(user_id))
        .filter(exam_sessions::id.ne(except))
        .filter(exam_sessions::cancelled_at.is_null())
        .select((
            exam_sessions::id,
            exam_sessions::starts_at,
            exam_sessions::ends_at,
        ))
        .load(conn)
}
