//! Cohort training days.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;

use super::DbConn;
use super::schema::cohort_days;

/// A row of `cohort_days`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = cohort_days)]
pub struct DayRow {
    /// Id.
    pub id: i64,
    /// The cohort.
    pub cohort_id: i64,
    /// Local date.
    pub day: NaiveDate,
    /// Local start time.
    pub start_time: NaiveTime,
    /// Local end time.
    pub end_time: NaiveTime,
    /// Start, UTC.
    pub starts_at: NaiveDateTime,
    /// End, UTC.
    pub ends_at: NaiveDateTime,
    /// Venue (defaults to the cohort's).
    pub venue: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Raised on each change (calendar invites).
    pub sequence: i32,
    /// Cancelled.
    pub cancelled_at: Option<NaiveDateTime>,
    /// Why.
    pub cancel_reason: Option<String>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// The writable fields of a day.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = cohort_days, treat_none_as_null = true)]
pub struct DayValues {
    /// The cohort.
    pub cohort_id: i64,
    /// Local date.
    pub day: NaiveDate,
    /// Local start.
    pub start_time: NaiveTime,
    /// Local end.
    pub end_time: NaiveTime,
    /// Start, UTC.
    pub starts_at: NaiveDateTime,
    /// End, UTC.
    pub ends_at: NaiveDateTime,
    /// Venue.
    pub venue: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// A cohort's days, in order (cancelled ones included).
pub fn for_cohort(conn: &mut DbConn, cohort_id: i64) -> QueryResult<Vec<DayRow>> {
    cohort_days::table
        .filter(cohort_days::cohort_id.eq(cohort_id))
        .order((cohort_days::day, cohort_days::start_time, cohort_days::id))
        .select(DayRow::as_select())
        .load(conn)
}

/// One day of a cohort.
pub fn find(conn: &mut DbConn, cohort_id: i64, id: i64) -> QueryResult<DayRow> {
    cohort_days::table
        .filter(cohort_days::cohort_id.eq(cohort_id))
        .filter(cohort_days::id.eq(id))
        .select(DayRow::as_select())
        .first(conn)
}

/// Inserts a day; returns the id.
pub fn insert(conn: &mut DbConn, values: &DayValues, now: NaiveDateTime) -> QueryResult<i64> {
    diesel::insert_into(cohort_days::table)
        .values((values, cohort_days::created_at.eq(now)))
        .returning(cohort_days::id)
        .get_result(conn)
}

/// Changes a day and raises its sequence.
pub fn update(conn: &mut DbConn, id: i64, values: &DayValues) -> QueryResult<usize> {
    diesel::update(cohort_days::table.find(id))
        .set((values, cohort_days::sequence.eq(cohort_days::sequence + 1)))
        .execute(conn)
}

/// Cancels a day with a reason and raises its sequence.
pub fn cancel(conn: &mut DbConn, id: i64, reason: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(cohort_days::table.find(id))
        .set((
            cohort_days::cancelled_at.eq(now),
            cohort_days::cancel_reason.eq(reason),
            cohort_days::sequence.eq(cohort_days::sequence + 1),
            cohort_days::updated_at.eq(now),
        ))
        .execute(conn)
}
