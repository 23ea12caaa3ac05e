//! Absences and their justifications (`absence_justifications`): the proofs submitted for a
//! half-day an advisor missed, and the staff's decision; with the marks and days they concern.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::attendance::AttendanceRow;
use super::schedule::DayRow;
use super::schema::{absence_justifications as j, attendance, cohort_days};

/// Waiting for the staff's decision.
pub const PENDING: &str = "pending";
/// Accepted: the absence is excused.
pub const ACCEPTED: &str = "accepted";
/// Refused, with a reason.
pub const REFUSED: &str = "refused";

/// A row of `absence_justifications`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = j)]
pub struct JustificationRow {
    /// Id.
    pub id: i64,
    /// The half-day (`attendance_half_days`).
    pub half_day_id: i64,
    /// The advisor who was absent.
    pub advisor_id: i64,
    /// `sick_leave`, `force_majeure` or `other`.
    pub category: String,
    /// The motive, required for `other`.
    pub motive: Option<String>,
    /// The proof (`stored_files`).
    pub file_id: i64,
    /// `pending`, `accepted` or `refused`.
    pub status: String,
    /// Who submitted it.
    pub submitted_by: Option<i64>,
    /// When.
    pub submitted_at: NaiveDateTime,
    /// Who decided.
    pub decided_by: Option<i64>,
    /// When.
    pub decided_at: Option<NaiveDateTime>,
    /// Why (required for a refusal).
    pub decision_reason: Option<String>,
}

/// A justification to record (pending).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = j)]
pub struct NewJustification<'a> {
    /// The half-day.
    pub half_day_id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// Category.
    pub category: &'a str,
    /// Motive.
    pub motive: Option<&'a str>,
    /// The proof.
    pub file_id: i64,
    /// Who.
    pub submitted_by: Option<i64>,
    /// When.
    pub submitted_at: NaiveDateTime,
}

/// Records a justification; returns its id.
pub fn insert(conn: &mut DbConn, row: &NewJustification<'_>) -> QueryResult<i64> {
    diesel::insert_into(j::table)
        .values(row)
        .returning(j::id)
        .get_result(conn)
}

/// A justification by id.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<JustificationRow> {
    j::table
        .find(id)
        .select(JustificationRow::as_select())
        .first(conn)
}

/// The justifications of one advisor for one half-day, oldest first.
pub fn for_half_day(
    conn: &mut DbConn,
    half_day_id: i64,
    advisor_id: i64,
) -> QueryResult<Vec<JustificationRow>> {
    j::table
        .filter(j::half_day_id.eq(half_day_id))
        .filter(j::advisor_id.eq(advisor_id))
        .order(j::id)
        .select(JustificationRow::as_select())
        .load(conn)
}

/// The justifications of some half-days (a cohort's), oldest first.
pub fn for_half_days(
    conn: &mut DbConn,
    half_day_ids: &[i64],
) -> QueryResult<Vec<JustificationRow>> {
    j::table
        .filter(j::half_day_id.eq_any(half_day_ids))
        .order(j::id)
        .select(JustificationRow::as_select())
        .load(conn)
}

/// Every justification of an advisor, oldest first.
pub fn for_advisor(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<JustificationRow>> {
    j::table
        .filter(j::advisor_id.eq(advisor_id))
        .order(j::id)
        .select(JustificationRow::as_select())
        .load(conn)
}

/// Records the decision on a pending justification; returns whether it was still pending.
pub fn decide(
    conn: &mut DbConn,
    id: i64,
    status: &str,
    by: Option<i64>,
    at: NaiveDateTime,
    reason: Option<&str>,
) -> QueryResult<bool> {
    diesel::update(j::table.find(id).filter(j::status.eq(PENDING)))
        .set((
            j::status.eq(status),
            j::decided_by.eq(by),
            j::decided_at.eq(at),
            j::decision_reason.eq(reason),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// A training day by its id alone (a half-day names its day, not its cohort).
pub fn day(conn: &mut DbConn, day_id: i64) -> QueryResult<DayRow> {
    cohort_days::table
        .find(day_id)
        .select(DayRow::as_select())
        .first(conn)
}

/// The mark of `(day, advisor, half-day)`, if any.
pub fn mark(
    conn: &mut DbConn,
    day_id: i64,
    advisor_id: i64,
    half_day: &str,
) -> QueryResult<Option<AttendanceRow>> {
    attendance::table
        .filter(attendance::cohort_day_id.eq(day_id))
        .filter(attendance::advisor_id.eq(advisor_id))
        .filter(attendance::half_day.eq(half_day))
        .select(AttendanceRow::as_select())
        .first(conn)
        .optional()
}

/// An advisor's absences (marks `absent` or `excused`) on days not cancelled, with their day,
/// most recent first.
pub fn absences_of(
    conn: &mut DbConn,
    advisor_id: i64,
) -> QueryResult<Vec<(AttendanceRow, DayRow)>> {
    attendance::table
        .inner_join(cohort_days::table)
        .filter(attendance::advisor_id.eq(advisor_id))
        .filter(attendance::status.eq_any(["absent", "excused"]))
        .filter(cohort_days::cancelled_at.is_null())
        .order((cohort_days::starts_at.desc(), attendance::half_day))
        .select((AttendanceRow::as_select(), DayRow::as_select()))
        .load(conn)
}
