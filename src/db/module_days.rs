//! Module session days as attendance sees them (a day by id, the days a trainer trains or an
//! advisor attends around a date) and the trainers of a module session
//! (`module_session_trainers`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{
    module_enrolments, module_session_days as d, module_session_trainers as t, module_sessions,
    users,
};

/// A row of `module_session_days`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = d)]
pub struct ModuleDayRow {
    /// Id.
    pub id: i64,
    /// The session.
    pub session_id: i64,
    /// Start, UTC.
    pub starts_at: NaiveDateTime,
    /// End, UTC.
    pub ends_at: NaiveDateTime,
}

/// A day by id, whatever its session.
pub fn day(conn: &mut DbConn, id: i64) -> QueryResult<ModuleDayRow> {
    d::table
        .find(id)
        .select(ModuleDayRow::as_select())
        .first(conn)
}

/// The days of a session, in order.
pub fn of_session(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<ModuleDayRow>> {
    d::table
        .filter(d::session_id.eq(session_id))
        .order((d::starts_at, d::id))
        .select(ModuleDayRow::as_select())
        .load(conn)
}

/// Days of sessions not cancelled, starting between `from` and `to` (UTC), that `user_id` trains.
pub fn trained_by(
    conn: &mut DbConn,
    user_id: i64,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<ModuleDayRow>> {
    let sessions = t::table
        .filter(t::user_id.eq(user_id))
        .select(t::session_id);
    d::table
        .inner_join(module_sessions::table)
        .filter(d::session_id.eq_any(sessions))
        .filter(module_sessions::cancelled_at.is_null())
        .filter(d::starts_at.between(from, to))
        .order((d::starts_at, d::id))
        .select(ModuleDayRow::as_select())
        .load(conn)
}

/// Days of sessions not cancelled, starting between `from` and `to` (UTC), where the advisor is
/// confirmed.
pub fn of_advisor(
    conn: &mut DbConn,
    advisor_id: i64,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<ModuleDayRow>> {
    let sessions = module_enrolments::table
        .filter(module_enrolments::advisor_id.eq(advisor_id))
        .filter(module_enrolments::status.eq("confirmed"))
        .select(module_enrolments::session_id);
    d::table
        .inner_join(module_sessions::table)
        .filter(d::session_id.eq_any(sessions))
        .filter(module_sessions::cancelled_at.is_null())
        .filter(d::starts_at.between(from, to))
        .order((d::starts_at, d::id))
        .select(ModuleDayRow::as_select())
        .load(conn)
}

/// Whether the advisor was ever enrolled in the session (any status).
pub fn enrolled_ever(conn: &mut DbConn, session_id: i64, advisor_id: i64) -> QueryResult<bool> {
    let n: i64 = module_enrolments::table
        .filter(module_enrolments::session_id.eq(session_id))
        .filter(module_enrolments::advisor_id.eq(advisor_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The trainers of a session: `(user id, name)`, by name.
pub fn trainers(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<(i64, String)>> {
    t::table
        .inner_join(users::table)
        .filter(t::session_id.eq(session_id))
        .order((users::name, users::id))
        .select((users::id, users::name))
        .load(conn)
}

/// Whether `user_id` trains the session.
pub fn trains(conn: &mut DbConn, session_id: i64, user_id: i64) -> QueryResult<bool> {
    let n: i64 = t::table
        .filter(t::session_id.eq(session_id))
        .filter(t::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Assigns a trainer to the session (no-op when already assigned).
pub fn add_trainer(conn: &mut DbConn, session_id: i64, user_id: i64) -> QueryResult<()> {
    if !trains(conn, session_id, user_id)? {
        diesel::insert_into(t::table)
            .values((t::session_id.eq(session_id), t::user_id.eq(user_id)))
            .execute(conn)?;
    }
    Ok(())
}

/// Removes a trainer from the session; returns how many rows went (0 or 1).
pub fn remove_trainer(conn: &mut DbConn, session_id: i64, user_id: i64) -> QueryResult<usize> {
    diesel::delete(
        t::table
            .filter(t::session_id.eq(session_id))
            .filter(t::user_id.eq(user_id)),
    )
    .execute(conn)
}
