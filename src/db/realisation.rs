//! What the proof-of-training documents and the attendance export read besides the existing
//! queries: the absence justifications filed for a set of half-days (their category only, never
//! the proof).

use diesel::prelude::*;

use super::DbConn;
use super::schema::absence_justifications as j;

/// A justification's category for one trainee's half-day.
#[derive(Debug, Clone, Queryable)]
pub struct JustificationCategory {
    /// The half-day.
    pub half_day_id: i64,
    /// The trainee.
    pub advisor_id: i64,
    /// Its category.
    pub category: String,
    /// Its status.
    pub status: String,
}

/// The categories of the justifications filed for `half_day_ids`, oldest first.
pub fn justification_categories(
    conn: &mut DbConn,
    half_day_ids: &[i64],
) -> QueryResult<Vec<JustificationCategory>> {
    j::table
        .filter(j::half_day_id.eq_any(half_day_ids))
        .order((j::submitted_at, j::id))
        .select((j::half_day_id, j::advisor_id, j::category, j::status))
        .load(conn)
}
