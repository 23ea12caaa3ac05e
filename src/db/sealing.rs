//! Reads for the sealed attendance documents (the day's sheet, the advisor's statement): each a
//! single query over a set, so a sheet is read in a fixed number of queries whatever its size.

use diesel::prelude::*;

use super::DbConn;
use super::schedule::DayRow;
use super::schema::{
    attendance, attendance_signatures as s, cohort_day_trainers, cohort_days,
    sealed_documents as d, users,
};

/// A training day by its id alone.
pub fn day(conn: &mut DbConn, id: i64) -> QueryResult<DayRow> {
    cohort_days::table
        .find(id)
        .select(DayRow::as_select())
        .first(conn)
}

/// The days (not cancelled) of some cohorts, in order.
pub fn days_of_cohorts(conn: &mut DbConn, cohort_ids: &[i64]) -> QueryResult<Vec<DayRow>> {
    cohort_days::table
        .filter(cohort_days::cohort_id.eq_any(cohort_ids))
        .filter(cohort_days::cancelled_at.is_null())
        .order((cohort_days::starts_at, cohort_days::id))
        .select(DayRow::as_select())
        .load(conn)
}

/// The trainers assigned to one day only: `(user id, name)`.
pub fn day_trainers(conn: &mut DbConn, day_id: i64) -> QueryResult<Vec<(i64, String)>> {
    cohort_day_trainers::table
        .inner_join(users::table)
        .filter(cohort_day_trainers::cohort_day_id.eq(day_id))
        .order(users::name)
        .select((users::id, users::name))
        .load(conn)
}

/// Users' names by id.
pub fn user_names(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
    users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load(conn)
}

/// A mark of one advisor: `(day id, half-day, status, justification)`.
pub type AdvisorMark = (i64, String, String, Option<String>);

/// An advisor's marks on some days.
pub fn marks_of_advisor(
    conn: &mut DbConn,
    advisor_id: i64,
    day_ids: &[i64],
) -> QueryResult<Vec<AdvisorMark>> {
    attendance::table
        .filter(attendance::advisor_id.eq(advisor_id))
        .filter(attendance::cohort_day_id.eq_any(day_ids))
        .select((
            attendance::cohort_day_id,
            attendance::half_day,
            attendance::status,
            attendance::justification,
        ))
        .load(conn)
}

/// An advisor's own signatures on some half-days.
pub fn signatures_of_advisor(
    conn: &mut DbConn,
    advisor_id: i64,
    half_day_ids: &[i64],
) -> QueryResult<Vec<super::signatures::SignatureRow>> {
    s::table
        .filter(s::advisor_id.eq(advisor_id))
        .filter(s::half_day_id.eq_any(half_day_ids))
        .order((s::signed_at, s::id))
        .select(super::signatures::SignatureRow::as_select())
        .load(conn)
}

/// The code of the version that `id` replaced, if any.
pub fn replaced_code(conn: &mut DbConn, id: i64) -> QueryResult<Option<String>> {
    d::table
        .filter(d::superseded_by.eq(id))
        .select(d::code)
        .first(conn)
        .optional()
}
