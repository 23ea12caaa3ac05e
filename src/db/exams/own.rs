//! An advisor's own exam registrations with their session's facts, for her path and her list.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{certifications, exam_candidates, exam_sessions};

/// A registration of the advisor and the session it convokes her to.
#[derive(Debug, Clone, Queryable)]
pub struct OwnExamRow {
    /// The session.
    pub session_id: i64,
    /// `CCP1`, `CCP2`, `CCP3`.
    pub certification: String,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// End (UTC).
    pub ends_at: NaiveDateTime,
    /// The session's zone (IANA name).
    pub timezone: String,
    /// Venue address.
    pub venue: Option<String>,
    /// Room.
    pub room: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Cancelled.
    pub cancelled_at: Option<NaiveDateTime>,
    /// Results published.
    pub published_at: Option<NaiveDateTime>,
    /// The video-conference link of a remote session.
    pub video_link: Option<String>,
}

/// The sessions `advisor_id` is registered for, soonest first, at most `limit` (one query,
/// served by `exam_candidates_advisor`).
pub fn of_advisor(conn: &mut DbConn, advisor_id: i64, limit: i64) -> QueryResult<Vec<OwnExamRow>> {
    exam_candidates::table
        .inner_join(exam_sessions::table.inner_join(certifications::table))
        .filter(exam_candidates::advisor_id.eq(advisor_id))
        .order((exam_sessions::starts_at, exam_sessions::id))
        .limit(limit)
        .select((
            exam_sessions::id,
            certifications::code,
            exam_sessions::starts_at,
            exam_sessions::ends_at,
            exam_sessions::timezone,
            exam_sessions::venue,
            exam_sessions::room,
            exam_sessions::remote,
            exam_sessions::cancelled_at,
            exam_sessions::published_at,
            exam_sessions::video_link,
        ))
        .load(conn)
}
