//! Marks per half-day of a module session day (`module_attendance`), mirroring
//! [`super::attendance`] for cohort days.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{module_attendance as ma, module_session_days};

/// A row of `module_attendance`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = ma)]
pub struct ModuleMarkRow {
    /// Id.
    pub id: i64,
    /// The module session day.
    pub module_session_day_id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// `am` or `pm`.
    pub half_day: String,
    /// `present`, `absent` or `excused`.
    pub status: String,
    /// `sick_leave`, `force_majeure` or `other` when excused.
    pub justification: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<i64>,
    /// When.
    pub recorded_at: NaiveDateTime,
}

/// One mark to record.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = ma)]
pub struct NewModuleMark {
    /// The module session day.
    pub module_session_day_id: i64,
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

/// The marks of one module session day.
pub fn for_day(conn: &mut DbConn, day_id: i64) -> QueryResult<Vec<ModuleMarkRow>> {
    ma::table
        .filter(ma::module_session_day_id.eq(day_id))
        .order(ma::id)
        .select(ModuleMarkRow::as_select())
        .load(conn)
}

/// Every mark of a module session's days.
pub fn for_session(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<ModuleMarkRow>> {
    ma::table
        .inner_join(module_session_days::table)
        .filter(module_session_days::session_id.eq(session_id))
        .order(ma::id)
        .select(ModuleMarkRow::as_select())
        .load(conn)
}

/// Replaces the mark of `(day, advisor, half-day)`.
pub fn upsert(conn: &mut DbConn, mark: &NewModuleMark) -> QueryResult<()> {
    diesel::delete(
        ma::table
            .filter(ma::module_session_day_id.eq(mark.module_session_day_id))
            .filter(ma::advisor_id.eq(mark.advisor_id))
            .filter(ma::half_day.eq(&mark.half_day)),
    )
    .execute(conn)?;
    diesel::insert_into(ma::table).values(mark).execute(conn)?;
    Ok(())
}

/// An advisor's absences (absent or excused) on module session days.
pub fn absences_of(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<ModuleMarkRow>> {
    ma::table
        .filter(ma::advisor_id.eq(advisor_id))
        .filter(ma::status.eq_any(["absent", "excused"]))
        .order(ma::id)
        .select(ModuleMarkRow::as_select())
        .load(conn)
}
