//! The dated steps of a session's file: one row per session and step, written again when a
//! step is corrected.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{exam_session_steps, users};

/// A step recorded, with who recorded it.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = exam_session_steps)]
pub struct StepRow {
    /// Id.
    pub id: i64,
    /// The session.
    pub session_id: i64,
    /// The step's code (`domain::session_file::Step`).
    pub step: String,
    /// When it was done.
    pub done_on: NaiveDate,
    /// Who recorded it.
    pub done_by: Option<i64>,
    /// A note.
    pub detail: Option<String>,
    /// How the procès-verbal went (`pv_sent`).
    pub channel: Option<String>,
    /// When it was recorded.
    pub recorded_at: NaiveDateTime,
}

/// The values of a step.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = exam_session_steps, treat_none_as_null = true)]
pub struct StepValues {
    /// The session.
    pub session_id: i64,
    /// The step's code.
    pub step: String,
    /// When it was done.
    pub done_on: NaiveDate,
    /// Who recorded it.
    pub done_by: Option<i64>,
    /// A note.
    pub detail: Option<String>,
    /// The channel.
    pub channel: Option<String>,
    /// When recorded.
    pub recorded_at: NaiveDateTime,
}

/// A session's steps recorded, with the names of who recorded them.
pub fn of_session(
    conn: &mut DbConn,
    session_id: i64,
) -> QueryResult<Vec<(StepRow, Option<String>)>> {
    exam_session_steps::table
        .left_join(users::table.on(users::id.nullable().eq(exam_session_steps::done_by)))
        .filter(exam_session_steps::session_id.eq(session_id))
        .order(exam_session_steps::id)
        .select((StepRow::as_select(), users::name.nullable()))
        .load(conn)
}

/// The step `step` of a session, if recorded.
pub fn find(conn: &mut DbConn, session_id: i64, step: &str) -> QueryResult<Option<StepRow>> {
    exam_session_steps::table
        .filter(exam_session_steps::session_id.eq(session_id))
        .filter(exam_session_steps::step.eq(step))
        .select(StepRow::as_select())
        .first(conn)
        .optional()
}

/// Records a step, or writes it again when it was recorded; returns its id.
pub fn save(conn: &mut DbConn, values: &StepValues) -> QueryResult<i64> {
    match find(conn, values.session_id, &values.step)? {
        Some(existing) => {
            diesel::update(exam_session_steps::table.find(existing.id))
                .set(values)
                .execute(conn)?;
            Ok(existing.id)
        }
        None => diesel::insert_into(exam_session_steps::table)
            .values(values)
            .returning(exam_session_steps::id)
            .get_result(conn),
    }
}
