//! An advisor's next training day: the soonest cohort day of her active enrolments and the
//! soonest day of the module sessions she holds a confirmed seat in, each with its place.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{
    cohort_days, cohort_enrolments, cohorts, module_enrolments, module_session_days,
    module_sessions, modules,
};

/// A day of training and where it is held.
#[derive(Debug, Clone, Queryable)]
pub struct NextDayRow {
    /// The cohort's or the module session's id.
    pub owner_id: i64,
    /// The cohort's name or the module's title.
    pub name: String,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// End (UTC).
    pub ends_at: NaiveDateTime,
    /// The zone (IANA name).
    pub timezone: String,
    /// The day's venue (cohort days may have their own).
    pub day_venue: Option<String>,
    /// The cohort's or session's venue.
    pub venue: Option<String>,
    /// The day is remote.
    pub remote: bool,
}

/// The soonest cohort day of `advisor_id`'s active enrolments not yet over at `now` (served
/// by `cohort_enrolments_advisor` and `cohort_days_cohort`).
pub fn cohort_day(
    conn: &mut DbConn,
    advisor_id: i64,
    now: NaiveDateTime,
) -> QueryResult<Option<NextDayRow>> {
    cohort_days::table
        .inner_join(cohorts::table)
        .filter(
            cohort_days::cohort_id.eq_any(
                cohort_enrolments::table
                    .filter(cohort_enrolments::advisor_id.eq(advisor_id))
                    .filter(cohort_enrolments::status.eq("active"))
                    .select(cohort_enrolments::cohort_id),
            ),
        )
        .filter(cohort_days::ends_at.gt(now))
        .filter(cohort_days::cancelled_at.is_null())
        .filter(cohorts::cancelled_at.is_null())
        .order((cohort_days::starts_at, cohort_days::id))
        .select((
            cohorts::id,
            cohorts::name,
            cohort_days::starts_at,
            cohort_days::ends_at,
            cohorts::timezone,
            cohort_days::venue,
            cohorts::venue,
            cohort_days::remote,
        ))
        .first(conn)
        .optional()
}

/// The soonest day, not yet over at `now`, of a module session `advisor_id` holds a confirmed
/// seat in (served by `module_enrolments_advisor` and `module_session_days_session`).
pub fn module_day(
    conn: &mut DbConn,
    advisor_id: i64,
    now: NaiveDateTime,
) -> QueryResult<Option<NextDayRow>> {
    module_session_days::table
        .inner_join(module_sessions::table.inner_join(modules::table))
        .filter(
            module_session_days::session_id.eq_any(
                module_enrolments::table
                    .filter(module_enrolments::advisor_id.eq(advisor_id))
                    .filter(module_enrolments::status.eq("confirmed"))
                    .select(module_enrolments::session_id),
            ),
        )
        .filter(module_session_days::ends_at.gt(now))
        .filter(module_sessions::cancelled_at.is_null())
        .order((module_session_days::starts_at, module_session_days::id))
        .select((
            module_sessions::id,
            modules::title,
            module_session_days::starts_at,
            module_session_days::ends_at,
            module_sessions::timezone,
            module_sessions::venue,
            module_sessions::venue,
            module_sessions::remote,
        ))
        .first(conn)
        .optional()
}
