//! The half-days of attendance (`attendance_half_days`), created when first needed, for a
//! training day (`cohort_day`), a module session day (`module_day`) or an exam session
//! (`exam_day`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::attendance_half_days as h;

/// A training day of a cohort.
pub const COHORT_DAY: &str = "cohort_day";
/// A day of a module session.
pub const MODULE_DAY: &str = "module_day";
/// An exam session's day (the session itself).
pub const EXAM_DAY: &str = "exam_day";

/// A row of `attendance_half_days`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = h)]
pub struct HalfDayRow {
    /// Id.
    pub id: i64,
    /// `cohort_day` or `module_day`.
    pub day_kind: String,
    /// The day's id in its table.
    pub day_id: i64,
    /// `am` or `pm`.
    pub half_day: String,
    /// The trainer lets trainees self-sign although the half-day is on site.
    pub self_sign_on_site: bool,
    /// Taken on paper.
    pub paper: bool,
    /// The scanned signed sheet (paper route).
    pub scanned_sheet_id: Option<i64>,
    /// When the trainer's signature closed it.
    pub closed_at: Option<NaiveDateTime>,
    /// Who closed it.
    pub closed_by: Option<i64>,
}

/// The half-day `(kind, day, half)`, created open if it does not exist yet.
pub fn get_or_create(
    conn: &mut DbConn,
    day_kind: &str,
    day_id: i64,
    half_day: &str,
) -> QueryResult<HalfDayRow> {
    if let Some(row) = find_for(conn, day_kind, day_id, half_day)? {
        return Ok(row);
    }
    super::bulk::insert_half_day_if_absent(conn, day_kind, day_id, half_day)?;
    h::table
        .filter(h::day_kind.eq(day_kind))
        .filter(h::day_id.eq(day_id))
        .filter(h::half_day.eq(half_day))
        .select(HalfDayRow::as_select())
        .first(conn)
}

/// The half-day `(kind, day, half)`, if it was ever opened.
pub fn find_for(
    conn: &mut DbConn,
    day_kind: &str,
    day_id: i64,
    half_day: &str,
) -> QueryResult<Option<HalfDayRow>> {
    h::table
        .filter(h::day_kind.eq(day_kind))
        .filter(h::day_id.eq(day_id))
        .filter(h::half_day.eq(half_day))
        .select(HalfDayRow::as_select())
        .first(conn)
        .optional()
}

/// A half-day by id.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<HalfDayRow> {
    h::table
        .find(id)
        .select(HalfDayRow::as_select())
        .first(conn)
}

/// The half-days of some days of one kind (a day's, a cohort's).
pub fn for_days(
    conn: &mut DbConn,
    day_kind: &str,
    day_ids: &[i64],
) -> QueryResult<Vec<HalfDayRow>> {
    h::table
        .filter(h::day_kind.eq(day_kind))
        .filter(h::day_id.eq_any(day_ids))
        .order((h::day_id, h::half_day))
        .select(HalfDayRow::as_select())
        .load(conn)
}

/// Sets whether trainees may self-sign on site.
pub fn set_self_sign(conn: &mut DbConn, id: i64, allowed: bool) -> QueryResult<()> {
    diesel::update(h::table.find(id))
        .set(h::self_sign_on_site.eq(allowed))
        .execute(conn)
        .map(|_| ())
}

/// Marks the half-day as taken on paper, with its scanned sheet when given.
pub fn set_paper(conn: &mut DbConn, id: i64, scanned_sheet_id: Option<i64>) -> QueryResult<()> {
    diesel::update(h::table.find(id))
        .set((h::paper.eq(true), h::scanned_sheet_id.eq(scanned_sheet_id)))
        .execute(conn)
        .map(|_| ())
}

/// Closes the half-day (only if still open); returns whether this call closed it.
pub fn close(conn: &mut DbConn, id: i64, by: Option<i64>, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(h::table.find(id).filter(h::closed_at.is_null()))
        .set((h::closed_at.eq(now), h::closed_by.eq(by)))
        .execute(conn)
        .map(|n| n == 1)
}
