//! Attendance (émargement), per half-day of a cohort day.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{attendance, cohort_days};

/// A row of `attendance`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = attendance)]
pub struct AttendanceRow {
    /// Id.
    pub id: i64,
    /// The day.
    pub cohort_day_id: i64,
    /// The advisor.
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
#[diesel(table_name = attendance)]
pub struct NewMark {
    /// The day.
    pub cohort_day_id: i64,
    /// The advisor.
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

/// The marks of one day.
pub fn for_day(conn: &mut DbConn, day_id: i64) -> QueryResult<Vec<AttendanceRow>> {
    attendance::table
        .filter(attendance::cohort_day_id.eq(day_id))
        .select(AttendanceRow::as_select())
        .load(conn)
}

/// Replaces the mark of `(day, advisor, half-day)`.
pub fn upsert(conn: &mut DbConn, mark: &NewMark) -> QueryResult<()> {
    diesel::delete(
        attendance::table
            .filter(attendance::cohort_day_id.eq(mark.cohort_day_id))
            .filter(attendance::advisor_id.eq(mark.advisor_id))
            .filter(attendance::half_day.eq(&mark.half_day)),
    )
    .execute(conn)?;
    diesel::insert_into(attendance::table)
        .values(mark)
        .execute(conn)?;
    Ok(())
}

/// Every mark of a cohort's non-cancelled days, with the day's id: for attended hours.
pub fn for_cohort(conn: &mut DbConn, cohort_id: i64) -> QueryResult<Vec<AttendanceRow>> {
    attendance::table
        .inner_join(cohort_days::table)
        .filter(cohort_days::cohort_id.eq(cohort_id))
        .filter(cohort_days::cancelled_at.is_null())
        .select(AttendanceRow::as_select())
        .load(conn)
}
