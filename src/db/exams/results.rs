//! Results of candidates: written by the jury, read per session or per candidate.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{exam_candidates, exam_results};

/// A row of `exam_results`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = exam_results)]
pub struct ResultRow {
    /// Id.
    pub id: i64,
    /// Candidate.
    pub candidate_id: i64,
    /// Outcome.
    pub outcome: String,
    /// Justified absence.
    pub absence_justified: bool,
    /// The jury's reasons.
    pub reasons: Option<String>,
    /// Comment for the candidate.
    pub comment_for_candidate: Option<String>,
    /// Comment for the organisation.
    pub comment_for_organisation: Option<String>,
    /// Who recorded it last.
    pub recorded_by: Option<i64>,
    /// When.
    pub recorded_at: NaiveDateTime,
    /// Corrected after publication.
    pub corrected_at: Option<NaiveDateTime>,
    /// Why.
    pub correction_reason: Option<String>,
}

/// The fields of a result.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = exam_results, treat_none_as_null = true)]
pub struct ResultValues {
    /// Candidate.
    pub candidate_id: i64,
    /// Outcome.
    pub outcome: String,
    /// Justified absence.
    pub absence_justified: bool,
    /// Reasons.
    pub reasons: Option<String>,
    /// For the candidate.
    pub comment_for_candidate: Option<String>,
    /// For the organisation.
    pub comment_for_organisation: Option<String>,
    /// Who.
    pub recorded_by: Option<i64>,
    /// When.
    pub recorded_at: NaiveDateTime,
    /// Corrected after publication.
    pub corrected_at: Option<NaiveDateTime>,
    /// Why.
    pub correction_reason: Option<String>,
}

/// A session's results.
pub fn results(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<ResultRow>> {
    exam_results::table
        .inner_join(exam_candidates::table)
        .filter(exam_candidates::session_id.eq(session_id))
        .select(ResultRow::as_select())
        .load(conn)
}

/// Writes a candidate's result (insert or replace).
pub fn save_result(conn: &mut DbConn, values: &ResultValues) -> QueryResult<()> {
    let updated = diesel::update(
        exam_results::table.filter(exam_results::candidate_id.eq(values.candidate_id)),
    )
    .set(values)
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(exam_results::table)
            .values(values)
            .execute(conn)?;
    }
    Ok(())
}

/// The result of a candidate, if recorded.
pub fn result_of(conn: &mut DbConn, candidate_id: i64) -> QueryResult<Option<ResultRow>> {
    exam_results::table
        .filter(exam_results::candidate_id.eq(candidate_id))
        .select(ResultRow::as_select())
        .first(conn)
        .optional()
}
