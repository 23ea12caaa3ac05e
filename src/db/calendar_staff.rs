//! The sessions a trainer's or a staff member's feed lists besides their training days: the
//! module sessions they train, and everything their organisations run (cohort days, module
//! sessions, exam sessions) — from `from` on, up to [`HORIZON_DAYS`] whole days ahead and
//! [`LIMIT`] rows of each kind.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::calendar::{EventRow, Raw, exam_events, numbered_days};
use super::schema::{
    cohort_days, cohorts, exam_sessions, module_session_days, module_session_trainers,
    module_sessions, modules,
};

/// How far ahead a staff feed looks, in whole UTC days after today.
pub const HORIZON_DAYS: u64 = 366;

/// The most rows of each kind a feed carries.
pub const LIMIT: i64 = 500;

/// The end of the UTC day [`HORIZON_DAYS`] after `from`'s: the same all day long, so that a feed
/// kept for the day lists what it would list at any instant of it
/// ([`horizon_moves_at`]).
pub fn horizon(from: NaiveDateTime) -> NaiveDateTime {
    from.date()
        .checked_add_days(chrono::Days::new(HORIZON_DAYS + 1))
        .map_or(NaiveDateTime::MAX, |d| d.and_time(chrono::NaiveTime::MIN))
}

/// The next instant after `from` at which [`horizon`] moves on: the next UTC midnight.
pub fn horizon_moves_at(from: NaiveDateTime) -> NaiveDateTime {
    from.date()
        .checked_add_days(chrono::Days::new(1))
        .map_or(NaiveDateTime::MAX, |d| d.and_time(chrono::NaiveTime::MIN))
}

/// The module session days `user_id` trains, or of sessions `organisations` run.
pub fn module_days(
    conn: &mut DbConn,
    trainer: Option<i64>,
    organisations: &[i64],
    from: NaiveDateTime,
) -> QueryResult<Vec<EventRow>> {
    let mut query = module_session_days::table
        .inner_join(module_sessions::table.inner_join(modules::table))
        .filter(module_session_days::ends_at.ge(from))
        .filter(module_session_days::starts_at.le(horizon(from)))
        .into_boxed();
    if let Some(user) = trainer {
        let sessions_trained = module_session_trainers::table
            .filter(module_session_trainers::user_id.eq(user))
            .select(module_session_trainers::session_id);
        query = query.filter(module_sessions::id.eq_any(sessions_trained));
    } else {
        query = query.filter(module_sessions::organisation_id.eq_any(organisations.to_vec()));
    }
    let rows: Vec<Raw> = query
        .select((
            module_sessions::id,
            module_sessions::id,
            module_sessions::sequence,
            module_session_days::starts_at,
            module_session_days::ends_at,
            module_sessions::timezone,
            modules::title,
            module_sessions::venue,
            module_sessions::cancelled_at,
            module_sessions::remote,
            module_sessions::video_link,
        ))
        .order(module_session_days::starts_at)
        .limit(LIMIT)
        .load(conn)?;
    Ok(numbered_days(rows))
}

/// The training days of the cohorts `organisations` run.
pub fn cohort_days_of(
    conn: &mut DbConn,
    organisations: &[i64],
    from: NaiveDateTime,
) -> QueryResult<Vec<EventRow>> {
    let rows: Vec<Raw> = cohort_days::table
        .inner_join(cohorts::table)
        .filter(cohorts::organisation_id.eq_any(organisations.to_vec()))
        .filter(cohort_days::ends_at.ge(from))
        .filter(cohort_days::starts_at.le(horizon(from)))
        .select((
            cohort_days::id,
            cohorts::id,
            cohort_days::sequence,
            cohort_days::starts_at,
            cohort_days::ends_at,
            cohorts::timezone,
            cohorts::name,
            cohort_days::venue,
            cohort_days::cancelled_at,
            cohort_days::remote,
            cohorts::video_link,
        ))
        .order(cohort_days::starts_at)
        .limit(LIMIT)
        .load(conn)?;
    Ok(rows.into_iter().map(|r| r.event("cohort-day")).collect())
}

/// The exam sessions `organisations` run.
pub fn exams_of(
    conn: &mut DbConn,
    organisations: &[i64],
    from: NaiveDateTime,
) -> QueryResult<Vec<EventRow>> {
    let ids: Vec<i64> = exam_sessions::table
        .filter(exam_sessions::organisation_id.eq_any(organisations.to_vec()))
        .filter(exam_sessions::ends_at.ge(from))
        .filter(exam_sessions::starts_at.le(horizon(from)))
        .order(exam_sessions::starts_at)
        .limit(LIMIT)
        .select(exam_sessions::id)
        .load(conn)?;
    exam_events(conn, ids, from)
}
