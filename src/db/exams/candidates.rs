//! Candidates registered for a session, and the names their lists show.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{advisors, exam_candidates};

/// A row of `exam_candidates`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = exam_candidates)]
pub struct CandidateRow {
    /// Id.
    pub id: i64,
    /// Session.
    pub session_id: i64,
    /// Advisor.
    pub advisor_id: i64,
    /// `training` or `vae`.
    pub route: String,
    /// Why registered after the start.
    pub late_reason: Option<String>,
    /// Why later than six months after training.
    pub delay_reason: Option<String>,
    /// Extra time.
    pub extra_time_percent: i32,
    /// Accommodation notes.
    pub accommodation_notes: Option<String>,
    /// Who registered them.
    pub registered_by: Option<i64>,
    /// When.
    pub created_at: NaiveDateTime,
}

/// A new candidate.
#[derive(Debug, Insertable)]
#[diesel(table_name = exam_candidates)]
pub struct NewCandidate {
    /// Session.
    pub session_id: i64,
    /// Advisor.
    pub advisor_id: i64,
    /// Route.
    pub route: String,
    /// Late reason.
    pub late_reason: Option<String>,
    /// Delay reason.
    pub delay_reason: Option<String>,
    /// Extra time.
    pub extra_time_percent: i32,
    /// Notes.
    pub accommodation_notes: Option<String>,
    /// Who.
    pub registered_by: Option<i64>,
    /// When.
    pub created_at: NaiveDateTime,
}

/// Registers a candidate; returns the id.
pub fn add_candidate(conn: &mut DbConn, row: &NewCandidate) -> QueryResult<i64> {
    diesel::insert_into(exam_candidates::table)
        .values(row)
        .returning(exam_candidates::id)
        .get_result(conn)
}

/// A session's candidates.
pub fn candidates(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<CandidateRow>> {
    exam_candidates::table
        .filter(exam_candidates::session_id.eq(session_id))
        .order(exam_candidates::id)
        .select(CandidateRow::as_select())
        .load(conn)
}

/// One candidate registration by id.
pub fn candidate(conn: &mut DbConn, id: i64) -> QueryResult<CandidateRow> {
    exam_candidates::table
        .find(id)
        .select(CandidateRow::as_select())
        .first(conn)
}

/// An advisor's name and e-mail, for candidate and result lists.
#[derive(Debug, Clone, Queryable)]
pub struct AdvisorName {
    /// The advisor.
    pub advisor_id: i64,
    /// Last name.
    pub last_name: String,
    /// First name.
    pub first_name: String,
    /// E-mail.
    pub email: String,
    /// Birth name, when it differs.
    pub birth_name: Option<String>,
}

/// Names and e-mails of advisors, for result lists.
pub fn advisor_names(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<AdvisorName>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    advisors::table
        .filter(advisors::id.eq_any(ids))
        .select((
            advisors::id,
            advisors::last_name,
            advisors::first_name,
            advisors::email,
            advisors::birth_name,
        ))
        .load(conn)
}
